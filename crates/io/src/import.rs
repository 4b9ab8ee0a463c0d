//! Importing an HR file into the store: read the sheet, check every row,
//! then write all records in one transaction — or nothing, with every
//! problem placed as row and column. Used by the CLI and the web upload.

use crate::read::people as sheets;
use crate::read::rows::{ColumnSpec, Parsed};
use crate::read::training;
use crate::read::{InputEncoding, Problem, Sheet, read_sheet_from};
use jinzai_domain::access::{Decision, Permission, Principal, decide};
use jinzai_domain::people::unit::RecordProblem;
use jinzai_domain::report::Table;
use jinzai_store::{ImportOptions, ImportSummary, Store, StoreError};
use std::future::Future;
use std::pin::Pin;

/// A store job: the future of a store call, boxed so that descriptors can
/// hold it as a plain function pointer.
pub type Job<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// A kind of records that files carry, as the module owning it registers
/// it: its name (the CLI's and the API's word for it), how a sheet of it is
/// read, checked and stored, and how the stored records are exported again
/// (export → import gives the same records).
#[derive(Debug)]
pub struct RecordKind {
    pub name: &'static str,
    /// The module that owns the records (`people`, `training` …).
    pub module: &'static str,
    /// What the importer (and an exporter on screen) must be granted: HR
    /// files `ImportPeople`, health records `HealthRecords`.
    pub permission: Permission,
    /// The columns a file of it has (headers Japanese first), as the
    /// import page lists them.
    pub columns: &'static [ColumnSpec],
    pub import: for<'a> fn(&'a Store, &'a Sheet, ImportOptions<'a>) -> Job<'a, Outcome>,
    pub export: for<'a> fn(&'a Store) -> Job<'a, Table>,
}

/// Every kind, module by module: a new module adds one line here.
fn registry() -> impl Iterator<Item = &'static RecordKind> {
    [
        sheets::KINDS,
        training::KINDS,
        crate::read::evaluation::KINDS,
        crate::read::exams::KINDS,
        crate::read::demotion::KINDS,
        crate::read::postings::KINDS,
        crate::read::talent::KINDS,
        crate::read::women::KINDS,
        crate::read::health::KINDS,
        crate::read::outreach::KINDS,
    ]
    .into_iter()
    .flatten()
}

/// A kind of HR records files carry (a handle on its [`RecordKind`]).
#[derive(Clone, Copy)]
pub struct Kind(&'static RecordKind);

impl Kind {
    /// Every kind, in the modules' order.
    pub fn all() -> impl Iterator<Item = Kind> {
        registry().map(Kind)
    }

    /// The name [`Kind::parse`] reads.
    pub fn name(self) -> &'static str {
        self.0.name
    }

    /// The module that owns these records.
    pub fn module(self) -> &'static str {
        self.0.module
    }

    /// The columns of a file of this kind.
    pub fn columns(self) -> &'static [ColumnSpec] {
        self.0.columns
    }

    /// What importing this kind requires.
    pub fn permission(self) -> Permission {
        self.0.permission
    }

    /// Whether `who` may import (and export) this kind.
    pub fn allowed(self, who: &Principal) -> bool {
        decide(who, self.permission()) == Decision::Allow
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::all().find(|k| k.name() == s)
    }

    /// The stored records of this kind, as a table to export.
    pub async fn export(self, store: &Store) -> Result<Table, StoreError> {
        (self.0.export)(store).await
    }
}

impl PartialEq for Kind {
    fn eq(&self, other: &Kind) -> bool {
        self.name() == other.name()
    }
}

impl Eq for Kind {}

impl std::fmt::Debug for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What importing a file did.
#[derive(Debug)]
pub enum Outcome {
    Done(ImportSummary),
    Problems(Vec<Problem>),
}

/// Stores the records a sheet was read into, placing the store's problems
/// on the file's rows; a sheet that could not be read writes nothing.
pub async fn store_parsed<T>(
    parsed: Result<Parsed<T>, Vec<Problem>>,
    write: impl AsyncFnOnce(&[T]) -> Result<ImportSummary, StoreError>,
) -> Result<Outcome, StoreError> {
    let parsed = match parsed {
        Ok(p) => p,
        Err(problems) => return Ok(Outcome::Problems(problems)),
    };
    match write(&parsed.records).await {
        Ok(summary) => Ok(Outcome::Done(summary)),
        Err(StoreError::Records(problems)) => Ok(Outcome::Problems(parsed.place_all(problems))),
        Err(e) => Err(e),
    }
}

/// [`store_parsed`] for a store whose writes refuse a record at
/// `list[i].field` (`scores.demand`, `decision.returned_on` …): each
/// problem is placed at record `i`'s row, in the column of the field's
/// last part (or the first column when the file has no such column).
pub(crate) async fn store_refused<T>(
    parsed: Result<Parsed<T>, Vec<Problem>>,
    (list, spec): (&'static str, &'static [ColumnSpec]),
    write: impl AsyncFnOnce(&[T]) -> Result<ImportSummary, StoreError>,
) -> Result<Outcome, StoreError> {
    store_parsed(parsed, async move |r| {
        write(r).await.map_err(|e| match e {
            StoreError::Refused(errors) => StoreError::Records(
                errors
                    .into_iter()
                    .map(|x| {
                        let (index, field) = place(&x.field, list, spec);
                        RecordProblem::new(index, field, x.message)
                    })
                    .collect(),
            ),
            other => other,
        })
    })
    .await
}

/// Record index and column field of a refused path `list[i].a.b`.
fn place(path: &str, list: &str, spec: &'static [ColumnSpec]) -> (usize, &'static str) {
    let rest = path
        .strip_prefix(list)
        .and_then(|r| r.strip_prefix('['))
        .unwrap_or("");
    let (index, field) = rest.split_once(']').unwrap_or(("0", ""));
    let index = index.parse().unwrap_or(0);
    let parts: Vec<&str> = field
        .split('.')
        .map(|p| p.split('[').next().unwrap_or(p))
        .filter(|p| !p.is_empty())
        .collect();
    let column = parts
        .iter()
        .rev()
        .find_map(|p| spec.iter().find(|c| c.field == *p))
        .unwrap_or(&spec[0]);
    (index, column.field)
}

/// Reads, checks and stores a file's records of `kind`.
pub async fn import_bytes(
    store: &Store,
    kind: Kind,
    bytes: &[u8],
    encoding: InputEncoding,
    opts: ImportOptions<'_>,
) -> Result<Outcome, StoreError> {
    import_from(store, kind, std::io::Cursor::new(bytes), encoding, opts).await
}

/// [`import_bytes`] from a seekable source (a file on disk), read as it
/// is parsed.
pub async fn import_from<R: std::io::Read + std::io::Seek>(
    store: &Store,
    kind: Kind,
    src: R,
    encoding: InputEncoding,
    opts: ImportOptions<'_>,
) -> Result<Outcome, StoreError> {
    let sheet = match read_sheet_from(src, encoding) {
        Ok(s) => s,
        Err(p) => return Ok(Outcome::Problems(vec![p])),
    };
    (kind.0.import)(store, &sheet, opts).await
}

#[cfg(test)]
mod tests {
    use super::Kind;

    #[test]
    fn kind_names_read_back() {
        let names: Vec<&str> = Kind::all().map(Kind::name).collect();
        assert_eq!(names.len(), 26);
        for k in Kind::all() {
            assert_eq!(Kind::parse(k.name()), Some(k));
            assert_eq!(names.iter().filter(|n| **n == k.name()).count(), 1, "{k:?}");
        }
    }
}
