//! The rules of csp-desk, modelled on Partner Center's "Sell software subscriptions through CSP".
//!
//! Everything here is pure: time, ids and keys come in as arguments, so every rule is testable
//! to the second. The browser app and the server only call into this crate.

pub mod customer;
pub mod desk;
pub mod event;
pub mod language;
pub mod market;
pub mod role;
pub mod seed;

pub use customer::{Customer, CustomerId};
pub use desk::{evolve, Desk};
pub use event::{Event, EventKind};
pub use language::Language;
pub use market::Market;
pub use role::{PartnerRole, User, UserId};
