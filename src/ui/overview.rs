//! The overview (总览): today's queues, the service KPIs for this month and the year to date,
//! and the trends, on one screen. Every figure is a count taken through the list it opens —
//! the tab's own query with a [`Drill`] in force — so the number shown is the number of rows
//! Enter lists. Figures and charts are read on the query worker; the screen draws at once
//! with placeholders and fills in as the answers come.

use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, Utc};

use super::i18n::Lang;
use super::tabs::{Drill, FetchContext, Tab, TabFilter};
use crate::domain::complaint::ComplaintStep;
use crate::domain::kpi::{self, Kpi, Period};
use crate::domain::prospect::ProspectStage;
use crate::store::complaints::CaseGroup;
use crate::store::{Result, Store};

/// Where a figure leads: a tab showing exactly the records counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub tab: Tab,
    /// The tab's quick filter to show (the Directory's merchants).
    pub quick: Option<usize>,
    pub drill: Option<Drill>,
    /// One record (the next meeting).
    pub only_id: Option<i64>,
}

impl Target {
    fn drill(tab: Tab, drill: Drill) -> Target {
        Target { tab, quick: None, drill: Some(drill), only_id: None }
    }

    /// The list filter that shows the records: every record of the tab narrowed by the drill.
    pub fn filter(&self) -> TabFilter {
        TabFilter {
            quick: self.quick.unwrap_or_else(|| self.tab.source().all_filter()),
            drill: self.drill.clone(),
            only_id: self.only_id,
            ..Default::default()
        }
    }
}

/// One selectable figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// As shown: `12`, `93.8% 30/32 ✓`; `…` until read.
    pub text: String,
    /// How many rows Enter lists (`None` until read).
    pub rows: Option<u64>,
    /// Needs attention: drawn in the alert style and marked with a sign.
    pub alert: bool,
    pub target: Target,
}

/// One line of a panel: a label and its figures (one column each).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub label: String,
    pub figures: Vec<Figure>,
    /// Text after the figures that is not a figure (a KPI's target).
    pub note: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    pub title: String,
    /// Column headings over the figures (empty: none).
    pub columns: Vec<String>,
    pub lines: Vec<Line>,
}

/// Everything the overview shows beside the charts.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub panels: Vec<Panel>,
}

/// The trends drawn as charts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Charts {
    /// ISO week labels (`W36`…), oldest first, and per category its weekly counts; the
    /// largest categories first.
    pub weeks: Vec<String>,
    pub by_category: Vec<(String, Vec<u64>)>,
    /// Month labels (`2025-12`…), oldest first.
    pub months: Vec<String>,
    pub response: Vec<Option<f64>>,
    pub satisfaction: Vec<Option<f64>>,
    pub response_target: f64,
    pub satisfaction_target: f64,
    /// Prospects reaching each stage this year.
    pub funnel: Vec<(String, u64)>,
    pub funnel_year: i32,
    pub collection: Vec<Option<f64>>,
    pub collection_target: f64,
    pub vacancy: Vec<Option<f64>>,
}

/// The overview's state on the desk.
#[derive(Debug, Clone, Default)]
pub struct Overview {
    /// The figures, once read (placeholders drawn until then).
    pub figures: Option<Figures>,
    pub charts: Option<Charts>,
    /// The chosen figure: (line across all panels, figure in the line).
    pub selected: (usize, usize),
    /// Figures or charts are being read again (shown from the old answer meanwhile).
    pub figures_pending: bool,
    pub charts_pending: bool,
    /// The answers on screen are current.
    pub fresh: bool,
}

