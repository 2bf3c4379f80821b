//! Prospects: the leasing pipeline, newest first; uncontacted and due follow-ups in red.

use chrono::Duration;
use ratatui::layout::Constraint;

use super::{
    Column, Detail, FetchContext, Link, RowView, Tab, TabFilter, TabSource, counted, date, first_line,
    history, records,
};
use super::{opt_date, opt_time};
use crate::domain::lease::Lease;
use crate::domain::prospect::{Interaction, Prospect, ProspectStage, StageMove};
use crate::domain::{format_yuan, phone};
use crate::store::leases::LeaseFilter;
use crate::store::prospects::{ByProspect, ProspectFilter};
use crate::store::{Page, PageRequest, Result, Store};
use crate::ui::i18n::Lang;

pub struct Prospects;

const COLUMNS: &[Column] = &[
    Column { key: "col.registered", width: Constraint::Length(11), optional: true },
    Column { key: "col.brand", width: Constraint::Fill(1), optional: false },
    Column { key: "col.contact", width: Constraint::Length(8), optional: false },
    Column { key: "col.phone", width: Constraint::Length(13), optional: false },
    Column { key: "col.stage", width: Constraint::Length(6), optional: false },
    Column { key: "col.staff", width: Constraint::Length(8), optional: true },
    Column { key: "col.follow_up", width: Constraint::Length(10), optional: false },
];

/// Quick filter 0: what needs a call, the first due first; 1: all, newest first; 2: open;
/// 3: follow-up due; 4…: one stage each.
fn store_filter(ctx: &FetchContext, filter: &TabFilter) -> ProspectFilter {
    let stages: Vec<ProspectStage> = ProspectStage::all().collect();
    let days = ctx.settings.leasing.first_contact_days;
    let mut store_filter = ProspectFilter {
        text: filter.text.clone(),
        to_call: filter.quick == 0,
        open_only: filter.quick == 2,
        follow_up_due_by: (filter.quick == 3).then_some(ctx.today),
        stage: filter.quick.checked_sub(4).and_then(|i| stages.get(i).copied()),
        first_contact_overdue_at: filter.overdue.then(|| ctx.now - Duration::days(i64::from(days))),
        staff_id: filter.staff_id,
    };
    match &filter.drill {
        Some(super::Drill::FirstContact { before }) => store_filter.first_contact_overdue_at = Some(*before),
        Some(super::Drill::FollowUp { by }) => store_filter.follow_up_due_by = Some(*by),
        _ => {}
    }
    store_filter
}

fn row(ctx: &FetchContext, prospect: Prospect) -> RowView {
    let lang = ctx.lang;
    let days = ctx.settings.leasing.first_contact_days;
    RowView {
        id: prospect.id,
        // Red until a contact is recorded: the first contact late, or a follow-up date passed.
        alert: prospect.first_contact_overdue(ctx.now, days) || prospect.call_overdue(ctx.today),
        cells: vec![
            ctx.short_time(&prospect.registered_at),
            prospect.brand.clone(),
            prospect.contact.clone(),
            phone::display(&prospect.phone),
            lang.label("prospect_stage", prospect.stage.code()).into_owned(),
            ctx.staff(prospect.staff_id),
            opt_date(&prospect.next_follow_up),
        ]
        .into_iter()
        .chain(ctx.whole.then(|| file_cells(ctx, &prospect)).into_iter().flatten())
        .collect(),
    }
}

/// The header keys a file adds after the screen's columns (see [`TabSource::file_columns`]).
const FILE_EXTRA: &[&str] = &[
    "col.company",
    "col.category",
    "import.area_min",
    "import.area_max",
    "field.wanted_floor",
    "field.wanted_zone",
    "field.budget",
    "field.source",
    "field.notes",
];

