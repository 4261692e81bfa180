//! Which Chinese font the documents are set in: the one asked for (`--font`, or
//! `$HUANZHENG_FONT`), else the first found in the places Debian, Windows and macOS
//! install one.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::wrap::Measure;
use crate::i18n::Text;

/// The environment variable naming the font file (`PATH` or `PATH#FACE`).
pub const FONT_ENV: &str = "HUANZHENG_FONT";

/// A font file and the face inside it (collections, `.ttc`, hold several).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontChoice {
    pub path: PathBuf,
    pub face: usize,
}

/// Known places, in order of preference, with the face that is Simplified Chinese.
const KNOWN: &[(&str, usize)] = &[
    // Debian/Ubuntu fonts-noto-cjk: faces JP, KR, SC, TC, HK.
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    // Debian/Ubuntu fonts-wqy-microhei, fonts-wqy-zenhei.
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    // Fedora, Arch.
    (
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
        2,
    ),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", 0),
    // Windows: 宋体, 微软雅黑, 黑体.
    (r"C:\Windows\Fonts\simsun.ttc", 0),
    (r"C:\Windows\Fonts\msyh.ttc", 0),
    (r"C:\Windows\Fonts\simhei.ttf", 0),
    // macOS.
    ("/System/Library/Fonts/PingFang.ttc", 0),
    ("/System/Library/Fonts/STHeiti Light.ttc", 0),
    ("/System/Library/Fonts/STHeiti Medium.ttc", 0),
    ("/System/Library/Fonts/Hiragino Sans GB.ttc", 0),
    ("/System/Library/Fonts/Supplemental/Songti.ttc", 0),
    ("/Library/Fonts/Arial Unicode.ttf", 0),
];

#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error("no Chinese font found")]
    NotFound { tried: Vec<PathBuf> },
    #[error("font file {path} does not exist")]
    Missing { path: PathBuf },
    #[error("cannot read font {path}: {detail}")]
    Unreadable { path: PathBuf, detail: String },
    #[error("font {path} has no Chinese characters")]
    NoChinese { path: PathBuf },
}

impl FontError {
    /// What to tell the clerk, with the package to install.
    pub fn text(&self) -> Text {
        match self {
            FontError::NotFound { tried } => Text::FontNotFound {
                tried: tried
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            },
            FontError::Missing { path } => Text::FontMissing {
                path: path.display().to_string(),
            },
            FontError::Unreadable { path, detail } => Text::FontUnreadable {
                path: path.display().to_string(),
                detail: detail.clone(),
            },
            FontError::NoChinese { path } => Text::FontNoChinese {
                path: path.display().to_string(),
            },
        }
    }
}

impl FontChoice {
    /// `PATH` or `PATH#FACE`. Without a face, Noto CJK collections get their
    /// Simplified Chinese face and every other file its first.
    pub fn parse(spec: &str) -> FontChoice {
        if let Some((path, face)) = spec.rsplit_once('#')
            && let Ok(face) = face.trim().parse()
        {
            return FontChoice {
                path: PathBuf::from(path),
                face,
            };
        }
        let path = PathBuf::from(spec);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let face = KNOWN
            .iter()
            .find(|(known, _)| known.ends_with(&name) && !name.is_empty())
            .map_or(0, |(_, face)| *face);
        FontChoice { path, face }
    }
}

fn known_places() -> Vec<FontChoice> {
    let mut out: Vec<FontChoice> = KNOWN
        .iter()
        .map(|(path, face)| FontChoice {
            path: PathBuf::from(path),
            face: *face,
        })
        .collect();
    // Windows not installed on C:.
    if let Ok(dir) = std::env::var("WINDIR") {
        for name in ["simsun.ttc", "msyh.ttc", "simhei.ttf"] {
            out.push(FontChoice {
                path: Path::new(&dir).join("Fonts").join(name),
                face: 0,
            });
        }
    }
    out
}

/// The font asked for (else `$HUANZHENG_FONT`), or the first one installed.
pub fn locate(asked: Option<&str>) -> Result<FontChoice, FontError> {
    let from_env = std::env::var(FONT_ENV).ok();
    let asked = asked
        .or(from_env.as_deref())
        .filter(|s| !s.trim().is_empty());
    if let Some(spec) = asked {
        let choice = FontChoice::parse(spec.trim());
        if !choice.path.is_file() {
            return Err(FontError::Missing { path: choice.path });
        }
        return Ok(choice);
    }
    first_installed(known_places())
}

fn first_installed(places: Vec<FontChoice>) -> Result<FontChoice, FontError> {
    match places.iter().find(|c| c.path.is_file()) {
        Some(c) => Ok(c.clone()),
        None => Err(FontError::NotFound {
            tried: places.into_iter().map(|c| c.path).collect(),
        }),
    }
}

/// A parsed face, ready to measure text and to embed.
pub struct LoadedFont {
    pub choice: FontChoice,
    pub(super) parsed: printpdf::ParsedFont,
    units_per_em: f32,
    /// Glyph and advance (ems) by character: the font's own look-ups are slow, and
    /// a document uses a few hundred characters many times over.
    glyphs: Mutex<HashMap<char, (u16, f32)>>,
}

impl std::fmt::Debug for LoadedFont {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadedFont")
            .field("choice", &self.choice)
            .finish_non_exhaustive()
    }
}

