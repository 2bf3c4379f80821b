-- A callback given up as unreachable records when that happened (done_at), so the weekly
-- unreachable list selects by that time rather than by the due date. Earlier files: the time
-- of the last attempt.
UPDATE callbacks
   SET done_at = (SELECT max(at) FROM callback_attempts a WHERE a.callback_id = callbacks.id)
 WHERE status = 'unreachable' AND done_at IS NULL;
CREATE INDEX callbacks_unreachable_since ON callbacks(done_at, id) WHERE status = 'unreachable';
-- A receipt number is used once: checked on every payment, so it is looked up by index.
CREATE INDEX payments_by_receipt ON payments(receipt_no);
