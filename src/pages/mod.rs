//! One module per page.

mod activity_log;
mod add_products;
mod billing;
mod customer;
mod customers;
mod download_link;
mod home;
mod not_found;
pub(crate) mod orders;
mod settings;
mod software;
pub(crate) mod subscriptions;
mod support;
mod support_request;
mod vl_to_csp;
mod your_products;

pub use activity_log::ActivityLogPage;
pub use add_products::AddProductsPage;
pub use billing::BillingPage;
pub use customer::CustomerPage;
pub use customers::CustomersPage;
pub use download_link::DownloadLinkPage;
pub use home::Home;
pub use not_found::NotFound;
pub use orders::OrderPage;
pub use settings::SettingsPage;
pub use software::SoftwareTab;
pub use support::{ReportAProblemPage, SupportPage};
pub use vl_to_csp::VlToCspPage;
pub use your_products::YourProductsPage;
// The shell takes the clock from here; it lives with the shared components.
pub use crate::components::SimulationClock;
pub use subscriptions::SubscriptionPage;
