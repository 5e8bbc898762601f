//! E-mail biller discovery: the user consents at the mail provider, then BillerAPI lists the
//! bill e-mails it found (`POST /emails/gmail/oauth-url`, `POST /emails/gmail/connect`,
//! `GET /emails/messages`).

use reqwest::Method;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::amount::Amount;
use crate::client::{Auth, Call};
use crate::{Client, Error};

/// `POST /emails/gmail/oauth-url` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OAuthUrlRequest {
    /// Your identifier for the end user (their `client_user_id`).
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 256))]
    pub user_id: String,
    /// Your client id (this call carries no credentials).
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 256))]
    pub client_id: String,
    /// Where the provider sends the user back after consenting, with its query kept.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 2048, format = "uri")
    )]
    pub redirect_uri: String,
}

/// `POST /emails/gmail/oauth-url` response: `{oauth_url}`, or the overview's
/// `{success, data: {oauth_url}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(from = "WireOAuthUrl")]
pub struct OAuthUrl {
    /// The consent page to open in the user's browser.
    pub oauth_url: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum WireOAuthUrl {
    Bare { oauth_url: String },
    Wrapped { data: Box<WireOAuthUrl> },
}

impl From<WireOAuthUrl> for OAuthUrl {
    fn from(w: WireOAuthUrl) -> Self {
        match w {
            WireOAuthUrl::Bare { oauth_url } => OAuthUrl { oauth_url },
            WireOAuthUrl::Wrapped { data } => OAuthUrl::from(*data),
        }
    }
}

/// `POST /emails/gmail/connect` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EmailConnectRequest {
    /// The end user who consented.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 256))]
    pub user_id: String,
    /// Your client id (the same as the credentials').
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 256))]
    pub client_id: String,
}

/// `POST /emails/gmail/connect` response (the docs show none: every field is optional).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmailConnection {
    /// Whether the mailbox is connected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success: Option<bool>,
    /// The end user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// `CONNECTED` (the emulator's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

/// `GET /emails/messages` query (camelCase, as documented).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct EmailMessagesQuery {
    /// The end user.
    #[cfg_attr(feature = "openapi", param(min_length = 1, max_length = 256))]
    pub user_id: String,
    /// Received on or after this day (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(format = Date))]
    pub start_date: Option<String>,
    /// Received on or before this day (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(format = Date))]
    pub end_date: Option<String>,
    /// Page size, 1 to 100 (default 25).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 256))]
    pub cursor: Option<String>,
}

/// The Email Message object: one bill e-mail and what BillerAPI read from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmailMessage {
    /// Its id (`msg_…`).
    pub id: String,
    /// The end user.
    #[serde(default)]
    pub user_id: Option<String>,
    /// The sender.
    pub from: String,
    /// The subject line.
    pub subject: String,
    /// The biller it came from, when recognised.
    #[serde(default)]
    pub biller_id: Option<String>,
    /// That biller's name.
    #[serde(default)]
    pub biller_name: Option<String>,
    /// The amount billed, a decimal in major units (`142.50`).
    #[serde(default, with = "major_amount")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<f64>))]
    pub bill_amount: Option<Amount>,
    /// The due date read from it (`YYYY-MM-DD`, or a timestamp whose day is used).
    #[serde(default, with = "lenient_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub due_date: Option<Date>,
    /// When it arrived.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub received_at: OffsetDateTime,
}

/// `GET /emails/messages` response: `{messages | data | emails, next_cursor, has_more}`, or a
/// bare array.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(from = "WireMessages")]
pub struct EmailMessagePage {
    /// This page's messages, newest first.
    pub messages: Vec<EmailMessage>,
    /// Where the next page starts, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
    /// Whether there is a next page.
    #[serde(default)]
    pub has_more: bool,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum WireMessages {
    Bare(Vec<EmailMessage>),
    Wrapped {
        #[serde(alias = "data", alias = "emails", alias = "items")]
        messages: Vec<EmailMessage>,
        #[serde(default)]
        next_cursor: Option<String>,
        #[serde(default)]
        has_more: Option<bool>,
    },
}

impl From<WireMessages> for EmailMessagePage {
    fn from(w: WireMessages) -> Self {
        match w {
            WireMessages::Bare(messages) => EmailMessagePage {
                messages,
                next_cursor: None,
                has_more: false,
            },
            WireMessages::Wrapped {
                messages,
                next_cursor,
                has_more,
            } => EmailMessagePage {
                has_more: has_more.unwrap_or(next_cursor.is_some()),
                messages,
                next_cursor,
            },
        }
    }
}

/// `bill_amount` is documented in major units: an integer `142` is 142.00, not 1.42.
mod major_amount {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::amount::Amount;

