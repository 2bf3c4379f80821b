//! The directory (名录): merchants, units and staff, listed, searched and edited by the clerk
//! (read-only for the supervisor). A merchant's detail is its file: the whole story of the
//! merchant with a link to every record in it.

use ratatui::layout::Constraint;

use super::{
    Column, Detail, Drill, FetchContext, Link, RowView, Tab, TabFilter, TabSource, counted, history,
};
use crate::domain::format_yuan;
use crate::domain::kpi::Period;
use crate::domain::lease::Lease;
use crate::domain::merchant::{LicenceStatus, Merchant};
use crate::domain::phone;
use crate::domain::staff::Staff;
use crate::domain::unit::Unit;
use crate::store::leases::LeaseFilter;
use crate::store::merchants::MerchantFilter;
use crate::store::staff::StaffFilter;
use crate::store::units::UnitFilter;
use crate::store::{Page, PageRequest, Result, Store};
use crate::ui::form::{Form, RefKind, SaveError, Saved};
use crate::ui::i18n::Lang;

pub struct Directory;

/// The directory's three lists, one per quick filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Merchants,
    Units,
    Staff,
}

impl View {
    pub fn of(quick: usize) -> View {
        match quick {
            1 => View::Units,
            2 => View::Staff,
            _ => View::Merchants,
        }
    }

    fn kind(self) -> RefKind {
        match self {
            View::Merchants => RefKind::Merchant,
            View::Units => RefKind::Unit,
            View::Staff => RefKind::Staff,
        }
    }
}

const MERCHANT_COLUMNS: &[Column] = &[
    Column { key: "col.brand", width: Constraint::Length(16), optional: false },
    Column { key: "col.company", width: Constraint::Fill(1), optional: true },
    Column { key: "col.contact", width: Constraint::Length(8), optional: true },
    Column { key: "col.phone", width: Constraint::Length(14), optional: false },
    Column { key: "col.category", width: Constraint::Length(8), optional: true },
    Column { key: "col.units", width: Constraint::Length(12), optional: false },
    Column { key: "col.licence_expiry", width: Constraint::Length(10), optional: true },
];

const UNIT_COLUMNS: &[Column] = &[
    Column { key: "col.unit", width: Constraint::Length(8), optional: false },
    Column { key: "col.floor", width: Constraint::Length(5), optional: false },
    Column { key: "col.zone", width: Constraint::Length(8), optional: false },
    Column { key: "col.area", width: Constraint::Length(9), optional: false },
    Column { key: "col.category", width: Constraint::Length(10), optional: true },
    Column { key: "col.tenant", width: Constraint::Fill(1), optional: false },
];

const STAFF_COLUMNS: &[Column] = &[
    Column { key: "col.name", width: Constraint::Length(10), optional: false },
    Column { key: "col.role", width: Constraint::Length(10), optional: false },
    Column { key: "col.department", width: Constraint::Length(10), optional: false },
    Column { key: "col.phone", width: Constraint::Length(14), optional: false },
    Column { key: "col.zone", width: Constraint::Fill(1), optional: true },
    Column { key: "col.active", width: Constraint::Length(6), optional: false },
];

fn merchant_filter(ctx: &FetchContext, filter: &TabFilter) -> MerchantFilter {
    let mut store_filter = MerchantFilter {
        text: filter.text.clone(),
        licence_expiring_by: filter
            .overdue
            .then(|| ctx.today + chrono::Days::new(u64::from(ctx.settings.leasing.licence_warning_days))),
        ..Default::default()
    };
    match &filter.drill {
        Some(Drill::MerchantsInArrears { due_before }) => store_filter.in_arrears_on = Some(*due_before),
        Some(Drill::ComplainedOf { from, until }) => store_filter.complained_in = Some((*from, *until)),
        _ => {}
    }
    store_filter
}

fn unit_filter(filter: &TabFilter) -> UnitFilter {
    UnitFilter { text: filter.text.clone(), vacant_only: filter.overdue, ..Default::default() }
}

