-- The city's own closures (臨時閉庁日): days the city hall is closed beyond
-- weekends, national holidays and 12/29–1/3, kept by HR. Due dates and
-- reminders count working days without them.
CREATE TABLE city_closures (
    day          TEXT PRIMARY KEY,
    reason       TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL
);
