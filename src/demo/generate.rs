// TEMPORARY compile stub; replaced by the real generator.
use crate::domain::campaign::Campaign;
use crate::domain::holder::RowInput;
pub struct DemoVillage { pub township: String, pub name: String, pub lat: f64, pub lon: f64 }
pub struct DemoCounty { pub rows: Vec<RowInput>, pub cards: Vec<(String, String)>, pub villages: Vec<DemoVillage> }
pub fn generate(_seed: u64, _campaign: &Campaign) -> DemoCounty { DemoCounty { rows: vec![], cards: vec![], villages: vec![] } }
