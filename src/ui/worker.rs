//! The query worker: a plain `std::thread` with its own read-only connection that reads what a
//! tab shows beside its first page — a list's count, this month's KPIs and early warning, the
//! key customers still to call. The UI thread sends a [`Request`] and goes on answering keys;
//! each [`Reply`] names the request it answers, and the desk keeps a reply only while that
//! request is still the latest of its kind (see `App::receive`), so a slow answer to an old
//! filter or an old version of the data is dropped, never shown.

use std::path::Path;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};

use crate::config::Settings;
use crate::domain::kpi::{Kpi, Period};
use crate::store::{Result, Store};
use crate::ui::tabs::{FetchContext, Tab, TabFilter};

/// What to read.
#[derive(Debug, Clone)]
pub enum Job {
    /// The tab list's row count for `filter` (capped for a text search, see `count_for_list`).
    Count { filter: TabFilter },
    /// The figures the tab shows above its list.
    Figures,
    /// The overview's figures (queues and KPIs).
    Overview,
    /// The overview's charts (trends over weeks and months).
    Charts,
}

/// Requests of the same kind for the same tab replace each other: only the newest counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobKind {
    Count,
    Figures,
    Overview,
    Charts,
}

impl Job {
    pub fn kind(&self) -> JobKind {
        match self {
            Job::Count { .. } => JobKind::Count,
            Job::Figures => JobKind::Figures,
            Job::Overview => JobKind::Overview,
            Job::Charts => JobKind::Charts,
        }
    }
}

/// One question to the worker, numbered by the desk.
#[derive(Clone)]
pub struct Request {
    pub id: u64,
    pub tab: Tab,
    pub job: Job,
    /// The desk's `PRAGMA data_version` when it asked: a reply to an older version is stale.
    pub data_version: i64,
    pub ctx: FetchContext,
}

/// The answer to request `id`.
#[derive(Debug)]
pub struct Reply {
    pub id: u64,
    pub tab: Tab,
    pub kind: JobKind,
    pub data_version: i64,
    pub result: Result<Answer>,
}

impl Reply {
    pub fn to(request: &Request, result: Result<Answer>) -> Reply {
        Reply {
            id: request.id,
            tab: request.tab,
            kind: request.job.kind(),
            data_version: request.data_version,
            result,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Count {
        total: u64,
        exact: bool,
    },
    Figures(Figures),
    Overview(Box<crate::ui::overview::Figures>),
    Charts(Box<crate::ui::overview::Charts>),
    /// Not read: a newer request of the same kind came before the worker got to it.
    Superseded,
}

/// The figures above a tab's list; `None` where the tab shows none of that kind.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    /// This month's service KPIs (Complaints).
    pub kpis: Option<Vec<Kpi>>,
    /// The complaints early warning line (Complaints).
    pub warning: Option<Option<String>>,
    /// Key customers still to call back, and how many are overdue (Callbacks).
    pub key_customers: Option<(u64, u64)>,
}

/// Answers one request on `store`: the same code runs on the worker and, for an in-memory
/// database that a second connection cannot see, inline on the desk.
pub fn answer(store: &Store, request: &Request) -> Result<Answer> {
    let ctx = &request.ctx;
    match &request.job {
        Job::Count { filter } => {
            let (total, exact) = request.tab.source().count(store, ctx, filter, false)?;
            Ok(Answer::Count { total, exact })
        }
        Job::Figures => Ok(Answer::Figures(figures(store, &ctx.settings, ctx, request.tab)?)),
        Job::Overview => Ok(Answer::Overview(Box::new(crate::ui::overview::figures(store, ctx)?))),
        Job::Charts => Ok(Answer::Charts(Box::new(crate::ui::overview::charts(store, ctx)?))),
    }
}

fn figures(store: &Store, settings: &Settings, ctx: &FetchContext, tab: Tab) -> Result<Figures> {
    let mut figures = Figures::default();
    match tab {
        Tab::Complaints => {
            let period = Period::month_of(ctx.today);
            figures.kpis = Some(crate::report::kpi::kpis(store, settings, period)?);
            figures.warning = Some(crate::ui::tabs::warning_line(store, ctx)?);
        }
        Tab::Callbacks => {
            use crate::domain::callback::{Callback, CallbackStatus};
            use crate::store::callbacks::CallbackFilter;
            let open =
                CallbackFilter { key_only: true, status: Some(CallbackStatus::Open), ..Default::default() };
            let overdue = CallbackFilter { due_before: Some(ctx.now), ..open.clone() };
            let repo = store.repo::<Callback>();
            figures.key_customers = Some((repo.count(&open)?, repo.count(&overdue)?));
        }
        Tab::Prospects | Tab::Leases | Tab::Meetings | Tab::Directory => {}
    }
    Ok(figures)
}

/// The desk's end of the worker.
pub struct Worker {
    requests: Sender<Request>,
    replies: Receiver<Reply>,
}

impl Worker {
    /// Starts the worker on its own read-only connection to `path`.
    pub fn start(path: &Path, settings: Settings) -> Result<Worker> {
        let mut store = Store::open_read_only(path)?;
        store.set_settings(settings);
        let (requests, inbox) = mpsc::channel::<Request>();
        let (outbox, replies) = mpsc::channel::<Reply>();
        std::thread::Builder::new()
            .name("malldesk-queries".into())
            .spawn(move || serve(&store, &inbox, &outbox))
            .map_err(crate::store::StoreError::from)?;
        Ok(Worker { requests, replies })
    }

