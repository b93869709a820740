//! Vendor dispatch: one [`BookingProvider`] per vendor, built from a base URL, a zone and the
//! credentials' environment variables ([`Env`]: the process's, or a sandbox's).
//!
//! Adding a vendor is one arm in [`provider`] (build its client and its provider from
//! [`Env`]), its variables in [`sandbox_env`] and in `--help`, and one arm in
//! [`sandbox_vendor`].

use std::collections::BTreeMap;
use std::sync::Arc;

use booking_domain::BookingProvider;
use jiff::tz::TimeZone;
use secrecy::ExposeSecret;

use crate::args::VendorArg;
use crate::exit::CliError;

/// resOS: the API key (HTTP Basic user name).
pub const RESOS_API_KEY: &str = "RESOS_API_KEY";
/// Launch27: the customer's e-mail.
pub const LAUNCH27_EMAIL: &str = "LAUNCH27_EMAIL";
/// Launch27: the customer's password.
pub const LAUNCH27_PASSWORD: &str = "LAUNCH27_PASSWORD";
/// Launch27: the account subdomain (not a secret; not needed with `--base-url`).
pub const LAUNCH27_TENANT: &str = "LAUNCH27_TENANT";
/// Resource Guru: the Account URL ID (not a secret).
pub const RESOURCE_GURU_ACCOUNT: &str = "RESOURCE_GURU_ACCOUNT";
/// Resource Guru: an OAuth2 access token.
pub const RESOURCE_GURU_ACCESS_TOKEN: &str = "RESOURCE_GURU_ACCESS_TOKEN";
/// Resource Guru: the OAuth2 application's id (password grant).
pub const RESOURCE_GURU_CLIENT_ID: &str = "RESOURCE_GURU_CLIENT_ID";
/// Resource Guru: the OAuth2 application's secret (password grant).
pub const RESOURCE_GURU_CLIENT_SECRET: &str = "RESOURCE_GURU_CLIENT_SECRET";
/// Resource Guru: the user's e-mail (password grant).
pub const RESOURCE_GURU_USERNAME: &str = "RESOURCE_GURU_USERNAME";
/// Resource Guru: the user's password (password grant).
pub const RESOURCE_GURU_PASSWORD: &str = "RESOURCE_GURU_PASSWORD";
/// Rightech: a static API token (sent as Bearer).
pub const RIGHTECH_TOKEN: &str = "RIGHTECH_TOKEN";
/// Rightech: the login, with [`RIGHTECH_PASSWORD`] instead of a token (a login-obtained
/// token, renewed before it expires).
pub const RIGHTECH_LOGIN: &str = "RIGHTECH_LOGIN";
/// Rightech: the password of [`RIGHTECH_LOGIN`].
pub const RIGHTECH_PASSWORD: &str = "RIGHTECH_PASSWORD";
/// Rightech: the store that holds the bookings (not a secret; default
/// [`RIGHTECH_DEFAULT_BOOKINGS_STORE`]).
pub const RIGHTECH_BOOKINGS_STORE: &str = "RIGHTECH_BOOKINGS_STORE";
/// Rightech: a store whose records are the bookable resources (not a secret; optional:
/// without it `resources` is unsupported).
pub const RIGHTECH_RESOURCES_STORE: &str = "RIGHTECH_RESOURCES_STORE";
/// The bookings' store when [`RIGHTECH_BOOKINGS_STORE`] is not set: the name the adapter's
/// docs and the sandbox use (Rightech has no booking store of its own).
pub const RIGHTECH_DEFAULT_BOOKINGS_STORE: &str = "reservations";
/// The resources' store of a Rightech sandbox (its seeded rooms).
const RIGHTECH_SANDBOX_RESOURCES_STORE: &str = "rooms";

