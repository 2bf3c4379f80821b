//! Drawing the overview: the figure panels (placeholders until read), and the charts beside
//! them on a wide window (≥ 120 columns: two, four from 40 rows) or below them when there is
//! height to spare. Nothing is told by colour alone: a missed target or an item needing
//! action also carries a sign (✗, !), so NO_COLOR reads the same.

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Axis, Bar, BarChart, BarGroup, Block, Chart, Dataset, GraphType, Paragraph, Sparkline,
};
use unicode_width::UnicodeWidthStr;

use crate::report::table::{fit, percent};
use crate::ui::app::App;
use crate::ui::i18n::Lang;
use crate::ui::overview::{Charts, Figures};
use crate::ui::theme::Theme;

/// Columns the figure panels need.
const FIGURES_WIDTH: u16 = 80;

pub(super) fn draw_overview(frame: &mut Frame, app: &App, header: Rect, body: Rect) {
    let theme = app.theme;
    let lang = app.lang;
    let clock = app.store().clock();
    let figures = app.overview.shown(|| app.fetch_context());
    // The header line: the day on the mall's clock, and what Enter opens.
    let chosen = app.overview.chosen(&figures);
    let hint = match chosen.and_then(|f| f.rows.map(|n| (n, f))) {
        Some((n, figure)) => lang.t_with(
            "ov.enter_opens",
            &[
                ("n", &super::thousands(n)),
                ("what", &crate::ui::overview::describe(&figure.target, lang, clock)),
            ],
        ),
        None => lang.t("ov.reading").into_owned(),
    };
    let day = format!(" {} {} │ ", app.today(), clock.name());
    frame.render_widget(
        Line::from(vec![Span::styled(day, theme.dim()), Span::styled(hint, theme.header())]),
        header,
    );

    let wide = body.width >= 120;
    let (figures_area, charts_area) = if wide {
        let [left, right] =
            Layout::horizontal([Constraint::Length(FIGURES_WIDTH), Constraint::Min(0)]).areas(body);
        (left, Some(right))
    } else {
        let need = figures_height(&figures);
        if body.height >= need + 8 {
            let [top, bottom] = Layout::vertical([Constraint::Length(need), Constraint::Min(0)]).areas(body);
            (top, Some(bottom))
        } else {
            (body, None)
        }
    };
    draw_figures(frame, app, &figures, figures_area);
    if let Some(area) = charts_area {
        match &app.overview.charts {
            Some(charts) => draw_charts(frame, app, charts, area, wide),
            None => {
                let block =
                    Block::bordered().border_set(theme.border()).title(format!(" {} ", lang.t("ov.charts")));
                frame.render_widget(Paragraph::new(lang.t("ov.reading").into_owned()).block(block), area);
            }
        }
    }
}

/// Rows the panels take: the queues in two columns over the KPIs.
fn figures_height(figures: &Figures) -> u16 {
    let (left, right) = split(figures);
    let rows = |panels: &[usize]| -> u16 {
        panels
            .iter()
            .map(|&i| {
                1 + figures.panels[i].lines.len() as u16 + u16::from(!figures.panels[i].columns.is_empty())
            })
            .sum()
    };
    let kpis = figures.panels.len() - 1;
    rows(&left).max(rows(&right)) + rows(&[kpis])
}

/// The queue panels of the left and right columns (the last panel, the KPIs, spans both).
fn split(figures: &Figures) -> (Vec<usize>, Vec<usize>) {
    let queues = figures.panels.len().saturating_sub(1);
    ((0..queues.min(1)).collect(), (1..queues).collect())
}

