//! Callbacks: the open queue by due time (overdue first), key customers marked.

use ratatui::layout::Constraint;

use super::{
    Column, Detail, FetchContext, Link, RowView, Tab, TabFilter, TabSource, counted, history, opt_time,
    records,
};
use crate::domain::callback::{Callback, CallbackStatus};
use crate::domain::complaint::Complaint;
use crate::domain::phone;
use crate::domain::staff::Staff;
use crate::store::callbacks::CallbackFilter;
use crate::store::{Page, PageRequest, Result, Store};
use crate::ui::i18n::Lang;

pub struct Callbacks;

const COLUMNS: &[Column] = &[
    Column { key: "col.due", width: Constraint::Length(11), optional: false },
    Column { key: "col.party", width: Constraint::Fill(1), optional: false },
    Column { key: "col.phone", width: Constraint::Length(13), optional: false },
    Column { key: "col.reason", width: Constraint::Length(12), optional: true },
    Column { key: "col.status", width: Constraint::Length(8), optional: false },
    Column { key: "col.attempts", width: Constraint::Length(6), optional: false },
    Column { key: "col.key", width: Constraint::Length(4), optional: false },
    Column { key: "col.may_call", width: Constraint::Length(11), optional: true },
];

/// Quick filter 0: open by due time; 1: key customers still open; 2: all; 3…: one status each.
fn store_filter(ctx: &FetchContext, filter: &TabFilter) -> CallbackFilter {
    let statuses: Vec<CallbackStatus> = CallbackStatus::all().collect();
    let status = match filter.quick {
        0 | 1 => Some(CallbackStatus::Open),
        2 => None,
        n => statuses.get(n - 3).copied(),
    };
    let mut store_filter = CallbackFilter {
        text: filter.text.clone(),
        status: if filter.overdue { Some(CallbackStatus::Open) } else { status },
        key_only: filter.quick == 1,
        due_before: filter.overdue.then_some(ctx.now),
        staff_id: filter.staff_id,
        ..Default::default()
    };
    match &filter.drill {
        Some(super::Drill::CallbacksDue { from, until }) => {
            store_filter.status = Some(CallbackStatus::Open);
            store_filter.due_from = *from;
            store_filter.due_before = Some(store_filter.due_before.map_or(*until, |b| b.min(*until)));
        }
        Some(super::Drill::Unreachable { from, until }) => {
            store_filter.unreachable_in = Some((*from, *until))
        }
        _ => {}
    }
    store_filter
}

fn row(store: &Store, ctx: &FetchContext, callback: Callback) -> Result<RowView> {
    let lang = ctx.lang;
    // When the call may be made: not in rest hours, not before an agreed "call later" time.
    let may_call = if callback.status == CallbackStatus::Open {
        let later = store.repo::<Callback>().call_later_at(callback.id)?.unwrap_or(ctx.now);
        let at = super::call::may_call_from(ctx, later);
        if at <= ctx.now + chrono::Duration::minutes(1) {
            lang.t("call.now").into_owned()
        } else {
            ctx.short_time(&at)
        }
    } else {
        String::new()
    };
    Ok(RowView {
        id: callback.id,
        alert: callback.is_overdue(ctx.now),
        cells: vec![
            ctx.short_time(&callback.due_at),
            callback.party_name.clone(),
            phone::display(&callback.phone),
            lang.label("callback_reason", callback.reason.code()).into_owned(),
            lang.label("callback_status", callback.status.code()).into_owned(),
            callback.failed_attempts.to_string(),
            if callback.key_customer { "★".into() } else { String::new() },
            may_call,
        ],
    })
}

impl TabSource for Callbacks {
    fn columns(&self) -> &'static [Column] {
        COLUMNS
    }

    fn all_filter(&self) -> usize {
        2
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
        records::<Callback>(store, filter, &store_filter(ctx, filter), request)?
            .try_map(|c| row(store, ctx, c))
    }

    fn count(
        &self,
        store: &Store,
        ctx: &FetchContext,
        filter: &TabFilter,
        exact: bool,
    ) -> Result<(u64, bool)> {
        counted::<Callback>(store, filter, &store_filter(ctx, filter), exact)
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
            crate::ui::form::Purpose::Call => super::call::save(store, ctx, form),
            crate::ui::form::Purpose::Campaign => super::campaign::save(store, ctx, form),
            _ => form::save(store, ctx, form),
        }
    }

    fn follow(
        &self,
        _store: &Store,
        desk: &super::Following,
        form: &mut crate::ui::form::Form,
    ) -> Result<()> {
        if form.purpose == crate::ui::form::Purpose::Campaign {
            super::campaign::follow(desk.settings, desk.today, desk.lang, form);
        }
        Ok(())
    }

    fn act(&self, store: &Store, ctx: &FetchContext, id: i64) -> Result<Option<crate::ui::form::Form>> {
        super::call::form(store, ctx, id).map(Some)
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
            f("field.due_at", ctx.local_time(&callback.due_at)),
            // Who calls, with their own role (a service clerk is not a leasing agent).
            f(
                "field.assigned_staff",
                match callback.staff_id.map(|id| store.repo::<Staff>().find(id)).transpose()?.flatten() {
                    Some(staff) => {
                        format!("{}（{}）", staff.name, lang.label("staff_role", staff.role.code()))
                    }
                    None => String::new(),
                },
            ),
            f("field.key_customer", ctx.yes_no(callback.key_customer)),
            f("field.status", lang.label("callback_status", callback.status.code()).into_owned()),
            f("field.failed_attempts", callback.failed_attempts.to_string()),
        ];
        if let Some(outcome) = callback.outcome {
            fields.push(f(
                "field.outcome",
                format!(
                    "{} {}",
                    lang.label("satisfaction", outcome.code()),
                    opt_time(ctx.clock, &callback.done_at)
                ),
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
                    ctx.local_time(&a.at),
                    lang.label_contact(a.mode.code()),
                    lang.label_result(a.result.code()),
                    a.operator
                )
            })
            .collect();
        let mut links: Vec<Link> = callback
            .merchant_id
            .map(|m| Link::merchant_file(store, lang, m))
            .transpose()?
            .flatten()
            .into_iter()
            .collect();
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
            link_groups: Vec::new(),
            history: history::<Callback>(store, ctx.lang, id)?,
        })
    }
}

