//! The terminal desk. The full five-tab desk arrives with the next issue; until then this is a
//! one-screen overview of the open database so `malldesk` starts, shows real figures and quits
//! cleanly, restoring the terminal on every exit path (ratatui's init installs a panic hook).

use std::time::Duration;

use anyhow::Result;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind};
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Row, Table};
use ratatui::{DefaultTerminal, Frame};

use crate::domain::callback::Callback;
use crate::domain::complaint::Complaint;
use crate::domain::lease::Lease;
use crate::domain::meeting::Meeting;
use crate::domain::prospect::Prospect;
use crate::store::{Entity, Store};

/// What the overview shows, read once per refresh (never while drawing).
struct Overview {
    title: String,
    counts: Vec<(&'static str, u64)>,
    read_only: bool,
}

fn count<E: Entity>(store: &Store) -> Result<u64> {
    Ok(store.repo::<E>().count(&Default::default())?)
}

impl Overview {
    fn load(store: &Store) -> Result<Overview> {
        let path = store.path().map(|p| p.display().to_string()).unwrap_or_default();
        Ok(Overview {
            title: format!("malldesk — {path} — {}", store.operator()),
            counts: vec![
                ("Prospects 招商客户", count::<Prospect>(store)?),
                ("Leases 租赁合同", count::<Lease>(store)?),
                ("Complaints 投诉报事", count::<Complaint>(store)?),
                ("Callbacks 回访", count::<Callback>(store)?),
                ("Meetings 会议签到", count::<Meeting>(store)?),
            ],
            read_only: store.is_read_only(),
        })
    }

    fn draw(&self, frame: &mut Frame) {
        let [top, body, footer] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0), Constraint::Length(1)])
                .areas(frame.area());
        let badge = if self.read_only { " [只读 READ-ONLY]" } else { "" };
        frame.render_widget(Line::from(format!("{}{badge}", self.title)).add_modifier(Modifier::BOLD), top);
        let rows = self.counts.iter().map(|(name, n)| Row::new(vec![name.to_string(), n.to_string()]));
        let table = Table::new(rows, [Constraint::Length(24), Constraint::Length(12)])
            .block(Block::bordered().title(" Records 记录 "))
            .header(Row::new(vec!["", "count 数量"]).style(Style::new().add_modifier(Modifier::BOLD)));
        frame.render_widget(table, body);
        frame.render_widget(Paragraph::new("F5 refresh 刷新   F10/q quit 退出"), footer);
    }
}

/// Runs the desk until the user quits.
pub fn run(store: &Store) -> Result<()> {
    let mut terminal = ratatui::init();
    let result = event_loop(&mut terminal, store);
    ratatui::restore();
    result
}

fn event_loop(terminal: &mut DefaultTerminal, store: &Store) -> Result<()> {
    let mut overview = Overview::load(store)?;
    let mut seen_version = store.data_version()?;
    loop {
        terminal.draw(|frame| overview.draw(frame))?;
        if event::poll(Duration::from_millis(1000))? {
            if let Event::Key(key) = event::read()?
                && key.kind == KeyEventKind::Press
            {
                match key.code {
                    KeyCode::Char('q') | KeyCode::F(10) | KeyCode::Esc => return Ok(()),
                    KeyCode::F(5) => overview = Overview::load(store)?,
                    _ => {}
                }
            }
        } else if store.data_version()? != seen_version {
            seen_version = store.data_version()?;
            overview = Overview::load(store)?;
        }
    }
}
