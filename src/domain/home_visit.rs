//! Home visits (上门服务) as the campaign configures them: where the vehicle starts, the
//! working hours of a visiting day, how long a visit takes and how fast the team travels.
//! The `[home_visit_routing]` table of a campaign file; every key has a default except the
//! depot, without which nothing can be planned.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

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
    /// "08:30-12:00": when a family that is home only in the morning (上午) is home.
    #[serde(default = "morning")]
    pub morning: String,
    /// "14:00-17:30": when a family that is home only in the afternoon (下午) is home.
    #[serde(default = "afternoon")]
    pub afternoon: String,
    /// Minutes to hand a ready card over at the holder's home (送证上门).
    #[serde(default = "delivery_minutes")]
    pub delivery_minutes: u32,
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
fn morning() -> String {
    "08:30-12:00".into()
}
fn afternoon() -> String {
    "14:00-17:30".into()
}
fn delivery_minutes() -> u32 {
    15
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
            morning: morning(),
            afternoon: afternoon(),
            delivery_minutes: delivery_minutes(),
        }
    }
}

/// What is wrong with a `[home_visit_routing]` table: the key and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingProblem {
    BadClock { field: String, value: String },
    NotPositive { field: String },
}

/// "08:30-12:00" → (open, close) in seconds since midnight, open before close.
pub fn clock_range(s: &str) -> Option<(i64, i64)> {
    let (a, b) = s
        .split_once('-')
        .or_else(|| s.split_once('–'))
        .or_else(|| s.split_once('~'))?;
    let (a, b) = (clock_seconds(a)?, clock_seconds(b)?);
    (a < b).then_some((a, b))
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
        for (f, value) in [("morning", &self.morning), ("afternoon", &self.afternoon)] {
            if clock_range(value).is_none() {
                return Err(SettingProblem::BadClock {
                    field: field(f),
                    value: value.clone(),
                });
            }
        }
        let positive = [
            ("service_minutes", self.service_minutes > 0),
            ("delivery_minutes", self.delivery_minutes > 0),
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

    /// When the family is at home, seconds since midnight (valid settings).
    pub fn at_home(&self, window: VisitWindow) -> (i64, i64) {
        match window {
            VisitWindow::Morning => {
                clock_range(&self.morning).unwrap_or((8 * 3600 + 1800, 12 * 3600))
            }
            VisitWindow::Afternoon => {
                clock_range(&self.afternoon).unwrap_or((14 * 3600, 17 * 3600 + 1800))
            }
            VisitWindow::Between { from, to } => (i64::from(from) * 60, i64::from(to) * 60),
        }
    }

    /// Minutes a visit to someone of this category takes (no category: the default).
    pub fn service_minutes_for(&self, category: Option<u8>) -> u32 {
        category
            .and_then(|c| self.service_minutes_by_category.get(&c.to_string()))
            .copied()
            .unwrap_or(self.service_minutes)
    }
}

/// A household's own point when it is far from its village's centre (a farmhouse up the
/// valley). Kept in millionths of a degree (about 0.1 m), so a case's facts compare exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "PlaceJson", try_from = "PlaceJson")]
pub struct Place {
    lat_e6: i64,
    lon_e6: i64,
}

#[derive(Serialize, Deserialize)]
struct PlaceJson {
    lat: f64,
    lon: f64,
}

impl From<Place> for PlaceJson {
    fn from(p: Place) -> PlaceJson {
        PlaceJson {
            lat: p.lat(),
            lon: p.lon(),
        }
    }
}

impl TryFrom<PlaceJson> for Place {
    type Error = String;
    fn try_from(p: PlaceJson) -> Result<Place, String> {
        Place::new(p.lat, p.lon)
            .ok_or_else(|| format!("not a place on earth: {}, {}", p.lat, p.lon))
    }
}

impl Place {
    /// None unless -90 ≤ lat ≤ 90 and -180 ≤ lon ≤ 180.
    pub fn new(lat: f64, lon: f64) -> Option<Place> {
        let ok = lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0;
        ok.then(|| Place {
            lat_e6: (lat * 1e6).round() as i64,
            lon_e6: (lon * 1e6).round() as i64,
        })
    }
    pub fn lat(self) -> f64 {
        self.lat_e6 as f64 / 1e6
    }
    pub fn lon(self) -> f64 {
        self.lon_e6 as f64 / 1e6
    }
}

/// When the family is at home for a visit, if not all day: 上午, 下午 (the campaign says
/// the hours), or a window of its own. The visit starts and ends inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum VisitWindow {
    Morning,
    Afternoon,
    /// Minutes since midnight.
    Between {
        from: u16,
        to: u16,
    },
}

