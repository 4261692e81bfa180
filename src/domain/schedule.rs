//! The re-assessment schedule (重新评定日程安排, plan 四(二)3): which site, working day and
//! half-day each visual-basis holder is called to, and which site each vehicle works
//! on each day. Pure and deterministic: the same subjects, campaign and parameters
//! always give the same schedule.
//!
//! The model: on each working day a vehicle, with its doctors, works one site for the
//! whole day (morning and afternoon). It stays at a site on consecutive working days
//! until the site's townships are done, then moves on. Two vehicles never work the
//! same site on the same day. Each half-day at a site holds at most the site's
//! capacity (避免扎堆). Holders of a category whose doctors come only on some weekdays
//! (the psychiatric hospital for 精神/智力) are called only on those days.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Range;

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::campaign::Campaign;
use crate::domain::case::HalfDay;
use crate::domain::ids::Category;

/// A holder to be re-assessed at a site (`needs_reassessment`, not a home visit).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Subject {
    /// ID number.
    pub id: String,
    /// 12-digit township code.
    pub township: String,
    pub village: String,
    pub category: Category,
}

/// What the leader can change before (re)planning.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScheduleParams {
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    /// People per site per half-day, for sites without an override.
    pub capacity_per_half_day: u32,
    pub vehicles: u32,
    /// Per-half-day capacity of particular sites, by site id.
    pub per_site_capacity: BTreeMap<String, u32>,
    /// Days taken out of the schedule (疫情, 另行通知).
    pub blocked_days: BTreeSet<NaiveDate>,
}

impl ScheduleParams {
    /// The campaign's window and vehicles; half of each site's daily capacity per
    /// half-day (the most common value as the default, the others as overrides).
    pub fn from_campaign(campaign: &Campaign) -> ScheduleParams {
        let (first_day, last_day) = campaign.reassessment_window();
        let mut tally: BTreeMap<u32, usize> = BTreeMap::new();
        for site in &campaign.sites {
            *tally.entry(site.daily_capacity / 2).or_default() += 1;
        }
        let default = tally
            .iter()
            .max_by_key(|&(capacity, count)| (*count, std::cmp::Reverse(*capacity)))
            .map_or(0, |(capacity, _)| *capacity);
        let per_site_capacity = campaign
            .sites
            .iter()
            .filter(|site| site.daily_capacity / 2 != default)
            .map(|site| (site.id.clone(), site.daily_capacity / 2))
            .collect();
        ScheduleParams {
            first_day,
            last_day,
            capacity_per_half_day: default,
            vehicles: campaign.team.vehicles,
            per_site_capacity,
            blocked_days: BTreeSet::new(),
        }
    }

    /// These parameters widened so that `booked` fits them: each site's capacity at
    /// least its fullest booked half-day, the window at least to the last booked day.
    /// A plan made with a raised capacity or a later end stays valid when a day of it
    /// is shifted.
    pub fn covering(&self, booked: &Schedule) -> ScheduleParams {
        let mut params = self.clone();
        let mut load: BTreeMap<(&str, NaiveDate, u8), u32> = BTreeMap::new();
        for slot in &booked.slots {
            *load
                .entry((&slot.site, slot.date, half_index(slot.half_day)))
                .or_default() += 1;
            params.last_day = params.last_day.max(slot.date);
        }
        for ((site, _, _), n) in load {
            if n > params.capacity(site) {
                params.per_site_capacity.insert(site.to_string(), n);
            }
        }
        params
    }

    /// People per half-day at `site`.
    pub fn capacity(&self, site: &str) -> u32 {
        self.per_site_capacity
            .get(site)
            .copied()
            .unwrap_or(self.capacity_per_half_day)
    }

    /// Every site's capacity raised to at least `capacity` (what a [`Shortfall`]'s
    /// `capacity_needed_per_half_day` means).
    pub fn with_capacity_at_least(&self, capacity: u32) -> ScheduleParams {
        let mut params = self.clone();
        params.capacity_per_half_day = params.capacity_per_half_day.max(capacity);
        for site_capacity in params.per_site_capacity.values_mut() {
            *site_capacity = (*site_capacity).max(capacity);
        }
        params
    }

    /// The working days of the window that are not blocked. A date the calendar does
    /// not cover is never a working day.
    pub fn working_days(&self, campaign: &Campaign) -> Vec<NaiveDate> {
        self.first_day
            .iter_days()
            .take_while(|day| *day <= self.last_day)
            .filter(|day| self.is_open(campaign, *day))
            .collect()
    }

    /// Working days after `last_day` that could extend the window, as far as the
    /// calendar reaches.
    fn later_working_days(&self, campaign: &Campaign) -> Vec<NaiveDate> {
        self.last_day
            .iter_days()
            .skip(1)
            .take_while(|day| campaign.calendar().covers(*day))
            .filter(|day| self.is_open(campaign, *day))
            .collect()
    }

    fn is_open(&self, campaign: &Campaign, day: NaiveDate) -> bool {
        !self.blocked_days.contains(&day) && is_working_day(campaign, day)
    }

    fn smallest_capacity(&self, campaign: &Campaign) -> u32 {
        campaign
            .sites
            .iter()
            .map(|site| self.capacity(&site.id))
            .min()
            .unwrap_or(self.capacity_per_half_day)
    }
}

/// One holder's appointment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Slot {
    /// ID number.
    pub id: String,
    pub site: String,
    pub date: NaiveDate,
    pub half_day: HalfDay,
    pub category: Category,
}

/// A vehicle (numbered from 1) working a site for a whole day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SiteDay {
    pub date: NaiveDate,
    pub vehicle: u32,
    pub site: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unplaced {
    /// ID number.
    pub id: String,
    pub category: Category,
    /// The holder's site; `None` when the township has none.
    pub site: Option<String>,
    pub reason: UnplacedReason,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum UnplacedReason {
    /// The township is not assigned to any site in the campaign.
    NoSite { township: String },
    /// No doctor for the category comes on any open day of the window.
    NoDoctorDay,
    /// The window has no room left at the holder's site.
    WindowFull,
}

impl UnplacedReason {
    /// More capacity or more days could place the holder.
    fn is_fixable(&self) -> bool {
        !matches!(self, UnplacedReason::NoSite { .. })
    }
}

/// How many holders do not fit, and what would fit them. Both figures are found by
/// re-running the same planner (bisection), so applying either one fits everybody.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Shortfall {
    /// Holders unplaced for lack of room or doctor days (not those without a site).
    pub unplaced: usize,
    /// The smallest per-half-day capacity which, given to every site
    /// ([`ScheduleParams::with_capacity_at_least`]), fits them all in the window;
    /// `None` when no capacity does (too few days, vehicles or doctor days).
    pub capacity_needed_per_half_day: Option<u32>,
    /// Working days to add after `last_day` at the current capacity; `None` when the
    /// calendar runs out first.
    pub extra_working_days_needed: Option<u32>,
    /// The `last_day` those extra days give.
    pub last_day_needed: Option<NaiveDate>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Schedule {
    /// By date, site, half-day; within a half-day by township and village.
    pub slots: Vec<Slot>,
    /// By date and vehicle.
    pub visits: Vec<SiteDay>,
    pub unplaced: Vec<Unplaced>,
    pub shortfall: Option<Shortfall>,
}

impl Schedule {
    fn fixable_unplaced(&self) -> usize {
        self.unplaced
            .iter()
            .filter(|u| u.reason.is_fixable())
            .count()
    }

    fn sort(&mut self) {
        self.slots.sort_by(|a, b| {
            (a.date, &a.site, half_index(a.half_day)).cmp(&(
                b.date,
                &b.site,
                half_index(b.half_day),
            ))
        });
        self.visits.sort_by_key(|v| (v.date, v.vehicle));
    }
}

/// A holder whose appointment changed when a day was shifted: `from` is `None` for a
/// holder who had none before, `to` is `None` when no room was left.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Moved {
    pub id: String,
    pub from: Option<Slot>,
    pub to: Option<Slot>,
}