mod form {

    use super::*;
    use crate::domain::callback::{CallbackReason, PartyKind};
    use crate::ui::form::{Field, FieldKind, Form, RefKind, SaveError, Saved, options, settle, yes_no};
    use crate::ui::tabs::{date, form_title};

    pub fn build(store: &Store, ctx: &FetchContext, id: Option<i64>) -> Result<Form> {
        let lang = ctx.lang;
        let l = |key: &str| lang.t(key).into_owned();
        let fields = vec![
            Field::new(
                "party_kind",
                l("field.party_kind"),
                options(lang, "party_kind", PartyKind::all(), PartyKind::code),
                true,
            ),
            Field::new("party_name", l("field.party_name"), FieldKind::Text, true),
            Field::new("phone", l("field.phone"), FieldKind::Text, true),
            Field::new(
                "reason",
                l("field.reason"),
                options(lang, "callback_reason", CallbackReason::all(), CallbackReason::code),
                true,
            ),
            Field::new("due_at", l("field.due_at"), FieldKind::Date, true),
            Field::new("staff_id", l("field.assigned_staff"), FieldKind::Reference(RefKind::Staff), false),
            Field::new("key_customer", l("field.key_customer"), yes_no(lang), true),
        ];
        let mut form = Form::new(Tab::Callbacks, id, form_title(lang, "callback", id.is_some()), fields);
        match id.map(|id| store.repo::<Callback>().get(id)).transpose()? {
            Some(c) => {
                form.field_mut("party_kind").set_choice(c.party_kind.code());
                form.field_mut("party_name").set_text(&c.party_name);
                form.field_mut("phone").set_text(&phone::display(&c.phone));
                form.field_mut("reason").set_choice(c.reason.code());
                form.field_mut("due_at").set_text(&date(&ctx.clock.day(c.due_at)));
                if let Some(staff) = c.staff_id {
                    form.field_mut("staff_id").set_pick(staff, ctx.staff(Some(staff)));
                }
                form.field_mut("key_customer").set_choice(if c.key_customer { "yes" } else { "no" });
            }
            None => {
                let days = ctx.settings.callbacks.due_days;
                form.field_mut("due_at").set_text(&format!("+{days}d"));
            }
        }
        Ok(form)
    }

    pub fn save(store: &Store, ctx: &FetchContext, form: &mut Form) -> std::result::Result<Saved, SaveError> {
        let lang = ctx.lang;
        form.clear_errors();
        let due = form.date("due_at", ctx.today, lang);
        let staff_id = form.reference("staff_id", lang);
        let Some(due) = due else { return Err(SaveError::Fields) };
        if form.has_errors() {
            return Err(SaveError::Fields);
        }
        // Due by the end of the chosen day, mall time.
        let due_at = ctx.clock.instant(due.and_hms_opt(18, 0, 0).expect("valid time"));
        let mut c = match form.editing {
            Some(id) => store.repo::<Callback>().get(id)?,
            None => Callback {
                id: 0,
                party_kind: PartyKind::Customer,
                party_name: String::new(),
                phone: String::new(),
                reason: CallbackReason::Survey,
                complaint_id: None,
                merchant_id: None,
                prospect_id: None,
                due_at,
                staff_id: None,
                key_customer: false,
                status: CallbackStatus::Open,
                outcome: None,
                customer_words: String::new(),
                failed_attempts: 0,
                created_at: ctx.now,
                done_at: None,
            },
        };
        c.party_kind = form.choice("party_kind").unwrap_or(c.party_kind);
        c.party_name = form.text("party_name");
        c.phone = form.text("phone");
        c.reason = form.choice("reason").unwrap_or(c.reason);
        c.due_at = due_at;
        c.staff_id = staff_id;
        c.key_customer = form.field("key_customer").code() == Some("yes");
        let result = match form.editing {
            Some(_) => store.repo::<Callback>().update(&mut c).map(|()| c.id),
            None => store.repo::<Callback>().create(&mut c),
        };
        settle(form, lang, result)
    }
}
