//! What a clerk typed, folded and classified.

use crate::domain::text::fold_char;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Query {
    Empty,
    /// ASCII letters only: full pinyin, initials or a mix of both.
    Pinyin(String),
    /// Digits, optionally ending in `x`: an ID number, its last digits or a certificate number.
    Digits(String),
    /// Anything else, matched as a substring of the name.
    Name(String),
}

/// Full-width to half-width, whitespace dropped, ASCII lowercased. Names are folded
/// the same way when indexed, so `张 三` and `张三` are one name.
pub(super) fn fold(s: &str) -> String {
    s.chars()
        .map(fold_char)
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

pub(super) fn parse(raw: &str) -> Query {
    let q = fold(raw);
    if q.is_empty() {
        Query::Empty
    } else if is_digits(&q) {
        Query::Digits(q)
    } else if q.bytes().all(|b| b.is_ascii_lowercase()) {
        Query::Pinyin(q)
    } else {
        Query::Name(q)
    }
}

fn is_digits(q: &str) -> bool {
    let body = q.strip_suffix('x').unwrap_or(q);
    !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_and_folds() {
        assert_eq!(parse("  "), Query::Empty);
        assert_eq!(parse(" ＺｈａｎｇＳ "), Query::Pinyin("zhangs".into()));
        assert_eq!(parse("１２３４"), Query::Digits("1234".into()));
        assert_eq!(parse("1234X"), Query::Digits("1234x".into()));
        assert_eq!(parse("x"), Query::Pinyin("x".into()));
        assert_eq!(parse("张 三"), Query::Name("张三".into()));
        assert_eq!(parse("zhang三"), Query::Name("zhang三".into()));
    }
}