/// Every credential variable (`--help` must name each: checked by a test).
#[cfg(test)]
pub const ALL_VARIABLES: &[&str] = &[
    RESOS_API_KEY,
    LAUNCH27_EMAIL,
    LAUNCH27_PASSWORD,
    LAUNCH27_TENANT,
    RESOURCE_GURU_ACCOUNT,
    RESOURCE_GURU_ACCESS_TOKEN,
    RESOURCE_GURU_CLIENT_ID,
    RESOURCE_GURU_CLIENT_SECRET,
    RESOURCE_GURU_USERNAME,
    RESOURCE_GURU_PASSWORD,
    RIGHTECH_TOKEN,
    RIGHTECH_LOGIN,
    RIGHTECH_PASSWORD,
    RIGHTECH_BOOKINGS_STORE,
    RIGHTECH_RESOURCES_STORE,
];

/// Where credentials come from: the process environment, or a sandbox's test credentials.
pub trait Env {
    /// The variable's value; `None` when unset or empty.
    fn var(&self, name: &str) -> Option<String>;
}

/// The process environment.
pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok().filter(|v| !v.is_empty())
    }
}

/// Variables held in memory (a sandbox's credentials).
#[derive(Default)]
pub struct MapEnv(pub BTreeMap<&'static str, String>);

impl Env for MapEnv {
    fn var(&self, name: &str) -> Option<String> {
        self.0.get(name).cloned()
    }
}

fn need(env: &dyn Env, name: &str, vendor: &str) -> Result<String, CliError> {
    env.var(name).ok_or_else(|| {
        CliError::credentials(format!(
            "{vendor} needs the environment variable {name} (see bookings --help)"
        ))
    })
}

/// The vendor's provider, through a client built with `base_url` (or the vendor's default)
/// and the credentials in `env`.
///
/// # Errors
/// Usage (2) for a refused base URL or a bad Rightech store name, credentials (3) for a
/// missing variable.
pub fn provider(
    vendor: VendorArg,
    base_url: Option<&str>,
    tz: TimeZone,
    env: &dyn Env,
) -> Result<Arc<dyn BookingProvider>, CliError> {
    let provider: Arc<dyn BookingProvider> = match vendor {
        VendorArg::Resos => {
            let key = need(env, RESOS_API_KEY, "resos")?;
            let mut builder = resos::Client::builder().api_key(key);
            if let Some(url) = base_url {
                builder = builder.base_url(url);
            }
            Arc::new(resos::domain::ResosProvider::new(builder.build()?, tz))
        }
        VendorArg::Launch27 => {
            let email = need(env, LAUNCH27_EMAIL, "launch27")?;
            let password = need(env, LAUNCH27_PASSWORD, "launch27")?;
            let mut builder = launch27::Client::builder().credentials(email, password);
            builder = match base_url {
                Some(url) => builder.base_url(url),
                None => builder.tenant(need(env, LAUNCH27_TENANT, "launch27")?),
            };
            Arc::new(launch27::domain::Launch27Provider::new(
                builder.build()?,
                tz,
            ))
        }
        VendorArg::ResourceGuru => {
            let vendor = "resource-guru";
            let account = need(env, RESOURCE_GURU_ACCOUNT, vendor)?;
            let mut builder = resource_guru::Client::builder(account);
            if let Some(url) = base_url {
                builder = builder.base_url(url);
            }
            builder = match env.var(RESOURCE_GURU_ACCESS_TOKEN) {
                Some(token) => builder.access_token(token),
                None => {
                    let missing = || {
                        CliError::credentials(format!(
                            "resource-guru needs {RESOURCE_GURU_ACCESS_TOKEN}, or \
                             {RESOURCE_GURU_CLIENT_ID}, {RESOURCE_GURU_CLIENT_SECRET}, \
                             {RESOURCE_GURU_USERNAME} and {RESOURCE_GURU_PASSWORD} \
                             (see bookings --help)"
                        ))
                    };
                    let var = |name| env.var(name).ok_or_else(missing);
                    builder.oauth(resource_guru::OAuth::password(
                        var(RESOURCE_GURU_CLIENT_ID)?,
                        var(RESOURCE_GURU_CLIENT_SECRET)?,
                        var(RESOURCE_GURU_USERNAME)?,
                        var(RESOURCE_GURU_PASSWORD)?,
                    ))
                }
            };
            Arc::new(resource_guru::domain::ResourceGuruProvider::new(
                builder.build()?,
                tz,
            ))
        }
        VendorArg::Rightech => {
            let mut builder = rightech::Client::builder();
            if let Some(url) = base_url {
                builder = builder.base_url(url);
            }
            builder = match env.var(RIGHTECH_TOKEN) {
                Some(token) => builder.token(token),
                None => match (env.var(RIGHTECH_LOGIN), env.var(RIGHTECH_PASSWORD)) {
                    (Some(login), Some(password)) => builder.login_token(login, password),
                    _ => {
                        return Err(CliError::credentials(format!(
                            "rightech needs {RIGHTECH_TOKEN}, or {RIGHTECH_LOGIN} and \
                             {RIGHTECH_PASSWORD} (see bookings --help)"
                        )));
                    }
                },
            };
            let store = env
                .var(RIGHTECH_BOOKINGS_STORE)
                .unwrap_or_else(|| RIGHTECH_DEFAULT_BOOKINGS_STORE.to_owned());
            let mut mapping = rightech::domain::BookingMapping::new(store);
            if let Some(resources) = env.var(RIGHTECH_RESOURCES_STORE) {
                mapping = mapping.resources(rightech::domain::ResourceMapping::new(resources));
            }
            Arc::new(rightech::domain::RightechProvider::new(
                builder.build()?,
                tz,
                mapping,
            )?)
        }
    };
    Ok(provider)
}

/// The sandbox fake of `vendor`.
pub fn sandbox_vendor(vendor: VendorArg) -> sandbox::Vendor {
    match vendor {
        VendorArg::Resos => sandbox::Vendor::Resos,
        VendorArg::Launch27 => sandbox::Vendor::Launch27,
        VendorArg::ResourceGuru => sandbox::Vendor::ResourceGuru,
        VendorArg::Rightech => sandbox::Vendor::Rightech,
    }
}

/// The zone of a sandbox's seed data, the default `--tz` with `--sandbox` (the seeds come
/// from the fixtures: a Copenhagen restaurant, a Springfield, Illinois cleaning company, a
/// Lisbon studio, and for Rightech a `reservations` store whose one time with an offset is
/// `+02:00` in June and whose phones are Danish, so its starts read as 19:00 and 20:00 in
/// Copenhagen).
pub fn sandbox_zone(vendor: VendorArg) -> &'static str {
    match vendor {
        VendorArg::Resos => "Europe/Copenhagen",
        VendorArg::Launch27 => "America/Chicago",
        VendorArg::ResourceGuru => "Europe/Lisbon",
        VendorArg::Rightech => "Europe/Copenhagen",
    }
}

