//! Drawing: reads the `App` and never changes it or the database. One layout function serves
//! both drawing and mouse hit-testing, so a click lands where the eye sees it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Cell, Clear, Paragraph, Row, Scrollbar, ScrollbarOrientation, ScrollbarState, Table, Wrap,
};
use unicode_width::UnicodeWidthStr;

use super::app::{App, Focus, MessageKind};
use super::i18n::Lang;
use super::tabs::Tab;

mod form;
mod overview;

use form::draw_form;

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Where each part of the screen goes.
#[derive(Debug, Clone, Copy)]
pub struct Areas {
    pub tabs: Rect,
    pub filter: Rect,
    pub list: Rect,
    pub detail: Rect,
    pub status: Rect,
    pub footer: Rect,
}

impl Areas {
    /// Table rows inside the list's border, below its header.
    pub fn list_rows(&self) -> u16 {
        self.list.height.saturating_sub(3)
    }

    /// Which visible row (from 0) a click at (column, row) hits.
    pub fn list_row_at(&self, column: u16, row: u16) -> Option<u16> {
        let inner = self.list.inner(Margin::new(1, 1));
        let first = inner.y + 1;
        (column >= inner.x && column < inner.right() && row >= first && row < inner.bottom())
            .then(|| row - first)
    }
}

pub fn layout(width: u16, height: u16) -> Areas {
    let area = Rect::new(0, 0, width, height);
    let [tabs, filter, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let (list, detail) = if width >= 140 {
        let [list, detail] =
            Layout::horizontal([Constraint::Percentage(62), Constraint::Percentage(38)]).areas(body);
        (list, detail)
    } else {
        let [list, detail] =
            Layout::vertical([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(body);
        (list, detail)
    };
    Areas { tabs, filter, list, detail, status, footer }
}

/// What a title of the tab bar shows: the overview or a tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Overview,
    Tab(Tab),
}

/// The tab titles as drawn: " 0 总览 " " 1 招商客户 " …, with their screen columns. When they
/// do not fit in `width` columns the numbers go first, then the padding.
fn tab_titles(lang: Lang, width: u16) -> Vec<(Screen, String, u16, u16)> {
    let screens: Vec<(Screen, String)> =
        std::iter::once((Screen::Overview, lang.t("tab.overview").into_owned()))
            .chain(
                Tab::all().into_iter().map(|tab| (Screen::Tab(tab), lang.t(&tab.title_key()).into_owned())),
            )
            .collect();
    let layouts: [fn(usize, &str) -> String; 3] =
        [|i, name| format!(" {i} {name} "), |_, name| format!(" {name} "), |_, name| name.to_string()];
    let mut chosen = Vec::new();
    for layout in layouts {
        let mut x = 0u16;
        chosen = screens
            .iter()
            .enumerate()
            .map(|(i, (screen, name))| {
                let title = layout(i, name);
                let w = title.width() as u16;
                let entry = (*screen, title, x, x + w);
                x += w + 1;
                entry
            })
            .collect();
        if x <= width {
            break;
        }
    }
    chosen
}

/// Columns the tab titles may take: the window less the read-only badge.
pub fn tab_bar_width(lang: Lang, width: u16, read_only: bool) -> u16 {
    let badge = format!(" {} ", lang.t("app.read_only")).width() as u16 + 1;
    if read_only { width.saturating_sub(badge) } else { width }
}

/// The title covering screen column `column` of a `width`-wide tab bar.
pub fn tab_at(lang: Lang, width: u16, column: u16) -> Option<Screen> {
    tab_titles(lang, width)
        .into_iter()
        .find(|(_, _, from, to)| column >= *from && column < *to)
        .map(|(screen, ..)| screen)
}

/// `48210` → `48,210`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = app
            .lang
            .t_with("app.too_small", &[("w", &area.width.to_string()), ("h", &area.height.to_string())]);
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
        return;
    }
    let areas = layout(area.width, area.height);
    draw_tabs(frame, app, areas.tabs);
    if app.on_overview {
        let body = Rect {
            x: area.x,
            y: areas.list.y,
            width: area.width,
            height: areas.status.y.saturating_sub(areas.list.y),
        };
        overview::draw_overview(frame, app, areas.filter, body);
    } else {
        draw_filter(frame, app, areas.filter);
        draw_list(frame, app, areas.list);
        draw_detail(frame, app, areas.detail);
    }
    draw_status(frame, app, areas.status);
    draw_footer(frame, app, areas.footer);
    if let Some(form) = app.form.as_ref().filter(|f| f.is_chooser()) {
        form::draw_chooser(frame, app, form, chooser_area(app, form));
    } else if let Some(form) = &app.form {
        let body = Rect {
            x: area.x + 1,
            y: areas.filter.y,
            width: area.width.saturating_sub(2),
            height: areas.status.y.saturating_sub(areas.filter.y),
        };
        draw_form(frame, app, form, body);
    }
    if let Some(view) = &app.overlay {
        draw_text_view(frame, app, view, area);
    }
    if app.help_open {
        draw_help(frame, app, area);
    }
}

