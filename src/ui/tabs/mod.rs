//! The five tabs. Each tab is a [`TabSource`]: its columns, its quick filters, how it reads a
//! page of rows and their count from the store, and the detail of one record. Sources run in
//! `App::update` only; drawing reads what they returned.

mod call;
mod callbacks;
mod campaign;
pub use campaign::campaign_form;
mod complaint_steps;
mod complaints;
mod directory;
mod intake;
pub use complaints::warning_line;
pub use directory::View as DirectoryView;
mod leases;
mod meeting_work;
mod meetings;
pub mod pipeline_work;
mod prospects;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::clock::MallClock;
use ratatui::layout::Constraint;
use serde::{Deserialize, Serialize};

use super::form::{Form, SaveError, Saved};
use super::i18n::Lang;
use crate::config::Settings;
use crate::store::audit::AuditEntry;
use crate::store::{Cursor, Entity, Page, PageRequest, Result, Store};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, strum::EnumIter, strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Tab {
    Prospects,
    Leases,
    Complaints,
    Callbacks,
    Meetings,
    Directory,
}

impl Tab {
    pub fn all() -> [Tab; 6] {
        [Tab::Prospects, Tab::Leases, Tab::Complaints, Tab::Callbacks, Tab::Meetings, Tab::Directory]
    }

    pub fn index(self) -> usize {
        Tab::all().iter().position(|t| *t == self).expect("listed")
    }

    pub fn code(self) -> &'static str {
        self.into()
    }

    pub fn title_key(self) -> String {
        format!("tab.{}", self.code())
    }

    pub fn source(self) -> &'static dyn TabSource {
        match self {
            Tab::Prospects => &prospects::Prospects,
            Tab::Leases => &leases::Leases,
            Tab::Complaints => &complaints::Complaints,
            Tab::Callbacks => &callbacks::Callbacks,
            Tab::Meetings => &meetings::Meetings,
            Tab::Directory => &directory::Directory,
        }
    }
}

/// What narrows a tab's list; kept between runs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TabFilter {
    pub text: String,
    /// Index into the tab's quick filters.
    pub quick: usize,
    pub overdue: bool,
    /// Only the records of this staff member (handler, assigned staff).
    #[serde(default)]
    pub staff_id: Option<i64>,
    /// Showing one linked record only (not kept between runs).
    #[serde(skip)]
    pub only_id: Option<i64>,
    /// Showing the records behind one overview figure (not kept between runs).
    #[serde(skip)]
    pub drill: Option<Drill>,
}

/// The records behind one figure of the overview. The overview counts them through the tab's
/// own list query with this drill in force, so the figure and the list it opens cannot differ.
/// Instants are fixed when the figure is read, so "today" does not move under the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drill {
    /// Cases (of `group`, else of every kind) received in [from, until).
    Received { from: DateTime<Utc>, until: DateTime<Utc>, group: Option<crate::store::complaints::CaseGroup> },
    /// Open cases at `step`; only those whose deadline passed before `overdue_at` when given.
    AtStep { step: crate::domain::complaint::ComplaintStep, overdue_at: Option<DateTime<Utc>> },
    /// Open callbacks due in [from, until) (`from` none: every overdue one).
    CallbacksDue { from: Option<DateTime<Utc>>, until: DateTime<Utc> },
    /// Callbacks given up as unreachable in [from, until).
    Unreachable { from: DateTime<Utc>, until: DateTime<Utc> },
    /// Open prospects never contacted, registered before `before`.
    FirstContact { before: DateTime<Utc> },
    /// Prospects in intent or negotiation with a follow-up due by `by`.
    FollowUp { by: NaiveDate },
    /// Active leases ending on or before `by`.
    Ending { by: NaiveDate },
    /// Merchants with money owed on a charge due before `due_before` (Directory).
    MerchantsInArrears { due_before: NaiveDate },
    /// Merchants with a valid complaint received in [from, until) (Directory).
    ComplainedOf { from: DateTime<Utc>, until: DateTime<Utc> },
}

/// One table row as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowView {
    pub id: i64,
    pub cells: Vec<String>,
    /// Needs action now (overdue, expiring): drawn in the alert style.
    pub alert: bool,
}

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub key: &'static str,
    pub width: Constraint,
    /// Left out when the window is too narrow for every column.
    pub optional: bool,
}