/// The cells under [`FILE_EXTRA`].
fn file_cells(ctx: &FetchContext, prospect: &Prospect) -> Vec<String> {
    let area = |dm2: Option<i64>| dm2.map(crate::report::table::area_exact).unwrap_or_default();
    vec![
        prospect.company.clone(),
        prospect.category.clone(),
        area(prospect.area_min_dm2),
        area(prospect.area_max_dm2),
        prospect.wanted_floor.clone(),
        prospect.wanted_zone.clone(),
        prospect.budget_fen.map(crate::report::table::yuan).unwrap_or_default(),
        ctx.lang.label("source_channel", prospect.source.code()).into_owned(),
        prospect.notes.clone(),
    ]
}

impl TabSource for Prospects {
    fn columns(&self) -> &'static [Column] {
        COLUMNS
    }

    fn file_columns(&self, _quick: usize) -> Vec<&'static str> {
        COLUMNS.iter().map(|c| c.key).chain(FILE_EXTRA.iter().copied()).collect()
    }

    fn all_filter(&self) -> usize {
        1
    }

    fn quick_filters(&self, lang: Lang) -> Vec<String> {
        let mut filters = vec![
            lang.t("filter.to_call").into_owned(),
            lang.t("filter.all").into_owned(),
            lang.t("filter.open").into_owned(),
            lang.t("filter.follow_up").into_owned(),
        ];
        filters.extend(ProspectStage::all().map(|s| lang.label("prospect_stage", s.code()).into_owned()));
        filters
    }

    fn overdue_label(&self, lang: Lang) -> String {
        lang.t("filter.first_contact").into_owned()
    }

    fn page(
        &self,
        store: &Store,
        ctx: &FetchContext,
        filter: &TabFilter,
        request: &PageRequest,
    ) -> Result<Page<RowView>> {
        records::<Prospect>(store, filter, &store_filter(ctx, filter), request)?.try_map(|c| Ok(row(ctx, c)))
    }

    fn count(
        &self,
        store: &Store,
        ctx: &FetchContext,
        filter: &TabFilter,
        exact: bool,
    ) -> Result<(u64, bool)> {
        counted::<Prospect>(store, filter, &store_filter(ctx, filter), exact)
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
        super::pipeline_work::prospect_work(store, ctx, id).map(Some)
    }

    fn detail(&self, store: &Store, ctx: &FetchContext, id: i64) -> Result<Detail> {
        let lang = ctx.lang;
        let p = store.repo::<Prospect>().get(id)?;
        let f = |key: &str, value: String| (lang.t(key).into_owned(), value);
        let area = match (p.area_min_dm2, p.area_max_dm2) {
            (Some(min), Some(max)) => format!("{}–{}", min / 100, max / 100),
            (Some(min), None) => format!("≥{}", min / 100),
            (None, Some(max)) => format!("≤{}", max / 100),
            (None, None) => String::new(),
        };
        let mut fields = vec![
            f("field.brand", p.brand.clone()),
            f("field.company", p.company.clone()),
            f("field.contact", p.contact.clone()),
            f("field.phone", phone::display(&p.phone)),
            f("field.category", p.category.clone()),
            f("field.area", area),
            f("field.wanted_floor", p.wanted_floor.clone()),
            f("field.budget", p.budget_fen.map(format_yuan).unwrap_or_default()),
            f("field.source", lang.label("source_channel", p.source.code()).into_owned()),
            f("field.staff", ctx.staff(p.staff_id)),
            f("field.stage", lang.label("prospect_stage", p.stage.code()).into_owned()),
            f("field.registered_at", ctx.local_time(&p.registered_at)),
            f("field.first_contact_at", opt_time(ctx.clock, &p.first_contact_at)),
            f("field.next_follow_up", opt_date(&p.next_follow_up)),
        ];
        if let Some(reason) = &p.lost_reason {
            fields.push(f("field.lost_reason", reason.clone()));
        }
        if !p.notes.is_empty() {
            fields.push(f("field.notes", p.notes.clone()));
        }
        let moves: Vec<String> = store
            .repo::<StageMove>()
            .page(&ByProspect { prospect_id: Some(id) }, &PageRequest::first(10))?
            .rows
            .into_iter()
            .map(|m| {
                format!(
                    "{} {} → {} {} {}",
                    ctx.local_time(&m.at),
                    lang.label("prospect_stage", m.from_stage.code()),
                    lang.label("prospect_stage", m.to_stage.code()),
                    m.operator,
                    m.reason
                )
            })
            .collect();
        let contacts: Vec<String> = store
            .repo::<Interaction>()
            .page(&ByProspect { prospect_id: Some(id) }, &PageRequest::first(10))?
            .rows
            .into_iter()
            .map(|i| {
                format!(
                    "{} {} {}",
                    ctx.local_time(&i.at),
                    lang.label("interaction_mode", i.mode.code()),
                    first_line(&i.summary)
                )
            })
            .collect();
        let handovers: Vec<String> = store
            .repo::<Prospect>()
            .reassignments(id)?
            .into_iter()
            .map(|r| {
                format!(
                    "{} {} → {} {} {}",
                    ctx.local_time(&r.at),
                    ctx.staff(r.from_staff_id),
                    ctx.staff(r.to_staff_id),
                    r.operator,
                    r.reason
                )
            })
            .collect();
        let mut links = Vec::new();
        if let Some(merchant_id) = p.merchant_id {
            links.extend(Link::merchant_file(store, lang, merchant_id)?);
            let filter = LeaseFilter { merchant_id: Some(merchant_id), ..Default::default() };
            for lease in store.repo::<Lease>().page(&filter, &PageRequest::first(5))?.rows {
                links.push(Link {
                    tab: Tab::Leases,
                    id: lease.id,
                    label: format!("{} {} {}", lang.t("tab.leases"), lease.number, date(&lease.end_date)),
                });
            }
        }
        Ok(Detail {
            title: format!("{} {}", p.brand, lang.label("prospect_stage", p.stage.code())),
            fields,
            sections: vec![
                (lang.t("detail.interactions").into_owned(), contacts),
                (lang.t("detail.moves").into_owned(), moves),
                (lang.t("detail.reassignments").into_owned(), handovers),
            ],
            links,
            link_groups: Vec::new(),
            history: history::<Prospect>(store, ctx.lang, id)?,
        })
    }
}

