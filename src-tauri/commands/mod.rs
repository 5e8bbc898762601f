//! The commands the webview may invoke, one module per screen's needs. Each one validates its
//! input and delegates to `billkeep-core`; none returns a token or a secret.

pub(crate) mod app;
pub(crate) mod bills;
pub(crate) mod links;
pub(crate) mod settings;
pub(crate) mod support;
