//! One module per page.

mod add_products;
mod customer;
mod customers;
mod home;
mod not_found;
pub(crate) mod orders;
mod stubs_for_after_sale;
pub(crate) mod subscriptions;

pub use add_products::AddProductsPage;
pub use customer::CustomerPage;
pub use customers::CustomersPage;
pub use home::Home;
pub use not_found::NotFound;
pub use orders::OrderPage;
pub use stubs_for_after_sale::{
    ActivityLogPage, BillingPage, DownloadLinkPage, ReportAProblemPage, SettingsPage,
    SimulationClock, SoftwareTab, SupportPage, VlToCspPage, YourProductsPage,
};
pub use subscriptions::SubscriptionPage;
