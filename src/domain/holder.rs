//! A person in the roster, validated from what a clerk typed.

use super::campaign::Campaign;
use super::case::Basis;
use super::ids::{Category, CertNumber, Grade, IdNumber, Sex};
use super::text::normalize;
use crate::i18n::Text;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub id: IdNumber,
    pub name: String,
    pub basis: Basis,
    /// None for a new applicant (新申请), who has no certificate yet.
    pub cert: Option<CertNumber>,
    pub township: String,
    pub village: String,
    pub phone: String,
    pub guardian: String,
    pub guardian_phone: String,
    pub mobility_impaired: bool,
    pub migrant: bool,
    pub address: String,
}

impl Holder {
    pub fn sex(&self) -> Sex {
        self.id.sex()
    }

    pub fn category(&self) -> Option<Category> {
        self.cert.map(|c| c.category)
    }

    pub fn grade(&self) -> Option<Grade> {
        self.cert.map(|c| c.grade)
    }

    /// The editable details as (field, value) pairs, in roster column order; used to
    /// tell what a corrected roster changed.
    pub fn fields(&self) -> [(&'static str, String); 12] {
        let flag = |b: bool| if b { "是" } else { "否" }.to_string();
        [
            ("name", self.name.clone()),
            ("basis", self.basis.as_str().to_string()),
            (
                "cert_number",
                self.cert.map(|c| c.to_string()).unwrap_or_default(),
            ),
            ("township", self.township.clone()),
            ("village", self.village.clone()),
            ("phone", self.phone.clone()),
            ("guardian", self.guardian.clone()),
            ("guardian_phone", self.guardian_phone.clone()),
            ("mobility_impaired", flag(self.mobility_impaired)),
            ("migrant", flag(self.migrant)),
            ("address", self.address.clone()),
            ("id_number", self.id.to_string()),
        ]
    }
}

/// What differs between two records of the same person, field by field.
pub fn changes(old: &Holder, new: &Holder) -> Vec<super::case::FieldChange> {
    old.fields()
        .into_iter()
        .zip(new.fields())
        .filter(|(a, b)| a.1 != b.1)
        .map(|((field, old), (_, new))| super::case::FieldChange {
            field: field.to_string(),
            old,
            new,
        })
        .collect()
}

/// The details a clerk may correct on the holders screen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contact {
    pub phone: String,
    pub guardian: String,
    pub guardian_phone: String,
    pub address: String,
}

impl Contact {
    /// The holder with these details, or the first field that is not acceptable.
    pub fn apply_to(&self, h: &Holder) -> Result<Holder, CellError> {
        let phone = |column: Column, raw: &str| {
            let p = super::text::normalize_code(raw);
            let ok = p.is_empty()
                || ((7..=15).contains(&p.len())
                    && p.chars()
                        .all(|c| c.is_ascii_digit() || c == '-' || c == '+'));
            if ok {
                Ok(p)
            } else {
                Err(CellError {
                    column,
                    text: Text::PhoneInvalid { value: p },
                })
            }
        };
        Ok(Holder {
            phone: phone(Column::Phone, &self.phone)?,
            guardian: normalize(&self.guardian),
            guardian_phone: phone(Column::GuardianPhone, &self.guardian_phone)?,
            address: normalize(&self.address),
            ..h.clone()
        })
    }
}

/// The roster's columns, in the order clerks usually lay them out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Name,
    IdNumber,
    CertNumber,
    Category,
    Grade,
    Basis,
    Township,
    Village,
    Phone,
    Guardian,
    GuardianPhone,
    MobilityImpaired,
    Migrant,
    Address,
}

