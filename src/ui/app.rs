//! The desk's state and the one place it changes: [`App::update`] takes an [`Action`],
//! changes state and calls the repository. Drawing (`view.rs`) only reads what is here.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::TextArea;

use super::action::{Action, Named};
use super::form::{FieldKind, Form};
use super::i18n::Lang;
use super::keymap::{Context, Keymap};
use super::list::ListWindow;
use super::tabs::{Detail, FetchContext, Tab, TabFilter};
use super::theme::Theme;
use super::view;

mod editing;
mod export;
mod figures;
mod navigation;
mod overview;
use crate::config::Settings;
use crate::domain::staff::Staff;
use crate::store::staff::StaffFilter;
use crate::store::{PageRequest, Store, StoreError};

/// Which part of the screen takes keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Search,
    Detail,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageKind {
    Info,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub kind: MessageKind,
}

/// One tab's filter, list window and the detail of its selected row.
#[derive(Debug, Default)]
pub struct TabState {
    pub filter: TabFilter,
    pub list: ListWindow,
    pub detail: Option<Detail>,
    /// The tab's own filter while it shows the records behind an overview figure.
    pub drilled_from: Option<TabFilter>,
    /// What the overview figure counted, in words (shown in the filter bar).
    pub drill_label: Option<String>,
}

pub struct App {
    store: Store,
    pub keymap: Keymap,
    pub lang: Lang,
    pub theme: Theme,
    pub settings: Settings,
    pub tab: Tab,
    pub tabs: HashMap<Tab, TabState>,
    /// The overview is on screen (over the tab `tab`, which keeps its state).
    pub on_overview: bool,
    pub overview: super::overview::Overview,
    pub focus: Focus,
    pub search: TextArea<'static>,
    pub help_open: bool,
    /// A read-only text view over the desk (the vacant units), when open.
    pub overlay: Option<TextView>,
    /// The record form, when one is open.
    pub form: Option<Form>,
    /// Forms waiting under the open one (a picker's new record being made).
    pub form_stack: Vec<Form>,
    /// The link chosen in the detail pane.
    pub link: usize,
    /// How many rows the detail pane is scrolled down (PgUp/PgDn while it has the focus).
    pub detail_scroll: u16,
    /// The chosen link was just moved (↑/↓): the pane scrolls to show it.
    pub detail_follows_link: bool,
    pub message: Option<Message>,
    pub width: u16,
    pub height: u16,
    pub quit: bool,
    /// A list being written to a file (x / X), if any.
    export: Option<export::ExportJob>,
    staff_names: HashMap<i64, String>,
    seen_data_version: i64,
    /// A fixed "now" for tests and snapshots; the real time otherwise.
    pub fixed_now: Option<DateTime<Utc>>,
    /// More input is already waiting (fast typing, an input method committing several
    /// characters): the search runs once when it has been read, not once per character.
    pub batching: bool,
    search_pending: bool,
    /// This month's service KPIs, shown on the Complaints tab.
    pub kpis: Vec<crate::domain::kpi::Kpi>,
    /// The complaints early warning, when a merchant or category reached the count.
    pub warning: Option<String>,
    /// Key customers still to call back, and how many of them are overdue (Callbacks tab).
    pub key_customers: (u64, u64),
    /// The tab's figures wait to be read once the screen has been drawn.
    figures_pending: bool,
    /// Tabs whose figures are current (cleared when data may have changed).
    figures_fresh: Vec<Tab>,
    /// A list's count waits for the frame showing its first page.
    count_pending: bool,
    /// The query worker, once started (`None`: answered inline after the frame).
    worker: Option<super::worker::Worker>,
    /// The number of the next request to the worker.
    next_request: u64,
    /// The newest request of each kind per tab: only its reply is taken.
    latest_request: HashMap<(Tab, super::worker::JobKind), u64>,
    /// Requests sent to the worker and not yet answered.
    awaiting: usize,
    /// Answers not shown because a newer request or newer data replaced theirs (the log and
    /// tests read it).
    pub dropped_answers: u64,
    /// Another desk's commit was read in: its new rows are counted when the count comes.
    arrivals: Option<Arrivals>,
    /// Where printable forms are written.
    pub exports_dir: std::path::PathBuf,
    /// Call scripts, Chinese and English, read once.
    scripts: (crate::domain::script::Scripts, crate::domain::script::Scripts),
}

