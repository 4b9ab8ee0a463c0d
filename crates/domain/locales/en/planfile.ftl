# The plan-file checker (`jinzai plan check`, plan import): each message
# follows FILE:LINE:COL.
planfile_toml = { $detail }
planfile_empty = { $what } must not be empty
planfile_code_chars = { $what } "{ $code }" may use only letters, digits, '.', '_' and '-'
planfile_duplicate = duplicate { $what } "{ $code }"
planfile_first_year = first_year { $year } is not a plausible fiscal year
planfile_last_before_first = last_year { $last } is before first_year { $first }
planfile_no_levels = the plan needs at least one [[levels]] entry
planfile_no_grades = [[grades.scale]] needs at least one grade
planfile_not_assessed_rule = the not-assessed grade cannot have a rate rule
planfile_grade_no_rule = grade "{ $grade }" has no min_rate/max_rate, but other grades do: a scale is either rated or manual-only
planfile_grade_min_max = grade "{ $grade }": min_rate must be below max_rate
planfile_grade_gap_below = no grade covers rates below { $rate }% (gap): the lowest grade needs no min_rate or min_rate = 0
planfile_grade_overlap = rate rules of grades "{ $a }" and "{ $b }" overlap
planfile_grade_gap_between = no grade covers rates from { $from }% to { $to }% (gap between "{ $a }" and "{ $b }")
planfile_grade_gap_above = no grade covers rates of { $rate }% and above (gap)
planfile_parent_later = parent "{ $parent }" must appear before its children
planfile_parent_unknown = unknown parent "{ $parent }"
planfile_too_deep = node "{ $code }" is at depth { $depth } but the plan declares only { $levels } levels
planfile_line_not_scheduled = line { $line } is not a line of this node's schedule
planfile_line_taken = line { $line } already has an indicator
planfile_unknown_metric = unknown metric "{ $metric }" (known: { $known }; `jinzai indicators list`)
planfile_count = count of { $metric } must be { $choices }, not "{ $count }"
planfile_unknown_filter = metric { $metric } has no filter "{ $name }" (it has: { $filters })
planfile_filter_value = filter { $name } of { $metric } does not accept "{ $value }"
planfile_filter_empty = filter { $name } lists no values
planfile_year_outside = year { $year } is outside the plan's range { $first }..{ $last }
planfile_cell_empty = a schedule cell needs `text` or `target`
planfile_target_negative = target { $target } must be a number of 0 or more
planfile_target_unit = a numeric target needs a `unit` (名, 回, …)
planfile_second_target = a second numeric target in { $year }: one per year is graded
planfile_unit_alone = `unit` without `target`
planfile_as_of = as_of "{ $date }" is not a date (YYYY-MM-DD)
planfile_line_min = line must be 1 or more
