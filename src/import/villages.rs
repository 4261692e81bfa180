//! Village coordinates for home-visit routing: a table of village (by statistical code or by
//! name, with the township when the name alone is ambiguous), latitude and longitude.

use std::path::Path;

use serde::Serialize;

use super::rejects::{Reject, RejectsFile};
use super::table::ColumnSpec;
use super::{ImportError, Progress};
use crate::domain::campaign::Campaign;
use crate::domain::text::normalize_code;
use crate::i18n::{Lang, Text};
use crate::routing::LatLon;
use crate::store::{Store, routes};

const TOWNSHIP: ColumnSpec = ColumnSpec {
    key: "township",
    aliases: &[
        "乡镇",
        "乡镇（街道）",
        "乡镇(街道)",
        "乡（镇、街道）",
        "街道",
        "township",
    ],
    required: false,
};
const NAME: ColumnSpec = ColumnSpec {
    key: "village",
    aliases: &[
        "村（社区）",
        "村(社区)",
        "村",
        "村名",
        "村委会",
        "社区",
        "村（居）委会",
        "名称",
        "village",
        "name",
    ],
    required: false,
};
const CODE: ColumnSpec = ColumnSpec {
    key: "code",
    aliases: &["村代码", "区划代码", "统计用区划代码", "代码", "code"],
    required: false,
};
const LAT: ColumnSpec = ColumnSpec {
    key: "lat",
    aliases: &["纬度", "lat", "latitude"],
    required: true,
};
const LON: ColumnSpec = ColumnSpec {
    key: "lon",
    aliases: &["经度", "lon", "lng", "longitude"],
    required: true,
};

/// A village further than this from the depot is a typing error (often latitude and
/// longitude swapped), not a place the team drives to.
pub(crate) const MAX_KM_FROM_DEPOT: f64 = 150.0;

/// How far a point is from the campaign's depot, if it has one.
pub(crate) fn km_from_depot(campaign: &Campaign, lat: f64, lon: f64) -> Option<f64> {
    let d = campaign.home_visit_routing.depot.as_ref()?;
    Some(crate::routing::haversine_km(
        LatLon { lat, lon },
        LatLon {
            lat: d.lat,
            lon: d.lon,
        },
    ))
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct VillageReport {
    pub rows: usize,
    pub updated: usize,
    pub rejected: usize,
    pub rejects_file: Option<String>,
}

pub fn import(
    store: &mut Store,
    path: &Path,
    lang: Lang,
    progress: &dyn Progress,
) -> Result<VillageReport, ImportError> {
    let lines = super::read_cells(path, &[TOWNSHIP, NAME, CODE, LAT, LON], progress)?;
    let campaign = store.campaign().clone();
    let mut report = VillageReport::default();
    let mut rejects = RejectsFile::new(path, lang);
    let tx = store.begin()?;
    for (row, cells) in &lines {
        report.rows += 1;
        match place(tx.conn(), &campaign, *row, cells)? {
            Ok(()) => report.updated += 1,
            Err(r) => {
                report.rejected += 1;
                rejects.push(r);
            }
        }
    }
    tx.commit()?;
    report.rejects_file = rejects.write().map_err(ImportError::Rejects)?;
    Ok(report)
}

fn coordinate(text: &str, range: f64) -> Option<f64> {
    let v: f64 = normalize_code(text).parse().ok()?;
    (v.is_finite() && v.abs() <= range).then_some(v)
}

/// One line: the village it names and its coordinates, or why not.
fn place(
    conn: &rusqlite::Connection,
    campaign: &Campaign,
    row: usize,
    cells: &[String],
) -> Result<Result<(), Reject>, ImportError> {
    let [township, name, code, lat, lon] = cells else {
        return Ok(Err(Reject::row(row, Text::VillageNoKey)));
    };
    let (Some(la), Some(lo)) = (coordinate(lat, 90.0), coordinate(lon, 180.0)) else {
        let (column, value) = if coordinate(lat, 90.0).is_none() {
            (LAT.label(), lat)
        } else {
            (LON.label(), lon)
        };
        return Ok(Err(Reject::named(
            row,
            column,
            Text::VillageBadCoordinate,
            value,
        )));
    };
    let at = LatLon { lat: la, lon: lo };
    if let Some(d) = &campaign.home_visit_routing.depot {
        let km = crate::routing::haversine_km(
            at,
            LatLon {
                lat: d.lat,
                lon: d.lon,
            },
        );
        if km > MAX_KM_FROM_DEPOT {
            return Ok(Err(Reject::named(
                row,
                LAT.label(),
                Text::VillageFarAway {
                    km: format!("{km:.0}"),
                },
                &format!("{lat}, {lon}"),
            )));
        }
    }
    let code = normalize_code(code);
    let target = if !code.is_empty() {
        match routes::village_by_code(conn, &code)? {
            Some(v) => v,
            None => {
                return Ok(Err(Reject::named(
                    row,
                    CODE.label(),
                    Text::VillageUnknownCode,
                    &code,
                )));
            }
        }
    } else if !name.trim().is_empty() {
        let name = name.trim();
        let mut found = routes::villages_named(conn, name)?;
        if !township.trim().is_empty() {
            let Some(t) = campaign.find_township(township.trim()) else {
                return Ok(Err(Reject::named(
                    row,
                    TOWNSHIP.label(),
                    Text::VillageUnknownTownship,
                    township,
                )));
            };
            found.retain(|(code, _)| *code == t.code);
        }
        match found.len() {
            0 => {
                return Ok(Err(Reject::named(
                    row,
                    NAME.label(),
                    Text::VillageUnknown,
                    name,
                )));
            }
            1 => found.remove(0),
            _ => {
                let towns = found
                    .iter()
                    .filter_map(|(code, _)| campaign.township_by_code(code))
                    .map(|t| t.name.as_str())
                    .collect::<Vec<_>>()
                    .join("、");
                return Ok(Err(Reject::named(
                    row,
                    NAME.label(),
                    Text::VillageAmbiguous { townships: towns },
                    name,
                )));
            }
        }
    } else {
        return Ok(Err(Reject::row(row, Text::VillageNoKey)));
    };
    routes::set_village_location(conn, &target.0, &target.1, at)?;
    Ok(Ok(()))
}
