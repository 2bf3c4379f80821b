//! Drawing an open form: its call script or warning, its fields with required markers and
//! the problems beside them, the real cursor at the caret, and the discard question.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::place_cursor;
use crate::ui::app::App;
use crate::ui::form::{Field, FieldKind, Form};

pub(super) fn draw_form(frame: &mut Frame, app: &App, form: &Form, area: Rect) {
    let theme = app.theme;
    let lang = app.lang;
    let block = Block::bordered()
        .border_set(theme.border())
        .title(format!(" {} ", form.title))
        .border_style(theme.focus());
    frame.render_widget(Clear, area);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // The last line tells what went wrong, or how dates and choices are entered.
    // A call script or warning goes above the fields, wrapped, using at most half the form.
    // What the desk knows of the caller goes beside the fields when there is room (100
    // columns), else above them with the preamble.
    let beside = !form.aside.is_empty() && inner.width >= 100;
    // Above the fields room is short: after its first line, the open cases and the hint (both
    // marked ●) come before the older contacts, which give way first.
    let aside_above: &[String] = if beside { &[] } else { &form.aside };
    let (marked, plain): (Vec<&String>, Vec<&String>) =
        aside_above.iter().skip(1).partition(|line| line.starts_with('●'));
    let above: Vec<&String> =
        form.preamble.iter().chain(aside_above.first()).chain(marked).chain(plain).collect();
    let preamble_rows: u16 = above
        .iter()
        .map(|line| (line.width() as u16).div_ceil(inner.width.max(1)).max(1))
        .sum::<u16>()
        .min(inner.height / 2);
    let [preamble_area, fields_area, hint_area] =
        Layout::vertical([Constraint::Length(preamble_rows), Constraint::Min(0), Constraint::Length(1)])
            .areas(inner);
    let fields_area = if beside {
        let [fields, aside] =
            Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(fields_area);
        let block = Block::new()
            .borders(ratatui::widgets::Borders::LEFT)
            .border_set(theme.border())
            .border_style(theme.dim());
        let lines: Vec<Line> = form
            .aside
            .iter()
            .map(|l| {
                let style = if l.starts_with('●') { theme.alert() } else { theme.base() };
                Line::from(Span::styled(l.clone(), style))
            })
            .collect();
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(block), aside);
        fields
    } else {
        fields_area
    };
    if preamble_rows > 0 {
        let lines: Vec<Line> = above
            .iter()
            .map(|l| {
                let style = if l.starts_with(['⚠', '●']) { theme.alert() } else { theme.base() };
                Line::from(Span::styled(l.to_string(), style))
            })
            .collect();
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), preamble_area);
    }
    // The hint names only what this form has: dates (with today's) and choices.
    let hint = match &form.error {
        Some(error) => Span::styled(error.clone(), theme.error()),
        None => {
            let mut parts = vec![format!("* {}", lang.t("form.required"))];
            if form.fields.iter().any(|f| f.kind == FieldKind::Date) {
                let today = app.today().format("%Y-%m-%d").to_string();
                parts.push(lang.t_with("form.date_hint", &[("today", &today)]));
            }
            if form.fields.iter().any(|f| matches!(f.kind, FieldKind::Choice(_) | FieldKind::Reference(_))) {
                parts.push(lang.t("form.choose").into_owned());
            }
            Span::styled(parts.join(" │ "), theme.dim())
        }
    };
    frame.render_widget(Line::from(hint), hint_area);
    let label_width =
        form.fields.iter().map(|f| f.label.width() + 3).max().unwrap_or(10).min(usize::from(inner.width / 2))
            as u16;
    let height_of = |f: &Field| f.rows() + u16::from(f.error.is_some());
    // Scroll so the focused field is on screen.
    let mut first = 0;
    while first < form.focus
        && form.fields[first..=form.focus].iter().map(height_of).sum::<u16>() > fields_area.height
    {
        first += 1;
    }
    let mut y = fields_area.y;
    for (index, field) in form.fields.iter().enumerate().skip(first) {
        let rows = height_of(field);
        if y + rows > fields_area.bottom() {
            break;
        }
        let focused = index == form.focus && !form.confirm_discard;
        let marker = if field.required { "*" } else { " " };
        let label_style = if focused {
            theme.focus()
        } else if field.error.is_some() {
            theme.error()
        } else {
            theme.header()
        };
        frame.render_widget(
            Span::styled(format!("{marker}{}: ", field.label), label_style),
            Rect { x: fields_area.x, y, width: label_width, height: 1 },
        );
        let input_area = Rect {
            x: fields_area.x + label_width,
            y,
            width: fields_area.width.saturating_sub(label_width),
            height: field.rows(),
        };
        match &field.kind {
            FieldKind::Choice(options) => {
                let label = options.get(field.choice).map(|(_, l)| l.clone()).unwrap_or_default();
                let style = if focused { theme.selected() } else { theme.base() };
                frame.render_widget(Span::styled(format!("◀ {label} ▶"), style), input_area);
            }
            FieldKind::Reference(_) => {
                let matched = field
                    .matches
                    .get(field.picked)
                    .map(|(_, l)| format!("  → {l} ({}/{})", field.picked + 1, field.matches.len()));
                let text_width = (field.text().width() as u16 + 2).clamp(8, input_area.width / 2);
                let [text_area, match_area] =
                    Layout::horizontal([Constraint::Length(text_width), Constraint::Min(0)])
                        .areas(input_area);
                frame.render_widget(&field.input, text_area);
                frame.render_widget(Span::styled(matched.unwrap_or_default(), theme.dim()), match_area);
                if focused {
                    place_cursor(frame, &field.input, text_area);
                }
            }
            _ => {
                frame.render_widget(&field.input, input_area);
                if focused {
                    place_cursor(frame, &field.input, input_area);
                }
            }
        }
        if let Some(error) = &field.error {
            frame.render_widget(
                Span::styled(format!("  ⚠ {error}"), theme.error()),
                Rect { x: input_area.x, y: y + field.rows(), width: input_area.width, height: 1 },
            );
        }
        y += rows;
    }
    if form.confirm_discard {
        let text = format!(" {}  {} ", lang.t("form.discard"), lang.t("form.yes_no_keys"));
        let width = (text.width() as u16 + 2).min(area.width);
        let popup =
            Rect { x: area.x + (area.width - width) / 2, y: area.y + area.height / 2, width, height: 3 };
        frame.render_widget(Clear, popup);
        frame.render_widget(
            Paragraph::new(text)
                .block(Block::bordered().border_set(theme.border()).border_style(theme.alert())),
            popup,
        );
    }
}

