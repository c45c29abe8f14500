//! Pieces used by several pages.

pub mod browser;
mod clock;
mod dialog;
pub mod format;
mod link_tabs;
mod load_error;

pub use clock::SimulationClock;
pub use dialog::Dialog;
pub use link_tabs::{LinkTab, LinkTabs};
pub use load_error::LoadError;
