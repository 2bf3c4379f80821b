-- Lease approvals name the staff member who signed, and whether the signature approved the
-- lease or rejected it (a rejection sends the lease back to draft and restarts the chain).
ALTER TABLE lease_approvals ADD COLUMN staff_id INTEGER REFERENCES staff(id);
ALTER TABLE lease_approvals ADD COLUMN decision TEXT NOT NULL DEFAULT 'approved';

-- A renewal is a new lease on the same unit, linked to the one it renews.
ALTER TABLE leases ADD COLUMN renews_lease_id INTEGER REFERENCES leases(id);
CREATE INDEX leases_by_predecessor ON leases(renews_lease_id) WHERE renews_lease_id IS NOT NULL;

-- Every stage move of a lease, with who, when and why.
CREATE TABLE lease_stage_moves (
    id          INTEGER PRIMARY KEY,
    lease_id    INTEGER NOT NULL REFERENCES leases(id),
    from_stage  TEXT NOT NULL,
    to_stage    TEXT NOT NULL,
    at          TEXT NOT NULL,
    operator    TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX lease_moves_by_lease ON lease_stage_moves(lease_id, at, id);

-- The exit checklist records the deposit: held, deductions with reasons, refunded.
ALTER TABLE lease_exits ADD COLUMN deposit_held_fen INTEGER NOT NULL DEFAULT 0 CHECK (deposit_held_fen >= 0);
ALTER TABLE lease_exits ADD COLUMN deposit_refunded_fen INTEGER CHECK (deposit_refunded_fen >= 0);
UPDATE lease_exits SET deposit_held_fen = (SELECT deposit_fen FROM leases WHERE leases.id = lease_exits.lease_id);
UPDATE lease_exits SET deposit_refunded_fen = deposit_held_fen WHERE deposit_refunded_on IS NOT NULL;
CREATE TABLE deposit_deductions (
    id          INTEGER PRIMARY KEY,
    lease_id    INTEGER NOT NULL REFERENCES leases(id),
    amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0),
    reason      TEXT NOT NULL
);
CREATE INDEX deductions_by_lease ON deposit_deductions(lease_id, id);

-- A sign-in that replaces an earlier one keeps it: the earlier name, status and note.
CREATE TABLE attendance_history (
    id             INTEGER PRIMARY KEY,
    attendance_id  INTEGER NOT NULL REFERENCES attendance(id),
    attendee_name  TEXT NOT NULL,
    status         TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    replaced_at    TEXT NOT NULL,
    operator       TEXT NOT NULL
);
CREATE INDEX attendance_history_by_line ON attendance_history(attendance_id, id);
