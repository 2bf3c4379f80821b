-- Version 5: the period reports read only index pages. Each index starts with the period's
-- column and holds every column the report counts, so a month of the ten-year demo is read
-- without touching the tables (KPIs, classification, callback summary and register counts).
CREATE INDEX complaints_for_reports ON complaints(
    received_at, kind, valid, merchant_id, satisfaction, resolved_at, closed_at, category, level
);
CREATE INDEX callbacks_for_reports ON callbacks(due_at, status, outcome, reason, staff_id);
