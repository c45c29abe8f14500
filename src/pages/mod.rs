//! One module per page.

mod activity_log;
mod add_customer;
mod add_products;
mod billing;
pub(crate) mod closing_soon;
mod customer;
mod customers;
mod download_link;
mod home;
mod not_found;
pub(crate) mod orders;
mod settings;
mod sign_in;
mod software;
pub(crate) mod subscriptions;
mod support;
mod support_request;
mod users;
mod vl_to_csp;
mod your_products;

pub use activity_log::ActivityLogPage;
pub use add_customer::AddCustomerPage;
pub use add_products::AddProductsPage;
pub use billing::BillingPage;
pub use closing_soon::ClosingSoonPage;
pub use customer::CustomerPage;
pub use customers::CustomersPage;
pub use download_link::DownloadLinkPage;
pub use home::Home;
pub use not_found::NotFound;
pub use orders::OrderPage;
pub use settings::SettingsPage;
pub use sign_in::SignInPage;
pub use software::SoftwareTab;
pub use support::{field_id as support_field_id, ReportAProblemPage, SupportPage};
pub use users::UsersPage;
pub use vl_to_csp::VlToCspPage;
pub use your_products::YourProductsPage;
// The shell takes the clock from here; it lives with the shared components.
pub use crate::components::SimulationClock;
pub use subscriptions::SubscriptionPage;
