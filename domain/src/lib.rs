//! The rules of csp-desk, modelled on Partner Center's "Sell software subscriptions through CSP".
//!
//! Everything here is pure: time, ids and keys come in as arguments, so every rule is testable
//! to the second. The browser app and the server only call into this crate, through
//! [`decide`] (what happens when a user asks for a [`Command`]), [`evolve`] (how an [`Event`]
//! changes the [`Desk`]) and the reads on [`Desk`].

#![warn(missing_docs)]

pub mod accounts;
pub mod activity;
pub mod catalog;
pub mod command;
pub mod csv;
pub mod customer;
pub mod deadlines;
pub mod decide;
pub mod desk;
pub mod event;
pub mod execute;
pub mod export;
pub mod item;
pub mod language;
pub mod market;
pub mod money;
pub mod order;
pub mod paging;
pub mod queries;
pub mod refusal;
pub mod role;
pub mod seed;
pub mod sort;
pub mod support;
mod tagged;
pub mod time;
pub mod vl;
pub mod wire_time;

pub use activity::{
    ActivityKind, ActivityRecord, Charge, Credit, CreditsByMonth, InvoiceCredits, MonthCredits,
};
pub use catalog::{BillingPlan, CancellationPolicy, Delivery, Product, ProductKind, Sku, Term};
pub use command::{add_line, change_plan, Command, LineRequest};
pub use customer::{customers_from_csv, Customer, CustomerForm, CustomerId};
pub use deadlines::{Deadline, DeadlineFilter, DeadlineKind, Horizon};
pub use decide::decide;
pub use desk::{evolve, CancelOption, CatalogOffer, Desk};
pub use event::{Event, EventKind};
pub use execute::{execute, Executed, Intent, Reply};
pub use item::{
    DownloadLink, Entitlement, ItemId, ItemRef, ItemState, LinkToken, ProductKey, Purchase,
    PurchaseStatus, Selection, Subscription, SubscriptionStatus,
};
pub use language::Language;
pub use market::Market;
pub use money::{Money, Price};
pub use order::{Order, OrderId, OrderLine, OrderStatus};
pub use refusal::{Refusal, RowProblem};
pub use role::{Action, PartnerRole, User, UserId};
pub use support::{
    FieldProblem, FormField, Impact, ProblemType, SupportNote, SupportRequest, SupportRequestForm,
    SupportRequestId, SupportRequestStatus,
};
pub use time::{InvoiceMonth, Window};
pub use vl::{mak_deadline, mak_deadline_for_day, MakDeadline};
