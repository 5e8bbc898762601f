//! Typed async client and wire types for BillerAPI.
//!
//! One module per API area, each holding the request and response types of its endpoints with
//! the documented field names. The sandbox emulator serves these same types, and golden JSON
//! fixtures taken from the documented examples pin them to the docs.

#[macro_use]
mod open_enum;

pub mod accounts;
pub mod amount;
pub mod billers;
pub mod bills;
mod client;
pub mod currency;
pub mod dates;
pub mod emails;
mod error;
pub mod error_body;
pub mod link;
pub mod link_request;
pub mod pacing;
pub mod retry;
pub mod sandbox;
pub mod secret;
pub mod sync;

pub use client::{Client, ClientBuilder, ClientCredentials, Environment};
pub use error::Error;
pub use reqwest::Url;
