//! A deterministic synthetic county: roster rows, card batch and village map for the
//! demo, tests and benchmarks. Every person, village and number is invented; the
//! township weights and positions are loosely shaped like the county, not survey data.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};

use crate::domain::campaign::{Campaign, Targets};
use crate::domain::case::Basis;
use crate::domain::holder::{Column, RowInput};
use crate::domain::ids::{Category, Grade, check_char};

#[derive(Debug, Clone, PartialEq)]
pub struct DemoVillage {
    /// 12-digit code of the township the village belongs to.
    pub township: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Clone)]
pub struct DemoCounty {
    /// Certificate holders grouped by township, then the new applicants.
    pub rows: Vec<RowInput>,
    /// (card number, certificate number), one per certificate holder.
    pub cards: Vec<(String, String)>,
    pub villages: Vec<DemoVillage>,
}

/// The county at the campaign's own size.
pub fn generate(seed: u64, campaign: &Campaign) -> DemoCounty {
    generate_scaled(seed, campaign, campaign.targets.holders as usize)
}

/// The same distribution with `holders` certificate holders; the medical/visual split
/// and the number of new applicants scale with it.
pub fn generate_scaled(seed: u64, campaign: &Campaign, holders: usize) -> DemoCounty {
    let mut rng = Rng(seed);
    let towns = lay_out_towns(&mut rng, campaign);
    let quotas = Quotas::scaled(&campaign.targets, holders);
    let weights: Vec<u64> = towns.iter().map(|t| t.profile.weight).collect();
    let mut people = People::new(rng, campaign, holders + quotas.new);

    let mut rows = Vec::with_capacity(quotas.medical + quotas.visual + quotas.new);
    let mut certs = Vec::with_capacity(holders);
    let mut medical_left = quotas.medical;
    let mut total_left = holders;
    for (town, count) in towns.iter().zip(apportion(holders, &weights)) {
        for _ in 0..count {
            // Selection sampling: exactly `medical` of the holders, spread at random.
            let medical = people.rng.below(total_left as u64) < medical_left as u64;
            medical_left -= usize::from(medical);
            total_left -= 1;
            let basis = if medical {
                Basis::Medical
            } else {
                Basis::Visual
            };
            let (row, cert) = people.holder_row(town, basis);
            rows.push(row);
            certs.push(cert);
        }
    }
    for (town, count) in towns.iter().zip(apportion(quotas.new, &weights)) {
        for _ in 0..count {
            rows.push(people.applicant_row(town));
        }
    }

    let cards = issue_cards(&mut people.rng, campaign, certs);
    let villages = towns
        .into_iter()
        .flat_map(Town::into_demo_villages)
        .collect();
    DemoCounty {
        rows,
        cards,
        villages,
    }
}

// ---------------------------------------------------------------------------------
// Randomness

/// splitmix64: small, fast and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (multiply-high; the bias is far below anything a demo shows).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    fn between(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below(u64::from(hi - lo + 1)) as u32
    }

    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

/// A weighted table, drawn from by binary search over its running totals.
struct Table<T> {
    items: Vec<T>,
    ends: Vec<u64>,
}

impl<T> Table<T> {
    fn new(weighted: impl IntoIterator<Item = (T, u32)>) -> Table<T> {
        let mut total = 0;
        let (items, ends) = weighted
            .into_iter()
            .map(|(item, w)| {
                total += u64::from(w);
                (item, total)
            })
            .unzip();
        Table { items, ends }
    }

    fn draw(&self, rng: &mut Rng) -> &T {
        let ticket = rng.below(self.ends.last().copied().unwrap_or(0));
        &self.items[self.ends.partition_point(|&end| end <= ticket)]
    }
}

/// Splits `total` in proportion to `weights` (largest remainder, ties to the earlier).
fn apportion(total: usize, weights: &[u64]) -> Vec<usize> {
    let sum: u128 = weights.iter().map(|&w| u128::from(w)).sum::<u128>().max(1);
    let exact: Vec<u128> = weights
        .iter()
        .map(|&w| total as u128 * u128::from(w))
        .collect();
    let mut counts: Vec<usize> = exact.iter().map(|e| (e / sum) as usize).collect();
    let mut by_remainder: Vec<usize> = (0..weights.len()).collect();
    by_remainder.sort_by_key(|&i| std::cmp::Reverse(exact[i] % sum));
    let short = total - counts.iter().sum::<usize>();
    for &i in by_remainder.iter().cycle().take(short) {
        counts[i] += 1;
    }
    counts
}

