//! Who has the database open for writing. Every read-write store holds a shared lock on a small
//! file beside the database (`malldesk.db.lock`) and writes there who it is; `malldesk restore`
//! takes the lock exclusively, so it cannot replace the file under a working desk and no desk
//! opens the file while it is being replaced. The lock goes with the process, even a crashed one.

use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// The lock file of the database at `db`.
pub fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".lock");
    db.with_file_name(name)
}

/// A desk's hold on the database; released when dropped or when the process ends. The last
/// holder to let go removes the file, so a closed desk leaves nothing beside the database.
#[derive(Debug)]
pub struct WriterLock {
    file: std::fs::File,
    path: PathBuf,
}

impl Drop for WriterLock {
    fn drop(&mut self) {
        // Only when no other desk holds it (the lock converts to exclusive).
        if self.file.try_lock().is_ok() {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Why the lock was not taken.
#[derive(Debug)]
pub enum Held {
    /// Someone else holds it: who, as they wrote it (process, operator, since when).
    By(String),
    Io(std::io::Error),
}

fn open(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

fn holder(file: &mut std::fs::File) -> String {
    let mut text = String::new();
    let _ = file.rewind().and_then(|_| file.read_to_string(&mut text));
    let text = text.trim();
    if text.is_empty() { "another malldesk".to_string() } else { text.to_string() }
}

/// A desk opening `db` for writing: shared with other desks, refused only during a restore.
pub fn for_desk(db: &Path, operator: &str) -> Result<WriterLock, Held> {
    let path = lock_path(db);
    let mut file = open(&path).map_err(Held::Io)?;
    match file.try_lock_shared() {
        Ok(()) => {
            let who = format!(
                "process {} ({}) since {}",
                std::process::id(),
                operator,
                chrono::Local::now().format("%Y-%m-%d %H:%M")
            );
            let _ = file.set_len(0).and_then(|_| file.rewind()).and_then(|_| file.write_all(who.as_bytes()));
            Ok(WriterLock { file, path })
        }
        Err(std::fs::TryLockError::WouldBlock) => Err(Held::By(holder(&mut file))),
        Err(std::fs::TryLockError::Error(error)) => Err(Held::Io(error)),
    }
}

/// The only holder of `db`'s lock (a restore): refused while any desk has it open for writing.
pub fn exclusive(db: &Path) -> Result<WriterLock, Held> {
    let path = lock_path(db);
    let mut file = open(&path).map_err(Held::Io)?;
    match file.try_lock() {
        Ok(()) => {
            let who = format!("malldesk restore, process {}", std::process::id());
            let _ = file.set_len(0).and_then(|_| file.rewind()).and_then(|_| file.write_all(who.as_bytes()));
            Ok(WriterLock { file, path })
        }
        Err(std::fs::TryLockError::WouldBlock) => Err(Held::By(holder(&mut file))),
        Err(std::fs::TryLockError::Error(error)) => Err(Held::Io(error)),
    }
}
