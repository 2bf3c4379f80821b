//! Data in and out (issue 9): lists exported and read back, imports with their preview and bad
//! rows, restore, and the messages and progress of the command line.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use chrono::Utc;
use common::desk::{demo_file, desk, press, test_dirs};
use malldesk::cli::ImportFamily;
use malldesk::config::Settings;
use malldesk::domain::merchant::Merchant;
use malldesk::domain::prospect::Prospect;
use malldesk::domain::staff::Staff;
use malldesk::domain::unit::Unit;
use malldesk::store::maintenance;
use malldesk::store::{Entity, PageRequest, Store, StoreError};
use malldesk::transfer::export::{self, ExportError};
use malldesk::transfer::import::{self, Change, Table};
use malldesk::transfer::{Format, partial_path};
use malldesk::ui::Named;
use malldesk::ui::i18n::Lang;
use malldesk::ui::tabs::{FetchContext, Tab, TabFilter};

fn malldesk(home: &Path) -> Command {
    Command::from_std(common::program(home))
}

fn all<E: Entity>(store: &Store) -> Vec<E> {
    store.repo::<E>().page(&Default::default(), &PageRequest::first(100_000)).unwrap().rows
}

fn context(store: &Store, lang: Lang) -> FetchContext {
    FetchContext::outside_desk(store, Settings::default(), lang, Utc::now()).unwrap()
}

/// Exports `family`'s whole list from `from` to `path`.
fn export_family(from: &Store, family: malldesk::cli::Family, path: &Path, lang: Lang) -> u64 {
    let (tab, list) = export::family_list(family);
    let filter = TabFilter { quick: list.unwrap_or_else(|| tab.source().all_filter()), ..Default::default() };
    let format = Format::of(path).unwrap();
    export::export_list(from, &context(from, lang), tab, &filter, path, format, &mut |_, _| true).unwrap()
}

fn import_file(into: &Store, family: ImportFamily, path: &Path) -> import::Preview {
    let table = import::read_table(path).unwrap();
    import::preview(into, family, &table, Lang::ZhCn, Utc::now()).unwrap()
}

fn sorted<T, K: Ord>(mut rows: Vec<T>, key: impl Fn(&T) -> K) -> Vec<T> {
    rows.sort_by_key(|r| key(r));
    rows
}

