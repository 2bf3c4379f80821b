//! Leases: live ones by end date (expiring first), with arrears and expiry in red.

use chrono::Duration;
use ratatui::layout::Constraint;

use super::opt_date;
use super::{
    Column, Detail, FetchContext, Link, RowView, Tab, TabFilter, TabSource, counted, date, history, records,
};
use crate::domain::complaint::Complaint;
use crate::domain::format_yuan;
use crate::domain::lease::{Charge, DepositDeduction, Dunning, Lease, LeaseStage, Payment};
use crate::domain::merchant::Merchant;
use crate::domain::unit::Unit;
use crate::store::complaints::ComplaintFilter;
use crate::store::leases::{ByLease, LeaseFilter, PaymentFilter};
use crate::store::{Page, PageRequest, Result, Store};
use crate::ui::i18n::Lang;

pub struct Leases;

const COLUMNS: &[Column] = &[
    Column { key: "col.number", width: Constraint::Length(12), optional: false },
    Column { key: "col.merchant", width: Constraint::Fill(1), optional: false },
    Column { key: "col.unit", width: Constraint::Length(8), optional: false },
    Column { key: "col.start", width: Constraint::Length(10), optional: true },
    Column { key: "col.end", width: Constraint::Length(10), optional: false },
    Column { key: "col.rent", width: Constraint::Length(11), optional: false },
    Column { key: "col.stage", width: Constraint::Length(8), optional: false },
    Column { key: "col.expiry_band", width: Constraint::Length(8), optional: true },
];

/// The lease's expiry band as shown ("≤30天"), empty outside every band.
fn band_text(lease: &Lease, ctx: &FetchContext) -> String {
    let bands = &ctx.settings.leasing.expiry_warning_days;
    lease
        .expiry_band(ctx.today, bands)
        .map(|band| crate::report::expiry::band_label(band, ctx.lang))
        .unwrap_or_default()
}

/// The merchant's brand, marked `!` when its licence has expired or is about to (wherever a
/// merchant is shown: the Leases list and detail, a complaint's detail).
pub fn merchant_label(merchant: &Merchant, ctx: &FetchContext) -> String {
    use crate::domain::merchant::LicenceStatus;
    match merchant.licence_status(ctx.today, ctx.settings.leasing.licence_warning_days) {
        LicenceStatus::Expired | LicenceStatus::ExpiringSoon => format!("{} !", merchant.brand),
        _ => merchant.brand.clone(),
    }
}

/// Quick filter 0: live, by end date; 1: in arrears; 2: all; 3…: one stage each.
fn store_filter(ctx: &FetchContext, filter: &TabFilter) -> LeaseFilter {
    let stages: Vec<LeaseStage> = LeaseStage::all().collect();
    let mut store_filter = LeaseFilter {
        text: filter.text.clone(),
        live_only: filter.quick == 0,
        in_arrears_on: (filter.quick == 1).then_some(ctx.today),
        stage: filter.quick.checked_sub(3).and_then(|i| stages.get(i).copied()),
        active_ending_by: filter.overdue.then(|| ctx.today + Duration::days(30)),
        ..Default::default()
    };
    if let Some(super::Drill::Ending { by }) = &filter.drill {
        store_filter.active_ending_by = Some(*by);
    }
    store_filter
}

/// The licence line of the detail: number, expiry and its state ("expired" in words).
fn licence_text(merchant: &Merchant, ctx: &FetchContext) -> String {
    let status = merchant.licence_status(ctx.today, ctx.settings.leasing.licence_warning_days);
    let expiry = merchant.licence_expiry.map(|d| date(&d)).unwrap_or_default();
    let number = merchant.licence_no.clone().unwrap_or_default();
    format!("{number} {expiry} {}", ctx.lang.label("licence_status", status.code())).trim().to_string()
}