fn staff_filter(filter: &TabFilter) -> StaffFilter {
    StaffFilter { text: filter.text.clone(), ..Default::default() }
}

/// The unit codes of a merchant's live leases: `B1-05/B1-06`.
fn live_units(store: &Store, merchant_id: i64) -> Result<String> {
    let leases = store.repo::<Lease>().page(
        &LeaseFilter { merchant_id: Some(merchant_id), live_only: true, ..Default::default() },
        &PageRequest::first(20),
    )?;
    let mut codes = Vec::new();
    for lease in leases.rows {
        if let Some(unit) = store.repo::<Unit>().find(lease.unit_id)? {
            codes.push(unit.code);
        }
    }
    Ok(codes.join("/"))
}

fn merchant_row(store: &Store, ctx: &FetchContext, merchant: Merchant) -> Result<RowView> {
    let status = merchant.licence_status(ctx.today, ctx.settings.leasing.licence_warning_days);
    Ok(RowView {
        id: merchant.id,
        alert: matches!(status, LicenceStatus::Expired),
        cells: vec![
            if ctx.whole { merchant.brand.clone() } else { super::leases::merchant_label(&merchant, ctx) },
            merchant.company.clone(),
            merchant.contact.clone(),
            phone::display(&merchant.phone),
            merchant.category.clone(),
            live_units(store, merchant.id)?,
            super::opt_date(&merchant.licence_expiry),
        ]
        .into_iter()
        .chain(ctx.whole.then(|| merchant.licence_no.clone().unwrap_or_default()))
        .collect(),
    })
}

/// The merchant holding the unit on the mall's today, if any.
fn tenant(store: &Store, ctx: &FetchContext, unit_id: i64) -> Result<Option<Merchant>> {
    let leases = store.repo::<Lease>().page(
        &LeaseFilter { unit_id: Some(unit_id), live_only: true, ..Default::default() },
        &PageRequest::first(10),
    )?;
    let holding = leases.rows.into_iter().find(|l| l.start_date <= ctx.today && ctx.today <= l.end_date);
    match holding {
        Some(lease) => store.repo::<Merchant>().find(lease.merchant_id),
        None => Ok(None),
    }
}

fn unit_row(store: &Store, ctx: &FetchContext, unit: Unit) -> Result<RowView> {
    let tenant = tenant(store, ctx, unit.id)?;
    Ok(RowView {
        id: unit.id,
        alert: false,
        cells: vec![
            unit.code.clone(),
            unit.floor.clone(),
            unit.zone.clone(),
            if ctx.whole {
                crate::report::table::area_exact(unit.area_dm2)
            } else {
                crate::report::table::area(unit.area_dm2)
            },
            unit.category.clone(),
            tenant.map_or_else(|| ctx.lang.t("dir.vacant").into_owned(), |m| m.brand),
        ],
    })
}

fn staff_row(ctx: &FetchContext, staff: Staff) -> RowView {
    let lang = ctx.lang;
    RowView {
        id: staff.id,
        alert: false,
        cells: vec![
            staff.name.clone(),
            lang.label("staff_role", staff.role.code()).into_owned(),
            lang.label("department", staff.department.code()).into_owned(),
            staff.phone.as_deref().map(phone::display).unwrap_or_default(),
            staff.zone.clone(),
            ctx.yes_no(staff.active),
        ],
    }
}

