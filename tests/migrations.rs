//! Schema versions: a fresh file reaches the latest version with owner-only permissions; a
//! database from a newer malldesk is refused and left byte-identical.

use malldesk::store::{Store, StoreError, schema};

#[test]
fn a_fresh_database_reaches_the_latest_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested").join("desk.db");
    let store = Store::open(&path, "王芳").unwrap();
    assert_eq!(store.check().unwrap().version, schema::latest_version());
    assert!(store.check().unwrap().is_ok());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
    drop(store);
    // Opening again is a no-op migration.
    assert_eq!(Store::open(&path, "王芳").unwrap().check().unwrap().version, schema::latest_version());
}

#[test]
fn a_too_new_database_is_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future_things (id INTEGER PRIMARY KEY); PRAGMA user_version = 99;")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let error = Store::open(&path, "王芳").err().unwrap();
    assert!(matches!(error, StoreError::TooNew { found: 99, .. }), "{error:?}");
    assert!(error.to_string().contains("newer"));
    let error = Store::open_read_only(&path).err().unwrap();
    assert!(matches!(error, StoreError::TooNew { .. }));
    assert!(std::fs::read(&path).unwrap() == before, "a too-new database must be left byte-identical");
}

#[test]
fn backup_makes_a_consistent_checkable_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let store = Store::open(&path, "王芳").unwrap();
    malldesk::demo::generate(
        &store,
        malldesk::demo::DemoSize::Small,
        7,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
    )
    .unwrap();
    let records = store.check().unwrap().rows;
    let backups = dir.path().join("backups");
    for _ in 0..3 {
        malldesk::store::maintenance::rotating_backup(&store, &backups, 2).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1100));
    }
    let kept: Vec<_> = std::fs::read_dir(&backups).unwrap().collect();
    assert_eq!(kept.len(), 2, "only the newest two backups are kept");
    let copy = kept[0].as_ref().unwrap().path();
    let report = Store::open_read_only(&copy).unwrap().check().unwrap();
    assert!(report.is_ok());
    assert_eq!(report.rows, records);
}
