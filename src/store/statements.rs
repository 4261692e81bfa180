//! 情况说明 in the database: the record of each statement (projected from its events in
//! the same transaction), listing and searching them, signing, withdrawing, and
//! writing one as a PDF to sign.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::handover::{StatementInput, StatementRow};
use super::holders;
use super::{Actor, Result, Store, StoreError, Tx};
use crate::domain::case::{Event, Loss};
use crate::domain::handover::statement_text;
use crate::domain::statement::{self, Facts};
use crate::domain::text::normalize;
use crate::i18n::Text;

/// A statement with the holder it is about, as the statements screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementItem {
    pub row: StatementRow,
    pub name: String,
    pub township_name: String,
    pub village: String,
}

/// How many statements are on file, unsigned and withdrawn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub total: usize,
    pub unsigned: usize,
    pub withdrawn: usize,
}

pub(crate) const ROW_COLUMNS: &str = "s.id, s.id_number, s.loss, s.account, s.signer, s.relation,
     s.taken_on, s.operator, s.signed_at, s.withdrawn_on, s.withdrawn_reason";

pub(crate) fn statement_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StatementRow> {
    Ok(StatementRow {
        id: r.get(0)?,
        id_number: r.get(1)?,
        loss: r.get(2)?,
        account: r.get(3)?,
        signer: r.get(4)?,
        relation: r.get(5)?,
        taken_on: r.get(6)?,
        operator: r.get(7)?,
        signed_at: r.get(8)?,
        withdrawn_on: r.get(9)?,
        withdrawn_reason: r.get(10)?,
    })
}

fn item(r: &rusqlite::Row<'_>) -> rusqlite::Result<StatementItem> {
    Ok(StatementItem {
        row: statement_row(r)?,
        name: r.get(11)?,
        township_name: r.get(12)?,
        village: r.get(13)?,
    })
}

/// Statements newest first; `query` (a name or part of one, or the last digits of
/// the ID number) narrows them, empty lists all; `township` (a code) keeps that
/// township's only, for a township clerk.
pub fn list(
    conn: &Connection,
    query: &str,
    township: Option<&str>,
    limit: usize,
) -> Result<Vec<StatementItem>> {
    let query = normalize(query).to_uppercase();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ROW_COLUMNS}, h.name, t.name, h.village
         FROM statement s JOIN holder h ON h.id_number = s.id_number
         JOIN township t ON t.code = h.township
         WHERE (?1 = '' OR instr(h.name, ?1) > 0 OR substr(s.id_number, -length(?1)) = ?1)
           AND (?3 IS NULL OR h.township = ?3)
         ORDER BY s.id DESC LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![query, limit as i64, township], item)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many statements there are (of `township` only, if given).
pub fn counts(conn: &Connection, township: Option<&str>) -> Result<Counts> {
    Ok(conn.query_row(
        "SELECT COUNT(*),
                COALESCE(SUM(s.signed_at IS NULL AND s.withdrawn_on IS NULL), 0),
                COALESCE(SUM(s.withdrawn_on IS NOT NULL), 0)
         FROM statement s JOIN holder h ON h.id_number = s.id_number
         WHERE ?1 IS NULL OR h.township = ?1",
        [township],
        |r| {
            Ok(Counts {
                total: r.get::<_, i64>(0)? as usize,
                unsigned: r.get::<_, i64>(1)? as usize,
                withdrawn: r.get::<_, i64>(2)? as usize,
            })
        },
    )?)
}

pub fn get(conn: &Connection, statement_id: &str) -> Result<Option<StatementItem>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ROW_COLUMNS}, h.name, t.name, h.village
         FROM statement s JOIN holder h ON h.id_number = s.id_number
         JOIN township t ON t.code = h.township
         WHERE s.id = ?1"
    ))?;
    Ok(stmt.query_row([statement_id], item).optional()?)
}

fn get_or_refuse(conn: &Connection, statement_id: &str) -> Result<StatementItem> {
    get(conn, statement_id)?.ok_or(StoreError::Refused(Text::StatementNotOnFile))
}

/// What the rules need to know about a statement on file.
pub fn facts(conn: &Connection, row: &StatementRow) -> Result<Facts> {
    let relied_on: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM register WHERE statement_id = ?1 AND corrected_by IS NULL)",
        [&row.id],
        |r| r.get(0),
    )?;
    Ok(Facts {
        signed: row.signed_at.is_some(),
        withdrawn: row.withdrawn_on.is_some(),
        relied_on,
    })
}

/// Records a statement as taken (not signed yet), inside `tx`; returns its id.
pub(crate) fn insert_taken(
    tx: &mut Tx<'_>,
    actor: &Actor,
    input: &StatementInput,
) -> Result<String> {
    statement_text(input.loss, &input.account, &input.signer).map_err(StoreError::Refused)?;
    let holder =
        holders::find(tx.conn(), &input.id_number)?.ok_or_else(|| StoreError::NotFound {
            key: input.id_number.clone(),
        })?;
    let (signer, relation) =
        statement::intended_signer(&holder.name, &input.signer, &input.relation)
            .map_err(StoreError::Refused)?;
    let loss = input.loss.unwrap_or(Loss::Lost);
    let statement_id = ulid::Ulid::new().to_string();
    let account = normalize(&input.account);
    let event = Event::StatementTaken {
        statement_id: statement_id.clone(),
        loss,
        account: account.clone(),
        signer: signer.clone(),
        relation: relation.clone(),
    };
    let (_, event_id) = tx.record_returning_id(&holder.id_number, actor, &event)?;
    tx.conn()
        .prepare_cached(
            "INSERT INTO statement (id, event_id, id_number, loss, account, signer, relation,
                 taken_on, operator)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            statement_id,
            event_id,
            holder.id_number,
            loss.as_str(),
            account,
            signer,
            relation,
            actor.day.to_string(),
            actor.operator,
        ])?;
    Ok(statement_id)
}

