//! Hex as people write APDUs ("00 A4 00 0C") and as huanzheng prints bytes ("3B8A80").

/// Bytes from hex digits. Spaces, tabs and colons may separate bytes, never split one.
pub fn parse(s: &str) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    for group in s.split([' ', '\t', ':']).filter(|g| !g.is_empty()) {
        if group.len() % 2 != 0 || !group.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        for pair in group.as_bytes().chunks(2) {
            let text = std::str::from_utf8(pair).ok()?;
            bytes.push(u8::from_str_radix(text, 16).ok()?);
        }
    }
    Some(bytes)
}

/// Upper-case hex, no separators.
pub fn encode(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_spaced_and_packed_hex() {
        assert_eq!(parse("00 A4 00 0c"), Some(vec![0x00, 0xA4, 0x00, 0x0C]));
        assert_eq!(parse("3b8a:80"), Some(vec![0x3B, 0x8A, 0x80]));
        assert_eq!(parse(""), Some(vec![]));
        assert_eq!(parse("0 0A"), None);
        assert_eq!(parse("00A 4"), None);
        assert_eq!(parse("00 A"), None);
        assert_eq!(parse("GG"), None);
        assert_eq!(parse("+1"), None);
    }

    #[test]
    fn encodes_upper_case() {
        assert_eq!(encode(&[0x3B, 0x0a, 0xff]), "3B0AFF");
        assert_eq!(encode(&[]), "");
    }
}
