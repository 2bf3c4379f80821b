-- Version 4: the mall's own settings travel with its data. First, its clock: the IANA time
-- zone every displayed time, deadline, "today" and report period is read in, so a supervisor
-- on a UTC server sees what the counter sees. Written by the program when it creates or
-- first opens the file (the system's zone, or the one given), changed by `malldesk zone`.
CREATE TABLE mall_settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
