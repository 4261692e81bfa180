//! The handover's registers as the county files them: the issuance register
//! (发放登记表) and the recovery ledger (二代证回收登记) per township, and the list
//! of cards for the card centre to make again (重新制卡名单).

use crate::domain::campaign::{Campaign, Township};
use crate::domain::handover::mask_id;
use crate::domain::ids::{Category, Grade};
use crate::i18n::Localized;
use crate::store::handover::{RecoveryRow, RegisterRow, RemakeRow};

use super::sheet::Sheet;

/// How ID and certificate numbers appear: masked unless a full export is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Numbers {
    pub full: bool,
}

impl Numbers {
    fn id(self, id: &str) -> String {
        if self.full {
            id.to_string()
        } else {
            mask_id(id)
        }
    }

    /// A certificate number is the ID number and two digits: mask the ID part.
    fn cert(self, cert: &str) -> String {
        if self.full || cert.len() != 20 || !cert.is_ascii() {
            return cert.to_string();
        }
        format!("{}{}", mask_id(&cert[..18]), &cert[18..])
    }
}

fn category(digit: Option<u8>) -> String {
    digit
        .and_then(Category::from_digit)
        .map(|c| c.name_zh().to_string())
        .unwrap_or_default()
}

fn grade(digit: Option<u8>) -> String {
    digit
        .and_then(Grade::from_digit)
        .map(|g| g.local(crate::i18n::Lang::Zh))
        .unwrap_or_default()
}

fn sex(s: &str) -> &'static str {
    match s {
        "male" => "男",
        "female" => "女",
        _ => "",
    }
}

fn signatures() -> Vec<String> {
    vec!["经办人：__________      审核人：__________      （单位盖章）      ____年__月__日".into()]
}

/// 发放登记表 of one township: one row per card handed over, the last column left
/// blank for the recipient's signature.
pub fn register(c: &Campaign, township: &Township, rows: &[RegisterRow], n: Numbers) -> Sheet {
    let header = [
        "序号",
        "姓名",
        "性别",
        "身份证号",
        "残疾人证号",
        "类别",
        "等级",
        "卡号",
        "领取人",
        "与本人关系",
        "二代证收回/情况说明",
        "发放日期",
        "经办人",
        "签字",
    ];
    let rows = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let old = match r.old_certificate.as_str() {
                "recovered" => "已收回",
                "statement" => "情况说明",
                _ => "无（新申请）",
            };
            vec![
                (i + 1).to_string(),
                r.name.clone(),
                sex(&r.sex).to_string(),
                n.id(&r.id_number),
                n.cert(&r.cert_number),
                category(r.category),
                grade(r.grade),
                r.card_number.clone(),
                r.recipient.clone(),
                r.relation.clone(),
                old.to_string(),
                r.handed_on.clone(),
                r.operator.clone(),
                String::new(),
            ]
        })
        .collect();
    Sheet {
        title: format!("{}第三代残疾人证发放登记表", c.county.name),
        subtitle: format!("乡镇（街道）：{}", township.name),
        header: header.map(String::from).to_vec(),
        rows,
        footer: signatures(),
    }
}

/// 二代证回收登记 of one township.
pub fn recovery_ledger(
    c: &Campaign,
    township: &Township,
    rows: &[RecoveryRow],
    n: Numbers,
) -> Sheet {
    let header = [
        "序号",
        "姓名",
        "身份证号",
        "村（社区）",
        "二代证证号",
        "收回日期",
        "经办人",
        "备注",
    ];
    let rows = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                (i + 1).to_string(),
                r.name.clone(),
                n.id(&r.id_number),
                r.village.clone(),
                n.cert(&r.cert_number),
                r.recovered_on.clone(),
                r.operator.clone(),
                String::new(),
            ]
        })
        .collect();
    Sheet {
        title: format!("{}第二代残疾人证回收登记表", c.county.name),
        subtitle: format!("乡镇（街道）：{}", township.name),
        header: header.map(String::from).to_vec(),
        rows,
        footer: signatures(),
    }
}

/// 重新制卡名单 for the card centre: whose card was voided and why, and the
/// certificate number the new card must carry.
pub fn remakes(c: &Campaign, rows: &[RemakeRow], n: Numbers) -> Sheet {
    let header = [
        "序号",
        "姓名",
        "身份证号",
        "乡镇（街道）",
        "应制残疾人证号",
        "作废卡号",
        "作废原因",
        "说明",
        "申请日期",
    ];
    let rows = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                (i + 1).to_string(),
                r.name.clone(),
                n.id(&r.id_number),
                r.township_name.clone(),
                n.cert(&r.cert_number),
                r.voided_card.clone(),
                r.reason.clone(),
                r.note.clone(),
                r.requested_on.clone(),
            ]
        })
        .collect();
    Sheet {
        title: format!("{}第三代残疾人证重新制卡名单", c.county.name),
        subtitle: String::new(),
        header: header.map(String::from).to_vec(),
        rows,
        footer: signatures(),
    }
}