/// Where the pop-up list of next steps goes: just under the selected row (above it when the
/// row is low on the screen), so the case it acts on stays in sight; wide enough for the
/// longest step and the title.
pub fn chooser_area(app: &App, form: &crate::ui::form::Form) -> Rect {
    use unicode_width::UnicodeWidthStr;
    let areas = layout(app.width, app.height);
    let (options, _) = form.chooser_options();
    let widest = options.iter().map(|o| o.width() + 6).max().unwrap_or(10);
    let hint = app.lang.t("form.chooser_hint").width() + 2;
    let want = widest.max(form.title.width() + 6).max(hint) as u16;
    let w = want.min(areas.list.width);
    let bottom = areas.status.y;
    let h = (options.len() as u16 + 3).min(bottom.saturating_sub(areas.list.y));
    let x = areas.list.x + (areas.list.width - w) / 2;
    let list = &app.current().list;
    // The list's first row is under its border and header.
    let row_y =
        areas.list.y + 2 + list.selected.saturating_sub(list.top).min(u64::from(areas.list.height)) as u16;
    let y = if row_y + 1 + h <= bottom { row_y + 1 } else { row_y.saturating_sub(h).max(areas.list.y) };
    Rect { x, y, width: w, height: h }
}

/// The option of the pop-up list at a clicked cell.
pub fn chooser_option_at(app: &App, form: &crate::ui::form::Form, column: u16, row: u16) -> Option<usize> {
    let area = chooser_area(app, form);
    let inside = column > area.x && column + 1 < area.right() && row > area.y && row + 2 < area.bottom();
    let index = usize::from(row.checked_sub(area.y + 1)?);
    (inside && index < form.chooser_options().0.len()).then_some(index)
}

/// A read-only text view over the desk (the vacant units): scrolled with the arrows and pages,
/// closed with Esc.
fn draw_text_view(frame: &mut Frame, app: &App, view: &crate::ui::app::TextView, area: Rect) {
    let theme = app.theme;
    let popup = Rect {
        x: area.x + 1,
        y: area.y + 1,
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(3),
    };
    frame.render_widget(ratatui::widgets::Clear, popup);
    let lines: Vec<Line> = view.lines.iter().map(|l| Line::from(l.clone())).collect();
    let block = Block::bordered()
        .border_set(theme.border())
        .title(Span::styled(format!(" {} ", view.title), theme.header()))
        .border_style(theme.focus());
    let paragraph = ratatui::widgets::Paragraph::new(lines).block(block).scroll((view.scroll, 0));
    frame.render_widget(paragraph, popup);
}

/// Puts the terminal's real cursor at a text field's caret, where input methods open.
pub(super) fn place_cursor(frame: &mut Frame, input: &ratatui_textarea::TextArea<'_>, area: Rect) {
    let cursor = input.screen_cursor();
    let (scroll_row, scroll_col) = input.scroll_offset();
    let x = area.x + (cursor.col as u16).saturating_sub(scroll_col);
    let y = area.y + (cursor.row as u16).saturating_sub(scroll_row);
    frame
        .set_cursor_position((x.min(area.right().saturating_sub(1)), y.min(area.bottom().saturating_sub(1))));
}

