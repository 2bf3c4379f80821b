//! Callbacks: the open queue by due time (overdue first), key customers marked.

use ratatui::layout::Constraint;

use super::{
    Column, Detail, FetchContext, Link, RowView, Tab, TabFilter, TabSource, history, local_time, opt_time,
};
use super::{short_time, single};
use crate::domain::callback::{Callback, CallbackStatus};
use crate::domain::complaint::Complaint;
use crate::domain::phone;
use crate::store::callbacks::CallbackFilter;
use crate::store::{Page, PageRequest, Result, Store};
use crate::ui::i18n::Lang;

pub struct Callbacks;

const COLUMNS: &[Column] = &[
    Column { key: "col.due", width: Constraint::Length(11) },
    Column { key: "col.party", width: Constraint::Fill(1) },
    Column { key: "col.phone", width: Constraint::Length(13) },
    Column { key: "col.reason", width: Constraint::Length(12) },
    Column { key: "col.status", width: Constraint::Length(8) },
    Column { key: "col.attempts", width: Constraint::Length(6) },
    Column { key: "col.key", width: Constraint::Length(4) },
];

/// Quick filter 0: open by due time; 1: key customers still open; 2: all; 3…: one status each.
fn store_filter(ctx: &FetchContext, filter: &TabFilter) -> CallbackFilter {
    let statuses: Vec<CallbackStatus> = CallbackStatus::all().collect();
    let status = match filter.quick {
        0 | 1 => Some(CallbackStatus::Open),
        2 => None,
        n => statuses.get(n - 3).copied(),
    };
    CallbackFilter {
        text: filter.text.clone(),
        status: if filter.overdue { Some(CallbackStatus::Open) } else { status },
        key_only: filter.quick == 1,
        due_before: filter.overdue.then_some(ctx.now),
        ..Default::default()
    }
}

fn row(ctx: &FetchContext, callback: Callback) -> RowView {
    let lang = ctx.lang;
    RowView {
        id: callback.id,
        alert: callback.is_overdue(ctx.now),
        cells: vec![
            short_time(&callback.due_at),
            callback.party_name.clone(),
            phone::display(&callback.phone),
            lang.label("callback_reason", callback.reason.code()).into_owned(),
            lang.label("callback_status", callback.status.code()).into_owned(),
            callback.failed_attempts.to_string(),
            if callback.key_customer { "★".into() } else { String::new() },
        ],
    }
}

impl TabSource for Callbacks {
    fn columns(&self) -> &'static [Column] {
        COLUMNS
    }

    fn quick_filters(&self, lang: Lang) -> Vec<String> {
        let mut filters = vec![
            lang.t("filter.due").into_owned(),
            lang.t("filter.key").into_owned(),
            lang.t("filter.all").into_owned(),
        ];
        filters.extend(CallbackStatus::all().map(|s| lang.label("callback_status", s.code()).into_owned()));
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
            return single::<Callback>(store, id, |c| row(ctx, c));
        }
        Ok(store.repo::<Callback>().page(&store_filter(ctx, filter), request)?.map(|c| row(ctx, c)))
    }

    fn count(&self, store: &Store, ctx: &FetchContext, filter: &TabFilter) -> Result<u64> {
        if filter.only_id.is_some() {
            return Ok(1);
        }
        store.repo::<Callback>().count(&store_filter(ctx, filter))
    }

    fn detail(&self, store: &Store, ctx: &FetchContext, id: i64) -> Result<Detail> {
        let lang = ctx.lang;
        let callback = store.repo::<Callback>().get(id)?;
        let f = |key: &str, value: String| (lang.t(key).into_owned(), value);
        let mut fields = vec![
            f("field.party_name", callback.party_name.clone()),
            f("field.party_kind", lang.label("party_kind", callback.party_kind.code()).into_owned()),
            f("field.phone", phone::display(&callback.phone)),
            f("field.reason", lang.label("callback_reason", callback.reason.code()).into_owned()),
            f("field.due_at", local_time(&callback.due_at)),
            f("field.staff", ctx.staff(callback.staff_id)),
            f("field.key_customer", ctx.yes_no(callback.key_customer)),
            f("field.status", lang.label("callback_status", callback.status.code()).into_owned()),
            f("field.failed_attempts", callback.failed_attempts.to_string()),
        ];
        if let Some(outcome) = callback.outcome {
            fields.push(f(
                "field.outcome",
                format!("{} {}", lang.label("satisfaction", outcome.code()), opt_time(&callback.done_at)),
            ));
            fields.push(f("field.customer_words", callback.customer_words.clone()));
        }
        let attempts = store
            .repo::<Callback>()
            .attempts(id)?
            .into_iter()
            .map(|a| {
                format!(
                    "{} {} {} {}",
                    local_time(&a.at),
                    lang.label_contact(a.mode.code()),
                    lang.label_result(a.result.code()),
                    a.operator
                )
            })
            .collect();
        let mut links = Vec::new();
        if let Some(case_id) = callback.complaint_id
            && let Some(case) = store.repo::<Complaint>().find(case_id)?
        {
            links.push(Link {
                tab: Tab::Complaints,
                id: case.id,
                label: format!("{} {}", lang.t("tab.complaints"), case.number),
            });
        }
        Ok(Detail {
            title: format!(
                "{} {}",
                callback.party_name,
                lang.label("callback_reason", callback.reason.code())
            ),
            fields,
            sections: vec![(lang.t("detail.attempts").into_owned(), attempts)],
            links,
            history: history::<Callback>(store, id)?,
        })
    }
}
