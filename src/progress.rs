//! Progress of long work on the command line (demo, check, backup, restore, import, export): a
//! bar on a terminal, a plain line at every tenth when stderr is a file or a pipe, and Ctrl-C
//! turned into a flag the work checks between steps so it can remove what it half wrote.

use std::io::IsTerminal;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// Counted work: `done` of `total`.
pub struct Progress {
    what: String,
    bar: Option<indicatif::ProgressBar>,
    last_tenth: u64,
}

impl Progress {
    /// A bar on stderr when it is a terminal, plain lines otherwise.
    pub fn new(what: &str) -> Self {
        Self::with_terminal(what, std::io::stderr().is_terminal())
    }

    pub fn with_terminal(what: &str, on_terminal: bool) -> Self {
        let bar = on_terminal.then(|| {
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "malldesk: {msg} [{bar:30}] {human_pos}/{human_len} {elapsed} (about {eta} left)",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            bar.set_message(what.to_string());
            bar
        });
        Progress { what: what.to_string(), bar, last_tenth: 0 }
    }

    /// Names the next stage of the work (the demo's next table): the bar and the tenths restart.
    pub fn stage(&mut self, what: &str) {
        if self.what != what {
            self.what = what.to_string();
            self.last_tenth = 0;
            if let Some(bar) = &self.bar {
                bar.set_message(what.to_string());
                bar.reset();
            }
        }
    }

    pub fn update(&mut self, done: u64, total: u64) {
        match &self.bar {
            Some(bar) => {
                bar.set_length(total);
                bar.set_position(done);
            }
            None => {
                let tenth = (done * 10).checked_div(total).unwrap_or(10);
                if tenth > self.last_tenth {
                    self.last_tenth = tenth;
                    eprintln!("malldesk: {} {done}/{total}", self.what);
                }
            }
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// A spinner with the elapsed time for work that cannot be counted; hidden when stderr is not
/// a terminal (a script or a log gets only the result line).
pub fn spinner(what: &str) -> indicatif::ProgressBar {
    let spinner = indicatif::ProgressBar::new_spinner();
    spinner.set_style(
        indicatif::ProgressStyle::with_template("malldesk: {spinner} {msg} … {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    spinner.set_message(what.to_string());
    spinner.enable_steady_tick(std::time::Duration::from_millis(200));
    spinner
}

/// Set once Ctrl-C is pressed, from the first call on (before it, Ctrl-C ends the process as
/// usual). Work that writes files checks it between steps and removes its partial file.
pub fn interrupted() -> &'static AtomicBool {
    static FLAG: OnceLock<&'static AtomicBool> = OnceLock::new();
    FLAG.get_or_init(|| {
        let flag: &'static AtomicBool = Box::leak(Box::new(AtomicBool::new(false)));
        if let Err(error) = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst)) {
            tracing::warn!("Ctrl-C handler not installed: {error}");
        }
        flag
    })
}

/// Whether Ctrl-C was pressed since [`interrupted`] was first called.
pub fn stopped() -> bool {
    interrupted().load(Ordering::SeqCst)
}