/// A rule a schedule (planned or edited by hand) breaks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Violation {
    OverCapacity {
        site: String,
        date: NaiveDate,
        half_day: HalfDay,
        scheduled: u32,
        capacity: u32,
    },
    ScheduledTwice {
        id: String,
        times: usize,
    },
    NotWorkingDay {
        date: NaiveDate,
    },
    BlockedDay {
        date: NaiveDate,
    },
    OutsideWindow {
        date: NaiveDate,
    },
    SiteSharedByVehicles {
        site: String,
        date: NaiveDate,
        vehicles: Vec<u32>,
    },
    VehicleAtTwoSites {
        vehicle: u32,
        date: NaiveDate,
    },
    UnknownVehicle {
        vehicle: u32,
        date: NaiveDate,
    },
    TooManyVehicles {
        date: NaiveDate,
        used: u32,
        available: u32,
    },
    NoVehicleAtSite {
        id: String,
        site: String,
        date: NaiveDate,
    },
    DoctorAbsent {
        id: String,
        date: NaiveDate,
        category: Category,
    },
}

/// Whether an institution assessing `category` sends doctors to the sites on `date`.
pub fn doctors_in_field(campaign: &Campaign, category: Category, date: NaiveDate) -> bool {
    campaign
        .institutions_for_category(category.digit())
        .any(|institution| institution.in_field_on(date))
}

/// Schedules every subject it can, and says how many do not fit and what would fit them.
pub fn plan(subjects: &[Subject], campaign: &Campaign, params: &ScheduleParams) -> Schedule {
    let prepared = Prepared::new(subjects, campaign);
    let mut schedule = prepared.place(campaign, params);
    schedule.shortfall = shortfall(&schedule, campaign, params, |p| prepared.fits(campaign, p));
    schedule
}

/// Takes `day` out of the schedule (it joins the blocked days): its holders move to
/// the first later half-day with room at their site, a new site day where a vehicle is
/// free if needed. Everyone else keeps their slot; previously unplaced holders get any
/// room left after `day`. Returns the new schedule and every holder whose slot changed.
pub fn shift_day(
    schedule: &Schedule,
    day: NaiveDate,
    campaign: &Campaign,
    params: &ScheduleParams,
) -> (Schedule, Vec<Moved>) {
    let mut blocked = params.clone();
    blocked.blocked_days.insert(day);
    let (mut shifted, moved) = reseat(schedule, Some(day), campaign, &blocked).into_schedule();
    shifted.shortfall = shortfall(&shifted, campaign, &blocked, |p| {
        reseat(schedule, Some(day), campaign, p).fits()
    });
    (shifted, moved)
}

/// Schedules `subjects` into the room the `booked` schedule leaves, without moving
/// anyone already booked (they may have been told their day). Each new holder gets
/// the first half-day with room at their township's site, a new site day where a
/// vehicle is free. Returns the whole schedule and the holders newly placed.
pub fn fill_in(
    booked: &Schedule,
    subjects: &[Subject],
    campaign: &Campaign,
    params: &ScheduleParams,
) -> (Schedule, Vec<Moved>) {
    let prepared = Prepared::new(subjects, campaign);
    let mut waiting = Schedule {
        slots: booked.slots.clone(),
        visits: booked.visits.clone(),
        unplaced: prepared.no_site.clone(),
        shortfall: None,
    };
    for (index, queue) in prepared.queues.iter().enumerate() {
        let site = &campaign.sites[index].id;
        waiting.unplaced.extend(
            queue
                .iter()
                .map(|s| unplace(s, site, UnplacedReason::WindowFull)),
        );
    }
    let (mut filled, moved) = reseat(&waiting, None, campaign, params).into_schedule();
    filled.shortfall = shortfall(&filled, campaign, params, |p| {
        reseat(&waiting, None, campaign, p).fits()
    });
    (filled, moved)
}

/// Every rule the schedule breaks; empty when it is feasible.
pub fn check(schedule: &Schedule, campaign: &Campaign, params: &ScheduleParams) -> Vec<Violation> {
    let mut violations = Vec::new();
    check_twice(schedule, &mut violations);
    check_days(schedule, campaign, params, &mut violations);
    check_vehicles(schedule, params, &mut violations);
    check_slots(schedule, campaign, params, &mut violations);
    violations
}

fn is_working_day(campaign: &Campaign, day: NaiveDate) -> bool {
    campaign.calendar().is_working_day(day).unwrap_or(false)
}

fn half_index(half: HalfDay) -> u8 {
    match half {
        HalfDay::Am => 0,
        HalfDay::Pm => 1,
    }
}

const HALVES: [HalfDay; 2] = [HalfDay::Am, HalfDay::Pm];

// ---------------------------------------------------------------------------------
// Shortfall

fn shortfall(
    schedule: &Schedule,
    campaign: &Campaign,
    params: &ScheduleParams,
    fits: impl Fn(&ScheduleParams) -> bool,
) -> Option<Shortfall> {
    let unplaced = schedule.fixable_unplaced();
    if unplaced == 0 {
        return None;
    }
    let floor = params.smallest_capacity(campaign);
    let ceiling = largest_site(schedule).max(floor.saturating_add(1));
    let capacity = first_fitting(floor, ceiling, |capacity| {
        fits(&params.with_capacity_at_least(capacity))
    });
    let later = params.later_working_days(campaign);
    let extended = |n: u32| ScheduleParams {
        last_day: later[n as usize - 1],
        ..params.clone()
    };
    let extra = first_fitting(0, u32::try_from(later.len()).unwrap_or(u32::MAX), |n| {
        fits(&extended(n))
    });
    Some(Shortfall {
        unplaced,
        capacity_needed_per_half_day: capacity,
        extra_working_days_needed: extra,
        last_day_needed: extra.map(|n| later[n as usize - 1]),
    })
}

/// Holders of the site with the most. A half-day holding them all is as large as a
/// capacity ever needs to be: beyond it, more capacity changes nothing.
fn largest_site(schedule: &Schedule) -> u32 {
    let mut per_site: BTreeMap<&str, u32> = BTreeMap::new();
    let slots = schedule.slots.iter().map(|s| s.site.as_str());
    for site in slots.chain(schedule.unplaced.iter().filter_map(|u| u.site.as_deref())) {
        *per_site.entry(site).or_default() += 1;
    }
    per_site.into_values().max().unwrap_or(0)
}

