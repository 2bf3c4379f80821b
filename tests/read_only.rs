//! Read-only mode: SQLite opened read-only, every write refused before touching it, the file
//! byte-identical afterwards; and a writer and a read-only reader in separate processes.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::*;
use malldesk::domain::callback::{Attempt, AttemptResult, Callback, ContactMode};
use malldesk::domain::complaint::{Complaint, ComplaintStep, Satisfaction};
use malldesk::domain::lease::{Lease, LeaseStage};
use malldesk::domain::meeting::{AttendanceStatus, Meeting};
use malldesk::domain::merchant::Merchant;
use malldesk::domain::prospect::{Interaction, InteractionMode, Prospect, ProspectStage};
use malldesk::domain::staff::{Staff, StaffRole};
use malldesk::domain::unit::Unit;
use malldesk::store::prospects::Signing;
use malldesk::store::{Store, StoreError};

/// A database with one record of each kind, closed again (so the WAL is checkpointed).
fn populated(dir: &Path) -> (PathBuf, Ids) {
    let path = dir.join("desk.db");
    let store = Store::open(&path, "王芳").unwrap();
    let mut staff = common::staff("王芳", StaffRole::Clerk);
    store.repo::<Staff>().create(&mut staff).unwrap();
    let mut unit = common::unit("2F-A12", "2F A区");
    store.repo::<Unit>().create(&mut unit).unwrap();
    let mut merchant = common::merchant("星光咖啡");
    store.repo::<Merchant>().create(&mut merchant).unwrap();
    let mut prospect = common::prospect("鹿角巷");
    store.repo::<Prospect>().create(&mut prospect).unwrap();
    let mut lease = common::lease(merchant.id, unit.id, "2026-01-01", "2028-12-31");
    store.repo::<Lease>().create(&mut lease).unwrap();
    let mut case = common::complaint("电梯停运");
    store.repo::<Complaint>().create(&mut case).unwrap();
    let mut callback = common::callback("张女士");
    store.repo::<Callback>().create(&mut callback).unwrap();
    let mut meeting = common::meeting(Some("2F A区"));
    store.repo::<Meeting>().create(&mut meeting).unwrap();
    drop(store);
    (path, Ids { staff, unit, merchant, prospect, lease, case, callback, meeting })
}

struct Ids {
    staff: Staff,
    unit: Unit,
    merchant: Merchant,
    prospect: Prospect,
    lease: Lease,
    case: Complaint,
    callback: Callback,
    meeting: Meeting,
}

