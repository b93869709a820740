//! # `bookings`
//!
//! One command line over every booking vendor bookbridge speaks to, built on
//! booking-domain's `BookingProvider`: the same commands, dates, output and exit codes for
//! resOS, Launch27, Resource Guru and Rightech (bookings as the records of a store you
//! name, in the adapter's default mapping).
//!
//! ```text
//! bookings --vendor <resos|launch27|resource-guru|rightech> [--base-url URL] [--tz ZONE]
//!          [--json | --raw] [--sandbox]
//!          <list|get|create|cancel|availability|resources|capabilities> [args]
//! bookings sandbox serve --vendor X [--port N]
//! ```
//!
//! ## A guide
//!
//! - **Try it with no account:** `cargo run -p cli -- --sandbox --vendor resos list` starts
//!   a local sandbox of resOS in the process and lists its seeded bookings;
//!   `bookings sandbox serve --vendor launch27` keeps one running and prints its base URL
//!   and its test credentials as `export` lines.
//! - **Credentials** come only from environment variables (`RESOS_API_KEY`;
//!   `LAUNCH27_EMAIL`, `LAUNCH27_PASSWORD`, `LAUNCH27_TENANT`; `RESOURCE_GURU_ACCOUNT` with
//!   `RESOURCE_GURU_ACCESS_TOKEN` or the password grant's four variables; `RIGHTECH_TOKEN`,
//!   or `RIGHTECH_LOGIN` and `RIGHTECH_PASSWORD`, with `RIGHTECH_BOOKINGS_STORE` and
//!   `RIGHTECH_RESOURCES_STORE`; see `--help`),
//!   never from the command line, and are never printed.
//! - **Dates** are days in the vendor's zone (`--tz`, else `BOOKINGS_TZ`, else this
//!   machine's zone; with `--sandbox` the zone of the sandbox's seeds): `--date today`,
//!   `--date tomorrow`, `--from 2025-06-01 --to 2025-06-07` (inclusive days). Times to
//!   create are local: `--start 2025-06-01T19:30 --duration 2h`.
//! - **Output**: an aligned table; `--json` writes one unified item per line (keys in the
//!   model's field order, no `raw`); `--raw` writes the vendor's own JSON per item.
//! - **Errors**: one line on stderr and an exit code per class (module [`exit`]: usage 2,
//!   credentials 3, not found 4, rate limited 5, vendor error 6, network 7, unsupported 8).
//! - A listing that takes longer than a second shows a progress line on stderr when stderr
//!   is a terminal.
//!
//! ## Code
//!
//! [`args`] (clap), [`vendors`] (one provider per vendor, and a sandbox's credentials),
//! [`run`] (the commands), [`output`] (table, JSON lines, raw), [`exit`] (error classes and
//! codes), [`progress`] (the progress line), [`serve`] (the sandbox commands).

use std::process::ExitCode;

use clap::Parser;

mod args;
mod exit;
mod output;
mod progress;
mod run;
mod serve;
mod vendors;

/// A clap error as one line: its lines joined, without the usage and the "for more
/// information" hint.
fn one_line(rendered: &str) -> String {
    let parts: Vec<&str> = rendered
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("Usage:") && !l.starts_with("For more"))
        .collect();
    let text = parts.join(" ");
    let text = text.strip_prefix("error: ").unwrap_or(&text);
    format!("{text} (see bookings --help)")
}

fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        // --help and --version: printed as clap prints them, exit 0.
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("bookings: {}", one_line(&e.render().to_string()));
            return ExitCode::from(exit::Class::Usage.code());
        }
    };
    match run::main(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("bookings: {error}");
            ExitCode::from(error.code())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_errors_become_one_line() {
        let rendered = "error: invalid value 'foo' for '--vendor <VENDOR>'\n  [possible values: resos, launch27]\n\nFor more information, try '--help'.\n";
        assert_eq!(
            one_line(rendered),
            "invalid value 'foo' for '--vendor <VENDOR>' [possible values: resos, launch27] (see bookings --help)"
        );
    }
}
