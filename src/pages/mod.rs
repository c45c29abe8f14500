//! One module per page.

mod customer;
mod customers;
mod home;
mod not_found;
mod workspaces;

pub use customer::CustomerPage;
pub use customers::CustomersPage;
pub use home::Home;
pub use not_found::NotFound;
pub use workspaces::{ActivityLogPage, BillingPage, SettingsPage, SupportPage};
