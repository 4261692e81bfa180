//! 发证: what must be true before a card is handed to a person. Pure rules; the
//! store checks them again inside the transaction that records the handover.

use serde::Serialize;

use super::case::{Case, Loss, OldCertificate, Recipient, State};
use super::ids::{Category, CertNumber, Grade, IdNumber};
use super::text::{normalize, normalize_code};
use crate::i18n::Text;

/// State of a personalised card as the card table has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CardState {
    Personalised,
    Issued,
    Voided,
}

impl CardState {
    pub fn parse(s: &str) -> Option<CardState> {
        match s {
            "personalised" => Some(CardState::Personalised),
            "issued" => Some(CardState::Issued),
            "voided" => Some(CardState::Voided),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CardState::Personalised => "personalised",
            CardState::Issued => "issued",
            CardState::Voided => "voided",
        }
    }
}

/// A card from the card centre's batch: whose it is and what it carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CardFacts {
    pub card_number: String,
    /// The certificate number personalised on the card (ID + category + grade).
    pub cert_number: String,
    pub id_number: String,
    pub state: CardState,
    /// The owner's name, to say whose card it is when it is not this person's.
    pub owner_name: String,
}

/// Why a card may not be handed over now. Each says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The case is not at the handover step (e.g. a 目测 holder not yet re-assessed).
    NotReady { state: State },
    /// The card number is in no imported batch.
    UnknownCard { card_number: String },
    /// 人证不符: the card belongs to someone else.
    OtherHolder {
        card_number: String,
        owner_name: String,
        owner_id: String,
    },
    /// The card was voided; a remade card is needed.
    Voided { card_number: String },
    /// The card was handed over already.
    AlreadyIssued { card_number: String },
    /// The card carries the old classification: void it and request a remake.
    WrongClassification {
        card: (Category, Grade),
        needed: (Category, Grade),
    },
}

impl Refusal {
    pub fn text(&self) -> Text {
        match self {
            Refusal::NotReady { state } => Text::HandoverNotReady { state: *state },
            Refusal::UnknownCard { card_number } => Text::HandoverUnknownCard {
                card: card_number.clone(),
            },
            Refusal::OtherHolder {
                card_number,
                owner_name,
                owner_id,
            } => Text::HandoverOtherHolder {
                card: card_number.clone(),
                owner: owner_name.clone(),
                owner_id: mask_id(owner_id),
            },
            Refusal::Voided { card_number } => Text::HandoverCardVoided {
                card: card_number.clone(),
            },
            Refusal::AlreadyIssued { card_number } => Text::HandoverCardIssued {
                card: card_number.clone(),
            },
            Refusal::WrongClassification { card, needed } => Text::HandoverWrongClassification {
                card_category: card.0,
                card_grade: card.1,
                category: needed.0,
                grade: needed.1,
            },
        }
    }

    /// A mismatch that calls for voiding the card and requesting a remake.
    pub fn calls_for_remake(&self) -> bool {
        matches!(self, Refusal::WrongClassification { .. })
    }
}

/// `530323********123X`: an ID number as every screen shows it. Anything not 18
/// characters long is shown as it is.
pub fn mask_id(id: &str) -> String {
    match IdNumber::parse(id) {
        Ok(id) => id.masked(),
        Err(_) if id.is_ascii() && id.len() == 18 => format!("{}********{}", &id[..6], &id[14..]),
        Err(_) => id.to_string(),
    }
}

/// `138****5678`: a phone number as documents print it (short numbers as they are).
pub fn mask_phone(phone: &str) -> String {
    let n = phone.chars().count();
    if n < 7 {
        return phone.to_string();
    }
    let head: String = phone.chars().take(3).collect();
    let tail: String = phone.chars().skip(n - 4).collect();
    format!("{head}****{tail}")
}

/// Checks that `card` may be handed to the holder `id_number` whose case is `case`.
pub fn verify(
    id_number: &str,
    case: &Case,
    card_number: &str,
    card: Option<&CardFacts>,
) -> Result<(), Refusal> {
    let Some(card) = card else {
        return Err(Refusal::UnknownCard {
            card_number: card_number.to_string(),
        });
    };
    if card.id_number != id_number {
        return Err(Refusal::OtherHolder {
            card_number: card.card_number.clone(),
            owner_name: card.owner_name.clone(),
            owner_id: card.id_number.clone(),
        });
    }
    match card.state {
        CardState::Voided => {
            return Err(Refusal::Voided {
                card_number: card.card_number.clone(),
            });
        }
        CardState::Issued => {
            return Err(Refusal::AlreadyIssued {
                card_number: card.card_number.clone(),
            });
        }
        CardState::Personalised => {}
    }
    if case.state != State::ReadyForHandover {
        return Err(Refusal::NotReady { state: case.state });
    }
    let needed = case.current_classification();
    let on_card = CertNumber::parse(&card.cert_number)
        .ok()
        .map(|c| (c.category, c.grade));
    if let (Some(needed), Some(on_card)) = (needed, on_card)
        && needed != on_card
    {
        return Err(Refusal::WrongClassification {
            card: on_card,
            needed,
        });
    }
    Ok(())
}

