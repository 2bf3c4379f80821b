//! Complaints and service requests: open cases by deadline first, overdue in red.

use ratatui::layout::Constraint;

use super::opt_time;
use super::{
    Column, Detail, Drill, FetchContext, Link, RowView, Tab, TabFilter, TabSource, counted, first_line,
    history, records,
};
use crate::domain::callback::Callback;
use crate::domain::complaint::{Complaint, ComplaintCategory, ComplaintStep};
use crate::domain::lease::Lease;
use crate::domain::merchant::Merchant;
use crate::domain::unit::Unit;
use crate::domain::{format_yuan, phone};
use crate::store::callbacks::CallbackFilter;
use crate::store::complaints::ComplaintFilter;
use crate::store::leases::LeaseFilter;
use crate::store::reports::Warning;
use crate::store::{Page, PageRequest, Result, Store};
use crate::ui::i18n::Lang;

pub struct Complaints;

const COLUMNS: &[Column] = &[
    Column { key: "col.number", width: Constraint::Length(16), optional: false },
    Column { key: "col.received", width: Constraint::Length(11), optional: true },
    Column { key: "col.kind", width: Constraint::Length(8), optional: true },
    Column { key: "col.complainant", width: Constraint::Length(10), optional: false },
    Column { key: "col.content", width: Constraint::Fill(1), optional: false },
    Column { key: "col.step", width: Constraint::Length(8), optional: false },
    Column { key: "col.deadline", width: Constraint::Length(11), optional: false },
];

/// Quick filter 0: open by deadline; 1: all, newest first; 2…8: one step each; last: the
/// early warning's cases (merchants and categories over the setting's count in its window).
fn store_filter(store: &Store, ctx: &FetchContext, filter: &TabFilter) -> Result<ComplaintFilter> {
    let steps: Vec<ComplaintStep> = ComplaintStep::all().collect();
    let warning_view = filter.quick == steps.len() + 2;
    let mut store_filter = ComplaintFilter {
        text: filter.text.clone(),
        by_deadline: filter.quick == 0,
        step: filter.quick.checked_sub(2).and_then(|i| steps.get(i).copied()),
        overdue_at: filter.overdue.then_some(ctx.now),
        handler_id: filter.staff_id,
        ..Default::default()
    };
    match &filter.drill {
        Some(Drill::Received { from, until, group }) => {
            store_filter.received_from = Some(*from);
            store_filter.received_until = Some(*until);
            store_filter.group = *group;
        }
        Some(Drill::AtStep { step, overdue_at }) => {
            store_filter.step = Some(*step);
            store_filter.overdue_at = overdue_at.or(store_filter.overdue_at);
        }
        _ => {}
    }
    if warning_view {
        let since = warning_since(ctx);
        let mut merchants = Vec::new();
        let mut categories = Vec::new();
        for warning in store.complaint_warnings(since, ctx.settings.service.warning_count)? {
            match warning {
                Warning::Merchant { id, .. } => merchants.push(id),
                Warning::Category { code, .. } => categories.extend(code.parse::<ComplaintCategory>().ok()),
            }
        }
        store_filter.received_from = Some(since);
        store_filter.warned = Some((merchants, categories));
    }
    Ok(store_filter)
}

fn warning_since(ctx: &FetchContext) -> chrono::DateTime<chrono::Utc> {
    ctx.now - chrono::Duration::days(i64::from(ctx.settings.service.warning_window_days))
}

/// The early warning as one line: "⚠ …: 星光咖啡 5 · goods quality 12", or `None`.
pub fn warning_line(store: &Store, ctx: &FetchContext) -> Result<Option<String>> {
    let lang = ctx.lang;
    let warnings = store.complaint_warnings(warning_since(ctx), ctx.settings.service.warning_count)?;
    if warnings.is_empty() {
        return Ok(None);
    }
    let parts: Vec<String> = warnings
        .iter()
        .map(|w| match w {
            Warning::Merchant { brand, cases, .. } => format!("{brand} {cases}"),
            Warning::Category { code, cases } => {
                format!("{} {cases}", lang.label("complaint_category", code))
            }
        })
        .collect();
    let days = ctx.settings.service.warning_window_days.to_string();
    Ok(Some(format!("⚠ {}: {}", lang.t_with("warning.title", &[("days", &days)]), parts.join(" · "))))
}

fn row(ctx: &FetchContext, case: Complaint) -> RowView {
    let lang = ctx.lang;
    RowView {
        id: case.id,
        alert: case.is_overdue(ctx.now),
        cells: vec![
            case.number.clone(),
            ctx.short_time(&case.received_at),
            lang.label("complaint_kind", case.kind.code()).into_owned(),
            case.complainant.clone(),
            ctx.cell_text(&case.content),
            lang.label("complaint_step", case.step.code()).into_owned(),
            case.due_at.as_ref().map(|at| ctx.short_time(at)).unwrap_or_default(),
        ],
    }
}

