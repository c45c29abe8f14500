//! Pieces used by several pages.

pub mod browser;
mod clock;
mod customer_choice;
mod data_table;
mod dialog;
mod failure;
mod focus;
mod keyed_rows;
mod link_tabs;
mod load_error;
mod loaded;
mod pager;
mod plan_select;

pub use clock::SimulationClock;
pub use customer_choice::customer_choice;
pub use data_table::DataTable;
pub use dialog::Dialog;
pub use failure::{error_text, WriteFailure};
pub use focus::{after_drawing, focus_soon};
pub use keyed_rows::{KeyedRow, KeyedRows};
pub use link_tabs::{LinkTab, LinkTabs};
pub use load_error::LoadError;
pub use loaded::{loaded, loaded_into};
pub use pager::{page_in_url, page_in_url_by, pager, pager_in_url};
pub use plan_select::PlanSelect;