/// A record the detail pane can jump to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub tab: Tab,
    pub id: i64,
    pub label: String,
}

/// Everything the detail pane shows about one record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Detail {
    pub title: String,
    pub fields: Vec<(String, String)>,
    pub sections: Vec<(String, Vec<String>)>,
    pub links: Vec<Link>,
    /// Headings over runs of links: (index of the first link under it, heading).
    pub link_groups: Vec<(usize, String)>,
    pub history: Vec<String>,
}

impl Link {
    /// The merchant's file on the Directory tab.
    pub fn merchant_file(store: &Store, lang: Lang, merchant_id: i64) -> Result<Option<Link>> {
        Ok(store.repo::<crate::domain::merchant::Merchant>().find(merchant_id)?.map(|m| Link {
            tab: Tab::Directory,
            id: m.id,
            label: lang.t_with("dir.file_of", &[("brand", &m.brand)]),
        }))
    }
}

/// What sources need besides the store: language, clock, rules, and staff names.
#[derive(Debug, Clone)]
pub struct FetchContext {
    pub lang: Lang,
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
    /// The mall's clock: every time shown and typed is read on it.
    pub clock: MallClock,
    pub settings: Settings,
    pub staff_names: HashMap<i64, String>,
    /// Call scripts in the interface language.
    pub scripts: crate::domain::script::Scripts,
    /// Who is at the desk (fills the scripts).
    pub operator: String,
    /// The quick filter of the tab in view (which list of the Directory a record id is of).
    pub quick: usize,
    /// Rows for a file rather than a screen: whole texts and full dates (an export).
    pub whole: bool,
}

impl FetchContext {
    /// A context for work outside the desk (the `export` command): the store's clock and staff.
    pub fn outside_desk(store: &Store, settings: Settings, lang: Lang, now: DateTime<Utc>) -> Result<Self> {
        let staff = store
            .repo::<crate::domain::staff::Staff>()
            .page(&Default::default(), &PageRequest::first(100_000))?
            .rows
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect();
        Ok(FetchContext {
            lang,
            now,
            today: store.clock().day(now),
            clock: store.clock(),
            settings,
            staff_names: staff,
            scripts: Default::default(),
            operator: store.operator().to_string(),
            quick: 0,
            whole: false,
        })
    }

    /// A text for a table cell: its first line on the screen, all of it in a file.
    pub fn cell_text(&self, text: &str) -> String {
        if self.whole { text.to_string() } else { first_line(text) }
    }

    pub fn staff(&self, id: Option<i64>) -> String {
        id.and_then(|id| self.staff_names.get(&id).cloned()).unwrap_or_default()
    }

    /// `2026-11-22 10:30` on the mall's clock.
    pub fn local_time(&self, at: &DateTime<Utc>) -> String {
        local_time(self.clock, at)
    }

    /// `11-22 10:30` on the mall's clock (`2026-11-22 10:30` in a file, which needs the year).
    pub fn short_time(&self, at: &DateTime<Utc>) -> String {
        if self.whole { local_time(self.clock, at) } else { short_time(self.clock, at) }
    }

    pub fn yes_no(&self, value: bool) -> String {
        self.lang.t(if value { "field.yes" } else { "field.no" }).into_owned()
    }
}

