//! KPIs computed from a small, hand-counted set of cases, and the `report kpi` command.

mod common;

use common::*;
use malldesk::config::Settings;
use malldesk::domain::complaint::{Complaint, ComplaintKind, ComplaintStep, Satisfaction};
use malldesk::domain::kpi::Period;
use malldesk::domain::merchant::Merchant;
use malldesk::report;
use malldesk::store::Store;
use malldesk::store::callbacks::IfUnsatisfied;

/// Every case is received an hour ago: the steps run on the real clock, so "on time" holds.
fn received() -> chrono::DateTime<chrono::Utc> {
    malldesk::domain::clock::now() - chrono::Duration::hours(1)
}

fn this_period() -> Period {
    Period::month_of(received().with_timezone(&chrono::Local).date_naive())
}

/// A case walked through to its callback with `satisfaction`.
fn called_back(store: &Store, kind: ComplaintKind, merchant_id: i64, satisfaction: Satisfaction) {
    let repo = store.repo::<Complaint>();
    let mut case = common::complaint("测试案件");
    case.received_at = received();
    case.kind = kind;
    case.merchant_id = Some(merchant_id);
    repo.create(&mut case).unwrap();
    if kind == ComplaintKind::Complaint {
        repo.advance(case.id, ComplaintStep::Judged, "", |c| c.valid = Some(true)).unwrap();
    }
    repo.advance(case.id, ComplaintStep::Investigating, "", |_| {}).unwrap();
    if kind == ComplaintKind::Complaint {
        let approver = common::supervisor(store);
        repo.advance(case.id, ComplaintStep::Proposal, "", |c| {
            c.remedy = "退款".into();
            c.approved_by = Some(approver);
        })
        .unwrap();
    }
    repo.advance(case.id, ComplaintStep::Resolved, "", |_| {}).unwrap();
    common::call_back(store, case.id, satisfaction, IfUnsatisfied::Escalate);
}

#[test]
fn kpis_from_hand_counted_cases() {
    let store = memory_store();
    let mut merchants = Vec::new();
    for brand in ["甲", "乙", "丙", "丁"] {
        let mut m = common::merchant(brand);
        store.repo::<Merchant>().create(&mut m).unwrap();
        merchants.push(m.id);
    }
    // Complaints: 2 satisfied + 1 unsatisfied (merchants 甲, 甲, 乙), 1 still open (丙, not judged).
    called_back(&store, ComplaintKind::Complaint, merchants[0], Satisfaction::Satisfied);
    called_back(&store, ComplaintKind::Complaint, merchants[0], Satisfaction::Satisfied);
    called_back(&store, ComplaintKind::Complaint, merchants[1], Satisfaction::Unsatisfied);
    let mut open = common::complaint("尚未判断");
    open.received_at = received();
    open.merchant_id = Some(merchants[2]);
    store.repo::<Complaint>().create(&mut open).unwrap();
    // Requests: one repair called back satisfied, one repair still open.
    called_back(&store, ComplaintKind::Repair, merchants[3], Satisfaction::Satisfied);
    let mut repair = common::complaint("灯不亮");
    repair.received_at = received();
    repair.kind = ComplaintKind::Repair;
    store.repo::<Complaint>().create(&mut repair).unwrap();

    let settings = Settings::default();
    let kpis = report::kpi::kpis(&store, &settings, this_period()).unwrap();
    let by = |code: &str| kpis.iter().find(|k| k.code == code).unwrap().clone();
    assert_eq!(
        (by("effective_complaint_rate").numerator, by("effective_complaint_rate").denominator),
        (2, 4)
    );
    assert_eq!((by("response_rate").numerator, by("response_rate").denominator), (3, 4));
    assert_eq!((by("complaint_satisfaction").numerator, by("complaint_satisfaction").denominator), (2, 3));
    assert_eq!((by("incident_callback_rate").numerator, by("incident_callback_rate").denominator), (1, 2));
    assert_eq!((by("incident_satisfaction").numerator, by("incident_satisfaction").denominator), (1, 1));
    assert_eq!(
        (by("on_time_rate").numerator, by("on_time_rate").denominator),
        (2, 4),
        "resolved at once: on time; the unsatisfied case was reopened, so it is not resolved"
    );
    assert_eq!(by("complaint_satisfaction").percent(), "66.7 %");
    // On paper the figures stand in one column whatever the names' widths (CJK counts two), two
    // spaces after the longest name.
    for lang in [malldesk::ui::i18n::Lang::En, malldesk::ui::i18n::Lang::ZhCn] {
        let text = report::kpi::text(&kpis, this_period(), lang);
        let lines: Vec<&str> = text.lines().skip(1).collect();
        assert_eq!(lines.len(), kpis.len(), "{text}");
        let names: Vec<String> =
            kpis.iter().map(|k| lang.t(&format!("kpi.{}", k.code)).into_owned()).collect();
        let longest = names.iter().map(|n| unicode_width::UnicodeWidthStr::width(n.as_str())).max().unwrap();
        for (line, (kpi, name)) in lines.iter().zip(kpis.iter().zip(&names)) {
            let figure = format!("{:>8}", kpi.percent());
            let at = line.find(&figure).unwrap_or_else(|| panic!("{figure:?} in {line:?}"));
            assert_eq!(
                unicode_width::UnicodeWidthStr::width(&line[..at]),
                longest + 2,
                "the figure of {name} starts two columns after the longest name:\n{text}"
            );
            assert!(line.starts_with(name.as_str()), "{line}");
        }
    }

    // A month with no cases: dashes, no division by zero.
    let empty = report::kpi::kpis(&store, &settings, Period::Month { year: 2025, month: 2 }).unwrap();
    let text =
        report::kpi::text(&empty, Period::Month { year: 2025, month: 2 }, malldesk::ui::i18n::Lang::En);
    assert!(empty.iter().skip(2).all(|k| k.percent() == "—"), "{text}");
    assert!(text.contains("—"));
}

