//! Complaints and service requests: open cases by deadline first, overdue in red.

use ratatui::layout::Constraint;

use super::{Column, Detail, FetchContext, Link, RowView, Tab, TabFilter, TabSource, first_line, history};
use super::{local_time, opt_time, short_time, single};
use crate::domain::callback::Callback;
use crate::domain::complaint::{Complaint, ComplaintStep};
use crate::domain::merchant::Merchant;
use crate::domain::unit::Unit;
use crate::domain::{format_yuan, phone};
use crate::store::callbacks::CallbackFilter;
use crate::store::complaints::ComplaintFilter;
use crate::store::{Page, PageRequest, Result, Store};
use crate::ui::i18n::Lang;

pub struct Complaints;

const COLUMNS: &[Column] = &[
    Column { key: "col.number", width: Constraint::Length(16) },
    Column { key: "col.received", width: Constraint::Length(11) },
    Column { key: "col.kind", width: Constraint::Length(8) },
    Column { key: "col.complainant", width: Constraint::Length(10) },
    Column { key: "col.content", width: Constraint::Fill(1) },
    Column { key: "col.step", width: Constraint::Length(8) },
    Column { key: "col.deadline", width: Constraint::Length(11) },
];

/// Quick filter 0: open by deadline; 1: all, newest first; 2…: one step each.
fn store_filter(ctx: &FetchContext, filter: &TabFilter) -> ComplaintFilter {
    let steps: Vec<ComplaintStep> = ComplaintStep::all().collect();
    ComplaintFilter {
        text: filter.text.clone(),
        by_deadline: filter.quick == 0,
        step: filter.quick.checked_sub(2).and_then(|i| steps.get(i).copied()),
        overdue_at: filter.overdue.then_some(ctx.now),
        ..Default::default()
    }
}

fn row(ctx: &FetchContext, case: Complaint) -> RowView {
    let lang = ctx.lang;
    RowView {
        id: case.id,
        alert: case.is_overdue(ctx.now),
        cells: vec![
            case.number.clone(),
            short_time(&case.received_at),
            lang.label("complaint_kind", case.kind.code()).into_owned(),
            case.complainant.clone(),
            first_line(&case.content),
            lang.label("complaint_step", case.step.code()).into_owned(),
            case.due_at.as_ref().map(short_time).unwrap_or_default(),
        ],
    }
}

impl TabSource for Complaints {
    fn columns(&self) -> &'static [Column] {
        COLUMNS
    }

    fn quick_filters(&self, lang: Lang) -> Vec<String> {
        let mut filters = vec![lang.t("filter.by_deadline").into_owned(), lang.t("filter.all").into_owned()];
        filters.extend(ComplaintStep::all().map(|s| lang.label("complaint_step", s.code()).into_owned()));
        filters
    }

    fn page(
        &self,
        store: &Store,
        ctx: &FetchContext,
        filter: &TabFilter,
        request: &PageRequest,
    ) -> Result<Page<RowView>> {
        if let Some(id) = filter.only_id {
            return single::<Complaint>(store, id, |c| row(ctx, c));
        }
        Ok(store.repo::<Complaint>().page(&store_filter(ctx, filter), request)?.map(|c| row(ctx, c)))
    }

    fn count(&self, store: &Store, ctx: &FetchContext, filter: &TabFilter) -> Result<u64> {
        if filter.only_id.is_some() {
            return Ok(1);
        }
        store.repo::<Complaint>().count(&store_filter(ctx, filter))
    }

    fn detail(&self, store: &Store, ctx: &FetchContext, id: i64) -> Result<Detail> {
        let lang = ctx.lang;
        let case = store.repo::<Complaint>().get(id)?;
        let merchant = case.merchant_id.map(|m| store.repo::<Merchant>().find(m)).transpose()?.flatten();
        let unit = case.unit_id.map(|u| store.repo::<Unit>().find(u)).transpose()?.flatten();
        let f = |key: &str, value: String| (lang.t(key).into_owned(), value);
        let mut fields = vec![
            f("field.number", case.number.clone()),
            f("field.kind", lang.label("complaint_kind", case.kind.code()).into_owned()),
            f("field.received_at", local_time(&case.received_at)),
            f(
                "field.complainant",
                format!(
                    "{} ({})",
                    case.complainant,
                    lang.label("complainant_type", case.complainant_type.code())
                ),
            ),
            f("field.phone", case.phone.as_deref().map(phone::display).unwrap_or_default()),
            f("field.merchant", merchant.as_ref().map(|m| m.brand.clone()).unwrap_or_default()),
            f("field.unit", unit.as_ref().map(|u| u.code.clone()).unwrap_or_default()),
            f("field.category", lang.label("complaint_category", case.category.code()).into_owned()),
            f("field.content", case.content.clone()),
            f("field.level", lang.label("complaint_level", case.level.code()).into_owned()),
            f("field.escalation", lang.label("escalation_tier", case.escalation.code()).into_owned()),
            f("field.department", case.department.clone()),
            f("field.handler", ctx.staff(case.handler_id)),
            f("field.step", lang.label("complaint_step", case.step.code()).into_owned()),
            f("field.due_at", opt_time(&case.due_at)),
        ];
        if let Some(valid) = case.valid {
            fields.push(f("field.valid", ctx.yes_no(valid)));
        }
        for (key, value) in [
            ("field.cause", case.cause.clone()),
            ("field.remedy", case.remedy.clone()),
            (
                "field.compensation",
                if case.compensation_fen > 0 { format_yuan(case.compensation_fen) } else { String::new() },
            ),
            (
                "field.approved_by",
                case.approved_by
                    .clone()
                    .map(|a| format!("{a} {}", opt_time(&case.approved_at)))
                    .unwrap_or_default(),
            ),
            (
                "field.satisfaction",
                case.satisfaction
                    .map(|s| lang.label("satisfaction", s.code()).into_owned())
                    .unwrap_or_default(),
            ),
            ("field.closing_summary", case.closing_summary.clone()),
        ] {
            if !value.is_empty() {
                fields.push(f(key, value));
            }
        }
        let steps = store
            .repo::<Complaint>()
            .steps(id)?
            .into_iter()
            .map(|s| {
                let note =
                    if s.note.is_empty() { String::new() } else { format!(" — {}", first_line(&s.note)) };
                format!(
                    "{} {} {}{note}",
                    local_time(&s.at),
                    lang.label("complaint_step", s.step.code()),
                    s.operator
                )
            })
            .collect();
        let callbacks = store
            .repo::<Callback>()
            .page(&CallbackFilter { complaint_id: Some(id), ..Default::default() }, &PageRequest::first(5))?
            .rows;
        let links = callbacks
            .into_iter()
            .map(|c| Link {
                tab: Tab::Callbacks,
                id: c.id,
                label: format!(
                    "{} {} {}",
                    lang.t("tab.callbacks"),
                    c.party_name,
                    lang.label("callback_status", c.status.code())
                ),
            })
            .collect();
        Ok(Detail {
            title: format!("{} {}", case.number, lang.label("complaint_kind", case.kind.code())),
            fields,
            sections: vec![(lang.t("detail.steps").into_owned(), steps)],
            links,
            history: history::<Complaint>(store, id)?,
        })
    }
}