fn row(store: &Store, ctx: &FetchContext, lease: Lease) -> Result<RowView> {
    let lang = ctx.lang;
    let merchant = store
        .repo::<Merchant>()
        .find(lease.merchant_id)?
        .map(|m| merchant_label(&m, ctx))
        .unwrap_or_default();
    let unit = store.repo::<Unit>().find(lease.unit_id)?.map(|u| u.code).unwrap_or_default();
    let bands = &ctx.settings.leasing.expiry_warning_days;
    let tightest = bands.iter().copied().min();
    let expiring = lease.expiry_band(ctx.today, bands).is_some_and(|band| Some(band) == tightest);
    let in_arrears =
        lease.stage == LeaseStage::Active && store.repo::<Lease>().arrears(lease.id, ctx.today)? > 0;
    Ok(RowView {
        id: lease.id,
        alert: expiring || in_arrears,
        cells: vec![
            lease.number.clone(),
            merchant,
            unit,
            date(&lease.start_date),
            date(&lease.end_date),
            format_yuan(lease.monthly_rent_fen),
            lang.label("lease_stage", lease.stage.code()).into_owned(),
            band_text(&lease, ctx),
        ],
    })
}

impl TabSource for Leases {
    fn columns(&self) -> &'static [Column] {
        COLUMNS
    }

    fn all_filter(&self) -> usize {
        2
    }

    fn quick_filters(&self, lang: Lang) -> Vec<String> {
        let mut filters = vec![
            lang.t("filter.live").into_owned(),
            lang.t("filter.in_arrears").into_owned(),
            lang.t("filter.all").into_owned(),
        ];
        filters.extend(LeaseStage::all().map(|s| lang.label("lease_stage", s.code()).into_owned()));
        filters
    }

    fn has_staff(&self) -> bool {
        false
    }

    fn overdue_label(&self, lang: Lang) -> String {
        lang.t("filter.expiring_soon").into_owned()
    }

    fn page(
        &self,
        store: &Store,
        ctx: &FetchContext,
        filter: &TabFilter,
        request: &PageRequest,
    ) -> Result<Page<RowView>> {
        records::<Lease>(store, filter, &store_filter(ctx, filter), request)?.try_map(|c| row(store, ctx, c))
    }

    fn count(
        &self,
        store: &Store,
        ctx: &FetchContext,
        filter: &TabFilter,
        exact: bool,
    ) -> Result<(u64, bool)> {
        counted::<Lease>(store, filter, &store_filter(ctx, filter), exact)
    }

    fn form(&self, store: &Store, ctx: &FetchContext, id: Option<i64>) -> Result<crate::ui::form::Form> {
        form::build(store, ctx, id)
    }

    fn save(
        &self,
        store: &Store,
        ctx: &FetchContext,
        form: &mut crate::ui::form::Form,
    ) -> std::result::Result<crate::ui::form::Saved, crate::ui::form::SaveError> {
        match form.purpose {
            crate::ui::form::Purpose::Record => form::save(store, ctx, form),
            _ => super::pipeline_work::save(store, ctx, form),
        }
    }

    fn act(&self, store: &Store, ctx: &FetchContext, id: i64) -> Result<Option<crate::ui::form::Form>> {
        super::pipeline_work::lease_work(store, ctx, id).map(Some)
    }

    fn detail(&self, store: &Store, ctx: &FetchContext, id: i64) -> Result<Detail> {
        let lang = ctx.lang;
        let lease = store.repo::<Lease>().get(id)?;
        let merchant = store.repo::<Merchant>().find(lease.merchant_id)?;
        let unit = store.repo::<Unit>().find(lease.unit_id)?;
        let f = |key: &str, value: String| (lang.t(key).into_owned(), value);
        let fields = vec![
            f("field.number", lease.number.clone()),
            f(
                "field.merchant",
                merchant.as_ref().map(|m| format!("{} ({})", m.brand, m.company)).unwrap_or_default(),
            ),
            f("field.licence", merchant.as_ref().map(|m| licence_text(m, ctx)).unwrap_or_default()),
            f(
                "field.unit",
                unit.as_ref()
                    .map(|u| format!("{} {} {} m²", u.code, u.zone, u.area_dm2 / 100))
                    .unwrap_or_default(),
            ),
            f("field.start_date", date(&lease.start_date)),
            f("field.end_date", date(&lease.end_date)),
            f("field.monthly_rent", format_yuan(lease.monthly_rent_fen)),
            f("field.management_fee", format_yuan(lease.management_fee_fen)),
            f("field.deposit", format_yuan(lease.deposit_fen)),
            f("field.payment_day", lease.payment_day.to_string()),
            f("field.stage", lang.label("lease_stage", lease.stage.code()).into_owned()),
            f("field.arrears", format_yuan(store.repo::<Lease>().arrears(id, ctx.today)?)),
            f("field.expiry_band", band_text(&lease, ctx)),
        ];
        let repo = store.repo::<Lease>();
        let yuan = format_yuan;
        // The approval chain: who signed this round, then who is still to sign.
        let chain = repo.chain(id)?;
        let mut approvals: Vec<String> = chain
            .signed
            .iter()
            .map(|a| {
                format!(
                    "✓ {} {} {}",
                    lang.label("approver_role", a.role.code()),
                    a.approver,
                    ctx.local_time(&a.at)
                )
            })
            .collect();
        if !chain.missing.is_empty() && lease.stage.is_live() {
            let missing: Vec<String> =
                chain.missing.iter().map(|r| lang.label("approver_role", r.code()).into_owned()).collect();
            approvals.push(lang.t_with("detail.approvals_missing", &[("roles", &missing.join("、"))]));
        }
        let mut sections = vec![(lang.t("detail.approvals").into_owned(), approvals)];
        // Charges, newest first, with what was paid and what is left.
        let mut charge_lines = Vec::new();
        let mut payment_lines = Vec::new();
        for (charge, balance) in store.repo::<Charge>().with_balances(id, 24)? {
            charge_lines.push(lang.t_with(
                "detail.charge_line",
                &[
                    ("period", &charge.period),
                    ("kind", &lang.label("charge_kind", charge.kind.code())),
                    ("amount", &yuan(charge.amount_fen)),
                    ("due", &date(&charge.due_date)),
                    ("paid", &yuan(charge.amount_fen - balance)),
                    ("balance", &yuan(balance)),
                ],
            ));
            let payments = store
                .repo::<Payment>()
                .page(&PaymentFilter { charge_id: Some(charge.id) }, &PageRequest::first(10))?;
            for p in payments.rows {
                payment_lines.push(lang.t_with(
                    "detail.payment_line",
                    &[
                        ("date", &date(&p.paid_on)),
                        ("amount", &yuan(p.amount_fen)),
                        ("method", &lang.label("payment_method", p.method.code())),
                        ("receipt", &p.receipt_no),
                        ("period", &charge.period),
                    ],
                ));
            }
        }
        if charge_lines.is_empty() {
            charge_lines.push(lang.t("detail.no_charges").into_owned());
        }
        sections.push((lang.t("detail.charges").into_owned(), charge_lines));
        if !payment_lines.is_empty() {
            sections.push((lang.t("detail.payments").into_owned(), payment_lines));
        }
        let reminders =
            store.repo::<Dunning>().page(&ByLease { lease_id: Some(id) }, &PageRequest::first(10))?.rows;
        if !reminders.is_empty() {
            sections.push((
                lang.t("detail.dunning").into_owned(),
                reminders
                    .iter()
                    .map(|d| {
                        format!(
                            "{} {} {} {}",
                            ctx.local_time(&d.at),
                            lang.label("dunning_mode", d.mode.code()),
                            d.operator,
                            d.note
                        )
                    })
                    .collect(),
            ));
        }
        // Stage moves with the reason.
        let moves: Vec<String> = repo
            .moves(id)?
            .iter()
            .map(|m| {
                let mut line = format!(
                    "{} {} → {} {}",
                    ctx.local_time(&m.at),
                    lang.label("lease_stage", m.from_stage.code()),
                    lang.label("lease_stage", m.to_stage.code()),
                    m.operator
                );
                if !m.reason.is_empty() {
                    line.push_str(&format!(" · {}", m.reason));
                }
                line
            })
            .collect();
        if !moves.is_empty() {
            sections.push((lang.t("detail.stage_moves").into_owned(), moves));
        }
        let deductions = store
            .repo::<DepositDeduction>()
            .page(&ByLease { lease_id: Some(id) }, &PageRequest::first(20))?
            .rows;
        let exit = repo.exit_checklist(id)?;
        if exit.is_some() || !deductions.is_empty() {
            let tick = |on: &Option<chrono::NaiveDate>| if on.is_some() { "✓" } else { "·" };
            let mut lines = Vec::new();
            if let Some(exit) = &exit {
                for (key, on) in [
                    ("exit.notice", &exit.notice_given_on),
                    ("exit.charges", &exit.charges_settled_on),
                    ("exit.deposit", &exit.deposit_refunded_on),
                    ("exit.inspected", &exit.unit_inspected_on),
                ] {
                    lines.push(format!("{} {}: {}", tick(on), lang.t(key), opt_date(on)));
                }
                lines.push(format!("{}: {}", lang.t("exit.deposit_held"), yuan(exit.deposit_held_fen)));
            }
            for d in &deductions {
                lines.push(lang.t_with(
                    "detail.deduction_line",
                    &[("amount", &yuan(d.amount_fen)), ("reason", &d.reason)],
                ));
            }
            if let Some(refunded) = exit.as_ref().and_then(|e| e.deposit_refunded_fen) {
                lines.push(lang.t_with("detail.refunded_line", &[("amount", &yuan(refunded))]));
            }
            sections.push((lang.t("detail.exit").into_owned(), lines));
        }
        let complaints = store
            .repo::<Complaint>()
            .page(
                &ComplaintFilter { merchant_id: Some(lease.merchant_id), ..Default::default() },
                &PageRequest::first(5),
            )?
            .rows;
        let mut links: Vec<Link> = Link::merchant_file(store, lang, lease.merchant_id)?.into_iter().collect();
        // The lease this one renews, and the one renewing it.
        if let Some(previous) = lease.renews_lease_id.map(|p| repo.get(p)).transpose()? {
            links.push(Link {
                tab: Tab::Leases,
                id: previous.id,
                label: lang.t_with("detail.renews", &[("number", &previous.number)]),
            });
        }
        if let Some(next) = repo.successor(id)? {
            links.push(Link {
                tab: Tab::Leases,
                id: next.id,
                label: lang.t_with(
                    "detail.renewed_by",
                    &[("number", &next.number), ("stage", &lang.label("lease_stage", next.stage.code()))],
                ),
            });
        }
        links.extend(complaints.into_iter().map(|c| Link {
            tab: Tab::Complaints,
            id: c.id,
            label: format!("{} {} {}", lang.t("tab.complaints"), c.number, super::first_line(&c.content)),
        }));
        Ok(Detail {
            title: format!("{} {}", lease.number, merchant.map(|m| m.brand).unwrap_or_default()),
            fields,
            sections,
            links,
            link_groups: Vec::new(),
            history: history::<Lease>(store, ctx.lang, id)?,
        })
    }
}

