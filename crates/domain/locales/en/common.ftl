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