/// The smallest `n` in `failing+1..=ceiling` for which `fits(n)`, by bisection
/// (`fits(failing)` is known to be false); `None` when even `ceiling` does not fit.
fn first_fitting(failing: u32, ceiling: u32, fits: impl Fn(u32) -> bool) -> Option<u32> {
    if ceiling <= failing || !fits(ceiling) {
        return None;
    }
    let (mut lo, mut hi) = (failing, ceiling);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if fits(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(hi)
}

// ---------------------------------------------------------------------------------
// Planning

/// Subjects sorted and sorted into their sites' queues, ready to be planned under
/// different parameters.
struct Prepared<'a> {
    /// Per site of the campaign, in township, village, ID order.
    queues: Vec<Vec<&'a Subject>>,
    no_site: Vec<Unplaced>,
}

impl<'a> Prepared<'a> {
    /// A subject listed twice is scheduled once.
    fn new(subjects: &'a [Subject], campaign: &Campaign) -> Prepared<'a> {
        let mut sorted: Vec<&Subject> = subjects.iter().collect();
        sorted.sort_unstable_by(|a, b| {
            a.township
                .cmp(&b.township)
                .then_with(|| a.village.cmp(&b.village))
                .then_with(|| a.id.cmp(&b.id))
                .then(a.category.cmp(&b.category))
        });
        let mut seen = HashSet::new();
        sorted.retain(|s| seen.insert(s.id.as_str()));

        let mut queues = vec![Vec::new(); campaign.sites.len()];
        let mut no_site = Vec::new();
        let mut site_of: BTreeMap<&str, Option<usize>> = BTreeMap::new();
        for subject in sorted {
            let site = *site_of.entry(&subject.township).or_insert_with(|| {
                let site = campaign.site_for_township(&subject.township)?;
                campaign.sites.iter().position(|s| s.id == site.id)
            });
            match site {
                Some(index) => queues[index].push(subject),
                None => no_site.push(Unplaced {
                    id: subject.id.clone(),
                    category: subject.category,
                    site: None,
                    reason: UnplacedReason::NoSite {
                        township: subject.township.clone(),
                    },
                }),
            }
        }
        Prepared { queues, no_site }
    }

    /// Where everyone goes, without copying any text: cheap enough to try many
    /// parameters.
    fn layout(&self, campaign: &Campaign, params: &ScheduleParams) -> Layout<'a> {
        let days = params.working_days(campaign);
        let doctors = Doctors::new(campaign, &days);
        let mut no_doctor = Vec::new();
        let mut works = Vec::new();
        for (index, queue) in self.queues.iter().enumerate() {
            // With no open day at all the window, not the doctors, is what is missing.
            let (seen, unseen): (Vec<&Subject>, Vec<&Subject>) = queue
                .iter()
                .partition(|s| days.is_empty() || doctors.any_day(s.category));
            no_doctor.extend(unseen.into_iter().map(|s| (index, s)));
            if !seen.is_empty() {
                let capacity = params.capacity(&campaign.sites[index].id);
                works.push(SiteWork::new(index, capacity, seen, &doctors));
            }
        }
        let mut runs = assign_runs(&works, &doctors, params.vehicles);
        let sites = works
            .iter()
            .enumerate()
            .map(|(index, work)| {
                let run = runs
                    .iter()
                    .position(|run| run.work == index)
                    .map(|at| runs.swap_remove(at));
                let (seats, left) = match &run {
                    Some(run) => fill(work, run.days.clone(), &doctors),
                    None => (Vec::new(), work.queue.clone()),
                };
                SitePlan {
                    site: work.site,
                    run,
                    seats,
                    left,
                }
            })
            .collect();
        Layout {
            days,
            no_doctor,
            sites,
        }
    }

    fn fits(&self, campaign: &Campaign, params: &ScheduleParams) -> bool {
        let layout = self.layout(campaign, params);
        layout.no_doctor.is_empty() && layout.sites.iter().all(|s| s.left.is_empty())
    }

    fn place(&self, campaign: &Campaign, params: &ScheduleParams) -> Schedule {
        let layout = self.layout(campaign, params);
        let site_id = |index: usize| &campaign.sites[index].id;
        let mut schedule = Schedule {
            unplaced: self.no_site.clone(),
            ..Schedule::default()
        };
        schedule.unplaced.extend(
            layout
                .no_doctor
                .iter()
                .map(|&(site, s)| unplace(s, site_id(site), UnplacedReason::NoDoctorDay)),
        );
        for plan in &layout.sites {
            let site = site_id(plan.site);
            if let Some(run) = &plan.run {
                schedule.visits.extend(run.days.clone().map(|day| SiteDay {
                    date: layout.days[day],
                    vehicle: run.vehicle,
                    site: site.clone(),
                }));
            }
            schedule
                .slots
                .extend(plan.seats.iter().map(|&(subject, day, half_day)| Slot {
                    id: subject.id.clone(),
                    site: site.clone(),
                    date: layout.days[day],
                    half_day,
                    category: subject.category,
                }));
            schedule.unplaced.extend(
                plan.left
                    .iter()
                    .map(|s| unplace(s, site, UnplacedReason::WindowFull)),
            );
        }
        schedule.sort();
        schedule
    }
}

/// One planning pass: indices into `days` and `Campaign::sites`.
struct Layout<'a> {
    days: Vec<NaiveDate>,
    no_doctor: Vec<(usize, &'a Subject)>,
    sites: Vec<SitePlan<'a>>,
}

struct SitePlan<'a> {
    site: usize,
    run: Option<Run>,
    seats: Vec<Seat<'a>>,
    left: Vec<&'a Subject>,
}

/// A subject, an open day's index and a half-day.
type Seat<'a> = (&'a Subject, usize, HalfDay);

fn unplace(subject: &Subject, site: &str, reason: UnplacedReason) -> Unplaced {
    Unplaced {
        id: subject.id.clone(),
        category: subject.category,
        site: Some(site.to_string()),
        reason,
    }
}

/// Which categories' doctors are in the field on each open day of the window.
/// Categories with the same days share a pattern.
struct Doctors {
    patterns: Vec<Vec<bool>>,
    pattern_of: [usize; Category::ALL.len()],
}

impl Doctors {
    fn new(campaign: &Campaign, days: &[NaiveDate]) -> Doctors {
        let mut patterns: Vec<Vec<bool>> = Vec::new();
        let mut pattern_of = [0; Category::ALL.len()];
        for (slot, category) in pattern_of.iter_mut().zip(Category::ALL) {
            let pattern: Vec<bool> = days
                .iter()
                .map(|day| doctors_in_field(campaign, category, *day))
                .collect();
            *slot = patterns
                .iter()
                .position(|p| *p == pattern)
                .unwrap_or_else(|| {
                    patterns.push(pattern);
                    patterns.len() - 1
                });
        }
        Doctors {
            patterns,
            pattern_of,
        }
    }

    fn pattern(&self, category: Category) -> usize {
        self.pattern_of[usize::from(category.digit()) - 1]
    }

    fn sees(&self, pattern: usize, day: usize) -> bool {
        self.patterns[pattern][day]
    }

    fn any_day(&self, category: Category) -> bool {
        self.patterns[self.pattern(category)].contains(&true)
    }

    fn days(&self) -> usize {
        self.patterns.first().map_or(0, Vec::len)
    }
}

