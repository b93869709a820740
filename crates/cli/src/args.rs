//! The command line (clap derive): global options, the commands and their arguments, and the
//! parsers of the human forms (days, local times, durations, zones, statuses). A value that
//! does not parse is a clap error: one message on stderr, exit code 2.

use booking_domain::BookingStatus;
use clap::{Args, Parser, Subcommand, ValueEnum};
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use crate::exit::TABLE;

/// What `--help` shows after the options: the credentials' variables and the exit codes.
const AFTER_HELP: &str = "\
Credentials come only from environment variables, never from the command line, and are never
printed:
  resos           RESOS_API_KEY
  launch27        LAUNCH27_EMAIL and LAUNCH27_PASSWORD (a customer login), and LAUNCH27_TENANT
                  (the account subdomain) unless --base-url is given (the origin, such as
                  https://acme.launch27.com: the client appends /v1)
  resource-guru   RESOURCE_GURU_ACCOUNT (the Account URL ID) and either RESOURCE_GURU_ACCESS_TOKEN
                  (an OAuth2 access token) or RESOURCE_GURU_CLIENT_ID, RESOURCE_GURU_CLIENT_SECRET,
                  RESOURCE_GURU_USERNAME and RESOURCE_GURU_PASSWORD (the OAuth2 password grant)
  rightech        RIGHTECH_TOKEN (a static API token), or RIGHTECH_LOGIN and RIGHTECH_PASSWORD
                  (a login-obtained token); RIGHTECH_BOOKINGS_STORE names the store that holds
                  the bookings (default: reservations; records in the adapter's default
                  mapping, docs/vendors/rightech.md §13) and RIGHTECH_RESOURCES_STORE an
                  optional store of resources (without it, resources is unsupported). Base URL
                  default: https://dev.rightech.io (the client appends /api/v1)

Dates are days in the vendor's zone (--tz, else BOOKINGS_TZ, else this machine's zone; with
--sandbox the sandbox's seed zone): today, tomorrow, yesterday or YYYY-MM-DD. --from and --to
are inclusive days; --date is one day.

Try it with no vendor account:
  bookings --sandbox --vendor resos list
  bookings sandbox serve --vendor launch27

";

/// `bookings`: one command line over every booking vendor bookbridge speaks to.
#[derive(Debug, Parser)]
#[command(
    name = "bookings",
    version,
    about = "List, read, create and cancel bookings at resOS, Launch27, Resource Guru and Rightech through one command line",
    after_help = after_help(),
)]
pub struct Cli {
    /// The vendor to talk to.
    #[arg(long, global = true, value_enum)]
    pub vendor: Option<VendorArg>,

    /// The vendor's API base URL (default: the vendor's production URL). Must be https://,
    /// except for loopback hosts (tests, a sandbox).
    #[arg(long, global = true, value_name = "URL", conflicts_with = "sandbox")]
    pub base_url: Option<String>,

    /// The IANA time zone that dates and times are read and shown in (such as
    /// Europe/Copenhagen).
    #[arg(long, global = true, value_name = "ZONE", env = "BOOKINGS_TZ", value_parser = parse_zone)]
    pub tz: Option<TimeZone>,

    /// JSON lines: one unified item per line (stable key order; no `raw`).
    #[arg(long, global = true, conflicts_with = "raw")]
    pub json: bool,

    /// The vendor's own JSON of each item, one per line.
    #[arg(long, global = true)]
    pub raw: bool,

    /// Start a local sandbox of the vendor in this process and run the command against it,
    /// with its test credentials (no vendor account needed).
    #[arg(long, global = true)]
    pub sandbox: bool,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The help text after the options: the credentials' variables, then the exit codes.
fn after_help() -> String {
    format!("{AFTER_HELP}{TABLE}")
}

/// The vendors of `--vendor`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum VendorArg {
    /// resOS (restaurant reservations).
    Resos,
    /// Launch27 (home-service bookings).
    Launch27,
    /// Resource Guru (resource scheduling).
    ResourceGuru,
    /// Rightech IoT Cloud (bookings as the records of a store you name).
    Rightech,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List bookings (all, or those starting in a range of days).
    List(ListArgs),
    /// Show one booking.
    Get {
        /// The booking's id at the vendor.
        id: String,
    },
    /// Create a booking.
    Create(CreateArgs),
    /// Cancel a booking (some vendors mark it cancelled, others delete it).
    Cancel {
        /// The booking's id at the vendor.
        id: String,
    },
    /// Free times in a range of days.
    Availability(AvailabilityArgs),
    /// Bookable resources (tables, people, rooms, services...).
    Resources,
    /// What the vendor supports, and how each filter is applied.
    Capabilities,
    /// Run a local sandbox of a vendor.
    #[command(subcommand)]
    Sandbox(SandboxCommand),
}

