//! Home visits (上门服务) as the campaign configures them: where the vehicle starts, the
//! working hours of a visiting day, how long a visit takes and how fast the team travels.
//! The `[home_visit_routing]` table of a campaign file; every key has a default except the
//! depot, without which nothing can be planned.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The place the team leaves from and returns to each day (the county federation office).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Depot {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HomeVisitRouting {
    #[serde(default)]
    pub depot: Option<Depot>,
    /// "08:30": the team leaves the depot no earlier.
    #[serde(default = "day_start")]
    pub day_start: String,
    /// "17:30": the team is back at the depot no later.
    #[serde(default = "day_end")]
    pub day_end: String,
    #[serde(default = "service_minutes")]
    pub service_minutes: u32,
    /// Minutes of a visit by category digit ("5" = 智力), where it differs from the default.
    #[serde(default)]
    pub service_minutes_by_category: BTreeMap<String, u32>,
    /// Road distance over straight-line distance in this county's mountains.
    #[serde(default = "winding")]
    pub winding: f64,
    #[serde(default = "speed_kmh")]
    pub speed_kmh: f64,
}

fn day_start() -> String {
    "08:30".into()
}
fn day_end() -> String {
    "17:30".into()
}
fn service_minutes() -> u32 {
    35
}
fn winding() -> f64 {
    1.4
}
fn speed_kmh() -> f64 {
    30.0
}

impl Default for HomeVisitRouting {
    fn default() -> HomeVisitRouting {
        HomeVisitRouting {
            depot: None,
            day_start: day_start(),
            day_end: day_end(),
            service_minutes: service_minutes(),
            service_minutes_by_category: BTreeMap::new(),
            winding: winding(),
            speed_kmh: speed_kmh(),
        }
    }
}

/// What is wrong with a `[home_visit_routing]` table: the key and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingProblem {
    BadClock { field: String, value: String },
    NotPositive { field: String },
}

/// "08:30" → seconds since midnight.
pub fn clock_seconds(s: &str) -> Option<i64> {
    let (h, m) = s.trim().split_once(':')?;
    let (h, m) = (h.parse::<i64>().ok()?, m.parse::<i64>().ok()?);
    ((0..24).contains(&h) && (0..60).contains(&m)).then_some(h * 3600 + m * 60)
}

impl HomeVisitRouting {
    pub fn validate(&self) -> Result<(), SettingProblem> {
        let field = |f: &str| format!("home_visit_routing.{f}");
        let open = clock_seconds(&self.day_start).ok_or_else(|| SettingProblem::BadClock {
            field: field("day_start"),
            value: self.day_start.clone(),
        })?;
        let close = clock_seconds(&self.day_end).ok_or_else(|| SettingProblem::BadClock {
            field: field("day_end"),
            value: self.day_end.clone(),
        })?;
        if close <= open {
            return Err(SettingProblem::BadClock {
                field: field("day_end"),
                value: self.day_end.clone(),
            });
        }
        let positive = [
            ("service_minutes", self.service_minutes > 0),
            ("winding", self.winding.is_finite() && self.winding >= 1.0),
            (
                "speed_kmh",
                self.speed_kmh.is_finite() && self.speed_kmh > 0.0,
            ),
        ];
        if let Some((f, _)) = positive.iter().find(|(_, ok)| !ok) {
            return Err(SettingProblem::NotPositive { field: field(f) });
        }
        for (cat, minutes) in &self.service_minutes_by_category {
            let digit = cat.len() == 1 && ('1'..='7').contains(&cat.chars().next().unwrap_or('0'));
            if !digit || *minutes == 0 {
                return Err(SettingProblem::NotPositive {
                    field: field(&format!("service_minutes_by_category.{cat}")),
                });
            }
        }
        Ok(())
    }

    /// The working window of a visiting day, seconds since midnight (valid settings).
    pub fn day_window(&self) -> (i64, i64) {
        (
            clock_seconds(&self.day_start).unwrap_or(8 * 3600 + 1800),
            clock_seconds(&self.day_end).unwrap_or(17 * 3600 + 1800),
        )
    }

    /// Minutes a visit to someone of this category takes (no category: the default).
    pub fn service_minutes_for(&self, category: Option<u8>) -> u32 {
        category
            .and_then(|c| self.service_minutes_by_category.get(&c.to_string()))
            .copied()
            .unwrap_or(self.service_minutes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> HomeVisitRouting {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn defaults_are_the_plan_figures() {
        let r = parse("depot = { name = \"县残联\", lat = 24.83, lon = 103.99 }");
        assert_eq!(r.day_window(), (8 * 3600 + 1800, 17 * 3600 + 1800));
        assert_eq!(r.service_minutes_for(Some(4)), 35);
        assert_eq!((r.winding, r.speed_kmh), (1.4, 30.0));
        assert!(r.validate().is_ok());
    }

    #[test]
    fn service_by_category_overrides_the_default() {
        let r = parse("service_minutes = 30\n[service_minutes_by_category]\n5 = 50\n");
        assert_eq!(r.service_minutes_for(Some(5)), 50);
        assert_eq!(r.service_minutes_for(Some(6)), 30);
        assert_eq!(r.service_minutes_for(None), 30);
    }

    #[test]
    fn bad_settings_are_named() {
        let r = parse("day_start = \"8.30\"");
        assert_eq!(
            r.validate(),
            Err(SettingProblem::BadClock {
                field: "home_visit_routing.day_start".into(),
                value: "8.30".into()
            })
        );
        let r = parse("day_start = \"18:00\"");
        assert!(matches!(r.validate(), Err(SettingProblem::BadClock { .. })));
        let r = parse("speed_kmh = 0.0");
        assert_eq!(
            r.validate(),
            Err(SettingProblem::NotPositive {
                field: "home_visit_routing.speed_kmh".into()
            })
        );
        let r = parse("[service_minutes_by_category]\n9 = 20\n");
        assert!(matches!(
            r.validate(),
            Err(SettingProblem::NotPositive { .. })
        ));
    }
}