impl Overview {
    /// The figures as shown: the read ones, else the placeholders (built from `ctx` only then).
    pub fn shown(&self, ctx: impl FnOnce() -> FetchContext) -> std::borrow::Cow<'_, Figures> {
        match &self.figures {
            Some(figures) => std::borrow::Cow::Borrowed(figures),
            None => std::borrow::Cow::Owned(placeholders(&ctx())),
        }
    }

    /// Every line of every panel with a figure, in screen order: how ↑↓ walk.
    fn selectable(figures: &Figures) -> Vec<usize> {
        figures.panels.iter().flat_map(|p| p.lines.iter()).map(|l| l.figures.len()).collect()
    }

    /// Moves the choice by `lines` (↑↓) or `figures` (←→), staying on a figure.
    pub fn move_by(&mut self, figures: &Figures, lines: i64, across: i64) {
        let widths = Overview::selectable(figures);
        if widths.is_empty() {
            return;
        }
        let (mut line, mut column) = self.selected;
        line = line.min(widths.len() - 1);
        if lines != 0 {
            let step = lines.signum();
            let mut next = line as i64;
            let mut left = lines.abs();
            while left > 0 {
                next += step;
                if next < 0 || next >= widths.len() as i64 {
                    break;
                }
                if widths[next as usize] > 0 {
                    line = next as usize;
                    left -= 1;
                }
            }
        }
        if across != 0 && widths[line] > 0 {
            column = (column as i64 + across).clamp(0, widths[line] as i64 - 1) as usize;
        }
        if widths[line] == 0 {
            line = widths.iter().position(|w| *w > 0).unwrap_or(0);
        }
        column = column.min(widths[line].saturating_sub(1));
        self.selected = (line, column);
    }

    /// The figure chosen now.
    pub fn chosen<'f>(&self, figures: &'f Figures) -> Option<&'f Figure> {
        figures.panels.iter().flat_map(|p| p.lines.iter()).nth(self.selected.0)?.figures.get(self.selected.1)
    }
}

/// The panels with every figure still to be read.
pub fn placeholders(ctx: &FetchContext) -> Figures {
    panels(None, ctx).expect("nothing is read")
}

/// Reads every figure (on the worker).
pub fn figures(store: &Store, ctx: &FetchContext) -> Result<Figures> {
    panels(Some(store), ctx)
}

fn day_bounds(ctx: &FetchContext, day: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    (ctx.clock.midnight(day), ctx.clock.midnight(day + Days::new(1)))
}

