//! Holder records and cards.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;

use super::Result;
use crate::domain::case::Basis;
use crate::domain::holder::Holder;
use crate::domain::ids::{CertNumber, IdNumber, Sex};

/// A holder as stored, with the cached case state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HolderRow {
    pub id_number: String,
    pub cert_number: Option<String>,
    pub name: String,
    pub sex: String,
    pub birth_date: String,
    pub township: String,
    pub township_name: String,
    pub village: String,
    pub category: Option<u8>,
    pub grade: Option<u8>,
    pub basis: String,
    pub state: String,
    pub mobility_impaired: bool,
    pub migrant: bool,
    pub phone: String,
    pub guardian: String,
    pub guardian_phone: String,
    pub address: String,
}

pub(crate) const HOLDER_COLUMNS: &str = "h.id_number, h.cert_number, h.name, h.sex, h.birth_date, \
     h.township, t.name, h.village, h.category, h.grade, h.basis, h.state, \
     h.mobility_impaired, h.migrant, h.phone, h.guardian, h.guardian_phone, h.address";

pub(crate) fn holder_row(r: &Row<'_>) -> rusqlite::Result<HolderRow> {
    Ok(HolderRow {
        id_number: r.get(0)?,
        cert_number: r.get(1)?,
        name: r.get(2)?,
        sex: r.get(3)?,
        birth_date: r.get(4)?,
        township: r.get(5)?,
        township_name: r.get(6)?,
        village: r.get(7)?,
        category: r.get(8)?,
        grade: r.get(9)?,
        basis: r.get(10)?,
        state: r.get(11)?,
        mobility_impaired: r.get(12)?,
        migrant: r.get(13)?,
        phone: r.get(14)?,
        guardian: r.get(15)?,
        guardian_phone: r.get(16)?,
        address: r.get(17)?,
    })
}

/// Finds a holder by ID number or certificate number (either form a clerk may type).
pub fn find(conn: &Connection, key: &str) -> Result<Option<HolderRow>> {
    let id = if let Ok(cert) = CertNumber::parse(key) {
        cert.id.to_string()
    } else if let Ok(id) = IdNumber::parse(key) {
        id.to_string()
    } else {
        return Ok(None);
    };
    let sql = format!(
        "SELECT {HOLDER_COLUMNS} FROM holder h JOIN township t ON t.code = h.township \
         WHERE h.id_number = ?1"
    );
    Ok(conn.query_row(&sql, [id], holder_row).optional()?)
}

/// How many holders are on file.
pub fn count(conn: &Connection) -> Result<usize> {
    let n: i64 = conn.query_row("SELECT COUNT(*) FROM holder", [], |r| r.get(0))?;
    Ok(n as usize)
}

/// The stored holder in the same shape the importer validates, to compare with a row.
pub fn load(conn: &Connection, id: &IdNumber) -> Result<Option<Holder>> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, basis, cert_number, township, village, phone, guardian, guardian_phone,
                mobility_impaired, migrant, address
         FROM holder WHERE id_number = ?1",
    )?;
    let holder = stmt
        .query_row([id.as_str()], |r| {
            let basis: String = r.get(1)?;
            let cert: Option<String> = r.get(2)?;
            Ok(Holder {
                id: *id,
                name: r.get(0)?,
                basis: Basis::parse(&basis).unwrap_or(Basis::Visual),
                cert: cert.and_then(|c| CertNumber::parse(&c).ok()),
                township: r.get(3)?,
                village: r.get(4)?,
                phone: r.get(5)?,
                guardian: r.get(6)?,
                guardian_phone: r.get(7)?,
                mobility_impaired: r.get(8)?,
                migrant: r.get(9)?,
                address: r.get(10)?,
            })
        })
        .optional()?;
    Ok(holder)
}

fn sex_str(s: Sex) -> &'static str {
    match s {
        Sex::Male => "male",
        Sex::Female => "female",
    }
}

/// Inserts a holder that is not on file yet.
pub fn insert(conn: &Connection, h: &Holder, state: &str) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO holder (id_number, name, sex, birth_date, basis, cert_number, category, grade,
                             township, village, phone, guardian, guardian_phone,
                             mobility_impaired, migrant, address, state)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?;
    stmt.execute(params![
        h.id.as_str(),
        h.name,
        sex_str(h.sex()),
        h.id.birth_date().to_string(),
        h.basis.as_str(),
        h.cert.map(|c| c.to_string()),
        h.category().map(|c| c.digit()),
        h.grade().map(|g| g.digit()),
        h.township,
        h.village,
        h.phone,
        h.guardian,
        h.guardian_phone,
        h.mobility_impaired,
        h.migrant,
        h.address,
        state,
    ])?;
    Ok(())
}

/// Rows per multi-row INSERT. One statement for many rows keeps SQLite's cursors open
/// between them, so a key that sorts after the previous one is appended without a descent
/// from the root; and the per-statement work is done once per batch.
pub(crate) const BATCH_ROWS: usize = 128;

/// `INSERT … VALUES (…), (…)` for `rows` rows of `columns` placeholders each.
pub(crate) fn multi_row_insert(head: &str, rows: usize, columns: usize) -> String {
    let mut sql = String::with_capacity(head.len() + rows * columns * 6);
    sql.push_str(head);
    sql.push_str(" VALUES ");
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..columns {
            if c > 0 {
                sql.push_str(", ");
            }
            sql.push('?');
        }
        sql.push(')');
    }
    sql
}

const INSERT_HEAD: &str = "INSERT INTO holder (id_number, name, sex, birth_date, basis, \
     cert_number, category, grade, township, village, phone, guardian, guardian_phone, \
     mobility_impaired, migrant, address, state)";