#[test]
fn every_family_exported_then_imported_into_an_empty_database_is_equal() {
    use malldesk::cli::Family;
    let dir = tempfile::tempdir().unwrap();
    let demo = Store::open(&demo_file(dir.path()), "演示").unwrap();
    // Prospects of the demo share phones (one came back after being lost): a fixture of three,
    // one with a comma, quotes and a line break in its notes.
    let fixture = Store::open_in_memory("王芳").unwrap();
    for (n, notes) in ["想要临街铺位，带外摆", "说\"要看人流\"再定", "第一行\n第二行"].iter().enumerate()
    {
        let mut p = common::prospect(&format!("茶语{n}"));
        p.phone = format!("1360000123{n}");
        p.notes = notes.to_string();
        fixture.repo::<Prospect>().create(&mut p).unwrap();
    }
    for extension in ["csv", "xlsx"] {
        let empty = Store::open_in_memory("导入").unwrap();
        for (family, import_as, from) in [
            (Family::Units, ImportFamily::Units, &demo),
            (Family::Merchants, ImportFamily::Merchants, &demo),
            (Family::Staff, ImportFamily::Staff, &demo),
            (Family::Prospects, ImportFamily::Prospects, &fixture),
        ] {
            let file = dir.path().join(format!("{family:?}.{extension}"));
            let written = export_family(from, family, &file, Lang::ZhCn);
            let preview = import_file(&empty, import_as, &file);
            assert!(preview.bad.is_empty(), "{family:?} {extension}: {:?}", preview.bad);
            assert_eq!(preview.creates() as u64, written, "{family:?} {extension}");
            import::apply(&empty, &preview, false).unwrap();
            // The same file again changes nothing.
            let again = import_file(&empty, import_as, &file);
            assert_eq!((again.creates(), again.updates()), (0, 0), "{family:?} {extension}");
        }
        let strip = |mut m: Merchant| {
            m.id = 0;
            m
        };
        assert_eq!(
            sorted(all::<Merchant>(&empty).into_iter().map(strip).collect(), |m| m.phone.clone()),
            sorted(all::<Merchant>(&demo).into_iter().map(strip).collect(), |m| m.phone.clone()),
            "{extension}"
        );
        let unit = |mut u: Unit| {
            u.id = 0;
            u
        };
        assert_eq!(
            sorted(all::<Unit>(&empty).into_iter().map(unit).collect(), |u| u.code.clone()),
            sorted(all::<Unit>(&demo).into_iter().map(unit).collect(), |u| u.code.clone())
        );
        let staff = |mut s: Staff| {
            s.id = 0;
            s
        };
        assert_eq!(
            sorted(all::<Staff>(&empty).into_iter().map(staff).collect(), |s| s.name.clone()),
            sorted(all::<Staff>(&demo).into_iter().map(staff).collect(), |s| s.name.clone())
        );
        // What an import carries of a prospect (a new one starts as potential, registered now).
        let carried = |p: Prospect| {
            (
                p.brand,
                p.company,
                p.contact,
                p.phone,
                p.category,
                (p.area_min_dm2, p.area_max_dm2, p.wanted_floor, p.wanted_zone, p.budget_fen, p.source),
                p.next_follow_up,
                p.notes,
            )
        };
        assert_eq!(
            sorted(all::<Prospect>(&empty).into_iter().map(carried).collect(), |p| p.3.clone()),
            sorted(all::<Prospect>(&fixture).into_iter().map(carried).collect(), |p| p.3.clone())
        );
    }
}

fn write(path: &Path, bytes: &[u8]) -> PathBuf {
    std::fs::write(path, bytes).unwrap();
    path.to_path_buf()
}

#[test]
fn gbk_and_bom_files_with_chinese_or_english_headers_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let text = "品牌,公司,联系人,电话,业态,营业执照号,执照到期\n喜茶,深圳美西西餐饮管理有限公司,张伟,13800138000,茶饮,91440300MA5D,2027-06-30\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let gbk_file = write(&dir.path().join("gbk.csv"), &gbk);
    let bom_file = write(
        &dir.path().join("bom.csv"),
        "\u{feff}Brand,Company,Contact,Phone,Category\nHeytea,Shenzhen Meixixi Ltd,Zhang Wei,021-6234 5678,tea\n"
            .as_bytes(),
    );
    let store = Store::open_in_memory("导入").unwrap();
    let preview = import_file(&store, ImportFamily::Merchants, &gbk_file);
    assert_eq!((preview.creates(), preview.bad.len()), (1, 0), "{:?}", preview.bad);
    let Change::Create(import::Record::Merchant(m)) = &preview.changes[0].1 else { panic!() };
    assert_eq!((m.brand.as_str(), m.licence_no.as_deref()), ("喜茶", Some("91440300MA5D")));
    assert_eq!(m.licence_expiry, Some(common::day("2027-06-30")));
    let preview = import_file(&store, ImportFamily::Merchants, &bom_file);
    assert_eq!((preview.creates(), preview.bad.len()), (1, 0), "{:?}", preview.bad);
    let Change::Create(import::Record::Merchant(m)) = &preview.changes[0].1 else { panic!() };
    assert_eq!(m.brand, "Heytea", "the BOM is not part of the first header");
    assert_eq!(m.phone, "02162345678");
}

