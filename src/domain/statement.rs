//! 情况说明 as a record: taken, printed, signed by the holder or a guardian, and
//! withdrawn with a reason when it was wrong (never deleted). Pure rules over what is
//! on file; the store checks them inside the action that records the event.

use serde::Serialize;

use super::text::normalize;
use crate::i18n::Text;

/// Where a statement stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Taken and printed, waiting for the signature.
    Unsigned,
    /// Signed: a handover may rely on it.
    Signed,
    /// Withdrawn: kept on file, good for nothing.
    Withdrawn,
}

/// What the rules need to know about one statement on file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    pub signed: bool,
    pub withdrawn: bool,
    /// A handover that has not been undone names it as the old certificate's fate.
    pub relied_on: bool,
}

impl Facts {
    pub fn standing(self) -> Standing {
        match (self.withdrawn, self.signed) {
            (true, _) => Standing::Withdrawn,
            (false, true) => Standing::Signed,
            (false, false) => Standing::Unsigned,
        }
    }
}

pub const HOLDER: &str = "本人";

/// Who signed, as typed: the holder (no guardian given) or a guardian with a name and
/// their relation to the holder. Returns (signer, relation).
pub fn signer(holder_name: &str, guardian: Option<(&str, &str)>) -> Result<(String, String), Text> {
    let Some((name, relation)) = guardian else {
        return Ok((holder_name.to_string(), HOLDER.to_string()));
    };
    let name = normalize(name);
    if name.is_empty() {
        return Err(Text::SignerNameMissing);
    }
    let relation = normalize(relation);
    if relation.is_empty() || relation == HOLDER {
        return Err(Text::SignerRelationMissing);
    }
    Ok((name, relation))
}

/// Who is to sign, as typed on a new statement: (signer, relation). An empty relation
/// means the holder; a signer other than the holder must say how they are related.
pub fn intended_signer(
    holder_name: &str,
    signer: &str,
    relation: &str,
) -> Result<(String, String), Text> {
    let signer = normalize(signer);
    let relation = match normalize(relation) {
        r if r.is_empty() => HOLDER.to_string(),
        r => r,
    };
    if relation == HOLDER && signer != normalize(holder_name) {
        return Err(Text::SignerRelationMissing);
    }
    Ok((signer, relation))
}

/// A statement can be signed once, and not after it was withdrawn.
pub fn may_sign(f: Facts) -> Result<(), Text> {
    match f.standing() {
        Standing::Withdrawn => Err(Text::StatementIsWithdrawn),
        Standing::Signed => Err(Text::StatementAlreadySigned),
        Standing::Unsigned => Ok(()),
    }
}

/// Withdrawing needs a reason, and a statement a handover relies on stays until that
/// handover is undone. Returns the reason as recorded.
pub fn may_withdraw(f: Facts, reason: &str) -> Result<String, Text> {
    if f.withdrawn {
        return Err(Text::StatementIsWithdrawn);
    }
    if f.relied_on {
        return Err(Text::StatementReliedOn);
    }
    let reason = normalize(reason);
    if reason.is_empty() {
        return Err(Text::WithdrawNeedsReason);
    }
    Ok(reason)
}

/// A handover may rely only on a signed statement that was not withdrawn.
pub fn may_rely_on(f: Facts) -> Result<(), Text> {
    match f.standing() {
        Standing::Withdrawn => Err(Text::StatementIsWithdrawn),
        Standing::Unsigned => Err(Text::StatementNotSigned),
        Standing::Signed => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNSIGNED: Facts = Facts {
        signed: false,
        withdrawn: false,
        relied_on: false,
    };
    const SIGNED: Facts = Facts {
        signed: true,
        ..UNSIGNED
    };
    const WITHDRAWN: Facts = Facts {
        withdrawn: true,
        ..SIGNED
    };

    #[test]
    fn the_holder_signs_as_themself_and_a_guardian_gives_name_and_relation() {
        assert_eq!(
            signer("张三", None),
            Ok(("张三".to_string(), "本人".to_string()))
        );
        assert_eq!(
            signer("张三", Some((" 王芳 ", "女儿"))),
            Ok(("王芳".to_string(), "女儿".to_string()))
        );
        assert_eq!(
            signer("张三", Some(("", "女儿"))),
            Err(Text::SignerNameMissing)
        );
        assert_eq!(
            signer("张三", Some(("王芳", "本人"))),
            Err(Text::SignerRelationMissing)
        );
    }

    #[test]
    fn someone_else_signing_must_say_how_they_are_related() {
        assert_eq!(
            intended_signer("张三", "张三", ""),
            Ok(("张三".to_string(), "本人".to_string()))
        );
        assert_eq!(
            intended_signer("张三", "王芳", "本人"),
            Err(Text::SignerRelationMissing)
        );
        assert_eq!(
            intended_signer("张三", "王芳", "女儿"),
            Ok(("王芳".to_string(), "女儿".to_string()))
        );
    }

    #[test]
    fn signed_once_and_never_after_withdrawal() {
        assert_eq!(may_sign(UNSIGNED), Ok(()));
        assert_eq!(may_sign(SIGNED), Err(Text::StatementAlreadySigned));
        assert_eq!(may_sign(WITHDRAWN), Err(Text::StatementIsWithdrawn));
    }

    #[test]
    fn withdrawal_needs_a_reason_and_no_handover_relying_on_it() {
        assert_eq!(may_withdraw(UNSIGNED, "  "), Err(Text::WithdrawNeedsReason));
        assert_eq!(
            may_withdraw(SIGNED, " 填错了人 "),
            Ok("填错了人".to_string())
        );
        assert_eq!(
            may_withdraw(WITHDRAWN, "再撤一次"),
            Err(Text::StatementIsWithdrawn)
        );
        let relied = Facts {
            relied_on: true,
            ..SIGNED
        };
        assert_eq!(may_withdraw(relied, "填错了"), Err(Text::StatementReliedOn));
    }

    #[test]
    fn a_handover_relies_only_on_a_signed_statement_still_standing() {
        assert_eq!(may_rely_on(SIGNED), Ok(()));
        assert_eq!(may_rely_on(UNSIGNED), Err(Text::StatementNotSigned));
        assert_eq!(may_rely_on(WITHDRAWN), Err(Text::StatementIsWithdrawn));
    }
}
