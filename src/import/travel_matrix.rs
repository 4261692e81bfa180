//! The county's road travel matrix for home-visit routing: one line per leg, from and to
//! (the depot, or a village by statistical code, by name, or as `乡镇/村名`), kilometres and
//! minutes, as a road-routing engine gives them. The file replaces the matrix imported
//! before; lines that name no known place are rejected with the reason.

use std::path::Path;

use serde::Serialize;

use super::rejects::{Reject, RejectsFile};
use super::table::ColumnSpec;
use super::{ImportError, Progress};
use crate::domain::campaign::Campaign;
use crate::domain::text::normalize_code;
use crate::i18n::{Lang, Text};
use crate::routing::home::DEPOT;
use crate::store::routes::{self, Leg, village_place};
use crate::store::{Actor, Store};

const FROM: ColumnSpec = ColumnSpec {
    key: "from",
    aliases: &["起点", "出发地", "从", "from", "origin"],
    required: true,
};
const TO: ColumnSpec = ColumnSpec {
    key: "to",
    aliases: &["终点", "目的地", "到", "to", "destination"],
    required: true,
};
const KM: ColumnSpec = ColumnSpec {
    key: "km",
    aliases: &[
        "公里",
        "距离",
        "里程",
        "距离（公里）",
        "km",
        "distance_km",
        "distance",
    ],
    required: true,
};
const MINUTES: ColumnSpec = ColumnSpec {
    key: "minutes",
    aliases: &[
        "分钟",
        "时间",
        "用时",
        "时间（分钟）",
        "minutes",
        "time_min",
        "duration",
    ],
    required: true,
};

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct MatrixReport {
    pub rows: usize,
    pub legs: usize,
    pub rejected: usize,
    pub rejects_file: Option<String>,
}

/// Reads `path` and, if any line is usable, replaces the stored matrix with its legs.
pub fn import(
    store: &mut Store,
    path: &Path,
    actor: &Actor,
    lang: Lang,
    progress: &dyn Progress,
) -> Result<MatrixReport, ImportError> {
    let lines = super::read_cells(path, &[FROM, TO, KM, MINUTES], progress)?;
    let campaign = store.campaign().clone();
    let mut report = MatrixReport::default();
    let mut rejects = RejectsFile::new(path, lang);
    let mut legs = Vec::new();
    for (row, cells) in &lines {
        report.rows += 1;
        match leg(store.conn(), &campaign, *row, cells)? {
            Ok(l) => legs.push(l),
            Err(r) => {
                report.rejected += 1;
                rejects.push(r);
            }
        }
    }
    report.legs = legs.len();
    if !legs.is_empty() {
        routes::replace_road_matrix(store, actor, &legs)?;
    }
    report.rejects_file = rejects.write().map_err(ImportError::Rejects)?;
    Ok(report)
}

fn number(text: &str) -> Option<f64> {
    let v: f64 = normalize_code(text).parse().ok()?;
    (v.is_finite() && v >= 0.0).then_some(v)
}

/// One line: the leg it gives, or why not.
fn leg(
    conn: &rusqlite::Connection,
    campaign: &Campaign,
    row: usize,
    cells: &[String],
) -> Result<Result<Leg, Reject>, ImportError> {
    let [from, to, km, minutes] = cells else {
        return Ok(Err(Reject::row(row, Text::MatrixUnknownPlace)));
    };
    let mut ends = Vec::new();
    for (column, cell) in [(FROM.label(), from), (TO.label(), to)] {
        match place(conn, campaign, cell)? {
            Ok(p) => ends.push(p),
            Err(text) => return Ok(Err(Reject::named(row, column, text, cell))),
        }
    }
    let (Some(km), Some(min)) = (number(km), number(minutes)) else {
        let (column, value) = if number(km).is_none() {
            (KM.label(), km)
        } else {
            (MINUTES.label(), minutes)
        };
        return Ok(Err(Reject::named(
            row,
            column,
            Text::MatrixBadNumber,
            value,
        )));
    };
    let to = ends.pop().unwrap_or_default();
    let from = ends.pop().unwrap_or_default();
    Ok(Ok(Leg {
        from,
        to,
        dist_m: (km * 1000.0).round() as i64,
        time_s: (min * 60.0).round() as i64,
    }))
}

/// The matrix's name of the place a cell names, or why it names none.
fn place(
    conn: &rusqlite::Connection,
    campaign: &Campaign,
    cell: &str,
) -> Result<Result<String, Text>, ImportError> {
    let text = cell.trim();
    let depot_name = campaign
        .home_visit_routing
        .depot
        .as_ref()
        .map(|d| d.name.as_str());
    if text.eq_ignore_ascii_case(DEPOT) || text == "县残联" || Some(text) == depot_name {
        return Ok(Ok(DEPOT.to_string()));
    }
    let code = normalize_code(text);
    if !code.is_empty() && code.chars().all(|c| c.is_ascii_digit()) {
        return Ok(match routes::village_by_code(conn, &code)? {
            Some((t, v)) => Ok(village_place(&t, &v)),
            None => Err(Text::MatrixUnknownPlace),
        });
    }
    let (township, name) = match text.split_once(['/', '／']) {
        Some((t, v)) => (Some(t.trim()), v.trim()),
        None => (None, text),
    };
    let mut found = routes::villages_named(conn, name)?;
    if let Some(t) = township {
        match campaign.find_township(t) {
            Some(t) => found.retain(|(code, _)| *code == t.code),
            None => return Ok(Err(Text::MatrixUnknownPlace)),
        }
    }
    Ok(match found.len() {
        0 => Err(Text::MatrixUnknownPlace),
        1 => Ok(village_place(&found[0].0, &found[0].1)),
        _ => Err(Text::MatrixAmbiguous {
            townships: found
                .iter()
                .filter_map(|(code, _)| campaign.township_by_code(code))
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>()
                .join("、"),
        }),
    })
}
