//! Plain-text tables for the terminal: Chinese is two columns wide, so padding is
//! measured in display columns, never in chars or bytes.

pub use crate::i18n::pad;

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn pads_by_display_width() {
        assert_eq!(pad("雄壁镇", 8), "雄壁镇  ");
        assert_eq!(pad("abc", 5), "abc  ");
        assert_eq!(pad("龙庆彝族壮族乡", 8), "龙庆彝族壮族乡");
        assert_eq!(pad("待发证", 10).width(), 10);
    }
}
