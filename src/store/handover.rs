//! 发证 in the database: looking a card up, the handover itself (one transaction:
//! event, card state, register row, recovery-ledger row), statements, void and
//! remake, undoing a handover by a correcting event, and the registers for export.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::holders::{self, HolderRow};
use super::{Actor, Result, Store, StoreError, Tx, derive_case, derive_case_tx, statements};
use crate::domain::case::{Case, Event, Loss, OldCertificate, Recipient, State, VoidReason};
use crate::domain::handover::{self, CardFacts, CardState, Refusal};
use crate::domain::statement::{self, Facts, Standing};
use crate::domain::text::{normalize, normalize_code};
use crate::i18n::Text;

/// A card as the batch has it, with its owner's name.
pub fn card(conn: &Connection, card_number: &str) -> Result<Option<CardFacts>> {
    let number = normalize_code(card_number);
    let row = conn
        .prepare_cached(
            "SELECT c.card_number, c.cert_number, c.id_number, c.state, COALESCE(h.name, '')
             FROM card c LEFT JOIN holder h ON h.id_number = c.id_number
             WHERE c.card_number = ?1",
        )?
        .query_row([number], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })
        .optional()?;
    Ok(row.map(
        |(card_number, cert_number, id_number, state, owner_name)| CardFacts {
            card_number,
            cert_number,
            id_number,
            state: CardState::parse(&state).unwrap_or(CardState::Voided),
            owner_name,
        },
    ))
}

/// The card the holder should receive: the newest personalised one.
pub fn expected_card(conn: &Connection, id_number: &str) -> Result<Option<CardFacts>> {
    let cards = holders::cards_of(conn, id_number)?;
    let pick = cards
        .iter()
        .find(|c| c.state == CardState::Personalised.as_str())
        .or_else(|| cards.first());
    match pick {
        Some(c) => card(conn, &c.card_number),
        None => Ok(None),
    }
}

/// A statement on file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementRow {
    pub id: String,
    pub id_number: String,
    pub loss: String,
    pub account: String,
    pub signer: String,
    pub relation: String,
    pub taken_on: String,
    pub operator: String,
    /// The day the signature was recorded.
    pub signed_at: Option<String>,
    pub withdrawn_on: Option<String>,
    pub withdrawn_reason: String,
}

impl StatementRow {
    pub fn loss(&self) -> Loss {
        Loss::parse(&self.loss).unwrap_or(Loss::Other)
    }

    pub fn standing(&self) -> Standing {
        Facts {
            signed: self.signed_at.is_some(),
            withdrawn: self.withdrawn_on.is_some(),
            relied_on: false,
        }
        .standing()
    }
}

/// The holder's statements, newest first, withdrawn ones included.
pub fn statements_of(conn: &Connection, id_number: &str) -> Result<Vec<StatementRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {} FROM statement s WHERE s.id_number = ?1 ORDER BY s.id DESC",
        statements::ROW_COLUMNS
    ))?;
    let rows = stmt.query_map([id_number], statements::statement_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The statement a handover of this holder would rely on: the newest not withdrawn.
pub fn standing_statement(statements: &[StatementRow]) -> Option<&StatementRow> {
    statements
        .iter()
        .find(|s| s.standing() != Standing::Withdrawn)
}

/// Everything the handover screen shows for one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoverView {
    pub holder: HolderRow,
    pub case: Case,
    /// The card the batch has for this person.
    pub expected: Option<CardFacts>,
    /// The card read on the reader, if one was.
    pub read: Option<ReadCard>,
    pub statements: Vec<StatementRow>,
}

/// A card read on the reader and what the batch says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadCard {
    pub card_number: String,
    pub facts: Option<CardFacts>,
    /// `None` when this card may be handed to this person now.
    pub refusal: Option<Refusal>,
}