pub trait TabSource: Sync {
    fn columns(&self) -> &'static [Column];
    /// The columns under quick filter `quick` (the Directory's lists differ).
    fn columns_for(&self, _quick: usize) -> &'static [Column] {
        self.columns()
    }
    /// The header keys of the list written to a file: the screen's columns, and after them
    /// the fields a file needs to be read back by `malldesk import` (rows in a file context
    /// carry the extra cells).
    fn file_columns(&self, quick: usize) -> Vec<&'static str> {
        self.columns_for(quick).iter().map(|c| c.key).collect()
    }
    /// Whether a search keeps the quick filter in force (the Directory's list) instead of
    /// looking across the whole tab.
    fn search_keeps_filter(&self) -> bool {
        false
    }
    /// Label keys of the quick filters; the first is the default view.
    fn quick_filters(&self, lang: Lang) -> Vec<String>;
    /// The quick filter that lists every record: a search looks there.
    fn all_filter(&self) -> usize;
    /// What the overdue switch means on this tab.
    fn overdue_label(&self, lang: Lang) -> String {
        lang.t("filter.overdue").into_owned()
    }
    /// Whether the list can be narrowed to one staff member's records.
    fn has_staff(&self) -> bool {
        true
    }
    fn page(
        &self,
        store: &Store,
        ctx: &FetchContext,
        filter: &TabFilter,
        request: &PageRequest,
    ) -> Result<Page<RowView>>;
    /// How many rows the list has: `(count, exact)`; a text search counts only up to a cap
    /// unless `exact` is asked for.
    fn count(
        &self,
        store: &Store,
        ctx: &FetchContext,
        filter: &TabFilter,
        exact: bool,
    ) -> Result<(u64, bool)>;
    fn detail(&self, store: &Store, ctx: &FetchContext, id: i64) -> Result<Detail>;
    /// The form for a new record (`None`) or for editing record `id`.
    fn form(&self, store: &Store, ctx: &FetchContext, id: Option<i64>) -> Result<Form>;
    /// Saves the form: the record's id or the next form, or why not (fields to fix marked).
    fn save(
        &self,
        store: &Store,
        ctx: &FetchContext,
        form: &mut Form,
    ) -> std::result::Result<Saved, SaveError>;
    /// The tab's work on the selected record (a complaint's next step); `None` when the tab
    /// has none.
    fn act(&self, _store: &Store, _ctx: &FetchContext, _id: i64) -> Result<Option<Form>> {
        Ok(None)
    }
    /// Fills in what follows from what was typed on the open form (a merchant's unit, a known
    /// caller's name and history); called after each key on a form of this tab.
    fn follow(&self, _store: &Store, _desk: &Following, _form: &mut Form) -> Result<()> {
        Ok(())
    }
}

/// What a form's proposals are made with: the settings, the mall's today and the language.
pub struct Following<'a> {
    pub settings: &'a Settings,
    pub today: chrono::NaiveDate,
    pub lang: Lang,
}

/// The form's title: "New complaint" / "Edit complaint".
fn form_title(lang: Lang, what: &str, editing: bool) -> String {
    let what = lang.t(&format!("what.{what}"));
    lang.t_with(if editing { "form.edit" } else { "form.new" }, &[("what", &what)])
}

/// The tab's page of `E`: the linked record alone while one is shown, else the keyset page.
fn records<E: Entity>(
    store: &Store,
    filter: &TabFilter,
    store_filter: &E::Filter,
    request: &PageRequest,
) -> Result<Page<E>> {
    match filter.only_id {
        Some(id) => {
            let rows: Vec<E> = store.repo::<E>().find(id)?.into_iter().collect();
            let cursors = rows.iter().map(|_| Cursor(Vec::new())).collect();
            Ok(Page { rows, cursors, more_after: false, more_before: false })
        }
        None => store.repo::<E>().page(store_filter, request),
    }
}

/// How many rows the tab lists (one while a linked record is shown), see [`TabSource::count`].
fn counted<E: Entity>(
    store: &Store,
    filter: &TabFilter,
    store_filter: &E::Filter,
    exact: bool,
) -> Result<(u64, bool)> {
    match (filter.only_id, exact) {
        (Some(_), _) => Ok((1, true)),
        (None, true) => Ok((store.repo::<E>().count(store_filter)?, true)),
        (None, false) => store.repo::<E>().count_for_list(store_filter),
    }
}

/// The record's change history, newest first, as lines: when, who, what was done (in the
/// interface language) and the fields it changed, before → after.
fn history<E: Entity>(store: &Store, lang: Lang, id: i64) -> Result<Vec<String>> {
    Ok(store
        .history::<E>(id, 8)?
        .into_iter()
        .map(|entry: AuditEntry| {
            let mut line = format!(
                "{} {} {}",
                local_time(store.clock(), &entry.at),
                entry.operator,
                action_label(lang, E::TABLE, &entry.action)
            );
            if entry.action != "create" {
                let changes = changed_fields(
                    lang,
                    store.clock(),
                    E::TABLE,
                    entry.before.as_deref(),
                    entry.after.as_deref(),
                );
                if !changes.is_empty() {
                    line.push_str(": ");
                    line.push_str(&changes.join("; "));
                }
            }
            line
        })
        .collect())
}

