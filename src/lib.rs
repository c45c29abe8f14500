//! csp-desk: the partner console in the browser. Pages over signals; every rule is decided by
//! `csp-domain`, reached through the [`backend::Backend`].

pub mod app;
pub mod backend;
pub mod components;
pub mod i18n;
pub mod pages;
pub mod preferences;
pub mod routes;
pub mod session;
pub mod storage;

pub use app::App;
