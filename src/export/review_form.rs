//! 复核申请: the application a holder (or guardian) signs to have the expert committee
//! review an assessment, with the fee they bear and the committee's part left blank.

use super::{category_grade, masked_cert, masked_id};
use crate::domain::campaign::Campaign;
use crate::domain::case::Finding;
use crate::i18n::Text;
use crate::pdf::{Block, Document, Paragraph, size};
use crate::store::holders::HolderRow;
use crate::store::public_notice::ReviewFacts;

pub const TITLE: &str = "残疾人残疾评定结果复核申请表";

/// One page; refused when the person has no assessment to review.
pub fn document(
    h: &HolderRow,
    facts: &ReviewFacts,
    campaign: &Campaign,
    full: bool,
) -> Result<Document, Text> {
    let assessment = facts
        .case
        .assessment
        .as_ref()
        .ok_or_else(|| Text::NoAssessmentToReview {
            name: h.name.clone(),
        })?;
    let mut doc = Document::new(TITLE);
    doc.title(TITLE);
    let (id, cert) = if full {
        (
            h.id_number.clone(),
            h.cert_number.clone().unwrap_or_else(|| "—".into()),
        )
    } else {
        (masked_id(h), masked_cert(h))
    };
    let sex = if h.sex == "female" { "女" } else { "男" };
    doc.push(Block::fields(
        2,
        &[
            ("姓名", &h.name),
            ("性别", sex),
            ("身份证号", &id),
            ("残疾人证号", &cert),
            ("乡镇（街道）", &h.township_name),
            ("村（社区）", &h.village),
            ("联系电话", &h.phone),
            ("监护人", &h.guardian),
        ],
    ));
    doc.space_mm(2.0);
    doc.push(Block::Paragraph(Paragraph::heading("原评定结果")));
    let found = match assessment.finding {
        Finding::Disabled { category, grade } => {
            format!("{}{}", category.name_zh(), grade.name_zh())
        }
        Finding::NotDisabled => "非残疾".to_string(),
    };
    let date = super::date_zh(assessment.date);
    let before = category_grade(h);
    doc.push(Block::fields(
        2,
        &[
            ("评定机构", &assessment.institution),
            ("评定医生", &assessment.doctor),
            ("评定日期", &date),
            ("评定结论", &found),
            (
                "原证类别等级",
                if before.is_empty() { "—" } else { &before },
            ),
        ],
    ));
    doc.space_mm(2.0);
    let (reason, fee, receipt) = facts.request.clone().unwrap_or_default();
    doc.push(Block::Paragraph(Paragraph::heading("申请复核理由")));
    doc.push(Block::fields(1, &[("理由", &reason)]));
    if reason.chars().count() < 30 {
        // Room to write by hand.
        doc.push(Block::fields(1, &[("　　", "")]));
    }
    doc.push(Block::Paragraph(
        Paragraph::body(&format!(
            "本人对上述评定结果有异议，申请由{}残疾评定专家委员会复核。复核所需费用由申请人承担；复核结论作为最终评定结果，替代原评定结果。",
            campaign.county.name
        ))
        .sized(size::BODY),
    ));
    doc.push(Block::fields(
        2,
        &[("复核费用（元）", &fee), ("收据号", &receipt)],
    ));
    doc.signature("申请人（或监护人）签字");
    doc.space_mm(4.0);
    doc.push(Block::Paragraph(Paragraph::heading("专家委员会复核意见")));
    doc.push(Block::fields(
        2,
        &[
            ("复核结论", ""),
            ("复核日期", ""),
            ("复核机构", ""),
            ("专家", ""),
        ],
    ));
    doc.signature("专家签字");
    doc.stamp(&[
        &format!("{}残疾人联合会", campaign.county.name),
        "　　年　　月　　日",
    ]);
    Ok(doc)
}