/// The next-step choice as a pop-up list: numbered options (a digit or a first letter jumps),
/// the highlighted one taken with Enter or a click, Esc closes.
pub(super) fn draw_chooser(frame: &mut Frame, app: &App, form: &Form, area: Rect) {
    let theme = app.theme;
    let block = Block::bordered()
        .border_set(theme.border())
        .title(format!(" {} ", form.title))
        .border_style(theme.focus());
    clear_over(frame, area);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let (options, chosen) = form.chooser_options();
    let mut lines: Vec<Line> = options
        .iter()
        .enumerate()
        .map(|(index, label)| {
            let number = if index < 9 { format!("{}", index + 1) } else { " ".to_string() };
            let text = format!(" {number} {label}");
            let padded =
                format!("{text}{}", " ".repeat(usize::from(inner.width).saturating_sub(text.width())));
            let style = if index == chosen { theme.selected() } else { theme.base() };
            Line::from(Span::styled(padded, style))
        })
        .collect();
    let hint = match &form.error {
        Some(error) => Span::styled(error.clone(), theme.error()),
        None => Span::styled(app.lang.t("form.chooser_hint").into_owned(), theme.dim()),
    };
    lines.push(Line::from(hint));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Clears `area` for a pop-up. A wide character just left of it would hide the pop-up's left
/// border (its second half is that cell), so it gives way to a space.
fn clear_over(frame: &mut Frame, area: Rect) {
    frame.render_widget(Clear, area);
    if area.x == 0 {
        return;
    }
    let buffer = frame.buffer_mut();
    for y in area.top()..area.bottom() {
        let cell = &mut buffer[(area.x - 1, y)];
        if cell.symbol().width() > 1 {
            cell.set_symbol(" ");
        }
    }
}
