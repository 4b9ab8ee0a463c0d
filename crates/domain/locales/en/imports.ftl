### English: HR imports.

nav_import = Import data
import_as_of = As of (staff)
import_as_of_help = Where a staff member's job grade or employment type differs from the stored one, the history records the change from this day. Today when left empty.
hr_import_help = Import units, staff, assignments, personnel events, training, evaluation, exam, demotion, posting, specialist or women's-advancement records from CSV (UTF-8 / Shift_JIS) or Excel. Dates may be 西暦 or 和暦. If any row has a problem nothing is written.
data_kind = Kind of data
kind_units = Units
kind_staff = Staff
kind_assignments = Assignments
kind_events = Personnel events (promotions, secondments, exchanges …)
kind_courses = Training courses (catalogue)
kind_sessions = Training sessions
kind_participations = Participation lists (e.g. the institute's roster)
kind_ojt_plans = Workplace training (OJT) plans
kind_self_development = Self-development support
kind_training_needs = Training-needs survey
data_file = File (CSV / xlsx)
encoding_auto = Detect
dry_run = Check only (write nothing)
dry_run_note = {" "}(check only, nothing written)
created = created
updated = updated
unchanged = unchanged

# Problems with records (imports and entries).

imports_cell_beyond_header = a cell beyond the header's { $columns } columns ("{ $text }"): a comma inside a cell must be quoted
imports_cell_empty = "{ $name }" is empty
imports_code_unknown = "{ $text }" is not one of { $choices }
imports_code_unknown_in_list = "{ $part }" is not one of { $choices }
imports_not_an_integer = "{ $text }" is not a whole number
imports_not_an_amount = "{ $text }" is not an amount of yen (a whole number, 0 or more)
imports_not_a_number = "{ $text }" is not a number
imports_column_twice = column "{ $column }" appears twice
imports_column_unknown = unknown column "{ $column }"; the columns are: { $join }
imports_column_missing = the required column "{ $names }" is missing
imports_xlsx_unreadable = not a readable xlsx file: { $reason }
imports_xlsx_no_sheet = the xlsx file has no sheet
imports_xlsx_sheet_unreadable = the xlsx sheet cannot be read: { $reason }
imports_csv_unreadable = not readable as CSV: { $reason }
imports_not_utf8 = byte { $offset } is not UTF-8; for CP932 give --encoding cp932
imports_not_cp932 = byte { $offset } is not CP932 (Shift_JIS)

# Refusals and errors of requests.

imports_unknown_kind = unknown kind "{ $kind }"
imports_unknown_encoding = encoding must be auto, utf-8 or cp932
imports_not_a_flag = "{ $text }": write ○ (yes) or leave the cell empty (no)
imports_kind_forbidden = your role cannot import "{ $kind }" (HR files: HR; health records: the health staff)
health_import_help = Import health check-ups, consultations, return-to-work steps or stress-check results from CSV (UTF-8 / Shift_JIS) or Excel. Records are sealed with the health key; the audit log keeps the counts only. If any row has a problem nothing is written. The layout is that of an export (jinzai export).
import_layouts = Columns of each kind
import_layouts_help = The first row holds the headers (any order; bold: required). English headers (staff_number …) are read too. An exported file (jinzai export) imports as it is.
kind_exam_applications = Promotion exams: applications, sittings, marks
kind_demotion_requests = Voluntary demotion requests
kind_posting_applications = Applications to internal postings
kind_specialist_designations = Specialist designations
kind_child_births = Births of children (for fathers' leave)
kind_family_leaves = Childcare and family leave
kind_annual_pay = Yearly pay, overtime and annual leave