mod form {
    use super::*;
    use crate::domain::prospect::SourceChannel;
    use crate::ui::form::{Field, FieldKind, Form, RefKind, SaveError, Saved, options, settle};
    use crate::ui::tabs::form_title;

    pub fn build(store: &Store, ctx: &FetchContext, id: Option<i64>) -> Result<Form> {
        let lang = ctx.lang;
        let l = |key: &str| lang.t(key).into_owned();
        let fields = vec![
            Field::new("brand", l("field.brand"), FieldKind::Text, true),
            Field::new("company", l("field.company"), FieldKind::Text, false),
            Field::new("contact", l("field.contact"), FieldKind::Text, true),
            Field::new("phone", l("field.phone"), FieldKind::Text, true),
            Field::new("category", l("field.category"), FieldKind::Text, false),
            Field::new("area_min_dm2", format!("{} ≥", l("field.area")), FieldKind::Number, false),
            Field::new("area_max_dm2", format!("{} ≤", l("field.area")), FieldKind::Number, false),
            Field::new("wanted_floor", l("field.wanted_floor"), FieldKind::Text, false),
            Field::new("budget_fen", l("field.budget"), FieldKind::Money, false),
            Field::new(
                "source",
                l("field.source"),
                options(lang, "source_channel", SourceChannel::all(), SourceChannel::code),
                true,
            ),
            Field::new("staff_id", l("field.staff"), FieldKind::Reference(RefKind::Staff), false),
            Field::new("next_follow_up", l("field.next_follow_up"), FieldKind::Date, false),
            Field::new("notes", l("field.notes"), FieldKind::Multiline, false),
        ];
        let mut fields = fields;
        if id.is_some() {
            // Handing a prospect to someone else says why (kept with the prospect).
            let at = fields.iter().position(|f| f.key == "staff_id").map_or(fields.len(), |i| i + 1);
            fields.insert(
                at,
                Field::new("reassign_reason", l("field.reassign_reason"), FieldKind::Text, false),
            );
        }
        let mut form = Form::new(Tab::Prospects, id, form_title(lang, "prospect", id.is_some()), fields);
        match id.map(|id| store.repo::<Prospect>().get(id)).transpose()? {
            Some(p) => {
                form.field_mut("brand").set_text(&p.brand);
                form.field_mut("company").set_text(&p.company);
                form.field_mut("contact").set_text(&p.contact);
                form.field_mut("phone").set_text(&phone::display(&p.phone));
                form.field_mut("category").set_text(&p.category);
                form.field_mut("area_min_dm2")
                    .set_text(&p.area_min_dm2.map(|a| (a / 100).to_string()).unwrap_or_default());
                form.field_mut("area_max_dm2")
                    .set_text(&p.area_max_dm2.map(|a| (a / 100).to_string()).unwrap_or_default());
                form.field_mut("wanted_floor").set_text(&p.wanted_floor);
                form.field_mut("budget_fen").set_text(&p.budget_fen.map(format_yuan).unwrap_or_default());
                form.field_mut("source").set_choice(p.source.code());
                if let Some(staff) = p.staff_id {
                    form.field_mut("staff_id").set_pick(staff, ctx.staff(Some(staff)));
                }
                form.field_mut("next_follow_up").set_text(&opt_date(&p.next_follow_up));
                form.field_mut("notes").set_text(&p.notes);
            }
            None => {
                // New prospects go to the leasing staff member with the fewest open ones
                // (unless the settings turn the suggestion off).
                let suggested = if ctx.settings.leasing.suggest_least_loaded {
                    store.repo::<crate::domain::staff::Staff>().suggest_for_new_prospect()?
                } else {
                    None
                };
                if let Some(staff) = suggested {
                    form.field_mut("staff_id").set_pick(staff, ctx.staff(Some(staff)));
                }
            }
        }
        Ok(form)
    }