impl Column {
    pub const ALL: [Column; 14] = [
        Column::Name,
        Column::IdNumber,
        Column::CertNumber,
        Column::Category,
        Column::Grade,
        Column::Basis,
        Column::Township,
        Column::Village,
        Column::Phone,
        Column::Guardian,
        Column::GuardianPhone,
        Column::MobilityImpaired,
        Column::Migrant,
        Column::Address,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Column::Name => "name",
            Column::IdNumber => "id_number",
            Column::CertNumber => "cert_number",
            Column::Category => "category",
            Column::Grade => "grade",
            Column::Basis => "basis",
            Column::Township => "township",
            Column::Village => "village",
            Column::Phone => "phone",
            Column::Guardian => "guardian",
            Column::GuardianPhone => "guardian_phone",
            Column::MobilityImpaired => "mobility_impaired",
            Column::Migrant => "migrant",
            Column::Address => "address",
        }
    }

    /// The header a county roster uses for this column.
    pub fn header_zh(self) -> &'static str {
        match self {
            Column::Name => "姓名",
            Column::IdNumber => "身份证号",
            Column::CertNumber => "残疾人证号",
            Column::Category => "残疾类别",
            Column::Grade => "残疾等级",
            Column::Basis => "评定方式",
            Column::Township => "乡镇",
            Column::Village => "村社区",
            Column::Phone => "联系电话",
            Column::Guardian => "监护人",
            Column::GuardianPhone => "监护人电话",
            Column::MobilityImpaired => "行动不便",
            Column::Migrant => "在外务工",
            Column::Address => "住址",
        }
    }

    /// Other headers seen on county spreadsheets for the same column.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Name => &["姓名", "残疾人姓名", "持证人姓名", "名字"],
            Column::IdNumber => &[
                "身份证号",
                "身份证号码",
                "公民身份号码",
                "身份证",
                "idnumber",
                "id",
            ],
            Column::CertNumber => &[
                "残疾人证号",
                "残疾证号",
                "证号",
                "残疾人证号码",
                "certnumber",
                "cert",
            ],
            Column::Category => &["残疾类别", "类别", "残疾类型", "disabilitycategory"],
            Column::Grade => &["残疾等级", "等级", "级别", "disabilitygrade"],
            Column::Basis => &["评定方式", "评定类型", "是否目测", "目测/非目测"],
            Column::Township => &[
                "乡镇",
                "乡镇（街道）",
                "乡镇(街道)",
                "乡（镇）",
                "乡镇街道",
                "街道",
                "所属乡镇",
            ],
            Column::Village => &["村社区", "村（社区）", "村(社区)", "村委会", "社区", "村"],
            Column::Phone => &["联系电话", "电话", "手机", "手机号", "联系方式"],
            Column::Guardian => &["监护人", "监护人姓名"],
            Column::GuardianPhone => &["监护人电话", "监护人联系电话", "监护人手机"],
            Column::MobilityImpaired => &["行动不便", "是否行动不便", "需上门"],
            Column::Migrant => &["在外务工", "是否在外务工", "外出务工"],
            Column::Address => &["住址", "家庭住址", "地址", "现住址"],
        }
    }
}

/// Why one cell of a row was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    pub column: Column,
    pub text: Text,
}

/// One row as typed: a cell per [`Column::ALL`] position (None when empty or absent),
/// and whether the ID cell was stored by Excel as a number.
#[derive(Debug, Clone, Default)]
pub struct RowInput {
    pub cells: [Option<String>; 14],
    pub id_was_number: bool,
}

impl RowInput {
    pub fn get(&self, c: Column) -> &str {
        self.cells[c as usize].as_deref().unwrap_or("")
    }

    pub fn set(&mut self, c: Column, v: impl Into<String>) {
        self.cells[c as usize] = Some(v.into());
    }
}

fn yes_no(s: &str) -> Option<bool> {
    match normalize(s).to_ascii_lowercase().as_str() {
        "" | "否" | "no" | "n" | "0" | "false" | "无" | "×" => Some(false),
        "是" | "yes" | "y" | "1" | "true" | "有" | "√" => Some(true),
        _ => None,
    }
}

