//! Terminal conventions: progress bars and colour only on a terminal,
//! nothing but the results on a pipe.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

pub fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}

pub fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}

/// A progress bar on a terminal, a hidden one in a pipe.
pub fn progress(total: u64, what: &str) -> ProgressBar {
    if !stderr_is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len} ({per_sec}, {eta})")
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar.set_message(what.to_string());
    bar
}

/// An import's progress as a bar (see [`progress`]).
pub struct ImportBar(ProgressBar);

impl ImportBar {
    pub fn new() -> ImportBar {
        ImportBar(ProgressBar::hidden())
    }

    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}

impl pressroom_ingest::ImportProgress for ImportBar {
    fn files_found(&mut self, files: u64) {
        self.0 = progress(files, "importing");
    }

    fn file_done(&mut self) {
        self.0.inc(1);
    }
}

/// `println!` that returns the error of a failed write (a closed pipe:
/// `pressroom search … | head`) instead of panicking, for the command to
/// pass up; `main` ends quietly on a closed pipe ([`is_closed_pipe`]).
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)
    }};
}

/// Whether `err` comes from writing to a pipe whose reader has gone: the
/// reader (`head`) has what it wanted, so that is no error of ours.
pub fn is_closed_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
