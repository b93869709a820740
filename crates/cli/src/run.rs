//! Running a command: choose the vendor and the zone, build the provider (against the vendor,
//! or against an in-process sandbox with `--sandbox`), call it, write the answer.

use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex};

use booking_domain::{
    AvailabilityQuery, BookingId, BookingProvider, BookingQuery, Customer, NewBooking,
};
use futures::StreamExt;
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::args::{AvailabilityArgs, Cli, Command, CreateArgs, Days, ListArgs, VendorArg};
use crate::exit::CliError;
use crate::output::{self, Format};
use crate::progress::{Progress, Sink};
use crate::vendors::{self, ProcessEnv};
use crate::{serve, vendors::sandbox_zone};

/// Runs the command line on a fresh single-threaded tokio runtime.
pub fn main(cli: Cli) -> Result<(), CliError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::internal(format!("cannot start the async runtime: {e}")))?;
    runtime.block_on(run(cli))
}

fn vendor_of(cli: &Cli) -> Result<VendorArg, CliError> {
    cli.vendor.ok_or_else(|| {
        CliError::usage(
            "--vendor is required: one of resos, launch27, resource-guru, rightech (see bookings --help)",
        )
    })
}

fn format_of(cli: &Cli) -> Format {
    if cli.json {
        Format::Json
    } else if cli.raw {
        Format::Raw
    } else {
        Format::Table
    }
}

/// The command line's work, after parsing.
pub async fn run(cli: Cli) -> Result<(), CliError> {
    let vendor = vendor_of(&cli)?;
    if let Command::Sandbox(crate::args::SandboxCommand::Serve { port }) = &cli.command {
        return serve::serve(vendor, *port).await;
    }
    let format = format_of(&cli);
    let mut stdout = std::io::stdout().lock();
    if cli.sandbox {
        let tz = match &cli.tz {
            Some(tz) => tz.clone(),
            None => TimeZone::get(sandbox_zone(vendor))
                .map_err(|e| CliError::internal(format!("the sandbox's zone: {e}")))?,
        };
        let sb = serve::start(vendor, None).await?;
        let (base_url, env) = vendors::sandbox_env(vendor, &sb)?;
        let provider = vendors::provider(vendor, Some(&base_url), tz.clone(), &env)?;
        let result = execute(&cli.command, provider, &tz, format, &mut stdout).await;
        sb.shutdown().await;
        result
    } else {
        let tz = cli.tz.clone().unwrap_or_else(TimeZone::system);
        let provider = vendors::provider(vendor, cli.base_url.as_deref(), tz.clone(), &ProcessEnv)?;
        execute(&cli.command, provider, &tz, format, &mut stdout).await
    }
}

/// A write to stdout failed: a closed pipe (`bookings list | head`) ends quietly, anything
/// else is an internal error.
fn written(result: std::io::Result<()>) -> Result<(), CliError> {
    match result {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::internal(format!("cannot write the output: {e}"))),
    }
}

/// Runs one booking command against `provider`, writing to `out`.
pub async fn execute(
    command: &Command,
    provider: Arc<dyn BookingProvider>,
    tz: &TimeZone,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    match command {
        Command::List(args) => list(args, provider, tz, format, out).await,
        Command::Get { id } => {
            let booking = provider.get(&BookingId::new(id.as_str())).await?;
            written(output::bookings(out, format, &[booking]))
        }
        Command::Create(args) => {
            let new = new_booking(args, tz)?;
            let booking = provider.create(&new).await?;
            written(output::bookings(out, format, &[booking]))
        }
        Command::Cancel { id } => match provider.cancel(&BookingId::new(id.as_str())).await? {
            Some(booking) => written(output::bookings(out, format, &[booking])),
            None => {
                // The vendor answered without the booking (it deletes cancelled ones): say
                // so on stderr, and keep stdout for bookings only.
                eprintln!(
                    "bookings: booking {id} cancelled ({} deletes cancelled bookings)",
                    provider.capabilities().vendor
                );
                Ok(())
            }
        },
        Command::Availability(args) => {
            let query = availability_query(args, tz)?;
            let slots = provider.availability(&query).await?;
            written(output::slots(out, format, &slots))
        }
        Command::Resources => {
            let items = provider.resources().await?;
            written(output::resources(out, format, &items))
        }
        Command::Capabilities => {
            written(output::capabilities(out, format, &provider.capabilities()))
        }
        Command::Sandbox(_) => Err(CliError::usage(
            "`sandbox serve` runs a sandbox; it takes no --sandbox",
        )),
    }
}

