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
