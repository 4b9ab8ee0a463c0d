-- Enumerated columns hold only their code lists' codes (the domain's
-- `Coded` enums and code lists; a store test keeps these lists the same).

ALTER TABLE participations ADD CONSTRAINT participations_status_check CHECK (status IN ('applied', 'approved', 'rejected', 'attended', 'absent', 'completed'));

ALTER TABLE self_development ADD CONSTRAINT self_development_status_check CHECK (status IN ('applied', 'approved', 'rejected', 'completed', 'withdrawn'));

ALTER TABLE self_development ADD CONSTRAINT self_development_kind_check CHECK (kind IN ('qualification', 'correspondence', 'lecture'));

ALTER TABLE personnel_events ADD CONSTRAINT personnel_events_kind_check CHECK (kind IN ('hire', 'promotion', 'demotion', 'transfer', 'secondment_out', 'secondment_in', 'exchange_out', 'exchange_in', 'reemployment', 'early_retirement', 'retirement'));

-- Categories were once stored as typed (a label, in either language, any
-- case): they become their codes before the constraint holds them.
UPDATE courses SET category = CASE
    WHEN LOWER(REPLACE(REPLACE(TRIM(category), '（', '('), '）', ')')) IN ('in-house training', 'in_house', '庁内研修')
        OR TRIM(category) = '庁内研修' THEN 'in_house'
    WHEN LOWER(REPLACE(REPLACE(TRIM(category), '（', '('), '）', ')')) IN ('ojt', 'on-the-job training', '職場研修(ojt)')
        OR TRIM(category) = '職場研修（OJT）' THEN 'ojt'
    WHEN LOWER(REPLACE(REPLACE(TRIM(category), '（', '('), '）', ')')) IN ('institute', 'training institute', '研修所派遣')
        OR TRIM(category) = '研修所派遣' THEN 'institute'
    WHEN LOWER(REPLACE(REPLACE(TRIM(category), '（', '('), '）', ')')) IN ('specialist', 'specialist training', '専門研修')
        OR TRIM(category) = '専門研修' THEN 'specialist'
    WHEN LOWER(REPLACE(REPLACE(TRIM(category), '（', '('), '）', ')')) IN ('company', 'secondment to a company', '民間企業派遣研修')
        OR TRIM(category) = '民間企業派遣研修' THEN 'company'
    WHEN LOWER(REPLACE(REPLACE(TRIM(category), '（', '('), '）', ')')) IN ('university', 'university programme', '大学等との連携')
        OR TRIM(category) = '大学等との連携' THEN 'university'
    WHEN LOWER(REPLACE(REPLACE(TRIM(category), '（', '('), '）', ')')) IN ('correspondence', 'correspondence course', '通信教育')
        OR TRIM(category) = '通信教育' THEN 'correspondence'
    ELSE category END;
ALTER TABLE courses ADD CONSTRAINT courses_category_check CHECK (category IN ('in_house', 'ojt', 'institute', 'specialist', 'company', 'university', 'correspondence'));