#[test]
fn bad_rows_are_named_with_their_row_column_and_fix_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_memory("导入").unwrap();
    store.repo::<Unit>().create(&mut common::unit("1F-A01", "A")).unwrap();
    let merchants = write(
        &dir.path().join("m.csv"),
        "品牌,公司,联系人,电话,业态,营业执照号,执照到期\n\
         甲,甲公司,张,13800138000,餐饮,L1,2027-01-01\n\
         乙,乙公司,李,1380013,餐饮,L2,\n\
         丙,丙公司,王,13900139000,餐饮,L3,2027-13-45\n\
         甲,甲公司,张,13800138000,餐饮,L1,2027-01-01\n"
            .as_bytes(),
    );
    let preview = import_file(&store, ImportFamily::Merchants, &merchants);
    let bad: Vec<(usize, &str)> = preview.bad.iter().map(|b| (b.row, b.column.as_str())).collect();
    assert_eq!(bad, vec![(3, "电话"), (4, "执照到期"), (5, "营业执照号")]);
    assert_eq!(preview.bad[0].value, "1380013");
    assert!(preview.bad[1].fix.contains("2026-11-23"), "{}", preview.bad[1].fix);
    assert!(preview.bad[2].fix.contains("第 2 行"), "the duplicate names the first: {}", preview.bad[2].fix);
    let text = preview.text(Lang::ZhCn, &merchants);
    assert!(text.contains("第 3 行，“电话”列：“1380013”"), "{text}");
    // One bad row: nothing at all is written.
    assert!(import::apply(&store, &preview, false).is_err());
    assert_eq!(all::<Merchant>(&store).len(), 0);
    // Unless the bad ones are left out.
    let applied = import::apply(&store, &preview, true).unwrap();
    assert_eq!((applied.created, all::<Merchant>(&store).len()), (1, 1));

    let prospects = write(
        &dir.path().join("p.csv"),
        "brand,contact,phone,unit\n茶语,陈,13600001234,1F-A01\n面馆,刘,13600001235,9F-Z99\n".as_bytes(),
    );
    let preview = import_file(&store, ImportFamily::Prospects, &prospects);
    assert_eq!(preview.bad.len(), 1);
    assert_eq!((preview.bad[0].row, preview.bad[0].value.as_str()), (3, "9F-Z99"));
    assert!(preview.bad[0].fix.contains("9F-Z99"));
    let Change::Create(import::Record::Prospect(p)) = &preview.changes[0].1 else { panic!() };
    assert_eq!(
        (p.wanted_floor.as_str(), p.wanted_zone.as_str()),
        ("2F", "A"),
        "the unit gives floor and zone"
    );
}

#[test]
fn ten_thousand_units_import_once_and_then_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("铺位编号,楼层,区域,面积（㎡）,业态\n");
    for n in 0..10_000 {
        text.push_str(&format!(
            "B{}-{:05},B{},Z{},{}.5,零售\n",
            n % 3 + 1,
            n,
            n % 3 + 1,
            n % 7,
            20 + n % 100
        ));
    }
    let file = write(&dir.path().join("units.csv"), text.as_bytes());
    let db = dir.path().join("mall.db");
    let store = Store::open(&db, "导入").unwrap();
    let preview = import_file(&store, ImportFamily::Units, &file);
    assert_eq!((preview.rows, preview.creates(), preview.bad.len()), (10_000, 10_000, 0));
    import::apply(&store, &preview, false).unwrap();
    assert_eq!(all::<Unit>(&store).len(), 10_000);
    let audit: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT count(*) FROM audit_log WHERE entity = 'units' AND action = 'create'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(audit, 10_000, "each record with its audit row");
    let again = import_file(&store, ImportFamily::Units, &file);
    assert_eq!((again.unchanged(), again.creates(), again.updates()), (10_000, 0, 0));
}

#[test]
fn a_template_reads_back_and_names_its_required_columns() {
    let dir = tempfile::tempdir().unwrap();
    for lang in [Lang::ZhCn, Lang::En] {
        let path = dir.path().join(format!("staff-{}.csv", lang.code()));
        import::write_template(ImportFamily::Staff, lang, &path).unwrap();
        let table: Table = import::read_table(&path).unwrap();
        assert!(table.rows.is_empty());
        assert_eq!(table.header.len(), import::columns(ImportFamily::Staff).len());
        assert!(table.header[0].ends_with('*'), "{:?}", table.header);
        let store = Store::open_in_memory("导入").unwrap();
        let preview = import::preview(&store, ImportFamily::Staff, &table, lang, Utc::now()).unwrap();
        assert_eq!(preview.rows, 0);
    }
}