const INSERT_COLUMNS: usize = 17;

/// `YYYY-MM-DD` from the ID number's birth date digits, validated on parse.
fn birth_date_text(id: &IdNumber) -> [u8; 10] {
    let d = id.as_str().as_bytes();
    [
        d[6], d[7], d[8], d[9], b'-', d[10], d[11], b'-', d[12], d[13],
    ]
}

/// Inserts holders that are not on file yet, each with its case state, as [`insert`]
/// does one by one. In ID order, every index on the ID appends at its end.
pub fn insert_many(conn: &Connection, rows: &[(&Holder, &str)]) -> Result<()> {
    let mut full = None;
    for chunk in rows.chunks(BATCH_ROWS) {
        let mut tail;
        let stmt = if chunk.len() == BATCH_ROWS {
            match &mut full {
                Some(stmt) => stmt,
                None => full.insert(conn.prepare(&multi_row_insert(
                    INSERT_HEAD,
                    BATCH_ROWS,
                    INSERT_COLUMNS,
                ))?),
            }
        } else {
            tail = conn.prepare(&multi_row_insert(INSERT_HEAD, chunk.len(), INSERT_COLUMNS))?;
            &mut tail
        };
        let mut i = 0;
        let mut bind = |v: &dyn rusqlite::ToSql| {
            i += 1;
            stmt.raw_bind_parameter(i, v)
        };
        for (h, state) in chunk {
            let birth = birth_date_text(&h.id);
            let cert = h.cert.map(|c| c.to_string());
            bind(&h.id.as_str())?;
            bind(&h.name)?;
            bind(&sex_str(h.sex()))?;
            bind(&std::str::from_utf8(&birth).expect("ASCII digits"))?;
            bind(&h.basis.as_str())?;
            bind(&cert)?;
            bind(&h.category().map(|c| c.digit()))?;
            bind(&h.grade().map(|g| g.digit()))?;
            bind(&h.township)?;
            bind(&h.village)?;
            bind(&h.phone)?;
            bind(&h.guardian)?;
            bind(&h.guardian_phone)?;
            bind(&h.mobility_impaired)?;
            bind(&h.migrant)?;
            bind(&h.address)?;
            bind(state)?;
        }
        stmt.raw_execute()?;
    }
    Ok(())
}

/// Overwrites the details of a holder on file; the case state is left alone.
pub fn update(conn: &Connection, h: &Holder) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "UPDATE holder SET name = ?2, basis = ?3, cert_number = ?4, category = ?5, grade = ?6,
                township = ?7, village = ?8, phone = ?9, guardian = ?10, guardian_phone = ?11,
                mobility_impaired = ?12, migrant = ?13, address = ?14
         WHERE id_number = ?1",
    )?;
    stmt.execute(params![
        h.id.as_str(),
        h.name,
        h.basis.as_str(),
        h.cert.map(|c| c.to_string()),
        h.category().map(|c| c.digit()),
        h.grade().map(|g| g.digit()),
        h.township,
        h.village,
        h.phone,
        h.guardian,
        h.guardian_phone,
        h.mobility_impaired,
        h.migrant,
        h.address,
    ])?;
    Ok(())
}

/// Makes sure the village is listed under its township.
pub fn ensure_village(conn: &Connection, township: &str, village: &str) -> Result<()> {
    if !village.is_empty() {
        conn.prepare_cached("INSERT OR IGNORE INTO village (township, name) VALUES (?1, ?2)")?
            .execute(params![township, village])?;
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CardRow {
    pub card_number: String,
    pub cert_number: String,
    pub state: String,
    pub batch: String,
}

/// The holder's cards, newest batch first.
pub fn cards_of(conn: &Connection, id_number: &str) -> Result<Vec<CardRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT card_number, cert_number, state, batch FROM card
         WHERE id_number = ?1 ORDER BY imported_at DESC, card_number",
    )?;
    let rows = stmt.query_map([id_number], |r| {
        Ok(CardRow {
            card_number: r.get(0)?,
            cert_number: r.get(1)?,
            state: r.get(2)?,
            batch: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What inserting a card did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardInsert {
    New,
    Unchanged,
    /// The card number is already on file for another certificate.
    Conflict,
}

pub fn insert_card(
    conn: &Connection,
    card_number: &str,
    cert: &CertNumber,
    batch: &str,
    imported_at: &str,
) -> Result<CardInsert> {
    let existing: Option<String> = conn
        .prepare_cached("SELECT cert_number FROM card WHERE card_number = ?1")?
        .query_row([card_number], |r| r.get(0))
        .optional()?;
    match existing {
        Some(c) if c == cert.to_string() => Ok(CardInsert::Unchanged),
        Some(_) => Ok(CardInsert::Conflict),
        None => {
            conn.prepare_cached(
                "INSERT INTO card (card_number, cert_number, id_number, state, batch, imported_at)
                 VALUES (?1, ?2, ?3, 'personalised', ?4, ?5)",
            )?
            .execute(params![
                card_number,
                cert.to_string(),
                cert.id.as_str(),
                batch,
                imported_at
            ])?;
            Ok(CardInsert::New)
        }
    }
}

/// Records invented villages (the demo county) and flags them as synthetic.
pub fn mark_synthetic_villages(conn: &Connection, villages: &[(String, String)]) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO village (township, name, synthetic) VALUES (?1, ?2, 1)
         ON CONFLICT(township, name) DO UPDATE SET synthetic = 1",
    )?;
    for (township, name) in villages {
        stmt.execute(params![township, name])?;
    }
    Ok(())
}
