### English: HR imports.

nav_import = Import data
hr_import_help = Import units, staff, assignments, personnel events or training records from CSV (UTF-8 / Shift_JIS) or Excel. Dates may be 西暦 or 和暦. If any row has a problem nothing is written.
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
