//! The simulated reader: one reader, always attached, whose cards are put on and taken
//! off by whoever holds its [`Simulator`] (the demo mode, tests).

use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

use super::profile::{Transmit, TransmitError};
use super::sim::VirtualCard;
use super::{CardRead, ReaderEvent, SimOptions, Sink, hex};

pub const SIMULATED_READER: &str = "模拟读卡器 (demo)";

pub(super) enum Command {
    Insert(VirtualCard),
    Remove,
    Stop,
}

/// Puts cards on the simulated reader and takes them off. Cheap to clone.
#[derive(Clone)]
pub struct Simulator {
    tx: Sender<Command>,
}

impl Simulator {
    pub(super) fn new() -> (Simulator, Receiver<Command>) {
        let (tx, rx) = mpsc::channel();
        (Simulator { tx }, rx)
    }

    /// Puts a card on the reader (taking off the one there, if any); it is read at once.
    pub fn insert(&self, card: VirtualCard) {
        let _ = self.tx.send(Command::Insert(card));
    }

    pub fn remove(&self) {
        let _ = self.tx.send(Command::Remove);
    }

    pub(super) fn stop(&self) {
        let _ = self.tx.send(Command::Stop);
    }
}

/// A virtual card as the profile sees it, each APDU taking `delay`.
struct Slow<'a> {
    card: &'a mut VirtualCard,
    delay: Duration,
}

impl Transmit for Slow<'_> {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, TransmitError> {
        if !self.delay.is_zero() {
            std::thread::sleep(self.delay);
        }
        self.card.transmit(apdu)
    }
}

pub(super) fn run(options: &SimOptions, commands: Receiver<Command>, sink: &Sink) {
    let reader = SIMULATED_READER.to_string();
    if !sink(ReaderEvent::ReaderAttached {
        reader: reader.clone(),
    }) {
        return;
    }
    let mut present = false;
    let removed = |present: &mut bool| {
        let was = std::mem::take(present);
        !was || sink(ReaderEvent::CardRemoved {
            reader: reader.clone(),
        })
    };
    while let Ok(command) = commands.recv() {
        match command {
            Command::Stop => return,
            Command::Remove => {
                if !removed(&mut present) {
                    return;
                }
            }
            Command::Insert(mut card) => {
                if !removed(&mut present) {
                    return;
                }
                present = true;
                if !insert(options, &reader, &mut card, sink) {
                    return;
                }
                // A card that left mid-read is gone from the reader too.
                if card.is_pulled() && !removed(&mut present) {
                    return;
                }
            }
        }
    }
}

/// Reports the card and its read; false when nobody listens any more.
fn insert(options: &SimOptions, reader: &str, card: &mut VirtualCard, sink: &Sink) -> bool {
    let atr = hex::encode(card.atr());
    card.reset();
    if !sink(ReaderEvent::CardInserted {
        reader: reader.to_string(),
        atr: atr.clone(),
    }) {
        return false;
    }
    let mut link = Slow {
        card,
        delay: options.apdu_delay,
    };
    sink(match options.profile.run(&mut link) {
        Ok(fields) => ReaderEvent::CardRead(CardRead {
            reader: reader.to_string(),
            atr,
            uid: fields.uid,
            card_number: fields.card_number,
        }),
        Err(error) => ReaderEvent::ReadFailed {
            reader: reader.to_string(),
            error,
        },
    })
}
