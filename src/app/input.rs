//! A one-line text field: what a clerk types, with a cursor, measured in display
//! columns (Chinese is two wide).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    /// Cursor as a char index.
    cursor: usize,
}

impl LineInput {
    /// A field that starts out holding `text`, cursor at the end.
    pub fn with(text: &str) -> LineInput {
        LineInput {
            text: text.to_string(),
            cursor: text.chars().count(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    /// Display column of the cursor.
    pub fn cursor_column(&self) -> usize {
        let byte = self.byte_at(self.cursor);
        self.text[..byte].width()
    }

    fn byte_at(&self, char_index: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_index)
            .map(|(b, _)| b)
            .unwrap_or(self.text.len())
    }

    /// Applies an editing key; returns whether the text changed. Keys it does not
    /// know are left to the caller.
    pub fn handle(&mut self, key: KeyEvent) -> Option<bool> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('u') if ctrl => {
                let changed = !self.text.is_empty();
                self.clear();
                Some(changed)
            }
            KeyCode::Char(c) if !ctrl => {
                let at = self.byte_at(self.cursor);
                self.text.insert(at, c);
                self.cursor += 1;
                Some(true)
            }
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
                Some(true)
            }
            KeyCode::Backspace => Some(false),
            KeyCode::Delete if self.cursor < self.text.chars().count() => {
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
                Some(true)
            }
            KeyCode::Left => {
                self.cursor = self.cursor.saturating_sub(1);
                Some(false)
            }
            KeyCode::Right => {
                self.cursor = (self.cursor + 1).min(self.text.chars().count());
                Some(false)
            }
            KeyCode::Home => {
                self.cursor = 0;
                Some(false)
            }
            KeyCode::End => {
                self.cursor = self.text.chars().count();
                Some(false)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(input: &mut LineInput, code: KeyCode) {
        input.handle(KeyEvent::new(code, KeyModifiers::NONE));
    }

    #[test]
    fn chinese_text_edits_by_character_and_measures_by_width() {
        let mut i = LineInput::default();
        for c in "张三".chars() {
            press(&mut i, KeyCode::Char(c));
        }
        assert_eq!(i.cursor_column(), 4);
        press(&mut i, KeyCode::Left);
        press(&mut i, KeyCode::Char('小'));
        assert_eq!(i.text(), "张小三");
        assert_eq!(i.cursor_column(), 4);
        press(&mut i, KeyCode::Backspace);
        press(&mut i, KeyCode::Backspace);
        assert_eq!(i.text(), "三");
        press(&mut i, KeyCode::Backspace);
        assert_eq!(i.text(), "三");
        i.handle(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        assert!(i.is_empty());
    }
}
