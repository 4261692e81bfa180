//! The card centre's batch of personalised cards: card number ↔ certificate number.

use std::path::Path;

use serde::Serialize;

use super::rejects::{Reject, RejectsFile};
use super::table::{self, ColumnSpec};
use super::{ImportError, Progress};
use crate::domain::case::{Event, State};
use crate::domain::ids::CertNumber;
use crate::domain::text::normalize_code;
use crate::i18n::{Lang, Text};
use crate::store::holders::{self, CardInsert};
use crate::store::{Actor, Store, Tx, timestamp};

const CARD: ColumnSpec = ColumnSpec {
    key: "card_number",
    aliases: &[
        "卡号",
        "智能卡号",
        "卡片号",
        "卡号码",
        "社保卡号",
        "cardnumber",
        "card",
    ],
    required: true,
};
const CERT: ColumnSpec = ColumnSpec {
    key: "cert_number",
    aliases: &[
        "残疾人证号",
        "残疾证号",
        "证号",
        "残疾人证号码",
        "certnumber",
        "cert",
    ],
    required: true,
};

#[derive(Debug, Clone, Copy, Default)]
pub struct CardOptions {
    /// Remade cards are already at the handover point.
    pub dispatch: bool,
    pub lang: Lang,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct CardReport {
    pub rows: usize,
    pub imported: usize,
    pub unchanged: usize,
    pub rejected: usize,
    /// Cases waiting for a remade card that now have it.
    pub received: usize,
    pub rejects_file: Option<String>,
}

pub fn import(
    store: &mut Store,
    path: &Path,
    actor: &Actor,
    opts: CardOptions,
    progress: &dyn Progress,
) -> Result<CardReport, ImportError> {
    let mut table = table::open(path, &[CARD, CERT]).map_err(ImportError::Table)?;
    progress.start(table.len_hint());
    let mut lines = Vec::new();
    for raw in table.rows() {
        let raw = raw.map_err(ImportError::Table)?;
        let text = |i: usize| {
            raw.cells[i]
                .as_ref()
                .map(|c| c.text.clone())
                .unwrap_or_default()
        };
        lines.push((raw.row, text(0), text(1)));
        progress.tick(lines.len());
    }
    progress.finish();
    let batch = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (mut report, rejected) = import_pairs(store, lines, actor, opts, &batch)?;
    let mut rejects = RejectsFile::new(path, opts.lang);
    rejects.extend(rejected);
    report.rejects_file = rejects.write().map_err(ImportError::Rejects)?;
    Ok(report)
}

/// Imports (row, card number, certificate number) lines in one transaction.
pub fn import_pairs(
    store: &mut Store,
    lines: Vec<(usize, String, String)>,
    actor: &Actor,
    opts: CardOptions,
    batch: &str,
) -> Result<(CardReport, Vec<Reject>), ImportError> {
    let imported_at = timestamp(actor.at);
    let mut report = CardReport::default();
    let mut rejects = Vec::new();
    let mut tx = store.begin()?;
    for (row, card, cert) in &lines {
        report.rows += 1;
        let card = normalize_code(card);
        let line = Line {
            row: *row,
            card: &card,
            cert,
            batch,
            imported_at: &imported_at,
        };
        match line.apply(&mut tx, actor, opts)? {
            Ok(Applied::New { received }) => {
                report.imported += 1;
                report.received += usize::from(received);
            }
            Ok(Applied::Unchanged) => report.unchanged += 1,
            Err(reject) => {
                report.rejected += 1;
                rejects.push(reject);
            }
        }
    }
    tx.record_import_run(
        "cards",
        batch,
        actor,
        [
            report.rows,
            report.imported,
            0,
            report.unchanged,
            report.rejected,
            0,
        ],
    )?;
    tx.commit()?;
    Ok((report, rejects))
}

enum Applied {
    New { received: bool },
    Unchanged,
}

struct Line<'a> {
    row: usize,
    card: &'a str,
    cert: &'a str,
    batch: &'a str,
    imported_at: &'a str,
}

impl Line<'_> {
    fn reject(&self, column: &'static str, reason: Text, value: &str) -> Reject {
        Reject::named(self.row, column, reason, value)
    }

    fn apply(
        &self,
        tx: &mut Tx<'_>,
        actor: &Actor,
        opts: CardOptions,
    ) -> Result<Result<Applied, Reject>, ImportError> {
        let valid_card = (6..=32).contains(&self.card.len())
            && self.card.bytes().all(|b| b.is_ascii_alphanumeric());
        if !valid_card {
            return Ok(Err(self.reject("卡号", Text::CardNumberInvalid, self.card)));
        }
        let cert = match CertNumber::parse(self.cert) {
            Ok(c) => c,
            Err(e) => return Ok(Err(self.reject("残疾人证号", e.text(), self.cert))),
        };
        let Some(case) = crate::store::derive_case_tx(tx, cert.id.as_str())? else {
            return Ok(Err(self.reject(
                "残疾人证号",
                Text::CardUnknownCertificate,
                self.cert,
            )));
        };
        let carries = Some((cert.category, cert.grade));
        if carries != case.certificate && carries != case.current_classification() {
            return Ok(Err(self.reject(
                "残疾人证号",
                Text::CardWrongClassification,
                self.cert,
            )));
        }
        match holders::insert_card(tx.conn(), self.card, &cert, self.batch, self.imported_at)? {
            CardInsert::Unchanged => Ok(Ok(Applied::Unchanged)),
            CardInsert::Conflict => Ok(Err(self.reject("卡号", Text::CardNumberTaken, self.card))),
            CardInsert::New => {
                let waiting = case.state == State::CardRequested;
                if waiting {
                    let id = cert.id.as_str();
                    tx.record(
                        id,
                        actor,
                        &Event::CardReceived {
                            card_number: self.card.to_string(),
                        },
                    )?;
                    if opts.dispatch {
                        tx.record(id, actor, &Event::CardDispatched)?;
                    }
                }
                Ok(Ok(Applied::New { received: waiting }))
            }
        }
    }
}
