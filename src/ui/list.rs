//! A list that never loads a whole table: it holds a window of rows around the selection and
//! fetches neighbouring keyset pages as the selection moves, so 500,000 complaints scroll like
//! 50. Positions are counted from the top as the window moves; the total comes from a count.

use super::tabs::RowView;
use crate::store::{Cursor, Page, PageRequest, Result};

/// Rows fetched at a time.
pub const PAGE: usize = 60;
/// Rows kept around the selection before the far end is dropped.
const MAX_WINDOW: usize = 5 * PAGE;

#[derive(Debug, Clone, Default)]
pub struct ListWindow {
    pub rows: Vec<RowView>,
    cursors: Vec<Cursor>,
    /// Position (from 0) of `rows[0]` in the whole list.
    pub start: u64,
    /// Position of the selected row.
    pub selected: u64,
    pub total: u64,
    more_before: bool,
    more_after: bool,
    /// Position of the first row on screen.
    pub top: u64,
    /// Rows the screen shows.
    pub height: u16,
    pub loaded: bool,
    /// `false` while `total` is only "more than" (a text search counts up to a cap).
    pub total_exact: bool,
}

impl ListWindow {
    pub fn set_total_exact(&mut self, exact: bool) {
        self.total_exact = exact || !self.more_after;
        if !self.more_after {
            self.total = self.start + self.rows.len() as u64;
        }
    }

    /// `48,210`, or `1,000+` while the total is only a lower bound.
    pub fn total_text(&self) -> String {
        let text =
            super::view::thousands(if self.total_exact { self.total } else { self.total.saturating_sub(1) });
        if self.total_exact { text } else { format!("{text}+") }
    }

    pub fn selected_row(&self) -> Option<&RowView> {
        self.selected.checked_sub(self.start).and_then(|i| self.rows.get(i as usize))
    }

    /// Rows on screen with their positions.
    pub fn visible(&self) -> impl Iterator<Item = (u64, &RowView)> {
        let from = self.top.saturating_sub(self.start) as usize;
        let count = usize::from(self.height.max(1));
        self.rows.iter().enumerate().skip(from).take(count).map(|(i, row)| (self.start + i as u64, row))
    }

    /// Starts over at the top with `page` (the first page) and the list's `total`.
    pub fn reset(&mut self, total: u64, page: Page<RowView>) {
        self.total = total.max(page.rows.len() as u64);
        self.total_exact = true;
        self.start = 0;
        self.selected = 0;
        self.top = 0;
        self.set_page(page);
        self.loaded = true;
    }

    /// Starts at the bottom with `page` (the last page).
    pub fn reset_at_end(&mut self, total: u64, page: Page<RowView>) {
        let len = page.rows.len() as u64;
        self.total = total.max(len);
        self.total_exact = true;
        self.start = self.total - len;
        self.selected = self.total.saturating_sub(1);
        self.set_page(page);
        self.keep_visible();
    }

    fn set_page(&mut self, page: Page<RowView>) {
        self.rows = page.rows;
        self.cursors = page.cursors;
        self.more_before = page.more_before;
        self.more_after = page.more_after;
    }

    /// Moves the selection to `target` (clamped), fetching pages on the way.
    pub fn select(
        &mut self,
        target: u64,
        fetch: &mut dyn FnMut(PageRequest) -> Result<Page<RowView>>,
    ) -> Result<()> {
        if self.rows.is_empty() {
            self.selected = 0;
            return Ok(());
        }
        // Past a lower-bound total the list goes on as long as pages come.
        let target = if self.total_exact { target.min(self.total.saturating_sub(1)) } else { target };
        while target >= self.start + self.rows.len() as u64 && self.more_after {
            let cursor = self.cursors.last().cloned().expect("rows have cursors");
            let page = fetch(PageRequest::after(cursor, PAGE))?;
            self.more_after = page.more_after;
            if page.rows.is_empty() {
                break;
            }
            self.rows.extend(page.rows);
            self.cursors.extend(page.cursors);
            self.trim_front(target);
        }
        while target < self.start && self.more_before {
            let cursor = self.cursors.first().cloned().expect("rows have cursors");
            let page = fetch(PageRequest::before(cursor, PAGE))?;
            self.more_before = page.more_before;
            let added = page.rows.len() as u64;
            if added == 0 {
                break;
            }
            self.start = self.start.saturating_sub(added);
            let mut rows = page.rows;
            rows.append(&mut self.rows);
            self.rows = rows;
            let mut cursors = page.cursors;
            cursors.append(&mut self.cursors);
            self.cursors = cursors;
            self.trim_back(target);
        }
        let last = self.start + self.rows.len() as u64 - 1;
        if !self.more_after {
            // The end of the list is in the window: its true length is known.
            self.total = last + 1;
            self.total_exact = true;
        } else if !self.total_exact {
            self.total = self.total.max(last + 2);
        }
        self.selected = target.clamp(self.start, last);
        self.keep_visible();
        Ok(())
    }