impl VisitWindow {
    /// "am" / "pm" / "HH:MM-HH:MM", as stored. Also 上午, 下午, morning, afternoon.
    /// `Ok(None)`: all day (全天, all, ""). `Err`: not a window.
    pub fn parse(s: &str) -> Result<Option<VisitWindow>, NotAWindow> {
        match s.trim().to_ascii_lowercase().as_str() {
            "" | "all" | "全天" | "allday" | "all-day" => Ok(None),
            "am" | "上午" | "morning" => Ok(Some(VisitWindow::Morning)),
            "pm" | "下午" | "afternoon" => Ok(Some(VisitWindow::Afternoon)),
            other => {
                let (a, b) = clock_range(other).ok_or(NotAWindow)?;
                Ok(Some(VisitWindow::Between {
                    from: (a / 60) as u16,
                    to: (b / 60) as u16,
                }))
            }
        }
    }

    /// 全天 → 上午 → 下午 → 全天 (a window of its own goes back to 全天).
    pub fn cycle(w: Option<VisitWindow>) -> Option<VisitWindow> {
        match w {
            None => Some(VisitWindow::Morning),
            Some(VisitWindow::Morning) => Some(VisitWindow::Afternoon),
            Some(_) => None,
        }
    }
}

/// Text that names no visit window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotAWindow;

impl fmt::Display for VisitWindow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VisitWindow::Morning => f.write_str("am"),
            VisitWindow::Afternoon => f.write_str("pm"),
            VisitWindow::Between { from, to } => write!(
                f,
                "{:02}:{:02}-{:02}:{:02}",
                from / 60,
                from % 60,
                to / 60,
                to % 60
            ),
        }
    }
}

impl From<VisitWindow> for String {
    fn from(w: VisitWindow) -> String {
        w.to_string()
    }
}

impl TryFrom<String> for VisitWindow {
    type Error = String;
    fn try_from(s: String) -> Result<VisitWindow, String> {
        match VisitWindow::parse(&s) {
            Ok(Some(w)) => Ok(w),
            _ => Err(format!("not a visit window: {s}")),
        }
    }
}

/// How a visit window reads: 全天, 上午, 下午 or its hours.
pub fn hours_text(w: Option<VisitWindow>) -> crate::i18n::Text {
    use crate::i18n::Text;
    match w {
        None => Text::VisitHoursAll,
        Some(VisitWindow::Morning) => Text::VisitHoursAm,
        Some(VisitWindow::Afternoon) => Text::VisitHoursPm,
        Some(w) => Text::VisitHoursBetween {
            hours: w.to_string(),
        },
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

    #[test]
    fn visit_windows_parse_show_and_cycle() {
        assert_eq!(VisitWindow::parse("上午"), Ok(Some(VisitWindow::Morning)));
        assert_eq!(VisitWindow::parse("PM"), Ok(Some(VisitWindow::Afternoon)));
        assert_eq!(VisitWindow::parse("全天"), Ok(None));
        let w = VisitWindow::parse("9:00-11:30").unwrap().unwrap();
        assert_eq!(w.to_string(), "09:00-11:30");
        assert_eq!(VisitWindow::parse(&w.to_string()), Ok(Some(w)));
        assert_eq!(VisitWindow::parse("11:30-09:00"), Err(NotAWindow));
        assert_eq!(VisitWindow::parse("soon"), Err(NotAWindow));
        let r = HomeVisitRouting::default();
        assert_eq!(r.at_home(w), (9 * 3600, 11 * 3600 + 1800));
        assert_eq!(
            r.at_home(VisitWindow::Morning),
            (8 * 3600 + 1800, 12 * 3600)
        );
        assert_eq!(VisitWindow::cycle(None), Some(VisitWindow::Morning));
        assert_eq!(VisitWindow::cycle(Some(w)), None);
        let json = serde_json::to_string(&Some(w)).unwrap();
        assert_eq!(json, "\"09:00-11:30\"");
    }

    #[test]
    fn a_place_keeps_its_degrees_and_refuses_nonsense() {
        let p = Place::new(24.812345, 104.05).unwrap();
        assert_eq!((p.lat(), p.lon()), (24.812345, 104.05));
        let json = serde_json::to_value(p).unwrap();
        assert_eq!(json["lat"], 24.812345);
        assert_eq!(serde_json::from_value::<Place>(json).unwrap(), p);
        assert!(Place::new(104.0, 24.8).is_none());
        assert!(serde_json::from_str::<Place>("{\"lat\": 91, \"lon\": 0}").is_err());
    }

    #[test]
    fn bad_visit_hours_are_named() {
        let r = parse("morning = \"12:00-08:00\"");
        assert_eq!(
            r.validate(),
            Err(SettingProblem::BadClock {
                field: "home_visit_routing.morning".into(),
                value: "12:00-08:00".into()
            })
        );
        assert_eq!(parse("").delivery_minutes, 15);
    }
}