    pub fn save(store: &Store, ctx: &FetchContext, form: &mut Form) -> std::result::Result<Saved, SaveError> {
        let lang = ctx.lang;
        form.clear_errors();
        let area_min = form.number("area_min_dm2", lang).map(|m| m * 100);
        let area_max = form.number("area_max_dm2", lang).map(|m| m * 100);
        let budget = form.money("budget_fen", lang);
        let staff_id = form.reference("staff_id", lang);
        let follow_up = form.date("next_follow_up", ctx.today, lang);
        if form.has_errors() {
            return Err(SaveError::Fields);
        }
        let mut p = match form.editing {
            Some(id) => store.repo::<Prospect>().get(id)?,
            None => Prospect::new(ctx.now),
        };
        p.brand = form.text("brand");
        p.company = form.text("company");
        p.contact = form.text("contact");
        p.phone = form.text("phone");
        p.category = form.text("category");
        p.area_min_dm2 = area_min;
        p.area_max_dm2 = area_max;
        p.wanted_floor = form.text("wanted_floor");
        p.budget_fen = budget;
        p.source = form.choice("source").unwrap_or(p.source);
        p.staff_id = staff_id;
        p.next_follow_up = follow_up;
        p.notes = form.text("notes");
        let result = match form.editing {
            Some(_) => {
                let reason = form.text("reassign_reason");
                store.repo::<Prospect>().update_reassigning(&mut p, &reason).map(|()| p.id)
            }
            None => store.repo::<Prospect>().create(&mut p),
        };
        settle(form, lang, result)
    }
}
