use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    huanzheng::cli::run(huanzheng::cli::Cli::parse())
}
