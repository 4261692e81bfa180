//! A card profile: the APDUs that read a card and what each answer yields. The card
//! centre's vendor specification decides the real layout, so it is a file, not code.

use std::path::Path;
use std::sync::LazyLock;

use serde::Deserialize;

use super::error::{Field, ProfileError, ReaderError, StepRef};
use super::hex;

/// The built-in profile, `assets/cards/default.toml`.
pub const DEFAULT_PROFILE: &str = include_str!("../../assets/cards/default.toml");

static BUILTIN: LazyLock<Profile> = LazyLock::new(|| {
    Profile::parse(DEFAULT_PROFILE).expect("the embedded default card profile is valid")
});

const SW_OK: u16 = 0x9000;
/// Bounds the GET RESPONSE chain of a card that keeps answering 61xx.
const MAX_GET_RESPONSE: usize = 32;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub name: String,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub name: String,
    pub apdu: Vec<u8>,
    /// Status words that count as success.
    pub success: Vec<u16>,
    /// A failing status word leaves the field empty instead of failing the read.
    pub optional: bool,
    pub field: Option<Field>,
}

/// What a profile read from a card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardFields {
    /// Upper-case hex; `None` when the card or reader refused the UID step.
    pub uid: Option<String>,
    pub card_number: String,
}

/// The one thing a profile needs from a card: send a command APDU, get the response
/// APDU (data then SW1 SW2).
pub trait Transmit {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, TransmitError>;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransmitError {
    /// The card left the reader.
    Removed,
    Failed(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    name: Option<String>,
    #[serde(default)]
    steps: Vec<StepFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepFile {
    name: Option<String>,
    apdu: String,
    success: Option<Vec<String>>,
    #[serde(default)]
    optional: bool,
    field: Option<Field>,
}

impl Profile {
    pub fn builtin() -> &'static Profile {
        &BUILTIN
    }

    /// The profile in `path`, or the built-in one.
    pub fn load_or_builtin(path: Option<&Path>) -> Result<Profile, ProfileError> {
        match path {
            Some(path) => Profile::load(path),
            None => Ok(Profile::builtin().clone()),
        }
    }

    pub fn load(path: &Path) -> Result<Profile, ProfileError> {
        let text = std::fs::read_to_string(path).map_err(|e| ProfileError::Read {
            path: path.display().to_string(),
            detail: e.to_string(),
        })?;
        Profile::parse(&text)
    }

    pub fn parse(text: &str) -> Result<Profile, ProfileError> {
        let file: ProfileFile = toml::from_str(text).map_err(|e| ProfileError::Toml {
            detail: e.to_string().trim().to_string(),
        })?;
        if file.steps.is_empty() {
            return Err(ProfileError::NoSteps);
        }
        let steps = file
            .steps
            .into_iter()
            .enumerate()
            .map(|(i, s)| Step::from_file(i + 1, s))
            .collect::<Result<Vec<_>, _>>()?;
        for field in [Field::CardNumber, Field::Uid] {
            let count = steps.iter().filter(|s| s.field == Some(field)).count();
            let fits = match field {
                Field::CardNumber => count == 1,
                Field::Uid => count <= 1,
            };
            if !fits {
                return Err(ProfileError::FieldCount { field, count });
            }
        }
        let profile = Profile {
            name: file.name.unwrap_or_default(),
            steps,
        };
        if let Some((number, step)) = profile
            .numbered()
            .find(|(_, s)| s.optional && s.field == Some(Field::CardNumber))
        {
            return Err(ProfileError::OptionalCardNumber {
                step: step.reference(number),
            });
        }
        Ok(profile)
    }

    fn numbered(&self) -> impl Iterator<Item = (usize, &Step)> {
        self.steps.iter().enumerate().map(|(i, s)| (i + 1, s))
    }

    /// Runs every step in order on a card.
    pub fn run(&self, card: &mut dyn Transmit) -> Result<CardFields, ReaderError> {
        let mut uid = None;
        let mut card_number = None;
        for (number, step) in self.numbered() {
            let at = step.reference(number);
            let (data, sw) = exchange(card, &step.apdu, &at)?;
            if !step.success.contains(&sw) {
                if step.optional {
                    continue;
                }
                return Err(ReaderError::StatusWord { step: at, sw });
            }
            match step.field {
                Some(Field::Uid) => uid = (!data.is_empty()).then(|| hex::encode(&data)),
                Some(Field::CardNumber) => card_number = Some(ascii_number(&data, at)?),
                None => {}
            }
        }
        // `parse` guarantees one card-number step, and it is never optional.
        let card_number = card_number.unwrap_or_default();
        Ok(CardFields { uid, card_number })
    }
}

impl Step {
    fn from_file(number: usize, file: StepFile) -> Result<Step, ProfileError> {
        let name = file.name.unwrap_or_else(|| file.apdu.clone());
        let at = StepRef {
            number,
            name: name.clone(),
        };
        let apdu = hex::parse(&file.apdu)
            .filter(|a| a.len() >= 4)
            .ok_or_else(|| ProfileError::BadApdu {
                step: at.clone(),
                value: file.apdu.clone(),
            })?;
        let success = match file.success {
            None => vec![SW_OK],
            Some(words) => words
                .iter()
                .map(|w| {
                    parse_sw(w).ok_or_else(|| ProfileError::BadStatusWord {
                        step: at.clone(),
                        value: w.clone(),
                    })
                })
                .collect::<Result<Vec<_>, _>>()?,
        };
        Ok(Step {
            name,
            apdu,
            success,
            optional: file.optional,
            field: file.field,
        })
    }

