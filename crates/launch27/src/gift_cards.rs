//! Gift cards (docs/vendors/launch27.md §13). A plan feature: without `features.gift_cards` every
//! call answers 403, reported as [`core_http::ApiErrorKind::FeatureUnavailable`].

use core_http::http::Method;
use core_http::{Error, Result};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Client;
use crate::booking::{GaItem, GaTransaction};
use crate::common::{Extra, Money, check_email, check_len};

/// Input of `gift_cards.create`: buy a gift card.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CreateGiftCard {
    /// Recipient's name.
    pub recipient_name: String,
    /// Recipient's e-mail.
    pub recipient_email: model_kit::Email,
    /// Sender's name.
    pub sender_name: String,
    /// Sender's e-mail.
    pub sender_email: model_kit::Email,
    /// Message on the card.
    pub message: String,
    /// Value (more than 0).
    pub amount: Money,
    /// Discount code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount_code: Option<String>,
    /// reCAPTCHA token, where the tenant requires one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recaptcha_token: Option<String>,
    /// FullSteam payment method (from `payments.fspay_exchange`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fspay_payment_method_id: Option<String>,
}

impl CreateGiftCard {
    /// A gift card with the six required members.
    pub fn new(
        recipient_name: impl Into<String>,
        recipient_email: impl Into<String>,
        sender_name: impl Into<String>,
        sender_email: impl Into<String>,
        message: impl Into<String>,
        amount: impl Into<Money>,
    ) -> Self {
        CreateGiftCard {
            recipient_name: recipient_name.into(),
            recipient_email: model_kit::Email::new(recipient_email),
            sender_name: sender_name.into(),
            sender_email: model_kit::Email::new(sender_email),
            message: message.into(),
            amount: amount.into(),
            discount_code: None,
            recaptcha_token: None,
            fspay_payment_method_id: None,
        }
    }

    fn validate(&self) -> Result<()> {
        check_len("recipient_name", &self.recipient_name, 1, 255)?;
        check_email("recipient_email", &self.recipient_email)?;
        check_len("sender_name", &self.sender_name, 1, 255)?;
        check_email("sender_email", &self.sender_email)?;
        if self.amount.0 <= rust_decimal::Decimal::ZERO {
            return Err(Error::validation("amount", "must be more than 0"));
        }
        Ok(())
    }
}

model_kit::setters!(CreateGiftCard {
    discount_code: String,
    recaptcha_token: String,
    fspay_payment_method_id: String,
});

/// The answer to a gift card purchase.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GiftCardPurchase {
    /// Analytics transaction (`affilation` sic).
    #[serde(default)]
    pub ga_transaction: Option<GaTransaction>,
    /// Analytics item.
    #[serde(default)]
    pub ga_item: Option<GaItem>,
    /// Client secret of the Stripe payment intent, for Stripe.js.
    #[serde(default)]
    pub stripe_payment_intent_secret: Option<String>,
    /// Stripe needs a further customer action (3-D Secure).
    #[serde(default)]
    pub stripe_requires_action: Option<bool>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Input of `gift_cards.check_discount`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CheckGiftCardDiscount {
    /// Buyer's e-mail.
    pub email: String,
    /// Discount code.
    pub code: String,
}

impl CheckGiftCardDiscount {
    /// What `code` takes off a gift card bought by `email`.
    pub fn new(email: impl Into<String>, code: impl Into<String>) -> Self {
        CheckGiftCardDiscount {
            email: email.into(),
            code: code.into(),
        }
    }
}

/// The discount a code gives on a gift card.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GiftCardDiscount {
    /// Message.
    #[serde(default)]
    pub message: Option<String>,
    /// Percent off.
    #[serde(default)]
    pub percent: Option<Money>,
    /// Members not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The gift cards handle ([`Client::gift_cards`]).
#[derive(Clone, Debug)]
pub struct GiftCards {
    client: Client,
}

impl Client {
    /// Gift cards (`gift_cards.*`).
    pub fn gift_cards(&self) -> GiftCards {
        GiftCards {
            client: self.clone(),
        }
    }
}

impl GiftCards {
    /// `POST /giftcard` (`gift_cards.create`): buy a gift card. Not retried.
    ///
    /// # Errors
    ///
    /// `403` ([`ApiErrorKind::FeatureUnavailable`](core_http::ApiErrorKind)) when the plan lacks
    /// gift cards; [`Error::Validation`] before sending for an empty name, a bad e-mail or an
    /// amount of 0 or less.
    pub async fn create(&self, request: &CreateGiftCard) -> Result<GiftCardPurchase> {
        request.validate()?;
        self.client.post_write("/giftcard", request).await
    }

    /// `POST /giftcard/discount` (`gift_cards.check_discount`): what a code takes off. A read
    /// sent as POST.
    ///
    /// # Errors
    ///
    /// `403` ([`ApiErrorKind::FeatureUnavailable`](core_http::ApiErrorKind)) when the plan lacks
    /// gift cards.
    pub async fn check_discount(
        &self,
        request: &CheckGiftCardDiscount,
    ) -> Result<GiftCardDiscount> {
        check_email("email", &request.email)?;
        check_len("code", &request.code, 1, 255)?;
        let rb = self.client.request(Method::POST, "/giftcard/discount");
        self.client.post_read(rb, request).await
    }
}
