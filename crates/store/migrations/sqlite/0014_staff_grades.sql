-- Job grade and employment type over time (職層・雇用形態の履歴): one row
-- per stretch, from valid_from until the day before valid_to (the next
-- stretch's first day; NULL while it is the last). staff.job_grade and
-- staff.employment_type keep the last stretch's values. Indicators take
-- the stretch in force on a record's date.
CREATE TABLE staff_grades (
    id               INTEGER PRIMARY KEY,
    staff_id         INTEGER NOT NULL REFERENCES staff(id),
    valid_from       TEXT NOT NULL,
    valid_to         TEXT,
    employment_type  TEXT NOT NULL,
    job_grade        TEXT,
    source           TEXT NOT NULL CHECK (source IN ('staff', 'event')),
    UNIQUE (staff_id, valid_from)
);

-- The history the stored records already tell: each person's values from
-- their hire date (the grade before their first promotion or demotion
-- when the event names it), then each promotion's and demotion's grade.
INSERT INTO staff_grades (staff_id, valid_from, employment_type, job_grade, source)
SELECT s.id, s.hire_date, s.employment_type,
       COALESCE((SELECT e.from_grade FROM personnel_events e
                  WHERE e.staff_id = s.id AND e.kind IN ('promotion', 'demotion') AND e.event_date > s.hire_date
                  ORDER BY e.event_date LIMIT 1), s.job_grade),
       'staff'
  FROM staff s;
INSERT INTO staff_grades (staff_id, valid_from, employment_type, job_grade, source)
SELECT e.staff_id, e.event_date, s.employment_type, e.to_grade, 'event'
  FROM personnel_events e JOIN staff s ON s.id = e.staff_id
 WHERE e.kind IN ('promotion', 'demotion') AND e.to_grade IS NOT NULL AND e.event_date > s.hire_date
ON CONFLICT (staff_id, valid_from) DO NOTHING;
UPDATE staff_grades SET valid_to = (SELECT MIN(n.valid_from) FROM staff_grades n
                                     WHERE n.staff_id = staff_grades.staff_id AND n.valid_from > staff_grades.valid_from);