    /// Queues a request; `false` when the worker is gone (the desk then answers inline).
    pub fn send(&self, request: Request) -> bool {
        self.requests.send(request).is_ok()
    }

    /// The replies that arrived, without waiting.
    pub fn try_replies(&self) -> Vec<Reply> {
        std::iter::from_fn(|| self.replies.try_recv().ok()).collect()
    }

    /// Waits up to `timeout` for the next reply (tests, and the event loop's idle wait).
    pub fn wait(&self, timeout: std::time::Duration) -> Option<Reply> {
        self.replies.recv_timeout(timeout).ok()
    }
}

/// Answers requests until the desk hangs up. Requests that queued up while one was being
/// answered are thinned first: of several of the same kind for the same tab only the newest
/// is answered, the older ones could only be dropped by the desk anyway.
fn serve(store: &Store, inbox: &Receiver<Request>, outbox: &Sender<Reply>) {
    let mut queue: Vec<Request> = Vec::new();
    loop {
        if queue.is_empty() {
            match inbox.recv() {
                Ok(request) => queue.push(request),
                Err(_) => return,
            }
        }
        loop {
            match inbox.try_recv() {
                Ok(request) => queue.push(request),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => return,
            }
        }
        let (request, superseded) = newest_first_in_line(&mut queue);
        for old in superseded {
            if outbox.send(Reply::to(&old, Ok(Answer::Superseded))).is_err() {
                return;
            }
        }
        let result = answer(store, &request);
        if outbox.send(Reply::to(&request, result)).is_err() {
            return;
        }
    }
}

/// Takes out every request a newer one of the same kind and tab replaces (they are answered
/// "superseded", so the desk knows they are done), then the oldest survivor to answer (so a
/// tab's count is not starved by a stream of figures).
fn newest_first_in_line(queue: &mut Vec<Request>) -> (Request, Vec<Request>) {
    let mut kept: Vec<Request> = Vec::with_capacity(queue.len());
    let mut superseded = Vec::new();
    for request in queue.drain(..).rev() {
        if kept.iter().any(|k| k.tab == request.tab && k.job.kind() == request.job.kind()) {
            superseded.push(request);
        } else {
            kept.push(request);
        }
    }
    kept.reverse();
    let first = kept.remove(0);
    *queue = kept;
    (first, superseded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(id: u64, tab: Tab, job: Job) -> Request {
        let ctx = FetchContext {
            lang: crate::ui::i18n::Lang::En,
            now: chrono::Utc::now(),
            today: chrono::Utc::now().date_naive(),
            clock: Default::default(),
            settings: Settings::default(),
            staff_names: Default::default(),
            scripts: Default::default(),
            operator: String::new(),
            quick: 0,
            whole: false,
        };
        Request { id, tab, job, data_version: 0, ctx }
    }

    #[test]
    fn queued_requests_keep_only_the_newest_of_each_kind() {
        let count = |text: &str| Job::Count { filter: TabFilter { text: text.into(), ..Default::default() } };
        let mut queue = vec![
            request(1, Tab::Complaints, count("a")),
            request(2, Tab::Complaints, Job::Figures),
            request(3, Tab::Complaints, count("ab")),
            request(4, Tab::Callbacks, count("")),
            request(5, Tab::Complaints, count("abc")),
        ];
        let (first, mut superseded) = newest_first_in_line(&mut queue);
        superseded.sort_by_key(|r| r.id);
        assert_eq!(first.id, 2);
        assert_eq!(superseded.iter().map(|r| r.id).collect::<Vec<_>>(), vec![1, 3]);
        let ids: Vec<u64> =
            std::iter::from_fn(|| (!queue.is_empty()).then(|| newest_first_in_line(&mut queue).0.id))
                .collect();
        assert_eq!(ids, vec![4, 5]);
    }
}
