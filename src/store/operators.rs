//! Operator accounts: names, roles, a township for township clerks, and passwords
//! kept only as Argon2id hashes (PHC strings with their own salt and parameters).

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rusqlite::{Connection, OptionalExtension, params};

use super::{Actor, Result, Store, StoreError, timestamp};
use crate::domain::operator::{Operator, Role, check_password};
use crate::i18n::Text;

fn refused(text: Text) -> StoreError {
    StoreError::Refused(text)
}

fn hash(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| {
            refused(Text::Plain {
                text: e.to_string(),
            })
        })
}

/// How many accounts exist (disabled ones included): none means the first start.
pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT COUNT(*) FROM operator", [], |r| r.get(0))?)
}

/// A new account. `by` is who adds it (none for the first leader, who adds themself).
pub fn add(
    conn: &Connection,
    name: &str,
    role: Role,
    township: Option<&str>,
    password: &str,
    by: Option<&str>,
) -> Result<Operator> {
    let name = name.trim();
    if name.is_empty() {
        return Err(refused(Text::OperatorNameEmpty));
    }
    check_password(password).map_err(refused)?;
    let township = match (role, township) {
        (Role::TownshipClerk, None) => return Err(refused(Text::OperatorNeedsTownship)),
        (Role::TownshipClerk, Some(t)) => Some(t.to_string()),
        _ => None,
    };
    if by.is_none() && (role != Role::Leader || count(conn)? > 0) {
        return Err(refused(Text::FirstOperatorIsLeader));
    }
    let exists: Option<String> = conn
        .query_row("SELECT name FROM operator WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .optional()?;
    if exists.is_some() {
        return Err(refused(Text::OperatorExists { name: name.into() }));
    }
    conn.execute(
        "INSERT INTO operator (name, role, township, password_hash, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            name,
            role.as_str(),
            township,
            hash(password)?,
            timestamp(chrono::Utc::now()),
            by.unwrap_or(name),
        ],
    )?;
    Ok(Operator {
        name: name.into(),
        role,
        township,
    })
}