    fn trim_front(&mut self, target: u64) {
        let excess = self.rows.len().saturating_sub(MAX_WINDOW);
        let keep_from = (target.saturating_sub(self.start) as usize).saturating_sub(PAGE);
        let drop = excess.min(keep_from);
        if drop > 0 {
            self.rows.drain(..drop);
            self.cursors.drain(..drop);
            self.start += drop as u64;
            self.more_before = true;
        }
    }

    fn trim_back(&mut self, target: u64) {
        let excess = self.rows.len().saturating_sub(MAX_WINDOW);
        let keep_to = target.saturating_sub(self.start) as usize + PAGE;
        let drop = excess.min(self.rows.len().saturating_sub(keep_to + 1));
        if drop > 0 {
            self.rows.truncate(self.rows.len() - drop);
            self.cursors.truncate(self.cursors.len() - drop);
            self.more_after = true;
        }
    }

    /// Scrolls so the selection is on screen.
    fn keep_visible(&mut self) {
        let height = u64::from(self.height.max(1));
        if self.selected < self.top {
            self.top = self.selected;
        } else if self.selected >= self.top + height {
            self.top = self.selected + 1 - height;
        }
    }

    pub fn set_height(&mut self, height: u16) {
        self.height = height;
        self.keep_visible();
    }

    /// Reads the rows around the selection again (after a change), keeping the selected record
    /// when it is still in the list.
    pub fn refresh(
        &mut self,
        total: u64,
        fetch: &mut dyn FnMut(PageRequest) -> Result<Page<RowView>>,
    ) -> Result<()> {
        let selected_id = self.selected_row().map(|r| r.id);
        let offset_on_screen = self.selected.saturating_sub(self.top);
        let Some(cursor) =
            self.selected.checked_sub(self.start).and_then(|i| self.cursors.get(i as usize)).cloned()
        else {
            let page = fetch(PageRequest::first(PAGE))?;
            self.reset(total, page);
            return Ok(());
        };
        let above_wanted = (self.selected - self.start).min(PAGE as u64) as usize;
        let above =
            if above_wanted > 0 { fetch(PageRequest::before(cursor, above_wanted))? } else { Page::empty() };
        let page = match above.cursors.last() {
            Some(last_above) => fetch(PageRequest::after(last_above.clone(), PAGE))?,
            None => fetch(PageRequest::first(PAGE))?,
        };
        let above_len = above.rows.len() as u64;
        let at_top = above.rows.is_empty() || !above.more_before;
        self.start = if at_top { 0 } else { self.selected.saturating_sub(above_len) };
        let more_before = !at_top;
        let mut rows = above.rows;
        rows.extend(page.rows);
        let mut cursors = above.cursors;
        cursors.extend(page.cursors);
        self.rows = rows;
        self.cursors = cursors;
        self.more_before = more_before;
        self.more_after = page.more_after;
        self.total = total.max(self.start + self.rows.len() as u64);
        let found = selected_id.and_then(|id| self.rows.iter().position(|r| r.id == id));
        let index = found.unwrap_or(above_len as usize).min(self.rows.len().saturating_sub(1));
        self.selected = self.start + index as u64;
        self.top = self.selected.saturating_sub(offset_on_screen);
        self.keep_visible();
        Ok(())
    }
}

