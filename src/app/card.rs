//! What the interface knows of the card reader: its state for the status line, and
//! the signals the reader thread sends. The reader backends (PC/SC, simulated) turn
//! their events into these; the interface never waits on the reader.

use crate::i18n::Text;
use crate::reader::ReaderEvent;

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
            ReaderState::Off => Text::StatusReaderOff,
            ReaderState::NoService => Text::StatusReaderNoService,
            ReaderState::NoReader => Text::StatusReaderNone,
            ReaderState::Ready { .. } => Text::StatusReaderReady,
            ReaderState::Reading { .. } => Text::StatusReaderReading,
            ReaderState::Card { card_number, .. } => Text::StatusReaderCard {
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

impl From<ReaderEvent> for CardSignal {
    fn from(event: ReaderEvent) -> CardSignal {
        match event {
            ReaderEvent::ServiceUnavailable => CardSignal::Status(ReaderState::NoService),
            ReaderEvent::NoReader | ReaderEvent::ReaderDetached { .. } => {
                CardSignal::Status(ReaderState::NoReader)
            }
            ReaderEvent::ReaderAttached { reader } => {
                CardSignal::Status(ReaderState::Ready { reader })
            }
            ReaderEvent::CardInserted { reader, .. } => CardSignal::Inserted { reader },
            ReaderEvent::CardRead(read) => CardSignal::Read {
                reader: read.reader,
                card_number: read.card_number,
                uid: read.uid,
            },
            ReaderEvent::CardRemoved { reader } => CardSignal::Removed { reader },
            ReaderEvent::ReadFailed { reader, error } => CardSignal::Failed {
                reader,
                problem: error.text(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_follows_the_reader() {
        let reader = || "Virtual PCD 00 00".to_string();
        let mut state = ReaderState::Off;
        let events = [
            ReaderEvent::ServiceUnavailable,
            ReaderEvent::ReaderAttached { reader: reader() },
            ReaderEvent::CardInserted {
                reader: reader(),
                atr: "3B".into(),
            },
        ];
        for event in events {
            state = state.after(&CardSignal::from(event));
        }
        assert_eq!(state, ReaderState::Reading { reader: reader() });
        let read = CardSignal::from(ReaderEvent::CardRead(crate::reader::CardRead {
            reader: reader(),
            atr: "3B".into(),
            uid: None,
            card_number: "5303".into(),
        }));
        state = state.after(&read);
        assert_eq!(state.card(), Some("5303"));
        assert_eq!(state.text().to_string(), "卡 5303");
        state = state.after(&CardSignal::from(ReaderEvent::CardRemoved {
            reader: reader(),
        }));
        assert_eq!(state.card(), None);
        assert_eq!(state.text().to_string(), "读卡器就绪");
        state = state.after(&CardSignal::from(ReaderEvent::ServiceUnavailable));
        assert_eq!(state.text().to_string(), "读卡服务未运行");
    }
}
