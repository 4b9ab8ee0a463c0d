### English: shared by every module: the page chrome, forms, words used across areas.

app_name = jinzai talent-development plan tracker
skip_to_content = Skip to content
nav_api = API (OpenAPI)
switch_lang = 日本語
code = Code
title = Title
schedule = Schedule
target = Target
actual = Actual
achievement_rate = Achievement
status = Status
grade = Grade
grade_none = (not graded)
achievements = Results
issues = Issues
direction = Next steps
owner_division = Owner division
author = Recorded by
revision = Revision
note = Note
save = Save
form_has_errors = Please correct the fields below. Nothing was saved.
sample_banner = Sample data created by jinzai demo, not real records.
unreported = Not reported
grade_computed = computed from records
grade_none_legend = Not graded (reported without a grade)
unreported_legend = Not reported (no report for the year yet)
none = None
download = Download
year = Year
show = Show
error = Error
not_found = Not found
back_to_top = Back to top
count = Count
item = Item
published = Published
sign_in = Sign in
sign_out = Sign out
account = Account
roles = Roles
search = Search
all = All
staff_number = Staff number
name = Name
unit = Unit
post = Post
kind = Kind
years = Years
next = Next
self_development = Self-development support
fiscal_year = Fiscal year
event_kind = Kind
encoding = Encoding
import_failed = The plan file has problems. Nothing was imported.
import_plan = Import
choose_file = Choose a file
choose = Choose
required = required

# Problems with entered fields.

field_bad_amount = "{ $value }" is not an amount in whole yen
field_bad_count = "{ $value }" must be a whole number from 1
field_bad_date = "{ $value }" is not a date (e.g. 2024-04-01)

# Dates as people type them.

date_unreadable = "{ $text }" is not a date (e.g. 2024-04-01, 2024/4/1, R6.4.1, 令和6年4月1日)
date_no_such_day = "{ $text }" is not a day of the calendar
date_era_from_year_one = "{ $text }" is not a Japanese-era date: { $era } years count from 1 (元年)
date_era_began = "{ $text }" is not a Japanese-era date: { $era } began on { $date } ({ $wareki })
date_era_ended = "{ $text }" is not a Japanese-era date: { $era } ended on { $date } ({ $wareki })
date_era_not_ended = "{ $text }" is not a Japanese-era date: { $era } has not ended
forbidden = You are not allowed to do this
csrf_refused = The form expired or the request was forged (CSRF): reload the page

# Refusals and errors of requests.

download_unknown_format = format must be xlsx, csv or json
download_unknown_encoding = encoding must be utf-8 or cp932
auth_token_refused = the API token is unknown or revoked
auth_route_without_policy = route { $path } has no access policy
auth_staff_outside_scope = staff member { $number } is outside the records you may read
api_no_such_route = no such API route
store_failed = the database could not complete the request
fiscal_year_implausible = fiscal year { $year } is not plausible
iso_date_bad = "{ $text }" is not a date (YYYY-MM-DD)
page_template_failed = template: { $detail }
api_invalid_json = request body { $detail }
api_invalid_json_body = request body: { $detail }

store_plan_not_found = no plan "{ $plan }"
store_year_locked = fiscal year { $year } of plan "{ $plan }" is locked: unlock it before editing
store_conflict = this entry was changed meanwhile (now revision { $revision }): reload and try again
plan_no_node = no item "{ $item }" in this plan
plan_not_a_measure = item "{ $item }" has sub-items; progress is recorded on its measures
plan_year_outside = fiscal year { $year } is outside the plan
auth_session_expired = the session has expired: sign in again
auth_sign_in_or_token = sign in or send an API token (Authorization: Bearer …)
bad_upload = the upload cannot be read: { $detail }
download_unencodable = { $detail }
internal_detail = the request could not be completed: { $detail }
invalid_fields = { $count } field(s) need correcting
plan_invalid = the plan file has { $count } problem(s)
api_schema_mismatch = does not match the request's schema: { $detail }
api_invalid_query = the query string cannot be read: { $detail }
api_invalid_path = the address cannot be read: { $detail }
record_row = row { $row }
record_number = record { $n }
record_stored_assignment = the stored assignment ({ $unit } from { $start })
menu = Menu
store_unlock_published = { $year } is published, so it stays locked: withdraw it from the public page first
