//! The one door to the data. Pages ask the [`Backend`]; it keeps the event log and enforces
//! who may do what, whatever the page shows.

mod local;

use std::fmt;

use csp_domain::{Customer, CustomerId, Market, User, UserId};
use leptos::prelude::*;

pub use local::{LocalBackend, StoreReport, EVENTS_KEY};

/// Why a request gave no answer, in words a person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackendError {
    /// No customer has this id.
    CustomerNotFound(CustomerId),
    /// The store could not be reached or read.
    Unavailable(String),
}

impl fmt::Display for BackendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BackendError::CustomerNotFound(id) => write!(f, "no customer with id {id}"),
            BackendError::Unavailable(reason) => f.write_str(reason),
        }
    }
}

/// Which customers a list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerFilter {
    /// Part of a name, default domain or tenant GUID; empty for all.
    pub search: String,
    /// Only this market, if set.
    pub market: Option<Market>,
}

/// A page of customers, with how many there are in all.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerList {
    pub customers: Vec<Customer>,
    pub total: usize,
    /// Every market that has a customer, for the market filter.
    pub markets: Vec<Market>,
}

/// Where the data lives. `Http` joins when the server lands; both answer the same calls.
#[derive(Clone)]
pub enum Backend {
    /// The embedded backend: the event log in this browser's `localStorage`.
    Local(LocalBackend),
}

impl Backend {
    /// The customers that match `filter`, by name.
    pub async fn customers(&self, filter: CustomerFilter) -> Result<CustomerList, BackendError> {
        match self {
            Backend::Local(local) => local.customers(&filter),
        }
    }

    /// One customer.
    pub async fn customer(&self, id: CustomerId) -> Result<Customer, BackendError> {
        match self {
            Backend::Local(local) => local.customer(&id),
        }
    }

    /// The users one can sign in as.
    pub async fn users(&self) -> Result<Vec<User>, BackendError> {
        match self {
            Backend::Local(local) => Ok(local.users()),
        }
    }

    /// The user with `id`, if there is one.
    pub async fn user(&self, id: UserId) -> Result<Option<User>, BackendError> {
        Ok(self
            .users()
            .await?
            .into_iter()
            .find(|user| user.id() == &id))
    }
}

/// The backend, provided once by the shell.
pub fn use_backend() -> Backend {
    expect_context::<Backend>()
}