fn draw_figures(frame: &mut Frame, app: &App, figures: &Figures, area: Rect) {
    let (left, right) = split(figures);
    let kpis = figures.panels.len() - 1;
    let kpi_rows = 1 + figures.panels[kpis].lines.len() as u16 + 1;
    let [top, bottom] = Layout::vertical([
        Constraint::Length(area.height.saturating_sub(kpi_rows)),
        Constraint::Length(kpi_rows),
    ])
    .areas(area);
    let [top_left, top_right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(top);
    // Each line's index across all panels, for the selection.
    let mut first_line = Vec::new();
    let mut n = 0;
    for panel in &figures.panels {
        first_line.push(n);
        n += panel.lines.len();
    }
    let mut draw_column = |panels: &[usize], area: Rect| {
        let mut lines: Vec<Line> = Vec::new();
        for &i in panels {
            lines.extend(panel_lines(app, figures, i, first_line[i], area.width));
        }
        frame.render_widget(Paragraph::new(lines), area);
    };
    draw_column(&left, top_left);
    draw_column(&right, top_right);
    draw_column(&[kpis], bottom);
}

/// One panel as lines: its title, column headings, then label and figures per line.
fn panel_lines<'a>(app: &App, figures: &'a Figures, index: usize, first: usize, width: u16) -> Vec<Line<'a>> {
    let theme = app.theme;
    let panel = &figures.panels[index];
    let column_width = panel
        .lines
        .iter()
        .flat_map(|l| l.figures.iter().map(|f| f.text.width() + 2))
        .chain(panel.columns.iter().map(|c| c.width() + 1))
        .max()
        .unwrap_or(4)
        .max(6);
    let figures_width = panel.lines.iter().map(|l| l.figures.len()).max().unwrap_or(0) * column_width
        + panel.lines.iter().map(|l| if l.note.is_empty() { 0 } else { column_width }).max().unwrap_or(0);
    let room = usize::from(width).saturating_sub(figures_width + 2).max(6);
    let label_width = panel.lines.iter().map(|l| l.label.width()).max().unwrap_or(0).min(room) + 1;
    let mut out = vec![Line::from(Span::styled(format!("▌{}", panel.title), theme.header()))];
    if !panel.columns.is_empty() {
        let mut heading = " ".repeat(label_width + 1);
        for column in &panel.columns {
            heading.push_str(&pad_left(column, column_width));
        }
        out.push(Line::from(Span::styled(heading, theme.dim())));
    }
    for (offset, line) in panel.lines.iter().enumerate() {
        let mut spans =
            vec![Span::raw(format!(" {}", crate::report::pad(&fit(&line.label, label_width), label_width)))];
        for (column, figure) in line.figures.iter().enumerate() {
            let chosen = app.overview.selected == (first + offset, column);
            let sign = if figure.alert && !figure.text.contains('✗') { "!" } else { " " };
            let text = pad_left(&format!("{}{sign}", figure.text), column_width);
            let style = if chosen {
                theme.selected()
            } else if figure.alert {
                theme.alert()
            } else if figure.text.contains('✓') {
                theme.good()
            } else {
                theme.base()
            };
            spans.push(Span::styled(text, style));
        }
        if !line.note.is_empty() {
            spans.push(Span::styled(pad_left(&line.note, column_width), theme.dim()));
        }
        out.push(Line::from(spans));
    }
    out
}

fn pad_left(text: &str, width: usize) -> String {
    format!("{}{text}", " ".repeat(width.saturating_sub(text.width())))
}

/// The charts that fit: the weekly cases and the service rates; on a tall window the funnel
/// and the collection and vacancy rates too.
fn draw_charts(frame: &mut Frame, app: &App, charts: &Charts, area: Rect, wide: bool) {
    let categories = charts.by_category.len().min(5) as u16;
    let weekly_height = categories.max(1) + 3;
    if !wide || area.height < 40 {
        if area.height >= weekly_height + 10 {
            let [top, bottom] =
                Layout::vertical([Constraint::Length(weekly_height), Constraint::Min(0)]).areas(area);
            draw_weekly(frame, app, charts, top);
            draw_rates(frame, app, charts, bottom);
        } else {
            draw_weekly(frame, app, charts, area);
        }
        return;
    }
    let funnel_height = charts.funnel.len() as u16 + 2;
    let [weekly, rates, funnel, money] = Layout::vertical([
        Constraint::Length(weekly_height),
        Constraint::Fill(1),
        Constraint::Length(funnel_height),
        Constraint::Fill(1),
    ])
    .areas(area);
    draw_weekly(frame, app, charts, weekly);
    draw_rates(frame, app, charts, rates);
    draw_funnel(frame, app, charts, funnel);
    draw_money(frame, app, charts, money);
}

fn chart_block<'a>(theme: Theme, title: String) -> Block<'a> {
    Block::bordered().border_set(theme.border()).title(Span::styled(format!(" {title} "), theme.header()))
}