impl TabSource for Directory {
    fn columns(&self) -> &'static [Column] {
        MERCHANT_COLUMNS
    }

    fn file_columns(&self, quick: usize) -> Vec<&'static str> {
        let mut keys: Vec<&'static str> = self.columns_for(quick).iter().map(|c| c.key).collect();
        if View::of(quick) == View::Merchants {
            keys.push("col.licence_no");
        }
        keys
    }

    fn columns_for(&self, quick: usize) -> &'static [Column] {
        match View::of(quick) {
            View::Merchants => MERCHANT_COLUMNS,
            View::Units => UNIT_COLUMNS,
            View::Staff => STAFF_COLUMNS,
        }
    }

    fn quick_filters(&self, lang: Lang) -> Vec<String> {
        ["dir.merchants", "dir.units", "dir.staff"].into_iter().map(|k| lang.t(k).into_owned()).collect()
    }

    fn all_filter(&self) -> usize {
        0
    }

    fn search_keeps_filter(&self) -> bool {
        true
    }

    fn overdue_label(&self, lang: Lang) -> String {
        lang.t("filter.directory_attention").into_owned()
    }

    fn has_staff(&self) -> bool {
        false
    }

    fn page(
        &self,
        store: &Store,
        ctx: &FetchContext,
        filter: &TabFilter,
        request: &PageRequest,
    ) -> Result<Page<RowView>> {
        match View::of(filter.quick) {
            View::Merchants => {
                super::records::<Merchant>(store, filter, &merchant_filter(ctx, filter), request)?
                    .try_map(|m| merchant_row(store, ctx, m))
            }
            View::Units => super::records::<Unit>(store, filter, &unit_filter(filter), request)?
                .try_map(|u| unit_row(store, ctx, u)),
            View::Staff => super::records::<Staff>(store, filter, &staff_filter(filter), request)?
                .try_map(|s| Ok(staff_row(ctx, s))),
        }
    }

    fn count(
        &self,
        store: &Store,
        ctx: &FetchContext,
        filter: &TabFilter,
        exact: bool,
    ) -> Result<(u64, bool)> {
        match View::of(filter.quick) {
            View::Merchants => counted::<Merchant>(store, filter, &merchant_filter(ctx, filter), exact),
            View::Units => counted::<Unit>(store, filter, &unit_filter(filter), exact),
            View::Staff => counted::<Staff>(store, filter, &staff_filter(filter), exact),
        }
    }

    fn detail(&self, store: &Store, ctx: &FetchContext, id: i64) -> Result<Detail> {
        match View::of(ctx.quick) {
            View::Merchants => merchant_file(store, ctx, id),
            View::Units => unit_detail(store, ctx, id),
            View::Staff => staff_detail(store, ctx, id),
        }
    }

    fn form(&self, store: &Store, ctx: &FetchContext, id: Option<i64>) -> Result<Form> {
        let kind = View::of(ctx.quick).kind();
        let form = match id {
            Some(id) => crate::ui::master::filled_form(store, ctx, kind, Tab::Directory, id)?,
            None => crate::ui::master::blank_form(ctx, kind, Tab::Directory),
        };
        Ok(form.expect("merchants, units and staff have forms"))
    }

    fn save(
        &self,
        store: &Store,
        ctx: &FetchContext,
        form: &mut Form,
    ) -> std::result::Result<Saved, SaveError> {
        crate::ui::master::save(store, ctx, form)
    }
}

