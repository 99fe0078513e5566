//! Persistence (IndexedDB in the browser) and import/export.
