//! The synthetic demo county: generated, then loaded through the same importers a
//! real roster and card batch go through.

pub mod generate;

use serde::Serialize;

use crate::domain::operator::Role;
use crate::import::ImportError;
use crate::import::cards::{self, CardOptions};
use crate::import::roster;
use crate::store::{Actor, Store, StoreError, holders, operators};

/// The demo county's accounts all share this password (shown on the demo's sign-in
/// screen); a real county's leader chooses their own at first start.
pub const PASSWORD: &str = "demo2022";

/// The demo's county leader, whom the demo's sign-in screen offers.
pub const LEADER: &str = "演示组长";

/// One account per role: the leader, a county clerk, the first township's clerk and a
/// doctor. Only on a database without accounts.
pub fn add_operators(store: &Store) -> Result<(), StoreError> {
    let conn = store.conn();
    if operators::count(conn)? > 0 {
        return Ok(());
    }
    operators::add(conn, LEADER, Role::Leader, None, PASSWORD, None)?;
    let township = store.campaign().townships.first().map(|t| t.code.clone());
    for (name, role, township) in [
        ("演示办证员", Role::Staff, None),
        ("演示乡镇专干", Role::TownshipClerk, township.as_deref()),
        ("演示医生", Role::Doctor, None),
    ] {
        operators::add(conn, name, role, township, PASSWORD, Some(LEADER))?;
    }
    Ok(())
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DemoReport {
    pub holders: usize,
    pub cards: usize,
    pub villages: usize,
}

/// Generates the county for `seed` and writes it. Fails if any generated row or card
/// would be rejected: the demo must show the importer accepting clean data.
pub fn load(store: &mut Store, seed: u64, actor: &Actor) -> Result<DemoReport, ImportError> {
    let county = generate::generate(seed, store.campaign());
    let source = format!("demo:seed={seed}");
    let (report, rejects) = roster::import_rows(store, county.rows, actor, &source)?;
    if !rejects.is_empty() {
        return Err(ImportError::Demo(rejects.len()));
    }
    let pairs = county
        .cards
        .into_iter()
        .enumerate()
        .map(|(i, (card, cert))| (i + 2, card, cert))
        .collect();
    let (card_report, rejects) =
        cards::import_pairs(store, pairs, actor, CardOptions::default(), &source)?;
    if !rejects.is_empty() {
        return Err(ImportError::Demo(rejects.len()));
    }
    let villages: Vec<(String, String)> = county
        .villages
        .iter()
        .map(|v| (v.township.clone(), v.name.clone()))
        .collect();
    let tx = store.begin()?;
    holders::mark_synthetic_villages(tx.conn(), &villages)?;
    for v in &county.villages {
        let at = crate::routing::LatLon {
            lat: v.lat,
            lon: v.lon,
        };
        crate::store::routes::set_village_location(tx.conn(), &v.township, &v.name, at)?;
    }
    tx.commit()?;
    add_operators(store)?;
    Ok(DemoReport {
        holders: report.imported + report.unchanged + report.updated,
        cards: card_report.imported + card_report.unchanged,
        villages: villages.len(),
    })
}
