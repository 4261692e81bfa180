//! What the interface knows of the card reader: its state for the status line, and
//! the signals the reader thread sends. The reader backends (PC/SC, simulated) turn
//! their events into these; the interface never waits on the reader.

use crate::i18n::Text;

/// The reader as the status line shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ReaderState {
    /// No reader backend runs (a command, a test).
    #[default]
    Off,
    /// The smart-card service (pcscd / WinSCard) is not running.
    NoService,
    /// The service runs but no reader is plugged in.
    NoReader,
    /// A reader is ready, with no card on it.
    Ready { reader: String },
    /// A card is on the reader and being read.
    Reading { reader: String },
    /// A card is on the reader and was read.
    Card { reader: String, card_number: String },
    /// The last read failed.
    Failed { reader: String, problem: Text },
}

impl ReaderState {
    pub fn text(&self) -> Text {
        match self {
            ReaderState::Off => Text::ReaderOff,
            ReaderState::NoService => Text::ReaderNoService,
            ReaderState::NoReader => Text::ReaderNone,
            ReaderState::Ready { .. } => Text::ReaderReady,
            ReaderState::Reading { .. } => Text::ReaderReading,
            ReaderState::Card { card_number, .. } => Text::ReaderCard {
                card: card_number.clone(),
            },
            ReaderState::Failed { problem, .. } => problem.clone(),
        }
    }

    /// The card now on the reader, if it was read.
    pub fn card(&self) -> Option<&str> {
        match self {
            ReaderState::Card { card_number, .. } => Some(card_number),
            _ => None,
        }
    }
}

/// One thing the reader thread reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardSignal {
    /// The reader (or the service) changed state without a card being read.
    Status(ReaderState),
    /// A card was put on the reader; reading it now.
    Inserted { reader: String },
    /// A card was read.
    Read {
        reader: String,
        card_number: String,
        uid: Option<String>,
    },
    /// The card was taken off the reader.
    Removed { reader: String },
    /// Reading the card failed (removed mid-read, unknown card, profile error).
    Failed { reader: String, problem: Text },
}

impl ReaderState {
    /// The state after `signal`.
    pub fn after(&self, signal: &CardSignal) -> ReaderState {
        match signal {
            CardSignal::Status(state) => state.clone(),
            CardSignal::Inserted { reader } => ReaderState::Reading {
                reader: reader.clone(),
            },
            CardSignal::Read {
                reader,
                card_number,
                ..
            } => ReaderState::Card {
                reader: reader.clone(),
                card_number: card_number.clone(),
            },
            CardSignal::Removed { reader } => ReaderState::Ready {
                reader: reader.clone(),
            },
            CardSignal::Failed { reader, problem } => ReaderState::Failed {
                reader: reader.clone(),
                problem: problem.clone(),
            },
        }
    }
}

/// What the interface asks of the simulated reader (the demo county has no real
/// cards: the clerk "puts" a holder's card on it with a key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SimCommand {
    Insert { card_number: String },
    Remove,
}