    pub fn serialize<S: Serializer>(amount: &Option<Amount>, s: S) -> Result<S::Ok, S::Error> {
        match amount {
            Some(Amount::Major(text)) => match text.parse::<f64>() {
                Ok(v) => s.serialize_f64(v),
                Err(_) => s.serialize_str(text),
            },
            Some(Amount::Minor(n)) => s.serialize_i64(*n),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Amount>, D::Error> {
        Ok(Option::<Amount>::deserialize(d)?.map(|a| match a {
            Amount::Minor(n) => Amount::Major(n.to_string()),
            major => major,
        }))
    }
}

/// A date as `YYYY-MM-DD`, or the day of a timestamp.
mod lenient_date {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Date;

    pub fn serialize<S: Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(d) => s.serialize_str(&crate::dates::format_date(*d)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        let Some(text) = Option::<String>::deserialize(d)? else {
            return Ok(None);
        };
        text.get(..10)
            .and_then(crate::dates::parse_date)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom(format!("{text:?} is not a date")))
    }
}

impl Client {
    /// `POST /emails/gmail/oauth-url` (no credentials; the body names the client).
    pub async fn email_oauth_url(&self, request: &OAuthUrlRequest) -> Result<OAuthUrl, Error> {
        self.send(Call::new(Method::POST, "/emails/gmail/oauth-url", Auth::None).json(request)?)
            .await
    }

    /// `POST /emails/gmail/connect` (client credentials), after the user consented.
    pub async fn email_connect(&self, user_id: &str) -> Result<EmailConnection, Error> {
        let request = EmailConnectRequest {
            user_id: user_id.to_owned(),
            client_id: self.require_client_id()?,
        };
        self.send(Call::new(Method::POST, "/emails/gmail/connect", Auth::Client).json(&request)?)
            .await
    }

    /// `GET /emails/messages` (client credentials): one page.
    pub async fn email_messages(
        &self,
        query: &EmailMessagesQuery,
    ) -> Result<EmailMessagePage, Error> {
        self.send(Call::new(Method::GET, "/emails/messages", Auth::Client).query(query)?)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_oauth_url_shapes_are_read() {
        let bare: OAuthUrl = serde_json::from_str(r#"{"oauth_url":"https://a/x"}"#).unwrap();
        let wrapped: OAuthUrl =
            serde_json::from_str(r#"{"success":true,"data":{"oauth_url":"https://a/x"}}"#).unwrap();
        assert_eq!(bare, wrapped);
        assert_eq!(bare.oauth_url, "https://a/x");
    }

    #[test]
    fn messages_in_every_shape_with_major_unit_amounts() {
        let one = r#"{"id":"msg_1","user_id":"u","from":"billing@electric.example.com",
            "subject":"Your bill","biller_id":"test_electric_company","biller_name":"Test Electric Company",
            "bill_amount":142.50,"due_date":"2026-12-15","received_at":"2026-11-30T08:00:00Z"}"#;
        let whole = one.replace("142.50", "142");
        let shapes = [
            format!(r#"{{"messages":[{one}],"next_cursor":"c","has_more":true}}"#),
            format!(r#"{{"data":[{one}],"next_cursor":"c"}}"#),
            format!("[{one}]"),
        ];
        for shape in &shapes {
            let page: EmailMessagePage = serde_json::from_str(shape).unwrap();
            let m = &page.messages[0];
            assert_eq!(m.bill_amount.as_ref().unwrap().to_minor("USD"), Ok(14250));
            assert_eq!(m.due_date, crate::dates::parse_date("2026-12-15"));
        }
        let page: EmailMessagePage = serde_json::from_str(&format!("[{whole}]")).unwrap();
        assert_eq!(
            page.messages[0]
                .bill_amount
                .as_ref()
                .unwrap()
                .to_minor("USD"),
            Ok(14200),
            "an integer bill_amount is major units"
        );
        let stamp = one.replace("\"2026-12-15\"", "\"2026-12-15T00:00:00Z\"");
        let page: EmailMessagePage = serde_json::from_str(&format!("[{stamp}]")).unwrap();
        assert_eq!(
            page.messages[0].due_date,
            crate::dates::parse_date("2026-12-15")
        );
    }
}