/// Who takes the card, as typed: the holder, or a guardian with their ID number.
pub fn recipient(guardian: Option<(&str, &str, &str)>) -> Result<Recipient, Text> {
    let Some((name, relation, id)) = guardian else {
        return Ok(Recipient::Holder);
    };
    let name = normalize(name);
    if name.is_empty() {
        return Err(Text::GuardianNameMissing);
    }
    let relation = normalize(relation);
    if relation.is_empty() {
        return Err(Text::GuardianRelationMissing);
    }
    let id = IdNumber::parse(id).map_err(|e| Text::GuardianIdInvalid {
        detail: e.text().to_string(),
    })?;
    Ok(Recipient::Guardian {
        name,
        relation,
        id_number: id.as_str().to_string(),
    })
}

/// The old certificate handed in: its number as read off the paper must be the
/// holder's certificate number.
pub fn recovered(typed: &str, holder_cert: Option<&str>) -> Result<OldCertificate, Text> {
    let typed = normalize_code(typed).to_ascii_uppercase();
    let Some(expected) = holder_cert else {
        return Err(Text::NoOldCertificate);
    };
    if typed.is_empty() {
        return Err(Text::OldCertMissing);
    }
    if typed != expected {
        return Err(Text::OldCertMismatch {
            typed,
            expected: expected.to_string(),
        });
    }
    Ok(OldCertificate::Recovered { number: typed })
}

