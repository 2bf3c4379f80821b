//! Bad input, catalogued (issue "Never block, never lose", item 5): one table of what a hurried
//! clerk, a wrong command line, a hand-edited settings or keymap file and a damaged database
//! can throw at malldesk. Each case gets one clear message saying what to fix — checked word
//! for word — and nothing is written.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use malldesk::domain::complaint::Complaint;
use malldesk::domain::lease::{Charge, ChargeKind, Lease, Payment, PaymentMethod};
use malldesk::domain::merchant::Merchant;
use malldesk::domain::unit::Unit;
use malldesk::store::{Store, StoreError};
use malldesk::ui::i18n::Lang;

/// What the user is told, in English.
fn said(error: StoreError) -> String {
    match error {
        StoreError::Invalid(errors) => errors
            .0
            .iter()
            .map(|e| format!("{}: {}", e.field, Lang::En.problem(&e.problem)))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.message("en"),
    }
}

/// A fresh folder with a demo database; the command line runs with its data and config there.
struct Home {
    dir: tempfile::TempDir,
    db: PathBuf,
}

fn home() -> Home {
    static TEMPLATE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    let template = TEMPLATE.get_or_init(|| desk::demo_file(&tempfile::tempdir().unwrap().keep()));
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mall.db");
    std::fs::copy(template, &db).unwrap();
    std::fs::create_dir_all(dir.path().join("config/malldesk")).unwrap();
    Home { dir, db }
}

/// Every file under `dir` with its bytes, to prove nothing was written.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                // The log records each run; it is not the user's data.
                if !path.ends_with("logs") {
                    stack.push(path);
                }
            } else {
                // SQLite's shared-memory index, and an empty log a reader opens, are not data.
                let name = path.to_string_lossy().into_owned();
                let bytes = std::fs::read(&path).unwrap_or_default();
                let not_data = name.ends_with("-shm") || (name.ends_with("-wal") && bytes.is_empty());
                if !not_data {
                    files.push((path.clone(), bytes));
                }
            }
        }
    }
    files.sort();
    files
}

/// Runs malldesk in `home` with `args`: (exit ok, stderr's one line, nothing written).
fn run(home: &Home, args: &[&str]) -> (bool, String, bool) {
    let before = snapshot(home.dir.path());
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_malldesk"))
        .args(args)
        .env("XDG_DATA_HOME", home.dir.path().join("data"))
        .env("XDG_CONFIG_HOME", home.dir.path().join("config"))
        .env("HOME", home.dir.path())
        .env_remove("MALLDESK_DB")
        .env_remove("MALLDESK_CONFIG")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).trim().to_string();
    let unchanged = snapshot(home.dir.path()) == before;
    (output.status.success(), stderr, unchanged)
}

fn db_arg(home: &Home) -> String {
    home.db.to_string_lossy().into_owned()
}

/// A command-line case: `prepare` sets the home up, then `args` (with `{db}` for the database).
fn cli_case(prepare: &dyn Fn(&Home), args: &[&str]) -> (String, bool) {
    let home = home();
    prepare(&home);
    let db = db_arg(&home);
    let args: Vec<String> = args.iter().map(|a| a.replace("{db}", &db)).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (ok, stderr, unchanged) = run(&home, &args);
    assert!(!ok, "{args:?} should fail");
    // clap's own first line, else malldesk's last (after any progress line).
    let line = stderr
        .lines()
        .find(|l| l.starts_with("error:"))
        .or_else(|| stderr.lines().last())
        .unwrap_or_default()
        .replace(&db, "{db}");
    (line, unchanged)
}

fn settings(text: &'static [u8]) -> impl Fn(&Home) {
    move |home: &Home| std::fs::write(home.dir.path().join("config/malldesk/settings.toml"), text).unwrap()
}

fn keymap(text: &'static str) -> impl Fn(&Home) {
    move |home: &Home| std::fs::write(home.dir.path().join("config/malldesk/keymap.toml"), text).unwrap()
}

fn nothing(_: &Home) {}

/// A store case: `write` runs on a store with an active lease; (message, nothing written).
fn store_case(write: &dyn Fn(&Store, &Fixture) -> Result<(), StoreError>) -> (String, bool) {
    store_case_after(&|_, _| {}, write)
}