/// What the list held before another desk's commit was read in (see `App::tick`).
#[derive(Debug, Clone, Copy)]
struct Arrivals {
    tab: Tab,
    total_before: u64,
    /// New rows that appeared on screen.
    in_view: u64,
}

impl App {
    pub fn new(
        store: Store,
        settings: Settings,
        keymap: Keymap,
        lang: Lang,
        theme: Theme,
        size: (u16, u16),
        dirs: &crate::paths::Dirs,
    ) -> App {
        let mut store = store;
        store.set_record_locale(lang.code());
        let mut tabs = HashMap::new();
        for tab in Tab::all() {
            let filter = store
                .desk_state(&format!("filter.{}", tab.code()))
                .ok()
                .flatten()
                .and_then(|json| serde_json::from_str(&json).ok())
                .unwrap_or_default();
            tabs.insert(tab, TabState { filter, ..Default::default() });
        }
        let last_tab = store.desk_state("tab").ok().flatten();
        let tab = last_tab
            .as_deref()
            .and_then(|code| Tab::all().into_iter().find(|t| t.code() == code))
            .unwrap_or(Tab::Complaints);
        // The supervisor's view opens on the overview; the desk where it was left.
        let on_overview = store.is_read_only() || last_tab.as_deref() == Some("overview");
        let seen_data_version = store.data_version().unwrap_or_default();
        let mut app = App {
            store,
            keymap,
            lang,
            theme,
            settings,
            tab,
            tabs,
            on_overview,
            overview: Default::default(),
            focus: Focus::List,
            search: TextArea::default(),
            help_open: false,
            overlay: None,
            form: None,
            form_stack: Vec::new(),
            link: 0,
            detail_scroll: 0,
            detail_follows_link: false,
            message: None,
            width: size.0,
            height: size.1,
            quit: false,
            export: None,
            staff_names: HashMap::new(),
            seen_data_version,
            fixed_now: None,
            batching: false,
            search_pending: false,
            kpis: Vec::new(),
            warning: None,
            key_customers: (0, 0),
            figures_pending: false,
            figures_fresh: Vec::new(),
            count_pending: false,
            worker: None,
            next_request: 0,
            latest_request: HashMap::new(),
            awaiting: 0,
            dropped_answers: 0,
            arrivals: None,
            exports_dir: dirs.exports(),
            scripts: (scripts(Lang::ZhCn, &dirs.config), scripts(Lang::En, &dirs.config)),
        };
        app.search = app.search_box(&app.current().filter.text.clone());
        app.load_staff();
        app.reload();
        app.figures_pending = true;
        if app.on_overview {
            app.overview.figures_pending = true;
            app.overview.charts_pending = true;
        }
        app
    }

    /// The name of a staff member, as loaded for the lists.
    pub fn staff_name(&self, id: i64) -> Option<&str> {
        self.staff_names.get(&id).map(String::as_str)
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn read_only(&self) -> bool {
        self.store.is_read_only()
    }

    pub fn current(&self) -> &TabState {
        self.tabs.get(&self.tab).expect("every tab has a state")
    }

    fn current_mut(&mut self) -> &mut TabState {
        self.tabs.get_mut(&self.tab).expect("every tab has a state")
    }

    /// The screen taking keys now.
    pub fn context(&self) -> Context {
        if self.help_open || self.overlay.is_some() { Context::Help } else { self.screen() }
    }

    /// The screen under the help overlay (what the help describes).
    pub fn screen(&self) -> Context {
        match (&self.form, self.focus) {
            (Some(form), _) if form.confirm_discard => Context::Confirm,
            (Some(_), _) => Context::Form,
            (None, _) if self.on_overview => Context::Overview,
            (None, Focus::List) => Context::List,
            (None, Focus::Search) => Context::Search,
            (None, Focus::Detail) => Context::Detail,
        }
    }

    fn now(&self) -> DateTime<Utc> {
        self.fixed_now.unwrap_or_else(crate::domain::clock::now)
    }

    /// Today's date at the mall (its clock, not the machine's).
    pub fn today(&self) -> chrono::NaiveDate {
        self.store.clock().day(self.now())
    }

    pub fn fetch_context(&self) -> FetchContext {
        let now = self.now();
        FetchContext {
            lang: self.lang,
            now,
            today: self.store.clock().day(now),
            clock: self.store.clock(),
            settings: self.settings.clone(),
            staff_names: self.staff_names.clone(),
            scripts: match self.lang {
                Lang::ZhCn => self.scripts.0.clone(),
                Lang::En => self.scripts.1.clone(),
            },
            operator: self.store.operator().to_string(),
            quick: self.current().filter.quick,
            whole: false,
        }
    }

    fn search_box(&self, text: &str) -> TextArea<'static> {
        let mut area = TextArea::new(vec![text.to_string()]);
        area.set_placeholder_text(self.lang.t("search.placeholder"));
        area.set_cursor_line_style(ratatui::style::Style::new());
        area.move_cursor(ratatui_textarea::CursorMove::End);
        area
    }