fn snapshot(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn every_write_is_refused_and_the_file_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut ids) = populated(dir.path());
    let before = snapshot(&path);
    let store = Store::open_read_only(&path).unwrap();
    assert!(store.is_read_only());

    // Reading works.
    assert_eq!(store.repo::<Complaint>().get(ids.case.id).unwrap().content, "电梯停运");

    let refusals: Vec<(&str, Result<(), StoreError>)> = vec![
        ("create staff", store.repo::<Staff>().create(&mut common::staff("李", StaffRole::Clerk)).map(drop)),
        ("update staff", store.repo::<Staff>().update(&mut ids.staff)),
        ("create unit", store.repo::<Unit>().create(&mut common::unit("1F-A01", "1F A区")).map(drop)),
        ("update unit", store.repo::<Unit>().update(&mut ids.unit)),
        ("create merchant", store.repo::<Merchant>().create(&mut common::merchant("新店")).map(drop)),
        ("update merchant", store.repo::<Merchant>().update(&mut ids.merchant)),
        ("create prospect", store.repo::<Prospect>().create(&mut common::prospect("新品牌")).map(drop)),
        ("update prospect", store.repo::<Prospect>().update(&mut ids.prospect)),
        (
            "move prospect",
            store.repo::<Prospect>().move_stage(ids.prospect.id, ProspectStage::Intent, "").map(drop),
        ),
        (
            "log interaction",
            store
                .repo::<Prospect>()
                .log_interaction(&mut Interaction {
                    id: 0,
                    prospect_id: ids.prospect.id,
                    at: at("2026-11-22T02:00:00Z"),
                    mode: InteractionMode::Visit,
                    summary: "到访".into(),
                    next_step: String::new(),
                    staff_id: None,
                })
                .map(drop),
        ),
        (
            "sign prospect",
            store
                .repo::<Prospect>()
                .sign(
                    ids.prospect.id,
                    &Signing {
                        unit_id: ids.unit.id,
                        start_date: day("2030-01-01"),
                        end_date: day("2031-01-01"),
                        monthly_rent_fen: 0,
                        management_fee_fen: 0,
                        deposit_fen: 0,
                        payment_day: 1,
                        licence_no: None,
                    },
                )
                .map(drop),
        ),
        (
            "create lease",
            store
                .repo::<Lease>()
                .create(&mut common::lease(ids.merchant.id, ids.unit.id, "2030-01-01", "2031-01-01"))
                .map(drop),
        ),
        ("update lease", store.repo::<Lease>().update(&mut ids.lease)),
        ("move lease", store.repo::<Lease>().move_stage(ids.lease.id, LeaseStage::LegalReview, "").map(drop)),
        ("create complaint", store.repo::<Complaint>().create(&mut common::complaint("新投诉")).map(drop)),
        ("update complaint", store.repo::<Complaint>().update(&mut ids.case)),
        (
            "advance complaint",
            store
                .repo::<Complaint>()
                .advance(ids.case.id, ComplaintStep::Judged, "", |c| c.valid = Some(true))
                .map(drop),
        ),
        ("create callback", store.repo::<Callback>().create(&mut common::callback("李先生")).map(drop)),
        ("update callback", store.repo::<Callback>().update(&mut ids.callback)),
        (
            "record attempt",
            store
                .repo::<Callback>()
                .record_attempt(&mut Attempt {
                    id: 0,
                    callback_id: ids.callback.id,
                    at: at("2026-11-22T02:00:00Z"),
                    mode: ContactMode::Phone,
                    result: AttemptResult::NoAnswer,
                    call_later_at: None,
                    note: String::new(),
                    operator: String::new(),
                })
                .map(drop),
        ),
        (
            "record outcome",
            store.repo::<Callback>().record_outcome(ids.callback.id, Satisfaction::Satisfied, "好").map(drop),
        ),
        ("create meeting", store.repo::<Meeting>().create(&mut common::meeting(None)).map(drop)),
        ("update meeting", store.repo::<Meeting>().update(&mut ids.meeting)),
        ("generate roster", store.repo::<Meeting>().generate_roster(ids.meeting.id).map(drop)),
        (
            "sign in",
            store.repo::<Meeting>().sign_in(1, AttendanceStatus::Present, "小王", "", false).map(drop),
        ),
        ("desk state", store.set_desk_state("tab", "complaints")),
        ("raw write", store.write(|w| Ok(w.conn().execute("DELETE FROM staff", []).map(drop)?))),
    ];
    // Every one is refused by the store's own check (`ReadOnly`), before SQLite is asked…
    for (what, result) in refusals {
        assert!(matches!(result, Err(StoreError::ReadOnly)), "{what}: {result:?}");
    }
    // …and SQLite itself refuses too, told apart (`FileReadOnly`), for a write that skips it.
    let direct =
        rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let error = direct.execute("DELETE FROM staff", []).unwrap_err();
    assert_eq!(error.sqlite_error_code(), Some(rusqlite::ErrorCode::ReadOnly));
    assert!(matches!(StoreError::from(error), StoreError::FileReadOnly));
    drop(direct);
    drop(store);
    assert!(snapshot(&path) == before, "the database file changed during a read-only session");
}