/// The merchant file: who it is, its score this month, then every prospect, lease, payment,
/// case, callback and briefing as a link to the record, and its cases counted by category.
fn merchant_file(store: &Store, ctx: &FetchContext, id: i64) -> Result<Detail> {
    let lang = ctx.lang;
    let file = store.merchant_file(id, ctx.today)?;
    let m = &file.merchant;
    let f = |key: &str, value: String| (lang.t(key).into_owned(), value);
    let status = m.licence_status(ctx.today, ctx.settings.leasing.licence_warning_days);
    let licence = format!(
        "{} {} {}",
        m.licence_no.clone().unwrap_or_default(),
        super::opt_date(&m.licence_expiry),
        lang.label("licence_status", status.code())
    );
    let month = Period::month_of(ctx.today);
    let score = crate::report::ranking::ranking(store, &ctx.settings, month)?
        .into_iter()
        .find(|r| r.month.merchant_id == id)
        .map(|r| {
            let mark = if r.bottom { format!(" {}", lang.t("rpt.bottom_mark")) } else { String::new() };
            lang.t_with(
                "dir.score",
                &[
                    ("month", &month.to_string()),
                    ("score", &crate::report::ranking::points(r.score_tenths)),
                    ("rank", &r.rank.to_string()),
                ],
            ) + &mark
        })
        .unwrap_or_else(|| lang.t_with("dir.no_score", &[("month", &month.to_string())]));
    let mut fields = vec![
        f("field.company", m.company.clone()),
        f("field.contact", m.contact.clone()),
        f("field.phone", phone::display(&m.phone)),
        f("field.category", m.category.clone()),
        f("field.licence", licence.trim().to_string()),
        f("dir.score_label", score),
    ];
    let owed: i64 = file.leases.iter().map(|l| l.overdue_fen).sum();
    let oldest = file.leases.iter().filter_map(|l| l.oldest_unpaid).min();
    fields.push(f(
        "dir.owed",
        match oldest {
            Some(day) if owed > 0 => lang.t_with(
                "dir.owed_since",
                &[
                    ("amount", &format_yuan(owed)),
                    ("day", &day.to_string()),
                    ("days", &(ctx.today - day).num_days().to_string()),
                ],
            ),
            _ => lang.t("dir.nothing_owed").into_owned(),
        },
    ));
    let mut links = Vec::new();
    let mut groups = Vec::new();
    let mut group = |links: &Vec<Link>, key: &str| groups.push((links.len(), lang.t(key).into_owned()));
    group(&links, "dir.sec.prospects");
    for p in &file.prospects {
        links.push(Link {
            tab: Tab::Prospects,
            id: p.id,
            label: format!(
                "{} · {} · {}",
                super::date(&ctx.clock.day(p.registered_at)),
                p.brand,
                lang.label("prospect_stage", p.stage.code())
            ),
        });
    }
    group(&links, "dir.sec.leases");
    for line in &file.leases {
        let l = &line.lease;
        let mut label = format!(
            "{} · {} · {}–{} · {} · {}",
            l.number,
            line.unit,
            l.start_date,
            l.end_date,
            lang.label("lease_stage", l.stage.code()),
            lang.t_with(
                "dir.paid_of",
                &[("paid", &format_yuan(line.paid_fen)), ("billed", &format_yuan(line.billed_fen))]
            )
        );
        if line.overdue_fen > 0 {
            label.push_str(&format!(" · {} ¥{} !", lang.t("dir.overdue"), format_yuan(line.overdue_fen)));
        }
        links.push(Link { tab: Tab::Leases, id: l.id, label });
    }
    group(&links, "dir.sec.cases");
    for case in &file.cases {
        links.push(Link {
            tab: Tab::Complaints,
            id: case.id,
            label: format!(
                "{} · {} · {} · {}",
                case.number,
                super::date(&ctx.clock.day(case.received_at)),
                lang.label("complaint_category", &case.category),
                lang.label("complaint_step", &case.step)
            ),
        });
    }
    group(&links, "dir.sec.callbacks");
    for callback in &file.callbacks {
        let outcome = callback.outcome.as_deref().map(|o| lang.label("satisfaction", o).into_owned());
        links.push(Link {
            tab: Tab::Callbacks,
            id: callback.id,
            label: format!(
                "{} · {} · {}{}",
                ctx.short_time(&callback.due_at),
                lang.label("callback_reason", &callback.reason),
                lang.label("callback_status", &callback.status),
                outcome.map(|o| format!(" · {o}")).unwrap_or_default()
            ),
        });
    }
    group(&links, "dir.sec.meetings");
    for line in &file.attendance {
        let penalty = if line.penalty_tenths > 0 {
            format!(" · -{}", crate::report::ranking::points(line.penalty_tenths))
        } else {
            String::new()
        };
        links.push(Link {
            tab: Tab::Meetings,
            id: line.meeting_id,
            label: format!(
                "{} · {} · {}{penalty}",
                ctx.short_time(&line.starts_at),
                lang.label("meeting_kind", &line.kind),
                lang.label("attendance_status", &line.status)
            ),
        });
    }
    let mut sections = Vec::new();
    let by_category: Vec<String> = file
        .cases_by_category
        .iter()
        .map(|(code, n)| format!("{} {n}", lang.label("complaint_category", code)))
        .collect();
    if !by_category.is_empty() {
        sections.push((
            lang.t_with("dir.sec.by_category", &[("n", &file.cases_total.to_string())]),
            vec![by_category.join(" · ")],
        ));
    }
    let payments: Vec<String> = file
        .payments
        .iter()
        .map(|p| {
            format!(
                "{} · ¥{} · {} {}",
                p.paid_on,
                format_yuan(p.amount_fen),
                lang.label("charge_kind", &p.kind),
                p.period
            )
        })
        .collect();
    sections.push((lang.t("dir.sec.payments").into_owned(), payments));
    if file.callbacks_total > file.callbacks.len() as u64 {
        sections.push((
            lang.t("dir.sec.more").into_owned(),
            vec![lang.t_with(
                "dir.more_callbacks",
                &[("shown", &file.callbacks.len().to_string()), ("n", &file.callbacks_total.to_string())],
            )],
        ));
    }
    Ok(Detail {
        title: super::leases::merchant_label(m, ctx),
        fields,
        sections,
        links,
        link_groups: groups,
        history: history::<Merchant>(store, lang, id)?,
    })
}