    fn load_staff(&mut self) {
        let page = self.store.repo::<Staff>().page(&StaffFilter::default(), &PageRequest::first(1000));
        if let Ok(page) = page {
            self.staff_names = page.rows.into_iter().map(|s| (s.id, s.name)).collect();
        }
    }

    fn info(&mut self, key: &str) {
        self.message = Some(Message { text: self.lang.t(key).into_owned(), kind: MessageKind::Info });
    }

    fn error(&mut self, error: &StoreError) {
        let text = self.lang.t_with("msg.error", &[("error", &error.message(self.lang.code()))]);
        self.message = Some(Message { text, kind: MessageKind::Error });
    }

    /// Rows the list shows at the current size.
    fn list_height(&self) -> u16 {
        view::layout(self.width, self.height).list_rows()
    }

    fn switch_tab(&mut self, tab: Tab) {
        self.on_overview = false;
        self.tab = tab;
        self.focus = Focus::List;
        self.search = self.search_box(&self.current().filter.text.clone());
        if !self.current().list.loaded {
            self.reload();
        }
        // The tab's figures (KPIs, early warning, key customers) do not follow its filter:
        // read them when the tab is first shown, refreshed or the data changed.
        self.figures_pending = !self.figures_fresh.contains(&tab);
        self.remember("tab", tab.code());
    }

    /// Keeps a piece of desk state for the next run; the read-only view keeps it in memory only.
    fn remember(&mut self, key: &str, value: &str) {
        if !self.read_only()
            && let Err(error) = self.store.set_desk_state(key, value)
        {
            self.error(&error);
        }
    }

    fn filter_changed(&mut self) {
        // A list opened from the overview keeps the tab's own filter for the next run.
        let kept = self.current().drilled_from.clone().unwrap_or_else(|| self.current().filter.clone());
        let json = serde_json::to_string(&kept).unwrap_or_default();
        self.remember(&format!("filter.{}", self.tab.code()), &json);
        self.reload();
    }

    pub fn update(&mut self, action: Action) {
        self.apply(action);
        if self.form.is_some() {
            self.follow_form();
        }
        if !self.batching {
            self.settle();
        }
    }

    /// Whether work waits for the next drawn frame (see [`App::after_frame`]).
    pub fn has_deferred_work(&self) -> bool {
        self.figures_pending
            || self.count_pending
            || self.on_overview && (self.overview.figures_pending || self.overview.charts_pending)
    }

    /// Whether the query worker owes answers (the event loop then looks for them often).
    pub fn awaiting_answers(&self) -> bool {
        self.awaiting > 0 || self.exporting()
    }

    /// Rows one PgUp/PgDn moves the detail pane: its height less two rows of context.
    fn detail_page(&self) -> u16 {
        let areas = crate::ui::view::layout(self.width, self.height);
        areas.detail.height.saturating_sub(4).max(1)
    }