/// `bookings sandbox ...`.
#[derive(Debug, Subcommand)]
pub enum SandboxCommand {
    /// Run a sandbox of --vendor until Ctrl-C, printing its base URL and its test credentials
    /// as environment-variable lines.
    Serve {
        /// The loopback port (default: a free one).
        #[arg(long)]
        port: Option<u16>,
    },
}

/// A range of days: `--date D`, or `--from D` and/or `--to D` (inclusive).
#[derive(Debug, Clone, Args)]
pub struct Days {
    /// One day: today, tomorrow, yesterday or YYYY-MM-DD.
    #[arg(long, value_parser = parse_day, conflicts_with_all = ["from", "to"])]
    pub date: Option<Day>,
    /// The first day (inclusive).
    #[arg(long, value_parser = parse_day)]
    pub from: Option<Day>,
    /// The last day (inclusive).
    #[arg(long, value_parser = parse_day)]
    pub to: Option<Day>,
}

/// `bookings list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// The days the bookings start in (none: every booking).
    #[command(flatten)]
    pub days: Days,
    /// Only bookings with this status (repeatable): requested, confirmed, seated, completed,
    /// cancelled, no_show, waitlisted, declined, tentative, or a vendor's own text.
    #[arg(long = "status", value_parser = parse_status)]
    pub statuses: Vec<BookingStatus>,
    /// Only bookings that use this resource (its id).
    #[arg(long)]
    pub resource: Option<String>,
}

/// `bookings create`.
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// The start, local time in the zone: 2025-06-01T19:30 or "2025-06-01 19:30".
    #[arg(long, value_parser = parse_local)]
    pub start: DateTime,
    /// The end, local time in the zone.
    #[arg(long, value_parser = parse_local, conflicts_with = "duration")]
    pub end: Option<DateTime>,
    /// The length instead of an end: 90m, 2h, 1h30m.
    #[arg(long, value_parser = parse_duration)]
    pub duration: Option<SignedDuration>,
    /// Number of people.
    #[arg(long)]
    pub party: Option<u32>,
    /// The customer's name.
    #[arg(long)]
    pub name: Option<String>,
    /// The customer's e-mail.
    #[arg(long)]
    pub email: Option<String>,
    /// The customer's phone.
    #[arg(long)]
    pub phone: Option<String>,
    /// A resource to book, by id (repeatable).
    #[arg(long = "resource")]
    pub resources: Vec<String>,
    /// Free-text notes.
    #[arg(long)]
    pub notes: Option<String>,
    /// A status to create it with (such as tentative), where the vendor takes one.
    #[arg(long, value_parser = parse_status)]
    pub status: Option<BookingStatus>,
}

/// `bookings availability`.
#[derive(Debug, Args)]
pub struct AvailabilityArgs {
    /// The days to look in (required: --date, or --from and --to).
    #[command(flatten)]
    pub days: Days,
    /// Number of people.
    #[arg(long)]
    pub party: Option<u32>,
    /// Only this resource (its id).
    #[arg(long)]
    pub resource: Option<String>,
    /// The length wanted: 90m, 2h.
    #[arg(long, value_parser = parse_duration)]
    pub duration: Option<SignedDuration>,
}

/// A day as typed: relative to today in the zone, or a calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Day {
    /// Today in the zone.
    Today,
    /// The day after today.
    Tomorrow,
    /// The day before today.
    Yesterday,
    /// A calendar date.
    On(Date),
}

impl Day {
    /// The calendar date in zone `tz` at instant `now`.
    pub fn resolve(self, tz: &TimeZone, now: Timestamp) -> Result<Date, String> {
        let today = now.to_zoned(tz.clone()).date();
        match self {
            Day::Today => Ok(today),
            Day::Tomorrow => today.tomorrow().map_err(|e| e.to_string()),
            Day::Yesterday => today.yesterday().map_err(|e| e.to_string()),
            Day::On(date) => Ok(date),
        }
    }
}

/// `today`, `tomorrow`, `yesterday` or `YYYY-MM-DD`.
pub fn parse_day(text: &str) -> Result<Day, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "today" => Ok(Day::Today),
        "tomorrow" => Ok(Day::Tomorrow),
        "yesterday" => Ok(Day::Yesterday),
        other => {
            let strict = other.len() == 10 && other.as_bytes().get(4) == Some(&b'-');
            match other.parse::<Date>() {
                Ok(date) if strict => Ok(Day::On(date)),
                _ => Err(format!(
                    "`{text}` is not a day: use today, tomorrow, yesterday or YYYY-MM-DD"
                )),
            }
        }
    }
}

