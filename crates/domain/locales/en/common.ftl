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
# A text not yet in a catalogue, shown as it is.
verbatim = { $text }