mod form {
    use super::*;
    use crate::ui::form::{Field, FieldKind, Form, RefKind, SaveError, Saved, settle};
    use crate::ui::tabs::form_title;

    pub fn build(store: &Store, ctx: &FetchContext, id: Option<i64>) -> Result<Form> {
        let lang = ctx.lang;
        let l = |key: &str| lang.t(key).into_owned();
        let fields = vec![
            Field::new("merchant_id", l("field.merchant"), FieldKind::Reference(RefKind::Merchant), true),
            Field::new("unit_id", l("field.unit"), FieldKind::Reference(RefKind::Unit), true),
            Field::new("start_date", l("field.start_date"), FieldKind::Date, true),
            Field::new("end_date", l("field.end_date"), FieldKind::Date, true),
            Field::new("monthly_rent_fen", l("field.monthly_rent"), FieldKind::Money, true),
            Field::new("management_fee_fen", l("field.management_fee"), FieldKind::Money, false),
            Field::new("deposit_fen", l("field.deposit"), FieldKind::Money, false),
            Field::new("payment_day", l("field.payment_day"), FieldKind::Number, true),
        ];
        let mut form = Form::new(Tab::Leases, id, form_title(lang, "lease", id.is_some()), fields);
        match id.map(|id| store.repo::<Lease>().get(id)).transpose()? {
            Some(lease) => {
                if let Some(m) = store.repo::<Merchant>().find(lease.merchant_id)? {
                    form.field_mut("merchant_id").set_pick(m.id, m.brand);
                }
                if let Some(u) = store.repo::<Unit>().find(lease.unit_id)? {
                    form.field_mut("unit_id").set_pick(u.id, u.code);
                }
                form.field_mut("start_date").set_text(&date(&lease.start_date));
                form.field_mut("end_date").set_text(&date(&lease.end_date));
                form.field_mut("monthly_rent_fen").set_text(&format_yuan(lease.monthly_rent_fen));
                form.field_mut("management_fee_fen").set_text(&format_yuan(lease.management_fee_fen));
                form.field_mut("deposit_fen").set_text(&format_yuan(lease.deposit_fen));
                form.field_mut("payment_day").set_text(&lease.payment_day.to_string());
            }
            None => form.field_mut("payment_day").set_text("5"),
        }
        Ok(form)
    }