impl TabSource for Complaints {
    fn columns(&self) -> &'static [Column] {
        COLUMNS
    }

    fn all_filter(&self) -> usize {
        1
    }

    fn quick_filters(&self, lang: Lang) -> Vec<String> {
        let mut filters = vec![lang.t("filter.by_deadline").into_owned(), lang.t("filter.all").into_owned()];
        filters.extend(ComplaintStep::all().map(|s| lang.label("complaint_step", s.code()).into_owned()));
        filters.push(lang.t("filter.warning").into_owned());
        filters
    }

    fn page(
        &self,
        store: &Store,
        ctx: &FetchContext,
        filter: &TabFilter,
        request: &PageRequest,
    ) -> Result<Page<RowView>> {
        records::<Complaint>(store, filter, &store_filter(store, ctx, filter)?, request)?
            .try_map(|c| Ok(row(ctx, c)))
    }

    fn count(
        &self,
        store: &Store,
        ctx: &FetchContext,
        filter: &TabFilter,
        exact: bool,
    ) -> Result<(u64, bool)> {
        counted::<Complaint>(store, filter, &store_filter(store, ctx, filter)?, exact)
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
            crate::ui::form::Purpose::Record | crate::ui::form::Purpose::ComplaintFromCall(_) => {
                form::save(store, ctx, form)
            }
            _ => super::complaint_steps::save(store, ctx, form),
        }
    }

    fn act(&self, store: &Store, ctx: &FetchContext, id: i64) -> Result<Option<crate::ui::form::Form>> {
        super::complaint_steps::choose(store, ctx, id).map(Some)
    }

    fn follow(&self, store: &Store, desk: &super::Following, form: &mut crate::ui::form::Form) -> Result<()> {
        super::intake::follow(store, desk.today, desk.lang, form)
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
            f("field.received_at", ctx.local_time(&case.received_at)),
            f(
                "field.complainant",
                format!(
                    "{} ({})",
                    case.complainant,
                    lang.label("complainant_type", case.complainant_type.code())
                ),
            ),
            f("field.phone", case.phone.as_deref().map(phone::display).unwrap_or_default()),
            f(
                "field.merchant",
                merchant.as_ref().map(|m| super::leases::merchant_label(m, ctx)).unwrap_or_default(),
            ),
            f("field.unit", unit.as_ref().map(|u| u.code.clone()).unwrap_or_default()),
            f(
                "field.complaint_category",
                lang.label("complaint_category", case.category.code()).into_owned(),
            ),
            f("field.content", case.content.clone()),
            f("field.level", lang.label("complaint_level", case.level.code()).into_owned()),
            f("field.escalation", lang.label("escalation_tier", case.escalation.code()).into_owned()),
            f("field.department", case.department.clone()),
            f("field.handler", ctx.staff(case.handler_id)),
            f("field.step", lang.label("complaint_step", case.step.code()).into_owned()),
            f("field.due_at", opt_time(ctx.clock, &case.due_at)),
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
                    .map(|a| format!("{a} {}", opt_time(ctx.clock, &case.approved_at)))
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
                    ctx.local_time(&s.at),
                    lang.label("complaint_step", s.step.code()),
                    s.operator
                )
            })
            .collect();
        let escalations: Vec<String> = store
            .repo::<Complaint>()
            .escalations(id)?
            .into_iter()
            .map(|e| {
                format!(
                    "{} {} → {} {} — {}",
                    ctx.local_time(&e.at),
                    lang.label("escalation_tier", e.from_tier.code()),
                    lang.label("escalation_tier", e.to_tier.code()),
                    e.operator,
                    first_line(&e.reason)
                )
            })
            .collect();
        let callbacks = store
            .repo::<Callback>()
            .page(&CallbackFilter { complaint_id: Some(id), ..Default::default() }, &PageRequest::first(5))?
            .rows;
        let mut links: Vec<Link> = case
            .merchant_id
            .map(|m| Link::merchant_file(store, lang, m))
            .transpose()?
            .flatten()
            .into_iter()
            .collect();
        links.extend(callbacks.into_iter().map(|c| Link {
            tab: Tab::Callbacks,
            id: c.id,
            label: format!(
                "{} {} {}",
                lang.t("tab.callbacks"),
                c.party_name,
                lang.label("callback_status", c.status.code())
            ),
        }));
        // The same matter: the earlier case this one joined, and the later cases that joined it.
        if let Some(linked) = case.linked_case_id.map(|l| store.repo::<Complaint>().get(l)).transpose()? {
            links.insert(
                0,
                Link {
                    tab: Tab::Complaints,
                    id: linked.id,
                    label: lang.t_with("detail.same_matter_as", &[("number", &linked.number)]),
                },
            );
        }
        links.extend(store.repo::<Complaint>().linked_later(id)?.into_iter().map(|(later, number)| Link {
            tab: Tab::Complaints,
            id: later,
            label: lang.t_with("detail.later_case", &[("number", &number)]),
        }));
        // The lease of the unit (or else of the merchant) the case is about.
        let lease_filter = match (case.unit_id, case.merchant_id) {
            (Some(unit_id), _) => {
                Some(LeaseFilter { unit_id: Some(unit_id), live_only: true, ..Default::default() })
            }
            (None, Some(merchant_id)) => {
                Some(LeaseFilter { merchant_id: Some(merchant_id), live_only: true, ..Default::default() })
            }
            (None, None) => None,
        };
        if let Some(filter) = lease_filter {
            for lease in store.repo::<Lease>().page(&filter, &PageRequest::first(2))?.rows {
                links.push(Link {
                    tab: Tab::Leases,
                    id: lease.id,
                    label: format!("{} {}", lang.t("tab.leases"), lease.number),
                });
            }
        }
        Ok(Detail {
            title: format!("{} {}", case.number, lang.label("complaint_kind", case.kind.code())),
            fields,
            sections: vec![
                (lang.t("detail.steps").into_owned(), steps),
                (lang.t("detail.escalations").into_owned(), escalations),
            ],
            links,
            link_groups: Vec::new(),
            history: history::<Complaint>(store, ctx.lang, id)?,
        })
    }
}

