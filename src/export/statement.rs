//! 无法提交第二代残疾人证情况说明: the statement a holder or guardian signs when the
//! old certificate is lost or damaged, taken before the new card is handed over.

use super::{category_grade, masked_cert, masked_id};
use crate::domain::campaign::Campaign;
use crate::pdf::{Block, Document, Paragraph, size};
use crate::store::handover::StatementRow;
use crate::store::holders::HolderRow;

pub const TITLE: &str = "无法提交第二代残疾人证情况说明";

/// One statement, one page: who, which certificate, lost or damaged, what happened,
/// the signature of the holder or guardian, the date, and the federation's stamp.
/// ID and certificate numbers are masked unless `full`.
pub fn document(h: &HolderRow, st: &StatementRow, campaign: &Campaign, full: bool) -> Document {
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
    let cert = cert.as_str();
    let loss = if st.loss == "damaged" {
        "损毁"
    } else {
        "遗失"
    };
    doc.push(Block::fields(
        2,
        &[
            ("姓名", &h.name),
            ("身份证号", &id),
            ("残疾人证号", cert),
            ("类别等级", &category_grade(h)),
            ("乡镇（街道）", &h.township_name),
            ("村（社区）", &h.village),
        ],
    ));
    doc.space_mm(2.0);
    doc.push(Block::Paragraph(
        Paragraph::body(&format!(
            "本人（或监护人）郑重说明：上述持证人的第二代《中华人民共和国残疾人证》（证号 {cert}）已{loss}，无法在领取第三代残疾人证（智能化）时交回。经过如下："
        ))
        .sized(size::BODY),
    ));
    doc.push(Block::Paragraph(
        Paragraph::body(&st.account).sized(size::BODY),
    ));
    doc.push(Block::Paragraph(
        Paragraph::body(&format!(
            "以上情况属实。原第二代残疾人证自领取第三代残疾人证之日起作废，如有找回，交回{}残联。如有虚假，本人愿承担相应责任。",
            campaign.county.name
        ))
        .sized(size::BODY),
    ));
    doc.space_mm(4.0);
    doc.push(Block::fields(
        2,
        &[("说明人", &st.signer), ("与持证人关系", &st.relation)],
    ));
    doc.signature("说明人签字（按手印）");
    doc.space_mm(4.0);
    doc.push(Block::fields(
        2,
        &[("经办人", &st.operator), ("填写日期", &st.taken_on)],
    ));
    doc.stamp(&[
        &format!("{}残疾人联合会", campaign.county.name),
        "　　年　　月　　日",
    ]);
    doc
}
