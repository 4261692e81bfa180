//! The card reader: a thread that watches a PC/SC reader (or a simulated one), reads
//! each card put on it with a card profile, and reports what happens as events.
//!
//! ```no_run
//! use huanzheng::reader::{CardReader, PcscOptions, ReaderEvent};
//! let (reader, events) = CardReader::pcsc_channel(PcscOptions::default());
//! for event in events.iter() {
//!     if let ReaderEvent::CardRead(card) = event {
//!         println!("{}", card.card_number);
//!         break;
//!     }
//! }
//! drop(reader); // stops and joins the thread
//! ```

mod error;
mod hex;
mod pcsc_reader;
pub mod profile;
pub mod sim;
mod simulated;

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub use error::{Field, ProfileError, ReaderError, StepRef};
pub use hex::encode as hex_encode;
pub use profile::{CardFields, Profile, Transmit, TransmitError};
pub use sim::VirtualCard;
pub use simulated::{SIMULATED_READER, Simulator};

use crate::i18n::Text;

/// What a card said: the JSON of `huanzheng reader read --json`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CardRead {
    pub reader: String,
    /// Upper-case hex.
    pub atr: String,
    /// Upper-case hex; `None` when the card or reader refused the UID command.
    pub uid: Option<String>,
    pub card_number: String,
}

/// Everything the reader thread reports, in the order it happens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReaderEvent {
    /// The PC/SC service is not running (or stopped); the thread retries by itself.
    ServiceUnavailable,
    /// The service runs but no (matching) reader is attached.
    NoReader,
    ReaderAttached {
        reader: String,
    },
    ReaderDetached {
        reader: String,
    },
    /// A card is on the reader; its read follows as `CardRead` or `ReadFailed`.
    CardInserted {
        reader: String,
        atr: String,
    },
    CardRead(CardRead),
    CardRemoved {
        reader: String,
    },
    ReadFailed {
        reader: String,
        error: ReaderError,
    },
}

impl ReaderEvent {
    /// A line for the status bar or a log.
    pub fn text(&self) -> Text {
        match self {
            ReaderEvent::ServiceUnavailable => Text::ReaderNoService,
            ReaderEvent::NoReader => Text::ReaderNone,
            ReaderEvent::ReaderAttached { reader } => Text::EvReaderAttached {
                reader: reader.clone(),
            },
            ReaderEvent::ReaderDetached { reader } => Text::EvReaderDetached {
                reader: reader.clone(),
            },
            ReaderEvent::CardInserted { .. } => Text::EvCardInserted,
            ReaderEvent::CardRead(card) => Text::EvCardRead {
                card_number: card.card_number.clone(),
            },
            ReaderEvent::CardRemoved { .. } => Text::EvCardRemoved,
            ReaderEvent::ReadFailed { error, .. } => error.text(),
        }
    }
}

/// Where the reader thread sends its events; returning false (nobody listens any
/// more) ends the thread.
pub type Sink = Box<dyn Fn(ReaderEvent) -> bool + Send + 'static>;

/// A sink into a channel of the caller's own message type.
pub fn to_channel<T: From<ReaderEvent> + Send + 'static>(tx: Sender<T>) -> Sink {
    Box::new(move |event| tx.send(T::from(event)).is_ok())
}

#[derive(Debug, Clone)]
pub struct PcscOptions {
    pub profile: Profile,
    /// Watch only readers whose name is this or contains it (case-insensitive).
    pub reader: Option<String>,
    /// How long to wait before trying again to reach a PC/SC service that is not running.
    pub retry: Duration,
}

impl Default for PcscOptions {
    fn default() -> PcscOptions {
        PcscOptions {
            profile: Profile::builtin().clone(),
            reader: None,
            retry: Duration::from_secs(3),
        }
    }
}

#[derive(Debug, Clone)]
pub struct SimOptions {
    pub profile: Profile,
    /// Time each APDU takes, so a demo read looks like a real one (~44 ms on PC/SC).
    pub apdu_delay: Duration,
}

impl Default for SimOptions {
    fn default() -> SimOptions {
        SimOptions {
            profile: Profile::builtin().clone(),
            apdu_delay: Duration::ZERO,
        }
    }
}

/// The handle of a running reader thread. Dropping it stops and joins the thread.
pub struct CardReader {
    thread: Option<JoinHandle<()>>,
    control: Arc<Control>,
    simulator: Option<Simulator>,
}

impl CardReader {
    /// Watches the PC/SC readers (pcsc-lite's pcscd on Linux, WinSCard on Windows).
    pub fn pcsc(options: PcscOptions, sink: Sink) -> CardReader {
        let control = Arc::new(Control::default());
        let thread = {
            let control = control.clone();
            std::thread::Builder::new()
                .name("card-reader".into())
                .spawn(move || pcsc_reader::run(&options, &control, &sink))
        };
        CardReader::started(thread, control, None)
    }

    pub fn pcsc_channel(options: PcscOptions) -> (CardReader, Receiver<ReaderEvent>) {
        let (tx, rx) = mpsc::channel();
        (CardReader::pcsc(options, to_channel(tx)), rx)
    }