struct Quotas {
    medical: usize,
    visual: usize,
    new: usize,
}

impl Quotas {
    fn scaled(targets: &Targets, holders: usize) -> Quotas {
        let scale = |part: u32| {
            let whole = u128::from(targets.holders.max(1));
            ((holders as u128 * u128::from(part) + whole / 2) / whole) as usize
        };
        let medical = scale(targets.medical).min(holders);
        Quotas {
            medical,
            visual: holders - medical,
            new: scale(targets.home_visit_new_subjects),
        }
    }
}

// ---------------------------------------------------------------------------------
// Townships and villages

const LAT_RANGE: (f64, f64) = (24.60, 25.05);
const LON_RANGE: (f64, f64) = (103.80, 104.30);
const COUNTY_CENTRE: (f64, f64) = (24.80, 104.00);

#[derive(Clone, Copy)]
struct Profile {
    /// Residents in thousands; the roster is apportioned by it.
    weight: u64,
    centre: (f64, f64),
    urban: bool,
}

/// Invented figures for the campaign's townships, summing to about 420k residents.
const PROFILES: &[(&str, Profile)] = &[
    ("丹凤街道", profile(95, 24.83, 103.99, true)),
    ("漾月街道", profile(60, 24.86, 104.03, true)),
    ("大同街道", profile(35, 24.77, 103.92, false)),
    ("雄壁镇", profile(40, 24.69, 103.86, false)),
    ("葵山镇", profile(42, 24.94, 104.06, false)),
    ("彩云镇", profile(38, 24.74, 104.10, false)),
    ("竹基镇", profile(45, 24.97, 103.89, false)),
    ("龙庆彝族壮族乡", profile(20, 24.66, 104.22, false)),
    ("五龙壮族乡", profile(28, 24.65, 104.01, false)),
    ("高良壮族苗族瑶族乡", profile(17, 24.92, 104.23, false)),
];

const fn profile(weight: u64, lat: f64, lon: f64, urban: bool) -> Profile {
    Profile {
        weight,
        centre: (lat, lon),
        urban,
    }
}

/// Surnames common among the peoples a township is named for.
const ETHNIC_SURNAMES: &[(&str, &[&str])] = &[
    ("彝族", &["普", "者", "毕", "昂", "沙", "龙"]),
    ("壮族", &["韦", "农", "覃", "岑", "陆", "黄"]),
    ("苗族", &["熊", "陶", "项", "杨", "王"]),
    ("瑶族", &["盘", "邓", "赵", "冯"]),
];

const COMMUNITY_NAMES: &[&str] = &[
    "和平", "文化", "新华", "东风", "建设", "人民", "团结", "光明", "兴隆", "振兴", "凤凰", "南门",
    "北门", "西街", "东街", "龙井", "月湖", "太平", "永安", "朝阳", "春晖", "锦绣", "翠屏", "金鼎",
    "青云", "望城", "丰泽", "育才", "迎春", "映月", "华宁", "康乐",
];
const VILLAGE_FIRST: &[&str] = &[
    "青", "大", "小", "新", "老", "上", "下", "中", "东", "西", "南", "北", "石", "水", "龙", "松",
    "竹", "白", "红", "长", "高", "沙", "马", "羊", "安", "清",
];
const VILLAGE_SECOND: &[&str] = &[
    "松", "坡", "沟", "河", "田", "坝", "寨", "营", "庄", "箐", "塘", "冲", "岭", "湾", "山", "林",
    "洞", "桥", "井", "岩", "铺", "坪", "湖", "哨",
];

struct Village {
    name: String,
    lat: f64,
    lon: f64,
    community: bool,
}

struct Town {
    code: String,
    name: String,
    profile: Profile,
    ethnic_surnames: Vec<&'static str>,
    /// Weighted by their share of the township's residents.
    villages: Table<Village>,
}

impl Town {
    fn into_demo_villages(self) -> impl Iterator<Item = DemoVillage> {
        let code = self.code;
        self.villages.items.into_iter().map(move |v| DemoVillage {
            township: code.clone(),
            name: v.name,
            lat: v.lat,
            lon: v.lon,
        })
    }
}