    /// Asks for what is shown beside the list — its count, the KPIs, early warning and key
    /// customers — once the frame answering a key is drawn: from the query worker when it runs
    /// (the desk goes on answering keys), else inline.
    /// `true` when something shown changed already (answered inline).
    pub fn after_frame(&mut self) -> bool {
        let mut shown = false;
        if self.on_overview {
            shown |= self.ask_overview();
        }
        if std::mem::take(&mut self.count_pending) {
            let filter = self.current().filter.clone();
            shown |= self.ask(super::worker::Job::Count { filter });
        }
        if std::mem::take(&mut self.figures_pending) {
            shown |= self.ask(super::worker::Job::Figures);
            self.figures_fresh.push(self.tab);
        }
        shown
    }

    /// The open form's proposals follow what was typed (a merchant's unit, a caller's name).
    fn follow_form(&mut self) {
        let desk = super::tabs::Following { settings: &self.settings, today: self.today(), lang: self.lang };
        let Some(form) = &mut self.form else { return };
        if let Err(error) = form.tab.source().follow(&self.store, &desk, form) {
            self.error(&error);
        }
    }

    /// Runs what waited for the input to be read (the search of typed text).
    pub fn settle(&mut self) {
        if self.search_pending {
            self.search_pending = false;
            self.filter_changed();
        }
    }

    fn apply(&mut self, action: Action) {
        match action {
            Action::Tick => self.tick(),
            Action::Resize { width, height } => {
                self.width = width;
                self.height = height;
                let rows = self.list_height();
                for state in self.tabs.values_mut() {
                    state.list.set_height(rows);
                }
            }
            // Over the text view the wheel scrolls it and clicks do nothing underneath.
            Action::Click { .. } | Action::Wheel(_) if self.overlay.is_some() => {
                if let (Action::Wheel(delta), Some(view)) = (&action, &mut self.overlay) {
                    let lines = view.lines.len().saturating_sub(1) as i64;
                    view.scroll = (i64::from(view.scroll) + i64::from(*delta) * 3).clamp(0, lines) as u16;
                }
            }
            Action::Click { column, row } => self.click(column, row),
            Action::Wheel(delta) if !self.help_open => {
                let selected = self.current().list.selected as i64;
                self.select((selected + i64::from(delta) * 3).max(0) as u64);
            }
            Action::Wheel(_) => {}
            Action::Paste(text) if self.form.is_some() && !self.help_open => {
                if let Some(form) = &mut self.form
                    && form.paste(&text)
                {
                    self.lookup_matches();
                }
            }
            Action::Paste(text) if self.focus == Focus::Search && !self.help_open => {
                // One line only: a pasted newline would end the search.
                self.search.insert_str(text.replace(['\r', '\n'], " "));
                self.search_changed();
            }
            Action::Paste(_) => {}
            Action::Type(key) => self.typed(key),
            Action::Named(named) => self.named(named),
        }
    }