    pub fn save(store: &Store, ctx: &FetchContext, form: &mut Form) -> std::result::Result<Saved, SaveError> {
        let lang = ctx.lang;
        form.clear_errors();
        let merchant_id = form.reference("merchant_id", lang);
        let unit_id = form.reference("unit_id", lang);
        let start = form.date("start_date", ctx.today, lang);
        let end = form.date("end_date", ctx.today, lang);
        let rent = form.money("monthly_rent_fen", lang);
        let fee = form.money("management_fee_fen", lang).unwrap_or(0);
        let deposit = form.money("deposit_fen", lang).unwrap_or(0);
        let payment_day = form.number("payment_day", lang);
        // Every problem at once: what the fields say, the lease's own rules and an overlap.
        let (Some(merchant_id), Some(unit_id), Some(start), Some(end)) = (merchant_id, unit_id, start, end)
        else {
            return Err(SaveError::Fields);
        };
        let (rent_fen, day) = (rent.unwrap_or(0), payment_day.unwrap_or(1));
        let mut lease = match form.editing {
            Some(id) => store.repo::<Lease>().get(id)?,
            None => Lease {
                id: 0,
                number: String::new(),
                merchant_id,
                unit_id,
                prospect_id: None,
                start_date: start,
                end_date: end,
                monthly_rent_fen: 0,
                management_fee_fen: 0,
                deposit_fen: 0,
                payment_day: 1,
                stage: LeaseStage::Draft,
                renews_lease_id: None,
            },
        };
        lease.merchant_id = merchant_id;
        lease.unit_id = unit_id;
        lease.start_date = start;
        lease.end_date = end;
        lease.monthly_rent_fen = rent_fen;
        lease.management_fee_fen = fee;
        lease.deposit_fen = deposit;
        lease.payment_day = u8::try_from(day).unwrap_or(0);
        // A new lease gets its number on save: check the rest as if it had one.
        let mut probe = lease.clone();
        if probe.number.is_empty() {
            probe.number = "HT-0000-0000".into();
        }
        if let Err(errors) = probe.validate() {
            form.mark(&errors, lang);
        }
        if let Some(refusal) = store.repo::<Lease>().overlap(&lease)? {
            form.error = Some(refusal.message(lang.code()));
        }
        if form.has_errors() || form.error.is_some() {
            return Err(SaveError::Fields);
        }
        let result = match form.editing {
            Some(_) => store.repo::<Lease>().update(&mut lease).map(|()| lease.id),
            None => store.repo::<Lease>().create(&mut lease),
        };
        settle(form, lang, result)
    }
}