fn lay_out_towns(rng: &mut Rng, campaign: &Campaign) -> Vec<Town> {
    let count = campaign.townships.len();
    campaign
        .townships
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let profile = profile_for(&t.name, i, count);
            let villages = Table::new(lay_out_villages(rng, &profile));
            Town {
                code: t.code.clone(),
                name: t.name.clone(),
                ethnic_surnames: ethnic_surnames(&t.name),
                profile,
                villages,
            }
        })
        .collect()
}

/// The invented profile of a known township; for any other, an average one placed on a
/// ring around the county centre.
fn profile_for(name: &str, index: usize, count: usize) -> Profile {
    if let Some((_, p)) = PROFILES.iter().find(|(n, _)| *n == name) {
        return *p;
    }
    let angle = std::f64::consts::TAU * index as f64 / count.max(1) as f64;
    profile(
        40,
        COUNTY_CENTRE.0 + 0.15 * angle.sin(),
        COUNTY_CENTRE.1 + 0.18 * angle.cos(),
        name.ends_with("街道"),
    )
}

fn ethnic_surnames(township: &str) -> Vec<&'static str> {
    ETHNIC_SURNAMES
        .iter()
        .filter(|(people, _)| township.contains(people))
        .flat_map(|(_, names)| names.iter().copied())
        .collect()
}

/// 8–20 uniquely named villages around the township centre. Urban subdistricts have
/// only communities; elsewhere the first is the community of the township seat.
fn lay_out_villages(rng: &mut Rng, profile: &Profile) -> Vec<(Village, u32)> {
    let count = rng.between(8, 20) as usize;
    let spread = if profile.urban { 0.02 } else { 0.07 };
    let mut villages: Vec<(Village, u32)> = Vec::with_capacity(count);
    while villages.len() < count {
        let community = profile.urban || villages.is_empty();
        let name = if community {
            format!("{}社区", rng.pick(COMMUNITY_NAMES))
        } else {
            village_name(rng)
        };
        if villages.iter().any(|(v, _)| v.name == name) {
            continue;
        }
        let lat = scatter(rng, profile.centre.0, spread, LAT_RANGE);
        let lon = scatter(rng, profile.centre.1, spread, LON_RANGE);
        let weight = rng.between(2, 12);
        let village = Village {
            name,
            lat,
            lon,
            community,
        };
        villages.push((village, weight));
    }
    villages
}

fn village_name(rng: &mut Rng) -> String {
    loop {
        let (a, b) = (rng.pick(VILLAGE_FIRST), rng.pick(VILLAGE_SECOND));
        if a != b {
            return format!("{a}{b}村");
        }
    }
}

fn scatter(rng: &mut Rng, centre: f64, spread: f64, (lo, hi): (f64, f64)) -> f64 {
    let at = centre + spread * (2.0 * rng.unit() - 1.0);
    // Rounded as a map tool would store it; kept strictly inside the county.
    (at.clamp(lo + 0.001, hi - 0.001) * 1e5).round() / 1e5
}

// ---------------------------------------------------------------------------------
// People

/// Surnames by weight, roughly as in south-west China. 单, 曾 and 解 are read
/// differently as surnames (Shàn, Zēng, Xiè), which the search must handle.
const SURNAME_TIERS: &[(u32, &str)] = &[
    (70, "王李"),
    (60, "张"),
    (50, "杨"),
    (45, "刘陈"),
    (25, "黄赵"),
    (20, "吴周"),
    (18, "罗"),
    (15, "何"),
    (14, "徐马"),
    (12, "孙朱胡"),
    (10, "郭高"),
    (8, "林郑梁谢唐邓"),
    (6, "宋许韩冯曹彭曾肖田"),
    (5, "董袁潘蒋蔡余杜"),
    (4, "叶程苏魏吕丁姚卢陆石韦付段"),
    (3, "沈钟谭范金廖夏方白熊尹雷龙陶"),
    (2, "孟秦毛严单解"),
];

const MALE_GIVEN: &[&str] = &[
    "国", "建", "明", "华", "军", "文", "志", "荣", "林", "强", "平", "勇", "斌", "辉", "云", "海",
    "德", "学", "成", "光", "福", "贵", "祥", "昌", "顺", "发", "忠", "兵", "刚", "伟", "杰", "涛",
    "龙", "春", "正", "永", "金", "洪", "富", "宝", "俊", "鹏",
];
const FEMALE_GIVEN: &[&str] = &[
    "秀", "英", "兰", "芳", "丽", "珍", "梅", "琼", "艳", "红", "燕", "玲", "娟", "凤", "芬", "霞",
    "萍", "琴", "莲", "菊", "仙", "春", "美", "云", "敏", "静", "婷", "雪", "花", "翠",
];

