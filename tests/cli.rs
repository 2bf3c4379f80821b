//! The command line as a user runs it: help in both languages, demo, check, backup, and
//! one-line messages for what is wrong.

mod common;

use assert_cmd::Command;

/// The binary with its data and config directories inside `home`.
fn malldesk(home: &std::path::Path) -> Command {
    Command::from_std(common::program(home))
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn help_speaks_english_and_chinese() {
    let home = tempfile::tempdir().unwrap();
    let output = malldesk(home.path()).arg("--help").output().unwrap();
    assert!(output.status.success());
    let text = stdout(&output);
    for expected in ["--read-only", "--demo", "demo", "backup", "check", "只读", "演示", "备份"] {
        assert!(text.contains(expected), "help lacks {expected}:\n{text}");
    }
}

#[test]
fn demo_then_check_then_backup() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("mall.db");
    let output = malldesk(home.path()).args(["demo", "--db"]).arg(&db).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("ready"));
    assert!(stderr(&output).contains("malldesk: demo: complaints 400/400\n"), "progress as plain lines");

    let output = malldesk(home.path()).args(["check", "--db"]).arg(&db).output().unwrap();
    assert!(output.status.success());
    let line = stdout(&output);
    assert!(
        line.starts_with("OK: quick check ok (--full also checks the indexes), schema version 8 (latest)"),
        "{line}"
    );
    assert_eq!(line.lines().count(), 1);
    assert!(stderr(&output).is_empty(), "no progress drawn when stderr is not a terminal");
    let output = malldesk(home.path()).args(["check", "--full", "--db"]).arg(&db).output().unwrap();
    assert!(output.status.success());
    let line = stdout(&output);
    assert!(line.starts_with("OK: integrity ok, schema version 8 (latest)"), "{line}");

    let output = malldesk(home.path()).args(["backup", "--db"]).arg(&db).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let backups: Vec<_> = std::fs::read_dir(home.path().join("data/malldesk/backups")).unwrap().collect();
    assert_eq!(backups.len(), 1);

    let copy = home.path().join("copy.db");
    let output =
        malldesk(home.path()).args(["backup", "--db"]).arg(&db).arg("--to").arg(&copy).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let output = malldesk(home.path()).args(["check", "--full", "--db"]).arg(&copy).output().unwrap();
    assert_eq!(stdout(&output), line, "the copy holds the same records");
}

#[test]
fn demo_without_db_fills_the_demo_file_in_the_data_directory() {
    let home = tempfile::tempdir().unwrap();
    let output = malldesk(home.path()).arg("demo").output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(home.path().join("data/malldesk/demo.db").exists());
}

#[test]
fn problems_are_one_line_messages() {
    let home = tempfile::tempdir().unwrap();
    let output =
        malldesk(home.path()).args(["check", "--db"]).arg(home.path().join("none.db")).output().unwrap();
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("does not exist"), "{message}");
    assert_eq!(message.trim_end().lines().count(), 1, "{message}");

    let settings = home.path().join("settings.toml");
    std::fs::write(&settings, "[callbacks]\ndue_days = 3\nmax_failed_attempts = \"three\"\n").unwrap();
    let output = malldesk(home.path()).arg("--config").arg(&settings).arg("check").output().unwrap();
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("line 3") && message.contains("max_failed_attempts"), "{message}");
    assert_eq!(message.trim_end().lines().count(), 1, "{message}");
}

