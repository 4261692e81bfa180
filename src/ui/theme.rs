//! Semantic styles: screens ask for a role, never a colour.

use ratatui::style::{Color, Modifier, Style};

pub fn title() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn header() -> Style {
    Style::new().fg(Color::Cyan)
}

pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn error() -> Style {
    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
}

pub fn selected() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

pub fn state() -> Style {
    Style::new().fg(Color::Yellow)
}

pub fn gauge() -> Style {
    Style::new().fg(Color::Green)
}

pub fn border(focused: bool) -> Style {
    if focused {
        Style::new().fg(Color::Cyan)
    } else {
        Style::new()
    }
}

pub fn tab(active: bool) -> Style {
    if active {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    } else {
        Style::new()
    }
}

pub fn status() -> Style {
    Style::new().bg(Color::DarkGray).fg(Color::White)
}
