//! Normalising what clerks type or paste: full-width ASCII, ideographic spaces,
//! stray whitespace. Pure functions, used by every parser.

/// Folds full-width ASCII (U+FF01–U+FF5E) to ASCII and the ideographic space to a
/// plain space, then trims. `"　５３０３２３ｘ "` becomes `"530323x"`.
pub fn normalize(s: &str) -> String {
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
    s.chars()
        .map(fold_char)
        .filter(|c| !c.is_whitespace())
        .collect()
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
}
