//! The BillerAPI sandbox emulator: the documented API, the sandbox test values and the hosted
//! Connect pages, served on loopback so Billkeep and its tests work with no network.
//!
//! ```no_run
//! # async fn demo() -> Result<(), billerapi_sandbox::Error> {
//! use billerapi_sandbox::{serve, ClientCredentials, Config};
//! let client = ClientCredentials::generate();
//! let sandbox = serve(Config { clients: vec![client], ..Config::default() }).await?;
//! println!("BillerAPI sandbox at {}", sandbox.base_url());
//! sandbox.shutdown().await;
//! # Ok(()) }
//! ```

mod auth;
mod caller;
mod catalog;
mod clock;
mod dialect;
mod emails;
mod error;
mod extract;
mod idempotency;
mod link_flow;
mod link_requests;
mod links;
mod middleware;
mod model;
mod rate_limit;
mod routes;
mod scenarios;
mod server;
mod state;
mod statements;
mod store;
mod syncs;
mod tokens;

pub use dialect::{Dialect, ErrorFormat};
pub use error::Error;
pub use rate_limit::{RateLimit, RateLimits};
pub use server::{serve, ClientCredentials, Config, Sandbox};

/// The OpenAPI document of the emulator's API, as served at `/openapi.json`.
pub fn openapi() -> serde_json::Value {
    routes::api().1
}
