//! Line breaking by measured width. Chinese breaks between any two characters,
//! except that closing punctuation never starts a line and opening punctuation never
//! ends one (避头尾); runs of Latin letters and digits stay whole unless a run alone is
//! wider than the line.

/// Advance widths of the font the document is set in.
pub trait Measure {
    /// Advance of `ch` in ems (1.0 is the font size).
    fn advance(&self, ch: char) -> f32;

    /// Width of `text` set at `size` points, in points.
    fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c)).sum::<f32>() * size
    }
}

/// May not start a line.
fn closing(c: char) -> bool {
    "，。、；：？！）》」』】〕〉”’…—·%％,.;:?!)]}".contains(c)
}

/// May not end a line.
fn opening(c: char) -> bool {
    "（《「『【〔〈“‘([{".contains(c)
}

fn word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/' | '.' | '@' | '#' | '*' | '+')
}

/// Splits a line into the smallest pieces it may break between.
fn units(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut glue_next = false;
    for c in text.chars() {
        let extend_word = word_char(c)
            && out
                .last()
                .and_then(|u| u.chars().last())
                .is_some_and(word_char);
        let join = glue_next || closing(c) || extend_word;
        match out.last_mut() {
            Some(last) if join => last.push(c),
            _ => out.push(c.to_string()),
        }
        glue_next = opening(c);
    }
    out
}

/// Breaks `text` into lines: the first at most `first` points wide, the rest at most
/// `rest`. A newline in `text` always ends a line; spaces at a break are dropped.
pub fn wrap(text: &str, size: f32, first: f32, rest: f32, m: &dyn Measure) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut width = 0.0;
        let limit = |lines: &Vec<String>| if lines.is_empty() { first } else { rest };
        for unit in units(para) {
            let w = m.width(&unit, size);
            if width + w <= limit(&lines) + 0.01 {
                line.push_str(&unit);
                width += w;
                continue;
            }
            if !line.trim().is_empty() {
                lines.push(line.trim_end().to_string());
            }
            line = String::new();
            width = 0.0;
            if unit.trim().is_empty() {
                continue;
            }
            // A piece wider than a whole line (a long number) is cut where it must be.
            for c in unit.chars() {
                let cw = m.width(c.encode_utf8(&mut [0; 4]), size);
                if width + cw > limit(&lines) + 0.01 && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    width = 0.0;
                }
                line.push(c);
                width += cw;
            }
        }
        lines.push(line.trim_end().to_string());
    }
    lines
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Chinese one em, everything else half an em: close to any CJK font.
    pub struct Fixed;

    impl Measure for Fixed {
        fn advance(&self, c: char) -> f32 {
            if c.is_ascii() { 0.5 } else { 1.0 }
        }
    }

    fn w(text: &str, width: f32) -> Vec<String> {
        wrap(text, 10.0, width, width, &Fixed)
    }

    #[test]
    fn chinese_breaks_by_width_between_any_characters() {
        // 10 pt per character: a 40 pt line holds four.
        assert_eq!(
            w("经县人民政府研究同意现将", 40.0),
            ["经县人民", "政府研究", "同意现将"]
        );
        assert_eq!(w("经县人民", 40.0), ["经县人民"]);
    }

    #[test]
    fn the_first_line_may_be_narrower_for_an_indent() {
        let lines = wrap("一二三四五六七八", 10.0, 20.0, 40.0, &Fixed);
        assert_eq!(lines, ["一二", "三四五六", "七八"]);
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        // The comma would start line two; it goes with the character before it.
        assert_eq!(w("一二三四，五六", 40.0), ["一二三", "四，五六"]);
        assert_eq!(w("一二三四。", 40.0), ["一二三", "四。"]);
    }

    #[test]
    fn opening_punctuation_never_ends_a_line() {
        assert_eq!(w("一二三（四）", 40.0), ["一二三", "（四）"]);
    }

    #[test]
    fn latin_runs_stay_whole_and_spaces_vanish_at_breaks() {
        // "13800138000" is 11 × 5 pt = 55 pt; it moves down whole.
        assert_eq!(w("电话13800138000", 60.0), ["电话", "13800138000"]);
        assert_eq!(w("ab cd ef", 25.0), ["ab cd", "ef"]);
    }

    #[test]
    fn a_run_wider_than_the_line_is_cut() {
        assert_eq!(
            w("530323199001011234", 40.0),
            ["53032319", "90010112", "34"]
        );
    }

    #[test]
    fn newlines_end_lines_and_empty_text_is_one_empty_line() {
        assert_eq!(w("一\n二", 40.0), ["一", "二"]);
        assert_eq!(w("", 40.0), [""]);
    }

    #[test]
    fn widths_are_measured_not_counted() {
        // Eight ASCII characters take the room of four Chinese ones.
        assert_eq!(w("abcdefgh一", 40.0), ["abcdefgh", "一"]);
    }
}