/// The view for the holder `key` (ID or certificate number), checking `card_number`
/// against them if a card was read.
pub fn view(store: &Store, key: &str, card_number: Option<&str>) -> Result<HandoverView> {
    let conn = store.conn();
    let holder = holders::find(conn, key)?.ok_or_else(|| StoreError::NotFound {
        key: key.to_string(),
    })?;
    let case = derive_case(store, &holder.id_number)?.ok_or_else(|| StoreError::NotFound {
        key: key.to_string(),
    })?;
    let read = match card_number {
        Some(number) => {
            let facts = card(conn, number)?;
            let refusal = handover::verify(&holder.id_number, &case, number, facts.as_ref()).err();
            Some(ReadCard {
                card_number: normalize_code(number),
                facts,
                refusal,
            })
        }
        None => None,
    };
    Ok(HandoverView {
        expected: expected_card(conn, &holder.id_number)?,
        statements: statements_of(conn, &holder.id_number)?,
        holder,
        case,
        read,
    })
}

/// The view for the owner of a card put on the reader first.
pub fn view_by_card(store: &Store, card_number: &str) -> Result<Option<HandoverView>> {
    match card(store.conn(), card_number)? {
        Some(facts) => view(store, &facts.id_number, Some(card_number)).map(Some),
        None => Ok(None),
    }
}

/// A handover as confirmed on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoverInput {
    pub id_number: String,
    pub card_number: String,
    pub recipient: Recipient,
    pub old_certificate: OldCertificate,
}

/// Records a handover in one transaction: the event, the card issued, the register
/// row and, if the old certificate was handed in, the recovery-ledger row. Every
/// rule is checked again inside the transaction. Returns the case as it now stands.
pub fn hand_over(store: &mut Store, actor: &Actor, input: &HandoverInput) -> Result<Case> {
    let mut tx = store.begin()?;
    let holder =
        holders::find(tx.conn(), &input.id_number)?.ok_or_else(|| StoreError::NotFound {
            key: input.id_number.clone(),
        })?;
    let case = derive_case_tx(&tx, &holder.id_number)?.ok_or_else(|| StoreError::NotFound {
        key: input.id_number.clone(),
    })?;
    let facts = card(tx.conn(), &input.card_number)?;
    handover::verify(&holder.id_number, &case, &input.card_number, facts.as_ref())
        .map_err(|r| StoreError::Refused(r.text()))?;
    let card_number = facts.map(|f| f.card_number).unwrap_or_default();
    let (old_kind, old_number, statement_id) = match &input.old_certificate {
        OldCertificate::Recovered { number } => {
            handover::recovered(number, holder.cert_number.as_deref())
                .map_err(StoreError::Refused)?;
            ("recovered", number.clone(), None)
        }
        OldCertificate::Statement { statement_id } => {
            let on_file = statements_of(tx.conn(), &holder.id_number)?
                .into_iter()
                .find(|s| &s.id == statement_id)
                .ok_or(StoreError::Refused(Text::StatementNotOnFile))?;
            statement::may_rely_on(statements::facts(tx.conn(), &on_file)?)
                .map_err(StoreError::Refused)?;
            (
                "statement",
                holder.cert_number.clone().unwrap_or_default(),
                Some(statement_id.clone()),
            )
        }
        OldCertificate::NoneHeld => {
            if holder.cert_number.is_some() {
                return Err(StoreError::Refused(Text::OldCertificateRequired));
            }
            ("none", String::new(), None)
        }
    };
    let event = Event::HandedOver {
        card_number: card_number.clone(),
        recipient: input.recipient.clone(),
        old_certificate: input.old_certificate.clone(),
    };
    let (case, event_id) = tx.record_returning_id(&holder.id_number, actor, &event)?;
    set_card_state(&tx, &card_number, CardState::Issued)?;
    let (recipient, relation, recipient_id) = match &input.recipient {
        Recipient::Holder => (holder.name.clone(), "本人".to_string(), String::new()),
        Recipient::Guardian {
            name,
            relation,
            id_number,
        } => (name.clone(), relation.clone(), id_number.clone()),
    };
    tx.conn()
        .prepare_cached(
            "INSERT INTO register (event_id, township, id_number, card_number, recipient,
                 relation, recipient_id, old_certificate, old_cert_number, statement_id,
                 handed_on, operator)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?
        .execute(params![
            event_id,
            holder.township,
            holder.id_number,
            card_number,
            recipient,
            relation,
            recipient_id,
            old_kind,
            old_number,
            statement_id,
            actor.day.to_string(),
            actor.operator,
        ])?;
    if old_kind == "recovered" {
        tx.conn()
            .prepare_cached(
                "INSERT INTO recovery_ledger (event_id, township, id_number, cert_number,
                     recovered_on, operator)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                event_id,
                holder.township,
                holder.id_number,
                old_number,
                actor.day.to_string(),
                actor.operator,
            ])?;
    }
    tx.commit()?;
    Ok(case)
}