pub(super) mod form {
    use super::*;
    use crate::domain::complaint::{
        ComplainantType, ComplaintCategory, ComplaintKind, ComplaintLevel, ComplaintSource,
    };
    use crate::ui::form::{
        Field, FieldKind, Form, RefKind, SaveError, Saved, departments, options, settle, unchosen,
    };
    use crate::ui::tabs::{form_title, intake};

    /// The counter's intake form: the fields a walk-in complaint needs, in the order asked.
    pub fn build(store: &Store, ctx: &FetchContext, id: Option<i64>) -> Result<Form> {
        let case = id.map(|id| store.repo::<Complaint>().get(id)).transpose()?;
        filled(store, ctx, id, case.as_ref())
    }

    /// The intake form for case `id` (`None`: a new one), its fields holding `case`.
    fn filled(store: &Store, ctx: &FetchContext, id: Option<i64>, case: Option<&Complaint>) -> Result<Form> {
        let lang = ctx.lang;
        let l = |key: &str| lang.t(key).into_owned();
        let fields = vec![
            Field::new(
                "kind",
                l("field.kind"),
                options(lang, "complaint_kind", ComplaintKind::all(), ComplaintKind::code),
                true,
            ),
            Field::new(
                "source",
                l("field.source"),
                options(lang, "complaint_source", ComplaintSource::all(), ComplaintSource::code),
                true,
            ),
            // The phone first: a known caller's name then comes by itself.
            Field::new("phone", l("field.phone"), FieldKind::Text, false),
            Field::new("complainant", l("field.complainant"), FieldKind::Text, true),
            Field::new(
                "complainant_type",
                l("field.complainant_type"),
                options(lang, "complainant_type", ComplainantType::all(), ComplainantType::code),
                true,
            ),
            Field::new("merchant_id", l("field.merchant"), FieldKind::Reference(RefKind::Merchant), false),
            Field::new("unit_id", l("field.unit"), FieldKind::Reference(RefKind::Unit), false),
            Field::new(
                "category",
                l("field.complaint_category"),
                unchosen(
                    lang,
                    options(lang, "complaint_category", ComplaintCategory::all(), ComplaintCategory::code),
                ),
                true,
            ),
            Field::new("content", l("field.content"), FieldKind::Multiline, true),
            Field::new(
                "level",
                l("field.level"),
                options(lang, "complaint_level", ComplaintLevel::all(), ComplaintLevel::code),
                true,
            ),
            Field::new(
                "department",
                l("field.department"),
                departments(
                    lang,
                    &ctx.settings.service.departments,
                    case.map(|c| c.department.as_str()).unwrap_or_default(),
                ),
                false,
            ),
            Field::new("handler_id", l("field.handler"), FieldKind::Reference(RefKind::Staff), false),
        ];
        let mut form = Form::new(Tab::Complaints, id, form_title(lang, "complaint", id.is_some()), fields);
        if let Some(case) = case {
            form.field_mut("kind").set_choice(case.kind.code());
            form.field_mut("source").set_choice(case.source.code());
            form.field_mut("complainant").set_text(&case.complainant);
            form.field_mut("complainant_type").set_choice(case.complainant_type.code());
            form.field_mut("phone")
                .set_text(&case.phone.as_deref().map(crate::domain::phone::display).unwrap_or_default());
            form.field_mut("category").set_choice(case.category.code());
            form.field_mut("content").set_text(&case.content);
            form.field_mut("level").set_choice(case.level.code());
            form.field_mut("department").set_choice(&case.department);
            if let Some(merchant) = case.merchant_id.map(|m| store.repo::<Merchant>().get(m)).transpose()? {
                form.field_mut("merchant_id").set_pick(merchant.id, merchant.brand);
            }
            if let Some(unit) = case.unit_id.map(|u| store.repo::<Unit>().get(u)).transpose()? {
                form.field_mut("unit_id").set_pick(unit.id, unit.code);
            }
            if let Some(handler) = case.handler_id {
                form.field_mut("handler_id").set_pick(handler, ctx.staff(Some(handler)));
            }
            if let Some(linked) = case.linked_case_id {
                let linked = store.repo::<Complaint>().get(linked)?;
                let mut field = intake::link_field(
                    lang,
                    vec![
                        (String::new(), l("form.not_linked")),
                        (linked.id.to_string(), intake::link_label(lang, &linked)),
                    ],
                );
                field.choice = 1;
                form.fields.push(field);
            }
        }
        Ok(form)
    }
    pub fn save(store: &Store, ctx: &FetchContext, form: &mut Form) -> std::result::Result<Saved, SaveError> {
        let lang = ctx.lang;
        form.clear_errors();
        let merchant_id = form.reference("merchant_id", lang);
        let unit_id = form.reference("unit_id", lang);
        let handler_id = form.reference("handler_id", lang);
        form.require_choices(lang);
        let phone = Some(form.text("phone")).filter(|p| !p.is_empty());
        let mut case = match form.editing {
            Some(id) => store.repo::<Complaint>().get(id)?,
            None => Complaint::new(ctx.now),
        };
        case.kind = form.choice("kind").unwrap_or(case.kind);
        case.source = form.choice("source").unwrap_or(case.source);
        case.complainant = form.text("complainant");
        case.complainant_type = form.choice("complainant_type").unwrap_or(case.complainant_type);
        case.phone = phone;
        case.merchant_id = merchant_id;
        case.unit_id = unit_id;
        case.category = form.choice("category").unwrap_or(case.category);
        case.content = form.text("content");
        case.level = form.choice("level").unwrap_or(case.level);
        case.department = form.field("department").code().unwrap_or_default().to_string();
        case.handler_id = handler_id;
        case.linked_case_id = intake::linked_case(form);
        // Every problem at once: the pickers' and choices' above, and the record's own.
        if let Err(errors) = case.clone().validate() {
            form.mark(&errors, lang);
        }
        if form.has_errors() {
            return Err(SaveError::Fields);
        }
        let result = match (form.editing, form.purpose) {
            (Some(_), _) => store.repo::<Complaint>().update(&mut case).map(|()| case.id),
            (None, crate::ui::form::Purpose::ComplaintFromCall(callback_id)) => {
                store.repo::<Callback>().open_complaint_from(callback_id, &mut case)
            }
            (None, _) => store.repo::<Complaint>().create(&mut case),
        };
        settle(form, lang, result)
    }

    /// The complaint of an unhappy call, opened for the clerk to complete: who called, their
    /// number, the merchant and their words come from the callback; the category is still the
    /// clerk's to choose. Esc asks before the prefilled case is thrown away.
    pub fn from_call(store: &Store, ctx: &FetchContext, callback_id: i64) -> Result<Form> {
        let callback = store.repo::<Callback>().get(callback_id)?;
        let draft = Complaint::from_callback(&callback, ctx.now);
        let mut form = filled(store, ctx, None, Some(&draft))?
            .with_purpose(crate::ui::form::Purpose::ComplaintFromCall(callback_id));
        // The category is the clerk's to choose, as on any new case.
        form.field_mut("category").choice = 0;
        form.title = ctx.lang.t_with("form.complaint_from_call", &[("name", &callback.party_name)]);
        // The clerk completes it: the category first (the content is prefilled).
        form.focus = form.fields.iter().position(|f| f.key == "category").unwrap_or(0);
        form.dirty = true;
        Ok(form)
    }
}