/// Cases per week by category: one sparkline a category, the largest first, with its total.
fn draw_weekly(frame: &mut Frame, app: &App, charts: &Charts, area: Rect) {
    let theme = app.theme;
    let lang = app.lang;
    let range = format!(
        "{}–{}",
        charts.weeks.first().cloned().unwrap_or_default(),
        charts.weeks.last().cloned().unwrap_or_default()
    );
    let block = chart_block(theme, lang.t_with("ov.chart.weekly", &[("weeks", &range)]));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if charts.by_category.is_empty() {
        frame.render_widget(Paragraph::new(lang.t("ov.no_data").into_owned()), inner);
        return;
    }
    let label_width = charts.by_category.iter().map(|(l, _)| l.width()).max().unwrap_or(0).min(16) as u16 + 1;
    let max = charts.by_category.iter().flat_map(|(_, w)| w.iter().copied()).max().unwrap_or(1);
    let bars = if theme.ascii { ascii_bars() } else { ratatui::symbols::bar::NINE_LEVELS };
    for (row, (label, weeks)) in charts.by_category.iter().take(usize::from(inner.height)).enumerate() {
        let y = inner.y + row as u16;
        let total: u64 = weeks.iter().sum();
        let [name, spark, sum] = Layout::horizontal([
            Constraint::Length(label_width),
            Constraint::Length(weeks.len() as u16 + 1),
            Constraint::Min(0),
        ])
        .areas(Rect { y, height: 1, ..inner });
        frame.render_widget(Paragraph::new(fit(label, usize::from(label_width) - 1)), name);
        frame.render_widget(
            Sparkline::default().data(weeks.clone()).max(max).bar_set(bars.clone()).style(theme.header()),
            spark,
        );
        let last = weeks.last().copied().unwrap_or(0);
        frame.render_widget(
            Paragraph::new(
                lang.t_with("ov.chart.weekly_sum", &[("n", &total.to_string()), ("last", &last.to_string())]),
            ),
            sum,
        );
    }
}

fn ascii_bars() -> ratatui::symbols::bar::Set<'static> {
    ratatui::symbols::bar::Set {
        full: "#",
        seven_eighths: "#",
        three_quarters: "#",
        five_eighths: "=",
        half: "=",
        three_eighths: "-",
        one_quarter: "-",
        one_eighth: ".",
        empty: " ",
    }
}

/// Points of a monthly series (months without a figure left out), in percent.
fn points(values: &[Option<f64>]) -> Vec<(f64, f64)> {
    values.iter().enumerate().filter_map(|(i, v)| v.map(|v| (i as f64, v * 100.0))).collect()
}

/// Months whose value is below `target`, as `2026-03 84.0%`.
fn misses(lang: Lang, months: &[String], values: &[Option<f64>], target: f64) -> Vec<String> {
    let last = months.len().saturating_sub(1);
    months
        .iter()
        .zip(values)
        .enumerate()
        .filter_map(|(n, (m, v))| {
            // The newest month is this month, still partial: its figure is only so far.
            let so_far = if n == last { lang.t("ov.so_far").into_owned() } else { String::new() };
            v.filter(|v| *v < target - 1e-9).map(|v| format!("{m}{so_far} {}", percent(Some(v))))
        })
        .collect()
}