/// The days of `days` in zone `tz`: `(first, last)`, either open.
fn resolve_days(days: &Days, tz: &TimeZone) -> Result<(Option<Date>, Option<Date>), CliError> {
    let now = Timestamp::now();
    let resolve = |d: Option<crate::args::Day>| {
        d.map(|d| d.resolve(tz, now))
            .transpose()
            .map_err(CliError::usage)
    };
    if let Some(date) = resolve(days.date)? {
        return Ok((Some(date), Some(date)));
    }
    let (from, to) = (resolve(days.from)?, resolve(days.to)?);
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        return Err(CliError::usage(format!("--to {t} is before --from {f}")));
    }
    Ok((from, to))
}

fn start_of(date: Date, tz: &TimeZone) -> Result<jiff::Zoned, CliError> {
    date.to_zoned(tz.clone())
        .and_then(|z| z.start_of_day())
        .map_err(|e| CliError::usage(format!("{date}: {e}")))
}

fn day_after(date: Date, tz: &TimeZone) -> Result<jiff::Zoned, CliError> {
    let next = date
        .tomorrow()
        .map_err(|e| CliError::usage(format!("{date}: {e}")))?;
    start_of(next, tz)
}

/// The query of `bookings list`.
pub fn booking_query(args: &ListArgs, tz: &TimeZone) -> Result<BookingQuery, CliError> {
    let (first, last) = resolve_days(&args.days, tz)?;
    let mut query = BookingQuery::new();
    query.from = first
        .map(|d| start_of(d, tz))
        .transpose()?
        .map(|z| z.timestamp());
    query.until = last
        .map(|d| day_after(d, tz))
        .transpose()?
        .map(|z| z.timestamp());
    for status in &args.statuses {
        query = query.status(status.clone());
    }
    if let Some(resource) = &args.resource {
        query = query.resource(resource.as_str());
    }
    Ok(query)
}

async fn list(
    args: &ListArgs,
    provider: Arc<dyn BookingProvider>,
    tz: &TimeZone,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let query = booking_query(args, tz)?;
    let stderr = std::io::stderr();
    let enabled = stderr.is_terminal();
    let sink: Sink = Arc::new(Mutex::new(stderr));
    let progress = Progress::start("bookings", sink, enabled);
    let mut stream = provider.list(&query);
    let mut table = Vec::new();
    while let Some(item) = stream.next().await {
        let booking = item?;
        progress.add();
        match format {
            // A table needs every row for its widths.
            Format::Table => table.push(booking),
            // JSON lines go out as they arrive.
            _ => written(output::bookings(out, format, &[booking]))?,
        }
    }
    progress.finish();
    if format == Format::Table {
        written(output::bookings(out, format, &table))?;
    }
    written(out.flush())
}

/// The booking of `bookings create`.
pub fn new_booking(args: &CreateArgs, tz: &TimeZone) -> Result<NewBooking, CliError> {
    let local = |at: jiff::civil::DateTime, flag: &str| {
        at.to_zoned(tz.clone())
            .map_err(|e| CliError::usage(format!("{flag} {at}: {e}")))
    };
    let start = local(args.start, "--start")?;
    let end = match (args.end, args.duration) {
        (Some(end), _) => Some(local(end, "--end")?),
        (None, Some(d)) => Some(
            start
                .checked_add(d)
                .map_err(|e| CliError::usage(format!("--duration: {e}")))?,
        ),
        (None, None) => None,
    };
    if end.as_ref().is_some_and(|end| *end <= start) {
        return Err(CliError::usage("--end must be after --start"));
    }
    let customer = Customer {
        name: args.name.clone(),
        email: args.email.clone().map(Into::into),
        phone: args.phone.clone().map(Into::into),
    };
    let mut new = NewBooking::new(start, customer);
    new.ends_at = end;
    new.party_size = args.party;
    new.notes = args.notes.clone();
    new.status = args.status.clone();
    for r in &args.resources {
        new = new.resource(r.as_str());
    }
    Ok(new)
}