/// Birth-year bands; disability prevalence rises with age.
const BIRTH_BANDS: &[((i32, i32), u32)] = &[
    ((1935, 1944), 14),
    ((1945, 1954), 21),
    ((1955, 1964), 22),
    ((1965, 1974), 17),
    ((1975, 1984), 11),
    ((1985, 1994), 7),
    ((1995, 2004), 4),
    ((2005, 2018), 4),
];

/// Where people who moved in were born (other divisions of Yunnan).
const OTHER_DIVISIONS: &[&str] = &["530302", "530381", "530322", "530324", "530325", "530102"];

const ADULT_CATEGORIES: &[(Category, u32)] = &[
    (Category::Physical, 45),
    (Category::Visual, 12),
    (Category::Hearing, 13),
    (Category::Speech, 2),
    (Category::Intellectual, 9),
    (Category::Mental, 10),
    (Category::Multiple, 9),
];
const CHILD_CATEGORIES: &[(Category, u32)] = &[
    (Category::Intellectual, 35),
    (Category::Physical, 30),
    (Category::Hearing, 20),
    (Category::Speech, 5),
    (Category::Multiple, 7),
    (Category::Visual, 3),
];
const GRADES: &[(u8, u32)] = &[(1, 15), (2, 25), (3, 28), (4, 32)];

struct Tables {
    surnames: Table<&'static str>,
    birth_bands: Table<(i32, i32)>,
    adult_categories: Table<Category>,
    child_categories: Table<Category>,
    grades: Table<Grade>,
}

impl Tables {
    fn new() -> Tables {
        let grade = |d| Grade::from_digit(d).expect("grades are 1–4");
        Tables {
            surnames: Table::new(
                SURNAME_TIERS
                    .iter()
                    .flat_map(|&(weight, names)| each_char(names).map(move |c| (c, weight))),
            ),
            birth_bands: Table::new(BIRTH_BANDS.iter().copied()),
            adult_categories: Table::new(ADULT_CATEGORIES.iter().copied()),
            child_categories: Table::new(CHILD_CATEGORIES.iter().copied()),
            grades: Table::new(GRADES.iter().map(|&(d, w)| (grade(d), w))),
        }
    }
}

const MOBILE_PREFIXES: &[&str] = &[
    "130", "133", "138", "139", "150", "151", "152", "157", "158", "159", "180", "182", "187",
    "188", "189", "199",
];

const CHILD_AGE: i32 = 16;
const WORKING_AGE: (i32, i32) = (18, 55);

struct Person {
    surname: &'static str,
    name: String,
    /// The 18-character ID number.
    id: String,
    age: i32,
}

/// Draws people and fills roster rows; remembers ID numbers to keep them unique.
struct People<'c> {
    rng: Rng,
    tables: Tables,
    campaign: &'c Campaign,
    census_year: i32,
    /// The first 17 digits of every ID number drawn, as a number.
    ids: HashSet<u64>,
}

