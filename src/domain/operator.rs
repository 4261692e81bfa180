//! Operators, their roles, and what each role may do. Pure rules: the store keeps the
//! accounts, the entry points (the database worker, the command line) ask [`permit`].

use serde::{Deserialize, Serialize};

use crate::i18n::Text;

/// The four roles of the plan's people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 县残联领导: approves what cannot be undone, manages operators.
    Leader,
    /// 办证员: the county team's daily work.
    Staff,
    /// 乡镇残联: the township's clerk; sees and acts on their township only.
    TownshipClerk,
    /// 医生: records assessment results only.
    Doctor,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Leader, Role::Staff, Role::TownshipClerk, Role::Doctor];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Leader => "leader",
            Role::Staff => "staff",
            Role::TownshipClerk => "township_clerk",
            Role::Doctor => "doctor",
        }
    }

    pub fn from_key(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Role::Leader => "县残联领导",
            Role::Staff => "办证员",
            Role::TownshipClerk => "乡镇残联",
            Role::Doctor => "医生",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Role::Leader => "county leader",
            Role::Staff => "county staff",
            Role::TownshipClerk => "township clerk",
            Role::Doctor => "doctor",
        }
    }

    /// What a clerk types: the Chinese name, a short form, or the English key.
    pub fn parse(input: &str) -> Option<Role> {
        let s = crate::domain::text::normalize(input);
        let s = s.trim();
        Role::ALL.into_iter().find(|r| {
            s == r.as_str()
                || s == r.name_zh()
                || s.eq_ignore_ascii_case(r.name_en())
                || match r {
                    Role::Leader => matches!(s, "领导" | "县领导"),
                    Role::Staff => matches!(s, "办证" | "工作人员"),
                    Role::TownshipClerk => matches!(s, "乡镇" | "乡镇专干" | "clerk"),
                    Role::Doctor => matches!(s, "评定医生"),
                }
        })
    }
}

/// Actions that not every role may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Void a card (作废) and send it for a remake.
    VoidCard,
    /// Approve a remake.
    ApproveRemake,
    /// End a public notice (公示) and request the cards.
    EndPublicNotice,
    /// Correct a result or a handover already recorded.
    CorrectRecord,
    /// Write personal data (names, ID numbers) to a file.
    ExportPersonalData,
    /// Add, disable or reset operators.
    ManageOperators,
    /// Replace the database with a backup.
    Restore,
    /// Encrypt the database (it then opens only with its passphrase).
    EncryptDatabase,
    /// Read the audit log (who did what, when).
    ViewAudit,
    /// Record an assessment result.
    RecordResult,
    /// Check-in, scheduling, handover, statements, contacts: the county's daily work.
    CaseWork,
}

impl Action {
    pub fn name_zh(self) -> &'static str {
        match self {
            Action::VoidCard => "作废卡片",
            Action::ApproveRemake => "批准补制",
            Action::EndPublicNotice => "结束公示",
            Action::CorrectRecord => "更正已录入的结果",
            Action::ExportPersonalData => "导出个人信息",
            Action::ManageOperators => "管理操作员",
            Action::Restore => "恢复备份",
            Action::EncryptDatabase => "加密数据库",
            Action::ViewAudit => "查看审计日志",
            Action::RecordResult => "录入评定结果",
            Action::CaseWork => "办理换证",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Action::VoidCard => "void a card",
            Action::ApproveRemake => "approve a remake",
            Action::EndPublicNotice => "end a public notice",
            Action::CorrectRecord => "correct a recorded result",
            Action::ExportPersonalData => "export personal data",
            Action::ManageOperators => "manage operators",
            Action::Restore => "restore a backup",
            Action::EncryptDatabase => "encrypt the database",
            Action::ViewAudit => "view the audit log",
            Action::RecordResult => "record an assessment result",
            Action::CaseWork => "do certificate work",
        }
    }

    /// The roles that may take this action.
    pub fn roles(self) -> &'static [Role] {
        match self {
            Action::VoidCard
            | Action::ApproveRemake
            | Action::EndPublicNotice
            | Action::CorrectRecord
            | Action::ExportPersonalData
            | Action::ManageOperators
            | Action::Restore
            | Action::EncryptDatabase
            | Action::ViewAudit => &[Role::Leader],
            Action::RecordResult => &[Role::Leader, Role::Staff, Role::Doctor],
            Action::CaseWork => &[Role::Leader, Role::Staff, Role::TownshipClerk],
        }
    }
}