/// [`store_case`] after `setup` wrote what the refused write collides with.
fn store_case_after(
    setup: &dyn Fn(&Store, &Fixture),
    write: &dyn Fn(&Store, &Fixture) -> Result<(), StoreError>,
) -> (String, bool) {
    let store = memory_store();
    let fixture = fixture(&store);
    setup(&store, &fixture);
    let before: Vec<u64> = TABLES.iter().map(|t| rows(&store, t)).collect();
    let error = write(&store, &fixture).expect_err("the write should be refused");
    let after: Vec<u64> = TABLES.iter().map(|t| rows(&store, t)).collect();
    (said(error), before == after)
}

const TABLES: &[&str] =
    &["audit_log", "complaints", "merchants", "units", "leases", "charges", "payments", "callbacks"];

struct Fixture {
    merchant: i64,
    unit: i64,
    lease: i64,
    charge: i64,
}

fn fixture(store: &Store) -> Fixture {
    let mut m = merchant("一点点");
    store.repo::<Merchant>().create(&mut m).unwrap();
    let mut u = unit("1F-A01", "A区");
    store.repo::<Unit>().create(&mut u).unwrap();
    let mut l = lease(m.id, u.id, "2026-12-01", "2028-11-30");
    store.repo::<Lease>().create(&mut l).unwrap();
    activate(store, l.id);
    let mut c = Charge {
        id: 0,
        lease_id: l.id,
        period: "2026-12".into(),
        kind: ChargeKind::Rent,
        amount_fen: 1_000_000,
        due_date: day("2026-12-05"),
    };
    store.repo::<Charge>().create(&mut c).unwrap();
    Fixture { merchant: m.id, unit: u.id, lease: l.id, charge: c.id }
}

fn pay(f: &Fixture, amount_fen: i64, receipt: &str) -> Payment {
    Payment {
        id: 0,
        charge_id: f.charge,
        amount_fen,
        paid_on: day("2026-12-03"),
        method: PaymentMethod::BankTransfer,
        receipt_no: receipt.into(),
    }
}

/// Signs the chain and activates the lease, stopping at the first refusal.
fn activate_result(store: &Store, lease_id: i64) -> Result<(), StoreError> {
    use malldesk::domain::lease::LeaseStage;
    approve(store, lease_id);
    store.repo::<Lease>().move_stage(lease_id, LeaseStage::Approved, "")?;
    store.repo::<Lease>().move_stage(lease_id, LeaseStage::Active, "")?;
    Ok(())
}

/// A name, the message expected word for word, and the case: (message, nothing written).
type Case = (&'static str, &'static str, Box<dyn Fn() -> (String, bool)>);