/// The panels, counted on `store` (or placeholders without one).
fn panels(store: Option<&Store>, ctx: &FetchContext) -> Result<Figures> {
    let lang = ctx.lang;
    let t = |key: &str| lang.t(key).into_owned();
    let count = |target: &Target| -> Result<Option<u64>> {
        match store {
            Some(store) => Ok(Some(target.tab.source().count(store, ctx, &target.filter(), true)?.0)),
            None => Ok(None),
        }
    };
    let figure = |target: Target, alert_when_any: bool| -> Result<Figure> {
        let rows = count(&target)?;
        Ok(Figure {
            text: rows.map_or_else(|| "…".to_string(), super::view::thousands),
            rows,
            alert: alert_when_any && rows.is_some_and(|n| n > 0),
            target,
        })
    };
    let line = |label: String, figures: Vec<Figure>| Line { label, figures, note: String::new() };
    let (today_from, today_until) = day_bounds(ctx, ctx.today);

    // Service: today's intake, then each open step with its overdue cases.
    let mut service = vec![line(
        t("ov.received_today"),
        vec![figure(
            Target::drill(
                Tab::Complaints,
                Drill::Received { from: today_from, until: today_until, group: None },
            ),
            false,
        )?],
    )];
    for step in ComplaintStep::all().filter(|s| *s != ComplaintStep::Closed) {
        service.push(line(
            lang.label("complaint_step", step.code()).into_owned(),
            vec![
                figure(Target::drill(Tab::Complaints, Drill::AtStep { step, overdue_at: None }), false)?,
                figure(
                    Target::drill(Tab::Complaints, Drill::AtStep { step, overdue_at: Some(ctx.now) }),
                    true,
                )?,
            ],
        ));
    }

    // Callbacks: due today, overdue, given up as unreachable this week.
    let monday = ctx.today - Days::new(u64::from(ctx.today.weekday().num_days_from_monday()));
    let callbacks = vec![
        line(
            t("ov.callbacks_today"),
            vec![figure(
                Target::drill(
                    Tab::Callbacks,
                    Drill::CallbacksDue { from: Some(today_from), until: today_until },
                ),
                false,
            )?],
        ),
        line(
            t("ov.callbacks_overdue"),
            vec![figure(
                Target::drill(Tab::Callbacks, Drill::CallbacksDue { from: None, until: ctx.now }),
                true,
            )?],
        ),
        line(
            t("ov.unreachable_week"),
            vec![figure(
                Target::drill(
                    Tab::Callbacks,
                    Drill::Unreachable {
                        from: ctx.clock.midnight(monday),
                        until: ctx.clock.midnight(monday + Days::new(7)),
                    },
                ),
                true,
            )?],
        ),
    ];

    // Leasing and operations.
    let first_contact_late = ctx.now - Duration::days(i64::from(ctx.settings.leasing.first_contact_days));
    let directory_merchants =
        |drill| Target { tab: Tab::Directory, quick: Some(0), drill: Some(drill), only_id: None };
    let leasing = vec![
        line(
            t("ov.first_contact_late"),
            vec![figure(
                Target::drill(Tab::Prospects, Drill::FirstContact { before: first_contact_late }),
                true,
            )?],
        ),
        line(
            t("ov.follow_up_due"),
            vec![figure(Target::drill(Tab::Prospects, Drill::FollowUp { by: ctx.today }), false)?],
        ),
        line(
            t("ov.ending_30"),
            vec![figure(Target::drill(Tab::Leases, Drill::Ending { by: ctx.today + Days::new(30) }), false)?],
        ),
        line(
            t("ov.arrears_60"),
            vec![figure(
                directory_merchants(Drill::MerchantsInArrears { due_before: ctx.today - Days::new(60) }),
                true,
            )?],
        ),
    ];

    // The next meeting and its roster.
    let mut meetings = Vec::new();
    match store.map(|s| s.repo::<crate::domain::meeting::Meeting>().next_after(ctx.now)).transpose()? {
        Some(Some((meeting, roster))) => meetings.push(Line {
            label: format!(
                "{} {}{}",
                ctx.short_time(&meeting.starts_at),
                lang.label("meeting_kind", meeting.kind.code()),
                meeting.zone.as_deref().map(|z| format!(" {z}")).unwrap_or_default()
            ),
            figures: vec![Figure {
                text: lang.t_with("ov.roster", &[("n", &roster.to_string())]),
                rows: Some(1),
                alert: false,
                target: Target { tab: Tab::Meetings, quick: None, drill: None, only_id: Some(meeting.id) },
            }],
            note: String::new(),
        }),
        Some(None) => meetings.push(line(t("ov.no_meeting"), Vec::new())),
        None => meetings.push(line("…".into(), Vec::new())),
    }

    let kpis = kpi_panel(store, ctx)?;
    Ok(Figures {
        panels: vec![
            Panel { title: t("ov.service"), columns: vec![t("ov.open"), t("ov.overdue")], lines: service },
            Panel { title: t("ov.callbacks"), columns: Vec::new(), lines: callbacks },
            Panel { title: t("ov.leasing"), columns: Vec::new(), lines: leasing },
            Panel { title: t("ov.next_meeting"), columns: Vec::new(), lines: meetings },
            kpis,
        ],
    })
}

/// The six service KPIs for this month and the year to date, each against its target. A
/// rate's figure opens the cases it is taken over (its denominator); the effective complaint
/// rate's opens the merchants complained of (its numerator).
fn kpi_panel(store: Option<&Store>, ctx: &FetchContext) -> Result<Panel> {
    let lang = ctx.lang;
    let month = Period::month_of(ctx.today);
    let (month_from, until) = crate::report::instants(ctx.clock, month);
    let year_from = ctx.clock.midnight(NaiveDate::from_ymd_opt(ctx.today.year(), 1, 1).expect("1 January"));
    let targets = ctx.settings.kpi_targets();
    let resolve_days = ctx.settings.service.resolve_days;
    let read = |from| -> Result<Option<Vec<Kpi>>> {
        store
            .map(|s| Ok(kpi::service_kpis(&s.service_counts(from, until, resolve_days)?, &targets)))
            .transpose()
    };
    let (this_month, year) = (read(month_from)?, read(year_from)?);
    let blank = kpi::service_kpis(&Default::default(), &targets);
    let mut lines = Vec::new();
    for (i, shape) in blank.iter().enumerate() {
        let cell = |kpis: &Option<Vec<Kpi>>, from: DateTime<Utc>| -> Figure {
            let target = kpi_target(shape.code, from, until);
            match kpis.as_ref().map(|k| &k[i]) {
                Some(kpi) => {
                    let (mark, alert) = match kpi.met() {
                        Some(true) => ("✓", false),
                        Some(false) => ("✗", true),
                        None => ("", false),
                    };
                    let rows =
                        if kpi.code == "effective_complaint_rate" { kpi.numerator } else { kpi.denominator };
                    Figure {
                        text: format!(
                            "{} {}/{} {mark}",
                            kpi.percent().replace(" %", "%"),
                            kpi.numerator,
                            kpi.denominator
                        )
                        .trim_end()
                        .to_string(),
                        rows: Some(rows),
                        alert,
                        target,
                    }
                }
                None => Figure { text: "…".into(), rows: None, alert: false, target },
            }
        };
        lines.push(Line {
            label: lang.t(&format!("kpi.{}", shape.code)).into_owned(),
            figures: vec![cell(&this_month, month_from), cell(&year, year_from)],
            note: crate::report::kpi::target_text(shape),
        });
    }
    Ok(Panel {
        title: lang.t_with("ov.kpis", &[("month", &month.to_string())]),
        columns: vec![
            lang.t("ov.this_month").into_owned(),
            lang.t("ov.year_to_date").into_owned(),
            lang.t("ov.target").into_owned(),
        ],
        lines,
    })
}

