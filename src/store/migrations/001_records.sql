-- Version 1: every record family of DOMAIN.md, the audit log and desk state.
-- Instants: UTC 'YYYY-MM-DDTHH:MM:SSZ'; dates: 'YYYY-MM-DD'; money: integer fen; areas: dm².

CREATE TABLE staff (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL,
    department  TEXT NOT NULL,
    phone       TEXT,
    active      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX staff_by_name ON staff(name, id);

CREATE TABLE units (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    floor       TEXT NOT NULL,
    zone        TEXT NOT NULL,
    area_dm2    INTEGER NOT NULL CHECK (area_dm2 > 0),
    category    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX units_by_code ON units(code, id);
CREATE INDEX units_by_zone ON units(zone, code, id);

CREATE TABLE merchants (
    id              INTEGER PRIMARY KEY,
    brand           TEXT NOT NULL,
    company         TEXT NOT NULL,
    contact         TEXT NOT NULL,
    phone           TEXT NOT NULL,
    category        TEXT NOT NULL,
    licence_no      TEXT,
    licence_expiry  TEXT
);
CREATE INDEX merchants_by_brand ON merchants(brand, id);
CREATE INDEX merchants_by_phone ON merchants(phone);
CREATE INDEX merchants_by_licence_expiry ON merchants(licence_expiry) WHERE licence_expiry IS NOT NULL;

CREATE TABLE prospects (
    id                INTEGER PRIMARY KEY,
    brand             TEXT NOT NULL,
    company           TEXT NOT NULL DEFAULT '',
    contact           TEXT NOT NULL,
    phone             TEXT NOT NULL,
    category          TEXT NOT NULL DEFAULT '',
    area_min_dm2      INTEGER,
    area_max_dm2      INTEGER,
    wanted_floor      TEXT NOT NULL DEFAULT '',
    wanted_zone       TEXT NOT NULL DEFAULT '',
    budget_fen        INTEGER CHECK (budget_fen IS NULL OR budget_fen >= 0),
    source            TEXT NOT NULL,
    staff_id          INTEGER REFERENCES staff(id),
    stage             TEXT NOT NULL,
    lost_reason       TEXT,
    next_follow_up    TEXT,
    notes             TEXT NOT NULL DEFAULT '',
    registered_at     TEXT NOT NULL,
    first_contact_at  TEXT,
    merchant_id       INTEGER REFERENCES merchants(id)
);
CREATE INDEX prospects_by_registered ON prospects(registered_at, id);
CREATE INDEX prospects_by_stage ON prospects(stage, registered_at, id);
CREATE INDEX prospects_by_staff ON prospects(staff_id, stage, registered_at, id);
CREATE INDEX prospects_by_follow_up ON prospects(next_follow_up) WHERE next_follow_up IS NOT NULL;
CREATE INDEX prospects_by_phone ON prospects(phone);
CREATE INDEX prospects_uncontacted ON prospects(registered_at) WHERE first_contact_at IS NULL;

CREATE TABLE prospect_stage_moves (
    id           INTEGER PRIMARY KEY,
    prospect_id  INTEGER NOT NULL REFERENCES prospects(id),
    from_stage   TEXT NOT NULL,
    to_stage     TEXT NOT NULL,
    at           TEXT NOT NULL,
    operator     TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX stage_moves_by_prospect ON prospect_stage_moves(prospect_id, at, id);
CREATE INDEX stage_moves_by_time ON prospect_stage_moves(at, id);

CREATE TABLE interactions (
    id           INTEGER PRIMARY KEY,
    prospect_id  INTEGER NOT NULL REFERENCES prospects(id),
    at           TEXT NOT NULL,
    mode         TEXT NOT NULL,
    summary      TEXT NOT NULL,
    next_step    TEXT NOT NULL DEFAULT '',
    staff_id     INTEGER REFERENCES staff(id)
);
CREATE INDEX interactions_by_prospect ON interactions(prospect_id, at, id);
CREATE INDEX interactions_by_time ON interactions(at, id);

CREATE TABLE leases (
    id                  INTEGER PRIMARY KEY,
    number              TEXT NOT NULL UNIQUE,
    merchant_id         INTEGER NOT NULL REFERENCES merchants(id),
    unit_id             INTEGER NOT NULL REFERENCES units(id),
    prospect_id         INTEGER REFERENCES prospects(id),
    start_date          TEXT NOT NULL,
    end_date            TEXT NOT NULL,
    monthly_rent_fen    INTEGER NOT NULL CHECK (monthly_rent_fen >= 0),
    management_fee_fen  INTEGER NOT NULL CHECK (management_fee_fen >= 0),
    deposit_fen         INTEGER NOT NULL CHECK (deposit_fen >= 0),
    payment_day         INTEGER NOT NULL CHECK (payment_day BETWEEN 1 AND 28),
    stage               TEXT NOT NULL,
    CHECK (end_date > start_date)
);
CREATE INDEX leases_by_end ON leases(end_date, id);
CREATE INDEX leases_by_stage ON leases(stage, end_date, id);
CREATE INDEX leases_by_unit ON leases(unit_id, stage);
CREATE INDEX leases_by_merchant ON leases(merchant_id, end_date, id);

CREATE TABLE lease_approvals (
    id        INTEGER PRIMARY KEY,
    lease_id  INTEGER NOT NULL REFERENCES leases(id),
    role      TEXT NOT NULL,
    approver  TEXT NOT NULL,
    at        TEXT NOT NULL,
    note      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX approvals_by_lease ON lease_approvals(lease_id, id);

CREATE TABLE charges (
    id          INTEGER PRIMARY KEY,
    lease_id    INTEGER NOT NULL REFERENCES leases(id),
    period      TEXT NOT NULL,
    kind        TEXT NOT NULL,
    amount_fen  INTEGER NOT NULL CHECK (amount_fen >= 0),
    due_date    TEXT NOT NULL,
    UNIQUE (lease_id, period, kind)
);
CREATE INDEX charges_by_due ON charges(due_date, id);
CREATE INDEX charges_by_period ON charges(period, id);

CREATE TABLE payments (
    id          INTEGER PRIMARY KEY,
    charge_id   INTEGER NOT NULL REFERENCES charges(id),
    amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0),
    paid_on     TEXT NOT NULL,
    method      TEXT NOT NULL,
    receipt_no  TEXT NOT NULL
);
CREATE INDEX payments_by_charge ON payments(charge_id, id);
CREATE INDEX payments_by_date ON payments(paid_on, id);

CREATE TABLE dunning_log (
    id        INTEGER PRIMARY KEY,
    lease_id  INTEGER NOT NULL REFERENCES leases(id),
    at        TEXT NOT NULL,
    mode      TEXT NOT NULL,
    note      TEXT NOT NULL DEFAULT '',
    operator  TEXT NOT NULL
);
CREATE INDEX dunning_by_lease ON dunning_log(lease_id, at, id);

CREATE TABLE lease_exits (
    id                   INTEGER PRIMARY KEY,
    lease_id             INTEGER NOT NULL UNIQUE REFERENCES leases(id),
    notice_given_on      TEXT,
    charges_settled_on   TEXT,
    deposit_refunded_on  TEXT,
    unit_inspected_on    TEXT,
    note                 TEXT NOT NULL DEFAULT ''
);

CREATE TABLE complaints (
    id                  INTEGER PRIMARY KEY,
    number              TEXT NOT NULL UNIQUE,
    kind                TEXT NOT NULL,
    source              TEXT NOT NULL,
    received_at         TEXT NOT NULL,
    complainant         TEXT NOT NULL,
    complainant_type    TEXT NOT NULL,
    phone               TEXT,
    merchant_id         INTEGER REFERENCES merchants(id),
    unit_id             INTEGER REFERENCES units(id),
    category            TEXT NOT NULL,
    content             TEXT NOT NULL,
    level               TEXT NOT NULL,
    escalation          TEXT NOT NULL,
    department          TEXT NOT NULL DEFAULT '',
    handler_id          INTEGER REFERENCES staff(id),
    step                TEXT NOT NULL,
    valid               INTEGER,
    cause               TEXT NOT NULL DEFAULT '',
    responsible_person  TEXT NOT NULL DEFAULT '',
    remedy              TEXT NOT NULL DEFAULT '',
    compensation_fen    INTEGER NOT NULL DEFAULT 0 CHECK (compensation_fen >= 0),
    approved_by         TEXT,
    approved_at         TEXT,
    resolved_at         TEXT,
    satisfaction        TEXT,
    closing_summary     TEXT NOT NULL DEFAULT '',
    closed_at           TEXT,
    due_at              TEXT
);
CREATE INDEX complaints_by_received ON complaints(received_at, id);
CREATE INDEX complaints_by_step ON complaints(step, received_at, id);
CREATE INDEX complaints_by_kind ON complaints(kind, received_at, id);
CREATE INDEX complaints_by_due ON complaints(due_at, id) WHERE due_at IS NOT NULL;
CREATE INDEX complaints_by_merchant ON complaints(merchant_id, received_at) WHERE merchant_id IS NOT NULL;
CREATE INDEX complaints_by_category ON complaints(category, received_at);
CREATE INDEX complaints_by_handler ON complaints(handler_id, step);
CREATE INDEX complaints_by_phone ON complaints(phone) WHERE phone IS NOT NULL;
CREATE INDEX complaints_by_unit ON complaints(unit_id) WHERE unit_id IS NOT NULL;
-- The early warning counts complaints per merchant and category from the index alone.
CREATE INDEX complaints_for_warning ON complaints(kind, received_at, merchant_id, category);

CREATE TABLE complaint_steps (
    id            INTEGER PRIMARY KEY,
    complaint_id  INTEGER NOT NULL REFERENCES complaints(id),
    step          TEXT NOT NULL,
    at            TEXT NOT NULL,
    operator      TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX complaint_steps_by_case ON complaint_steps(complaint_id, id);

CREATE TABLE complaint_escalations (
    id            INTEGER PRIMARY KEY,
    complaint_id  INTEGER NOT NULL REFERENCES complaints(id),
    from_tier     TEXT NOT NULL,
    to_tier       TEXT NOT NULL,
    at            TEXT NOT NULL,
    operator      TEXT NOT NULL,
    reason        TEXT NOT NULL
);
CREATE INDEX escalations_by_case ON complaint_escalations(complaint_id, id);

CREATE TABLE callbacks (
    id               INTEGER PRIMARY KEY,
    party_kind       TEXT NOT NULL,
    party_name       TEXT NOT NULL,
    phone            TEXT NOT NULL,
    reason           TEXT NOT NULL,
    complaint_id     INTEGER REFERENCES complaints(id),
    merchant_id      INTEGER REFERENCES merchants(id),
    prospect_id      INTEGER REFERENCES prospects(id),
    due_at           TEXT NOT NULL,
    staff_id         INTEGER REFERENCES staff(id),
    key_customer     INTEGER NOT NULL DEFAULT 0,
    status           TEXT NOT NULL,
    outcome          TEXT,
    customer_words   TEXT NOT NULL DEFAULT '',
    failed_attempts  INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    done_at          TEXT
);
CREATE INDEX callbacks_by_due ON callbacks(due_at, id);
CREATE INDEX callbacks_by_status ON callbacks(status, due_at, id);
CREATE INDEX callbacks_by_staff ON callbacks(staff_id, status, due_at, id);
CREATE INDEX callbacks_by_complaint ON callbacks(complaint_id) WHERE complaint_id IS NOT NULL;
CREATE INDEX callbacks_by_phone ON callbacks(phone);
-- Key customers still to call (and overdue), counted from the index alone.
CREATE INDEX callbacks_key_open ON callbacks(status, due_at) WHERE key_customer = 1;

CREATE TABLE callback_attempts (
    id             INTEGER PRIMARY KEY,
    callback_id    INTEGER NOT NULL REFERENCES callbacks(id),
    at             TEXT NOT NULL,
    mode           TEXT NOT NULL,
    result         TEXT NOT NULL,
    call_later_at  TEXT,
    note           TEXT NOT NULL DEFAULT '',
    operator       TEXT NOT NULL
);
CREATE INDEX attempts_by_callback ON callback_attempts(callback_id, at, id);

CREATE TABLE meetings (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    starts_at     TEXT NOT NULL,
    zone          TEXT,
    host          TEXT NOT NULL,
    duration_min  INTEGER NOT NULL,
    minutes       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX meetings_by_start ON meetings(starts_at, id);

CREATE TABLE agenda_items (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id),
    position    INTEGER NOT NULL,
    topic       TEXT NOT NULL,
    text        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX agenda_by_meeting ON agenda_items(meeting_id, position, id);

CREATE TABLE attendance (
    id              INTEGER PRIMARY KEY,
    meeting_id      INTEGER NOT NULL REFERENCES meetings(id),
    merchant_id     INTEGER REFERENCES merchants(id),
    staff_id        INTEGER REFERENCES staff(id),
    expected_name   TEXT NOT NULL,
    attendee_name   TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL,
    penalty_tenths  INTEGER NOT NULL DEFAULT 0,
    note            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX attendance_by_meeting ON attendance(meeting_id, id);
CREATE INDEX attendance_by_merchant ON attendance(merchant_id, meeting_id) WHERE merchant_id IS NOT NULL;

CREATE TABLE action_items (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id),
    text        TEXT NOT NULL,
    owner       TEXT NOT NULL,
    due_date    TEXT,
    status      TEXT NOT NULL,
    result      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX actions_by_meeting ON action_items(meeting_id, id);
CREATE INDEX actions_by_status ON action_items(status, id);

-- Desk state kept between runs (last tab, filters); house rules live in the settings file.
CREATE TABLE desk_state (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    operator   TEXT NOT NULL,
    entity     TEXT NOT NULL,
    record_id  INTEGER NOT NULL,
    action     TEXT NOT NULL,
    before     TEXT,
    after      TEXT
);
CREATE INDEX audit_by_record ON audit_log(entity, record_id, id);

-- Full-text search (trigram: Chinese substrings of 3+ characters), kept by triggers.
CREATE VIRTUAL TABLE prospects_fts USING fts5(
    brand, company, contact, phone, notes, content='prospects', content_rowid='id', tokenize='trigram');
CREATE TRIGGER prospects_fts_insert AFTER INSERT ON prospects BEGIN
    INSERT INTO prospects_fts(rowid, brand, company, contact, phone, notes)
    VALUES (new.id, new.brand, new.company, new.contact, new.phone, new.notes);
END;
CREATE TRIGGER prospects_fts_update AFTER UPDATE OF brand, company, contact, phone, notes ON prospects BEGIN
    INSERT INTO prospects_fts(prospects_fts, rowid, brand, company, contact, phone, notes)
    VALUES ('delete', old.id, old.brand, old.company, old.contact, old.phone, old.notes);
    INSERT INTO prospects_fts(rowid, brand, company, contact, phone, notes)
    VALUES (new.id, new.brand, new.company, new.contact, new.phone, new.notes);
END;

CREATE VIRTUAL TABLE merchants_fts USING fts5(
    brand, company, contact, phone, content='merchants', content_rowid='id', tokenize='trigram');
CREATE TRIGGER merchants_fts_insert AFTER INSERT ON merchants BEGIN
    INSERT INTO merchants_fts(rowid, brand, company, contact, phone)
    VALUES (new.id, new.brand, new.company, new.contact, new.phone);
END;
CREATE TRIGGER merchants_fts_update AFTER UPDATE OF brand, company, contact, phone ON merchants BEGIN
    INSERT INTO merchants_fts(merchants_fts, rowid, brand, company, contact, phone)
    VALUES ('delete', old.id, old.brand, old.company, old.contact, old.phone);
    INSERT INTO merchants_fts(rowid, brand, company, contact, phone)
    VALUES (new.id, new.brand, new.company, new.contact, new.phone);
END;

CREATE VIRTUAL TABLE complaints_fts USING fts5(
    number, complainant, phone, content, content='complaints', content_rowid='id', tokenize='trigram');
CREATE TRIGGER complaints_fts_insert AFTER INSERT ON complaints BEGIN
    INSERT INTO complaints_fts(rowid, number, complainant, phone, content)
    VALUES (new.id, new.number, new.complainant, new.phone, new.content);
END;
CREATE TRIGGER complaints_fts_update AFTER UPDATE OF number, complainant, phone, content ON complaints BEGIN
    INSERT INTO complaints_fts(complaints_fts, rowid, number, complainant, phone, content)
    VALUES ('delete', old.id, old.number, old.complainant, old.phone, old.content);
    INSERT INTO complaints_fts(rowid, number, complainant, phone, content)
    VALUES (new.id, new.number, new.complainant, new.phone, new.content);
END;

CREATE VIRTUAL TABLE callbacks_fts USING fts5(
    party_name, phone, customer_words, content='callbacks', content_rowid='id', tokenize='trigram');
CREATE TRIGGER callbacks_fts_insert AFTER INSERT ON callbacks BEGIN
    INSERT INTO callbacks_fts(rowid, party_name, phone, customer_words)
    VALUES (new.id, new.party_name, new.phone, new.customer_words);
END;
CREATE TRIGGER callbacks_fts_update AFTER UPDATE OF party_name, phone, customer_words ON callbacks BEGIN
    INSERT INTO callbacks_fts(callbacks_fts, rowid, party_name, phone, customer_words)
    VALUES ('delete', old.id, old.party_name, old.phone, old.customer_words);
    INSERT INTO callbacks_fts(rowid, party_name, phone, customer_words)
    VALUES (new.id, new.party_name, new.phone, new.customer_words);
END;

-- Short searches (one or two characters), which trigrams cannot serve: every CJK character is
-- its own token and ASCII words are tokens, so "退货" is the phrase "退 货". Filled by
-- triggers through search_chars(), a function malldesk registers on its read-write connections.
CREATE VIRTUAL TABLE prospects_chars USING fts5(text, content='', contentless_delete=1);
CREATE TRIGGER prospects_chars_insert AFTER INSERT ON prospects BEGIN
    INSERT INTO prospects_chars(rowid, text)
    VALUES (new.id, search_chars(new.brand, new.company, new.contact, new.notes));
END;
CREATE TRIGGER prospects_chars_update AFTER UPDATE OF brand, company, contact, notes ON prospects BEGIN
    DELETE FROM prospects_chars WHERE rowid = old.id;
    INSERT INTO prospects_chars(rowid, text)
    VALUES (new.id, search_chars(new.brand, new.company, new.contact, new.notes));
END;

CREATE VIRTUAL TABLE merchants_chars USING fts5(text, content='', contentless_delete=1);
CREATE TRIGGER merchants_chars_insert AFTER INSERT ON merchants BEGIN
    INSERT INTO merchants_chars(rowid, text) VALUES (new.id, search_chars(new.brand, new.company, new.contact));
END;
CREATE TRIGGER merchants_chars_update AFTER UPDATE OF brand, company, contact ON merchants BEGIN
    DELETE FROM merchants_chars WHERE rowid = old.id;
    INSERT INTO merchants_chars(rowid, text) VALUES (new.id, search_chars(new.brand, new.company, new.contact));
END;

CREATE VIRTUAL TABLE complaints_chars USING fts5(text, content='', contentless_delete=1);
CREATE TRIGGER complaints_chars_insert AFTER INSERT ON complaints BEGIN
    INSERT INTO complaints_chars(rowid, text)
    VALUES (new.id, search_chars(new.number, new.complainant, new.content));
END;
CREATE TRIGGER complaints_chars_update AFTER UPDATE OF number, complainant, content ON complaints BEGIN
    DELETE FROM complaints_chars WHERE rowid = old.id;
    INSERT INTO complaints_chars(rowid, text)
    VALUES (new.id, search_chars(new.number, new.complainant, new.content));
END;

CREATE VIRTUAL TABLE callbacks_chars USING fts5(text, content='', contentless_delete=1);
CREATE TRIGGER callbacks_chars_insert AFTER INSERT ON callbacks BEGIN
    INSERT INTO callbacks_chars(rowid, text) VALUES (new.id, search_chars(new.party_name, new.customer_words));
END;
CREATE TRIGGER callbacks_chars_update AFTER UPDATE OF party_name, customer_words ON callbacks BEGIN
    DELETE FROM callbacks_chars WHERE rowid = old.id;
    INSERT INTO callbacks_chars(rowid, text) VALUES (new.id, search_chars(new.party_name, new.customer_words));
END;
