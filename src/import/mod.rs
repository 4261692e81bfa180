//! Files in: the roster of holders and the card centre's batches.

pub mod cards;
pub mod rejects;
pub mod roster;
pub mod table;

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