/// The records behind one KPI over [from, until).
fn kpi_target(code: &str, from: DateTime<Utc>, until: DateTime<Utc>) -> Target {
    let group = match code {
        "effective_complaint_rate" => {
            return Target {
                tab: Tab::Directory,
                quick: Some(0),
                drill: Some(Drill::ComplainedOf { from, until }),
                only_id: None,
            };
        }
        "complaint_satisfaction" => CaseGroup::ComplaintsCalledBack,
        "incident_callback_rate" => CaseGroup::ServiceRequests,
        "incident_satisfaction" => CaseGroup::ServiceRequestsCalledBack,
        _ => CaseGroup::Complaints,
    };
    Target::drill(Tab::Complaints, Drill::Received { from, until, group: Some(group) })
}

/// What the list opened from `target` shows, in words (the filter bar and the hint line).
pub fn describe(target: &Target, lang: Lang, clock: crate::domain::clock::MallClock) -> String {
    let day = |at: &DateTime<Utc>| clock.day(*at).to_string();
    let last_day = |at: &DateTime<Utc>| (clock.day(*at) - Days::new(1)).to_string();
    match &target.drill {
        Some(Drill::Received { from, until, group }) => {
            let what = match group {
                None => lang.t("ov.d.cases"),
                Some(CaseGroup::Complaints) => lang.t("ov.d.complaints"),
                Some(CaseGroup::ComplaintsCalledBack) => lang.t("ov.d.complaints_called_back"),
                Some(CaseGroup::ServiceRequests) => lang.t("ov.d.requests"),
                Some(CaseGroup::ServiceRequestsCalledBack) => lang.t("ov.d.requests_called_back"),
            };
            lang.t_with("ov.d.received", &[("what", &what), ("from", &day(from)), ("to", &last_day(until))])
        }
        Some(Drill::AtStep { step, overdue_at }) => lang.t_with(
            if overdue_at.is_some() { "ov.d.step_overdue" } else { "ov.d.step" },
            &[("step", &lang.label("complaint_step", step.code()))],
        ),
        Some(Drill::CallbacksDue { from: Some(_), .. }) => lang.t("ov.callbacks_today").into_owned(),
        Some(Drill::CallbacksDue { from: None, .. }) => lang.t("ov.callbacks_overdue").into_owned(),
        Some(Drill::Unreachable { .. }) => lang.t("ov.unreachable_week").into_owned(),
        Some(Drill::FirstContact { .. }) => lang.t("ov.first_contact_late").into_owned(),
        Some(Drill::FollowUp { .. }) => lang.t("ov.follow_up_due").into_owned(),
        Some(Drill::Ending { .. }) => lang.t("ov.ending_30").into_owned(),
        Some(Drill::MerchantsInArrears { due_before }) => {
            lang.t_with("ov.d.arrears", &[("day", &due_before.to_string())])
        }
        Some(Drill::ComplainedOf { from, until }) => {
            lang.t_with("ov.d.complained_of", &[("from", &day(from)), ("to", &last_day(until))])
        }
        None => lang.t("ov.next_meeting").into_owned(),
    }
}