impl<T> Page<T> {
    pub fn empty() -> Self {
        Page { rows: Vec::new(), cursors: Vec::new(), more_after: false, more_before: false }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::types::Value;

    /// A list of `n` numbered rows served by keyset pages, like the store does.
    fn source(n: i64) -> impl FnMut(PageRequest) -> Result<Page<RowView>> {
        move |request: PageRequest| {
            let make = |i: i64| {
                (RowView { id: i, cells: vec![i.to_string()], alert: false }, Cursor(vec![Value::Integer(i)]))
            };
            let key = |c: &Cursor| match c.0[0] {
                Value::Integer(i) => i,
                _ => unreachable!(),
            };
            let (ids, more_after, more_before): (Vec<i64>, bool, bool) = if let Some(after) = &request.after {
                let from = key(after) + 1;
                let to = (from + request.limit as i64).min(n);
                ((from..to).collect(), to < n, true)
            } else if let Some(before) = &request.before {
                let to = key(before);
                let from = (to - request.limit as i64).max(0);
                ((from..to).collect(), true, from > 0)
            } else if request.from_end {
                let from = (n - request.limit as i64).max(0);
                ((from..n).collect(), false, from > 0)
            } else {
                let to = (request.limit as i64).min(n);
                ((0..to).collect(), to < n, false)
            };
            let (rows, cursors) = ids.into_iter().map(make).unzip();
            Ok(Page { rows, cursors, more_after, more_before })
        }
    }

    #[test]
    fn scrolls_through_a_long_list_keeping_a_bounded_window() {
        let mut fetch = source(10_000);
        let mut list = ListWindow { height: 20, ..Default::default() };
        list.reset(10_000, fetch(PageRequest::first(PAGE)).unwrap());
        for step in 1..=2000 {
            list.select(list.selected + 3, &mut fetch).unwrap();
            assert_eq!(list.selected_row().unwrap().id as u64, list.selected, "step {step}");
            assert!(list.rows.len() <= MAX_WINDOW + PAGE);
        }
        assert_eq!(list.selected, 6000);
        list.select(9_999, &mut fetch).unwrap();
        assert_eq!(list.selected_row().unwrap().id, 9_999);
        for _ in 0..500 {
            list.select(list.selected.saturating_sub(7), &mut fetch).unwrap();
            assert_eq!(list.selected_row().unwrap().id as u64, list.selected);
        }
        list.select(0, &mut fetch).unwrap();
        assert_eq!(list.selected_row().unwrap().id, 0);
        assert_eq!(list.top, 0);
    }

    #[test]
    fn end_and_refresh_keep_positions() {
        let mut fetch = source(1000);
        let mut list = ListWindow { height: 10, ..Default::default() };
        list.reset_at_end(1000, fetch(PageRequest::last(PAGE)).unwrap());
        assert_eq!((list.selected, list.selected_row().unwrap().id), (999, 999));
        assert_eq!(list.top, 990);
        list.select(500, &mut fetch).unwrap();
        list.refresh(1000, &mut fetch).unwrap();
        assert_eq!((list.selected, list.selected_row().unwrap().id), (500, 500));
        list.select(2, &mut fetch).unwrap();
        list.refresh(1000, &mut fetch).unwrap();
        assert_eq!((list.selected, list.start), (2, 0));
    }

    #[test]
    fn a_lower_bound_total_grows_as_pages_come_and_is_exact_at_the_end() {
        let mut fetch = source(2_500);
        let mut list = ListWindow { height: 20, ..Default::default() };
        list.reset(1_001, fetch(PageRequest::first(PAGE)).unwrap());
        list.set_total_exact(false);
        assert_eq!(list.total_text(), "1,000+");
        list.select(1_500, &mut fetch).unwrap();
        assert_eq!(list.selected_row().unwrap().id, 1_500, "past the counting cap");
        assert!(!list.total_exact && list.total > 1_500);
        for _ in 0..30 {
            list.select(list.selected + 60, &mut fetch).unwrap();
        }
        assert_eq!((list.selected, list.total, list.total_exact), (2_499, 2_500, true));
        assert_eq!(list.total_text(), "2,500");
    }

    #[test]
    fn empty_lists_select_nothing() {
        let mut fetch = source(0);
        let mut list = ListWindow { height: 10, ..Default::default() };
        list.reset(0, fetch(PageRequest::first(PAGE)).unwrap());
        list.select(5, &mut fetch).unwrap();
        assert!(list.selected_row().is_none());
        assert_eq!(list.visible().count(), 0);
    }
}