#[test]
fn classification_and_callback_summary_from_hand_counted_records() {
    use malldesk::domain::callback::{Attempt, AttemptResult, Callback, ContactMode};
    use malldesk::ui::i18n::Lang;
    let store = memory_store();
    let mut m = common::merchant("星光咖啡");
    store.repo::<Merchant>().create(&mut m).unwrap();
    called_back(&store, ComplaintKind::Complaint, m.id, Satisfaction::Satisfied);
    called_back(&store, ComplaintKind::Repair, m.id, Satisfaction::Unsatisfied);
    let period = this_period();
    let report = report::service::classification(&store, period, Lang::En).unwrap();
    let row = |dimension: &str, value: &str| {
        report.rows.iter().find(|r| r[1] == dimension && r[2] == value).map(|r| r[3].clone())
    };
    assert_eq!(row("kind", "complaint").as_deref(), Some("1"));
    assert_eq!(row("kind", "repair").as_deref(), Some("1"));
    assert_eq!(row("merchant", "星光咖啡").as_deref(), Some("2"));
    assert_eq!(row("satisfaction", "unsatisfied").as_deref(), Some("1"));
    // In Chinese every coded dimension reads in words, on paper and in the CSV.
    let zh = report::service::classification(&store, period, Lang::ZhCn).unwrap();
    let words: Vec<(&str, &str)> =
        zh.rows.iter().filter(|r| r[1] != "merchant").map(|r| (r[1].as_str(), r[2].as_str())).collect();
    for expected in [("kind", "投诉"), ("kind", "报修"), ("satisfaction", "不满意")] {
        assert!(words.contains(&expected), "{expected:?} in {words:?}");
    }
    assert!(words.iter().all(|(_, value)| !value.is_ascii()), "a code left untranslated: {words:?}");
    assert!(zh.text.contains("投诉") && zh.text.contains("报修"), "{}", zh.text);

    // A care call that fails three times lands on the unreachable list.
    let mut care = common::callback("钱先生");
    care.due_at = received() + chrono::Duration::hours(2);
    store.repo::<Callback>().create(&mut care).unwrap();
    for result in [AttemptResult::NoAnswer, AttemptResult::PoweredOff, AttemptResult::WrongNumber] {
        let mut attempt = Attempt {
            id: 0,
            callback_id: care.id,
            at: received(),
            mode: ContactMode::Phone,
            result,
            call_later_at: None,
            note: String::new(),
            operator: String::new(),
        };
        store.repo::<Callback>().record_attempt(&mut attempt).unwrap();
    }
    let unreachable = report::service::unreachable(&store, period).unwrap();
    assert_eq!(unreachable.iter().map(|c| c.party_name.as_str()).collect::<Vec<_>>(), ["钱先生"]);
    let summary = report::service::summary(&store, period, Lang::ZhCn).unwrap();
    assert!(summary.text.contains("钱先生") && summary.text.contains("无法联系名单"), "{}", summary.text);
    let survey = summary.rows.iter().find(|r| r[1] == "reason" && r[2] == "满意度调查").unwrap();
    assert_eq!(&survey[3..7], ["1", "0", "1", "0"], "survey callbacks: total, done, unreachable, open");
}