    fn named(&mut self, action: Named) {
        if action == Named::Quit {
            // A form with typed input asks before anything is thrown away.
            match &mut self.form {
                Some(form) if form.dirty => form.confirm_discard = true,
                _ => self.quit = true,
            }
            return;
        }
        if self.help_open {
            if action == Named::Close {
                self.help_open = false;
            }
            return;
        }
        let page = self.list_height().max(1);
        if let Some(view) = &mut self.overlay {
            match action {
                Named::Close => self.overlay = None,
                Named::Down => view.scroll = view.scroll.saturating_add(1),
                Named::Up => view.scroll = view.scroll.saturating_sub(1),
                Named::PageDown => view.scroll = view.scroll.saturating_add(page),
                Named::PageUp => view.scroll = view.scroll.saturating_sub(page),
                _ => {}
            }
            if let Some(view) = &mut self.overlay {
                view.scroll = view.scroll.min(view.lines.len().saturating_sub(1) as u16);
            }
            return;
        }
        // A key from the search box acts on the row its search found: typed text not yet
        // searched (fast typing read in one batch) is searched first.
        if self.search_pending {
            self.settle();
        }
        if action.writes() && self.read_only() {
            self.info("msg.read_only");
            return;
        }
        if self.form.is_some() {
            self.form_action(action);
            return;
        }
        if self.on_overview && self.overview_action(action) {
            return;
        }
        match (self.focus, action) {
            (_, Named::New) => self.open_form(None),
            (_, Named::Act) => match self.current().list.selected_row().map(|r| r.id) {
                Some(id) => self.open_act(id),
                None => self.info("msg.no_selection"),
            },
            (_, Named::Campaign) if self.tab == Tab::Callbacks => {
                match super::tabs::campaign_form(&self.store, &self.fetch_context()) {
                    Ok(form) => self.form = Some(form),
                    Err(error) => self.error(&error),
                }
            }
            (_, Named::Campaign) => self.info("msg.no_campaign"),
            (_, Named::Vacant) if self.tab == Tab::Leases => {
                let ctx = self.fetch_context();
                match crate::report::occupancy::vacant_view(&self.store, ctx.today, self.lang) {
                    Ok((title, lines)) => self.overlay = Some(TextView { title, lines, scroll: 0 }),
                    Err(error) => self.error(&error),
                }
            }
            (_, Named::Vacant) => self.info("msg.vacant_on_leases"),
            (_, Named::Export) => self.start_export(crate::transfer::Format::Xlsx),
            (_, Named::ExportCsv) => self.start_export(crate::transfer::Format::Csv),
            (_, Named::Print) => match self.current().list.selected_row().map(|r| r.id) {
                Some(id) if self.tab == Tab::Complaints => self.print_case(id),
                Some(id) if self.tab == Tab::Meetings => self.print_meeting(id),
                Some(_) => self.info("msg.no_print"),
                None => self.info("msg.no_selection"),
            },
            (_, Named::Edit) => match self.current().list.selected_row().map(|r| r.id) {
                Some(id) => self.open_form(Some(id)),
                None => self.info("msg.no_selection"),
            },
            (_, Named::Help) => self.help_open = true,
            (Focus::Search, Named::Accept) => self.focus = Focus::List,
            (Focus::Search, Named::Cancel) => {
                self.search = self.search_box("");
                self.search_changed();
                self.focus = Focus::List;
            }
            (Focus::Detail, Named::Up) => {
                self.link = self.link.saturating_sub(1);
                self.detail_follows_link = true;
            }
            (Focus::Detail, Named::Down) => {
                let links = self.current().detail.as_ref().map_or(0, |d| d.links.len());
                self.link = (self.link + 1).min(links.saturating_sub(1));
                self.detail_follows_link = true;
            }
            (Focus::Detail, Named::PageDown) => {
                let step = self.detail_page();
                self.detail_scroll = self.detail_scroll.saturating_add(step);
                self.detail_follows_link = false;
            }
            (Focus::Detail, Named::PageUp) => {
                let step = self.detail_page();
                self.detail_scroll = self.detail_scroll.saturating_sub(step);
                self.detail_follows_link = false;
            }
            (Focus::Detail, Named::OpenLink) => self.open_link(),
            (Focus::Detail, Named::Back) => self.focus = Focus::List,
            (_, Named::Search) => {
                // The previous query is selected: typing replaces it, → keeps it.
                self.search.select_all();
                self.focus = Focus::Search;
            }
            (_, Named::Detail) => {
                if self.current().list.selected_row().is_some() {
                    self.focus = Focus::Detail;
                } else {
                    self.info("msg.no_selection");
                }
            }
            (_, Named::Refresh) => {
                self.load_staff();
                self.refresh();
                self.info("msg.refreshed");
            }
            (_, Named::Filter) => {
                let count = self.tab.source().quick_filters(self.lang).len();
                let state = self.current_mut();
                state.filter.quick = (state.filter.quick + 1) % count;
                state.filter.only_id = None;
                self.filter_changed();
            }
            (_, Named::Staff) if !self.tab.source().has_staff() => self.info("msg.no_staff_filter"),
            (_, Named::Staff) => {
                let mut staff: Vec<(&i64, &String)> = self.staff_names.iter().collect();
                staff.sort_by(|a, b| a.1.cmp(b.1).then(a.0.cmp(b.0)));
                let ids: Vec<i64> = staff.into_iter().map(|(id, _)| *id).collect();
                let state = self.current_mut();
                let next = match state.filter.staff_id.and_then(|id| ids.iter().position(|i| *i == id)) {
                    None => ids.first().copied(),
                    Some(i) => ids.get(i + 1).copied(),
                };
                state.filter.staff_id = next;
                state.filter.only_id = None;
                self.filter_changed();
            }
            (_, Named::Overdue) => {
                let state = self.current_mut();
                state.filter.overdue = !state.filter.overdue;
                state.filter.only_id = None;
                self.filter_changed();
            }
            (Focus::List, Named::Cancel) if self.current().drilled_from.is_some() => {
                self.leave_drill();
            }
            (Focus::List, Named::Cancel) if self.current().filter.only_id.is_some() => {
                self.current_mut().filter.only_id = None;
                self.reload();
            }
            (_, Named::Language) => {
                self.lang = self.lang.toggled();
                self.store.set_record_locale(self.lang.code());
                self.search.set_placeholder_text(self.lang.t("search.placeholder"));
                for state in self.tabs.values_mut() {
                    state.list.loaded = false;
                }
                self.reload();
                self.figures_fresh.clear();
                self.figures_pending = true;
                self.overview.figures = None;
                self.overview.charts = None;
                self.overview_stale();
                self.info("app.language_switched");
            }
            (_, Named::NextTab) => self.switch_tab(Tab::all()[(self.tab.index() + 1) % Tab::all().len()]),
            (_, Named::PrevTab) => {
                let n = Tab::all().len();
                self.switch_tab(Tab::all()[(self.tab.index() + n - 1) % n])
            }
            (_, Named::Tab1) => self.switch_tab(Tab::Prospects),
            (_, Named::Tab2) => self.switch_tab(Tab::Leases),
            (_, Named::Tab3) => self.switch_tab(Tab::Complaints),
            (_, Named::Tab4) => self.switch_tab(Tab::Callbacks),
            (_, Named::Tab5) => self.switch_tab(Tab::Meetings),
            (_, Named::Tab6) => self.switch_tab(Tab::Directory),
            (_, Named::Overview) => self.show_overview(),
            (_, Named::Up) => self.step(-1),
            (_, Named::Down) => self.step(1),
            (_, Named::PageUp) => self.step(-i64::from(self.list_height().max(1))),
            (_, Named::PageDown) => self.step(i64::from(self.list_height().max(1))),
            (_, Named::First) => self.select(0),
            (_, Named::Last) => self.go_last(),
            _ => {}
        }
    }

