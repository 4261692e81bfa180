//! Printed documents: a small model of a county form (title, paragraphs, fields,
//! tables, signature and stamp, a tear-off line), laid out on A4 and written as PDF
//! with a Chinese font's used glyphs embedded. Knows nothing of holders or cases:
//! `crate::export` builds the documents.

pub mod font;
pub mod layout;
pub mod model;
mod render;
pub mod wrap;

pub use font::{FontChoice, FontError, LoadedFont};
pub use layout::{Page, layout};
pub use model::{Align, Block, Column, Document, Field, PageSetup, Paragraph, Table, mm, size};
pub use render::RenderError;
pub use render::render;

use std::path::Path;

use crate::i18n::Text;

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error(transparent)]
    Font(#[from] FontError),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error("{path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

impl PdfError {
    pub fn text(&self) -> Text {
        match self {
            PdfError::Font(e) => e.text(),
            PdfError::Render(RenderError(detail)) => Text::PdfFailed {
                detail: detail.clone(),
            },
            PdfError::Write { path, source } => Text::CannotWrite {
                path: path.clone(),
                detail: source.to_string(),
            },
        }
    }
}

/// What writing a document did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub pages: usize,
    pub bytes: usize,
}

/// Lays out, renders and writes `doc` to `path`.
pub fn write(doc: &Document, font: &LoadedFont, path: &Path) -> Result<Written, PdfError> {
    let pages = layout(doc, font);
    let bytes = render::render_pages(&pages, doc, font)?;
    std::fs::write(path, &bytes).map_err(|source| PdfError::Write {
        path: path.display().to_string(),
        source,
    })?;
    Ok(Written {
        pages: pages.len(),
        bytes: bytes.len(),
    })
}