/// A local date and time: `2025-06-01T19:30` or `2025-06-01 19:30`.
pub fn parse_local(text: &str) -> Result<DateTime, String> {
    text.trim().parse::<DateTime>().map_err(|_| {
        format!(
            "`{text}` is not a local date and time: use YYYY-MM-DDTHH:MM (such as 2025-06-01T19:30)"
        )
    })
}

/// A positive length: `90m`, `2h`, `1h30m` (jiff's friendly format) or ISO 8601 `PT90M`.
pub fn parse_duration(text: &str) -> Result<SignedDuration, String> {
    match text.trim().parse::<SignedDuration>() {
        Ok(d) if d.is_positive() => Ok(d),
        Ok(_) => Err(format!("`{text}` is not a positive length")),
        Err(_) => Err(format!("`{text}` is not a length: use 90m, 2h or 1h30m")),
    }
}

/// An IANA zone name (`Europe/Copenhagen`, `UTC`).
pub fn parse_zone(text: &str) -> Result<TimeZone, String> {
    TimeZone::get(text.trim())
        .map_err(|_| format!("`{text}` is not an IANA time zone (such as Europe/Copenhagen)"))
}

/// A status: the unified snake_case names, or any other text (a vendor's own value).
pub fn parse_status(text: &str) -> Result<BookingStatus, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("a status must not be empty".into());
    }
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|e| format!("`{text}` is not a status: {e}"))
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )]
    use super::*;
    use clap::CommandFactory;
    use jiff::civil::date;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn the_help_carries_the_variables_and_the_exit_table() {
        let help = Cli::command().render_help().to_string();
        assert!(help.contains("RESOS_API_KEY"), "{help}");
        assert!(help.contains("RIGHTECH_BOOKINGS_STORE"), "{help}");
        assert!(!help.contains("not supported yet"), "{help}");
        assert!(help.contains("8  unsupported"), "{help}");
    }

    #[test]
    fn days_in_human_form() {
        assert_eq!(parse_day("today"), Ok(Day::Today));
        assert_eq!(parse_day("Tomorrow"), Ok(Day::Tomorrow));
        assert_eq!(parse_day("2025-06-01"), Ok(Day::On(date(2025, 6, 1))));
        for bad in [
            "2025-13-01",
            "2025-02-30",
            "20250601",
            "next week",
            "",
            "2025-06-01T10:00",
        ] {
            assert!(parse_day(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn today_is_the_zone_s_today() {
        // 23:30 UTC on 1 June is already 2 June in Copenhagen and still 1 June in Chicago.
        let now: Timestamp = "2025-06-01T23:30:00Z".parse().unwrap();
        let cph = TimeZone::get("Europe/Copenhagen").unwrap();
        let chi = TimeZone::get("America/Chicago").unwrap();
        assert_eq!(Day::Today.resolve(&cph, now), Ok(date(2025, 6, 2)));
        assert_eq!(Day::Today.resolve(&chi, now), Ok(date(2025, 6, 1)));
        assert_eq!(Day::Tomorrow.resolve(&chi, now), Ok(date(2025, 6, 2)));
        assert_eq!(Day::Yesterday.resolve(&chi, now), Ok(date(2025, 5, 31)));
    }

    #[test]
    fn local_times_lengths_zones_and_statuses() {
        let t = date(2025, 6, 1).at(19, 30, 0, 0);
        assert_eq!(parse_local("2025-06-01T19:30"), Ok(t));
        assert_eq!(parse_local("2025-06-01 19:30"), Ok(t));
        assert!(parse_local("19:30").is_err());
        assert_eq!(parse_duration("90m"), Ok(SignedDuration::from_mins(90)));
        assert_eq!(parse_duration("1h30m"), Ok(SignedDuration::from_mins(90)));
        assert!(parse_duration("0m").is_err());
        assert!(parse_duration("soon").is_err());
        assert!(parse_zone("Europe/Copenhagen").is_ok());
        assert!(parse_zone("Mars/Olympus").is_err());
        assert_eq!(parse_status("no_show"), Ok(BookingStatus::NoShow));
        assert_eq!(
            parse_status("deleted"),
            Ok(BookingStatus::Unknown("deleted".into()))
        );
    }
}