fn set_card_state(tx: &Tx<'_>, card_number: &str, state: CardState) -> Result<()> {
    tx.conn()
        .prepare_cached("UPDATE card SET state = ?2 WHERE card_number = ?1")?
        .execute(params![card_number, state.as_str()])?;
    Ok(())
}

/// A lost-certificate statement as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementInput {
    pub id_number: String,
    pub loss: Option<Loss>,
    pub account: String,
    pub signer: String,
    pub relation: String,
}

/// Records a statement taken at the handover counter and signed there by the signer
/// typed, in one action (the event of each and its row); returns its id.
pub fn take_statement(store: &mut Store, actor: &Actor, input: &StatementInput) -> Result<String> {
    let mut tx = store.begin()?;
    let statement_id = statements::insert_taken(&mut tx, actor, input)?;
    let relation = normalize(&input.relation);
    let guardian = (!relation.is_empty() && relation != statement::HOLDER)
        .then_some((input.signer.as_str(), input.relation.as_str()));
    statements::insert_signed(&mut tx, actor, &statement_id, guardian)?;
    tx.commit()?;
    Ok(statement_id)
}

/// 作废并申请重新制卡: the card is voided with its reason and a remake requested, in
/// one action.
pub fn void_and_remake(
    store: &mut Store,
    actor: &Actor,
    id_number: &str,
    card_number: &str,
    reason: VoidReason,
    note: &str,
) -> Result<Case> {
    let mut tx = store.begin()?;
    let facts = card(tx.conn(), card_number)?;
    let card_number = match &facts {
        Some(f) if f.id_number == id_number => Some(f.card_number.clone()),
        // Someone else's card is not voided here: it is theirs, and still good.
        Some(f) => {
            return Err(StoreError::Refused(
                Refusal::OtherHolder {
                    card_number: f.card_number.clone(),
                    owner_name: f.owner_name.clone(),
                    owner_id: f.id_number.clone(),
                }
                .text(),
            ));
        }
        None => None,
    };
    let voided = Event::CardVoided {
        card_number: card_number.clone(),
        reason,
        note: crate::domain::text::normalize(note),
    };
    tx.record(id_number, actor, &voided)?;
    if let Some(number) = &card_number {
        set_card_state(&tx, number, CardState::Voided)?;
    }
    let case = tx.record(id_number, actor, &Event::RemakeRequested)?;
    tx.commit()?;
    Ok(case)
}

/// 撤销发证: a handover recorded by mistake is undone by a correcting event with its
/// reason. The card goes back to personalised; the register and ledger rows stay,
/// marked as corrected.
pub fn correct_handover(
    store: &mut Store,
    actor: &Actor,
    id_number: &str,
    reason: &str,
) -> Result<Case> {
    let reason = crate::domain::text::normalize(reason);
    if reason.is_empty() {
        return Err(StoreError::Refused(Text::FormNeedsReason));
    }
    let mut tx = store.begin()?;
    let before = derive_case_tx(&tx, id_number)?.ok_or_else(|| StoreError::NotFound {
        key: id_number.to_string(),
    })?;
    let (case, event_id) =
        tx.record_returning_id(id_number, actor, &Event::HandoverCorrected { reason })?;
    if let Some(number) = &before.issued_card {
        set_card_state(&tx, number, CardState::Personalised)?;
    }
    for table in ["register", "recovery_ledger"] {
        tx.conn().execute(
            &format!(
                "UPDATE {table} SET corrected_by = ?2 WHERE id_number = ?1 AND corrected_by IS NULL"
            ),
            params![id_number, event_id],
        )?;
    }
    tx.commit()?;
    Ok(case)
}

/// One row of the issuance register (发放登记表).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegisterRow {
    pub name: String,
    pub sex: String,
    pub id_number: String,
    pub cert_number: String,
    pub category: Option<u8>,
    pub grade: Option<u8>,
    pub card_number: String,
    pub recipient: String,
    pub relation: String,
    /// `recovered`, `statement` or `none`.
    pub old_certificate: String,
    pub old_cert_number: String,
    pub handed_on: String,
    pub operator: String,
    pub village: String,
}