#[test]
fn read_only_open_explains_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.db");
    let error = Store::open_read_only(&missing).err().unwrap();
    assert!(matches!(error, StoreError::Missing { .. }));
    assert!(error.to_string().contains("does not exist"));
    assert!(!missing.exists(), "read-only open must not create the file");

    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, "这不是数据库 — not a database at all, just text ".repeat(200)).unwrap();
    let error = Store::open_read_only(&junk).err().unwrap();
    assert!(matches!(error, StoreError::NotADatabase { .. }), "{error:?}");
    let error = Store::open(&junk, "王芳").err().unwrap();
    assert!(matches!(error, StoreError::NotADatabase { .. }), "{error:?}");
    assert!(!error.to_string().contains('\n'));

    let old = dir.path().join("old.db");
    rusqlite::Connection::open(&old)
        .unwrap()
        .execute_batch("CREATE TABLE t(x); PRAGMA user_version = 0;")
        .unwrap();
    let error = Store::open_read_only(&old).err().unwrap();
    assert!(matches!(error, StoreError::NeedsMigration { .. }), "{error:?}");
    assert!(error.to_string().contains("without --read-only"));
}

/// The supervisor's view on a file whose `-shm` cannot be created (here a directory stands in
/// its place; a folder the user cannot write does the same, but root ignores permissions): it
/// still opens, reads what the desk wrote, and leaves the file as it was.
#[test]
fn read_only_open_without_a_creatable_shm_file_still_reads() {
    use malldesk::domain::staff::{Staff, StaffRole};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mall.db");
    {
        let store = Store::open(&path, "王芳").unwrap();
        store.repo::<Staff>().create(&mut common::staff("李娜", StaffRole::Clerk)).unwrap();
    }
    assert!(!dir.path().join("mall.db-shm").exists(), "a clean close removes the WAL index");
    std::fs::create_dir(dir.path().join("mall.db-shm")).unwrap();
    let before = std::fs::read(&path).unwrap();
    match Store::open_read_only(&path) {
        Ok(store) => {
            assert_eq!(store.repo::<Staff>().count(&Default::default()).unwrap(), 1);
            assert!(matches!(
                store.repo::<Staff>().create(&mut common::staff("张三", StaffRole::Clerk)),
                Err(StoreError::ReadOnly)
            ));
        }
        Err(error) => {
            assert!(matches!(error, StoreError::ReadOnlyDirectory { .. }), "{error:?}");
            assert!(error.to_string().contains("same OS user"), "{error}");
        }
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let wal = dir.path().join("mall.db-wal");
    assert!(!wal.exists() || std::fs::metadata(&wal).unwrap().len() == 0, "nothing written to the log");
}

/// The writer half of the two-process test: runs only when spawned by it.
#[test]
#[ignore = "spawned as a child process by writer_and_reader_in_separate_processes"]
fn child_writer() {
    let Ok(path) = std::env::var("MALLDESK_TEST_CHILD_DB") else {
        return;
    };
    let store = Store::open(Path::new(&path), "写入进程").unwrap();
    for n in 0..300 {
        store.repo::<Complaint>().create(&mut common::complaint(&format!("并发写入第{n}条"))).unwrap();
    }
}

#[test]
fn writer_and_reader_in_separate_processes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    drop(Store::open(&path, "王芳").unwrap());
    let reader = Store::open_read_only(&path).unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--ignored", "--exact", "child_writer", "--nocapture"])
        .env("MALLDESK_TEST_CHILD_DB", &path)
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut versions_seen = std::collections::BTreeSet::new();
    let mut counts_seen = std::collections::BTreeSet::new();
    loop {
        // Every read must succeed while the other process commits.
        let version = reader.data_version().expect("data_version while writing");
        let count = reader.repo::<Complaint>().count(&Default::default()).expect("count while writing");
        reader
            .repo::<Complaint>()
            .page(&Default::default(), &malldesk::store::PageRequest::first(20))
            .expect("page while writing");
        versions_seen.insert(version);
        counts_seen.insert(count);
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "writer process failed");
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(120), "writer did not finish");
        std::thread::sleep(Duration::from_millis(2));
    }
    assert_eq!(
        reader.repo::<Complaint>().count(&Default::default()).unwrap(),
        300,
        "reader sees every commit"
    );
    assert!(versions_seen.len() > 1, "data_version changed as the writer committed");
    assert!(counts_seen.len() > 2, "reader saw the table grow: {counts_seen:?}");
}
