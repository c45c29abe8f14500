//! Key-value storage: the browser's `localStorage`, or memory for native tests.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
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
    /// Forgets `key` and its value.
    fn remove(&self, key: &str) -> Result<(), StorageError>;
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

    fn remove(&self, key: &str) -> Result<(), StorageError> {
        Self::storage()?.remove_item(key).map_err(js_error)
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
        held(&self.entries)
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

    fn remove(&self, key: &str) -> Result<(), StorageError> {
        self.entries().remove(key);
        Ok(())
    }
}

/// What a store's call answers, once the browser has done it.
pub type Pending<T> = Pin<Box<dyn Future<Output = Result<T, StorageError>>>>;

/// A log of records kept in order across reloads, where adding one costs the same however
/// many there are: the local backend's events, one record per write.
pub trait RecordLog: Send + Sync {
    /// Every record, oldest first.
    fn read(&self) -> Pending<Vec<String>>;
    /// Adds `record` after the others; a failed add leaves the log as it was.
    fn append(&self, record: String) -> Pending<()>;
    /// Replaces every record by `records`: all of them or, on failure, none.
    fn replace(&self, records: Vec<String>) -> Pending<()>;
    /// Moves every record out of the log to a place kept aside; answers where.
    fn keep_aside(&self) -> Pending<String>;
}

/// Where the browser keeps the log: IndexedDB (`event_log.js`, beside the backend).
pub const BROWSER_LOG_NAME: &str = "csp-desk.events.v2";

#[wasm_bindgen::prelude::wasm_bindgen(module = "/src/backend/event_log.js")]
extern "C" {
    #[wasm_bindgen(js_name = readRecords)]
    fn read_records() -> js_sys::Promise;
    #[wasm_bindgen(js_name = appendRecord)]
    fn append_record(record: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = replaceRecords)]
    fn replace_records(records: Vec<String>) -> js_sys::Promise;
    #[wasm_bindgen(js_name = keepRecordsAside)]
    fn keep_records_aside() -> js_sys::Promise;
}

/// The browser's IndexedDB; the open database is held on the JavaScript side.
pub struct BrowserLog;

async fn settled(promise: js_sys::Promise) -> Result<wasm_bindgen::JsValue, StorageError> {
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(js_error)
}

impl RecordLog for BrowserLog {
    fn read(&self) -> Pending<Vec<String>> {
        Box::pin(async {
            let records = js_sys::Array::from(&settled(read_records()).await?);
            Ok(records
                .iter()
                .filter_map(|record| record.as_string())
                .collect())
        })
    }

    fn append(&self, record: String) -> Pending<()> {
        let promise = append_record(&record);
        Box::pin(async move { settled(promise).await.map(drop) })
    }

    fn replace(&self, records: Vec<String>) -> Pending<()> {
        let promise = replace_records(records);
        Box::pin(async move { settled(promise).await.map(drop) })
    }

    fn keep_aside(&self) -> Pending<String> {
        Box::pin(async {
            let entry = settled(keep_records_aside()).await?;
            // A whole number; `as` keeps float formatting out of the wasm.
            let number = entry.as_f64().unwrap_or_default() as u32;
            Ok(format!("{BROWSER_LOG_NAME}.unreadable.{number}"))
        })
    }
}

/// A log in memory, for tests; `full` makes every write fail as a full browser store would.
#[derive(Default)]
pub struct MemoryLog {
    records: Mutex<Vec<String>>,
    aside: Mutex<Vec<Vec<String>>>,
    full: bool,
}

impl MemoryLog {
    /// An empty log whose every write fails.
    pub fn full() -> MemoryLog {
        MemoryLog {
            full: true,
            ..MemoryLog::default()
        }
    }

    /// The records kept aside, by their number from 1.
    pub fn kept_aside(&self, number: usize) -> Option<Vec<String>> {
        held(&self.aside).get(number.checked_sub(1)?).cloned()
    }

    fn write(&self, change: impl FnOnce(&mut Vec<String>)) -> Pending<()> {
        let written = if self.full {
            Err(StorageError("QuotaExceededError".to_owned()))
        } else {
            change(&mut held(&self.records));
            Ok(())
        };
        Box::pin(std::future::ready(written))
    }
}

fn held<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding the lock leaves plain data behind; keep using it.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl RecordLog for MemoryLog {
    fn read(&self) -> Pending<Vec<String>> {
        Box::pin(std::future::ready(Ok(held(&self.records).clone())))
    }

    fn append(&self, record: String) -> Pending<()> {
        self.write(|records| records.push(record))
    }

    fn replace(&self, records: Vec<String>) -> Pending<()> {
        self.write(|kept| *kept = records)
    }

    fn keep_aside(&self) -> Pending<String> {
        let moved = std::mem::take(&mut *held(&self.records));
        let mut aside = held(&self.aside);
        aside.push(moved);
        let number = aside.len();
        Box::pin(std::future::ready(Ok(format!(
            "{BROWSER_LOG_NAME}.unreadable.{number}"
        ))))
    }
}

/// JSON text decoded as `T`, by way of `serde_json::Value`.
// The text is parsed once, by one parser; decoding each type from a `Value` rather than from
// the text costs the wasm 4 KB gzipped less than a text parser inlined into every type.
pub fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> serde_json::Result<T> {
    serde_json::from_value(serde_json::from_str::<serde_json::Value>(text)?)
}