/// The township's register, in handover order; handovers later undone are left out.
pub fn register(conn: &Connection, township: &str) -> Result<Vec<RegisterRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT h.name, h.sex, h.id_number, c.cert_number, h.category, h.grade,
                r.card_number, r.recipient, r.relation, r.old_certificate, r.old_cert_number,
                r.handed_on, r.operator, h.village
         FROM register r
         JOIN holder h ON h.id_number = r.id_number
         LEFT JOIN card c ON c.card_number = r.card_number
         WHERE r.township = ?1 AND r.corrected_by IS NULL
         ORDER BY r.event_id",
    )?;
    let rows = stmt.query_map([township], |r| {
        Ok(RegisterRow {
            name: r.get(0)?,
            sex: r.get(1)?,
            id_number: r.get(2)?,
            cert_number: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
            category: r.get(4)?,
            grade: r.get(5)?,
            card_number: r.get(6)?,
            recipient: r.get(7)?,
            relation: r.get(8)?,
            old_certificate: r.get(9)?,
            old_cert_number: r.get(10)?,
            handed_on: r.get(11)?,
            operator: r.get(12)?,
            village: r.get(13)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One old certificate handed in (二代证回收登记).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecoveryRow {
    pub name: String,
    pub id_number: String,
    pub village: String,
    pub cert_number: String,
    pub recovered_on: String,
    pub operator: String,
}

pub fn recovery_ledger(conn: &Connection, township: &str) -> Result<Vec<RecoveryRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT h.name, h.id_number, h.village, l.cert_number, l.recovered_on, l.operator
         FROM recovery_ledger l JOIN holder h ON h.id_number = l.id_number
         WHERE l.township = ?1 AND l.corrected_by IS NULL
         ORDER BY l.event_id",
    )?;
    let rows = stmt.query_map([township], |r| {
        Ok(RecoveryRow {
            name: r.get(0)?,
            id_number: r.get(1)?,
            village: r.get(2)?,
            cert_number: r.get(3)?,
            recovered_on: r.get(4)?,
            operator: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A card to be made again by the card centre.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemakeRow {
    pub name: String,
    pub id_number: String,
    pub township_name: String,
    /// The certificate number the new card must carry (current classification).
    pub cert_number: String,
    pub voided_card: String,
    pub reason: String,
    pub note: String,
    pub requested_on: String,
}

/// Everyone waiting for a remade card after a void (the card centre's list).
pub fn remakes(store: &Store) -> Result<Vec<RemakeRow>> {
    let conn = store.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT h.id_number, h.name, t.name, e.data, e.day
         FROM holder h JOIN township t ON t.code = h.township
         JOIN event e ON e.case_id = h.id_number AND e.kind = 'card_voided'
         WHERE h.state = ?1
         ORDER BY e.id",
    )?;
    let rows = stmt.query_map([State::CardRequested.as_str()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut latest: Vec<RemakeRow> = Vec::new();
    for row in rows {
        let (id_number, name, township_name, data, day) = row?;
        let Event::CardVoided {
            card_number,
            reason,
            note,
        } = serde_json::from_str::<Event>(&data)?
        else {
            continue;
        };
        let case = derive_case(store, &id_number)?;
        let cert_number = case
            .and_then(|c| c.current_classification())
            .map(|(category, grade)| format!("{id_number}{}{}", category.digit(), grade.digit()))
            .unwrap_or_default();
        let row = RemakeRow {
            name,
            id_number: id_number.clone(),
            township_name,
            cert_number,
            voided_card: card_number.unwrap_or_default(),
            reason: void_reason_zh(reason).to_string(),
            note,
            requested_on: day,
        };
        // Only the latest void of each case counts.
        match latest.iter().position(|r| r.id_number == id_number) {
            Some(at) => latest[at] = row,
            None => latest.push(row),
        }
    }
    Ok(latest)
}

pub fn void_reason_zh(reason: VoidReason) -> &'static str {
    match reason {
        VoidReason::PersonMismatch => "人证不符",
        VoidReason::WrongCategoryOrGrade => "类别、等级有误",
        VoidReason::NotDisabled => "评定为非残疾",
        VoidReason::Damaged => "卡片损坏",
        VoidReason::Other => "其他",
    }
}
