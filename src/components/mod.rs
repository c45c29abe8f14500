//! Pieces used by several pages.

mod load_error;

pub use load_error::LoadError;
