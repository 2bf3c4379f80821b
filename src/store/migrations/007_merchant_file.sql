-- Version 7: the merchant file reads one merchant's callbacks and prospects through an index
-- (the large demo has hundreds of thousands of callbacks; without these each file was a scan).
CREATE INDEX callbacks_by_merchant ON callbacks(merchant_id, due_at) WHERE merchant_id IS NOT NULL;
CREATE INDEX prospects_by_merchant ON prospects(merchant_id, registered_at) WHERE merchant_id IS NOT NULL;
