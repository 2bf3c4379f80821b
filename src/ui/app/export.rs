//! Exporting the list in view (x: Excel, X: CSV): every row as filtered and searched, written
//! on a thread of its own with its own read-only connection, so the desk keeps answering keys;
//! the status line shows how far it got and then names the file.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};

use super::{App, Message, MessageKind};
use crate::store::Store;
use crate::transfer::Format;
use crate::transfer::export::{self, ExportError};

enum Event {
    Progress(u64, u64),
    Finished(Result<u64, String>),
}

/// An export under way. Dropping it (the desk quits) stops it and removes its partial file.
pub struct ExportJob {
    events: Receiver<Event>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
    path: PathBuf,
}

impl Drop for ExportJob {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl App {
    /// Starts writing the current list to a new file in the exports folder.
    pub(super) fn start_export(&mut self, format: Format) {
        if self.on_overview {
            return self.info("msg.export_from_a_list");
        }
        if self.export.is_some() {
            return self.info("msg.export_running");
        }
        let tab = self.tab;
        let filter = self.current().filter.clone();
        let ctx = self.fetch_context();
        let path = self.exports_dir.join(export::file_name(tab, &ctx, format));
        if let Err(error) = std::fs::create_dir_all(&self.exports_dir) {
            return self.error(&error.into());
        }
        let (sender, events) = std::sync::mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let failed = sender.clone();
        let lang = ctx.lang;
        let run = {
            let (path, stop) = (path.clone(), stop.clone());
            move |store: &Store| {
                let progress_sender = sender.clone();
                let result =
                    export::export_list(store, &ctx, tab, &filter, &path, format, &mut |done, total| {
                        let _ = progress_sender.send(Event::Progress(done, total));
                        !stop.load(Ordering::SeqCst)
                    });
                let _ = sender.send(Event::Finished(result.map_err(|e| match e {
                    ExportError::Store(error) => error.message(ctx.lang.code()),
                    other => other.to_string(),
                })));
            }
        };
        let thread = match self.store.path().map(std::path::Path::to_path_buf) {
            Some(db) => Some(std::thread::spawn(move || match Store::open_read_only(&db) {
                Ok(store) => run(&store),
                Err(error) => {
                    let _ = failed.send(Event::Finished(Err(error.message(lang.code()))));
                }
            })),
            None => {
                // An in-memory database (tests) is not visible to another connection.
                run(&self.store);
                None
            }
        };
        self.export = Some(ExportJob { events, stop, thread, path });
        self.info("msg.export_started");
        self.poll_export();
    }

    /// Takes the export's news: progress into the status line, then the file's name.
    pub(super) fn poll_export(&mut self) -> bool {
        let Some(job) = &self.export else { return false };
        let mut latest = None;
        let finished = loop {
            match job.events.try_recv() {
                Ok(Event::Progress(done, total)) => latest = Some((done, total)),
                Ok(Event::Finished(result)) => break Some(result),
                Err(TryRecvError::Empty) => break None,
                Err(TryRecvError::Disconnected) => break Some(Err("the export stopped".into())),
            }
        };
        // The file's name first: at 80 columns the status line keeps it and cuts the folder.
        let file = job.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let folder = job.path.parent().map(|d| d.display().to_string()).unwrap_or_default();
        match finished {
            Some(result) => {
                self.export = None;
                self.message = Some(match result {
                    Ok(rows) => Message {
                        text: self.lang.t_with(
                            "msg.export_done",
                            &[("rows", &rows.to_string()), ("file", &file), ("folder", &folder)],
                        ),
                        kind: MessageKind::Info,
                    },
                    Err(error) => Message {
                        text: self.lang.t_with("msg.export_failed", &[("error", &error)]),
                        kind: MessageKind::Error,
                    },
                });
                true
            }
            None => match latest {
                Some((done, total)) => {
                    let text = self.lang.t_with(
                        "msg.export_progress",
                        &[("done", &done.to_string()), ("total", &total.to_string()), ("file", &file)],
                    );
                    self.message = Some(Message { text, kind: MessageKind::Info });
                    true
                }
                None => false,
            },
        }
    }

    pub(super) fn exporting(&self) -> bool {
        self.export.is_some()
    }
}