    fn typed(&mut self, key: KeyEvent) {
        if self.help_open {
            return;
        }
        if let Some(form) = &mut self.form {
            if form.confirm_discard {
                return;
            }
            // In the pop-up list Enter takes the highlighted step, and a step's number takes it
            // at once (a letter only jumps: several steps may start with it).
            let numbered = matches!(key.code, KeyCode::Char(c) if c.is_ascii_digit());
            if form.is_chooser() && (key.code == KeyCode::Enter || numbered && form.type_key(key)) {
                self.save_form();
                return;
            }
            if key.code == KeyCode::Enter && form.focused().kind != FieldKind::Multiline {
                form.next_to_fill();
                return;
            }
            if form.type_key(key) {
                self.lookup_matches();
            }
            return;
        }
        if self.focus == Focus::Search {
            if matches!(key.code, KeyCode::Enter) {
                return;
            }
            if self.search.input(key) {
                self.search_changed();
            }
        }
    }

    /// The search narrows the list as the clerk types.
    /// A search looks across the whole tab: a quick filter in force gives way to "all", and
    /// the message says which one was left, so a case at another step is still found.
    fn search_changed(&mut self) {
        let text = self.search.lines().join(" ");
        let source = self.tab.source();
        let all =
            if source.search_keeps_filter() { self.current().filter.quick } else { source.all_filter() };
        let state = self.current_mut();
        if state.filter.text == text {
            return;
        }
        let left = (!text.trim().is_empty() && state.filter.quick != all)
            .then(|| std::mem::replace(&mut state.filter.quick, all));
        state.filter.text = text;
        state.filter.only_id = None;
        self.search_pending = true;
        if let Some(left) = left {
            let name = self.tab.source().quick_filters(self.lang).get(left).cloned().unwrap_or_default();
            let text = self.lang.t_with("search.left_filter", &[("filter", &name)]);
            self.message = Some(Message { text, kind: MessageKind::Info });
        }
    }