    /// A simulated reader whose cards are put on and taken off through
    /// [`CardReader::simulator`].
    pub fn simulated(options: SimOptions, sink: Sink) -> CardReader {
        let control = Arc::new(Control::default());
        let (simulator, commands) = Simulator::new();
        let thread = std::thread::Builder::new()
            .name("card-reader-sim".into())
            .spawn(move || simulated::run(&options, commands, &sink));
        CardReader::started(thread, control, Some(simulator))
    }

    pub fn simulated_channel(options: SimOptions) -> (CardReader, Receiver<ReaderEvent>) {
        let (tx, rx) = mpsc::channel();
        (CardReader::simulated(options, to_channel(tx)), rx)
    }

    fn started(
        thread: std::io::Result<JoinHandle<()>>,
        control: Arc<Control>,
        simulator: Option<Simulator>,
    ) -> CardReader {
        // A thread that cannot be spawned leaves a reader that never reports anything;
        // the screen keeps showing "no reader" rather than the program aborting.
        CardReader {
            thread: thread.ok(),
            control,
            simulator,
        }
    }

    /// The controls of a simulated reader; `None` for PC/SC.
    pub fn simulator(&self) -> Option<&Simulator> {
        self.simulator.as_ref()
    }

    /// Stops the thread: cancels a blocking PC/SC wait and joins. A read in progress
    /// finishes its current APDU first. Gives up joining after 5 s rather than freeze.
    pub fn stop(&mut self) {
        let Some(thread) = self.thread.take() else {
            return;
        };
        if let Some(simulator) = &self.simulator {
            simulator.stop();
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        // SCardCancel only cancels a wait already in progress, so keep cancelling
        // until the thread is seen to end.
        while !thread.is_finished() && Instant::now() < deadline {
            self.control.request_stop();
            std::thread::sleep(Duration::from_millis(5));
        }
        if thread.is_finished() {
            let _ = thread.join();
        }
    }
}

impl Drop for CardReader {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Shared between the handle and the PC/SC thread: the stop request and the context
/// whose blocking wait a stop cancels.
#[derive(Default)]
struct Control {
    stopped: Mutex<bool>,
    wake: Condvar,
    context: Mutex<Option<::pcsc::Context>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Control {
    fn request_stop(&self) {
        *lock(&self.stopped) = true;
        self.wake.notify_all();
        if let Some(context) = lock(&self.context).as_ref() {
            let _ = context.cancel();
        }
    }

    fn is_stopped(&self) -> bool {
        *lock(&self.stopped)
    }

    /// Waits `d` or until a stop; true when stopped.
    fn sleep(&self, d: Duration) -> bool {
        let guard = lock(&self.stopped);
        let (guard, _) = self
            .wake
            .wait_timeout_while(guard, d, |stopped| !*stopped)
            .unwrap_or_else(PoisonError::into_inner);
        *guard
    }

    fn set_context(&self, context: Option<::pcsc::Context>) {
        *lock(&self.context) = context;
    }
}

/// Reader names as the PC/SC service lists them. No reader is an empty list.
pub fn list_readers() -> Result<Vec<String>, ReaderError> {
    pcsc_reader::list()
}

/// Waits for one card on a PC/SC reader and reads it (`huanzheng reader read`).
/// A card already on the reader is read at once.
pub fn read_once(options: PcscOptions, timeout: Duration) -> Result<CardRead, ReaderError> {
    let filter = options.reader.clone();
    let (reader, events) = CardReader::pcsc_channel(options);
    let result = wait_for_card(&events, timeout);
    drop(reader);
    match (result, filter) {
        (Err(ReaderError::NoReader), Some(name)) => Err(ReaderError::ReaderNotFound {
            name,
            available: list_readers().unwrap_or_default(),
        }),
        (result, _) => result,
    }
}

/// The first card read from a reader's events. Fails at once when the service is not
/// running or a read fails; on timeout says whether a reader was there at all.
pub fn wait_for_card(
    events: &Receiver<ReaderEvent>,
    timeout: Duration,
) -> Result<CardRead, ReaderError> {
    let deadline = Instant::now() + timeout;
    let mut readers: Vec<String> = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match events.recv_timeout(left) {
            Ok(ReaderEvent::CardRead(card)) => return Ok(card),
            Ok(ReaderEvent::ReadFailed { error, .. }) => return Err(error),
            Ok(ReaderEvent::ServiceUnavailable) => return Err(ReaderError::NoService),
            Ok(ReaderEvent::ReaderAttached { reader }) => readers.push(reader),
            Ok(ReaderEvent::ReaderDetached { reader }) => readers.retain(|r| *r != reader),
            Ok(_) => {}
            Err(RecvTimeoutError::Timeout) if readers.is_empty() => {
                return Err(ReaderError::NoReader);
            }
            Err(RecvTimeoutError::Timeout) => {
                return Err(ReaderError::Timeout {
                    seconds: timeout.as_secs_f64().ceil() as u64,
                });
            }
            Err(RecvTimeoutError::Disconnected) => return Err(ReaderError::Stopped),
        }
    }
}

fn name_matches(filter: Option<&str>, name: &str) -> bool {
    filter.is_none_or(|f| name == f || name.to_lowercase().contains(&f.to_lowercase()))
}

#[cfg(test)]
mod tests;