/// What a client needs to reach a running sandbox: the `--base-url` to give and the
/// credentials as environment variables. The sandbox's test credentials are not secrets
/// (every sandbox accepts the same ones), so they may be printed.
pub fn sandbox_env(vendor: VendorArg, sb: &sandbox::Sandbox) -> Result<(String, MapEnv), CliError> {
    let mut env = MapEnv::default();
    let creds = sb.credentials();
    let unexpected = || {
        CliError::internal(format!(
            "the {} sandbox has unexpected credentials",
            sb.vendor()
        ))
    };
    let base_url = match vendor {
        VendorArg::Resos => {
            let key = creds.api_key().ok_or_else(unexpected)?;
            env.0.insert(RESOS_API_KEY, key.expose_secret().to_owned());
            sb.base_url()
        }
        VendorArg::Launch27 => {
            let (email, password) = creds.login().ok_or_else(unexpected)?;
            env.0.insert(LAUNCH27_EMAIL, email.to_owned());
            env.0
                .insert(LAUNCH27_PASSWORD, password.expose_secret().to_owned());
            // The Launch27 client appends `/v1` itself.
            sb.origin()
        }
        VendorArg::ResourceGuru => {
            let o = creds.oauth().ok_or_else(unexpected)?;
            env.0.insert(RESOURCE_GURU_ACCOUNT, o.account.clone());
            env.0.insert(RESOURCE_GURU_CLIENT_ID, o.client_id.clone());
            env.0.insert(
                RESOURCE_GURU_CLIENT_SECRET,
                o.client_secret.expose_secret().to_owned(),
            );
            env.0.insert(RESOURCE_GURU_USERNAME, o.username.clone());
            env.0.insert(
                RESOURCE_GURU_PASSWORD,
                o.password.expose_secret().to_owned(),
            );
            sb.base_url()
        }
        VendorArg::Rightech => {
            let token = creds.token().ok_or_else(unexpected)?;
            env.0
                .insert(RIGHTECH_TOKEN, token.expose_secret().to_owned());
            env.0.insert(
                RIGHTECH_BOOKINGS_STORE,
                RIGHTECH_DEFAULT_BOOKINGS_STORE.to_owned(),
            );
            env.0.insert(
                RIGHTECH_RESOURCES_STORE,
                RIGHTECH_SANDBOX_RESOURCES_STORE.to_owned(),
            );
            // The Rightech client appends `/api/v1` itself.
            sb.origin()
        }
    };
    Ok((base_url, env))
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
    use crate::exit::Class;
    use clap::CommandFactory;

    #[test]
    fn help_names_every_credential_variable() {
        let help = crate::args::Cli::command().render_help().to_string();
        for name in ALL_VARIABLES {
            assert!(help.contains(name), "{name} missing from --help");
        }
    }

    #[test]
    fn rightech_takes_a_token_or_a_login_and_a_store() {
        let e = provider(VendorArg::Rightech, None, TimeZone::UTC, &MapEnv::default())
            .err()
            .unwrap();
        assert_eq!(e.class(), Class::Credentials);
        assert!(e.to_string().contains(RIGHTECH_TOKEN), "{e}");
        assert!(e.to_string().contains(RIGHTECH_LOGIN), "{e}");

        // A login without its password is not enough, and the login is not shown.
        let mut env = MapEnv::default();
        env.0.insert(RIGHTECH_LOGIN, "api-user".into());
        let e = provider(VendorArg::Rightech, None, TimeZone::UTC, &env)
            .err()
            .unwrap();
        assert_eq!(e.class(), Class::Credentials);
        assert!(!e.to_string().contains("api-user"), "{e}");

        // Login and password; the default store and no resources store.
        env.0.insert(RIGHTECH_PASSWORD, "pw".into());
        let p = provider(VendorArg::Rightech, None, TimeZone::UTC, &env).unwrap();
        let caps = p.capabilities();
        assert_eq!(caps.vendor, "rightech");
        assert!(!caps.resources);

        // A resources store turns `resources` on.
        env.0.insert(RIGHTECH_RESOURCES_STORE, "rooms".into());
        let p = provider(VendorArg::Rightech, None, TimeZone::UTC, &env).unwrap();
        assert!(p.capabilities().resources);

        // A store name that is not one is a usage error, before anything is sent.
        env.0.insert(RIGHTECH_BOOKINGS_STORE, "..".into());
        let e = provider(VendorArg::Rightech, None, TimeZone::UTC, &env)
            .err()
            .unwrap();
        assert_eq!(e.class(), Class::Usage, "{e}");
        assert_eq!(
            sandbox_vendor(VendorArg::Rightech),
            sandbox::Vendor::Rightech
        );
    }

    #[test]
    fn a_missing_variable_is_named_and_no_value_is_shown() {
        let mut env = MapEnv::default();
        env.0.insert(LAUNCH27_EMAIL, "pat@example.com".into());
        let e = provider(VendorArg::Launch27, None, TimeZone::UTC, &env)
            .err()
            .unwrap();
        assert_eq!(e.class(), Class::Credentials);
        assert!(e.to_string().contains(LAUNCH27_PASSWORD), "{e}");
        assert!(!e.to_string().contains("pat@example.com"), "{e}");
    }
}
