//! The `besok` command line: a thin layer over the library.

mod cmd;

use clap::Parser;
use std::process::ExitCode;

/// Rendering makes and drops millions of small template values on every thread; glibc's malloc
/// spent about 40% of a 10,000-post build in its own locks and bookkeeping, mimalloc a fraction.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cmd::Cli::parse();
    cmd::run(cli)
}