impl LoadedFont {
    pub fn load(choice: &FontChoice) -> Result<LoadedFont, FontError> {
        let unreadable = |detail: String| FontError::Unreadable {
            path: choice.path.clone(),
            detail,
        };
        let bytes = std::fs::read(&choice.path).map_err(|e| unreadable(e.to_string()))?;
        let mut warnings = Vec::new();
        let parsed = printpdf::ParsedFont::from_bytes(&bytes, choice.face, &mut warnings)
            .ok_or_else(|| {
                let detail = warnings
                    .iter()
                    .map(|w| format!("{w:?}"))
                    .next()
                    .unwrap_or_else(|| format!("face {} cannot be parsed", choice.face));
                unreadable(detail)
            })?;
        if "证书"
            .chars()
            .any(|c| parsed.lookup_glyph_index(c as u32).is_none())
        {
            return Err(FontError::NoChinese {
                path: choice.path.clone(),
            });
        }
        let units_per_em = f32::from(parsed.pdf_font_metrics.units_per_em.max(1));
        Ok(LoadedFont {
            choice: choice.clone(),
            parsed,
            units_per_em,
            glyphs: Mutex::new(HashMap::new()),
        })
    }

    /// The font asked for, else the first installed one, loaded.
    pub fn find(asked: Option<&str>) -> Result<LoadedFont, FontError> {
        LoadedFont::load(&locate(asked)?)
    }
}

impl LoadedFont {
    /// The glyph drawn for `ch` (0, the missing-glyph box, if the font lacks it) and
    /// its advance in ems.
    pub fn glyph(&self, ch: char) -> (u16, f32) {
        let mut cache = self.glyphs.lock().unwrap_or_else(|e| e.into_inner());
        *cache.entry(ch).or_insert_with(|| {
            let gid = self.parsed.lookup_glyph_index(ch as u32).unwrap_or(0);
            let advance = f32::from(self.parsed.get_horizontal_advance(gid)) / self.units_per_em;
            (gid, advance)
        })
    }
}

impl Measure for LoadedFont {
    fn advance(&self, ch: char) -> f32 {
        self.glyph(ch).1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_face_may_be_given_after_a_hash() {
        assert_eq!(
            FontChoice::parse("/fonts/x.ttc#3"),
            FontChoice {
                path: "/fonts/x.ttc".into(),
                face: 3
            }
        );
        // A '#' that is not followed by a number is part of the name.
        assert_eq!(
            FontChoice::parse("/fonts/a#b.ttf").path,
            Path::new("/fonts/a#b.ttf")
        );
    }

    #[test]
    fn a_noto_collection_defaults_to_its_simplified_chinese_face() {
        assert_eq!(FontChoice::parse("/x/NotoSansCJK-Regular.ttc").face, 2);
        assert_eq!(FontChoice::parse("/x/wqy-microhei.ttc").face, 0);
        assert_eq!(FontChoice::parse("/x/other.ttf").face, 0);
    }

    #[test]
    fn a_missing_font_file_is_named() {
        let err = locate(Some("/nonexistent/font.ttc")).unwrap_err();
        assert!(matches!(err, FontError::Missing { .. }));
        let zh = err.text().render(crate::i18n::Lang::Zh);
        assert!(zh.contains("/nonexistent/font.ttc"), "{zh}");
    }

    #[test]
    fn the_first_installed_place_wins_and_none_lists_every_place_tried() {
        let dir = tempfile::tempdir().unwrap();
        let there = dir.path().join("b.ttc");
        std::fs::write(&there, b"x").unwrap();
        let missing = FontChoice {
            path: dir.path().join("a.ttc"),
            face: 2,
        };
        let present = FontChoice {
            path: there,
            face: 0,
        };
        assert_eq!(
            first_installed(vec![missing.clone(), present.clone()]).unwrap(),
            present
        );
        match first_installed(vec![missing.clone()]) {
            Err(FontError::NotFound { tried }) => assert_eq!(tried, [missing.path]),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn known_places_cover_debian_windows_and_macos() {
        let places: Vec<String> = known_places()
            .iter()
            .map(|c| c.path.display().to_string())
            .collect();
        for want in [
            "NotoSansCJK-Regular.ttc",
            "wqy-microhei.ttc",
            "simsun.ttc",
            "msyh.ttc",
            "PingFang.ttc",
            "STHeiti",
        ] {
            assert!(places.iter().any(|p| p.contains(want)), "{want}");
        }
        assert_eq!(
            known_places()[0].face,
            2,
            "Noto CJK: the Simplified Chinese face"
        );
    }

    #[test]
    fn the_not_found_message_names_the_packages_in_both_languages() {
        let err = FontError::NotFound {
            tried: vec!["/usr/share/fonts/x.ttc".into()],
        };
        for lang in [crate::i18n::Lang::Zh, crate::i18n::Lang::En] {
            let s = err.text().render(lang);
            assert!(s.contains("fonts-noto-cjk"), "{s}");
            assert!(s.contains("fonts-wqy-microhei"), "{s}");
            assert!(s.contains(FONT_ENV), "{s}");
        }
        let zh = err.text().render(crate::i18n::Lang::Zh);
        assert!(
            zh.contains("找不到中文字体") && zh.contains("No Chinese font"),
            "{zh}"
        );
    }

    #[test]
    fn a_file_that_is_not_a_font_is_refused_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fake.ttf");
        std::fs::write(&path, b"not a font").unwrap();
        let err = LoadedFont::load(&FontChoice {
            path: path.clone(),
            face: 0,
        })
        .unwrap_err();
        assert!(matches!(err, FontError::Unreadable { .. }), "{err:?}");
    }
}