/// Records the signature inside `tx`: who signed (the holder when `guardian` is None).
pub(crate) fn insert_signed(
    tx: &mut Tx<'_>,
    actor: &Actor,
    statement_id: &str,
    guardian: Option<(&str, &str)>,
) -> Result<StatementItem> {
    let on_file = get_or_refuse(tx.conn(), statement_id)?;
    statement::may_sign(facts(tx.conn(), &on_file.row)?).map_err(StoreError::Refused)?;
    let (signer, relation) =
        statement::signer(&on_file.name, guardian).map_err(StoreError::Refused)?;
    let event = Event::StatementSigned {
        statement_id: statement_id.to_string(),
        signer: signer.clone(),
        relation: relation.clone(),
    };
    let (_, event_id) = tx.record_returning_id(&on_file.row.id_number, actor, &event)?;
    tx.conn()
        .prepare_cached(
            "UPDATE statement SET signer = ?2, relation = ?3, signed_at = ?4, signed_event = ?5
             WHERE id = ?1",
        )?
        .execute(params![
            statement_id,
            signer,
            relation,
            actor.day.to_string(),
            event_id
        ])?;
    get_or_refuse(tx.conn(), statement_id)
}

/// 新建: a statement taken for a holder, to be printed and signed.
pub fn create(store: &mut Store, actor: &Actor, input: &StatementInput) -> Result<StatementItem> {
    let mut tx = store.begin()?;
    let id = insert_taken(&mut tx, actor, input)?;
    let item = get_or_refuse(tx.conn(), &id)?;
    tx.commit()?;
    Ok(item)
}

/// 签字: the printed statement came back signed by the holder or a guardian.
pub fn sign(
    store: &mut Store,
    actor: &Actor,
    statement_id: &str,
    guardian: Option<(&str, &str)>,
) -> Result<StatementItem> {
    let mut tx = store.begin()?;
    let item = insert_signed(&mut tx, actor, statement_id, guardian)?;
    tx.commit()?;
    Ok(item)
}

/// 撤回: a wrong statement is withdrawn with its reason and stays on file.
pub fn withdraw(
    store: &mut Store,
    actor: &Actor,
    statement_id: &str,
    reason: &str,
) -> Result<StatementItem> {
    let mut tx = store.begin()?;
    let on_file = get_or_refuse(tx.conn(), statement_id)?;
    let reason = statement::may_withdraw(facts(tx.conn(), &on_file.row)?, reason)
        .map_err(StoreError::Refused)?;
    let event = Event::StatementWithdrawn {
        statement_id: statement_id.to_string(),
        reason: reason.clone(),
    };
    let (_, event_id) = tx.record_returning_id(&on_file.row.id_number, actor, &event)?;
    tx.conn()
        .prepare_cached(
            "UPDATE statement SET withdrawn_on = ?2, withdrawn_reason = ?3, withdrawn_event = ?4
             WHERE id = ?1",
        )?
        .execute(params![
            statement_id,
            actor.day.to_string(),
            reason,
            event_id
        ])?;
    let item = get_or_refuse(tx.conn(), statement_id)?;
    tx.commit()?;
    Ok(item)
}

/// The file a statement is printed to: who, when, and the end of its id (unique).
pub fn file_name(item: &StatementItem) -> String {
    let name: String = item
        .name
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '·')
        .collect();
    let id = &item.row.id;
    let tail = &id[id.len().saturating_sub(6)..];
    format!("情况说明_{name}_{}_{tail}.pdf", item.row.taken_on)
}

/// Writes the statement as a one-page PDF in `dir` (created if needed), with the
/// Chinese font `font` (else the system's); returns the file written.
pub fn print(store: &Store, statement_id: &str, dir: &Path, font: Option<&str>) -> Result<PathBuf> {
    let item = get_or_refuse(store.conn(), statement_id)?;
    let holder =
        holders::find(store.conn(), &item.row.id_number)?.ok_or_else(|| StoreError::NotFound {
            key: item.row.id_number.clone(),
        })?;
    let doc = crate::export::statement::document(&holder, &item.row, store.campaign(), false);
    let font = crate::pdf::LoadedFont::find(font).map_err(|e| StoreError::Refused(e.text()))?;
    std::fs::create_dir_all(dir).map_err(|e| {
        StoreError::Refused(Text::CannotWrite {
            path: dir.display().to_string(),
            detail: e.to_string(),
        })
    })?;
    let path = dir.join(file_name(&item));
    crate::pdf::write(&doc, &font, &path).map_err(|e| StoreError::Refused(e.text()))?;
    Ok(path)
}
