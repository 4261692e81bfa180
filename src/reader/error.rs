//! What can go wrong with a card, a reader or a card profile, as values the screen
//! and the command line can show in either language.

use thiserror::Error;

use crate::i18n::{Lang, Localized, Text};

/// A profile step as a message names it: its number (from 1) and its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRef {
    pub number: usize,
    pub name: String,
}

impl Localized for StepRef {
    fn local(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("第{}步“{}”", self.number, self.name),
            Lang::En => format!("step {} \"{}\"", self.number, self.name),
        }
    }
}

/// What a profile step yields from the card's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Uid,
    CardNumber,
}

impl Localized for Field {
    fn local(&self, lang: Lang) -> String {
        match (self, lang) {
            (Field::Uid, Lang::Zh) => "芯片序列号（uid）".into(),
            (Field::Uid, Lang::En) => "chip serial number (uid)".into(),
            (Field::CardNumber, Lang::Zh) => "卡号（card_number）".into(),
            (Field::CardNumber, Lang::En) => "card number (card_number)".into(),
        }
    }
}

/// A card profile that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{}", self.text())]
pub enum ProfileError {
    Read { path: String, detail: String },
    Toml { detail: String },
    NoSteps,
    BadApdu { step: StepRef, value: String },
    BadStatusWord { step: StepRef, value: String },
    FieldCount { field: Field, count: usize },
    OptionalCardNumber { step: StepRef },
}

impl ProfileError {
    pub fn text(&self) -> Text {
        match self.clone() {
            ProfileError::Read { path, detail } => Text::ProfileRead { path, detail },
            ProfileError::Toml { detail } => Text::ProfileToml { detail },
            ProfileError::NoSteps => Text::ProfileNoSteps,
            ProfileError::BadApdu { step, value } => Text::ProfileBadApdu { step, value },
            ProfileError::BadStatusWord { step, value } => {
                Text::ProfileBadStatusWord { step, value }
            }
            ProfileError::FieldCount { field, count } => Text::ProfileFieldCount { field, count },
            ProfileError::OptionalCardNumber { step } => Text::ProfileOptionalCardNumber { step },
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        self.text().render(lang)
    }
}

/// Why a card could not be read, or why there is no reader to read it with.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{}", self.text())]
pub enum ReaderError {
    /// The PC/SC service (pcscd, Windows' Smart Card service) is not running.
    NoService,
    NoReader,
    /// `--reader NAME` matches none of the attached readers.
    ReaderNotFound {
        name: String,
        available: Vec<String>,
    },
    /// Another program holds the reader exclusively.
    ReaderBusy {
        reader: String,
    },
    /// The card left the reader; `step` is the profile step in flight, if any.
    CardRemoved {
        step: Option<StepRef>,
    },
    /// A card is there but does not answer (upside down, not a smart card).
    Unresponsive,
    /// A required step got a status word it does not accept.
    StatusWord {
        step: StepRef,
        sw: u16,
    },
    /// The card number step read nothing but padding: an unpersonalised card.
    NoCardNumber {
        step: StepRef,
    },
    NotAscii {
        step: StepRef,
        data: String,
    },
    Transmit {
        step: StepRef,
        detail: String,
    },
    Pcsc {
        detail: String,
    },
    Timeout {
        seconds: u64,
    },
    Profile(ProfileError),
    /// The reader thread ended before a card was read.
    Stopped,
}

impl From<ProfileError> for ReaderError {
    fn from(e: ProfileError) -> ReaderError {
        ReaderError::Profile(e)
    }
}

impl ReaderError {
    pub fn text(&self) -> Text {
        match self.clone() {
            ReaderError::NoService => Text::ReaderNoService,
            ReaderError::NoReader => Text::ReaderNone,
            ReaderError::ReaderNotFound { name, available } if available.is_empty() => {
                Text::ReaderNotFoundNoneAttached { name }
            }
            ReaderError::ReaderNotFound { name, available } => {
                Text::ReaderNotFound { name, available }
            }
            ReaderError::ReaderBusy { reader } => Text::ReaderBusy { reader },
            ReaderError::CardRemoved { step: None } => Text::CardRemovedEarly,
            ReaderError::CardRemoved { step: Some(step) } => Text::CardRemovedAt { step },
            ReaderError::Unresponsive => Text::CardUnresponsive,
            ReaderError::StatusWord { step, sw } => Text::CardStatusWord {
                step,
                sw: format!("{sw:04X}"),
            },
            ReaderError::NoCardNumber { step } => Text::CardNoNumber { step },
            ReaderError::NotAscii { step, data } => Text::CardNotAscii { step, data },
            ReaderError::Transmit { step, detail } => Text::CardTransmit { step, detail },
            ReaderError::Pcsc { detail } => Text::ReaderPcsc { detail },
            ReaderError::Timeout { seconds } => Text::ReaderTimeout { seconds },
            ReaderError::Profile(e) => e.text(),
            ReaderError::Stopped => Text::ReaderStopped,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        self.text().render(lang)
    }

    /// The card went away: the screen asks for it back rather than reporting a fault.
    pub fn is_removal(&self) -> bool {
        matches!(self, ReaderError::CardRemoved { .. })
    }
}