    pub fn reference(&self, number: usize) -> StepRef {
        StepRef {
            number,
            name: self.name.clone(),
        }
    }
}

fn parse_sw(s: &str) -> Option<u16> {
    match hex::parse(s)?.as_slice() {
        [hi, lo] => Some(u16::from_be_bytes([*hi, *lo])),
        _ => None,
    }
}

/// One command, following the T=0 conventions a card may use to say how to get its
/// answer: 6Cxx (ask again with Le = xx) and 61xx (xx more bytes by GET RESPONSE).
fn exchange(
    card: &mut dyn Transmit,
    apdu: &[u8],
    at: &StepRef,
) -> Result<(Vec<u8>, u16), ReaderError> {
    let (mut data, mut sw) = send(card, apdu, at)?;
    if sw >> 8 == 0x6C && apdu.len() == 5 {
        let mut again = apdu.to_vec();
        again[4] = sw as u8;
        (data, sw) = send(card, &again, at)?;
    }
    let mut rounds = 0;
    while sw >> 8 == 0x61 && rounds < MAX_GET_RESPONSE {
        let (more, next) = send(card, &[0x00, 0xC0, 0x00, 0x00, sw as u8], at)?;
        data.extend(more);
        sw = next;
        rounds += 1;
    }
    Ok((data, sw))
}

fn send(card: &mut dyn Transmit, apdu: &[u8], at: &StepRef) -> Result<(Vec<u8>, u16), ReaderError> {
    let mut answer = card.transmit(apdu).map_err(|e| match e {
        TransmitError::Removed => ReaderError::CardRemoved {
            step: Some(at.clone()),
        },
        TransmitError::Failed(detail) => ReaderError::Transmit {
            step: at.clone(),
            detail,
        },
    })?;
    // pcsc-lite answers a transmit to a card pulled mid-command with 0 bytes and Ok.
    if answer.len() < 2 {
        return Err(ReaderError::CardRemoved {
            step: Some(at.clone()),
        });
    }
    let lo = answer.pop().unwrap_or_default();
    let hi = answer.pop().unwrap_or_default();
    Ok((answer, u16::from_be_bytes([hi, lo])))
}

fn ascii_number(data: &[u8], at: StepRef) -> Result<String, ReaderError> {
    let padding = |b: &u8| matches!(b, 0x00 | 0xFF | b' ');
    let start = data.iter().position(|b| !padding(b));
    let end = data.iter().rposition(|b| !padding(b));
    let (Some(start), Some(end)) = (start, end) else {
        return Err(ReaderError::NoCardNumber { step: at });
    };
    let number = &data[start..=end];
    if !number.iter().all(|b| b.is_ascii_graphic() || *b == b' ') {
        return Err(ReaderError::NotAscii {
            step: at,
            data: hex::encode(data),
        });
    }
    Ok(String::from_utf8_lossy(number).into_owned())
}
