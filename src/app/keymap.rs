//! Keys are data: the bindings below drive both the dispatch and the help screen,
//! so the help never lies.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::i18n::Text;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    NextTab,
    PrevTab,
    GoTab(usize),
    /// Lock the screen now (leaving the table).
    Lock,
}

/// One binding: the key as shown in help, whether it also works while typing, and
/// what it does.
pub struct Binding {
    pub keys: &'static str,
    pub while_typing: bool,
    pub action: Action,
    pub help: Text,
}

pub fn global_bindings() -> Vec<Binding> {
    let tab = |i: usize, keys: &'static str| Binding {
        keys,
        while_typing: true,
        action: Action::GoTab(i),
        help: Text::KeyGoTab { n: i + 1 },
    };
    vec![
        Binding {
            keys: "Tab / Shift-Tab",
            while_typing: true,
            action: Action::NextTab,
            help: Text::KeyNextTab,
        },
        tab(0, "F2"),
        tab(1, "F3"),
        tab(2, "F4"),
        tab(3, "F5"),
        tab(4, "F6"),
        tab(5, "F7"),
        tab(6, "F8"),
        Binding {
            keys: "F1 / ?",
            while_typing: false,
            action: Action::Help,
            help: Text::KeyHelp,
        },
        Binding {
            keys: "Ctrl-L",
            while_typing: true,
            action: Action::Lock,
            help: Text::LockKeyHelp,
        },
        Binding {
            keys: "q / Ctrl-C",
            while_typing: false,
            action: Action::Quit,
            help: Text::KeyQuit,
        },
    ]
}

/// The global action for `key`, if any. While a text field is active, plain
/// characters belong to the field; F-keys, Tab and Ctrl-C still work.
pub fn global_action(key: KeyEvent, typing: bool) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('c') if ctrl => Some(Action::Quit),
        KeyCode::Char('l') if ctrl => Some(Action::Lock),
        KeyCode::Tab => Some(Action::NextTab),
        KeyCode::BackTab => Some(Action::PrevTab),
        KeyCode::F(1) => Some(Action::Help),
        KeyCode::F(n @ 2..=8) => Some(Action::GoTab(n as usize - 2)),
        KeyCode::Char('?') if !typing => Some(Action::Help),
        KeyCode::Char('q') if !typing && !ctrl => Some(Action::Quit),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn letters_are_typed_while_a_field_is_active() {
        assert_eq!(global_action(key(KeyCode::Char('q')), true), None);
        assert_eq!(
            global_action(key(KeyCode::Char('q')), false),
            Some(Action::Quit)
        );
        assert_eq!(global_action(key(KeyCode::Char('?')), true), None);
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(global_action(ctrl_c, true), Some(Action::Quit));
        assert_eq!(
            global_action(key(KeyCode::F(3)), true),
            Some(Action::GoTab(1))
        );
    }

    #[test]
    fn every_binding_is_dispatched_as_documented() {
        for b in global_bindings() {
            let pressed = match b.keys.split(' ').next().unwrap() {
                "Tab" => key(KeyCode::Tab),
                "F1" => key(KeyCode::F(1)),
                "q" => key(KeyCode::Char('q')),
                "Ctrl-L" => KeyEvent::new(KeyCode::Char('l'), KeyModifiers::CONTROL),
                f if f.starts_with('F') => key(KeyCode::F(f[1..].parse().unwrap())),
                other => panic!("binding {other} not covered by this test"),
            };
            assert_eq!(global_action(pressed, false), Some(b.action), "{}", b.keys);
            if b.while_typing {
                assert_eq!(global_action(pressed, true), Some(b.action), "{}", b.keys);
            }
        }
    }
}
