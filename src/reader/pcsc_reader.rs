//! The PC/SC backend: waits in `SCardGetStatusChange` (readers and the PnP
//! pseudo-reader), reads each card that arrives, and re-establishes the context when
//! the service goes away.

use std::ffi::{CStr, CString};
use std::time::Duration;

use ::pcsc::{
    Card, Context, Disposition, Error as PcscError, MAX_BUFFER_SIZE_EXTENDED, PNP_NOTIFICATION,
    Protocols, ReaderState, Scope, ShareMode, State,
};

use super::profile::{Profile, Transmit, TransmitError};
use super::{CardRead, Control, PcscOptions, ReaderError, ReaderEvent, Sink, hex, name_matches};

/// Re-list readers this often where the platform has no PnP notification.
const NO_PNP_RELIST: Duration = Duration::from_secs(2);

pub(super) fn list() -> Result<Vec<String>, ReaderError> {
    let context = Context::establish(Scope::User).map_err(|_| ReaderError::NoService)?;
    match context.list_readers_owned() {
        Ok(names) => Ok(names.iter().map(|n| lossy(n)).collect()),
        Err(PcscError::NoReadersAvailable) => Ok(Vec::new()),
        Err(e) => Err(service_error(e)),
    }
}

fn lossy(name: &CStr) -> String {
    name.to_string_lossy().into_owned()
}

fn service_error(e: PcscError) -> ReaderError {
    match e {
        PcscError::NoService | PcscError::ServiceStopped | PcscError::CommError => {
            ReaderError::NoService
        }
        other => ReaderError::Pcsc {
            detail: other.to_string(),
        },
    }
}

enum End {
    Stopped,
    ServiceLost,
}

pub(super) fn run(options: &PcscOptions, control: &Control, sink: &Sink) {
    let mut told_unavailable = false;
    while !control.is_stopped() {
        // Any failure to establish means there is no usable service: say so once, retry.
        if let Ok(context) = Context::establish(Scope::User) {
            told_unavailable = false;
            control.set_context(Some(context.clone()));
            let end = Watch::new(&context, options, sink).run(control);
            control.set_context(None);
            if let End::Stopped = end {
                return;
            }
        }
        if !told_unavailable {
            if !sink(ReaderEvent::ServiceUnavailable) {
                return;
            }
            told_unavailable = true;
        }
        if control.sleep(options.retry) {
            return;
        }
    }
}

struct Slot {
    name: String,
    present: bool,
    /// The reader's card event counter when the present card arrived (0: not kept).
    arrivals: u32,
}

struct Watch<'a> {
    context: &'a Context,
    options: &'a PcscOptions,
    sink: &'a Sink,
    /// `states[0]` is the PnP pseudo-reader; `states[i + 1]` belongs to `slots[i]`.
    states: Vec<ReaderState>,
    slots: Vec<Slot>,
    told_no_reader: bool,
    pnp: bool,
}