impl<'c> People<'c> {
    fn new(rng: Rng, campaign: &'c Campaign, capacity: usize) -> People<'c> {
        People {
            rng,
            tables: Tables::new(),
            campaign,
            census_year: campaign.dates.census.year(),
            ids: HashSet::with_capacity(capacity),
        }
    }

    fn holder_row(&mut self, town: &Town, basis: Basis) -> (RowInput, String) {
        let person = self.person(town);
        let categories = if person.age < CHILD_AGE {
            &self.tables.child_categories
        } else {
            &self.tables.adult_categories
        };
        let category = *categories.draw(&mut self.rng);
        let grade = *self.tables.grades.draw(&mut self.rng);
        let cert = format!("{}{}{}", person.id, category.digit(), grade.digit());

        let needs_guardian = matches!(category, Category::Intellectual | Category::Mental)
            || person.age < CHILD_AGE
            || (grade.digit() == 1 && self.rng.chance(0.4))
            || self.rng.chance(0.03);
        let mobility_impaired = self.rng.chance(match grade.digit() {
            1 => 0.10,
            2 => 0.04,
            _ => 0.01,
        });
        let working_age = (WORKING_AGE.0..=WORKING_AGE.1).contains(&person.age);
        let migrant =
            !mobility_impaired && self.rng.chance(if working_age { 0.105 } else { 0.005 });

        let mut row = self.base_row(town, &person, needs_guardian);
        row.set(Column::CertNumber, cert.as_str());
        row.set(Column::Category, self.category_cell(category));
        row.set(Column::Grade, grade.name_zh());
        row.set(Column::Basis, basis.name_zh());
        row.set(Column::MobilityImpaired, yes_no(mobility_impaired));
        row.set(Column::Migrant, yes_no(migrant));
        (row, cert)
    }

    /// A new applicant (新申请) who cannot travel: no certificate, always a guardian.
    fn applicant_row(&mut self, town: &Town) -> RowInput {
        let person = self.person(town);
        let mut row = self.base_row(town, &person, true);
        row.set(Column::Basis, Basis::New.name_zh());
        row.set(Column::MobilityImpaired, yes_no(true));
        row.set(Column::Migrant, yes_no(false));
        row
    }

    fn base_row(&mut self, town: &Town, person: &Person, guardian: bool) -> RowInput {
        let village = town.villages.draw(&mut self.rng);
        let mut row = RowInput::default();
        row.set(Column::Name, person.name.as_str());
        row.set(Column::IdNumber, person.id.clone());
        row.set(Column::Township, town.name.as_str());
        row.set(Column::Village, village.name.as_str());
        row.set(Column::Address, self.address(town, village));
        if self.rng.chance(0.8) {
            row.set(Column::Phone, self.mobile());
        }
        if guardian {
            let name = self.guardian_name(town, person.surname);
            row.set(Column::Guardian, name);
            row.set(Column::GuardianPhone, self.mobile());
        }
        row
    }

    fn category_cell(&mut self, category: Category) -> String {
        let suffix = if self.rng.chance(0.25) { "残疾" } else { "" };
        format!("{}{suffix}", category.name_zh())
    }

    fn address(&mut self, town: &Town, village: &Village) -> String {
        let (last, unit) = if village.community {
            (180, "号")
        } else {
            (12, "组")
        };
        let number = self.rng.between(1, last);
        format!("{}{}{number}{unit}", town.name, village.name)
    }

    fn person(&mut self, town: &Town) -> Person {
        let male = self.rng.chance(0.55);
        let birth = self.birth_date();
        let division = if self.rng.chance(0.03) {
            self.rng.pick(OTHER_DIVISIONS)
        } else {
            self.campaign.county.code.as_str()
        };
        let (id, birth) = self.unique_id(division, birth, male);
        let surname = self.surname(town);
        Person {
            surname,
            name: format!("{surname}{}", self.given_name(male)),
            id,
            age: self.census_year - birth.year(),
        }
    }

    fn birth_date(&mut self) -> NaiveDate {
        let (first, last) = *self.tables.birth_bands.draw(&mut self.rng);
        let year = first + self.rng.below((last - first + 1) as u64) as i32;
        let days = NaiveDate::from_ymd_opt(year, 12, 31)
            .expect("a valid year")
            .ordinal();
        let ordinal = self.rng.between(1, days);
        NaiveDate::from_yo_opt(year, ordinal).expect("an ordinal within the year")
    }

    /// The ID number and the birth date it carries. The sequence's parity carries the
    /// sex; on a collision the next free sequence of the same parity is taken, then the
    /// next day.
    fn unique_id(
        &mut self,
        division: &str,
        mut birth: NaiveDate,
        male: bool,
    ) -> (String, NaiveDate) {
        let start = self.rng.between(1, 499) as u16;
        loop {
            for step in 0..499 {
                let pair = (start - 1 + step) % 499 + 1;
                let (mut id, key) = id_body(division, birth, pair * 2 + u16::from(male));
                if self.ids.insert(key) {
                    id.push(check_char(id.as_bytes()));
                    return (id, birth);
                }
            }
            birth = birth.succ_opt().expect("a date before the end of time");
        }
    }

    fn surname(&mut self, town: &Town) -> &'static str {
        if !town.ethnic_surnames.is_empty() && self.rng.chance(0.35) {
            self.rng.pick(&town.ethnic_surnames)
        } else {
            self.tables.surnames.draw(&mut self.rng)
        }
    }