/// The operator `name` if `password` is theirs; refuses an unknown name, a disabled
/// account or a wrong password with the same care a clerk needs.
pub fn sign_in(conn: &Connection, name: &str, password: &str) -> Result<Operator> {
    let row: Option<(String, Option<String>, String, Option<String>)> = conn
        .query_row(
            "SELECT role, township, password_hash, disabled_at FROM operator WHERE name = ?1",
            [name.trim()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((role, township, stored, disabled)) = row else {
        return Err(refused(Text::OperatorUnknown {
            name: name.trim().into(),
        }));
    };
    if disabled.is_some() {
        return Err(refused(Text::OperatorDisabled {
            name: name.trim().into(),
        }));
    }
    let parsed = PasswordHash::new(&stored).map_err(|_| refused(Text::PasswordWrong))?;
    Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .map_err(|_| refused(Text::PasswordWrong))?;
    Ok(Operator {
        name: name.trim().into(),
        role: Role::from_key(&role).unwrap_or(Role::Doctor),
        township,
    })
}

/// One account as listed (never its hash).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Account {
    pub name: String,
    pub role: Role,
    pub township: Option<String>,
    pub created_at: String,
    pub created_by: String,
    pub disabled: bool,
}

pub fn list(conn: &Connection) -> Result<Vec<Account>> {
    let mut stmt = conn.prepare(
        "SELECT name, role, township, created_at, created_by, disabled_at IS NOT NULL
         FROM operator ORDER BY created_at, name",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Account {
                name: r.get(0)?,
                role: Role::from_key(&r.get::<_, String>(1)?).unwrap_or(Role::Doctor),
                township: r.get(2)?,
                created_at: r.get(3)?,
                created_by: r.get(4)?,
                disabled: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn set_password(conn: &Connection, name: &str, password: &str) -> Result<()> {
    check_password(password).map_err(refused)?;
    let n = conn.execute(
        "UPDATE operator SET password_hash = ?2 WHERE name = ?1",
        params![name.trim(), hash(password)?],
    )?;
    if n == 0 {
        return Err(refused(Text::OperatorUnknown { name: name.into() }));
    }
    Ok(())
}

/// Disables an account (it stays listed; its name stays on every event it recorded).
/// The last enabled leader cannot be disabled: someone must be able to manage.
pub fn disable(conn: &Connection, name: &str) -> Result<()> {
    let leaders: i64 = conn.query_row(
        "SELECT COUNT(*) FROM operator WHERE role = 'leader' AND disabled_at IS NULL AND name <> ?1",
        [name.trim()],
        |r| r.get(0),
    )?;
    let role: Option<String> = conn
        .query_row(
            "SELECT role FROM operator WHERE name = ?1",
            [name.trim()],
            |r| r.get(0),
        )
        .optional()?;
    match role.as_deref() {
        None => Err(refused(Text::OperatorUnknown { name: name.into() })),
        Some("leader") if leaders == 0 => Err(refused(Text::LastLeader)),
        Some(_) => {
            conn.execute(
                "UPDATE operator SET disabled_at = ?2 WHERE name = ?1",
                params![name.trim(), timestamp(chrono::Utc::now())],
            )?;
            Ok(())
        }
    }
}

/// [`add`], recorded on the event log in the same action: who added which account,
/// with which role (never the password or its hash). `actor` is who acts; for the very
/// first account, the new leader themself.
pub fn add_recorded(
    store: &mut Store,
    actor: &Actor,
    name: &str,
    role: Role,
    township: Option<&str>,
    password: &str,
) -> Result<Operator> {
    let first = count(store.conn())? == 0;
    let mut tx = store.begin()?;
    let by = (!first).then_some(actor.operator.as_str());
    let op = add(tx.conn(), name, role, township, password, by)?;
    tx.note(
        actor,
        "operator_added",
        &serde_json::json!({
            "kind": "operator_added", "name": op.name, "role": role.name_zh(),
            "township": op.township,
        }),
    )?;
    tx.commit()?;
    Ok(op)
}

/// [`set_password`], recorded (whose password, by whom; not the password).
pub fn set_password_recorded(
    store: &mut Store,
    actor: &Actor,
    name: &str,
    password: &str,
) -> Result<()> {
    let mut tx = store.begin()?;
    set_password(tx.conn(), name, password)?;
    tx.note(
        actor,
        "password_changed",
        &serde_json::json!({ "kind": "password_changed", "name": name.trim() }),
    )?;
    tx.commit()
}

/// [`disable`], recorded.
pub fn disable_recorded(store: &mut Store, actor: &Actor, name: &str) -> Result<()> {
    let mut tx = store.begin()?;
    disable(tx.conn(), name)?;
    tx.note(
        actor,
        "operator_disabled",
        &serde_json::json!({ "kind": "operator_disabled", "name": name.trim() }),
    )?;
    tx.commit()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::campaign::Campaign;
    use crate::i18n::Lang;
    use crate::store::Store;

    fn said(e: StoreError) -> String {
        e.text().render(Lang::Zh)
    }

    #[test]
    fn the_first_account_is_a_leader_and_passwords_are_only_hashes() {
        let store = Store::open_in_memory(Campaign::builtin()).unwrap();
        let c = store.conn();
        assert_eq!(count(c).unwrap(), 0);
        let e = add(c, "小王", Role::Staff, None, "xiaowang1", None).unwrap_err();
        assert!(said(e).contains("第一个"));
        add(c, "陆松", Role::Leader, None, "lusong2022", None).unwrap();
        let stored: String = c
            .query_row("SELECT password_hash FROM operator", [], |r| r.get(0))
            .unwrap();
        assert!(stored.starts_with("$argon2id$"), "{stored}");
        assert!(!stored.contains("lusong2022"));
        let op = sign_in(c, "陆松", "lusong2022").unwrap();
        assert_eq!(op.role, Role::Leader);
        assert!(said(sign_in(c, "陆松", "lusong2023").unwrap_err()).contains("密码不对"));
        assert!(said(sign_in(c, "无名", "lusong2022").unwrap_err()).contains("无名"));
    }

    #[test]
    fn a_clerk_needs_a_township_and_a_disabled_account_cannot_sign_in() {
        let store = Store::open_in_memory(Campaign::builtin()).unwrap();
        let c = store.conn();
        add(c, "陆松", Role::Leader, None, "lusong2022", None).unwrap();
        let e = add(
            c,
            "乡镇甲",
            Role::TownshipClerk,
            None,
            "xiangzhen1",
            Some("陆松"),
        );
        assert!(said(e.unwrap_err()).contains("乡镇"));
        add(
            c,
            "乡镇甲",
            Role::TownshipClerk,
            Some("530323102000"),
            "xiangzhen1",
            Some("陆松"),
        )
        .unwrap();
        assert_eq!(
            sign_in(c, "乡镇甲", "xiangzhen1")
                .unwrap()
                .township
                .as_deref(),
            Some("530323102000")
        );
        disable(c, "乡镇甲").unwrap();
        assert!(said(sign_in(c, "乡镇甲", "xiangzhen1").unwrap_err()).contains("停用"));
        assert!(said(disable(c, "陆松").unwrap_err()).contains("最后一个"));
        set_password(c, "陆松", "newpass22").unwrap();
        assert!(sign_in(c, "陆松", "newpass22").is_ok());
    }
}