#[test]
fn dry_run_leaves_the_file_byte_identical_and_one_bad_row_writes_nothing() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("mall.db");
    drop(Store::open(&db, "王芳").unwrap());
    let good = write(&home.path().join("good.csv"), "code,floor,zone,area\n1F-A01,1F,A,80\n".as_bytes());
    let before = std::fs::read(&db).unwrap();
    let output = malldesk(home.path())
        .args(["--db", db.to_str().unwrap(), "--lang", "en", "import", "units", "--dry-run"])
        .arg(&good)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{text}");
    assert!(text.contains("1 to create") && text.contains("dry run: nothing was written"), "{text}");
    assert_eq!(std::fs::read(&db).unwrap(), before, "a dry run writes nothing");

    let one_bad = write(
        &home.path().join("bad.csv"),
        "code,floor,zone,area\n1F-A02,1F,A,80\n1F-A03,1F,A,lots\n".as_bytes(),
    );
    let output = malldesk(home.path())
        .args(["--db", db.to_str().unwrap(), "--lang", "en", "import", "units"])
        .arg(&one_bad)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(!output.status.success());
    assert!(text.contains("row 3, column Area (m²): 'lots'"), "{text}");
    assert!(text.contains("nothing was written"), "{text}");
    assert_eq!(all::<Unit>(&Store::open_read_only(&db).unwrap()).len(), 0);
}

#[test]
fn restore_drill_backup_change_restore_and_the_dated_copy_keeps_the_change() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mall.db");
    let backup = dir.path().join("backup.db");
    {
        let store = Store::open(&db, "王芳").unwrap();
        store.repo::<Merchant>().create(&mut common::merchant("老店")).unwrap();
        store.backup_to(&backup).unwrap();
        store.repo::<Merchant>().create(&mut common::merchant("新店")).unwrap();
        // While this desk has the file open for writing, restore is refused.
        let refused = maintenance::restore(&backup, &db, Utc::now()).unwrap_err();
        assert!(matches!(refused, StoreError::OpenForWriting { .. }), "{refused}");
        assert!(refused.to_string().contains("close that desk"), "{refused}");
    }
    let line = maintenance::restore(&backup, &db, Utc::now()).unwrap();
    let brands = |path: &Path| -> Vec<String> {
        let mut brands: Vec<String> =
            all::<Merchant>(&Store::open_read_only(path).unwrap()).into_iter().map(|m| m.brand).collect();
        brands.sort();
        brands
    };
    assert_eq!(brands(&db), vec!["老店"], "the change after the backup is gone");
    let kept: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".before-restore-"))
        .collect();
    assert_eq!(kept.len(), 1);
    assert!(line.contains(&kept[0].display().to_string()), "{line}");
    assert_eq!(brands(&kept[0]), vec!["新店", "老店"], "the dated copy holds it");
    // A file that is not a backup is refused before anything is touched.
    let junk = write(&dir.path().join("junk.db"), b"not a database");
    let refused = maintenance::restore(&junk, &db, Utc::now()).unwrap_err();
    assert!(matches!(refused, StoreError::BadBackup { .. }), "{refused}");
    assert_eq!(brands(&db), vec!["老店"]);
}

