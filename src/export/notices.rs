//! 告知书 with its tear-off 回执: one page per re-assessment subject of a township,
//! worded after the plan (实施方案 三(二)、三(四)、三(六)、四(二)3、5).

use chrono::NaiveDate;

use super::{category_grade, date_zh, masked_cert, masked_id};
use crate::domain::campaign::{Campaign, Township};
use crate::pdf::{Align, Block, Document, Paragraph, mm, size};
use crate::store::queries::NoticeRow;

pub const TITLE: &str = "办理第三代智能化《中华人民共和国残疾人证》告知书";
pub const RECEIPT: &str = "回  执";
pub const TO_BE_NOTIFIED: &str = "另行通知";

/// Where and when, as the notice says it.
fn appointment(row: &NoticeRow, campaign: &Campaign) -> (String, String) {
    let half = match row.half_day.as_deref() {
        Some("pm") => "下午",
        Some("am") => "上午",
        _ => "",
    };
    match (&row.site, row.date) {
        (_, Some(date)) if row.home_visit => {
            ("上门评定（工作人员到家中）".into(), when(date, half))
        }
        (Some(site), Some(date)) => {
            let name = campaign
                .site(site)
                .map_or(site.as_str(), |s| s.name.as_str());
            (name.to_string(), when(date, half))
        }
        _ if row.holder.mobility_impaired => (
            "上门评定（工作人员到家中）".into(),
            format!("{TO_BE_NOTIFIED}（具体入户时间待定）"),
        ),
        _ => (TO_BE_NOTIFIED.into(), TO_BE_NOTIFIED.into()),
    }
}

fn when(date: NaiveDate, half: &str) -> String {
    format!("{}{half}", date_zh(date))
}

/// Body text: a little under 小四 so that the longest notice and its receipt share a page.
const TEXT: f32 = 11.5;

fn para(doc: &mut Document, text: &str) {
    doc.push(Block::Paragraph(Paragraph::body(text).sized(TEXT)));
}

fn notice(doc: &mut Document, row: &NoticeRow, campaign: &Campaign, township: &Township) {
    let h = &row.holder;
    let cert = masked_cert(h);
    let (place, time) = appointment(row, campaign);
    let plan = format!("《{}工作实施方案》", campaign.name);
    let office = format!("{}残联", township.name);

    doc.title(TITLE);
    doc.push(Block::Paragraph(
        Paragraph::plain(&format!("{}：", h.name)).sized(TEXT),
    ));
    para(
        doc,
        &format!(
            "根据{plan}，第二代残疾人证为目测未经过医学评定核发又自愿换发第三代残疾人证（智能化）的，需要重新进行医学评定。您的残疾人证属于重新评定对象，请按下列安排参加评定。"
        ),
    );
    doc.push(Block::fields(
        2,
        &[
            ("姓名", &h.name),
            ("身份证号", &masked_id(h)),
            ("残疾人证号", &cert),
            ("类别等级", &category_grade(h)),
            ("乡镇（街道）", &h.township_name),
            ("村（社区）", &h.village),
        ],
    ));
    doc.push(Block::fields(
        1,
        &[("评定地点", &place), ("评定时间", &time)],
    ));
    doc.space_mm(1.0);
    para(
        doc,
        "请本人按时到场（需要时由监护人陪同），携带第二代《中华人民共和国残疾人证》原件、居民身份证或户口簿，以及已有的病历和医学检查资料。",
    );
    para(
        doc,
        "换发第三代残疾人证，不收取工本费、信息采集费；办理残疾人证所产生的需要借助医学辅助检查以及照片等费用由个人自理。评定对象对评定结果有异议的，可向县残联申请复核，复核的费用由申请人承担。",
    );
    para(
        doc,
        "本次重新评定的，其二代证可以继续使用至第三代残疾人证办好后换发。如因疫情原因影响评定工作，再另行通知评定时间。",
    );
    if h.migrant {
        para(
            doc,
            "在外务工、在规定的时间内回不来参加重新评定的，可以到当地具有评残资格的评残机构医院评定，残疾人证申请表和残疾评定表原件邮寄到县残联审核通过后认可发证。",
        );
    }
    let phone = if campaign.contact.phone.trim().is_empty() {
        "__________________".to_string()
    } else {
        campaign.contact.phone.clone()
    };
    let contact = if campaign.contact.office.trim().is_empty() {
        office.clone()
    } else {
        format!("{office}、{}", campaign.contact.office)
    };
    para(doc, &format!("联系单位：{contact}；联系电话：{phone}。"));
    doc.push(Block::Stamp {
        lines: vec![office.clone(), "　　　　年　　月　　日".into()],
    });

    doc.push(Block::AtBottom(vec![
        Block::CutLine {
            label: "沿此线剪下，回执交回乡（镇、街道）残联".into(),
        },
        Block::Paragraph(Paragraph {
            align: Align::Center,
            ..Paragraph::heading(RECEIPT).sized(size::SUBTITLE)
        }),
        Block::Paragraph(
            Paragraph::body("本人已收到告知书，知晓评定的地点和时间，将按时参加评定。").sized(TEXT),
        ),
        Block::fields(2, &[("姓名", &h.name), ("残疾人证号", &cert)]),
        Block::fields(2, &[("监护人姓名", ""), ("与本人关系", "")]),
        Block::Space(mm(2.0)),
        Block::Signature {
            label: "本人或监护人签字".into(),
        },
    ]));
    doc.page_break();
}