/// The query of `bookings availability` (the days are required).
pub fn availability_query(
    args: &AvailabilityArgs,
    tz: &TimeZone,
) -> Result<AvailabilityQuery, CliError> {
    let (Some(first), Some(last)) = resolve_days(&args.days, tz)? else {
        return Err(CliError::usage(
            "availability needs days: --date D, or --from D and --to D",
        ));
    };
    let mut query = AvailabilityQuery::new(start_of(first, tz)?, day_after(last, tz)?)?;
    query.party_size = args.party;
    query.resource = args.resource.as_deref().map(Into::into);
    query.duration = args.duration;
    Ok(query)
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
    use crate::args::Day;
    use clap::Parser;
    use jiff::civil::date;

    fn cph() -> TimeZone {
        TimeZone::get("Europe/Copenhagen").unwrap()
    }

    fn list_args(argv: &[&str]) -> ListArgs {
        let mut full = vec!["bookings", "--vendor", "resos", "list"];
        full.extend_from_slice(argv);
        match Cli::try_parse_from(full).unwrap().command {
            Command::List(args) => args,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_range_of_days_is_whole_local_days() {
        let q = booking_query(
            &list_args(&["--from", "2025-06-01", "--to", "2025-06-07"]),
            &cph(),
        )
        .unwrap();
        assert_eq!(q.from, Some("2025-05-31T22:00:00Z".parse().unwrap()));
        assert_eq!(q.until, Some("2025-06-07T22:00:00Z".parse().unwrap()));
        let q = booking_query(&list_args(&["--date", "2025-12-24"]), &cph()).unwrap();
        assert_eq!(q.from, Some("2025-12-23T23:00:00Z".parse().unwrap()));
        assert_eq!(q.until, Some("2025-12-24T23:00:00Z".parse().unwrap()));
        let q = booking_query(&list_args(&["--from", "2025-06-01"]), &cph()).unwrap();
        assert!(q.from.is_some() && q.until.is_none());
        assert!(booking_query(&list_args(&[]), &cph()).unwrap().is_empty());
    }

    #[test]
    fn a_backwards_range_is_a_usage_error() {
        let e = booking_query(
            &list_args(&["--from", "2025-06-07", "--to", "2025-06-01"]),
            &cph(),
        )
        .unwrap_err();
        assert_eq!(e.class(), crate::exit::Class::Usage);
    }

    #[test]
    fn create_reads_local_times_in_the_zone() {
        let argv = [
            "bookings",
            "--vendor",
            "resos",
            "create",
            "--start",
            "2026-03-14T19:30",
            "--duration",
            "2h",
            "--party",
            "4",
            "--name",
            "Ada Example",
            "--resource",
            "t7",
        ];
        let Command::Create(args) = Cli::try_parse_from(argv).unwrap().command else {
            panic!("create")
        };
        let new = new_booking(&args, &cph()).unwrap();
        assert_eq!(
            new.starts_at.to_string(),
            "2026-03-14T19:30:00+01:00[Europe/Copenhagen]"
        );
        assert_eq!(
            new.ends_at.unwrap().to_string(),
            "2026-03-14T21:30:00+01:00[Europe/Copenhagen]"
        );
        assert_eq!(new.party_size, Some(4));
        assert_eq!(new.resources, ["t7".into()]);
        assert_eq!(Day::On(date(2026, 3, 14)), Day::On(new.starts_at.date()));
    }
}