/// Validates one roster row. Collects every problem, not just the first, so a clerk
/// fixes a row once. The first error is the one reported in the rejects file.
pub fn validate(row: &RowInput, campaign: &Campaign) -> Result<Holder, Vec<CellError>> {
    let mut errors = Vec::new();
    let mut fail = |column: Column, text: Text| errors.push(CellError { column, text });

    let name = normalize(row.get(Column::Name));
    if name.is_empty() {
        fail(Column::Name, Text::RowNameEmpty);
    }

    let id = if row.id_was_number {
        fail(Column::IdNumber, Text::IdNumericCell);
        None
    } else {
        IdNumber::parse(row.get(Column::IdNumber))
            .map_err(|e| fail(Column::IdNumber, e.text()))
            .ok()
    };

    let basis_raw = row.get(Column::Basis);
    let cert_raw = normalize(row.get(Column::CertNumber));
    let basis = Basis::parse(basis_raw);
    if basis.is_none() {
        let text = if basis_raw.trim().is_empty() {
            Text::RowBasisEmpty
        } else {
            Text::RowBasisUnknown {
                value: basis_raw.trim().to_string(),
            }
        };
        fail(Column::Basis, text);
    }

    let cat_raw = row.get(Column::Category).trim();
    let grade_raw = row.get(Column::Grade).trim();
    let mut cert = None;
    if basis == Some(Basis::New) {
        if !cert_raw.is_empty() || !cat_raw.is_empty() || !grade_raw.is_empty() {
            fail(Column::CertNumber, Text::RowNewHasCertificate);
        }
    } else if basis.is_some() {
        let category = Category::parse(cat_raw);
        if category.is_none() {
            fail(
                Column::Category,
                Text::CategoryUnknown {
                    value: cat_raw.to_string(),
                },
            );
        }
        let grade = Grade::parse(grade_raw);
        if grade.is_none() {
            fail(
                Column::Grade,
                Text::GradeUnknown {
                    value: grade_raw.to_string(),
                },
            );
        }
        if let (Some(id), Some(c), Some(g)) = (id, category, grade) {
            match CertNumber::parse_for(&cert_raw, &id, c, g) {
                Ok(n) => cert = Some(n),
                Err(e) => fail(Column::CertNumber, e.text()),
            }
        }
    }

    let township_raw = row.get(Column::Township);
    let township = (campaign.townships.iter())
        .find(|t| t.name == township_raw)
        .or_else(|| campaign.township_by_code(township_raw.trim()))
        .or_else(|| campaign.township_by_name(township_raw))
        .map(|t| t.code.clone());
    if township.is_none() {
        fail(
            Column::Township,
            Text::RowTownshipUnknown {
                value: township_raw.trim().to_string(),
            },
        );
    }

    let mut flag = |column: Column| {
        let raw = row.get(column);
        yes_no(raw).unwrap_or_else(|| {
            fail(
                column,
                Text::RowYesNo {
                    value: raw.trim().to_string(),
                },
            );
            false
        })
    };
    let mobility_impaired = flag(Column::MobilityImpaired);
    let migrant = flag(Column::Migrant);

    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Holder {
        id: id.expect("no error means the ID parsed"),
        name,
        basis: basis.expect("no error means the basis parsed"),
        cert,
        township: township.expect("no error means the township was found"),
        village: normalize(row.get(Column::Village)),
        phone: normalize(row.get(Column::Phone)),
        guardian: normalize(row.get(Column::Guardian)),
        guardian_phone: normalize(row.get(Column::GuardianPhone)),
        mobility_impaired,
        migrant,
        address: normalize(row.get(Column::Address)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    const ID: &str = "53032319800101019X";

    fn good_row() -> RowInput {
        let mut r = RowInput::default();
        r.set(Column::Name, "张三");
        r.set(Column::IdNumber, ID);
        r.set(Column::CertNumber, format!("{ID}42"));
        r.set(Column::Category, "肢体");
        r.set(Column::Grade, "二级");
        r.set(Column::Basis, "目测");
        r.set(Column::Township, "雄壁镇");
        r.set(Column::Village, "大舍村");
        r
    }

    fn campaign() -> &'static Campaign {
        Campaign::builtin()
    }

    fn errors_of(row: &RowInput) -> Vec<Column> {
        validate(row, campaign())
            .unwrap_err()
            .into_iter()
            .map(|e| e.column)
            .collect()
    }

    #[test]
    fn a_good_row_becomes_a_holder() {
        let h = validate(&good_row(), campaign()).unwrap();
        assert_eq!(h.name, "张三");
        assert_eq!(h.basis, Basis::Visual);
        assert_eq!(h.township, "530323102000");
        assert_eq!(h.cert.unwrap().to_string(), format!("{ID}42"));
        assert!(!h.mobility_impaired);
    }

    #[test]
    fn township_by_code_or_with_county_prefix() {
        for t in ["530323102000", "师宗县雄壁镇", " 雄壁镇 "] {
            let mut r = good_row();
            r.set(Column::Township, t);
            assert_eq!(validate(&r, campaign()).unwrap().township, "530323102000");
        }
    }

    type Breakage = Box<dyn Fn(&mut RowInput)>;

    #[test]
    fn each_reject_rule_names_its_column() {
        let cases: Vec<(Breakage, Column)> = vec![
            (Box::new(|r| r.set(Column::Name, "  ")), Column::Name),
            (
                Box::new(|r| r.set(Column::IdNumber, "530323198001010191")),
                Column::IdNumber,
            ),
            (
                Box::new(|r| r.set(Column::IdNumber, "530323198002300191")),
                Column::IdNumber,
            ),
            (
                Box::new(|r| r.set(Column::CertNumber, format!("{ID}43"))),
                Column::CertNumber,
            ),
            (
                Box::new(|r| r.set(Column::Category, "心理")),
                Column::Category,
            ),
            (Box::new(|r| r.set(Column::Grade, "五级")), Column::Grade),
            (
                Box::new(|r| r.set(Column::Township, "罗平县")),
                Column::Township,
            ),
            (Box::new(|r| r.set(Column::Basis, "估计")), Column::Basis),
            (Box::new(|r| r.set(Column::Basis, "")), Column::Basis),
            (
                Box::new(|r| r.set(Column::MobilityImpaired, "也许")),
                Column::MobilityImpaired,
            ),
            (Box::new(|r| r.id_was_number = true), Column::IdNumber),
        ];
        for (break_it, column) in cases {
            let mut r = good_row();
            break_it(&mut r);
            assert_eq!(errors_of(&r), vec![column]);
        }
    }

    #[test]
    fn a_numeric_id_cell_is_refused_not_repaired() {
        let mut r = good_row();
        r.set(Column::IdNumber, "530323198001010000");
        r.id_was_number = true;
        let errs = validate(&r, campaign()).unwrap_err();
        assert_eq!(errs[0].text, Text::IdNumericCell);
        assert!(errs[0].text.render(Lang::Zh).contains("文本"));
    }

    #[test]
    fn new_applicants_have_no_certificate() {
        let mut r = good_row();
        r.set(Column::Basis, "新申请");
        assert_eq!(errors_of(&r), vec![Column::CertNumber]);
        r.cells[Column::CertNumber as usize] = None;
        r.cells[Column::Category as usize] = None;
        r.cells[Column::Grade as usize] = None;
        r.set(Column::MobilityImpaired, "是");
        let h = validate(&r, campaign()).unwrap();
        assert_eq!(h.basis, Basis::New);
        assert_eq!(h.cert, None);
        assert!(h.mobility_impaired);
    }

    #[test]
    fn contact_details_are_checked_and_changes_listed() {
        let h = validate(&good_row(), campaign()).unwrap();
        let contact = Contact {
            phone: "１３８ 0000 0001".into(),
            guardian: "张父".into(),
            guardian_phone: String::new(),
            address: "雄壁镇大舍村3组".into(),
        };
        let new = contact.apply_to(&h).unwrap();
        assert_eq!(new.phone, "13800000001");
        let fields: Vec<String> = changes(&h, &new).into_iter().map(|c| c.field).collect();
        assert_eq!(fields, ["phone", "guardian", "address"]);
        let bad = Contact {
            phone: "打不通".into(),
            ..Contact::default()
        };
        assert_eq!(bad.apply_to(&h).unwrap_err().column, Column::Phone);
    }

    #[test]
    fn several_problems_are_reported_together() {
        let mut r = good_row();
        r.set(Column::Name, "");
        r.set(Column::Township, "不存在乡");
        assert_eq!(errors_of(&r), vec![Column::Name, Column::Township]);
    }
}