/// A monthly line chart of two rates with a target line, and the months that missed it
/// listed under it with ✗; the second rate's months are checked against its own target when it
/// has one (named in the title when it differs from the line's).
#[allow(clippy::too_many_arguments)]
fn monthly_chart(
    frame: &mut Frame,
    app: &App,
    area: Rect,
    title: String,
    months: &[String],
    first: (&str, &[Option<f64>]),
    second: (&str, &[Option<f64>]),
    target: f64,
    second_target: Option<f64>,
) {
    let theme = app.theme;
    let lang = app.lang;
    let target_name = format!("⠒ {} {:.0}%", lang.t("ov.target"), target * 100.0);
    let first_name = format!("• {}", first.0);
    let second_name = match second_target {
        Some(own) if (own - target).abs() > 1e-9 => format!("█ {} {:.0}%", second.0, own * 100.0),
        _ => format!("█ {}", second.0),
    };
    let block = chart_block(theme, format!("{title}: {first_name}  {second_name}  {target_name}"));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 4 || months.is_empty() {
        return;
    }
    let second_misses = second_target.map(|own| misses(lang, months, second.1, own)).unwrap_or_default();
    let missed: Vec<String> = misses(lang, months, first.1, target)
        .into_iter()
        .map(|m| format!("{} {m}", first.0))
        .chain(second_misses.into_iter().map(|m| format!("{} {m}", second.0)))
        .collect();
    let [chart_area, miss_area] = Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(inner);
    let first_points = points(first.1);
    let second_points = points(second.1);
    let last = (months.len() - 1) as f64;
    let target_points = [(0.0, target * 100.0), (last, target * 100.0)];
    let datasets = vec![
        Dataset::default()
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(theme.dim())
            .data(&target_points),
        Dataset::default()
            .marker(Marker::Dot)
            .graph_type(GraphType::Line)
            .style(theme.header())
            .data(&first_points),
        Dataset::default()
            .marker(Marker::Block)
            .graph_type(GraphType::Scatter)
            .style(theme.good())
            .data(&second_points),
    ];
    let low = first_points
        .iter()
        .chain(&second_points)
        .map(|p| p.1)
        .fold(target * 100.0, f64::min)
        .floor()
        .clamp(0.0, 90.0);
    let low = (low / 10.0).floor() * 10.0;
    let x_labels = vec![
        Line::from(months.first().cloned().unwrap_or_default()),
        Line::from(months.last().cloned().unwrap_or_default()),
    ];
    let chart = Chart::new(datasets)
        .x_axis(Axis::default().bounds([0.0, last]).labels(x_labels).style(theme.dim()))
        .y_axis(
            Axis::default()
                .bounds([low, 100.0])
                .labels(vec![Line::from(format!("{low:.0}%")), Line::from("100%")])
                .style(theme.dim()),
        )
        .legend_position(None);
    frame.render_widget(chart, chart_area);
    let text = if missed.is_empty() {
        Span::styled(format!("✓ {}", lang.t("ov.no_misses")), theme.good())
    } else {
        Span::styled(format!("✗ {}", missed.join(" · ")), theme.alert())
    };
    frame.render_widget(Paragraph::new(Line::from(text)), miss_area);
}

fn draw_rates(frame: &mut Frame, app: &App, charts: &Charts, area: Rect) {
    let lang = app.lang;
    let response = lang.t("kpi.short.response_rate").into_owned();
    let satisfaction = lang.t("kpi.short.complaint_satisfaction").into_owned();
    // One target line, the response target; satisfaction's months are checked against its own.
    monthly_chart(
        frame,
        app,
        area,
        lang.t("ov.chart.rates").into_owned(),
        &charts.months,
        (&response, &charts.response),
        (&satisfaction, &charts.satisfaction),
        charts.response_target,
        Some(charts.satisfaction_target),
    );
}

fn draw_money(frame: &mut Frame, app: &App, charts: &Charts, area: Rect) {
    let lang = app.lang;
    let collection = lang.t("ov.collection").into_owned();
    let vacancy = lang.t("ov.vacancy").into_owned();
    let latest = charts.vacancy.iter().rev().find_map(|v| *v);
    let title = lang.t_with("ov.chart.money", &[("vacancy", &percent(latest))]);
    monthly_chart(
        frame,
        app,
        area,
        title,
        &charts.months,
        (&collection, &charts.collection),
        (&vacancy, &charts.vacancy),
        charts.collection_target,
        None,
    );
}

/// The funnel: prospects reaching each stage this year, as horizontal bars with their count
/// and the share of the first stage.
fn draw_funnel(frame: &mut Frame, app: &App, charts: &Charts, area: Rect) {
    let theme = app.theme;
    let lang = app.lang;
    let block =
        chart_block(theme, lang.t_with("ov.chart.funnel", &[("year", &charts.funnel_year.to_string())]));
    let top = charts.funnel.first().map_or(0, |(_, n)| *n).max(1);
    let bars: Vec<Bar> = charts
        .funnel
        .iter()
        .map(|(label, n)| {
            Bar::default()
                .label(Line::from(label.clone()))
                .value(*n)
                .text_value(format!("{n} ({:.0}%)", *n as f64 * 100.0 / top as f64))
                .style(theme.header())
                .value_style(theme.base())
        })
        .collect();
    let chart = BarChart::default()
        .block(block)
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .bar_set(if theme.ascii { ascii_bars() } else { ratatui::symbols::bar::NINE_LEVELS })
        .data(BarGroup::default().bars(&bars))
        .style(Style::default());
    frame.render_widget(chart, area);
}
