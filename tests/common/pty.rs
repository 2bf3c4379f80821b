//! The real binary in a pseudo-terminal, read back through a terminal emulator: start it with
//! a private home, send keys as a person types, wait for text on the screen.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub const F2: &str = "\x1bOQ";
pub const F10: &str = "\x1b[21~";
pub const TAB: &str = "\t";
pub const BACKTAB: &str = "\x1b[Z";
pub const RIGHT: &str = "\x1b[C";
pub const ENTER: &str = "\r";

pub struct Session {
    pub parser: Arc<Mutex<vt100::Parser>>,
    pub writer: Box<dyn Write + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    pub master: Box<dyn MasterPty + Send>,
}

pub fn size(rows: u16, cols: u16) -> PtySize {
    PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }
}

impl Session {
    pub fn start(home: &Path, args: &[&str]) -> Session {
        Session::start_with(home, args, &[])
    }

    pub fn start_with(home: &Path, args: &[&str], env: &[(&str, &str)]) -> Session {
        let pair = native_pty_system().openpty(size(30, 100)).expect("a pseudo-terminal");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_malldesk"));
        command.args(args);
        command.env("TERM", "xterm-256color");
        command.env("XDG_DATA_HOME", home.join("data"));
        command.env("XDG_CONFIG_HOME", home.join("config"));
        command.env("LANG", "zh_CN.UTF-8");
        command.env("TZ", "UTC");
        for (name, value) in env {
            command.env(name, value);
        }
        let child = pair.slave.spawn_command(command).expect("malldesk starts");
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            NonZeroU16::new(30).unwrap(),
            NonZeroU16::new(100).unwrap(),
            0,
        )));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let sink = Arc::clone(&parser);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buffer[..n]);
            }
        });
        let writer = pair.master.take_writer().unwrap();
        Session { parser, writer, child, master: pair.master }
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `text`; fails the test with the screen otherwise.
    pub fn expect(&self, text: &str) {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(20) {
            if self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the screen never showed {text:?}:\n{}", self.screen());
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        // Let the desk read each key on its own, as a person types.
        std::thread::sleep(Duration::from_millis(60));
    }

    /// Resizes the emulator first, then the pseudo-terminal, so output drawn for the new
    /// size lands on a screen of that size.
    pub fn resize(&mut self, rows: u16, cols: u16) {
        self.parser.lock().unwrap().set_size(NonZeroU16::new(rows).unwrap(), NonZeroU16::new(cols).unwrap());
        self.master.resize(size(rows, cols)).unwrap();
    }

    pub fn quit(mut self) {
        self.send(F10);
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "malldesk exited with {status:?}:\n{}", self.screen());
                return;
            }
            assert!(started.elapsed() < Duration::from_secs(20), "malldesk did not quit:\n{}", self.screen());
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}