#[test]
fn report_kpi_prints_and_writes_csv_with_a_bom() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("mall.db");
    assert!(malldesk(home.path()).args(["demo", "--db"]).arg(&db).output().unwrap().status.success());
    let csv = home.path().join("kpi.csv");
    let output = malldesk(home.path())
        .args(["report", "kpi", "--period", "2026-Q4", "--lang", "en", "--db"])
        .arg(&db)
        .arg("--csv")
        .arg(&csv)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("KPIs for 2026-Q4") && text.contains("Complaint satisfaction"), "{text}");
    assert_eq!(text.lines().count(), 8, "title, six KPIs and the effective rate for the year to date");
    assert!(text.contains("Effective complaint rate, year to date"), "{text}");
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with("\u{feff}Period,KPI,Numerator".as_bytes()));
    let output = malldesk(home.path())
        .args(["report", "kpi", "--period", "2026/11", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(stderr(&output).contains("not a period"));
}

#[test]
fn leasing_and_operations_reports_print_and_write_chinese_csv() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("mall.db");
    assert!(malldesk(home.path()).args(["demo", "--db"]).arg(&db).output().unwrap().status.success());
    for (name, title) in [
        ("occupancy", "出租率统计"),
        ("arrears", "欠费账龄表"),
        ("collection", "应收费用收缴情况"),
        ("expiring", "天内到期的合同"),
        ("licences", "证照已过期"),
        ("leasing", "招商工作汇报"),
        ("ranking", "商户月度考评排名"),
        ("staff", "员工季度考核"),
    ] {
        let csv = home.path().join(format!("{name}.csv"));
        let output = malldesk(home.path())
            .args(["report", name, "--lang", "zh-CN", "--db"])
            .arg(&db)
            .arg("--csv")
            .arg(&csv)
            .output()
            .unwrap();
        assert!(output.status.success(), "{name}: {}", stderr(&output));
        let text = stdout(&output);
        assert!(text.lines().next().unwrap().contains(title), "{name}: {text}");
        for line in text.lines() {
            assert!(unicode_width::UnicodeWidthStr::width(line) <= 100, "{name}: {line}");
        }
        let written = std::fs::read_to_string(&csv).unwrap();
        assert!(written.starts_with('\u{feff}'), "{name}");
        assert!(!written.lines().next().unwrap().is_ascii(), "{name}: Chinese headers: {written}");
    }
    let output = malldesk(home.path())
        .args(["report", "arrears", "--date", "2026-02-30", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert_eq!(stderr(&output), "malldesk: bad date '2026-02-30': write it like 2026-11-23\n");
    let output = malldesk(home.path())
        .args(["report", "ranking", "--period", "2026-Q4", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(
        stderr(&output),
        "malldesk: the ranking is monthly: write a month like 2026-11, not '2026-Q4'\n"
    );
    let output = malldesk(home.path())
        .args(["report", "ranking", "--merchant", "没有这家", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(
        stderr(&output),
        "malldesk: no merchant is named '没有这家': give its brand, company or number\n"
    );
}

#[test]
fn report_case_prints_the_registration_form() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("mall.db");
    assert!(malldesk(home.path()).args(["demo", "--db"]).arg(&db).output().unwrap().status.success());
    let number: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT number FROM complaints ORDER BY id LIMIT 1", [], |r| r.get(0))
        .unwrap();
    let output = malldesk(home.path())
        .args(["report", "case", &number, "--lang", "en", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("Complaint registration form") && text.contains(&number), "{text}");
    let output =
        malldesk(home.path()).args(["report", "case", "TS-19990101-0001", "--db"]).arg(&db).output().unwrap();
    assert!(!output.status.success());
    assert!(stderr(&output).contains("no case numbered"));
}

/// `check` on a damaged file: a payment pointing at a charge that is gone is a foreign-key
/// problem, a page overwritten with junk an integrity problem; both fail with a message that
/// says what is wrong, never a crash.
#[test]
fn check_reports_foreign_key_and_integrity_damage() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("mall.db");
    let output = malldesk(home.path()).args(["demo", "--db"]).arg(&db).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "PRAGMA foreign_keys = OFF;
             INSERT INTO payments (charge_id, amount_fen, paid_on, method, receipt_no)
             VALUES (999999999, 100, '2026-11-01', 'cash', 'SJ-ORPHAN');
             PRAGMA wal_checkpoint(TRUNCATE);",
        )
        .unwrap();
    }
    let output = malldesk(home.path()).args(["check", "--db"]).arg(&db).output().unwrap();
    let line = stdout(&output);
    assert!(!output.status.success(), "{line}");
    assert!(line.starts_with("PROBLEM: integrity ok, 1 broken links"), "{line}");

    // Junk over pages in the middle of the file.
    let mut bytes = std::fs::read(&db).unwrap();
    let middle = bytes.len() / 2 / 4096 * 4096;
    for b in &mut bytes[middle..middle + 3 * 4096] {
        *b = 0x5a;
    }
    std::fs::write(&db, &bytes).unwrap();
    let output = malldesk(home.path()).args(["check", "--db"]).arg(&db).output().unwrap();
    let said = format!("{}{}", stdout(&output), stderr(&output));
    assert!(!output.status.success(), "{said}");
    assert!(!said.contains("panicked"), "{said}");
    assert!(said.contains("integrity") || said.contains("damaged"), "{said}");
}

/// The mall's zone lives in the database: the demo's is Asia/Shanghai; `zone NAME` changes it
/// with an audit row; `--zone` names the zone of a new database only; a bad name says what to
/// write; reports read the same figures on machines in different zones.
#[test]
fn the_malls_time_zone_is_kept_in_the_database() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("mall.db");
    let run = |tz: &str, args: &[&str]| {
        malldesk(home.path()).env("TZ", tz).args(args).arg("--db").arg(&db).output().unwrap()
    };
    assert!(run("UTC", &["demo"]).status.success());
    assert_eq!(stdout(&run("UTC", &["zone"])).trim(), "Asia/Shanghai");

    let reports: Vec<String> = ["UTC", "America/Los_Angeles"]
        .iter()
        .map(|tz| {
            let kpi = run(tz, &["report", "kpi", "--period", "2026-11", "--lang", "en"]);
            let register = run(tz, &["report", "register", "--period", "2026-11", "--lang", "en"]);
            assert!(kpi.status.success() && register.status.success());
            stdout(&kpi) + &stdout(&register)
        })
        .collect();
    assert_eq!(reports[0], reports[1], "the same figures whatever the machine's zone");

    let refused = run("UTC", &["zone", "Mars/Olympus"]);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("`Mars/Olympus` is not a time zone"), "{}", stderr(&refused));

    let changed = run("UTC", &["zone", "Europe/Berlin", "--operator", "王主管"]);
    assert!(changed.status.success(), "{}", stderr(&changed));
    assert_eq!(stdout(&changed).trim(), "Asia/Shanghai → Europe/Berlin");
    assert_eq!(stdout(&run("UTC", &["zone"])).trim(), "Europe/Berlin");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (operator, after): (String, String) = conn
        .query_row(
            "SELECT operator, after FROM audit_log WHERE entity = 'mall_settings' ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((operator.as_str(), after.as_str()), ("王主管", r#"{"time_zone":"Europe/Berlin"}"#));

    let existing = run("UTC", &["--zone", "Asia/Tokyo", "--read-only", "zone"]);
    assert_eq!(stdout(&existing).trim(), "Europe/Berlin", "an existing file keeps its zone");
    let fresh = home.path().join("new.db");
    let created = malldesk(home.path())
        .env("TZ", "UTC")
        .args(["--zone", "Asia/Tokyo", "zone", "Asia/Tokyo", "--db"])
        .arg(&fresh)
        .output()
        .unwrap();
    assert!(created.status.success(), "{}", stderr(&created));
    let new_zone =
        malldesk(home.path()).env("TZ", "UTC").args(["zone", "--db"]).arg(&fresh).output().unwrap();
    assert_eq!(stdout(&new_zone).trim(), "Asia/Tokyo");
}

/// `malldesk report … | head -1`: the reader goes away before the report is printed; the
/// program ends quietly, with no panic and no error text.
#[test]
fn a_closed_pipe_ends_a_report_quietly() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("mall.db");
    let output = malldesk(home.path()).args(["demo", "--db"]).arg(&db).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    for report in ["register", "summary", "kpi"] {
        let mut command = common::program(home.path());
        command
            .args(["report", report, "--db"])
            .arg(&db)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = command.spawn().unwrap();
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{report}: {:?}", output.status);
        assert_eq!(stderr(&output), "", "{report}: nothing on stderr");
    }
}
