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

/// A day as a clerk types it: `2022-03-28`, `2022/3/28`, `2022年3月28日`, or without
/// the year (`3-28`, `3月28日`), which is then `year`. Full-width digits are fine.
pub fn parse_day(s: &str, year: i32) -> Option<chrono::NaiveDate> {
    let folded = normalize_code(s);
    let parts: Vec<&str> = folded
        .split(['-', '/', '.', '年', '月', '日'])
        .filter(|p| !p.is_empty())
        .collect();
    let number = |p: &str| p.parse::<u32>().ok();
    let (y, m, d) = match parts.as_slice() {
        [y, m, d] if y.len() == 4 => (y.parse().ok()?, number(m)?, number(d)?),
        [m, d] => (year, number(m)?, number(d)?),
        _ => return None,
    };
    chrono::NaiveDate::from_ymd_opt(y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_as_clerks_type_them() {
        let d = chrono::NaiveDate::from_ymd_opt(2022, 3, 28).unwrap();
        for typed in [
            "2022-03-28",
            "2022/3/28",
            "2022年3月28日",
            "3-28",
            "3月28日",
            "３－２８",
            " 3.28 ",
        ] {
            assert_eq!(parse_day(typed, 2022), Some(d), "{typed}");
        }
        for bad in ["", "28", "2-30", "2022-13-01", "三月", "3-28-1"] {
            assert_eq!(parse_day(bad, 2022), None, "{bad}");
        }
    }

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