/// One site's subjects waiting for a vehicle.
struct SiteWork<'a> {
    site: usize,
    half_capacity: u32,
    queue: Vec<&'a Subject>,
    /// Subjects per doctor pattern.
    by_pattern: Vec<u32>,
}

impl<'a> SiteWork<'a> {
    fn new(
        site: usize,
        half_capacity: u32,
        queue: Vec<&'a Subject>,
        doctors: &Doctors,
    ) -> SiteWork<'a> {
        let mut by_pattern = vec![0; doctors.patterns.len()];
        for subject in &queue {
            by_pattern[doctors.pattern(subject.category)] += 1;
        }
        SiteWork {
            site,
            half_capacity,
            queue,
            by_pattern,
        }
    }

    fn day_capacity(&self) -> u32 {
        self.half_capacity.saturating_mul(2)
    }

    fn ideal_days(&self) -> usize {
        (self.queue.len() as u32).div_ceil(self.day_capacity()) as usize
    }

    /// Consecutive open days from `start` needed to see everyone, each pattern on its
    /// doctors' days; `Err` with the days left when the window ends first.
    fn run_from(&self, start: usize, doctors: &Doctors) -> Result<usize, usize> {
        let capacity = self.day_capacity();
        let mut open = vec![0u32; self.by_pattern.len()];
        let total = self.queue.len() as u32;
        for (taken, day) in (start..doctors.days()).enumerate() {
            for (pattern, room) in open.iter_mut().enumerate() {
                if doctors.sees(pattern, day) {
                    *room = room.saturating_add(capacity);
                }
            }
            let enough = open.iter().zip(&self.by_pattern).all(|(room, n)| room >= n);
            if enough && capacity.saturating_mul(taken as u32 + 1) >= total {
                return Ok(taken + 1);
            }
        }
        Err(doctors.days().saturating_sub(start))
    }
}

/// A vehicle's stay at one site: indices into the open days.
struct Run {
    work: usize,
    vehicle: u32,
    days: Range<usize>,
}

/// Day by day, each free vehicle takes the pending site whose run from that day fits
/// the window with the least idle capacity, larger sites first; when none fits, the
/// largest takes what days remain.
fn assign_runs(works: &[SiteWork], doctors: &Doctors, vehicles: u32) -> Vec<Run> {
    let mut pending: Vec<usize> = (0..works.len())
        .filter(|&w| works[w].half_capacity > 0)
        .collect();
    pending.sort_by_key(|&w| (std::cmp::Reverse(works[w].ideal_days()), w));
    let mut free_from = vec![0; vehicles as usize];
    let mut runs = Vec::new();
    for day in 0..doctors.days() {
        for (vehicle, free) in (1..).zip(free_from.iter_mut()) {
            if *free > day || pending.is_empty() {
                continue;
            }
            let (position, length) = choose(&pending, works, day, doctors);
            let work = pending.remove(position);
            *free = day + length;
            runs.push(Run {
                work,
                vehicle,
                days: day..day + length,
            });
        }
    }
    runs
}

fn choose(pending: &[usize], works: &[SiteWork], day: usize, doctors: &Doctors) -> (usize, usize) {
    let fitting = pending
        .iter()
        .enumerate()
        .filter_map(|(position, &w)| {
            let length = works[w].run_from(day, doctors).ok()?;
            Some((length - works[w].ideal_days(), position, length))
        })
        .min();
    match fitting {
        Some((_, position, length)) => (position, length),
        None => {
            let length = works[pending[0]]
                .run_from(day, doctors)
                .unwrap_or_else(|left| left);
            (0, length)
        }
    }
}

/// Seats a site's queue in the half-days of its run, in queue order so a village
/// comes together. A half-day only seats the subjects its doctors can see; it keeps
/// room for those who would not fit in the later half-days their doctors attend.
fn fill<'a>(
    work: &SiteWork<'a>,
    run: Range<usize>,
    doctors: &Doctors,
) -> (Vec<Seat<'a>>, Vec<&'a Subject>) {
    let capacity = work.half_capacity;
    let halves: Vec<(usize, HalfDay)> =
        run.flat_map(|day| HALVES.map(|half| (day, half))).collect();
    let patterns = doctors.patterns.len();
    // room_after[h][p]: seats for pattern p in the half-days after the h-th.
    let mut room_after = Vec::with_capacity(halves.len());
    let mut room = vec![0u32; patterns];
    for &(day, _) in halves.iter().rev() {
        room_after.push(room.clone());
        for (p, seats) in room.iter_mut().enumerate() {
            if doctors.sees(p, day) {
                *seats = seats.saturating_add(capacity);
            }
        }
    }
    room_after.reverse();

    let mut waiting = work.by_pattern.clone();
    let mut queue: Vec<Option<&'a Subject>> = work.queue.iter().copied().map(Some).collect();
    let mut head = 0;
    let mut seats = Vec::new();
    for (h, &(day, half)) in halves.iter().enumerate() {
        let mut must: Vec<u32> = (0..patterns)
            .map(|p| match doctors.sees(p, day) {
                true => waiting[p].saturating_sub(room_after[h][p]),
                false => 0,
            })
            .collect();
        let mut free = capacity.saturating_sub(must.iter().sum());
        let mut taken = 0;
        while queue.get(head).is_some_and(Option::is_none) {
            head += 1;
        }
        for entry in &mut queue[head..] {
            let Some(subject) = *entry else { continue };
            if taken == capacity {
                break;
            }
            let p = doctors.pattern(subject.category);
            if !doctors.sees(p, day) {
                continue;
            }
            if must[p] > 0 {
                must[p] -= 1;
            } else if free > 0 {
                free -= 1;
            } else {
                continue;
            }
            taken += 1;
            waiting[p] -= 1;
            *entry = None;
            seats.push((subject, day, half));
        }
    }
    (seats, queue.into_iter().flatten().collect())
}

// ---------------------------------------------------------------------------------
// Shifting a day

/// A day's holders moved to later room, still borrowing the schedule they came from.
struct Reseated<'a> {
    book: Book<'a>,
    moved: Vec<Moved>,
    unplaced: Vec<Unplaced>,
}

impl Reseated<'_> {
    fn fits(&self) -> bool {
        self.unplaced.iter().all(|u| !u.reason.is_fixable())
    }

    fn into_schedule(self) -> (Schedule, Vec<Moved>) {
        let mut schedule = self.book.into_schedule();
        schedule.unplaced = self.unplaced;
        (schedule, self.moved)
    }
}