/// What a lost-certificate statement says, checked before it is recorded.
pub fn statement_text(loss: Option<Loss>, account: &str, signer: &str) -> Result<(), Text> {
    if loss.is_none() {
        return Err(Text::StatementLossMissing);
    }
    if normalize(account).chars().count() < 4 {
        return Err(Text::StatementAccountMissing);
    }
    if normalize(signer).is_empty() {
        return Err(Text::StatementSignerMissing);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn phone_numbers_keep_their_first_three_and_last_four() {
        assert_eq!(super::mask_phone("13812345678"), "138****5678");
        assert_eq!(super::mask_phone("0874-1234567"), "087****4567");
        assert_eq!(super::mask_phone("110"), "110");
    }

    use super::*;
    use crate::domain::campaign::Campaign;
    use crate::domain::case::{Assessment, Basis, Event, Finding};
    use chrono::NaiveDate;

    const ID: &str = "530323199001011234";

    fn id() -> String {
        // A valid ID number built from the check character, so the test needs no
        // real person's number.
        let body = &ID[..17];
        format!("{body}{}", crate::domain::ids::check_char(body.as_bytes()))
    }

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, m, day).unwrap()
    }

    fn case(basis: Basis, events: &[Event]) -> Case {
        let mut all = vec![Event::Registered {
            basis,
            category: Some(Category::Physical),
            grade: Grade::from_digit(2),
        }];
        all.extend(events.iter().cloned());
        Case::derive(all.iter().map(|e| (d(4, 1), e)), Campaign::builtin()).unwrap()
    }

    fn card(id: &str, category: u8, grade: u8, state: CardState) -> CardFacts {
        CardFacts {
            card_number: "53030001".into(),
            cert_number: format!("{id}{category}{grade}"),
            id_number: id.into(),
            state,
            owner_name: "李四".into(),
        }
    }

    #[test]
    fn a_ready_holder_with_their_own_card_may_take_it() {
        let c = case(Basis::Medical, &[]);
        let own = card(&id(), 4, 2, CardState::Personalised);
        assert_eq!(verify(&id(), &c, "53030001", Some(&own)), Ok(()));
    }

    #[test]
    fn someone_elses_card_is_refused_naming_the_owner() {
        let c = case(Basis::Medical, &[]);
        let body = "53032319800101000";
        let other_id = format!("{body}{}", crate::domain::ids::check_char(body.as_bytes()));
        let other = card(&other_id, 4, 2, CardState::Personalised);
        let refusal = verify(&id(), &c, "53030001", Some(&other)).unwrap_err();
        assert!(
            matches!(&refusal, Refusal::OtherHolder { owner_name, .. } if owner_name == "李四")
        );
        let text = refusal.text().to_string();
        assert!(text.contains("李四"), "{text}");
        assert!(!text.contains(&other_id), "masked: {text}");
        assert!(text.contains("530323********"), "{text}");
    }

    #[test]
    fn unknown_voided_and_issued_cards_are_refused() {
        let c = case(Basis::Medical, &[]);
        assert!(matches!(
            verify(&id(), &c, "X1", None),
            Err(Refusal::UnknownCard { .. })
        ));
        let voided = card(&id(), 4, 2, CardState::Voided);
        assert!(matches!(
            verify(&id(), &c, "53030001", Some(&voided)),
            Err(Refusal::Voided { .. })
        ));
        let issued = card(&id(), 4, 2, CardState::Issued);
        assert!(matches!(
            verify(&id(), &c, "53030001", Some(&issued)),
            Err(Refusal::AlreadyIssued { .. })
        ));
    }

    #[test]
    fn a_visual_holder_must_be_reassessed_first() {
        let c = case(Basis::Visual, &[]);
        let own = card(&id(), 4, 2, CardState::Personalised);
        assert_eq!(
            verify(&id(), &c, "53030001", Some(&own)),
            Err(Refusal::NotReady {
                state: State::NeedsReassessment
            })
        );
    }

    #[test]
    fn a_card_with_the_old_classification_calls_for_a_remake() {
        let assessed = Event::Assessed {
            assessment: Assessment {
                finding: Finding::Disabled {
                    category: Category::Physical,
                    grade: Grade::from_digit(2).unwrap(),
                },
                institution: "县人民医院".into(),
                doctor: "王医生".into(),
                date: d(4, 1),
            },
        };
        let c = case(
            Basis::Visual,
            &[
                Event::CheckedIn {
                    site: "office".into(),
                    walk_in: true,
                },
                assessed,
            ],
        );
        assert_eq!(c.state, State::ReadyForHandover);
        // Assessed 肢体二级 again: a card personalised so is right.
        let own = card(&id(), 4, 2, CardState::Personalised);
        assert_eq!(verify(&id(), &c, "53030001", Some(&own)), Ok(()));
        // A card personalised from an old roster as 肢体三级 is not.
        let old = card(&id(), 4, 3, CardState::Personalised);
        let refusal = verify(&id(), &c, "53030001", Some(&old)).unwrap_err();
        assert!(refusal.calls_for_remake());
        assert!(
            refusal.text().to_string().contains("三级"),
            "{}",
            refusal.text()
        );
    }

    #[test]
    fn a_guardian_needs_a_name_a_relation_and_a_valid_id() {
        assert_eq!(recipient(None), Ok(Recipient::Holder));
        assert_eq!(
            recipient(Some(("", "母亲", &id()))),
            Err(Text::GuardianNameMissing)
        );
        assert_eq!(
            recipient(Some(("张三", " ", &id()))),
            Err(Text::GuardianRelationMissing)
        );
        assert!(matches!(
            recipient(Some(("张三", "母亲", "530323199001011230"))),
            Err(Text::GuardianIdInvalid { .. })
        ));
        let lower = id().to_lowercase();
        assert_eq!(
            recipient(Some(("张三 ", "母亲", &lower))),
            Ok(Recipient::Guardian {
                name: "张三".into(),
                relation: "母亲".into(),
                id_number: id(),
            })
        );
    }

    #[test]
    fn the_old_certificate_number_must_match() {
        let cert = format!("{}42", id());
        assert_eq!(
            recovered(&format!(" {cert} "), Some(&cert)),
            Ok(OldCertificate::Recovered {
                number: cert.clone()
            })
        );
        assert!(matches!(
            recovered(&format!("{}43", id()), Some(&cert)),
            Err(Text::OldCertMismatch { .. })
        ));
        assert_eq!(recovered("", Some(&cert)), Err(Text::OldCertMissing));
        assert_eq!(recovered(&cert, None), Err(Text::NoOldCertificate));
    }

    #[test]
    fn a_statement_says_lost_or_damaged_what_happened_and_who_signs() {
        assert_eq!(
            statement_text(None, "搬家时丢失", "张三"),
            Err(Text::StatementLossMissing)
        );
        assert_eq!(
            statement_text(Some(Loss::Lost), "丢了", "张三"),
            Err(Text::StatementAccountMissing)
        );
        assert_eq!(
            statement_text(Some(Loss::Damaged), "洪水泡坏了证件", " "),
            Err(Text::StatementSignerMissing)
        );
        assert_eq!(
            statement_text(Some(Loss::Lost), "搬家时丢失", "张三"),
            Ok(())
        );
    }
}