impl Action {
    /// The action recording `event` amounts to.
    pub fn for_event(event: &crate::domain::case::Event) -> Action {
        use crate::domain::case::Event as E;
        match event {
            E::Assessed { .. } | E::ReviewDecided { .. } => Action::RecordResult,
            E::ResultCorrected { .. } | E::HandoverCorrected { .. } => Action::CorrectRecord,
            E::PublicNoticeEnded => Action::EndPublicNotice,
            E::CardVoided { .. } => Action::VoidCard,
            E::RemakeRequested => Action::ApproveRemake,
            _ => Action::CaseWork,
        }
    }
}

/// A signed-in operator as the rules see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Operator {
    pub name: String,
    pub role: Role,
    /// A township clerk's township (12-digit code); none for county roles.
    pub township: Option<String>,
}

impl Operator {
    /// Whether this operator may take `action` on a case of `township` (none: not about
    /// one case). Refuses naming who may.
    pub fn permit(&self, action: Action, township: Option<&str>) -> Result<(), Text> {
        if !action.roles().contains(&self.role) {
            return Err(Text::NeedsRole {
                action: action.name_zh().into(),
                action_en: action.name_en().into(),
                roles: action
                    .roles()
                    .iter()
                    .map(|r| r.name_zh())
                    .collect::<Vec<_>>()
                    .join("、"),
                roles_en: action
                    .roles()
                    .iter()
                    .map(|r| r.name_en())
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
        self.sees(township)
    }

    /// Whether this operator may see a case of `township`: a township clerk only their
    /// own; everyone else all.
    pub fn sees(&self, township: Option<&str>) -> Result<(), Text> {
        match (&self.township, township) {
            (Some(own), Some(t)) if own != t => Err(Text::OtherTownship),
            _ => Ok(()),
        }
    }
}

/// A password worth having: at least 6 characters, not all the same.
pub fn check_password(password: &str) -> Result<(), Text> {
    let chars: Vec<char> = password.chars().collect();
    if chars.len() < 6 {
        return Err(Text::PasswordShort);
    }
    if chars.iter().all(|c| *c == chars[0]) {
        return Err(Text::PasswordWeak);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn op(role: Role, township: Option<&str>) -> Operator {
        Operator {
            name: "某人".into(),
            role,
            township: township.map(str::to_string),
        }
    }

    #[test]
    fn only_the_leader_voids_cards_and_the_refusal_names_the_role() {
        assert!(
            op(Role::Leader, None)
                .permit(Action::VoidCard, None)
                .is_ok()
        );
        let refused = op(Role::Staff, None)
            .permit(Action::VoidCard, None)
            .unwrap_err();
        assert_eq!(
            refused.render(Lang::Zh),
            "作废卡片需要县残联领导的账号，请找县残联领导办理"
        );
        for action in [
            Action::ApproveRemake,
            Action::EndPublicNotice,
            Action::CorrectRecord,
            Action::ExportPersonalData,
            Action::ManageOperators,
            Action::Restore,
            Action::EncryptDatabase,
            Action::ViewAudit,
        ] {
            for role in [Role::Staff, Role::TownshipClerk, Role::Doctor] {
                assert!(
                    op(role, None).permit(action, None).is_err(),
                    "{role:?} {action:?}"
                );
            }
        }
    }

    #[test]
    fn a_doctor_records_results_and_nothing_else() {
        let doctor = op(Role::Doctor, None);
        assert!(doctor.permit(Action::RecordResult, None).is_ok());
        assert!(doctor.permit(Action::CaseWork, None).is_err());
        assert!(
            op(Role::TownshipClerk, Some("T1"))
                .permit(Action::RecordResult, None)
                .is_err()
        );
    }

    #[test]
    fn a_township_clerk_acts_on_their_township_only() {
        let clerk = op(Role::TownshipClerk, Some("530323102000"));
        assert!(clerk.permit(Action::CaseWork, Some("530323102000")).is_ok());
        let refused = clerk
            .permit(Action::CaseWork, Some("530323103000"))
            .unwrap_err();
        assert!(refused.render(Lang::Zh).contains("本乡镇"));
        assert!(
            op(Role::Staff, None)
                .permit(Action::CaseWork, Some("530323103000"))
                .is_ok()
        );
    }

    #[test]
    fn roles_parse_as_clerks_type_them() {
        assert_eq!(Role::parse("县残联领导"), Some(Role::Leader));
        assert_eq!(Role::parse("乡镇"), Some(Role::TownshipClerk));
        assert_eq!(Role::parse("doctor"), Some(Role::Doctor));
        assert_eq!(Role::parse(" 办证员 "), Some(Role::Staff));
        assert_eq!(Role::parse("校长"), None);
    }

    #[test]
    fn short_or_trivial_passwords_are_refused() {
        assert!(check_password("12345").is_err());
        assert!(check_password("111111").is_err());
        assert!(check_password("shizong22").is_ok());
    }
}