fn draw_tabs(frame: &mut Frame, app: &App, area: Rect) {
    let theme = app.theme;
    let badge = format!(" {} ", app.lang.t("app.read_only"));
    let shown = if app.on_overview { Screen::Overview } else { Screen::Tab(app.tab) };
    let mut spans = Vec::new();
    for (screen, title, ..) in tab_titles(app.lang, tab_bar_width(app.lang, area.width, app.read_only())) {
        let style = if screen == shown { theme.tab_active() } else { theme.base() };
        spans.push(Span::styled(title, style));
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Line::from(spans), area);
    if app.read_only() {
        let width = badge.width() as u16;
        let badge_area = Rect { x: area.right().saturating_sub(width), width: width.min(area.width), ..area };
        frame.render_widget(Span::styled(badge, theme.badge()), badge_area);
    }
}

fn draw_filter(frame: &mut Frame, app: &App, area: Rect) {
    let theme = app.theme;
    let lang = app.lang;
    let state = app.current();
    let label = format!("{}: ", lang.t("search.label"));
    let label_width = label.width() as u16;
    let quick = app.tab.source().quick_filters(lang);
    let mut right = format!(
        " │ {}: {}",
        lang.t("filter.label"),
        quick.get(state.filter.quick).cloned().unwrap_or_default()
    );
    if let Some(name) = state.filter.staff_id.and_then(|id| app.staff_name(id)) {
        right.push_str(&format!(" │ {}: {name}", lang.t("filter.staff")));
    }
    if state.filter.overdue {
        right.push_str(&format!(" │ {}", app.tab.source().overdue_label(lang)));
    }
    if let Some(label) = &state.drill_label {
        right = format!(" │ {} {label} (Esc)", lang.t("filter.from_overview"));
    } else if let Some(id) = state.filter.only_id {
        right.push_str(&format!(" │ {}", lang.t_with("filter.linked", &[("id", &id.to_string())])));
    }
    let right_width = (right.width() as u16).min(area.width / 2);
    let [label_area, input_area, right_area] = Layout::horizontal([
        Constraint::Length(label_width),
        Constraint::Min(10),
        Constraint::Length(right_width),
    ])
    .areas(area);
    let focused = app.focus == Focus::Search && !app.help_open;
    frame
        .render_widget(Span::styled(label, if focused { theme.focus() } else { theme.header() }), label_area);
    frame.render_widget(&app.search, input_area);
    if focused && app.form.is_none() {
        place_cursor(frame, &app.search, input_area);
    }
    frame.render_widget(Span::styled(right, theme.dim()), right_area);
}