    fn given_name(&mut self, male: bool) -> String {
        let chars = if male { MALE_GIVEN } else { FEMALE_GIVEN };
        let first = self.rng.pick(chars);
        if self.rng.chance(0.25) {
            return first.to_string();
        }
        format!("{first}{}", self.rng.pick(chars))
    }

    /// A relative: usually sharing the surname, otherwise a spouse or in-law.
    fn guardian_name(&mut self, town: &Town, surname: &'static str) -> String {
        let surname = if self.rng.chance(0.6) {
            surname
        } else {
            self.surname(town)
        };
        let male = self.rng.chance(0.5);
        format!("{surname}{}", self.given_name(male))
    }

    fn mobile(&mut self) -> String {
        let prefix = self.rng.pick(MOBILE_PREFIXES);
        format!("{prefix}{:08}", self.rng.below(100_000_000))
    }
}

/// The first 17 digits of an ID number, as text and as a number. Built by hand
/// rather than with `IdNumber::compose`, whose re-parse is the bulk of a debug
/// build's run time; the tests check every number with the domain's parser.
fn id_body(division: &str, birth: NaiveDate, sequence: u16) -> (String, u64) {
    let (y, m, d) = (birth.year(), birth.month(), birth.day());
    let body = format!("{division}{y:04}{m:02}{d:02}{sequence:03}");
    let key = body.parse().expect("17 digits");
    (body, key)
}

/// The characters of `s`, each as a string.
fn each_char(s: &'static str) -> impl Iterator<Item = &'static str> {
    s.char_indices().map(|(at, c)| &s[at..at + c.len_utf8()])
}

fn yes_no(b: bool) -> &'static str {
    if b { "是" } else { "否" }
}

