//! Tokens and credentials as types whose `Debug` never shows them and whose memory is wiped on drop.

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! secret_string {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone)]
        pub struct $name(SecretString);

        impl $name {
            /// Wraps a value.
            pub fn new(value: impl Into<String>) -> Self {
                Self(SecretString::from(value.into()))
            }

            /// The value itself: only for putting it into a request or a sealed store.
            pub fn expose(&self) -> &str {
                self.0.expose_secret()
            }
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, concat!(stringify!($name), "(<redacted>)"))
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.expose() == other.expose()
            }
        }

        impl Eq for $name {}

        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self::new(value)
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::new(value)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.expose())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                String::deserialize(d).map(Self::new)
            }
        }

        #[cfg(feature = "openapi")]
        impl ::utoipa::PartialSchema for $name {
            fn schema() -> ::utoipa::openapi::RefOr<::utoipa::openapi::schema::Schema> {
                ::utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(::utoipa::openapi::schema::Type::String)
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl ::utoipa::ToSchema for $name {}
    };
}

secret_string! {
    /// A client secret (`bb_test_…`, `bb_live_…`), sent only as `X-Client-Secret`.
    ClientSecret
}

secret_string! {
    /// A short-lived link token (`lt_sandbox_…`) that opens one Connect session.
    LinkTokenSecret
}

secret_string! {
    /// A single-use public token (`pt_sandbox_…`) from Connect's `onSuccess`.
    PublicToken
}

secret_string! {
    /// A long-lived access token (`at_sandbox_…`) for one link's bills.
    AccessToken
}

secret_string! {
    /// A biller password typed into Connect.
    Password
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value_but_json_carries_it() {
        let token = AccessToken::new("at_sandbox_0123456789abcdef");
        assert_eq!(format!("{token:?}"), "AccessToken(<redacted>)");
        assert_eq!(
            serde_json::to_string(&token).unwrap(),
            "\"at_sandbox_0123456789abcdef\""
        );
        let back: AccessToken = serde_json::from_str("\"at_sandbox_0123456789abcdef\"").unwrap();
        assert_eq!(back, token);
    }
}