fn unit_detail(store: &Store, ctx: &FetchContext, id: i64) -> Result<Detail> {
    let lang = ctx.lang;
    let unit = store.repo::<Unit>().get(id)?;
    let f = |key: &str, value: String| (lang.t(key).into_owned(), value);
    let leases = store
        .repo::<Lease>()
        .page(&LeaseFilter { unit_id: Some(id), ..Default::default() }, &PageRequest::first(50))?
        .rows;
    let mut links = Vec::new();
    if let Some(merchant) = tenant(store, ctx, id)? {
        links.push(Link {
            tab: Tab::Directory,
            id: merchant.id,
            label: format!("{} {}", lang.t("dir.tenant"), merchant.brand),
        });
    }
    for lease in leases {
        let brand = store.repo::<Merchant>().find(lease.merchant_id)?.map(|m| m.brand).unwrap_or_default();
        links.push(Link {
            tab: Tab::Leases,
            id: lease.id,
            label: format!(
                "{} · {brand} · {}–{} · {}",
                lease.number,
                lease.start_date,
                lease.end_date,
                lang.label("lease_stage", lease.stage.code())
            ),
        });
    }
    Ok(Detail {
        title: unit.code.clone(),
        fields: vec![
            f("field.floor", unit.floor.clone()),
            f("field.zone", unit.zone.clone()),
            f("field.area_m2", crate::report::table::area(unit.area_dm2)),
            f("field.category", unit.category.clone()),
        ],
        sections: Vec::new(),
        links,
        link_groups: Vec::new(),
        history: history::<Unit>(store, lang, id)?,
    })
}

fn staff_detail(store: &Store, ctx: &FetchContext, id: i64) -> Result<Detail> {
    let lang = ctx.lang;
    let staff = store.repo::<Staff>().get(id)?;
    let f = |key: &str, value: String| (lang.t(key).into_owned(), value);
    let workload = store.staff_workload(id)?;
    Ok(Detail {
        title: staff.name.clone(),
        fields: vec![
            f("field.role", lang.label("staff_role", staff.role.code()).into_owned()),
            f("field.department", lang.label("department", staff.department.code()).into_owned()),
            f("field.phone", staff.phone.as_deref().map(phone::display).unwrap_or_default()),
            f("field.staff_zone", staff.zone.clone()),
            f("field.active", ctx.yes_no(staff.active)),
            f(
                "dir.workload",
                lang.t_with(
                    "dir.workload_text",
                    &[
                        ("cases", &workload.0.to_string()),
                        ("callbacks", &workload.1.to_string()),
                        ("prospects", &workload.2.to_string()),
                    ],
                ),
            ),
        ],
        sections: Vec::new(),
        links: Vec::new(),
        link_groups: Vec::new(),
        history: history::<Staff>(store, lang, id)?,
    })
}
