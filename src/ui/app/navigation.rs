//! Moving through a tab's list: reading it from the top or the end, again around the
//! selection, moving the selection, and the detail of the selected row.

use super::App;
use crate::store::PageRequest;
use crate::ui::list::PAGE;

impl App {
    /// Reads the current tab's list from the top (after a filter change). While searching, the
    /// first page is shown at once and the count follows after the frame (see `after_frame`).
    pub fn reload(&mut self) {
        let ctx = self.fetch_context();
        let source = self.tab.source();
        let filter = self.current().filter.clone();
        let searching = !filter.text.trim().is_empty() && filter.only_id.is_none();
        let result = source.page(&self.store, &ctx, &filter, &PageRequest::first(PAGE)).and_then(|page| {
            let total = if searching {
                (page.rows.len() as u64 + u64::from(page.more_after), !page.more_after)
            } else {
                source.count(&self.store, &ctx, &filter, false)?
            };
            Ok((total, page))
        });
        match result {
            Ok(((total, exact), page)) => {
                let height = self.list_height();
                let state = self.current_mut();
                state.list.height = height;
                state.list.reset(total, page);
                state.list.set_total_exact(exact);
                self.count_pending = searching && !exact;
                self.load_detail();
            }
            Err(error) => self.error(&error),
        }
    }

    /// Counts a searched list after its first page was drawn.
    pub(super) fn count_after_frame(&mut self) {
        let ctx = self.fetch_context();
        let filter = self.current().filter.clone();
        match self.tab.source().count(&self.store, &ctx, &filter, false) {
            Ok((total, exact)) => {
                let list = &mut self.current_mut().list;
                list.total = list.total.max(total);
                list.set_total_exact(exact);
            }
            Err(error) => self.error(&error),
        }
    }

    /// Reads the rows around the selection again, keeping it.
    pub(super) fn refresh(&mut self) {
        let ctx = self.fetch_context();
        let source = self.tab.source();
        let filter = self.current().filter.clone();
        let store = &self.store;
        let state = self.tabs.get_mut(&self.tab).expect("tab state");
        let result = source.count(store, &ctx, &filter, false).and_then(|(total, exact)| {
            state.list.refresh(total, &mut |request| source.page(store, &ctx, &filter, &request))?;
            state.list.set_total_exact(exact);
            Ok(())
        });
        match result {
            Ok(()) => {
                self.load_detail();
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
