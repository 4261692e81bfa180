use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Like every Unix filter: `huanzheng stats | head` ends quietly when the reader
    // stops, instead of panicking on a broken pipe.
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of one signal before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    // A bug's report names the place in the source, never the data in hand.
    huanzheng::panic_report::install();
    huanzheng::cli::run(huanzheng::cli::Cli::parse())
}