/// Moves the holders of `day` (if any) to later room, then seats the schedule's
/// unplaced holders in what is left (after `day`, or anywhere in the window).
fn reseat<'a>(
    schedule: &'a Schedule,
    day: Option<NaiveDate>,
    campaign: &Campaign,
    params: &ScheduleParams,
) -> Reseated<'a> {
    let (on_day, kept): (Vec<&Slot>, Vec<&Slot>) = schedule
        .slots
        .iter()
        .partition(|slot| Some(slot.date) == day);
    let later: Vec<NaiveDate> = params
        .working_days(campaign)
        .into_iter()
        .filter(|date| day.is_none_or(|day| *date > day))
        .collect();
    let doctor_days: Vec<Vec<NaiveDate>> = Category::ALL
        .iter()
        .map(|&category| {
            later
                .iter()
                .copied()
                .filter(|date| doctors_in_field(campaign, category, *date))
                .collect()
        })
        .collect();
    let mut reseated = Reseated {
        book: Book::new(kept, schedule.visits.iter().filter(|v| Some(v.date) != day)),
        moved: Vec::new(),
        unplaced: Vec::new(),
    };
    let seat = |book: &mut Book<'a>, id: &str, site: &'a str, category: Category| {
        let days = &doctor_days[usize::from(category.digit()) - 1];
        if days.is_empty() {
            return Err(UnplacedReason::NoDoctorDay);
        }
        book.seat(id, site, category, days, params)
            .ok_or(UnplacedReason::WindowFull)
    };

    for slot in on_day {
        let to = seat(&mut reseated.book, &slot.id, &slot.site, slot.category);
        if let Err(reason) = &to {
            reseated.unplaced.push(Unplaced {
                id: slot.id.clone(),
                category: slot.category,
                site: Some(slot.site.clone()),
                reason: reason.clone(),
            });
        }
        reseated.moved.push(Moved {
            id: slot.id.clone(),
            from: Some(slot.clone()),
            to: to.ok(),
        });
    }
    for waiting in &schedule.unplaced {
        let seated = match (waiting.site.as_deref(), waiting.reason.is_fixable()) {
            (Some(site), true) => {
                seat(&mut reseated.book, &waiting.id, site, waiting.category).ok()
            }
            _ => None,
        };
        match seated {
            Some(to) => reseated.moved.push(Moved {
                id: waiting.id.clone(),
                from: None,
                to: Some(to),
            }),
            None => reseated.unplaced.push(waiting.clone()),
        }
    }
    reseated
}

/// Slots and site days being edited, with the load of each half-day.
struct Book<'a> {
    kept: Vec<&'a Slot>,
    seated: Vec<Slot>,
    visits: BTreeMap<NaiveDate, Vec<(u32, &'a str)>>,
    /// Only looked up, never iterated.
    load: HashMap<(&'a str, NaiveDate, u8), u32>,
}

impl<'a> Book<'a> {
    fn new(kept: Vec<&'a Slot>, visits: impl Iterator<Item = &'a SiteDay>) -> Book<'a> {
        let mut book = Book {
            kept,
            seated: Vec::new(),
            visits: BTreeMap::new(),
            load: HashMap::new(),
        };
        for visit in visits {
            book.visits
                .entry(visit.date)
                .or_default()
                .push((visit.vehicle, &visit.site));
        }
        for slot in &book.kept {
            *book
                .load
                .entry((&slot.site, slot.date, half_index(slot.half_day)))
                .or_default() += 1;
        }
        book
    }

    /// The first half-day on `days` with room at `site`, opening a site day when a
    /// vehicle is free.
    fn seat(
        &mut self,
        id: &str,
        site: &'a str,
        category: Category,
        days: &[NaiveDate],
        params: &ScheduleParams,
    ) -> Option<Slot> {
        let capacity = params.capacity(site);
        for &date in days {
            let visited = self
                .visits
                .get(&date)
                .is_some_and(|v| v.iter().any(|(_, s)| *s == site));
            let vehicle = match visited {
                true => None,
                false => match self.free_vehicle(date, params.vehicles) {
                    Some(vehicle) => Some(vehicle),
                    None => continue,
                },
            };
            for half in HALVES {
                let load = self.load.entry((site, date, half_index(half))).or_default();
                if *load >= capacity {
                    continue;
                }
                *load += 1;
                if let Some(vehicle) = vehicle {
                    self.visits.entry(date).or_default().push((vehicle, site));
                }
                let slot = Slot {
                    id: id.to_string(),
                    site: site.to_string(),
                    date,
                    half_day: half,
                    category,
                };
                self.seated.push(slot.clone());
                return Some(slot);
            }
        }
        None
    }

    fn free_vehicle(&self, date: NaiveDate, vehicles: u32) -> Option<u32> {
        let busy = self.visits.get(&date).map_or(&[][..], Vec::as_slice);
        if busy.len() >= vehicles as usize {
            return None;
        }
        (1..=vehicles).find(|v| busy.iter().all(|(busy, _)| busy != v))
    }

    fn into_schedule(self) -> Schedule {
        let visits = self
            .visits
            .into_iter()
            .flat_map(|(date, day)| {
                day.into_iter().map(move |(vehicle, site)| SiteDay {
                    date,
                    vehicle,
                    site: site.to_string(),
                })
            })
            .collect();
        let mut slots: Vec<Slot> = self.kept.into_iter().cloned().collect();
        slots.extend(self.seated);
        let mut schedule = Schedule {
            slots,
            visits,
            ..Schedule::default()
        };
        schedule.sort();
        schedule
    }
}

// ---------------------------------------------------------------------------------
// Checking

fn check_twice(schedule: &Schedule, violations: &mut Vec<Violation>) {
    let mut times: BTreeMap<&str, usize> = BTreeMap::new();
    for slot in &schedule.slots {
        *times.entry(&slot.id).or_default() += 1;
    }
    violations.extend(
        times
            .into_iter()
            .filter(|&(_, times)| times > 1)
            .map(|(id, times)| Violation::ScheduledTwice {
                id: id.to_string(),
                times,
            }),
    );
}

fn check_days(
    schedule: &Schedule,
    campaign: &Campaign,
    params: &ScheduleParams,
    violations: &mut Vec<Violation>,
) {
    let dates: BTreeSet<NaiveDate> = schedule
        .slots
        .iter()
        .map(|s| s.date)
        .chain(schedule.visits.iter().map(|v| v.date))
        .collect();
    for date in dates {
        if !is_working_day(campaign, date) {
            violations.push(Violation::NotWorkingDay { date });
        }
        if params.blocked_days.contains(&date) {
            violations.push(Violation::BlockedDay { date });
        }
        if !(params.first_day..=params.last_day).contains(&date) {
            violations.push(Violation::OutsideWindow { date });
        }
    }
}

fn check_vehicles(schedule: &Schedule, params: &ScheduleParams, violations: &mut Vec<Violation>) {
    let mut by_date: BTreeMap<NaiveDate, Vec<&SiteDay>> = BTreeMap::new();
    for visit in &schedule.visits {
        by_date.entry(visit.date).or_default().push(visit);
    }
    for (date, visits) in by_date {
        let mut sites: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
        let mut vehicles: BTreeMap<u32, usize> = BTreeMap::new();
        for visit in &visits {
            sites.entry(&visit.site).or_default().push(visit.vehicle);
            *vehicles.entry(visit.vehicle).or_default() += 1;
        }
        for (site, vehicles) in sites.into_iter().filter(|(_, v)| v.len() > 1) {
            violations.push(Violation::SiteSharedByVehicles {
                site: site.to_string(),
                date,
                vehicles,
            });
        }
        for (&vehicle, &sites) in &vehicles {
            if sites > 1 {
                violations.push(Violation::VehicleAtTwoSites { vehicle, date });
            }
            if !(1..=params.vehicles).contains(&vehicle) {
                violations.push(Violation::UnknownVehicle { vehicle, date });
            }
        }
        let used = vehicles.len() as u32;
        if used > params.vehicles {
            violations.push(Violation::TooManyVehicles {
                date,
                used,
                available: params.vehicles,
            });
        }
    }
}

