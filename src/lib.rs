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

/// Files written from the code (`make generated`), checked to be current by `make test`.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod generated {
    /// Fails unless the file at `path` (from the crate's root) holds `expected`; writes it
    /// first when `UPDATE_GENERATED` is set.
    pub fn check(path: &str, expected: &str, what: &str) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        if std::env::var_os("UPDATE_GENERATED").is_some() {
            std::fs::write(&path, expected).unwrap();
        }
        let found = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            found == expected,
            "{} is not {what}; run `make generated`",
            path.display()
        );
    }
}