    fn open_link(&mut self) {
        let Some(link) = self.current().detail.as_ref().and_then(|d| d.links.get(self.link)).cloned() else {
            return;
        };
        self.tab = link.tab;
        self.focus = Focus::List;
        if link.tab == Tab::Directory {
            // Links to the Directory are merchant files.
            self.current_mut().filter.quick = 0;
        }
        self.current_mut().filter.only_id = Some(link.id);
        self.search = self.search_box(&self.current().filter.text.clone());
        self.reload();
    }

    fn click(&mut self, column: u16, row: u16) {
        if self.help_open {
            self.help_open = false;
            return;
        }
        let areas = view::layout(self.width, self.height);
        // A click on a step of the pop-up list takes that step; elsewhere it closes the list.
        if let Some(form) = self.form.as_ref().filter(|f| f.is_chooser()) {
            match view::chooser_option_at(self, form, column, row) {
                Some(index) => {
                    if let Some(form) = &mut self.form {
                        form.fields[0].choice = index;
                    }
                    self.save_form();
                }
                None => self.form = self.form_stack.pop(),
            }
            return;
        }
        if row == areas.tabs.y {
            let width = view::tab_bar_width(self.lang, self.width, self.read_only());
            match view::tab_at(self.lang, width, column) {
                Some(view::Screen::Tab(tab)) => self.switch_tab(tab),
                Some(view::Screen::Overview) => self.show_overview(),
                None => {}
            }
        } else if self.on_overview {
            // Figures are chosen with the keys; a click elsewhere on the overview does nothing.
        } else if row == areas.filter.y {
            self.focus = Focus::Search;
        } else if let Some(offset) = areas.list_row_at(column, row) {
            let target = self.current().list.top + u64::from(offset);
            self.focus = Focus::List;
            if target < self.current().list.total {
                self.select(target);
            }
        }
    }

    /// The read-only view follows the desk: when another connection committed, read again.
    fn tick(&mut self) {
        match self.store.data_version() {
            Ok(version) if version != self.seen_data_version => {
                self.seen_data_version = version;
                self.overview_stale();
                if self.on_overview {
                    // The lists are read again when next shown.
                    for state in self.tabs.values_mut() {
                        state.list.loaded = false;
                    }
                    return;
                }
                let (total_before, seen): (u64, std::collections::HashSet<i64>) = {
                    let list = &self.current().list;
                    (list.total, list.rows.iter().map(|r| r.id).collect())
                };
                self.refresh();
                // New records arrive in place (the window is read again around the selection);
                // when the new count shows more than arrived on screen, a hint says so.
                let list = &self.current().list;
                // Only the rows on screen count as seen arriving (the window reads a little more).
                let first_shown = list.top.saturating_sub(list.start) as usize;
                let in_view = list
                    .rows
                    .iter()
                    .skip(first_shown)
                    .take(usize::from(list.height))
                    .filter(|r| !seen.contains(&r.id))
                    .count() as u64;
                self.arrivals = Some(Arrivals { tab: self.tab, total_before, in_view });
            }
            Ok(_) => {}
            Err(error) => self.error(&error),
        }
    }
}

/// The call scripts of a language: the built-in file with the user's sections over it
/// (`scripts/<lang>.toml` in the config directory). A broken user file is left out (and logged)
/// rather than stopping a call.
fn scripts(lang: Lang, config_dir: &std::path::Path) -> crate::domain::script::Scripts {
    use crate::domain::script::Scripts;
    let built_in = match lang {
        Lang::ZhCn => include_str!("../../assets/scripts/zh-CN.toml"),
        Lang::En => include_str!("../../assets/scripts/en.toml"),
    };
    let scripts = Scripts::parse(built_in).expect("built-in scripts parse");
    let user_file = config_dir.join("scripts").join(format!("{}.toml", lang.code()));
    match std::fs::read_to_string(&user_file).map(|text| Scripts::parse(&text)) {
        Ok(Ok(user)) => scripts.overlay(user),
        Ok(Err(error)) => {
            tracing::warn!("ignoring {}: {error}", user_file.display());
            scripts
        }
        Err(_) => scripts,
    }
}

/// Lines of text shown over the desk, read-only, with how far they are scrolled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextView {
    pub title: String,
    pub lines: Vec<String>,
    pub scroll: u16,
}
