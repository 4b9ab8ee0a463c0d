//! Results derived from the records (the rotation report of a year, say),
//! kept while the records version stands: computing one may read every
//! assignment of a Tokyo-scale city, and the records change only with an
//! import or an entry, which bumps the version and so empties the cache.

use crate::{Store, StoreError};
use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Entries kept at once; beyond, the cache starts afresh.
const MAX_ENTRIES: usize = 64;

type Entry = Arc<dyn Any + Send + Sync>;

#[derive(Debug, Default)]
pub(crate) struct DerivedCache {
    /// The records version the entries were derived at, and the entries.
    entries: Mutex<(i64, HashMap<String, Entry>)>,
}

impl Store {
    /// What `make` derives for `key` from the records as they stand: made
    /// once per records version, then shared. The key must name everything
    /// the result depends on besides the records (a year, settings, the
    /// day when "today" matters).
    pub async fn derived<T, E, F, Fut>(&self, key: &str, make: F) -> std::result::Result<Arc<T>, E>
    where
        T: Any + Send + Sync,
        E: From<StoreError>,
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = std::result::Result<T, E>>,
    {
        // The version before the records are read: were they changed
        // meanwhile, the result is kept under the older version and
        // dropped at the next look.
        let version = self.records_version().await?;
        if let Some(hit) = self.derived_get(version, key) {
            return Ok(hit);
        }
        let made = Arc::new(make().await?);
        if let Ok(mut e) = self.derived.entries.lock() {
            if e.0 != version || e.1.len() >= MAX_ENTRIES {
                *e = (version, HashMap::new());
            }
            e.1.insert(key.to_owned(), made.clone());
        }
        Ok(made)
    }

    fn derived_get<T: Any + Send + Sync>(&self, version: i64, key: &str) -> Option<Arc<T>> {
        let e = self.derived.entries.lock().ok()?;
        if e.0 != version {
            return None;
        }
        e.1.get(key).cloned()?.downcast::<T>().ok()
    }
}
