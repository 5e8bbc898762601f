//! The BillerAPI sandbox emulator: the documented API, the sandbox test values and the hosted
//! Connect pages, served on loopback so Billkeep and its tests work with no network.
//!
//! The emulator arrives with the sandbox issue; this crate exists now so the workspace has its
//! final shape.
