//! Laid-out pages to PDF bytes with printpdf; only the glyphs used are embedded.

use printpdf::{
    Codepoint, Color, Greyscale, Line, LineDashPattern, LinePoint, Mm, Op, PdfDocument,
    PdfFontHandle, PdfPage, PdfParseErrorSeverity, PdfSaveOptions, Point, Pt, Rect, TextItem,
    TextRenderingMode,
};

use super::font::LoadedFont;
use super::layout::{Item, Page, layout};
use super::model::Document;

#[derive(Debug, thiserror::Error)]
#[error("PDF: {0}")]
pub struct RenderError(pub String);

fn grey(level: f32) -> Color {
    Color::Greyscale(Greyscale::new(level, None))
}

fn to_mm(pt: f32) -> Mm {
    Mm(pt * 25.4 / 72.0)
}

fn ops(page: &Page, loaded: &LoadedFont, font: &PdfFontHandle, height: f32) -> Vec<Op> {
    let mut ops = Vec::new();
    // Shades first, so lines and text are drawn over them.
    for item in &page.items {
        if let Item::Shade { x, y, w, h } = item {
            ops.push(Op::SetFillColor { col: grey(0.92) });
            ops.push(Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(*x),
                    y: Pt(height - y - h),
                    width: Pt(*w),
                    height: Pt(*h),
                    mode: Some(printpdf::PaintMode::Fill),
                    winding_order: None,
                },
            });
        }
    }
    for item in &page.items {
        match item {
            Item::Shade { .. } => {}
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                dashed,
            } => {
                ops.push(Op::SetOutlineColor { col: grey(0.0) });
                ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                ops.push(Op::SetLineDashPattern {
                    dash: if *dashed {
                        LineDashPattern::new(0.0, &[4.0, 3.0])
                    } else {
                        LineDashPattern::solid()
                    },
                });
                let point = |x: f32, y: f32| LinePoint {
                    p: Point {
                        x: Pt(x),
                        y: Pt(height - y),
                    },
                    bezier: false,
                };
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![point(*x1, *y1), point(*x2, *y2)],
                        is_closed: false,
                    },
                });
            }
            Item::Text {
                x,
                baseline,
                size,
                bold,
                grey: light,
                text,
            } => {
                let ink = if *light { grey(0.35) } else { grey(0.0) };
                ops.push(Op::StartTextSection);
                ops.push(Op::SetFillColor { col: ink.clone() });
                if *bold {
                    // One face only: a thin outline around the fill reads as bold.
                    ops.push(Op::SetOutlineColor { col: ink });
                    ops.push(Op::SetOutlineThickness {
                        pt: Pt(size * 0.03),
                    });
                    ops.push(Op::SetTextRenderingMode {
                        mode: TextRenderingMode::FillStroke,
                    });
                } else {
                    ops.push(Op::SetTextRenderingMode {
                        mode: TextRenderingMode::Fill,
                    });
                }
                ops.push(Op::SetFont {
                    font: font.clone(),
                    size: Pt(*size),
                });
                ops.push(Op::SetTextCursor {
                    pos: Point {
                        x: Pt(*x),
                        y: Pt(height - baseline),
                    },
                });
                // Glyph ids from the font's cache: printpdf's own per-character
                // look-up is a linear search of the font's character map.
                let glyphs = text
                    .chars()
                    .map(|c| Codepoint {
                        gid: loaded.glyph(c).0,
                        offset: 0.0,
                        cid: Some(c.to_string()),
                    })
                    .collect();
                ops.push(Op::ShowText {
                    items: vec![TextItem::GlyphIds(glyphs)],
                });
                ops.push(Op::EndTextSection);
            }
        }
    }
    ops
}

/// The document as PDF bytes, set in `font`.
pub fn render(doc: &Document, font: &LoadedFont) -> Result<Vec<u8>, RenderError> {
    render_pages(&layout(doc, font), doc, font)
}

/// Pages already laid out for `doc` as PDF bytes.
pub(super) fn render_pages(
    pages: &[Page],
    doc: &Document,
    font: &LoadedFont,
) -> Result<Vec<u8>, RenderError> {
    let mut pdf = PdfDocument::new(&doc.title);
    let handle = PdfFontHandle::External(pdf.add_font(&font.parsed));
    let s = doc.page;
    let pdf_pages = pages
        .iter()
        .map(|p| {
            PdfPage::new(
                to_mm(s.width),
                to_mm(s.height),
                ops(p, font, &handle, s.height),
            )
        })
        .collect();
    let options = PdfSaveOptions {
        subset_fonts: true,
        ..Default::default()
    };
    let mut warnings = Vec::new();
    let bytes = pdf.with_pages(pdf_pages).save(&options, &mut warnings);
    let errors: Vec<String> = warnings
        .into_iter()
        .filter(|w| w.severity == PdfParseErrorSeverity::Error)
        .map(|w| w.msg)
        .collect();
    if !errors.is_empty() {
        return Err(RenderError(errors.join("; ")));
    }
    Ok(bytes)
}