#[test]
fn a_stopped_export_leaves_no_file_and_a_finished_one_all_rows() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&demo_file(dir.path()), "演示").unwrap();
    let ctx = context(&store, Lang::En);
    let filter = TabFilter { quick: Tab::Complaints.source().all_filter(), ..Default::default() };
    let path = dir.path().join("complaints.csv");
    let stopped =
        export::export_list(&store, &ctx, Tab::Complaints, &filter, &path, Format::Csv, &mut |_, _| false);
    assert!(matches!(stopped, Err(ExportError::Cancelled)));
    assert!(!path.exists() && !partial_path(&path).exists());
    let rows =
        export::export_list(&store, &ctx, Tab::Complaints, &filter, &path, Format::Csv, &mut |_, _| true)
            .unwrap();
    let (count, _) = Tab::Complaints.source().count(&store, &ctx, &filter, true).unwrap();
    assert_eq!(rows, count);
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "UTF-8 with BOM");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(reader.headers().unwrap().get(0), Some("Number"));
    assert_eq!(reader.records().count() as u64, count);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
}

#[test]
fn the_desk_exports_the_searched_list_to_the_exports_folder() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = desk(Store::open(&demo_file(dir.path()), "王芳").unwrap(), Lang::ZhCn, (120, 40));
    press(&mut app, Named::Tab3);
    press(&mut app, Named::Search);
    common::desk::type_text(&mut app, "停车");
    press(&mut app, Named::Accept);
    let listed = app.current().list.total;
    assert!(listed > 0);
    press(&mut app, Named::ExportCsv);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !app.message.as_ref().is_some_and(|m| m.text.contains("已导出")) {
        assert!(std::time::Instant::now() < deadline, "{:?}", app.message.as_ref().map(|m| &m.text));
        app.receive();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let text = app.message.as_ref().unwrap().text.clone();
    // "已导出 N 行：FILE（在 FOLDER）": the file's name first, so 80 columns keep it.
    let (file, folder) = text.split_once('：').unwrap().1.split_once("（在 ").unwrap();
    assert_eq!(PathBuf::from(folder.trim_end_matches('）')), test_dirs().exports(), "{text}");
    assert!(file.starts_with("complaints-") && file.ends_with(".csv"), "{text}");
    let path = test_dirs().exports().join(file);
    let bytes = std::fs::read(&path).unwrap();
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(reader.headers().unwrap().get(0), Some("编号"), "headers in the interface language");
    let contents: Vec<String> = reader.records().map(|r| r.unwrap()[4].to_string()).collect();
    assert_eq!(contents.len() as u64, listed, "{text}");
    assert!(contents.iter().all(|c| c.contains("停车")));
}

#[test]
fn the_command_line_exports_with_plain_progress_and_names_bad_paths() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("mall.db");
    let made = malldesk(home.path()).args(["--db", db.to_str().unwrap(), "demo"]).output().unwrap();
    assert!(made.status.success());
    let out = home.path().join("c.xlsx");
    let output = malldesk(home.path())
        .args(["--db", db.to_str().unwrap(), "--lang", "en", "export", "complaints", "--view", "all", "--to"])
        .arg(&out)
        .output()
        .unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "{stderr}");
    assert!(stdout.contains("rows written to") && out.exists(), "{stdout}");
    // Not a terminal: plain lines, no bar drawing.
    assert!(stderr.lines().any(|l| l.starts_with("malldesk: export complaints ")), "{stderr}");
    assert!(!stderr.contains('\r') && !stderr.contains('\u{1b}'), "{stderr:?}");
    // A path inside a file, and a list that does not exist: each said once, with what to do.
    let inside_a_file = home.path().join("c.xlsx").join("x.csv");
    let output = malldesk(home.path())
        .args(["--db", db.to_str().unwrap(), "export", "units", "--to"])
        .arg(&inside_a_file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert_eq!(stderr.matches(&inside_a_file.display().to_string()).count(), 1, "{stderr}");
    let output = malldesk(home.path())
        .args([
            "--db",
            db.to_str().unwrap(),
            "--lang",
            "en",
            "export",
            "complaints",
            "--view",
            "nope",
            "--to",
            "x.csv",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no list 'nope'") && stderr.contains("2 All"), "{stderr}");
    let output = malldesk(home.path())
        .args(["--db", home.path().to_str().unwrap(), "export", "units", "--to", "x.csv"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stderr).contains("is a folder"));
}
