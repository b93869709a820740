//! Card payments (docs/vendors/launch27.md §14): Stripe setup intents and FullSteam hosted
//! payments. Raw card numbers are never sent to the API.

use core_http::Result;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Client;
use crate::common::{Extra, check_email, check_len};

/// Input of `payments.setup_intent`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CreateSetupIntent {
    /// Customer e-mail.
    pub email: model_kit::Email,
}

impl CreateSetupIntent {
    /// A setup intent for the customer with this e-mail.
    pub fn new(email: impl Into<String>) -> Self {
        CreateSetupIntent {
            email: model_kit::Email::new(email),
        }
    }
}

/// A Stripe setup intent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SetupIntent {
    /// Client secret for Stripe.js.
    #[serde(default)]
    pub stripe_setup_intent_secret: Option<String>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Input of `payments.authorize_charge`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AuthorizeCharge {
    /// Stripe token.
    pub token: String,
    /// The confirmed setup intent.
    pub stripe_setup_intent_id: String,
}

impl AuthorizeCharge {
    /// Authorizes with a Stripe token and the confirmed setup intent.
    pub fn new(token: impl Into<String>, stripe_setup_intent_id: impl Into<String>) -> Self {
        AuthorizeCharge {
            token: token.into(),
            stripe_setup_intent_id: stripe_setup_intent_id.into(),
        }
    }
}

/// The result of a charge authorization (a 3-D Secure style flow).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ChargeAuthorization {
    /// Payment intent client secret.
    #[serde(default)]
    pub stripe_payment_intent_secret: Option<String>,
    /// The customer must act.
    #[serde(default)]
    pub stripe_requires_action: Option<bool>,
    /// Setup intent client secret.
    #[serde(default)]
    pub stripe_setup_intent_secret: Option<String>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A FullSteam hosted-payments key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FspayToken {
    /// Key for the hosted payment page.
    #[serde(default)]
    pub authentication_key: Option<String>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Input of `payments.fspay_exchange`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FspayExchange {
    /// Account id from the hosted payment page.
    pub hosted_payment_account_id: String,
}

impl FspayExchange {
    /// Exchanges the account id of the hosted payment page.
    pub fn new(hosted_payment_account_id: impl Into<String>) -> Self {
        FspayExchange {
            hosted_payment_account_id: hosted_payment_account_id.into(),
        }
    }
}

/// A FullSteam payment method.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FspayPaymentMethod {
    /// Payment method id (for bookings and gift cards).
    #[serde(default)]
    pub fspay_payment_method_id: Option<String>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The payments handle ([`Client::payments`]).
#[derive(Clone, Debug)]
pub struct Payments {
    client: Client,
}

impl Client {
    /// Card payments (`payments.*`).
    pub fn payments(&self) -> Payments {
        Payments {
            client: self.clone(),
        }
    }
}

impl Payments {
    /// `POST /setup/billing/setup_intent` (`payments.setup_intent`). Not retried.
    pub async fn setup_intent(&self, request: &CreateSetupIntent) -> Result<SetupIntent> {
        check_email("email", &request.email)?;
        self.client
            .post_write("/setup/billing/setup_intent", request)
            .await
    }

    /// `POST /setup/billing/authorize_charge` (`payments.authorize_charge`). Not retried.
    pub async fn authorize_charge(&self, request: &AuthorizeCharge) -> Result<ChargeAuthorization> {
        check_len("token", &request.token, 1, usize::MAX)?;
        check_len(
            "stripe_setup_intent_id",
            &request.stripe_setup_intent_id,
            1,
            usize::MAX,
        )?;
        self.client
            .post_write("/setup/billing/authorize_charge", request)
            .await
    }

    /// `POST /fspay/token` (`payments.fspay_token`). The vendor takes no body; `{}` is sent
    /// because Launch27 answers 400 to an empty POST body where JSON may be expected
    /// (docs/vendors/launch27.md §3).
    pub async fn fspay_token(&self) -> Result<FspayToken> {
        self.client
            .post_write("/fspay/token", &serde_json::json!({}))
            .await
    }

    /// `POST /fspay/token/exchange` (`payments.fspay_exchange`).
    pub async fn fspay_exchange(&self, request: &FspayExchange) -> Result<FspayPaymentMethod> {
        check_len(
            "hosted_payment_account_id",
            &request.hosted_payment_account_id,
            1,
            usize::MAX,
        )?;
        self.client
            .post_write("/fspay/token/exchange", request)
            .await
    }
}
