//! End to end: the real binary in a pseudo-terminal, read back through a terminal emulator.
//! A clerk visits every tab, registers a complaint in Chinese, finds it with a two-character
//! search and quits; the row is then checked in SQLite. The supervisor's read-only view refuses
//! a write and leaves the file byte-identical, and the screen survives a resize to tiny and back.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::pty::{BACKTAB, ENTER, F2, RIGHT, Session, TAB};

#[test]
fn a_clerk_registers_and_finds_a_complaint() {
    let home = tempfile::tempdir().unwrap();
    let db = common::desk::demo_file(home.path());
    let db_arg = db.to_string_lossy().into_owned();
    let mut desk = Session::start(home.path(), &["--db", &db_arg, "--operator", "王芳"]);
    desk.expect("投诉报事");
    for (key, column) in
        [("1", "登记时间"), ("2", "月租金"), ("3", "受理时间"), ("4", "应回访"), ("5", "主持人")]
    {
        desk.send(key);
        desk.expect(column);
    }
    desk.send("3");
    desk.send(F2);
    desk.expect("新建投诉报事");
    desk.send(TAB);
    desk.send(TAB);
    desk.send("138-0000-1111");
    desk.send(TAB);
    desk.send("钱女士");
    for _ in 0..4 {
        desk.send(TAB);
    }
    desk.send(RIGHT); // the category: the clerk chooses, there is no default
    desk.send(TAB);
    desk.send("电梯门夹伤小孩");
    desk.send(F2);
    desk.expect("已保存投诉报事");
    desk.send("/");
    desk.send("夹伤");
    desk.expect("电梯门夹伤小孩");
    desk.expect("1 / 1");
    desk.quit();

    let conn = rusqlite::Connection::open(&db).unwrap();
    let (complainant, phone, operator): (String, String, String) = conn
        .query_row(
            "SELECT c.complainant, c.phone, a.operator FROM complaints c
             JOIN audit_log a ON a.entity = 'complaints' AND a.record_id = c.id
             WHERE c.content = '电梯门夹伤小孩'",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .unwrap();
    assert_eq!((complainant.as_str(), phone.as_str(), operator.as_str()), ("钱女士", "13800001111", "王芳"));
}

#[test]
fn the_supervisor_cannot_write_and_the_screen_survives_resizing() {
    let home = tempfile::tempdir().unwrap();
    let db = common::desk::demo_file(home.path());
    let before = std::fs::read(&db).unwrap();
    let db_arg = db.to_string_lossy().into_owned();
    let mut view = Session::start(home.path(), &["--db", &db_arg, "--read-only"]);
    view.expect("只读");
    view.expect("回车：列出这");
    assert!(view.screen().contains("客服考核指标"), "the supervisor's first screen is the overview");
    view.send("3");
    view.expect("投诉报事 ─");
    assert!(!view.screen().contains("F2 新建"), "no write keys in the footer");
    view.send(F2);
    view.expect("此界面不能修改任何内容");
    view.resize(5, 10);
    view.expect("请把窗口");
    view.resize(30, 100);
    view.expect("招商客户");
    view.quit();
    assert!(std::fs::read(&db).unwrap() == before, "the read-only session changed the file");
}

/// `malldesk report kpi` for this month, as printed.
fn kpi_report(home: &Path, db: &str) -> String {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_malldesk"))
        .args(["report", "kpi", "--lang", "en", "--db", db])
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("TZ", "UTC")
        .output()
        .unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap()
}

/// The list's bottom border on the Complaints tab: this month's KPI strip (the test fails when
/// the screen has none).
fn kpi_strip(screen: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains("满意") && l.contains("及时"))
        .unwrap_or_else(|| panic!("no KPI strip on the screen:\n{screen}"))
        .to_string()
}

