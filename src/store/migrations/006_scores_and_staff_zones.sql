-- Version 6: points taken off a merchant's monthly score (月度考评分) by the desk for something
-- other than a briefing sign-in (a sign-in's penalty stays on its roster line): the day, the
-- points in tenths, the reason and who recorded it. The monthly ranking reads them by day.
CREATE TABLE merchant_deductions (
    id            INTEGER PRIMARY KEY,
    merchant_id   INTEGER NOT NULL REFERENCES merchants(id),
    on_day        TEXT NOT NULL,
    points_tenths INTEGER NOT NULL CHECK (points_tenths > 0),
    reason        TEXT NOT NULL,
    operator      TEXT NOT NULL
);
CREATE INDEX merchant_deductions_by_day ON merchant_deductions(on_day, merchant_id);
CREATE INDEX merchant_deductions_by_merchant ON merchant_deductions(merchant_id, on_day, id);

-- The zone (or floor) an operations or service staff member looks after: their quarterly
-- appraisal reads the collection rate of its units. Empty: the whole mall.
ALTER TABLE staff ADD COLUMN zone TEXT NOT NULL DEFAULT '';

-- The leasing report finds the lease each signed prospect handed over.
CREATE INDEX leases_by_prospect ON leases(prospect_id) WHERE prospect_id IS NOT NULL;

-- A weekly meeting series (a zone's tenants' briefing every Tuesday at 08:45): the desk creates
-- its coming meetings ahead, each linked back to the series, never twice for the same time.
CREATE TABLE meeting_series (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    weekday       INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    local_time    TEXT NOT NULL,
    zone          TEXT,
    host          TEXT NOT NULL,
    duration_min  INTEGER NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1
);
ALTER TABLE meetings ADD COLUMN series_id INTEGER REFERENCES meeting_series(id);
CREATE UNIQUE INDEX meetings_by_series ON meetings(series_id, starts_at) WHERE series_id IS NOT NULL;

-- A prospect handed from one leasing staff member to another, and why.
CREATE TABLE prospect_reassignments (
    id             INTEGER PRIMARY KEY,
    prospect_id    INTEGER NOT NULL REFERENCES prospects(id),
    from_staff_id  INTEGER REFERENCES staff(id),
    to_staff_id    INTEGER REFERENCES staff(id),
    at             TEXT NOT NULL,
    operator       TEXT NOT NULL,
    reason         TEXT NOT NULL
);
CREATE INDEX reassignments_by_prospect ON prospect_reassignments(prospect_id, id);

-- What needs a call (the Prospects tab's default order): an open prospect never contacted
-- waits from the day it registered, a contacted one from its next follow-up date. Kept by
-- SQLite itself, so every write path (desk, import, demo) keeps the order right.
ALTER TABLE prospects ADD COLUMN call_due TEXT GENERATED ALWAYS AS (
    CASE WHEN stage IN ('potential', 'intent', 'negotiating') THEN
        CASE WHEN first_contact_at IS NULL THEN substr(registered_at, 1, 10) ELSE next_follow_up END
    END) VIRTUAL;
CREATE INDEX prospects_to_call ON prospects(call_due, id) WHERE call_due IS NOT NULL;
