//! Moving through a tab's list: reading it from the top or the end, again around the
//! selection, moving the selection, and the detail of the selected row.

use super::App;
use crate::store::PageRequest;
use crate::ui::list::PAGE;
use crate::ui::worker::JobKind;

impl App {
    /// Reads the current tab's list from the top (after a filter change). The first page is
    /// shown at once; unless it is the whole list, the count follows from the query worker
    /// (see `after_frame`), and any count still on its way for the old filter is dropped.
    pub fn reload(&mut self) {
        let ctx = self.fetch_context();
        let source = self.tab.source();
        let filter = self.current().filter.clone();
        self.forget(self.tab, JobKind::Count);
        match source.page(&self.store, &ctx, &filter, &PageRequest::first(PAGE)) {
            Ok(page) => {
                let exact = !page.more_after;
                let total = page.rows.len() as u64 + u64::from(page.more_after);
                let height = self.list_height();
                let state = self.current_mut();
                state.list.height = height;
                state.list.reset(total, page);
                state.list.set_total_exact(exact);
                self.count_pending = !exact;
                self.load_detail();
            }
            Err(error) => self.error(&error),
        }
    }

    /// Reads the rows around the selection again, keeping it; the count and the figures
    /// follow from the query worker.
    pub(super) fn refresh(&mut self) {
        let ctx = self.fetch_context();
        let source = self.tab.source();
        let filter = self.current().filter.clone();
        let store = &self.store;
        let state = self.tabs.get_mut(&self.tab).expect("tab state");
        let total = state.list.total;
        let result = state.list.refresh(total, &mut |request| source.page(store, &ctx, &filter, &request));
        match result {
            Ok(()) => {
                self.load_detail();
                self.count_pending = true;
                self.figures_fresh.clear();
                self.figures_pending = true;
            }
            Err(error) => self.error(&error),
        }
    }

    pub(super) fn select(&mut self, target: u64) {
        let ctx = self.fetch_context();
        let source = self.tab.source();
        let filter = self.current().filter.clone();
        let store = &self.store;
        let state = self.tabs.get_mut(&self.tab).expect("tab state");
        let before = state.list.selected_row().map(|r| r.id);
        let result = state.list.select(target, &mut |request| source.page(store, &ctx, &filter, &request));
        let after = state.list.selected_row().map(|r| r.id);
        match result {
            Ok(()) if before != after || self.current().detail.is_none() => self.load_detail(),
            Ok(()) => {}
            Err(error) => self.error(&error),
        }
    }

    pub(super) fn go_last(&mut self) {
        let ctx = self.fetch_context();
        let source = self.tab.source();
        let filter = self.current().filter.clone();
        // The end of the list needs its true length, even past a search's counting cap.
        let result = source.count(&self.store, &ctx, &filter, true).and_then(|total| {
            Ok((total, source.page(&self.store, &ctx, &filter, &PageRequest::last(PAGE))?))
        });
        match result {
            Ok(((total, _), page)) => {
                self.current_mut().list.reset_at_end(total, page);
                self.current_mut().list.set_total_exact(true);
                self.load_detail();
            }
            Err(error) => self.error(&error),
        }
    }

    pub(super) fn load_detail(&mut self) {
        self.link = 0;
        self.detail_scroll = 0;
        self.detail_follows_link = false;
        let id = self.current().list.selected_row().map(|r| r.id);
        let detail = match id {
            Some(id) => match self.tab.source().detail(&self.store, &self.fetch_context(), id) {
                Ok(detail) => Some(detail),
                Err(error) => {
                    self.error(&error);
                    None
                }
            },
            None => None,
        };
        self.current_mut().detail = detail;
    }

    pub(super) fn step(&mut self, delta: i64) {
        let selected = self.current().list.selected as i64;
        self.select((selected + delta).max(0) as u64);
    }
}