/// An audit action in words: a complaint's step by its name, the rest from `history.<action>`.
fn action_label(lang: Lang, table: &str, action: &str) -> String {
    if table == "complaints" && action.parse::<crate::domain::complaint::ComplaintStep>().is_ok() {
        return lang.label("complaint_step", action).into_owned();
    }
    translated(lang, &format!("history.{action}")).unwrap_or_else(|| action.to_string())
}

/// The text of `key`, or `None` when the locale files do not have it.
fn translated(lang: Lang, key: &str) -> Option<String> {
    let text = lang.t(key).into_owned();
    (text != key && !text.ends_with(key)).then_some(text)
}

/// The enum a stored field's codes belong to, for showing them as labels.
fn enum_of(table: &str, field: &str) -> Option<&'static str> {
    Some(match (table, field) {
        ("complaints", "step") => "complaint_step",
        ("complaints", "kind") => "complaint_kind",
        ("complaints", "category") => "complaint_category",
        ("complaints", "level") => "complaint_level",
        ("complaints", "escalation") => "escalation_tier",
        ("complaints" | "callbacks", "satisfaction" | "outcome") => "satisfaction",
        ("callbacks", "status") => "callback_status",
        ("callbacks", "reason") => "callback_reason",
        ("leases", "stage") => "lease_stage",
        ("prospects", "stage") => "prospect_stage",
        _ => return None,
    })
}

/// The fields that differ between the stored JSON before and after a change, at most four.
fn changed_fields(
    lang: Lang,
    clock: MallClock,
    table: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> Vec<String> {
    use serde_json::Value;
    let parse = |text: Option<&str>| text.and_then(|t| serde_json::from_str::<Value>(t).ok());
    let (Some(Value::Object(before)), Some(Value::Object(after))) = (parse(before), parse(after)) else {
        return Vec::new();
    };
    let show = |field: &str, value: &Value| -> String {
        let text = match value {
            Value::Null => "—".to_string(),
            Value::Bool(b) => lang.t(if *b { "field.yes" } else { "field.no" }).into_owned(),
            Value::Number(n) if field.ends_with("_fen") => {
                n.as_i64().map(crate::domain::format_yuan).unwrap_or_else(|| n.to_string())
            }
            Value::String(s) => match enum_of(table, field) {
                Some(type_key) => lang.label(type_key, s).into_owned(),
                None if s.is_empty() => "—".to_string(),
                None => match s.parse::<DateTime<Utc>>() {
                    Ok(at) => short_time(clock, &at),
                    Err(_) => s.clone(),
                },
            },
            other => other.to_string(),
        };
        let mut short: String = text.chars().take(16).collect();
        if text.chars().count() > 16 {
            short.push('…');
        }
        short.replace('\n', " ")
    };
    // The step or stage first: it is what the change was about.
    let mut changed: Vec<(&String, &Value)> = after
        .iter()
        .filter(|(field, value)| field.as_str() != "id" && before.get(field.as_str()) != Some(*value))
        .collect();
    changed.sort_by_key(|(field, _)| !matches!(field.as_str(), "step" | "stage" | "status"));
    changed
        .into_iter()
        .take(4)
        .map(|(field, value)| {
            let name = translated(lang, &format!("field.{field}")).unwrap_or_else(|| field.clone());
            format!(
                "{name} {} → {}",
                show(field, before.get(field.as_str()).unwrap_or(&Value::Null)),
                show(field, value)
            )
        })
        .collect()
}

/// `2026-11-22 10:30` on the mall's clock.
pub fn local_time(clock: MallClock, at: &DateTime<Utc>) -> String {
    clock.format(*at, "%Y-%m-%d %H:%M")
}

/// `11-22 10:30`: a compact mall time for table cells.
pub fn short_time(clock: MallClock, at: &DateTime<Utc>) -> String {
    clock.format(*at, "%m-%d %H:%M")
}

pub fn date(day: &NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

pub fn opt_date(day: &Option<NaiveDate>) -> String {
    day.as_ref().map(date).unwrap_or_default()
}

pub fn opt_time(clock: MallClock, at: &Option<DateTime<Utc>>) -> String {
    at.as_ref().map(|at| local_time(clock, at)).unwrap_or_default()
}

/// Cuts a text to its first line, for table cells.
pub fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().to_string()
}