#[test]
fn a_walk_in_complaint_goes_round_the_whole_service_loop() {
    let home = tempfile::tempdir().unwrap();
    let db = common::desk::demo_file(home.path());
    {
        // The supervisor who approves the remedy is on the staff list.
        let store = malldesk::store::Store::open(&db, "测试").unwrap();
        let mut supervisor = common::staff("赵主管", malldesk::domain::staff::StaffRole::Supervisor);
        store.repo::<malldesk::domain::staff::Staff>().create(&mut supervisor).unwrap();
    }
    let db_arg = db.to_string_lossy().into_owned();
    let kpis_before = kpi_report(home.path(), &db_arg);
    let mut desk = Session::start(home.path(), &["--db", &db_arg, "--operator", "王芳"]);
    desk.expect("投诉报事");
    desk.send("3");
    desk.expect("满意");
    let strip_before = kpi_strip(&desk.screen());

    // Register the walk-in.
    desk.send(F2);
    desk.expect("新建投诉报事");
    desk.send(TAB);
    desk.send(TAB);
    desk.send("13700001111");
    desk.send(TAB);
    desk.send("孙女士");
    for _ in 0..4 {
        desk.send(TAB);
    }
    desk.send(RIGHT); // the category: the clerk chooses, there is no default
    desk.send(TAB);
    desk.send("买的羽绒服掉毛严重");
    desk.send(F2);
    desk.expect("已保存投诉报事");

    // Judge it valid, investigate, propose a remedy with a supervisor's approval, resolve it.
    desk.send("a");
    desk.expect("选择下一环节");
    desk.send(F2);
    desk.expect("是否成立");
    desk.send(F2);
    desk.expect("已记录处理环节");
    desk.send("a");
    desk.send(F2);
    desk.expect("原因");
    desk.send("面料质量问题");
    desk.send(F2);
    desk.expect("已记录处理环节");
    desk.send("a");
    desk.send(F2);
    desk.expect("处理方案");
    desk.send("退货退款并致歉");
    desk.send(TAB);
    desk.send(TAB);
    desk.send("赵主管");
    desk.send(F2);
    desk.expect("已记录处理环节");
    desk.send("a");
    desk.send(F2);
    desk.send(F2);
    desk.expect("已记录处理环节");

    // The callback: two failed attempts, then the customer is reached and satisfied.
    desk.send("4");
    desk.send("/");
    desk.send("孙女士");
    desk.send(ENTER);
    for failures in [1, 2] {
        desk.send("a");
        desk.expect("开场");
        // The call form opens on the verdict; the result is two fields up.
        desk.send(BACKTAB);
        desk.send(BACKTAB);
        for _ in 0..failures {
            desk.send(RIGHT);
        }
        desk.send(F2);
        desk.expect("已登记回访");
    }
    desk.send("a");
    desk.expect("开场");
    desk.send(RIGHT);
    desk.send(F2);
    desk.expect("已登记回访");
    // The search looks across all callbacks: the call is done, the row stays, marked done.
    desk.expect("已完成");

    // Close the case.
    desk.send("3");
    desk.send("/");
    desk.send("羽绒服掉毛");
    desk.send(ENTER);
    desk.expect("已回访");
    desk.send("a");
    desk.send(F2);
    desk.expect("结案小结");
    desk.send("已退款，顾客满意");
    desk.send(F2);
    desk.expect("已记录处理环节");
    desk.send("\x1b");
    desk.send("\x1b");
    std::thread::sleep(Duration::from_millis(300));
    let strip_after = kpi_strip(&desk.screen());
    desk.quit();

    assert_ne!(strip_before, strip_after, "the KPI strip follows the case");
    // The strip shows this month's figures exactly (rounded to whole percents at 100 columns),
    // in order, each with its "!" when the target is missed.
    let store = malldesk::store::Store::open_read_only(&db).unwrap();
    let month = malldesk::domain::kpi::Period::month_of(chrono::Utc::now().date_naive());
    let expected =
        malldesk::report::kpi::kpis(&store, &malldesk::config::Settings::default(), month).unwrap();
    assert_eq!(expected.len(), 7, "six KPIs and the effective complaint rate for the year to date");
    let lang = malldesk::ui::i18n::Lang::ZhCn;
    let mut rest = strip_after.as_str();
    for kpi in &expected {
        let value = kpi.value().map_or_else(|| "—".to_string(), |v| format!("{:.0}%", v * 100.0));
        let mark = if kpi.met() == Some(false) { "!" } else { "" };
        let shown = format!("{} {value}{mark}", lang.t(&format!("kpi.short.{}", kpi.code)));
        let at =
            rest.find(&shown).unwrap_or_else(|| panic!("{shown:?} not next in the strip: {strip_after}"));
        rest = &rest[at + shown.len()..];
    }
    drop(store);
    let kpis_after = kpi_report(home.path(), &db_arg);
    assert_ne!(kpis_before, kpis_after, "and so does `malldesk report kpi`");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (step, satisfaction, approved_by): (String, String, String) = conn
        .query_row(
            "SELECT step, satisfaction, approved_by FROM complaints WHERE content = '买的羽绒服掉毛严重'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (step.as_str(), satisfaction.as_str(), approved_by.as_str()),
        ("closed", "satisfied", "赵主管")
    );
    let attempts: i64 = conn
        .query_row(
            "SELECT count(*) FROM callback_attempts a JOIN callbacks c ON c.id = a.callback_id
             JOIN complaints k ON k.id = c.complaint_id WHERE k.content = '买的羽绒服掉毛严重'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(attempts, 3);
}

/// A hurried clerk tries to skip judging and approval by changing a case's kind: register a
/// complaint, turn it into a help request, resolve it at once, then turn it back into a
/// complaint. The last edit is refused on screen and the database keeps the case as it was.
#[test]
fn changing_the_kind_cannot_skip_the_process() {
    const LEFT: &str = "\x1b[D";
    let home = tempfile::tempdir().unwrap();
    let db = common::desk::demo_file(home.path());
    let db_arg = db.to_string_lossy().into_owned();
    let mut desk = Session::start(home.path(), &["--db", &db_arg, "--operator", "王芳"]);
    desk.expect("投诉报事");
    desk.send("3");
    desk.send(F2);
    desk.expect("新建投诉报事");
    desk.send(TAB);
    desk.send(TAB);
    desk.send("13600002222");
    desk.send(TAB);
    desk.send("吴先生");
    for _ in 0..4 {
        desk.send(TAB);
    }
    desk.send(RIGHT);
    desk.send(TAB);
    desk.send("扶梯急停把老人摔了");
    desk.send(F2);
    desk.expect("已保存投诉报事");
    // Edit: complaint → help request (allowed while only received).
    desk.send("e");
    desk.expect("修改投诉报事");
    desk.send(RIGHT);
    desk.send(RIGHT);
    desk.send(F2);
    desk.expect("已保存投诉报事");
    // Help is resolved at once.
    desk.send("a");
    desk.send(F2);
    desk.send(F2);
    desk.expect("已记录处理环节");
    // Back to a complaint: refused, the form stays open with the reason.
    desk.send("e");
    desk.expect("修改投诉报事");
    desk.send(LEFT);
    desk.send(LEFT);
    desk.send(F2);
    desk.expect("类型不能再改");
    desk.send("\x1b");
    desk.send("y");
    desk.quit();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (kind, step, valid): (String, String, Option<bool>) = conn
        .query_row(
            "SELECT kind, step, valid FROM complaints WHERE content = '扶梯急停把老人摔了'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((kind.as_str(), step.as_str(), valid), ("help", "resolved", None));
}

/// Leasing from the first visit to the last day, at the keyboard: register a prospect, move it
/// to negotiating, sign it, give all five signatures, activate, bill a month, pay part, try to
/// exit (refused for what is owed), pay the rest, fill the exit checklist with the deposit
/// refunded and exit — then read the database.
#[test]
fn a_lease_from_prospect_to_exit_at_the_keyboard() {
    const F11: &str = "\x1b[23~";
    const F3: &str = "\x1bOR";
    const BACKSPACE: &str = "\x7f";
    let home = tempfile::tempdir().unwrap();
    let db = common::desk::demo_file(home.path());
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute(
            "INSERT INTO units (code, floor, zone, area_dm2, category) VALUES ('9F-Z01', '9F', '9F Z区', 6000, '茶饮')",
            [],
        )
        .unwrap();
    }
    let db_arg = db.to_string_lossy().into_owned();
    let mut desk = Session::start(home.path(), &["--db", &db_arg, "--operator", "王芳"]);
    desk.expect("招商客户");
    desk.send("1");
    desk.send(F2);
    desk.expect("新建招商客户");
    desk.send("蜜雪冰城PTY");
    desk.send(TAB);
    desk.send(TAB);
    desk.send("陈经理");
    desk.send(TAB);
    desk.send("13700001111");
    desk.send(F2);
    desk.expect("已保存招商客户");
    // Potential → intent → negotiating (the second choice each time), then sign.
    for _ in 0..2 {
        desk.send(F11);
        desk.send("2");
        desk.send(F2);
    }
    desk.send(F11);
    desk.send("2");
    desk.expect("签约");
    desk.send("9F-Z01");
    desk.send(TAB);
    desk.send(TAB);
    desk.send("+365d");
    desk.send(TAB);
    desk.send("20000");
    desk.send(TAB);
    desk.send(TAB);
    desk.send("60000");
    desk.send(F2);
    desk.expect("已签约");

    // The draft lease: five signatures, each from the staff offered for the step.
    desk.send("2");
    desk.send(F3);
    desk.send("蜜雪冰城PTY");
    desk.send(ENTER);
    desk.expect("9F-Z01");
    for _ in 0..5 {
        desk.send(F11);
        desk.send("1");
        desk.send(F2);
    }
    // Legal review, approved, active: each the next stage in the list.
    desk.send(F11);
    desk.send("1");
    for _ in 0..2 {
        desk.send(F11);
        desk.send("2");
    }
    // A month's rent (prefilled from the lease), then part of it paid.
    desk.send(F11);
    desk.send("2");
    desk.expect("20000.00");
    desk.send(F2);
    desk.send(F11);
    desk.send("1");
    desk.send(TAB);
    for _ in 0..10 {
        desk.send(BACKSPACE);
    }
    desk.send("5000");
    desk.send(TAB);
    desk.send(TAB);
    desk.send(TAB);
    desk.send("SJ-PTY-1");
    desk.send(F2);
    // Exit while owing: refused with the amount.
    desk.send(F11);
    desk.send("9");
    desk.expect("15000.00");
    desk.send("\x1b");
    // The rest paid (the amount comes prefilled with what is owed).
    desk.send(F11);
    desk.send("1");
    desk.expect("15000.00");
    desk.send(TAB);
    desk.send(TAB);
    desk.send(TAB);
    desk.send(TAB);
    desk.send("SJ-PTY-2");
    desk.send(F2);
    // The exit checklist with the whole deposit refunded, then exit.
    desk.send(F11);
    desk.send("7");
    desk.expect("押金金额");
    desk.send("today");
    desk.send(TAB);
    desk.send("today");
    desk.send(TAB);
    desk.send(TAB);
    desk.send("60000");
    desk.send(TAB);
    desk.send("today");
    desk.send(TAB);
    desk.send("today");
    desk.send(F2);
    desk.send(F11);
    desk.send("9");
    desk.quit();

    let conn = rusqlite::Connection::open(&db).unwrap();
    let (lease_id, stage): (i64, String) = conn
        .query_row(
            "SELECT l.id, l.stage FROM leases l JOIN merchants m ON m.id = l.merchant_id WHERE m.brand = '蜜雪冰城PTY'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [lease_id], |r| r.get(0)).unwrap() };
    let signatures = count(
        "SELECT count(DISTINCT staff_id) FROM lease_approvals WHERE lease_id = ? AND decision = 'approved'",
    );
    let paid = count(
        "SELECT sum(p.amount_fen) FROM payments p JOIN charges c ON c.id = p.charge_id WHERE c.lease_id = ?",
    );
    let refunded = count("SELECT deposit_refunded_fen FROM lease_exits WHERE lease_id = ?");
    let moves = count("SELECT count(*) FROM lease_stage_moves WHERE lease_id = ?");
    assert_eq!(
        (stage.as_str(), signatures, paid, refunded, moves),
        ("exited", 5, 2_000_000, 6_000_000, 4),
        "lease {lease_id}"
    );
}

/// A panic restores the whole terminal: raw mode, the alternate screen, mouse tracking and
/// bracketed paste all off again, and the panic message readable on the normal screen.
#[test]
fn a_panic_restores_every_terminal_mode() {
    let home = tempfile::tempdir().unwrap();
    let db = common::desk::demo_file(home.path());
    let db_arg = db.to_string_lossy().into_owned();
    let mut desk = Session::start_with(
        home.path(),
        &["--db", &db_arg, "--operator", "王芳"],
        &[("MALLDESK_TEST_PANIC", "1")],
    );
    let started = Instant::now();
    let status = loop {
        if let Some(status) = desk.child.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "the desk did not panic:\n{}", desk.screen());
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(!status.success());
    std::thread::sleep(Duration::from_millis(200));
    let parser = desk.parser.lock().unwrap();
    let screen = parser.screen();
    assert!(!screen.alternate_screen(), "back on the normal screen");
    assert_eq!(screen.mouse_protocol_mode(), vt100::MouseProtocolMode::None, "mouse tracking off");
    assert!(!screen.bracketed_paste(), "bracketed paste off");
    assert!(screen.contents().contains("panicking on purpose"), "{}", screen.contents());
    drop(parser);
    desk.send("x");
}

/// `--demo` wins over MALLDESK_DB (the demo opens, the variable's file is left alone), and
/// `--demo --db PATH` makes the demo at PATH, as the README says.
#[test]
fn demo_flag_with_a_database_variable_or_path() {
    let home = tempfile::tempdir().unwrap();
    let elsewhere = home.path().join("real-mall.db");
    let elsewhere_arg = elsewhere.to_string_lossy().into_owned();
    let desk = Session::start_with(home.path(), &["--demo"], &[("MALLDESK_DB", &elsewhere_arg)]);
    desk.expect("投诉报事");
    desk.expect("条");
    desk.quit();
    assert!(!elsewhere.exists(), "the variable's database was not touched");
    assert!(home.path().join("data/malldesk/demo.db").exists(), "the demo is in the data directory");

    let chosen = home.path().join("chosen-demo.db");
    let chosen_arg = chosen.to_string_lossy().into_owned();
    let desk = Session::start(home.path(), &["--demo", "--db", &chosen_arg]);
    desk.expect("投诉报事");
    let conn = rusqlite::Connection::open(&chosen).unwrap();
    // The demo desk is worked by the demo mall's first clerk, not by the machine's account.
    let clerk: String = conn
        .query_row(
            "SELECT name FROM staff WHERE role = 'clerk' AND active = 1 ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    desk.expect(&format!("操作员: {clerk}"));
    desk.quit();
    let cases: i64 = conn.query_row("SELECT count(*) FROM complaints", [], |r| r.get(0)).unwrap();
    assert!(cases > 10, "the demo was made at the path given: {cases}");
}

/// The settings file reaches the desk's rules through the real start-up: a two-hour judging
/// limit sets the new case's deadline, and a late sign-in costs the configured 3 points.
#[test]
fn the_settings_file_changes_the_desks_deadlines_and_penalties() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config/malldesk");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("settings.toml"),
        "[service]\njudge_hours = 2\n\n[meetings]\npenalty_late = 3.0\n",
    )
    .unwrap();
    let db = common::desk::demo_file(home.path());
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "INSERT INTO meetings (kind, starts_at, zone, host, duration_min, minutes)
             VALUES ('morning_briefing', '2026-11-23T00:45:00Z', NULL, 'PTY主持人', 15, '');
             INSERT INTO attendance (meeting_id, merchant_id, expected_name, status)
             VALUES (last_insert_rowid(), (SELECT min(id) FROM merchants), 'PTY测试店 9F-Z09', 'expected');",
        )
        .unwrap();
    }
    let db_arg = db.to_string_lossy().into_owned();
    let mut desk = Session::start(home.path(), &["--db", &db_arg, "--operator", "王芳"]);
    desk.expect("投诉报事");
    desk.send("3");
    desk.send(F2);
    desk.expect("新建投诉报事");
    desk.send(TAB);
    desk.send(TAB);
    desk.send("138-0000-2222");
    desk.send(TAB);
    desk.send("孙先生");
    for _ in 0..4 {
        desk.send(TAB);
    }
    desk.send(RIGHT);
    desk.send(TAB);
    desk.send("设置测试投诉内容");
    desk.send(F2);
    desk.expect("已保存投诉报事");
    desk.send("5");
    desk.send("/");
    desk.send("PTY主持人");
    desk.send(ENTER);
    // The found meeting is selected once its roster shows in the detail (under load the
    // search can take longer than the keys).
    desk.expect("PTY测试店 9F-Z09");
    desk.send("\x1b[23~"); // F11
    desk.send("1"); // sign in (the number takes the work at once)
    desk.send("PTY测试店");
    desk.send(TAB);
    desk.send(RIGHT); // present → late
    desk.send(F2);
    desk.expect("已签到");
    desk.send("\x1b");
    desk.quit();

    let conn = rusqlite::Connection::open(&db).unwrap();
    let (received, due): (String, String) = conn
        .query_row(
            "SELECT received_at, due_at FROM complaints WHERE content = '设置测试投诉内容'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let parse = |t: &str| chrono::DateTime::parse_from_rfc3339(t).unwrap();
    assert_eq!((parse(&due) - parse(&received)).num_hours(), 2, "judged within the configured 2 hours");
    let penalty: i64 = conn
        .query_row(
            "SELECT penalty_tenths FROM attendance WHERE expected_name = 'PTY测试店 9F-Z09'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(penalty, 30, "late costs the configured 3 points");
}

/// The mall's clock is the database's, not the machine's: the demo mall (Asia/Shanghai) shows
/// the same screens on a UTC server and on a machine in New Zealand — its 08:45 briefings at
/// 08:45 — and "today" is the mall's day.
#[test]
fn the_screens_read_the_malls_clock_whatever_the_machines_zone() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("mall.db");
    let db_arg = db.to_string_lossy().into_owned();
    let made = common::program(home.path())
        .args(["demo", "--db", &db_arg])
        .env("TZ", "America/Los_Angeles")
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let screens: Vec<Vec<String>> = ["UTC", "Pacific/Auckland"]
        .iter()
        .map(|zone| {
            let mut desk =
                Session::start_with(home.path(), &["--read-only", "--db", &db_arg], &[("TZ", zone)]);
            desk.expect("条");
            let mut seen = Vec::new();
            for (key, marker) in [("5", "会议签到"), ("4", "回访"), ("3", "投诉报事")] {
                desk.send(key);
                desk.expect(marker);
                std::thread::sleep(Duration::from_millis(400));
                seen.push(desk.screen());
            }
            desk.quit();
            seen
        })
        .collect();
    assert!(screens[0][0].contains("08:45"), "briefings at the mall's 08:45:\n{}", screens[0][0]);
    assert!(!screens[0][0].contains("00:45"), "not at UTC's 00:45:\n{}", screens[0][0]);
    for (utc, auckland) in screens[0].iter().zip(&screens[1]) {
        assert_eq!(utc, auckland, "the same mall, two machine zones");
    }
}

/// A mall file the desk creates with no zone given takes the machine's (`TZ`), and keeps it
/// when the machine's zone changes later.
#[test]
fn a_new_mall_file_takes_the_machines_zone() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("new.db");
    let db_arg = db.to_string_lossy().into_owned();
    let desk = Session::start_with(home.path(), &["--db", &db_arg], &[("TZ", ":America/Los_Angeles")]);
    desk.expect("投诉报事");
    desk.quit();
    let zone =
        common::program(home.path()).args(["zone", "--db", &db_arg]).env("TZ", "UTC").output().unwrap();
    assert_eq!(String::from_utf8_lossy(&zone.stdout).trim(), "America/Los_Angeles");
}