/// The notices of `rows`, one page each.
pub fn document(rows: &[NoticeRow], campaign: &Campaign, township: &Township) -> Document {
    let mut doc = Document::new(&format!("{}告知书", township.name));
    for row in rows {
        notice(&mut doc, row, campaign, township);
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::layout;
    use crate::pdf::wrap::tests::Fixed;
    use crate::store::holders::HolderRow;

    fn row(name: &str, village: &str, migrant: bool, booked: bool) -> NoticeRow {
        NoticeRow {
            holder: HolderRow {
                id_number: "530323198001010074".into(),
                cert_number: Some("53032319800101007442".into()),
                name: name.into(),
                sex: "male".into(),
                birth_date: "1980-01-01".into(),
                township: "530323102000".into(),
                township_name: "雄壁镇".into(),
                village: village.into(),
                category: Some(4),
                grade: Some(2),
                basis: "visual".into(),
                state: "scheduled".into(),
                mobility_impaired: false,
                migrant,
                phone: String::new(),
                guardian: String::new(),
                guardian_phone: String::new(),
                address: String::new(),
            },
            site: booked.then(|| "xiongbi-hc".into()),
            date: booked.then(|| NaiveDate::from_ymd_opt(2022, 4, 7).unwrap()),
            half_day: booked.then(|| "pm".into()),
            home_visit: false,
        }
    }

    fn township() -> Township {
        Campaign::builtin()
            .find_township("雄壁镇")
            .cloned()
            .unwrap()
    }

    #[test]
    fn every_notice_takes_exactly_one_page_with_its_receipt() {
        let rows = vec![
            row("张三", "大舍村", false, true),
            // The longest wording: migrant, not booked, a long village name.
            row(
                "欧阳某某某",
                "雄壁镇某某某某某某某某某某村民委员会第十二村民小组",
                true,
                false,
            ),
            row("李四", "小村", true, true),
        ];
        let doc = document(&rows, Campaign::builtin(), &township());
        let pages = layout(&doc, &Fixed);
        assert_eq!(pages.len(), 3);
        for (page, r) in pages.iter().zip(&rows) {
            let texts = page.texts();
            assert_eq!(texts[0], TITLE);
            assert!(texts.contains(&RECEIPT), "{texts:?}");
            assert_eq!(
                texts.iter().filter(|t| **t == r.holder.name).count(),
                2,
                "name on the notice and on the receipt"
            );
        }
    }

    #[test]
    fn the_booking_or_to_be_notified_is_printed() {
        let c = Campaign::builtin();
        let booked = appointment(&row("张三", "大舍村", false, true), c);
        assert_eq!(booked.0, "雄壁镇卫生院");
        assert_eq!(booked.1, "2022年4月7日（星期四）下午");
        let open = appointment(&row("张三", "大舍村", false, false), c);
        assert_eq!(open, (TO_BE_NOTIFIED.into(), TO_BE_NOTIFIED.into()));
        let mut home = row("张三", "大舍村", false, false);
        home.holder.mobility_impaired = true;
        assert!(appointment(&home, c).0.contains("上门"));
    }

    #[test]
    fn numbers_are_masked_and_the_plan_is_quoted() {
        let doc = document(
            &[row("张三", "大舍村", true, true)],
            Campaign::builtin(),
            &township(),
        );
        let text = format!("{:?}", doc.blocks);
        assert!(!text.contains("19800101"), "an unmasked number is printed");
        assert!(text.contains("530323********007442"));
        assert!(text.contains("《师宗县第三代残疾人证（智能化）核发工作实施方案》"));
        assert!(text.contains("残疾人证申请表和残疾评定表原件邮寄到县残联"));
    }
}