/// Reads the trends (on the worker): 12 weeks of cases by category, 12 months of response
/// and satisfaction, collection and vacancy, and this year's funnel.
pub fn charts(store: &Store, ctx: &FetchContext) -> Result<Charts> {
    let lang = ctx.lang;
    let mut charts = Charts {
        response_target: ctx.settings.kpi.response_rate_min,
        satisfaction_target: ctx.settings.kpi.complaint_satisfaction_min,
        collection_target: ctx.settings.kpi.collection_rate_min,
        funnel_year: ctx.today.year(),
        ..Default::default()
    };
    // Weeks: the current one and the eleven before, Monday to Monday on the mall's clock.
    let this_monday = ctx.today - Days::new(u64::from(ctx.today.weekday().num_days_from_monday()));
    let mut categories: Vec<(String, Vec<u64>)> = Vec::new();
    for w in 0..12u64 {
        let monday = this_monday - Days::new(7 * (11 - w));
        charts.weeks.push(format!("W{:02}", monday.iso_week().week()));
        let counts = store.complaint_breakdown(
            ctx.clock.midnight(monday),
            ctx.clock.midnight(monday + Days::new(7)),
            "category",
        )?;
        for (code, n) in counts {
            match categories.iter_mut().find(|(c, _)| *c == code) {
                Some((_, weeks)) => weeks[w as usize] = n,
                None => {
                    let mut weeks = vec![0; 12];
                    weeks[w as usize] = n;
                    categories.push((code, weeks));
                }
            }
        }
    }
    categories.sort_by(|a, b| b.1.iter().sum::<u64>().cmp(&a.1.iter().sum::<u64>()).then(a.0.cmp(&b.0)));
    charts.by_category = categories
        .into_iter()
        .map(|(code, weeks)| (lang.label("complaint_category", &code).into_owned(), weeks))
        .collect();

    // Months: the current one and the eleven before.
    let mut month = Period::month_of(ctx.today);
    let mut months = Vec::new();
    for _ in 0..12 {
        months.push(month);
        month = month.previous();
    }
    months.reverse();
    let targets = ctx.settings.kpi_targets();
    for month in months {
        charts.months.push(month.to_string());
        let (from, until) = crate::report::instants(ctx.clock, month);
        let kpis = kpi::service_kpis(
            &store.service_counts(from, until, ctx.settings.service.resolve_days)?,
            &targets,
        );
        let value = |code: &str| kpis.iter().find(|k| k.code == code).and_then(Kpi::value);
        charts.response.push(value("response_rate"));
        charts.satisfaction.push(value("complaint_satisfaction"));
        let (first, after) = month.days();
        let (billed, collected) = store
            .billing(first, after, ctx.today)?
            .iter()
            .fold((0, 0), |(b, c), line| (b + line.billed_fen, c + line.collected_fen));
        charts.collection.push(crate::domain::lease::collection_rate(collected, billed));
        // Vacancy on the month's last day, or today for the month under way.
        let day = (after - Days::new(1)).min(ctx.today);
        let (mut vacant, mut total) = (0, 0);
        for unit in store.units_on(day)? {
            total += unit.area_dm2;
            if !unit.let_out && !unit.reserved {
                vacant += unit.area_dm2;
            }
        }
        charts.vacancy.push(crate::domain::unit::vacancy_rate(vacant, total));
    }

    // The funnel: prospects reaching each stage this year.
    let year = crate::report::instants(ctx.clock, Period::Year { year: ctx.today.year() });
    let entries = store.stage_entries(year.0, year.1)?;
    let registered = store.new_prospects_by_source(year.0, year.1)?.iter().map(|(_, n)| n).sum::<u64>();
    for stage in ProspectStage::all().filter(|s| *s != ProspectStage::Lost) {
        let n = if stage == ProspectStage::Potential {
            registered
        } else {
            entries.iter().find(|(s, _)| *s == stage).map_or(0, |(_, n)| *n)
        };
        charts.funnel.push((lang.label("prospect_stage", stage.code()).into_owned(), n));
    }
    Ok(charts)
}