fn check_slots(
    schedule: &Schedule,
    campaign: &Campaign,
    params: &ScheduleParams,
    violations: &mut Vec<Violation>,
) {
    let visited: BTreeSet<(&str, NaiveDate)> = schedule
        .visits
        .iter()
        .map(|v| (v.site.as_str(), v.date))
        .collect();
    let mut load: BTreeMap<(&str, NaiveDate, u8), (HalfDay, u32)> = BTreeMap::new();
    for slot in &schedule.slots {
        load.entry((&slot.site, slot.date, half_index(slot.half_day)))
            .or_insert((slot.half_day, 0))
            .1 += 1;
        if !visited.contains(&(slot.site.as_str(), slot.date)) {
            violations.push(Violation::NoVehicleAtSite {
                id: slot.id.clone(),
                site: slot.site.clone(),
                date: slot.date,
            });
        }
        if !doctors_in_field(campaign, slot.category, slot.date) {
            violations.push(Violation::DoctorAbsent {
                id: slot.id.clone(),
                date: slot.date,
                category: slot.category,
            });
        }
    }
    for ((site, date, _), (half_day, scheduled)) in load {
        let capacity = params.capacity(site);
        if scheduled > capacity {
            violations.push(Violation::OverCapacity {
                site: site.to_string(),
                date,
                half_day,
                scheduled,
                capacity,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use chrono::{Datelike, Weekday};

    use super::*;
    use crate::demo::generate::generate;
    use crate::domain::case::Basis;
    use crate::domain::holder::Column;

    fn campaign() -> &'static Campaign {
        Campaign::builtin()
    }

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, m, day).unwrap()
    }

    fn defaults() -> ScheduleParams {
        ScheduleParams::from_campaign(campaign())
    }

    /// The demo county's visual-basis holders who can travel.
    static COUNTY: LazyLock<Vec<Subject>> = LazyLock::new(|| {
        let c = campaign();
        generate(1, c)
            .rows
            .iter()
            .filter(|row| Basis::parse(row.get(Column::Basis)) == Some(Basis::Visual))
            .filter(|row| row.get(Column::MobilityImpaired) != "是")
            .map(|row| Subject {
                id: row.get(Column::IdNumber).to_string(),
                township: c
                    .find_township(row.get(Column::Township))
                    .unwrap()
                    .code
                    .clone(),
                village: row.get(Column::Village).to_string(),
                category: Category::parse(row.get(Column::Category)).unwrap(),
            })
            .collect()
    });

    /// The plan for the demo county at the default parameters, computed once.
    static COUNTY_PLAN: LazyLock<Schedule> =
        LazyLock::new(|| plan(&COUNTY, campaign(), &defaults()));

    /// The county planned with the capacity its shortfall asks for, so everyone fits.
    static COUNTY_FITTED: LazyLock<(ScheduleParams, Schedule)> = LazyLock::new(|| {
        let shortfall = COUNTY_PLAN
            .shortfall
            .as_ref()
            .expect("the default capacity is short");
        let capacity = shortfall.capacity_needed_per_half_day.unwrap();
        let params = defaults().with_capacity_at_least(capacity);
        let schedule = plan(&COUNTY, campaign(), &params);
        (params, schedule)
    });

    /// `n` synthetic subjects per township, spread over villages and categories.
    fn synthetic(per_township: usize) -> Vec<Subject> {
        campaign()
            .townships
            .iter()
            .flat_map(|t| {
                (0..per_township).map(move |i| Subject {
                    id: format!("{}{i:06}", &t.code[..9]),
                    township: t.code.clone(),
                    village: format!("村{}", i % 7),
                    category: Category::ALL[i % 7],
                })
            })
            .collect()
    }

    fn is_psychiatric(category: Category) -> bool {
        matches!(category, Category::Intellectual | Category::Mental)
    }

    /// Every subject is either scheduled once or unplaced once.
    fn accounted_once(subjects: &[Subject], schedule: &Schedule) {
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        let ids = schedule.slots.iter().map(|s| s.id.as_str());
        for id in ids.chain(schedule.unplaced.iter().map(|u| u.id.as_str())) {
            *seen.entry(id).or_default() += 1;
        }
        assert_eq!(seen.len(), subjects.len());
        assert!(seen.values().all(|&n| n == 1));
        assert!(subjects.iter().all(|s| seen.contains_key(s.id.as_str())));
    }

    fn load(schedule: &Schedule) -> BTreeMap<(&str, NaiveDate, u8), u32> {
        let mut load = BTreeMap::new();
        for slot in &schedule.slots {
            *load
                .entry((slot.site.as_str(), slot.date, half_index(slot.half_day)))
                .or_default() += 1;
        }
        load
    }

    #[test]
    fn defaults_come_from_the_campaign() {
        let p = defaults();
        assert_eq!((p.first_day, p.last_day), (d(3, 28), d(5, 10)));
        assert_eq!(p.capacity_per_half_day, 60);
        assert!(p.per_site_capacity.is_empty());
        assert_eq!(p.vehicles, 2);
        assert_eq!(p.working_days(campaign()).len(), 30);
    }

    #[test]
    fn county_plan_breaks_no_rule() {
        let schedule = &*COUNTY_PLAN;
        let params = defaults();
        assert_eq!(check(schedule, campaign(), &params), []);
        accounted_once(&COUNTY, schedule);
        for ((site, _, _), n) in load(schedule) {
            assert!(n <= params.capacity(site));
        }
        for slot in &schedule.slots {
            assert!(campaign().calendar().is_working_day(slot.date).unwrap());
            if is_psychiatric(slot.category) {
                assert!(matches!(slot.date.weekday(), Weekday::Tue | Weekday::Thu));
            }
        }
    }

    #[test]
    fn county_shortfall_applied_makes_everyone_fit() {
        let schedule = &*COUNTY_PLAN;
        let params = defaults();
        let Some(shortfall) = &schedule.shortfall else {
            assert!(schedule.unplaced.is_empty());
            return;
        };
        assert_eq!(shortfall.unplaced, schedule.unplaced.len());
        let fits = |p: &ScheduleParams| plan(&COUNTY, campaign(), p).unplaced.is_empty();

        let capacity = shortfall.capacity_needed_per_half_day.unwrap();
        assert!(fits(&params.with_capacity_at_least(capacity)));
        assert!(!fits(&params.with_capacity_at_least(capacity - 1)));

        let extra = shortfall.extra_working_days_needed.unwrap();
        let last_day = shortfall.last_day_needed.unwrap();
        let longer = ScheduleParams {
            last_day,
            ..params.clone()
        };
        assert_eq!(longer.working_days(campaign()).len(), 30 + extra as usize);
        assert!(fits(&longer));
    }

    #[test]
    fn plan_fits_when_there_is_room() {
        let subjects = synthetic(200);
        let schedule = plan(&subjects, campaign(), &defaults());
        assert_eq!(schedule.unplaced, []);
        assert_eq!(schedule.shortfall, None);
        assert_eq!(check(&schedule, campaign(), &defaults()), []);
        accounted_once(&subjects, &schedule);
    }

    #[test]
    fn holidays_and_weekends_skipped_make_up_days_used() {
        let params = ScheduleParams {
            last_day: d(5, 13),
            ..defaults()
        };
        let schedule = plan(&synthetic(800), campaign(), &params);
        let days: BTreeSet<NaiveDate> = schedule.visits.iter().map(|v| v.date).collect();
        for make_up in [d(4, 2), d(4, 24), d(5, 7)] {
            assert!(days.contains(&make_up), "{make_up}");
        }
        let qingming = d(4, 3)..=d(4, 5);
        let labour_day = d(4, 30)..=d(5, 4);
        for day in schedule.slots.iter().map(|s| s.date).chain(days) {
            assert!(
                !qingming.contains(&day) && !labour_day.contains(&day),
                "{day}"
            );
            let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
            assert!(
                !weekend || [d(4, 2), d(4, 24), d(5, 7)].contains(&day),
                "{day}"
            );
        }
        assert_eq!(check(&schedule, campaign(), &params), []);
    }

    #[test]
    fn vehicles_keep_to_their_own_sites() {
        let schedule = &*COUNTY_PLAN;
        let mut per_day: BTreeMap<NaiveDate, Vec<&str>> = BTreeMap::new();
        for visit in &schedule.visits {
            per_day.entry(visit.date).or_default().push(&visit.site);
        }
        for sites in per_day.values() {
            assert!(sites.len() <= 2);
            assert_eq!(sites.iter().collect::<BTreeSet<_>>().len(), sites.len());
        }
    }

    #[test]
    fn psychiatric_subjects_only_on_doctor_days_at_every_site() {
        let subjects = synthetic(150);
        let schedule = plan(&subjects, campaign(), &defaults());
        assert_eq!(schedule.unplaced, []);
        let mut sites_with_psych = BTreeSet::new();
        for slot in schedule.slots.iter().filter(|s| is_psychiatric(s.category)) {
            assert!(matches!(slot.date.weekday(), Weekday::Tue | Weekday::Thu));
            sites_with_psych.insert(slot.site.as_str());
        }
        assert_eq!(sites_with_psych.len(), campaign().sites.len());
    }

    #[test]
    fn a_site_calls_its_villages_in_turn() {
        let subjects = synthetic(100);
        let village: BTreeMap<&str, &str> = subjects
            .iter()
            .map(|s| (s.id.as_str(), s.village.as_str()))
            .collect();
        let schedule = plan(&subjects, campaign(), &defaults());
        // Psychiatric subjects wait for their doctors' day; everyone else keeps order.
        let order: Vec<&str> = schedule
            .slots
            .iter()
            .filter(|s| s.site == "datong-hc" && !is_psychiatric(s.category))
            .map(|s| village[s.id.as_str()])
            .collect();
        assert!(order.len() > 50);
        assert!(order.is_sorted());
    }

    #[test]
    fn unplaced_say_why() {
        let mut subjects = synthetic(7);
        subjects.push(Subject {
            id: "530323999000000001".into(),
            township: "530323999000".into(),
            village: "某村".into(),
            category: Category::Physical,
        });
        // A single Wednesday: no psychiatric doctors, one day for two vehicles.
        let params = ScheduleParams {
            first_day: d(3, 30),
            last_day: d(3, 30),
            ..defaults()
        };
        let schedule = plan(&subjects, campaign(), &params);
        accounted_once(&subjects, &schedule);
        let reason = |id: &str| {
            schedule
                .unplaced
                .iter()
                .find(|u| u.id == id)
                .map(|u| u.reason.clone())
        };
        assert_eq!(
            reason("530323999000000001"),
            Some(UnplacedReason::NoSite {
                township: "530323999000".into()
            })
        );
        let psych = subjects
            .iter()
            .find(|s| is_psychiatric(s.category))
            .unwrap();
        assert_eq!(reason(&psych.id), Some(UnplacedReason::NoDoctorDay));
        assert!(
            schedule
                .unplaced
                .iter()
                .any(|u| u.reason == UnplacedReason::WindowFull)
        );
        let shortfall = schedule.shortfall.unwrap();
        assert_eq!(shortfall.unplaced, schedule.unplaced.len() - 1);
        assert_eq!(shortfall.capacity_needed_per_half_day, None);
        let longer = ScheduleParams {
            last_day: shortfall.last_day_needed.unwrap(),
            ..params
        };
        let all = plan(&subjects, campaign(), &longer);
        assert_eq!(all.unplaced.len(), 1, "only the holder without a site");
    }

    #[test]
    fn blocked_days_and_overrides_are_respected() {
        let mut params = defaults();
        params.blocked_days.insert(d(3, 29));
        params.per_site_capacity.insert("datong-hc".into(), 7);
        let schedule = plan(&synthetic(60), campaign(), &params);
        assert!(schedule.slots.iter().all(|s| s.date != d(3, 29)));
        assert!(
            load(&schedule)
                .iter()
                .all(|((site, _, _), n)| *site != "datong-hc" || *n <= 7)
        );
        assert_eq!(check(&schedule, campaign(), &params), []);
    }

    #[test]
    fn same_input_same_output() {
        let subjects = synthetic(120);
        let mut reversed = subjects.clone();
        reversed.reverse();
        let once = plan(&subjects, campaign(), &defaults());
        assert_eq!(once, plan(&subjects, campaign(), &defaults()));
        assert_eq!(once, plan(&reversed, campaign(), &defaults()));
    }

    #[test]
    fn a_holder_listed_twice_is_scheduled_once() {
        let mut subjects = synthetic(3);
        subjects.push(subjects[0].clone());
        let schedule = plan(&subjects, campaign(), &defaults());
        assert_eq!(
            schedule
                .slots
                .iter()
                .filter(|s| s.id == subjects[0].id)
                .count(),
            1
        );
    }

    #[test]
    fn new_subjects_fill_the_room_left_without_moving_anyone_booked() {
        let params = defaults();
        let first = synthetic(40);
        let booked = plan(&first, campaign(), &params);
        assert_eq!(booked.unplaced, []);
        let mut later = synthetic(60);
        later.retain(|s| !first.iter().any(|f| f.id == s.id));
        for s in &mut later {
            s.id = format!("{}9", s.id);
        }
        let (filled, moved) = fill_in(&booked, &later, campaign(), &params);
        assert_eq!(check(&filled, campaign(), &params), []);
        assert!(booked.slots.iter().all(|s| filled.slots.contains(s)));
        let mut everyone = first.clone();
        everyone.extend(later.iter().cloned());
        accounted_once(&everyone, &filled);
        assert_eq!(moved.len(), later.len());
        assert!(moved.iter().all(|m| m.from.is_none() && m.to.is_some()));
        assert_eq!(filled.shortfall, None);
    }

    #[test]
    fn filling_in_a_full_window_says_what_would_fit() {
        let (params, booked) = &*COUNTY_FITTED;
        let extra: Vec<Subject> = synthetic(30)
            .into_iter()
            .map(|s| Subject {
                id: format!("X{}", s.id),
                ..s
            })
            .collect();
        let (filled, moved) = fill_in(booked, &extra, campaign(), params);
        assert!(booked.slots.iter().all(|s| filled.slots.contains(s)));
        assert_eq!(check(&filled, campaign(), params), []);
        let shortfall = filled.shortfall.as_ref().expect("the county is full");
        assert!(moved.iter().all(|m| m.from.is_none() && m.to.is_some()));
        let unseated = extra.len() - moved.len();
        assert_eq!(shortfall.unplaced, unseated);
        assert_eq!(filled.unplaced.len(), unseated);
        assert!(shortfall.unplaced > 0);
        let days = shortfall
            .extra_working_days_needed
            .expect("more days fit them");
        let wider = ScheduleParams {
            last_day: shortfall.last_day_needed.unwrap(),
            ..params.clone()
        };
        let (refilled, _) = fill_in(booked, &extra, campaign(), &wider);
        assert!(days > 0);
        assert_eq!(refilled.unplaced, []);
    }

    #[test]
    fn covering_parameters_hold_a_plan_made_with_more_capacity() {
        let (fitted, schedule) = &*COUNTY_FITTED;
        let covering = defaults().covering(schedule);
        assert_eq!(check(schedule, campaign(), &covering), []);
        assert!(!check(schedule, campaign(), &defaults()).is_empty());
        for site in &campaign().sites {
            assert!(covering.capacity(&site.id) <= fitted.capacity(&site.id));
        }
    }

    #[test]
    fn shifting_a_day_keeps_everyone_scheduled() {
        let subjects = synthetic(150);
        let params = defaults();
        let before = plan(&subjects, campaign(), &params);
        let day = d(3, 29);
        let on_day: BTreeSet<&str> = before
            .slots
            .iter()
            .filter(|s| s.date == day)
            .map(|s| s.id.as_str())
            .collect();
        assert!(!on_day.is_empty());

        let (after, moved) = shift_day(&before, day, campaign(), &params);
        let mut blocked = params.clone();
        blocked.blocked_days.insert(day);
        assert_eq!(check(&after, campaign(), &blocked), []);
        accounted_once(&subjects, &after);
        assert!(after.slots.iter().all(|s| s.date != day));
        assert_eq!(after.unplaced, []);
        let moved_ids: BTreeSet<&str> = moved.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(moved_ids, on_day);
        for m in &moved {
            let (from, to) = (m.from.as_ref().unwrap(), m.to.as_ref().unwrap());
            assert_eq!(from.site, to.site);
            assert!(to.date > day);
        }
        let unchanged = before.slots.iter().filter(|s| s.date != day);
        assert!(unchanged.into_iter().all(|s| after.slots.contains(s)));
    }

    #[test]
    fn shifting_a_day_without_room_reports_a_shortfall() {
        let (params, schedule) = &*COUNTY_FITTED;
        assert_eq!(schedule.unplaced, []);
        let day = d(3, 29);
        let (after, moved) = shift_day(schedule, day, campaign(), params);
        let on_day = schedule.slots.iter().filter(|s| s.date == day).count();
        assert_eq!(moved.len(), on_day);
        assert!(after.slots.iter().all(|s| s.date != day));
        accounted_once(&COUNTY, &after);
        let unseated: BTreeSet<&str> = moved
            .iter()
            .filter(|m| m.to.is_none())
            .map(|m| m.id.as_str())
            .collect();
        let unplaced: BTreeSet<&str> = after.unplaced.iter().map(|u| u.id.as_str()).collect();
        assert_eq!(unseated, unplaced);

        let shortfall = after
            .shortfall
            .as_ref()
            .expect("the county has no spare room");
        assert_eq!(shortfall.unplaced, after.unplaced.len());
        let fits = |p: &ScheduleParams| {
            let (fitted, _) = shift_day(schedule, day, campaign(), p);
            fitted.unplaced.is_empty() && fitted.shortfall.is_none()
        };
        let capacity = shortfall.capacity_needed_per_half_day.unwrap();
        assert!(fits(&params.with_capacity_at_least(capacity)));
        let last_day = shortfall.last_day_needed.unwrap();
        assert!(fits(&ScheduleParams {
            last_day,
            ..params.clone()
        }));
    }

    fn slot(id: &str, site: &str, date: NaiveDate, category: Category) -> Slot {
        Slot {
            id: id.into(),
            site: site.into(),
            date,
            half_day: HalfDay::Am,
            category,
        }
    }

    fn visit(date: NaiveDate, vehicle: u32, site: &str) -> SiteDay {
        SiteDay {
            date,
            vehicle,
            site: site.into(),
        }
    }

    #[test]
    fn checker_catches_every_violation() {
        let tue = d(3, 29);
        let wed = d(3, 30);
        let mut params = defaults();
        params.per_site_capacity.insert("datong-hc".into(), 1);
        params.blocked_days.insert(d(3, 31));
        let schedule = Schedule {
            slots: vec![
                slot("A", "datong-hc", tue, Category::Physical),
                slot("B", "datong-hc", tue, Category::Physical),
                slot("A", "county-office", tue, Category::Physical),
                slot("C", "county-office", wed, Category::Mental),
                slot("D", "zhuji-hc", wed, Category::Visual),
                slot("E", "county-office", d(4, 3), Category::Visual),
                slot("F", "county-office", d(3, 31), Category::Visual),
                slot("G", "county-office", d(5, 12), Category::Visual),
            ],
            visits: vec![
                visit(tue, 1, "datong-hc"),
                visit(tue, 2, "county-office"),
                visit(tue, 3, "xiongbi-hc"),
                visit(wed, 1, "county-office"),
                visit(wed, 2, "county-office"),
                visit(wed, 1, "caiyun-hc"),
                visit(d(4, 3), 1, "county-office"),
                visit(d(3, 31), 1, "county-office"),
                visit(d(5, 12), 1, "county-office"),
            ],
            ..Schedule::default()
        };
        let violations = check(&schedule, campaign(), &params);
        let expected = [
            Violation::ScheduledTwice {
                id: "A".into(),
                times: 2,
            },
            Violation::BlockedDay { date: d(3, 31) },
            Violation::NotWorkingDay { date: d(4, 3) },
            Violation::OutsideWindow { date: d(5, 12) },
            Violation::UnknownVehicle {
                vehicle: 3,
                date: tue,
            },
            Violation::TooManyVehicles {
                date: tue,
                used: 3,
                available: 2,
            },
            Violation::SiteSharedByVehicles {
                site: "county-office".into(),
                date: wed,
                vehicles: vec![1, 2],
            },
            Violation::VehicleAtTwoSites {
                vehicle: 1,
                date: wed,
            },
            Violation::DoctorAbsent {
                id: "C".into(),
                date: wed,
                category: Category::Mental,
            },
            Violation::NoVehicleAtSite {
                id: "D".into(),
                site: "zhuji-hc".into(),
                date: wed,
            },
            Violation::OverCapacity {
                site: "datong-hc".into(),
                date: tue,
                half_day: HalfDay::Am,
                scheduled: 2,
                capacity: 1,
            },
        ];
        for violation in &expected {
            assert!(violations.contains(violation), "missing {violation:?}");
        }
        assert_eq!(violations.len(), expected.len(), "{violations:#?}");
    }

    #[test]
    fn checker_accepts_a_clean_hand_made_schedule() {
        let tue = d(3, 29);
        let schedule = Schedule {
            slots: vec![slot("C", "county-office", tue, Category::Mental)],
            visits: vec![visit(tue, 1, "county-office"), visit(tue, 2, "datong-hc")],
            ..Schedule::default()
        };
        assert_eq!(check(&schedule, campaign(), &defaults()), []);
    }
}
