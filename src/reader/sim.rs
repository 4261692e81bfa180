//! A virtual card that answers the default profile's APDUs the way a personalised
//! disability card does: for the simulated reader (demo, unit tests) and for the
//! tests' vpcd card on the real PC/SC stack. All of its data is synthetic.

use super::hex;
use super::profile::{Transmit, TransmitError};

/// A well-formed T=0 ATR whose historical bytes spell "HUANZHENG".
pub const DEMO_ATR: [u8; 12] = [
    0x3B, 0x0A, 0x80, b'H', b'U', b'A', b'N', b'Z', b'H', b'E', b'N', b'G',
];
/// The card number elementary file under the MF.
const EF_CARD_NUMBER: [u8; 2] = [0x2F, 0x01];
const MF: [u8; 2] = [0x3F, 0x00];
/// The file is this long; the card number is followed by 0x00 padding.
const EF_SIZE: usize = 32;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VirtualCard {
    atr: Vec<u8>,
    uid: Vec<u8>,
    card_number: String,
    refuse_uid: bool,
    pull_after: Option<usize>,
    answered: usize,
    pulled: bool,
    selected: bool,
}

impl VirtualCard {
    pub fn new(atr: &[u8], uid: &[u8], card_number: &str) -> VirtualCard {
        VirtualCard {
            atr: atr.to_vec(),
            uid: uid.to_vec(),
            card_number: card_number.to_string(),
            refuse_uid: false,
            pull_after: None,
            answered: 0,
            pulled: false,
            selected: false,
        }
    }

    /// A card with [`DEMO_ATR`] and a UID derived from the card number.
    pub fn demo(card_number: &str) -> VirtualCard {
        // FNV-1a: the same number always gives the same synthetic UID.
        let hash = card_number.bytes().fold(0x811c_9dc5_u32, |h, b| {
            (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
        });
        VirtualCard::new(&DEMO_ATR, &hash.to_be_bytes(), card_number)
    }

    /// Answers the UID pseudo-APDU `FF CA 00 00 00` with 6A81 (function not supported).
    pub fn refusing_uid(mut self) -> VirtualCard {
        self.refuse_uid = true;
        self
    }

    /// Leaves the reader after answering `n` APDUs: the next one gets no answer.
    pub fn pulled_after(mut self, n: usize) -> VirtualCard {
        self.pull_after = Some(n);
        self
    }

    pub fn atr(&self) -> &[u8] {
        &self.atr
    }

    pub fn uid(&self) -> &[u8] {
        &self.uid
    }

    pub fn card_number(&self) -> &str {
        &self.card_number
    }

    pub fn is_pulled(&self) -> bool {
        self.pulled
    }

    /// APDUs answered so far.
    pub fn answered(&self) -> usize {
        self.answered
    }

    /// A power cycle: nothing is selected any more.
    pub fn reset(&mut self) {
        self.selected = false;
    }

    /// The response APDU to a command APDU; empty once the card has been pulled.
    pub fn respond(&mut self, apdu: &[u8]) -> Vec<u8> {
        if self.pull_after.is_some_and(|n| self.answered >= n) {
            self.pulled = true;
        }
        if self.pulled {
            return Vec::new();
        }
        self.answered += 1;
        self.answer(apdu)
    }

    fn answer(&mut self, apdu: &[u8]) -> Vec<u8> {
        let [cla, ins, p1, p2, rest @ ..] = apdu else {
            return sw(0x6700);
        };
        match (cla, ins) {
            (0xFF, 0xCA) if (*p1, *p2) == (0, 0) => {
                if self.refuse_uid {
                    sw(0x6A81)
                } else {
                    with_sw(&self.uid, 0x9000)
                }
            }
            (0xFF, _) => sw(0x6A81),
            (0x00, 0xA4) => self.select(rest),
            (0x00, 0xB0) => self.read_binary(u16::from_be_bytes([*p1 & 0x7F, *p2]), rest),
            (0x00, _) => sw(0x6D00),
            _ => sw(0x6E00),
        }
    }

    fn select(&mut self, rest: &[u8]) -> Vec<u8> {
        let [lc, data @ ..] = rest else {
            return sw(0x6700);
        };
        // A trailing Le is allowed after the file identifier.
        if usize::from(*lc) != 2 || data.len() < 2 || data.len() > 3 {
            return sw(0x6700);
        }
        match [data[0], data[1]] {
            EF_CARD_NUMBER => {
                self.selected = true;
                sw(0x9000)
            }
            MF => {
                self.selected = false;
                sw(0x9000)
            }
            _ => sw(0x6A82),
        }
    }

    fn read_binary(&self, offset: u16, rest: &[u8]) -> Vec<u8> {
        if !self.selected {
            return sw(0x6986);
        }
        let wanted = match rest {
            [] | [0] => 256,
            [le] => usize::from(*le),
            _ => return sw(0x6700),
        };
        let mut file = self.card_number.as_bytes().to_vec();
        file.resize(EF_SIZE.max(file.len()), 0x00);
        let offset = usize::from(offset);
        if offset > file.len() {
            return sw(0x6B00);
        }
        let data = &file[offset..file.len().min(offset + wanted)];
        if data.len() < wanted {
            with_sw(data, 0x6282)
        } else {
            with_sw(data, 0x9000)
        }
    }
}

impl Transmit for VirtualCard {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, TransmitError> {
        Ok(self.respond(apdu))
    }
}

impl std::fmt::Display for VirtualCard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (UID {})", self.card_number, hex::encode(&self.uid))
    }
}

