//! Documents printed from the screens: the same PDFs as `huanzheng export KIND`, with
//! ID numbers masked, written into the print folder on the database thread.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{Result, Store, StoreError, handover, holders, public_notice, queries};
use crate::domain::campaign::Township;
use crate::export::registers::{self, Numbers};
use crate::i18n::Text;
use crate::pdf::{self, Document, LoadedFont};

/// Which document, and for whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Print {
    /// 告知书 with 回执, one per re-assessment subject of the township.
    Notices { township: String },
    /// 公示名单 of the township.
    NoticeList { township: String },
    /// 发放登记表 of the township.
    Register { township: String },
    /// 二代证回收登记 of the township.
    RecoveryLedger { township: String },
    /// A site's 评定名单 for one day.
    DaySheet { site: String, date: NaiveDate },
    /// 复核申请表 of one person.
    ReviewForm { id_number: String },
    /// 重新制卡名单 for the card centre: every voided card waiting to be remade (a
    /// township clerk's lists their own township only).
    Remakes,
}

impl Print {
    /// The township the document is about (a day sheet spans several).
    pub fn township(&self) -> Option<&str> {
        match self {
            Print::Notices { township }
            | Print::NoticeList { township }
            | Print::Register { township }
            | Print::RecoveryLedger { township } => Some(township),
            Print::DaySheet { .. } | Print::ReviewForm { .. } | Print::Remakes => None,
        }
    }
}

/// A document written: where, and how many people it lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printed {
    pub path: PathBuf,
    pub n: usize,
    pub pages: usize,
}

fn township<'a>(store: &'a Store, code: &str) -> Result<&'a Township> {
    store.campaign().find_township(code).ok_or_else(|| {
        StoreError::Refused(Text::RowTownshipUnknown {
            value: code.to_string(),
        })
    })
}

/// The document, how many people it lists, and the file's name.
fn compose(
    store: &Store,
    doc: &Print,
    day: NaiveDate,
    only: Option<&str>,
) -> Result<(Document, usize, String)> {
    let campaign = store.campaign();
    let conn = store.conn();
    Ok(match doc {
        Print::Notices { township: code } => {
            let t = township(store, code)?;
            let rows = queries::notice_subjects(conn, &t.code)?;
            if rows.is_empty() {
                return Err(StoreError::Refused(Text::NoNoticeSubjects {
                    township: t.name.clone(),
                }));
            }
            let doc = crate::export::notices::document(&rows, campaign, t);
            (doc, rows.len(), format!("告知书_{}_{day}.pdf", t.name))
        }
        Print::NoticeList { township: code } => {
            let t = township(store, code)?;
            let rows = public_notice::notice_list(store, &t.code)?;
            if rows.is_empty() {
                return Err(StoreError::Refused(Text::NoOneInPublicNotice {
                    township: t.name.clone(),
                }));
            }
            let doc = crate::export::notice_list::document(&rows, campaign, t);
            (doc, rows.len(), format!("公示名单_{}_{day}.pdf", t.name))
        }
        Print::Register { township: code } => {
            let t = township(store, code)?;
            let rows = handover::register(conn, &t.code)?;
            let sheet = registers::register(campaign, t, &rows, Numbers { full: false });
            (
                sheet.document(),
                rows.len(),
                format!("发放登记表_{}_{day}.pdf", t.name),
            )
        }
        Print::RecoveryLedger { township: code } => {
            let t = township(store, code)?;
            let rows = handover::recovery_ledger(conn, &t.code)?;
            let sheet = registers::recovery_ledger(campaign, t, &rows, Numbers { full: false });
            (
                sheet.document(),
                rows.len(),
                format!("二代证回收登记_{}_{day}.pdf", t.name),
            )
        }
        Print::DaySheet { site, date } => {
            let site = campaign.site(site).ok_or_else(|| {
                StoreError::Refused(Text::UnknownSite {
                    value: site.clone(),
                    known: String::new(),
                })
            })?;
            let mut rows = queries::day_list(conn, &site.id, *date)?;
            // A township clerk's sheet lists their township's people only.
            if let Some(own) = only {
                rows.retain(|r| r.holder.township == own);
            }
            let doc = crate::export::day_sheet::document(site, *date, &rows);
            (
                doc,
                rows.len(),
                format!("评定名单_{}_{date}.pdf", site.name),
            )
        }
        Print::Remakes => {
            let mut rows = handover::remakes(store)?;
            if let Some(own) = only {
                let own = township(store, own)?.name.clone();
                rows.retain(|r| r.township_name == own);
            }
            if rows.is_empty() {
                return Err(StoreError::Refused(Text::NoRemakes));
            }
            let sheet = registers::remakes(campaign, &rows, Numbers { full: false });
            (
                sheet.document(),
                rows.len(),
                format!("重新制卡名单_{day}.pdf"),
            )
        }
        Print::ReviewForm { id_number } => {
            let holder = holders::find(conn, id_number)?.ok_or_else(|| StoreError::NotFound {
                key: id_number.clone(),
            })?;
            let facts = public_notice::review_facts(store, &holder.id_number)?;
            let doc = crate::export::review_form::document(&holder, &facts, campaign, false)
                .map_err(StoreError::Refused)?;
            let tail = &holder.id_number[holder.id_number.len().saturating_sub(4)..];
            (doc, 1, format!("复核申请_{}_{tail}.pdf", holder.name))
        }
    })
}

/// Writes `doc` as a PDF in `dir` (created if needed) with the Chinese font `font`
/// (else the system's). `day` dates the file's name; `only` narrows a day sheet to
/// one township (a township clerk's).
pub fn print(
    store: &Store,
    doc: &Print,
    dir: &Path,
    day: NaiveDate,
    only: Option<&str>,
    font: Option<&str>,
) -> Result<Printed> {
    let (document, n, name) = compose(store, doc, day, only)?;
    let font = LoadedFont::find(font).map_err(|e| StoreError::Refused(e.text()))?;
    std::fs::create_dir_all(dir).map_err(|e| {
        StoreError::Refused(Text::CannotWrite {
            path: dir.display().to_string(),
            detail: e.to_string(),
        })
    })?;
    let path = dir.join(name);
    let written = pdf::write(&document, &font, &path).map_err(|e| StoreError::Refused(e.text()))?;
    Ok(Printed {
        path,
        n,
        pages: written.pages,
    })
}
