//! Key-value storage: the browser's `localStorage`, or memory for native tests.

use std::collections::BTreeMap;
use std::sync::Mutex;

/// Why storage refused: unavailable (private mode, disabled) or full.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorageError(pub String);

/// A place that keeps strings under keys across reloads.
pub trait KeyValueStore: Send + Sync {
    /// The value under `key`, if any.
    fn get(&self, key: &str) -> Result<Option<String>, StorageError>;
    /// Keeps `value` under `key`, replacing what was there.
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError>;
    /// Every key held.
    fn keys(&self) -> Result<Vec<String>, StorageError>;
}

/// The browser's `localStorage`, looked up on each call so the handle needs no thread safety.
pub struct BrowserStorage;

impl BrowserStorage {
    fn storage() -> Result<web_sys::Storage, StorageError> {
        let unavailable = || StorageError("this browser does not allow local storage".to_owned());
        web_sys::window()
            .ok_or_else(unavailable)?
            .local_storage()
            .map_err(|_| unavailable())?
            .ok_or_else(unavailable)
    }
}

fn js_error(error: wasm_bindgen::JsValue) -> StorageError {
    // Browsers throw a QuotaExceededError DOMException when storage is full.
    let name = js_sys_error_name(&error).unwrap_or_else(|| "storage error".to_owned());
    StorageError(name)
}

fn js_sys_error_name(error: &wasm_bindgen::JsValue) -> Option<String> {
    use wasm_bindgen::JsCast;
    error
        .dyn_ref::<web_sys::DomException>()
        .map(|exception| exception.name())
}

impl KeyValueStore for BrowserStorage {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        Self::storage()?.get_item(key).map_err(js_error)
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        Self::storage()?.set_item(key, value).map_err(js_error)
    }

    fn keys(&self) -> Result<Vec<String>, StorageError> {
        let storage = Self::storage()?;
        let length = storage.length().map_err(js_error)?;
        Ok((0..length)
            .filter_map(|index| storage.key(index).ok().flatten())
            .collect())
    }
}

/// Storage in memory, for tests; `full` makes every write fail as a full browser store would.
#[derive(Default)]
pub struct MemoryStore {
    entries: Mutex<BTreeMap<String, String>>,
    full: bool,
}

impl MemoryStore {
    /// An empty store whose every write fails, as a full browser store does.
    pub fn full() -> MemoryStore {
        MemoryStore {
            full: true,
            ..MemoryStore::default()
        }
    }

    /// A store holding `entries`.
    pub fn with(entries: &[(&str, &str)]) -> MemoryStore {
        MemoryStore {
            entries: Mutex::new(
                entries
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            ),
            full: false,
        }
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, String>> {
        // A panic while holding the lock leaves plain data behind; keep using it.
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl KeyValueStore for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        Ok(self.entries().get(key).cloned())
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        if self.full {
            return Err(StorageError("QuotaExceededError".to_owned()));
        }
        self.entries().insert(key.to_owned(), value.to_owned());
        Ok(())
    }

    fn keys(&self) -> Result<Vec<String>, StorageError> {
        Ok(self.entries().keys().cloned().collect())
    }
}

/// JSON text decoded as `T`, by way of `serde_json::Value`.
// The text is parsed once, by one parser; decoding each type from a `Value` rather than from
// the text costs the wasm 4 KB gzipped less than a text parser inlined into every type.
pub fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> serde_json::Result<T> {
    serde_json::from_value(serde_json::from_str::<serde_json::Value>(text)?)
}