fn draw_list(frame: &mut Frame, app: &App, area: Rect) {
    let theme = app.theme;
    let lang = app.lang;
    let state = app.current();
    let list = &state.list;
    let source = app.tab.source();
    let position = if list.total == 0 {
        " 0 / 0 ".to_string()
    } else {
        format!(" {} / {} ", thousands(list.selected + 1), list.total_text())
    };
    let block = Block::bordered()
        .border_set(theme.border())
        .title(Line::from(format!(" {} ", lang.t(&app.tab.title_key()))).style(theme.header()))
        .title(Line::from(position).right_aligned())
        .border_style(if app.focus == Focus::List { theme.focus() } else { theme.base() });
    let all_columns = &fitted_columns(source.columns_for(state.filter.quick), lang, area.width);
    let columns = shown_columns(all_columns, area.width.saturating_sub(3));
    let header = Row::new(columns.iter().map(|&i| Cell::from(lang.t(all_columns[i].key).into_owned())))
        .style(theme.header());
    let rows = list.visible().map(|(index, row)| {
        let style = if index == list.selected {
            theme.selected()
        } else if row.alert {
            theme.alert()
        } else {
            theme.base()
        };
        Row::new(columns.iter().map(|&i| Cell::from(row.cells.get(i).cloned().unwrap_or_default())))
            .style(style)
    });
    let widths: Vec<Constraint> = columns.iter().map(|&i| all_columns[i].width).collect();
    let block = if app.tab == Tab::Complaints && !app.kpis.is_empty() {
        block.title_bottom(kpi_strip(app, area.width))
    } else {
        block
    };
    let block = if app.tab == Tab::Callbacks && app.key_customers.0 > 0 {
        let (open, overdue) = app.key_customers;
        let text = lang.t_with("key.open", &[("n", &thousands(open)), ("overdue", &thousands(overdue))]);
        block.title(Line::from(format!(" ★ {text} ")).style(if overdue > 0 {
            theme.alert()
        } else {
            theme.header()
        }))
    } else {
        block
    };
    // The early warning follows the tab's name on the top border.
    let block = match (&app.warning, app.tab) {
        (Some(warning), Tab::Complaints) => {
            block.title(Line::from(format!(" {warning} ")).style(theme.alert()))
        }
        _ => block,
    };
    let table = Table::new(rows, widths).header(header).block(block).column_spacing(1);
    frame.render_widget(table, area);
    if list.total > u64::from(list.height) {
        let mut scrollbar_state = ScrollbarState::new(list.total as usize).position(list.selected as usize);
        let scrollbar = Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .track_symbol(Some(if theme.ascii { "|" } else { "│" }))
            .thumb_symbol(if theme.ascii { "#" } else { "█" });
        frame.render_stateful_widget(scrollbar, area.inner(Margin::new(0, 1)), &mut scrollbar_state);
    }
}

/// This month's KPIs on the list's bottom border: green when met, red (and `!`) when missed.
/// The KPI strip for a list `width` cells wide (beside the detail at 160 columns the list has
/// about 100): the widest form that fits.
fn kpi_strip(app: &App, width: u16) -> Line<'static> {
    let theme = app.theme;
    let lang = app.lang;
    let mut spans = vec![Span::raw(" ")];
    for kpi in &app.kpis {
        let (style, mark) = match kpi.met() {
            Some(true) => (theme.good(), ""),
            Some(false) => (theme.alert(), "!"),
            None => (theme.dim(), ""),
        };
        // Narrow windows round to whole percents so all seven figures fit.
        let value = if width >= 140 {
            format!("{} ({}/{})", kpi.percent().replace(" %", "%"), kpi.numerator, kpi.denominator)
        } else if width >= 120 {
            kpi.percent().replace(" %", "%")
        } else {
            kpi.value().map_or_else(|| "—".to_string(), |v| format!("{:.0}%", v * 100.0))
        };
        let gap = if width >= 100 { " " } else { "" };
        spans.push(Span::styled(
            format!("{}{gap}{value}{mark} ", lang.t(&format!("kpi.short.{}", kpi.code))),
            style,
        ));
    }
    Line::from(spans)
}

/// The enum labels a list column shows, by its header: from 120 columns on, the column is as
/// wide as the longest of them (and its header) in the interface language.
const LABELLED: &[(&str, &[&str])] = &[
    ("col.stage", &["prospect_stage", "lease_stage"]),
    ("col.step", &["complaint_step"]),
    ("col.kind", &["complaint_kind"]),
    ("col.reason", &["callback_reason"]),
    ("col.status", &["callback_status"]),
    ("col.meeting", &["meeting_kind"]),
    ("col.role", &["staff_role"]),
    ("col.department", &["department"]),
];

/// From 120 columns on, no header or label is cut: each fixed column widens to its header and
/// its longest label; the free-text column takes what is left. Narrower windows keep the
/// compact widths and drop the least needed columns instead (see [`shown_columns`]).
fn fitted_columns(columns: &[super::tabs::Column], lang: Lang, width: u16) -> Vec<super::tabs::Column> {
    if width < 120 {
        return columns.to_vec();
    }
    columns
        .iter()
        .map(|column| match column.width {
            Constraint::Length(n) => {
                let header = lang.t(column.key).width();
                let labels = LABELLED
                    .iter()
                    .find(|(key, _)| *key == column.key)
                    .map(|(_, kinds)| kinds.iter().map(|kind| lang.widest_label(kind)).max().unwrap_or(0))
                    .unwrap_or(0);
                let wide = header.max(labels).min(usize::from(u16::MAX)) as u16;
                super::tabs::Column { width: Constraint::Length(n.max(wide)), ..*column }
            }
            _ => *column,
        })
        .collect()
}

