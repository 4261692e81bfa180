//! Files in: the roster of holders and the card centre's batches.

pub mod cards;
pub mod rejects;
pub mod roster;
pub mod table;
pub mod travel_matrix;
pub mod villages;

pub use rejects::path_for as rejects_path;

use crate::i18n::{Lang, Text};
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}", .0.message(Lang::Zh))]
    Table(table::TableError),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Rejects(std::io::Error),
    #[error("demo rows rejected: {0}")]
    Demo(usize),
}

impl ImportError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ImportError::Table(e) => e.message(lang),
            ImportError::Store(e) => e.text().render(lang),
            ImportError::Rejects(e) => Text::RejectsUnwritable {
                detail: e.to_string(),
            }
            .render(lang),
            ImportError::Demo(count) => Text::DemoRejected { count: *count }.render(lang),
        }
    }
}

/// FNV-1a with a final mix, for the importer's maps keyed by what a file holds (ID numbers,
/// village names): a million short keys hash several times faster than with the standard
/// SipHash. Keys crafted to collide could only slow an import down.
#[derive(Clone, Copy)]
pub(crate) struct FastHasher(u64);

impl Default for FastHasher {
    fn default() -> Self {
        FastHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        // FNV leaves the high bits, which the map also uses, poorly mixed.
        let h = self.0 ^ (self.0 >> 32);
        h.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ (h >> 29)
    }
}

pub(crate) type FastMap<K, V> =
    std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;
pub(crate) type FastSet<K> =
    std::collections::HashSet<K, std::hash::BuildHasherDefault<FastHasher>>;

/// Progress of a long import, for a bar on a terminal; silent elsewhere.
pub trait Progress {
    fn start(&self, total: Option<usize>);
    fn tick(&self, done: usize);
    fn finish(&self);
}

/// For tests and callers that want no progress shown.
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _: Option<usize>) {}
    fn tick(&self, _: usize) {}
    fn finish(&self) {}
}

/// Every row of a small table (villages, a road matrix) as its cells' text, by the
/// columns of `spec`, with the row numbers a rejects file names.
pub fn read_cells(
    path: &std::path::Path,
    spec: &[table::ColumnSpec],
    progress: &dyn Progress,
) -> Result<Vec<(usize, Vec<String>)>, ImportError> {
    let mut table = table::open(path, spec).map_err(ImportError::Table)?;
    progress.start(table.len_hint());
    let mut lines = Vec::new();
    for raw in table.rows() {
        let raw = raw.map_err(ImportError::Table)?;
        let cells: Vec<String> = raw
            .cells
            .iter()
            .map(|c| c.as_ref().map(|c| c.text.clone()).unwrap_or_default())
            .collect();
        lines.push((raw.row, cells));
        progress.tick(lines.len());
    }
    progress.finish();
    Ok(lines)
}
