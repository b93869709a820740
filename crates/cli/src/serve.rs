//! The sandbox commands: `bookings sandbox serve --vendor X [--port N]` runs a sandbox until
//! Ctrl-C; `--sandbox` starts one in this process for a single command (see `run`).

use std::io::Write;

use sandbox::{Sandbox, SandboxOptions};

use crate::args::VendorArg;
use crate::exit::CliError;
use crate::vendors;

/// Starts the sandbox of `vendor` on loopback (`port`, or a free one).
pub async fn start(vendor: VendorArg, port: Option<u16>) -> Result<Sandbox, CliError> {
    let fake = vendors::sandbox_vendor(vendor);
    let mut options = SandboxOptions::default();
    if let Some(port) = port {
        options = options.port(port);
    }
    Sandbox::start(fake, options).await.map_err(|e| match e {
        sandbox::Error::Bind { .. } => CliError::usage(e.to_string()),
        other => CliError::internal(format!("the sandbox did not start: {other}")),
    })
}

/// `value` quoted for a POSIX shell.
fn shell_quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}

/// The lines `sandbox serve` prints: where it listens, the credentials as `export` lines
/// (marked as test credentials, not secrets) and a command to try.
pub fn banner(vendor: VendorArg, sb: &Sandbox) -> Result<String, CliError> {
    let (base_url, env) = vendors::sandbox_env(vendor, sb)?;
    let name = sb.vendor().name();
    let mut text = format!("{name} sandbox listening on {base_url} (Ctrl-C stops it)\n");
    text.push_str(
        "# The sandbox's test credentials (not secrets: every sandbox accepts the same ones):\n",
    );
    for (key, value) in &env.0 {
        text.push_str(&format!("export {key}={}\n", shell_quote(value)));
    }
    text.push_str(&format!(
        "# Try: bookings --vendor {name} --base-url {base_url} --tz {} list\n",
        vendors::sandbox_zone(vendor)
    ));
    Ok(text)
}

/// Runs the sandbox of `vendor` until Ctrl-C.
pub async fn serve(vendor: VendorArg, port: Option<u16>) -> Result<(), CliError> {
    let sb = start(vendor, port).await?;
    let text = banner(vendor, &sb)?;
    // Listen for Ctrl-C before the banner says the sandbox is ready: the first poll installs
    // the handler, so an interrupt right after the banner stops it cleanly.
    let mut ctrl_c = std::pin::pin!(tokio::signal::ctrl_c());
    if let std::task::Poll::Ready(result) = futures::poll!(ctrl_c.as_mut()) {
        // Interrupted already (or no handler could be installed): stop without serving.
        sb.shutdown().await;
        return result.map_err(|e| CliError::internal(format!("cannot wait for Ctrl-C: {e}")));
    }
    {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .map_err(|e| CliError::internal(format!("cannot write the output: {e}")))?;
    }
    ctrl_c
        .await
        .map_err(|e| CliError::internal(format!("cannot wait for Ctrl-C: {e}")))?;
    sb.shutdown().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[tokio::test]
    async fn the_rightech_banner_exports_the_token_and_the_stores() {
        let sb = start(VendorArg::Rightech, None).await.unwrap();
        let text = banner(VendorArg::Rightech, &sb).unwrap();
        sb.shutdown().await;
        assert!(
            text.starts_with("rightech sandbox listening on http://127.0.0.1:"),
            "{text}"
        );
        for line in [
            "export RIGHTECH_TOKEN='",
            "export RIGHTECH_BOOKINGS_STORE='reservations'",
            "export RIGHTECH_RESOURCES_STORE='rooms'",
            "--tz Europe/Copenhagen list",
        ] {
            assert!(text.contains(line), "{line}: {text}");
        }
    }

    #[test]
    fn values_are_quoted_for_the_shell() {
        assert_eq!(shell_quote("abc"), "'abc'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
    }
}
