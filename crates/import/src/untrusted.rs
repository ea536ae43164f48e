//! The bytes of a file nobody has vouched for: a regular file (or standard input, named `-`)
//! under the file-size limit. A FIFO, a device such as `/dev/zero` or a directory is refused
//! before it is read; nothing blocks on a pipe with no writer, nothing reads without end.

use crate::ImportError;
use crate::limits::{Limit, Limits};
use std::fs::{File, Metadata};
use std::io::Read;
use std::path::Path;

/// The name that means standard input.
pub const STDIN: &str = "-";

/// Reads `path` (or standard input for `-`) whole, within `limits`.
pub fn read(path: &Path, limits: &Limits) -> Result<Vec<u8>, ImportError> {
    if path.as_os_str() == STDIN {
        return read_limited(path, std::io::stdin().lock(), None, limits);
    }
    // stat before opening: opening some devices does something, and a FIFO may block
    let meta = std::fs::metadata(path).map_err(|e| ImportError::from_io(path, e))?;
    refuse_unless_regular(path, &meta)?;
    check_size(path, meta.len(), limits)?;
    let file = open_without_blocking(path)?;
    // the path may have been replaced between the stat and the open
    let meta = file.metadata().map_err(|e| ImportError::from_io(path, e))?;
    refuse_unless_regular(path, &meta)?;
    read_limited(path, file, Some(meta.len()), limits)
}

/// Reads at most the file-size limit from `reader`; one byte more is an error, not a cut.
pub fn read_limited(
    path: &Path,
    reader: impl Read,
    expected: Option<u64>,
    limits: &Limits,
) -> Result<Vec<u8>, ImportError> {
    let max = limits.get(Limit::FileBytes);
    let mut bytes = Vec::with_capacity(expected.unwrap_or(0).min(max) as usize);
    reader
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| ImportError::from_io(path, e))?;
    check_size(path, bytes.len() as u64, limits)?;
    Ok(bytes)
}

/// A file of `size` bytes against the file-size limit.
pub fn check_size(path: &Path, size: u64, limits: &Limits) -> Result<(), ImportError> {
    limits
        .check(Limit::FileBytes, size)
        .map_err(|exceeded| ImportError::LimitExceeded {
            file: path.to_owned(),
            exceeded,
        })
}

fn refuse_unless_regular(path: &Path, meta: &Metadata) -> Result<(), ImportError> {
    if meta.is_file() {
        return Ok(());
    }
    Err(ImportError::NotAFile {
        file: path.to_owned(),
        what: kind_of(meta),
    })
}

#[cfg(unix)]
fn kind_of(meta: &Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        "フォルダ"
    } else if t.is_fifo() {
        "名前付きパイプ(FIFO)"
    } else if t.is_socket() {
        "ソケット"
    } else if t.is_char_device() || t.is_block_device() {
        "デバイス"
    } else {
        "特殊なファイル"
    }
}

#[cfg(not(unix))]
fn kind_of(meta: &Metadata) -> &'static str {
    if meta.is_dir() {
        "フォルダ"
    } else {
        "特殊なファイル"
    }
}

#[cfg(unix)]
fn open_without_blocking(path: &Path) -> Result<File, ImportError> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(nix::fcntl::OFlag::O_NONBLOCK.bits())
        .open(path)
        .map_err(|e| ImportError::from_io(path, e))
}

#[cfg(not(unix))]
fn open_without_blocking(path: &Path) -> Result<File, ImportError> {
    File::open(path).map_err(|e| ImportError::from_io(path, e))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn devices_and_folders_are_refused_before_reading() {
        let limits = Limits::default();
        for (path, what) in [("/dev/zero", "デバイス"), ("/", "フォルダ")] {
            match read(Path::new(path), &limits) {
                Err(ImportError::NotAFile { what: w, .. }) => assert_eq!(w, what),
                other => panic!("{path}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_fifo_without_a_writer_is_refused_at_once() {
        let dir = std::env::temp_dir().join(format!("shinchoku-fifo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a folder");
        let fifo = dir.join("pipe.csv");
        let _ = std::fs::remove_file(&fifo);
        nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).expect("a fifo");
        let result = read(&fifo, &Limits::default());
        std::fs::remove_dir_all(&dir).expect("removed");
        assert!(matches!(result, Err(ImportError::NotAFile { what, .. }) if what.contains("FIFO")));
    }

    #[test]
    fn a_file_over_the_size_limit_is_refused_by_its_size() {
        let mut limits = Limits::default();
        limits.set(Limit::FileBytes, 10);
        let e =
            read_limited(Path::new("x.csv"), &[b'a'; 11][..], None, &limits).expect_err("an error");
        assert_eq!(e.key(), "limit-exceeded");
        assert!(e.to_string().contains("file-size"), "{e}");
        let ok = read_limited(Path::new("x.csv"), &[b'a'; 10][..], None, &limits);
        assert_eq!(ok.expect("read").len(), 10);
    }
}