impl<'a> Watch<'a> {
    fn new(context: &'a Context, options: &'a PcscOptions, sink: &'a Sink) -> Watch<'a> {
        Watch {
            context,
            options,
            sink,
            states: vec![ReaderState::new(PNP_NOTIFICATION(), State::UNAWARE)],
            slots: Vec::new(),
            told_no_reader: false,
            pnp: true,
        }
    }

    fn emit(&self, event: ReaderEvent) -> Result<(), End> {
        if (self.sink)(event) {
            Ok(())
        } else {
            Err(End::Stopped)
        }
    }

    fn run(mut self, control: &Control) -> End {
        match self.watch(control) {
            Ok(never) => match never {},
            Err(end) => end,
        }
    }

    fn watch(&mut self, control: &Control) -> Result<std::convert::Infallible, End> {
        loop {
            if control.is_stopped() {
                return Err(End::Stopped);
            }
            self.refresh()?;
            for state in &mut self.states {
                state.sync_current_state();
            }
            let timeout = (!self.pnp).then_some(NO_PNP_RELIST);
            match self.context.get_status_change(timeout, &mut self.states) {
                // Cancelled: a stop, seen at the top. UnknownReader: a reader left
                // between listing and waiting, seen by the next refresh.
                Ok(())
                | Err(PcscError::Timeout)
                | Err(PcscError::Cancelled)
                | Err(PcscError::UnknownReader) => {}
                Err(_) => return Err(End::ServiceLost),
            }
            if self.states[0].event_state().contains(State::UNKNOWN) {
                self.pnp = false;
            }
            self.cards()?;
        }
    }

    /// Follows the list of readers: attached, detached, none at all.
    fn refresh(&mut self) -> Result<(), End> {
        let names: Vec<CString> = match self.context.list_readers_owned() {
            Ok(names) => names,
            Err(PcscError::NoReadersAvailable) => Vec::new(),
            Err(_) => return Err(End::ServiceLost),
        };
        let filter = self.options.reader.as_deref();
        let names: Vec<CString> = names
            .into_iter()
            .filter(|n| name_matches(filter, &lossy(n)))
            .collect();
        let mut i = 0;
        while i < self.slots.len() {
            if names
                .iter()
                .any(|n| n.as_c_str() == self.states[i + 1].name())
            {
                i += 1;
                continue;
            }
            let slot = self.slots.remove(i);
            self.states.remove(i + 1);
            if slot.present {
                self.emit(ReaderEvent::CardRemoved {
                    reader: slot.name.clone(),
                })?;
            }
            self.emit(ReaderEvent::ReaderDetached { reader: slot.name })?;
        }
        for name in names {
            if self.states.iter().any(|s| s.name() == name.as_c_str()) {
                continue;
            }
            let reader = lossy(&name);
            self.states.push(ReaderState::new(name, State::UNAWARE));
            self.slots.push(Slot {
                name: reader.clone(),
                present: false,
                arrivals: 0,
            });
            self.emit(ReaderEvent::ReaderAttached { reader })?;
        }
        if self.slots.is_empty() {
            if !self.told_no_reader {
                self.emit(ReaderEvent::NoReader)?;
                self.told_no_reader = true;
            }
        } else {
            self.told_no_reader = false;
        }
        Ok(())
    }

    /// Cards that arrived (read them) or left since the last wait.
    fn cards(&mut self) -> Result<(), End> {
        for i in 0..self.slots.len() {
            let state = &self.states[i + 1];
            let event = state.event_state();
            if event.intersects(State::UNKNOWN | State::IGNORE | State::UNAVAILABLE) {
                continue;
            }
            let present = event.contains(State::PRESENT);
            let arrivals = state.event_count();
            let reader = self.slots[i].name.clone();
            // The counter moved with a card present both times: one card was taken off
            // and another put on between two waits.
            let swapped = present
                && self.slots[i].present
                && arrivals != 0
                && arrivals != self.slots[i].arrivals;
            if self.slots[i].present && (!present || swapped) {
                self.slots[i].present = false;
                self.emit(ReaderEvent::CardRemoved {
                    reader: reader.clone(),
                })?;
            }
            if present && !self.slots[i].present {
                let name = state.name().to_owned();
                let atr = hex::encode(state.atr());
                self.slots[i].present = true;
                self.slots[i].arrivals = arrivals;
                self.emit(ReaderEvent::CardInserted {
                    reader: reader.clone(),
                    atr: atr.clone(),
                })?;
                let read = if event.contains(State::MUTE) {
                    Err(ReaderError::Unresponsive)
                } else {
                    read(self.context, &name, &reader, atr, &self.options.profile)
                };
                self.emit(match read {
                    Ok(card) => ReaderEvent::CardRead(card),
                    Err(error) => ReaderEvent::ReadFailed { reader, error },
                })?;
            }
        }
        Ok(())
    }
}

fn read(
    context: &Context,
    name: &CStr,
    reader: &str,
    atr: String,
    profile: &Profile,
) -> Result<CardRead, ReaderError> {
    let mut card = context
        .connect(name, ShareMode::Shared, Protocols::ANY)
        .map_err(|e| connect_error(e, reader))?;
    let fields = match card.transaction() {
        Ok(transaction) => profile.run(&mut Link(&transaction)),
        Err(e) => Err(connect_error(e, reader)),
    };
    // Leave the card as it is; dropping the handle would reset it.
    let _ = card.disconnect(Disposition::LeaveCard);
    let fields = fields?;
    Ok(CardRead {
        reader: reader.to_string(),
        atr,
        uid: fields.uid,
        card_number: fields.card_number,
    })
}

fn connect_error(e: PcscError, reader: &str) -> ReaderError {
    match e {
        PcscError::NoSmartcard | PcscError::RemovedCard => ReaderError::CardRemoved { step: None },
        PcscError::UnresponsiveCard
        | PcscError::UnpoweredCard
        | PcscError::UnsupportedCard
        | PcscError::ProtoMismatch => ReaderError::Unresponsive,
        PcscError::SharingViolation => ReaderError::ReaderBusy {
            reader: reader.to_string(),
        },
        other => service_error(other),
    }
}

/// A connected card as the profile sees it.
struct Link<'a>(&'a Card);

impl Transmit for Link<'_> {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, TransmitError> {
        let mut buffer = vec![0; MAX_BUFFER_SIZE_EXTENDED];
        match self.0.transmit(apdu, &mut buffer) {
            Ok(answer) => Ok(answer.to_vec()),
            Err(PcscError::RemovedCard | PcscError::NoSmartcard) => Err(TransmitError::Removed),
            Err(e) => Err(TransmitError::Failed(e.to_string())),
        }
    }
}
