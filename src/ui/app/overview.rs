//! The overview screen inside the desk: showing it, moving between its figures, opening the
//! records behind one (the list filtered to exactly those), and asking the query worker for
//! its figures and charts.

use super::{App, Focus};
use crate::ui::action::Named;
use crate::ui::tabs::Tab;
use crate::ui::worker::Job;

impl App {
    /// Shows the overview; its figures are read after the frame unless they are current.
    pub(super) fn show_overview(&mut self) {
        self.on_overview = true;
        self.focus = Focus::List;
        if !self.overview.fresh {
            self.overview.figures_pending = true;
            self.overview.charts_pending = true;
        }
        self.remember("tab", "overview");
    }

    /// The figures on screen may be out of date: read them again when the overview shows.
    pub(super) fn overview_stale(&mut self) {
        self.overview.fresh = false;
        if self.on_overview {
            self.overview.figures_pending = true;
            self.overview.charts_pending = true;
        }
    }

    /// A key on the overview; `false` when it is not the overview's to answer.
    pub(super) fn overview_action(&mut self, action: Named) -> bool {
        let figures = self.overview.shown(|| self.fetch_context()).into_owned();
        match action {
            Named::Up => self.overview.move_by(&figures, -1, 0),
            Named::Down => self.overview.move_by(&figures, 1, 0),
            Named::PageUp => self.overview.move_by(&figures, -8, 0),
            Named::PageDown => self.overview.move_by(&figures, 8, 0),
            Named::First => {
                self.overview.selected = (0, 0);
                self.overview.move_by(&figures, 0, 0);
            }
            Named::Last => self.overview.move_by(&figures, i64::from(u16::MAX), 0),
            Named::Left => self.overview.move_by(&figures, 0, -1),
            Named::Right => self.overview.move_by(&figures, 0, 1),
            Named::OpenLink | Named::Accept => match self.overview.chosen(&figures).cloned() {
                Some(figure) if figure.rows.is_some() => self.open_figure(&figure.target),
                Some(_) => self.info("ov.still_reading"),
                None => {}
            },
            Named::Refresh => {
                self.load_staff();
                self.overview_stale();
                self.info("msg.refreshed");
            }
            Named::NextTab => self.switch_tab(Tab::all()[0]),
            Named::PrevTab => self.switch_tab(*Tab::all().last().expect("tabs")),
            _ => return false,
        }
        true
    }

    /// Opens the list behind a figure: the tab with exactly the records counted. Esc (or any
    /// other filter) goes back to the tab's own filter.
    fn open_figure(&mut self, target: &crate::ui::overview::Target) {
        let ctx = self.fetch_context();
        let label = crate::ui::overview::describe(target, ctx.lang, ctx.clock);
        let state = self.tabs.get_mut(&target.tab).expect("tab state");
        if state.drilled_from.is_none() {
            state.drilled_from = Some(state.filter.clone());
        }
        state.filter = target.filter();
        state.drill_label = Some(label);
        self.on_overview = false;
        self.tab = target.tab;
        self.focus = Focus::List;
        self.search = self.search_box("");
        self.figures_pending = !self.figures_fresh.contains(&target.tab);
        self.reload();
    }

    /// Leaves a list opened from the overview: the tab's own filter comes back.
    pub(super) fn leave_drill(&mut self) -> bool {
        let state = self.current_mut();
        let Some(filter) = state.drilled_from.take() else { return false };
        state.filter = filter;
        state.drill_label = None;
        self.search = self.search_box(&self.current().filter.text.clone());
        self.reload();
        true
    }

    /// Asks the worker for the overview's figures and charts when they are due.
    pub(super) fn ask_overview(&mut self) -> bool {
        let mut shown = false;
        if std::mem::take(&mut self.overview.figures_pending) {
            shown |= self.ask(Job::Overview);
        }
        if std::mem::take(&mut self.overview.charts_pending) {
            shown |= self.ask(Job::Charts);
        }
        self.overview.fresh = true;
        shown
    }
}