fn sw(word: u16) -> Vec<u8> {
    word.to_be_bytes().to_vec()
}

fn with_sw(data: &[u8], word: u16) -> Vec<u8> {
    let mut out = data.to_vec();
    out.extend(word.to_be_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_the_default_profile_commands() {
        let mut card = VirtualCard::new(&DEMO_ATR, &[1, 2, 3, 4], "530323K0001");
        assert_eq!(
            card.respond(&[0xFF, 0xCA, 0, 0, 0]),
            [1, 2, 3, 4, 0x90, 0x00]
        );
        assert_eq!(card.respond(&[0x00, 0xB0, 0, 0, 0]), [0x69, 0x86]);
        assert_eq!(
            card.respond(&[0x00, 0xA4, 0x00, 0x0C, 0x02, 0x2F, 0x02]),
            [0x6A, 0x82]
        );
        assert_eq!(
            card.respond(&[0x00, 0xA4, 0x00, 0x0C, 0x02, 0x2F, 0x01]),
            [0x90, 0x00]
        );
        let whole = card.respond(&[0x00, 0xB0, 0, 0, 0]);
        assert_eq!(whole.len(), EF_SIZE + 2);
        assert!(whole.starts_with(b"530323K0001\0"));
        assert!(whole.ends_with(&[0x62, 0x82]));
        assert_eq!(card.respond(&[0x00, 0xB0, 0, 2, 4]), b"0323\x90\x00");
        assert_eq!(card.respond(&[0x00, 0xB0, 0, 40, 1]), [0x6B, 0x00]);
        assert_eq!(card.respond(&[0x00, 0x84, 0, 0, 8]), [0x6D, 0x00]);
        assert_eq!(card.respond(&[0x80, 0xCA, 0, 0, 0]), [0x6E, 0x00]);
        assert_eq!(card.respond(&[0x00]), [0x67, 0x00]);
        assert_eq!(card.answered(), 10);
    }

    #[test]
    fn refuses_the_uid_and_is_pulled_on_request() {
        let mut card = VirtualCard::demo("530323K0002")
            .refusing_uid()
            .pulled_after(1);
        assert_eq!(card.respond(&[0xFF, 0xCA, 0, 0, 0]), [0x6A, 0x81]);
        assert!(!card.is_pulled());
        assert!(card.respond(&[0xFF, 0xCA, 0, 0, 0]).is_empty());
        assert!(card.is_pulled());
        assert!(card.respond(&[0x00, 0xB0, 0, 0, 0]).is_empty());
        assert_eq!(card.answered(), 1);
    }

    #[test]
    fn demo_uids_follow_the_card_number() {
        let a = VirtualCard::demo("530323K0001");
        assert_eq!(a.uid(), VirtualCard::demo("530323K0001").uid());
        assert_ne!(a.uid(), VirtualCard::demo("530323K0002").uid());
        assert_eq!(a.atr(), DEMO_ATR);
    }
}