/// The columns that fit `width`: optional ones are left out, right to left, until the fixed
/// widths leave at least 12 cells for the flexible column.
fn shown_columns(columns: &[super::tabs::Column], width: u16) -> Vec<usize> {
    let mut shown: Vec<usize> = (0..columns.len()).collect();
    let need = |shown: &[usize]| -> u16 {
        shown
            .iter()
            .map(|&i| match columns[i].width {
                Constraint::Length(n) => n + 1,
                _ => 13,
            })
            .sum()
    };
    while need(&shown) > width {
        match shown.iter().rposition(|&i| columns[i].optional) {
            Some(position) => {
                shown.remove(position);
            }
            None => break,
        }
    }
    shown
}

fn draw_detail(frame: &mut Frame, app: &App, area: Rect) {
    let theme = app.theme;
    let lang = app.lang;
    let focused = app.focus == Focus::Detail;
    let block = Block::bordered()
        .border_set(theme.border())
        .title(Line::from(format!(" {} ", lang.t("detail.title"))).style(theme.header()))
        .border_style(if focused { theme.focus() } else { theme.base() });
    let Some(detail) = &app.current().detail else {
        frame.render_widget(Paragraph::new(lang.t("detail.none").into_owned()).block(block), area);
        return;
    };
    let mut lines =
        vec![Line::from(Span::styled(detail.title.clone(), Style::new().add_modifier(Modifier::BOLD)))];
    for (label, value) in &detail.fields {
        if value.is_empty() {
            continue;
        }
        lines.push(Line::from(vec![
            Span::styled(format!("{label}: "), theme.dim()),
            Span::raw(value.clone()),
        ]));
    }
    let mut chosen_line = None;
    if !detail.links.is_empty() {
        if detail.link_groups.is_empty() {
            lines.push(Line::from(Span::styled(lang.t("detail.links").into_owned(), theme.header())));
        }
        for (i, link) in detail.links.iter().enumerate() {
            // A heading over its run of links (the merchant file's prospects, leases, cases…);
            // a heading with no links under it says so.
            for (at, (first, heading)) in detail.link_groups.iter().enumerate() {
                if *first == i {
                    let next = detail.link_groups.get(at + 1).map_or(detail.links.len(), |g| g.0);
                    if next > *first {
                        lines.push(Line::from(Span::styled(heading.clone(), theme.header())));
                    }
                }
            }
            let chosen = focused && i == app.link;
            if chosen && app.detail_follows_link {
                chosen_line = Some(lines.len());
            }
            let marker = if chosen { "▶ " } else { "  " };
            let style = if chosen { theme.selected() } else { theme.base() };
            lines.push(Line::from(Span::styled(format!("{marker}{}", link.label), style)));
        }
    }
    let empty: Vec<&str> = detail
        .link_groups
        .iter()
        .enumerate()
        .filter(|(at, (first, _))| {
            detail.link_groups.get(at + 1).map_or(detail.links.len(), |g| g.0) == *first
        })
        .map(|(_, (_, heading))| heading.as_str())
        .collect();
    if !empty.is_empty() {
        lines.push(Line::from(Span::styled(
            lang.t_with("detail.none_of", &[("what", &empty.join(" · "))]),
            theme.dim(),
        )));
    }
    for (title, section) in &detail.sections {
        if section.is_empty() {
            continue;
        }
        lines.push(Line::from(Span::styled(title.clone(), theme.header())));
        lines.extend(section.iter().map(|l| Line::from(format!("  {l}"))));
    }
    lines.push(Line::from(Span::styled(lang.t("detail.history").into_owned(), theme.header())));
    if detail.history.is_empty() {
        lines.push(Line::from(Span::styled(format!("  {}", lang.t("detail.no_history")), theme.dim())));
    }
    lines.extend(detail.history.iter().map(|l| Line::from(format!("  {l}"))));
    // Rows each line takes once wrapped, to scroll by rows and keep the chosen link in view.
    let inner = block.inner(area);
    let width = usize::from(inner.width.max(1));
    let rows: Vec<usize> = lines.iter().map(|l| l.width().div_ceil(width).max(1)).collect();
    let total: usize = rows.iter().sum();
    let height = usize::from(inner.height);
    let mut scroll = usize::from(app.detail_scroll).min(total.saturating_sub(height));
    if let Some(index) = chosen_line {
        let top: usize = rows[..index].iter().sum();
        if top < scroll {
            scroll = top;
        } else if top + rows[index] > scroll + height {
            scroll = (top + rows[index]).saturating_sub(height);
        }
    }
    let more_below = total > scroll + height;
    let block = if scroll > 0 || more_below {
        let marker = match (scroll > 0, more_below) {
            (true, true) => "▲▼",
            (true, false) => "▲",
            _ => "▼",
        };
        block.title_bottom(Line::from(format!(" {marker} PgUp/PgDn ")).right_aligned())
    } else {
        block
    };
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: false }).scroll((scroll as u16, 0)),
        area,
    );
}

