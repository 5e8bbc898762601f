//! Typed async client and wire types for BillerAPI.
//!
//! The client and its wire types arrive with the client issue; this crate exists now so the
//! workspace has its final shape and every later change lands in the part that owns it.
