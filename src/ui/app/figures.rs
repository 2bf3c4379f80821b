//! The figures a tab shows beside its list — its count, this month's KPIs and the early warning
//! on the Complaints tab, the key customers still to call on the Callbacks tab — asked of the
//! query worker and taken from its replies; and printing a case.

use super::{App, Message, MessageKind};
use crate::ui::tabs::Tab;
use crate::ui::worker::{self, Answer, Job, JobKind, Reply, Request, Worker};

impl App {
    /// Writes the case's registration form to the exports folder and says where.
    pub(super) fn print_case(&mut self, id: i64) {
        let result = self.store.repo::<crate::domain::complaint::Complaint>().get(id).and_then(|case| {
            let text = crate::report::case::registration_form(&self.store, &case, self.lang)?;
            self.write_export(&format!("{}.txt", case.number), &text)
        });
        self.exported(result);
    }

    /// The meeting's sign-in sheet and minutes into the exports folder (F12 on Meetings).
    pub(super) fn print_meeting(&mut self, id: i64) {
        let result = self.store.repo::<crate::domain::meeting::Meeting>().get(id).and_then(|meeting| {
            let text = crate::report::meeting::sheet(&self.store, id, self.lang)?;
            let day = self.store.clock().day(meeting.starts_at);
            self.write_export(&format!("HY-{day}-{id}.txt"), &text)
        });
        self.exported(result);
    }

    fn write_export(&self, name: &str, text: &str) -> crate::store::Result<std::path::PathBuf> {
        let path = self.exports_dir.join(name);
        std::fs::create_dir_all(&self.exports_dir)?;
        std::io::Write::write_all(&mut crate::paths::create_private(&path)?, text.as_bytes())?;
        Ok(path)
    }

    fn exported(&mut self, result: crate::store::Result<std::path::PathBuf>) {
        match result {
            Ok(path) => {
                let text = self.lang.t_with("msg.exported", &[("path", &path.display().to_string())]);
                self.message = Some(Message { text, kind: MessageKind::Info });
            }
            Err(error) => self.error(&error),
        }
    }
}

/// Talking to the query worker.
impl App {
    /// Starts the query worker on its own read-only connection; an in-memory database (which
    /// a second connection cannot see) keeps answering inline.
    pub fn start_worker(&mut self) {
        if let Some(path) = self.store.path().map(std::path::Path::to_path_buf) {
            match Worker::start(&path, self.settings.clone()) {
                Ok(worker) => self.worker = Some(worker),
                Err(error) => tracing::warn!("query worker not started, answering inline: {error}"),
            }
        }
    }

    /// Sends `job` for the current tab to the worker, or answers it at once without one;
    /// `true` when the answer is already shown.
    pub(super) fn ask(&mut self, job: Job) -> bool {
        self.next_request += 1;
        let request = Request {
            id: self.next_request,
            tab: self.tab,
            job,
            data_version: self.seen_data_version,
            ctx: self.fetch_context(),
        };
        self.latest_request.insert((request.tab, request.job.kind()), request.id);
        if let Some(worker) = &self.worker {
            if worker.send(request.clone()) {
                self.awaiting += 1;
                return false;
            }
            self.worker = None;
        }
        let result = worker::answer(&self.store, &request);
        self.accept(Reply::to(&request, result))
    }

    /// Any answer of this kind for `tab` still on its way is stale from now on.
    pub(super) fn forget(&mut self, tab: Tab, kind: JobKind) {
        self.latest_request.remove(&(tab, kind));
    }

    /// Takes the worker's replies that arrived; `true` when something shown changed.
    pub fn receive(&mut self) -> bool {
        let replies = self.worker.as_ref().map(Worker::try_replies).unwrap_or_default();
        let mut changed = self.poll_export();
        for reply in replies {
            self.awaiting = self.awaiting.saturating_sub(1);
            changed |= self.accept(reply);
        }
        changed
    }

    /// Waits (up to `timeout`) until the worker has answered everything asked: for tests and
    /// benchmarks that need the figures on screen.
    pub fn wait_for_answers(&mut self, timeout: std::time::Duration) {
        let until = std::time::Instant::now() + timeout;
        while self.awaiting > 0 {
            let left = until.saturating_duration_since(std::time::Instant::now());
            let Some(reply) = self.worker.as_ref().and_then(|w| w.wait(left)) else { return };
            self.awaiting = self.awaiting.saturating_sub(1);
            self.accept(reply);
        }
    }

    /// After another desk's commit: says how many new rows sort outside the rows on screen.
    fn announce_arrivals(&mut self, tab: Tab, total: u64) {
        let Some(arrivals) = self.arrivals.take_if(|a| a.tab == tab) else { return };
        let arrived = total.saturating_sub(arrivals.total_before);
        if arrived > arrivals.in_view {
            let n = (arrived - arrivals.in_view).to_string();
            let text = self.lang.t_with("list.new_elsewhere", &[("n", &n)]);
            self.message = Some(Message { text, kind: MessageKind::Info });
        }
    }

    /// Shows a reply if it answers the newest request of its kind, asked on the data as it
    /// still is; drops it otherwise. `true` when it was shown.
    fn accept(&mut self, reply: Reply) -> bool {
        let newest = self.latest_request.get(&(reply.tab, reply.kind)) == Some(&reply.id);
        let superseded = matches!(reply.result, Ok(Answer::Superseded));
        if !newest || superseded || reply.data_version != self.seen_data_version {
            self.dropped_answers += 1;
            return false;
        }
        match reply.result {
            Ok(Answer::Superseded) => {}
            Ok(Answer::Count { total, exact }) => {
                // The count of this very filter and data: it replaces the estimate, but never
                // says fewer rows than the window already holds.
                let list = &mut self.tabs.get_mut(&reply.tab).expect("tab state").list;
                list.total = total.max(list.start + list.rows.len() as u64);
                list.set_total_exact(exact);
                let total = list.total;
                self.announce_arrivals(reply.tab, total);
            }
            Ok(Answer::Overview(figures)) => {
                self.overview.figures = Some(*figures);
                let figures = self.overview.figures.clone().expect("just read");
                self.overview.move_by(&figures, 0, 0);
            }
            Ok(Answer::Charts(charts)) => self.overview.charts = Some(*charts),
            Ok(Answer::Figures(figures)) => {
                if let Some(kpis) = figures.kpis {
                    self.kpis = kpis;
                }
                if let Some(warning) = figures.warning {
                    self.warning = warning;
                }
                if let Some(key_customers) = figures.key_customers {
                    self.key_customers = key_customers;
                }
            }
            Err(error) => self.error(&error),
        }
        true
    }
}
