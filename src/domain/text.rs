//! Normalising what clerks type or paste: full-width ASCII, ideographic spaces,
//! stray whitespace. Pure functions, used by every parser.

use std::borrow::Cow;

/// Folds full-width ASCII (U+FF01–U+FF5E) to ASCII and the ideographic space to a
/// plain space, then trims. `"　５３０３２３ｘ "` becomes `"530323x"`.
pub fn normalize(s: &str) -> String {
    if plain(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        out.push(fold_char(c));
    }
    let trimmed = out.trim();
    if trimmed.len() == out.len() {
        out
    } else {
        trimmed.to_string()
    }
}

/// Like [`normalize`], and also drops every inner whitespace character; for codes
/// and numbers, where `5303 2319 …` is the same number.
pub fn normalize_code(s: &str) -> String {
    normalize_code_cow(s).into_owned()
}

/// [`normalize_code`], borrowing `s` when there is nothing to fold or drop (the usual case).
pub fn normalize_code_cow(s: &str) -> Cow<'_, str> {
    if plain(s) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(fold_char)
            .filter(|c| !c.is_whitespace())
            .collect(),
    )
}

/// True when `s` has no whitespace and nothing [`fold_char`] changes: none of the bytes
/// occurs that is, or begins in UTF-8, such a character (ASCII blanks; U+0080–U+00BF,
/// U+1000–U+3FFF and U+F000–U+FFFF). A cheap test that may say no to a plain string.
fn plain(s: &str) -> bool {
    !s.bytes()
        .any(|b| matches!(b, b'\t'..=b'\r' | b' ' | 0xC2 | 0xE1..=0xE3 | 0xEF))
}

pub fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' => ' ',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width_digits_letters_and_spaces() {
        assert_eq!(normalize("　５３０３２３ｘ "), "530323x");
        assert_eq!(normalize("ＡＢＣ，"), "ABC,");
        assert_eq!(normalize("  张三  "), "张三");
    }

    #[test]
    fn code_drops_inner_spaces() {
        assert_eq!(normalize_code(" 5303 2319　８0 "), "5303231980");
    }

    #[test]
    fn plain_text_is_kept_and_anything_else_goes_the_long_way() {
        assert!(matches!(
            normalize_code_cow("53032319800101019X"),
            Cow::Borrowed(_)
        ));
        assert_eq!(normalize("张三"), "张三");
        for (input, code, text) in [
            ("5303\u{a0}23", "530323", "5303 23"),
            ("\u{2003}张三\u{2003}", "张三", "张三"),
            ("\u{85}x\u{85}", "x", "x"),
            ("\u{1680}ｘ\t", "x", "x"),
            ("a\u{3000}b", "ab", "a b"),
            ("a\u{2028}b\r\n", "ab", "a\u{2028}b"),
        ] {
            assert_eq!(normalize_code(input), code, "{input:?}");
            assert_eq!(normalize(input), text, "{input:?}");
        }
    }
}