fn draw_status(frame: &mut Frame, app: &App, area: Rect) {
    let theme = app.theme;
    let lang = app.lang;
    let store = app.store();
    let file = store
        .path()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The read-only view has no operator: it changes nothing.
    let mut spans = Vec::new();
    if !store.operator().is_empty() {
        spans.push(Span::styled(format!(" {}: {} ", lang.t("app.operator"), store.operator()), theme.dim()));
        spans.push(Span::styled("│", theme.dim()));
    }
    spans.push(Span::styled(format!(" {file} "), theme.dim()));
    if !app.on_overview {
        spans.push(Span::styled(
            format!("│ {} ", {
                let list = &app.current().list;
                let key = if list.total_exact && list.total == 1 { "app.records_one" } else { "app.records" };
                lang.t_with(key, &[("n", &list.total_text())])
            }),
            theme.dim(),
        ));
    }
    if let Some(message) = &app.message {
        let style = if message.kind == MessageKind::Error { theme.error() } else { theme.focus() };
        spans.push(Span::styled(format!("│ {}", message.text), style));
    }
    frame.render_widget(Line::from(spans), area);
}

fn draw_footer(frame: &mut Frame, app: &App, area: Rect) {
    use crate::ui::Named;
    let theme = app.theme;
    let offered = |action: &Named| match action {
        Named::Print => matches!(app.tab, Tab::Complaints | Tab::Meetings),
        Named::Campaign => app.tab == Tab::Callbacks,
        Named::Vacant => app.tab == Tab::Leases,
        _ => true,
    };
    let mut entries: Vec<(String, Named, String)> = app
        .keymap
        .footer(app.context(), app.read_only())
        .into_iter()
        .filter(|(_, a)| offered(a))
        .map(|(key, action)| {
            let code = match (app.context(), action) {
                (crate::ui::keymap::Context::Overview, Named::OpenLink) => "open_figure",
                _ => action.code(),
            };
            let label = format!(" {} ", app.lang.t(&format!("action.{code}")));
            (key, action, label)
        })
        .collect();
    // A narrow window drops the least needed keys first; help and quit always stay.
    const LEAST_NEEDED: &[Named] = &[
        Named::Export,
        Named::Campaign,
        Named::Print,
        Named::Language,
        Named::Staff,
        Named::Overdue,
        Named::Detail,
        Named::Refresh,
        Named::Filter,
        Named::Act,
        Named::Edit,
    ];
    let width = |entries: &[(String, Named, String)]| -> usize {
        entries.iter().map(|(key, _, label)| key.width() + label.width()).sum()
    };
    for least in LEAST_NEEDED {
        if width(&entries) <= usize::from(area.width) {
            break;
        }
        entries.retain(|(_, action, _)| action != least);
    }
    let mut spans = Vec::new();
    for (key, _, label) in entries {
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::raw(label));
    }
    frame.render_widget(Line::from(spans), area);
}

