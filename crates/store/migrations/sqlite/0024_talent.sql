-- New talent (新たな人材の確保, スペシャリストの養成): the staff master's
-- 職種 (job family: general administration or a professional post), the
-- specialist fields a city names, and the designations of staff as
-- specialists in a field over a period.

ALTER TABLE staff ADD COLUMN job_family TEXT CHECK (job_family IN ('general', 'professional'));

CREATE TABLE specialist_fields (
    code      TEXT PRIMARY KEY,
    label_ja  TEXT NOT NULL,
    label_en  TEXT NOT NULL,
    position  INTEGER NOT NULL
);
INSERT INTO specialist_fields (code, label_ja, label_en, position) VALUES
    ('tax', '税務', 'Tax', 1),
    ('welfare', '福祉', 'Welfare', 2),
    ('health', '保健・医療', 'Public health', 3),
    ('childcare', '子育て・教育', 'Children and education', 4),
    ('urban', '都市計画・土木', 'Urban planning and civil works', 5),
    ('environment', '環境', 'Environment', 6),
    ('disaster', '防災・危機管理', 'Disaster and crisis management', 7),
    ('finance', '財政・会計', 'Public finance and accounts', 8),
    ('legal', '法務', 'Legal affairs', 9),
    ('digital', '情報・デジタル', 'Information systems', 10),
    ('personnel', '人事・組織', 'Personnel and organisation', 11);

CREATE TABLE specialist_designations (
    id          INTEGER PRIMARY KEY,
    staff_id    INTEGER NOT NULL REFERENCES staff(id),
    field       TEXT NOT NULL REFERENCES specialist_fields(code),
    valid_from  TEXT NOT NULL,
    valid_to    TEXT,
    note        TEXT,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (staff_id, field, valid_from),
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX specialist_designations_period ON specialist_designations (valid_from);