#[test]
fn every_bad_input_gets_one_clear_message_and_writes_nothing() {
    let long = "长".repeat(10_000);
    let cases: Vec<Case> = vec![
        // The command line.
        (
            "unknown option",
            "error: unexpected argument '--colour' found",
            Box::new(|| cli_case(&nothing, &["--colour"])),
        ),
        (
            "unknown language",
            "error: invalid value 'fr' for '--lang <LANG>'",
            Box::new(|| cli_case(&nothing, &["--lang", "fr", "--db", "{db}", "check"])),
        ),
        (
            "unknown demo size",
            "error: invalid value 'huge' for '--size <SIZE>'",
            Box::new(|| cli_case(&nothing, &["demo", "--size", "huge", "--db", "{db}"])),
        ),
        (
            "month 13",
            "malldesk: `2026-13` is not a period: write 2026-11 (month), 2026-Q4 (quarter) or 2026 (year)",
            Box::new(|| cli_case(&nothing, &["report", "kpi", "--period", "2026-13", "--db", "{db}"])),
        ),
        (
            "a word as period",
            "malldesk: `banana` is not a period: write 2026-11 (month), 2026-Q4 (quarter) or 2026 (year)",
            Box::new(|| cli_case(&nothing, &["report", "register", "--period", "banana", "--db", "{db}"])),
        ),
        (
            "unknown case number",
            "malldesk: no case numbered TS-NOPE: check the number",
            Box::new(|| cli_case(&nothing, &["report", "case", "TS-NOPE", "--db", "{db}"])),
        ),
        (
            "unknown time zone",
            "error: invalid value 'Mars/Olympus' for '[ZONE]': `Mars/Olympus` is not a time zone: write an IANA name such as Asia/Shanghai or UTC",
            Box::new(|| cli_case(&nothing, &["zone", "Mars/Olympus", "--db", "{db}"])),
        ),
        (
            "another zone for an existing file",
            "malldesk: {db} keeps the mall's time zone Asia/Shanghai: to change it to Asia/Tokyo, run `malldesk zone Asia/Tokyo`",
            Box::new(|| cli_case(&nothing, &["--zone", "Asia/Tokyo", "--db", "{db}"])),
        ),
        (
            "backup over an existing file",
            "malldesk: {db} already exists: choose a new file name",
            Box::new(|| cli_case(&nothing, &["backup", "--db", "{db}", "--to", "{db}"])),
        ),
        (
            "backup where nothing can be written",
            "malldesk: cannot write /proc/malldesk/copy.db: No such file or directory (os error 2): choose a folder that exists and that you may write to",
            Box::new(|| cli_case(&nothing, &["backup", "--db", "{db}", "--to", "/proc/malldesk/copy.db"])),
        ),
        (
            "demo over a database with records",
            "malldesk: demo database {db} was not created: {db} already holds records: choose another --db path for the demo, or move that file away",
            Box::new(|| cli_case(&nothing, &["demo", "--db", "{db}"])),
        ),
        // Database files.
        (
            "a folder as database",
            "malldesk: {db}.d is a folder, not a database file: give the path of the .db file inside it",
            Box::new(|| {
                cli_case(
                    &|h: &Home| std::fs::create_dir(h.db.with_extension("db.d")).unwrap(),
                    &["check", "--db", "{db}.d"],
                )
            }),
        ),
        (
            "a device as database",
            "malldesk: /dev/null is a device or a pipe, not a database file: give the path of a .db file",
            Box::new(|| cli_case(&nothing, &["check", "--db", "/dev/null"])),
        ),
        (
            "a device as the desk's database",
            "malldesk: /dev/null is a device or a pipe, not a database file: give the path of a .db file",
            Box::new(|| cli_case(&nothing, &["zone", "UTC", "--db", "/dev/null"])),
        ),
        (
            "a folder as the desk's database",
            "malldesk: {db}.d is a folder, not a database file: give the path of the .db file inside it",
            Box::new(|| {
                cli_case(
                    &|h: &Home| std::fs::create_dir(h.db.with_extension("db.d")).unwrap(),
                    &["--db", "{db}.d"],
                )
            }),
        ),
        (
            "a database whose write-ahead log cannot be opened",
            "malldesk: database {db} cannot be opened: unable to open database file: check the path and its permissions",
            Box::new(|| {
                cli_case(
                    &|h: &Home| {
                        let wal = PathBuf::from(format!("{}-wal", h.db.display()));
                        let _ = std::fs::remove_file(&wal);
                        std::fs::create_dir(&wal).unwrap();
                    },
                    &["check", "--db", "{db}"],
                )
            }),
        ),
        (
            "a missing database, read-only",
            "malldesk: database {db}.none does not exist: run malldesk once without --read-only (or `malldesk demo`) to create it",
            Box::new(|| cli_case(&nothing, &["--read-only", "--db", "{db}.none"])),
        ),
        (
            "a zero-byte database, read-only",
            "malldesk: database {db} has schema version 0 but this malldesk needs 8: open it once without --read-only to upgrade it",
            Box::new(|| {
                cli_case(&|h: &Home| std::fs::write(&h.db, b"").unwrap(), &["check", "--db", "{db}"])
            }),
        ),
        (
            "a truncated database",
            "malldesk: {db} is not a malldesk database (not SQLite, or damaged): check the path, or restore a backup",
            Box::new(|| {
                cli_case(
                    &|h: &Home| {
                        let bytes = std::fs::read(&h.db).unwrap();
                        std::fs::write(&h.db, &bytes[..3000]).unwrap();
                    },
                    &["check", "--db", "{db}"],
                )
            }),
        ),
        (
            "a text file as database",
            "malldesk: {db} is not a malldesk database (not SQLite, or damaged): check the path, or restore a backup",
            Box::new(|| {
                cli_case(
                    &|h: &Home| std::fs::write(&h.db, b"hello, I am not a database\n").unwrap(),
                    &["--db", "{db}"],
                )
            }),
        ),
        (
            "a database from a newer malldesk",
            "malldesk: database {db} has schema version 99, newer than this malldesk (knows up to 8): install the newer malldesk; the file was left untouched",
            Box::new(|| {
                cli_case(
                    &|h: &Home| {
                        rusqlite::Connection::open(&h.db)
                            .unwrap()
                            .execute_batch("PRAGMA user_version = 99")
                            .unwrap();
                    },
                    &["--db", "{db}"],
                )
            }),
        ),
        // The settings file.
        (
            "settings not UTF-8",
            "is not UTF-8 text: save it with the UTF-8 encoding",
            Box::new(|| cli_case(&settings(b"\xff\xfe[callbacks]"), &["check", "--db", "{db}"])),
        ),
        (
            "settings not TOML",
            "line 1, column 5: `not toml [`: key with no value, expected `=`",
            Box::new(|| cli_case(&settings(b"not toml ["), &["check", "--db", "{db}"])),
        ),
        (
            "unknown settings key",
            "line 2: [callbacks] bogus unknown field `bogus`, expected one of `due_days`, `rest_hours`, `max_failed_attempts`, `survey_after_days`",
            Box::new(|| cli_case(&settings(b"[callbacks]\nbogus = 1\n"), &["check", "--db", "{db}"])),
        ),
        (
            "a word for a number",
            "line 2: [callbacks] max_failed_attempts invalid type: string \"three\", expected u32",
            Box::new(|| {
                cli_case(
                    &settings(b"[callbacks]\nmax_failed_attempts = \"three\"\n"),
                    &["check", "--db", "{db}"],
                )
            }),
        ),
        (
            "zero attempts",
            "line 2: [callbacks] max_failed_attempts must be at least 1",
            Box::new(|| {
                cli_case(&settings(b"[callbacks]\nmax_failed_attempts = 0\n"), &["check", "--db", "{db}"])
            }),
        ),
        (
            "negative days",
            "line 2: [service] resolve_days invalid value: integer `-1`, expected u32",
            Box::new(|| cli_case(&settings(b"[service]\nresolve_days = -1\n"), &["check", "--db", "{db}"])),
        ),
        (
            "a time past midnight",
            "line 2: [callbacks] rest_hours `25:00` is not a time: write it like 08:45",
            Box::new(|| {
                cli_case(
                    &settings(b"[callbacks]\nrest_hours = [\"25:00-26:00\"]\n"),
                    &["check", "--db", "{db}"],
                )
            }),
        ),
        (
            "no approval chain",
            "line 2: [leasing] approval_chain must name at least one signature",
            Box::new(|| cli_case(&settings(b"[leasing]\napproval_chain = []\n"), &["check", "--db", "{db}"])),
        ),
        // The keymap file.
        (
            "a key that does not exist",
            "[list] new: `F99` is not a key name (e.g. F2, Enter, Ctrl-s, n)",
            Box::new(|| cli_case(&keymap("[list]\nnew = [\"F99\"]\n"), &["--db", "{db}"])),
        ),
        (
            "an action that does not exist",
            "[list] launch_rockets: not an action",
            Box::new(|| cli_case(&keymap("[list]\nlaunch_rockets = [\"F2\"]\n"), &["--db", "{db}"])),
        ),
        (
            "a screen that does not exist",
            "[keys] is not a screen (list, search, detail, form, help, confirm, overview)",
            Box::new(|| cli_case(&keymap("[keys]\nnew = [\"F2\"]\n"), &["--db", "{db}"])),
        ),
        (
            "keys not in a list",
            "[list] new: write the keys as a list, e.g. [\"F2\", \"n\"]",
            Box::new(|| cli_case(&keymap("[list]\nnew = \"F2\"\n"), &["--db", "{db}"])),
        ),
        // Records, as the forms hand them to the store.
        (
            "negative rent",
            "amount_fen: must not be negative",
            Box::new(|| {
                store_case(&|s, f| {
                    s.repo::<Charge>()
                        .create(&mut Charge {
                            id: 0,
                            lease_id: f.lease,
                            period: "2027-01".into(),
                            kind: ChargeKind::Rent,
                            amount_fen: -1,
                            due_date: day("2027-01-05"),
                        })
                        .map(drop)
                })
            }),
        ),
        (
            "a lease ending before it starts",
            "end_date: must be after the start",
            Box::new(|| {
                store_case(&|s, f| {
                    s.repo::<Lease>()
                        .create(&mut lease(f.merchant, f.unit, "2030-06-01", "2030-01-01"))
                        .map(drop)
                })
            }),
        ),
        (
            "an overlapping lease",
            "the unit already has live lease HT-2026-0001 from 2026-12-01 to 2028-11-30: choose dates after it, or end that lease first",
            Box::new(|| {
                store_case(&|s, f| {
                    let mut l = lease(f.merchant, f.unit, "2027-06-01", "2029-05-31");
                    s.repo::<Lease>().create(&mut l)?;
                    activate_result(s, l.id)
                })
            }),
        ),
        (
            "a 10,000-character name",
            "complainant: too long — at most 40 characters",
            Box::new(move || {
                let long = long.clone();
                store_case(&move |s, _| {
                    s.repo::<Complaint>()
                        .create(&mut Complaint { complainant: long.clone(), ..complaint("内容") })
                        .map(drop)
                })
            }),
        ),
        (
            "an escape sequence in a name",
            "complainant: contains control characters — retype it",
            Box::new(|| {
                store_case(&|s, _| {
                    s.repo::<Complaint>()
                        .create(&mut Complaint {
                            complainant: "张\u{1b}[31m三".into(), ..complaint("内容")
                        })
                        .map(drop)
                })
            }),
        ),
        (
            "a bell in the words",
            "content: contains control characters — retype it",
            Box::new(|| {
                store_case(&|s, _| s.repo::<Complaint>().create(&mut complaint("顾客说\u{7}")).map(drop))
            }),
        ),
        (
            "a bad phone",
            "phone: not a phone number — mobile 11 digits, landline with area code",
            Box::new(|| {
                store_case(&|s, _| {
                    s.repo::<Complaint>()
                        .create(&mut Complaint { phone: Some("138-1234".into()), ..complaint("内容") })
                        .map(drop)
                })
            }),
        ),
        (
            "an empty complainant",
            "complainant: required — enter a value",
            Box::new(|| {
                store_case(&|s, _| {
                    s.repo::<Complaint>()
                        .create(&mut Complaint { complainant: "  ".into(), ..complaint("内容") })
                        .map(drop)
                })
            }),
        ),
        (
            "paying more than owed",
            "amount_fen: more than the charge still owes (10000.00): enter at most that",
            Box::new(|| {
                store_case(&|s, f| s.repo::<Payment>().create(&mut pay(f, 1_000_001, "R-1")).map(drop))
            }),
        ),
        (
            "a zero payment",
            "amount_fen:",
            Box::new(|| store_case(&|s, f| s.repo::<Payment>().create(&mut pay(f, 0, "R-2")).map(drop))),
        ),
        (
            "a receipt used twice",
            "receipt",
            Box::new(|| {
                store_case_after(
                    &|s, f| {
                        s.repo::<Payment>().create(&mut pay(f, 100, "R-3")).unwrap();
                    },
                    &|s, f| s.repo::<Payment>().create(&mut pay(f, 100, "R-3")).map(drop),
                )
            }),
        ),
        (
            "a unit code twice",
            "another record already has this Unit code (2F-A12): change it, or find and open that record",
            Box::new(|| store_case(&|s, _| s.repo::<Unit>().create(&mut unit("1F-A01", "B区")).map(drop))),
        ),
        (
            "a lease for a merchant that does not exist",
            "a linked record (merchant, unit, lease, staff…) does not exist: choose it again from the list",
            Box::new(|| {
                store_case(&|s, f| {
                    s.repo::<Lease>().create(&mut lease(9_999, f.unit, "2031-01-01", "2031-12-31")).map(drop)
                })
            }),
        ),
        (
            "a full disk",
            "the disk is full: nothing was saved; free some space on the disk, then save again",
            Box::new(|| {
                store_case(&|s, _| {
                    s.stop_growing()?;
                    s.repo::<Complaint>().create(&mut complaint(&"满".repeat(3000))).map(drop)
                })
            }),
        ),
    ];
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let mut failures = Vec::new();
    for (name, expected, case) in &cases {
        let (message, nothing_written) = case();
        if !message.contains(expected) {
            failures.push(format!("{name}: expected {expected:?}\n    got {message:?}"));
        }
        if !nothing_written {
            failures.push(format!("{name}: something was written"));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases:\n{}", failures.len(), cases.len(), failures.join("\n"));
}