fn draw_help(frame: &mut Frame, app: &App, area: Rect) {
    let theme = app.theme;
    let lang = app.lang;
    let underlying = app.screen();
    let screen_key = format!("help.screen.{}", <&str>::from(underlying));
    let entries = app.keymap.help(underlying, app.read_only());
    let key_width = entries.iter().map(|(keys, _)| keys.width()).max().unwrap_or(0);
    let entry_line = |(keys, action): &(String, crate::ui::Named)| {
        let pad = key_width.saturating_sub(keys.width());
        vec![
            Span::styled(format!("{keys}{}", " ".repeat(pad)), theme.header()),
            Span::raw(format!("  {}", lang.t(&format!("action.{}", action.code())))),
        ]
    };
    // Two columns when one would not fit the window.
    let room = usize::from(area.height.saturating_sub(5));
    let columns = if entries.len() > room { 2 } else { 1 };
    let per_column = entries.len().div_ceil(columns);
    let column_width = key_width + 16;
    let mut lines: Vec<Line> = (0..per_column)
        .map(|row| {
            let mut spans = Vec::new();
            for column in 0..columns {
                if let Some(entry) = entries.get(column * per_column + row) {
                    let cell = entry_line(entry);
                    let used: usize = cell.iter().map(|s| s.content.width()).sum();
                    spans.extend(cell);
                    if column + 1 < columns {
                        spans.push(Span::raw(" ".repeat(column_width.saturating_sub(used))));
                    }
                }
            }
            Line::from(spans)
        })
        .collect();
    lines.push(Line::from(""));
    if underlying == crate::ui::keymap::Context::Form {
        lines.push(Line::from(lang.t("help.form_enter").into_owned()));
    }
    lines.push(Line::from(lang.t("help.mouse").into_owned()));
    if app.read_only() {
        lines.push(Line::from(Span::styled(lang.t("help.read_only").into_owned(), theme.alert())));
    }
    // As wide as its widest line allows; a note wider than the window wraps.
    let widest = lines.iter().map(Line::width).max().unwrap_or(0) as u16;
    let width = ((column_width * columns) as u16 + 4).max(widest + 2).max(48).min(area.width);
    let inner_width = width.saturating_sub(2).max(1);
    let rows: u16 = lines.iter().map(|l| (l.width() as u16).div_ceil(inner_width).max(1)).sum();
    let height = (rows + 2).min(area.height);
    let popup =
        Rect { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height };
    let title = lang.t_with("help.title", &[("screen", &lang.t(&screen_key))]);
    let block =
        Block::bordered().border_set(theme.border()).title(format!(" {title} ")).border_style(theme.focus());
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(block), popup);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(48_210), "48,210");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }

    #[test]
    fn tab_titles_are_clickable_where_drawn() {
        assert_eq!(tab_at(Lang::ZhCn, 160, 1), Some(Screen::Overview));
        let (_, _, from, _) = tab_titles(Lang::ZhCn, 160)[3];
        assert_eq!(tab_at(Lang::ZhCn, 160, from + 1), Some(Screen::Tab(Tab::Complaints)));
        assert_eq!(tab_at(Lang::En, 160, 200), None);
    }

    #[test]
    fn tab_titles_fit_an_80_column_bar_beside_the_read_only_badge() {
        for lang in [Lang::ZhCn, Lang::En] {
            let titles = tab_titles(lang, 80 - 12);
            let (_, _, _, end) = titles.last().unwrap();
            assert!(*end <= 68, "{lang:?}: {titles:?}");
            assert_eq!(titles.len(), 7);
        }
        // With room the numbers show.
        assert!(tab_titles(Lang::ZhCn, 200)[1].1.starts_with(" 1 "));
    }
}