/// Chinese text with commas (both widths), quotes and line breaks survives the CSV: a
/// spreadsheet reads back exactly what was said, one record per callback.
#[test]
fn csv_quotes_commas_quotes_and_line_breaks_in_chinese_text() {
    use malldesk::domain::callback::Callback;
    use malldesk::domain::complaint::Satisfaction;
    let store = common::memory_store();
    let words = "顾客说：\"太贵了，不买\", 还要投诉\n第二行，'单引号'\r\n第三行";
    let mut c = common::callback("王五, 李四（代）");
    c.due_at = received();
    store.repo::<Callback>().create(&mut c).unwrap();
    store.repo::<Callback>().record_outcome(c.id, Satisfaction::Unsatisfied, words).unwrap();
    let report = report::service::register(&store, this_period(), malldesk::ui::i18n::Lang::ZhCn).unwrap();
    assert!(
        !report.text.lines().any(|l| l.starts_with("第二行")),
        "the printed register keeps one line each"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.csv");
    report::write_csv(&path, &report.header.iter().map(String::as_str).collect::<Vec<_>>(), &report.rows)
        .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM so Excel reads UTF-8");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "exports hold phone numbers: owner only");
    }
    let mut reader = csv::ReaderBuilder::new().from_reader(&bytes[3..]);
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 1);
    assert_eq!(&records[0][1], "王五, 李四（代）");
    assert_eq!(&records[0][7], words);
}

/// The printed registration form: every filled field on its own line (a compensation only when
/// there is one, a judgement when made), empty ones left out, the content indented under its
/// label, the steps with who and when, the signature lines last.
#[test]
fn the_registration_form_prints_what_the_case_holds_and_leaves_out_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("mall.db"), "测试员").unwrap();
    let mut case = common::complaint("鞋子开胶\n第二次来");
    store.repo::<Complaint>().create(&mut case).unwrap();
    let form = |store: &Store, case: &Complaint| {
        let case = store.repo::<Complaint>().get(case.id).unwrap();
        report::case::registration_form(store, &case, malldesk::ui::i18n::Lang::En).unwrap()
    };
    let text = form(&store, &case);
    assert!(text.starts_with("Complaint registration form\n"), "{text}");
    assert!(text.contains(&format!("\nNumber:         {}\n", case.number)), "{text}");
    assert!(text.contains("\nContent:\n  鞋子开胶\n  第二次来\n"), "{text}");
    assert!(text.contains("\nDepartment:     营运部\n"), "a filled field is printed: {text}");
    for absent in ["Valid", "Cause", "Advance compensation", "Remedy", "Approved by", "Satisfaction"] {
        assert!(!text.contains(&format!("\n{absent}")), "{absent} is empty, so left out: {text}");
    }
    // Judged not valid, with a cause and a compensation of ¥123.
    set_complaint_columns(&store, case.id, "valid = 0, cause = '鞋底质量', compensation_fen = 12300");
    let text = form(&store, &case);
    assert!(text.contains("\nValid:          no\n"), "{text}");
    assert!(text.contains("\nCause:          鞋底质量\n"), "{text}");
    assert!(text.contains("\nAdvance compensation (yuan): 123.00\n"), "a long label keeps a space: {text}");
    // A compensation of one fen still shows; none at all does not.
    set_complaint_columns(&store, case.id, "compensation_fen = 1");
    assert!(form(&store, &case).contains("\nAdvance compensation (yuan): 0.01\n"));
    let steps = text.split("\nSteps\n").nth(1).expect("the steps section");
    assert!(steps.lines().next().unwrap().contains(" received "), "{steps}");
    assert!(text.trim_end().ends_with(&english("case.signatures")), "{text}");
}

/// Sets columns of a complaint directly, for states the steps would take long to reach.
fn set_complaint_columns(store: &Store, id: i64, set: &str) {
    let conn = rusqlite::Connection::open(store.path().unwrap()).unwrap();
    conn.execute(&format!("UPDATE complaints SET {set} WHERE id = ?"), [id]).unwrap();
}

/// The English text of locale key `key`.
fn english(key: &str) -> String {
    malldesk::ui::i18n::Lang::En.t(key).trim_end().to_string()
}