/// Card numbers as the card centre's batch has them: the first four digits of the
/// county code, the year, and a running serial from a random start.
fn issue_cards(rng: &mut Rng, campaign: &Campaign, certs: Vec<String>) -> Vec<(String, String)> {
    let region = campaign.county.code.get(..4).unwrap_or("0000");
    let year = campaign.year.rem_euclid(100);
    let first = 1 + rng.below(1_000_000_000);
    certs
        .into_iter()
        .zip(first..)
        .map(|(cert, serial)| (format!("{region}{year:02}{serial:010}"), cert))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::holder::{Holder, validate};
    use crate::domain::ids::{CertNumber, IdNumber};
    use std::collections::BTreeMap;
    use std::sync::LazyLock;

    fn campaign() -> &'static Campaign {
        Campaign::builtin()
    }

    static COUNTY: LazyLock<DemoCounty> = LazyLock::new(|| generate(7, campaign()));
    static HOLDERS: LazyLock<Vec<Holder>> = LazyLock::new(|| holders(&COUNTY));

    fn holders(county: &DemoCounty) -> Vec<Holder> {
        county
            .rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                validate(row, campaign()).unwrap_or_else(|e| panic!("row {i}: {e:?} {row:?}"))
            })
            .collect()
    }

    fn count_basis(holders: &[Holder], basis: Basis) -> usize {
        holders.iter().filter(|h| h.basis == basis).count()
    }

    fn cells(county: &DemoCounty) -> Vec<&[Option<String>; 14]> {
        county.rows.iter().map(|r| &r.cells).collect()
    }

    #[test]
    fn counts_per_basis_equal_the_campaign_targets() {
        let t = &campaign().targets;
        assert_eq!(count_basis(&HOLDERS, Basis::Medical), t.medical as usize);
        assert_eq!(count_basis(&HOLDERS, Basis::Visual), t.visual as usize);
        assert_eq!(
            count_basis(&HOLDERS, Basis::New),
            t.home_visit_new_subjects as usize
        );
        assert_eq!(COUNTY.cards.len(), t.holders as usize);
    }

    #[test]
    fn ids_and_card_numbers_are_unique() {
        let ids: HashSet<_> = HOLDERS.iter().map(|h| h.id).collect();
        assert_eq!(ids.len(), HOLDERS.len());
        let cards: HashSet<_> = COUNTY.cards.iter().map(|(card, _)| card).collect();
        assert_eq!(cards.len(), COUNTY.cards.len());
        assert!(
            COUNTY
                .cards
                .iter()
                .all(|(card, _)| card.len() == 16 && card.bytes().all(|b| b.is_ascii_digit()))
        );
    }

    #[test]
    fn each_card_belongs_to_one_certificate_holder() {
        let certs: Vec<String> = HOLDERS
            .iter()
            .filter_map(|h| h.cert.map(|c| c.to_string()))
            .collect();
        let carded: Vec<&String> = COUNTY.cards.iter().map(|(_, cert)| cert).collect();
        assert_eq!(carded, certs.iter().collect::<Vec<_>>());
    }

    #[test]
    fn the_same_seed_gives_the_same_county() {
        let again = generate(7, campaign());
        assert_eq!(cells(&again), cells(&COUNTY));
        assert_eq!(again.cards, COUNTY.cards);
        assert_eq!(again.villages, COUNTY.villages);
    }

    #[test]
    fn another_seed_gives_another_county() {
        let other = generate(8, campaign());
        assert_ne!(cells(&other), cells(&COUNTY));
        assert_ne!(other.cards, COUNTY.cards);
    }

    #[test]
    fn category_and_grade_shares_are_realistic() {
        let certified: Vec<CertNumber> = HOLDERS.iter().filter_map(|h| h.cert).collect();
        let share = |n: usize| 100.0 * n as f64 / certified.len() as f64;
        let expected = [
            (1, 12.0),
            (2, 13.0),
            (3, 2.0),
            (4, 45.0),
            (5, 9.0),
            (6, 10.0),
            (7, 9.0),
        ];
        for (digit, target) in expected {
            let n = certified
                .iter()
                .filter(|c| c.category.digit() == digit)
                .count();
            assert!(
                (share(n) - target).abs() < 3.0,
                "category {digit}: {}",
                share(n)
            );
        }
        for (digit, target) in [(1, 15.0), (2, 25.0), (3, 28.0), (4, 32.0)] {
            let n = certified
                .iter()
                .filter(|c| c.grade.digit() == digit)
                .count();
            assert!(
                (share(n) - target).abs() < 3.0,
                "grade {digit}: {}",
                share(n)
            );
        }
    }

    #[test]
    fn contacts_migrants_and_mobility_are_plausible() {
        let certified: Vec<&Holder> = HOLDERS.iter().filter(|h| h.cert.is_some()).collect();
        let share = |pred: &dyn Fn(&Holder) -> bool| {
            100.0 * certified.iter().filter(|h| pred(h)).count() as f64 / certified.len() as f64
        };
        let phones = share(&|h| !h.phone.is_empty());
        let migrants = share(&|h| h.migrant);
        let impaired = share(&|h| h.mobility_impaired);
        let male = share(&|h| h.sex() == crate::domain::ids::Sex::Male);
        let local = share(&|h| h.id.division_code() == "530323");
        assert!((77.0..83.0).contains(&phones), "phones {phones}");
        assert!((3.0..5.0).contains(&migrants), "migrants {migrants}");
        assert!((2.0..4.0).contains(&impaired), "impaired {impaired}");
        assert!((52.0..58.0).contains(&male), "male {male}");
        assert!((94.0..99.5).contains(&local), "local {local}");
        assert!(
            HOLDERS
                .iter()
                .all(|h| h.phone.is_empty() || h.phone.len() == 11)
        );
    }

    #[test]
    fn birth_years_span_the_brief() {
        let years: Vec<i32> = HOLDERS.iter().map(|h| h.id.birth_date().year()).collect();
        assert!(years.iter().all(|y| (1935..=2018).contains(y)));
        let elderly = years.iter().filter(|&&y| y < 1962).count();
        assert!(
            elderly * 3 > years.len(),
            "more elderly than any other group"
        );
    }

    #[test]
    fn every_township_is_present_and_weighted() {
        let mut per_town: BTreeMap<&str, usize> = BTreeMap::new();
        for h in HOLDERS.iter() {
            *per_town.entry(h.township.as_str()).or_default() += 1;
        }
        assert_eq!(per_town.len(), campaign().townships.len());
        let of = |code: &str| per_town[code];
        let smallest = *per_town.values().min().unwrap();
        assert!(of("530323001000") > 2 * smallest, "丹凤街道 is the largest");
        assert!(of("530323002000") > smallest);
    }

    #[test]
    fn guardians_for_intellectual_mental_and_children() {
        let census = campaign().dates.census.year();
        for h in HOLDERS.iter() {
            let child = census - h.id.birth_date().year() < CHILD_AGE;
            let needs = child
                || matches!(
                    h.category(),
                    Some(Category::Intellectual | Category::Mental) | None
                );
            if needs {
                assert!(
                    !h.guardian.is_empty() && h.guardian_phone.len() == 11,
                    "{h:?}"
                );
            }
        }
    }

    #[test]
    fn new_applicants_cannot_travel_and_have_no_certificate() {
        let new: Vec<&Holder> = HOLDERS.iter().filter(|h| h.basis == Basis::New).collect();
        assert!(new.iter().all(|h| h.mobility_impaired && h.cert.is_none()));
        let towns: HashSet<_> = new.iter().map(|h| &h.township).collect();
        assert!(towns.len() >= campaign().townships.len() - 1, "{towns:?}");
    }

    #[test]
    fn polyphonic_surnames_occur() {
        for surname in ["单", "曾", "解"] {
            assert!(
                HOLDERS.iter().any(|h| h.name.starts_with(surname)),
                "{surname}"
            );
        }
    }

    #[test]
    fn addresses_name_the_township_and_village() {
        let name_of = |code: &str| campaign().township_by_code(code).unwrap().name.clone();
        for h in HOLDERS.iter() {
            assert!(
                h.address
                    .starts_with(&format!("{}{}", name_of(&h.township), h.village))
            );
        }
    }

    #[test]
    fn scaled_county_has_the_same_shape() {
        let small = generate_scaled(3, campaign(), 1000);
        let holders = holders(&small);
        let t = &campaign().targets;
        let medical = count_basis(&holders, Basis::Medical);
        assert_eq!(medical + count_basis(&holders, Basis::Visual), 1000);
        let rounded = (1000 * t.medical as usize + t.holders as usize / 2) / t.holders as usize;
        assert_eq!(medical, rounded);
        assert_eq!(count_basis(&holders, Basis::New), 5);
        assert_eq!(small.cards.len(), 1000);
        let towns: HashSet<_> = holders.iter().map(|h| &h.township).collect();
        assert_eq!(towns.len(), campaign().townships.len());
    }

    #[test]
    fn villages_lie_in_the_county_and_are_named_uniquely() {
        let mut names: BTreeMap<&str, HashSet<&str>> = BTreeMap::new();
        for v in &COUNTY.villages {
            assert!((LAT_RANGE.0..=LAT_RANGE.1).contains(&v.lat), "{v:?}");
            assert!((LON_RANGE.0..=LON_RANGE.1).contains(&v.lon), "{v:?}");
            assert!(
                names.entry(&v.township).or_default().insert(&v.name),
                "{v:?}"
            );
        }
        assert_eq!(names.len(), campaign().townships.len());
        for (code, villages) in &names {
            assert!((8..=20).contains(&villages.len()), "{code}");
            let urban = ["530323001000", "530323002000"].contains(code);
            let communities = villages.iter().filter(|n| n.ends_with("社区")).count();
            assert_eq!(
                communities,
                if urban { villages.len() } else { 1 },
                "{code}"
            );
        }
        let known: HashSet<(&str, &str)> = COUNTY
            .villages
            .iter()
            .map(|v| (v.township.as_str(), v.name.as_str()))
            .collect();
        assert!(
            HOLDERS
                .iter()
                .all(|h| known.contains(&(h.township.as_str(), h.village.as_str())))
        );
    }

    #[test]
    fn hand_built_ids_match_the_domain() {
        let birth = NaiveDate::from_ymd_opt(1948, 2, 29).unwrap();
        for sequence in [2, 37, 999] {
            let (mut ours, key) = id_body("530381", birth, sequence);
            assert_eq!(key.to_string(), ours);
            ours.push(check_char(ours.as_bytes()));
            let theirs = IdNumber::compose("530381", birth, sequence).unwrap();
            assert_eq!(ours, theirs.as_str());
        }
    }

    #[test]
    fn apportion_is_exact_and_proportional() {
        assert_eq!(apportion(10, &[1, 1, 1]), vec![4, 3, 3]);
        assert_eq!(apportion(55, &[95, 60, 35]), vec![28, 17, 10]);
        assert_eq!(apportion(0, &[5, 5]), vec![0, 0]);
    }
}
