//! Account data: settings, platform settings, the user's profile, countries
//! (docs/vendors/launch27.md §8).

use core_http::Result;
use futures::Stream;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Client;
use crate::auth::UserType;
use crate::common::{Extra, UserId};

model_kit::open_enum! {
    /// Account status (`GET /settings` → `status`, docs/vendors/launch27.md §8).
    pub enum AccountStatus {
        /// `trial`.
        Trial = "trial",
        /// `active`.
        Active = "active",
        /// `frozen`.
        Frozen = "frozen",
        /// `sleep`.
        Sleep = "sleep",
    }
}

/// `GET /settings`: the business's settings; what is present depends on login state, user
/// type, plan features and integrations, so everything is optional.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Settings {
    /// Business name.
    #[serde(default)]
    pub name: Option<String>,
    /// Account status.
    #[serde(default)]
    pub status: Option<AccountStatus>,
    /// IANA time zone of the tenant: every incoming datetime is read in it.
    #[serde(default)]
    pub timezone: Option<String>,
    /// Sandbox account.
    #[serde(default)]
    pub sandbox: Option<bool>,
    /// Setup finished.
    #[serde(default)]
    pub setup_complete: Option<bool>,
    /// Currency.
    #[serde(default)]
    pub currency: Option<Currency>,
    /// Country, with its states.
    #[serde(default)]
    pub country: Option<Value>,
    /// Plan features (`gift_cards`, `multiple_locations`, ...) and the nested `booking` object.
    #[serde(default)]
    pub features: Option<Features>,
    /// Payment methods enabled.
    #[serde(default)]
    pub payment_methods: Option<Value>,
    /// Default location `{id, name}`.
    #[serde(default)]
    pub default_location: Option<Value>,
    /// Stripe publishable key (authenticated only).
    #[serde(default)]
    pub stripe_public_key: Option<String>,
    /// Real-time notifications URL (`wss://...`, authenticated only; docs/vendors/launch27.md §8).
    #[serde(default)]
    pub pubsub_url: Option<String>,
    /// Members not modelled here (logo, locale, giftcards, team_permissions, ...).
    #[serde(flatten)]
    pub extra: Extra,
}

impl Settings {
    /// The tenant's time zone, when the settings name one that is known here.
    pub fn time_zone(&self) -> Option<jiff::tz::TimeZone> {
        self.timezone
            .as_deref()
            .and_then(|name| jiff::tz::TimeZone::get(name).ok())
    }
}

/// `{code, symbol}` of the account currency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Currency {
    /// Lower-case ISO code (`usd`).
    #[serde(default)]
    pub code: Option<String>,
    /// Symbol (`$`).
    #[serde(default)]
    pub symbol: Option<String>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Plan features: flags by name, and booking options.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Features {
    /// Gift cards (their endpoints answer 403 without it).
    #[serde(default)]
    pub gift_cards: Option<bool>,
    /// Several locations.
    #[serde(default)]
    pub multiple_locations: Option<bool>,
    /// Booking options (`availability_mode`, `tips`, `sales_tax`, ...).
    #[serde(default)]
    pub booking: Option<Value>,
    /// Every other flag.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /settings/general`: platform data (plans, add-ons, locales, marketing sources).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GeneralSettings {
    /// Trial length.
    #[serde(default)]
    pub trial_days: Option<u32>,
    /// Stripe publishable key.
    #[serde(default)]
    pub stripe_public_key: Option<String>,
    /// Plans.
    #[serde(default)]
    pub plans: Vec<Value>,
    /// Add-ons.
    #[serde(default)]
    pub addons: Vec<Value>,
    /// Locales `{code, title}`.
    #[serde(default)]
    pub locales: Vec<Value>,
    /// Marketing sources `{id, name, explanation_required}`.
    #[serde(default)]
    pub leads: Vec<Value>,
    /// Members not modelled here (analytics and support ids).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /profile`: the logged-in user.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Profile {
    /// User id.
    pub user_id: UserId,
    /// User type.
    #[serde(default)]
    pub user_type: Option<UserType>,
    /// E-mail.
    #[serde(default)]
    pub email: Option<model_kit::Email>,
    /// First name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// Phone.
    #[serde(default)]
    pub phone: Option<model_kit::Phone>,
    /// Avatar URL.
    #[serde(default)]
    pub image: Option<String>,
    /// Two-factor login on.
    #[serde(default)]
    pub has_twofactor: Option<bool>,
    /// Account creation.
    #[serde(default)]
    pub created_at: Option<jiff::Timestamp>,
    /// Members not modelled here (Intercom ids and hashes).
    #[serde(flatten)]
    pub extra: Extra,
}

/// One entry of `GET /countries`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Country {
    /// ISO code (`US`).
    pub code: String,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Dialling prefix (`+1`).
    #[serde(default)]
    pub phone_prefix: Option<String>,
    /// Metric units.
    #[serde(default)]
    pub metric_system: Option<bool>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The account handle ([`Client::account`]).
#[derive(Clone, Debug)]
pub struct Account {
    client: Client,
}

impl Client {
    /// Settings, profile, countries (`account.*`).
    pub fn account(&self) -> Account {
        Account {
            client: self.clone(),
        }
    }
}

impl Account {
    /// `GET /settings` (`account.settings`); more data when authenticated.
    pub async fn settings(&self) -> Result<Settings> {
        self.client.get_path("/settings").await
    }

    /// `GET /settings/general` (`account.general_settings`). Observed answering JSON labelled
    /// `text/plain`; the body is read as JSON regardless.
    pub async fn general_settings(&self) -> Result<GeneralSettings> {
        self.client.get_path("/settings/general").await
    }

    /// `GET /profile` (`account.profile`); needs a login.
    pub async fn profile(&self) -> Result<Profile> {
        self.client.get_path("/profile").await
    }

    /// `GET /countries` (`account.list_countries`): every country, as a stream. Not paged by
    /// the vendor: one request answers everything (made on the first poll).
    pub fn list_countries(&self) -> impl Stream<Item = Result<Country>> + Send + 'static {
        let this = self.clone();
        Client::unpaged(async move { this.list_countries_page().await })
    }

    /// `GET /countries` (`account.list_countries_page`): every country. Not paged by the
    /// vendor: one request answers everything.
    pub async fn list_countries_page(&self) -> Result<Vec<Country>> {
        self.client.get_path("/countries").await
    }
}
