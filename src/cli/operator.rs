//! `huanzheng operator …`: the county leader manages the accounts.

use super::{Context, Failure, OperatorCommand, Outcome, print_json};
use crate::domain::operator::{Action, Role};
use crate::i18n::{Lang, Text};
use crate::store::{Actor, operators};

pub fn run(ctx: &Context, cmd: OperatorCommand) -> Outcome {
    match cmd {
        OperatorCommand::Add {
            name,
            role,
            township,
        } => add(ctx, &name, &role, township.as_deref()),
        OperatorCommand::List { json } => list(ctx, json),
        OperatorCommand::Passwd { name } => passwd(ctx, name),
        OperatorCommand::Disable { name } => {
            let mut store = ctx.open_existing()?;
            let me = ctx.sign_in(&mut store, Some(Action::ManageOperators))?;
            operators::disable_recorded(&mut store, &Actor::now(&me.name), &name)?;
            ctx.say(Text::OperatorDisabledNow { name });
            Ok(())
        }
    }
}

/// A new password, typed twice on a terminal (or `$HUANZHENG_NEW_PASSWORD`).
fn new_password(ctx: &Context, name: &str) -> Result<String, Failure> {
    if let Ok(p) = std::env::var("HUANZHENG_NEW_PASSWORD") {
        return Ok(p);
    }
    let ask = |t: Text| {
        rpassword::prompt_password(t.render(ctx.lang)).map_err(|_| {
            Failure(Text::PasswordNeeded {
                name: name.to_string(),
            })
        })
    };
    let first = ask(Text::NewPasswordPrompt { name: name.into() })?;
    let again = ask(Text::NewPasswordAgain)?;
    if first != again {
        return Err(Failure(Text::PasswordMismatch));
    }
    Ok(first)
}

fn add(ctx: &Context, name: &str, role: &str, township: Option<&str>) -> Outcome {
    let role = Role::parse(role).ok_or_else(|| {
        Failure(Text::UnknownRole {
            value: role.to_string(),
        })
    })?;
    let township = match township {
        None => None,
        Some(key) => Some(
            ctx.campaign
                .find_township(key)
                .ok_or_else(|| {
                    Failure(Text::RowTownshipUnknown {
                        value: key.to_string(),
                    })
                })?
                .code
                .clone(),
        ),
    };
    let mut store = ctx.open()?;
    let first = operators::count(store.conn())? == 0;
    let by = if first {
        // The first account: the leader adds themself, with no one to sign in as.
        name.trim().to_string()
    } else {
        ctx.sign_in(&mut store, Some(Action::ManageOperators))?.name
    };
    let password = new_password(ctx, name)?;
    operators::add_recorded(
        &mut store,
        &Actor::now(&by),
        name,
        role,
        township.as_deref(),
        &password,
    )?;
    ctx.say(Text::OperatorAdded {
        name: name.trim().into(),
        role: match ctx.lang {
            Lang::Zh => role.name_zh(),
            Lang::En => role.name_en(),
        }
        .into(),
    });
    Ok(())
}

fn list(ctx: &Context, json: bool) -> Outcome {
    let store = ctx.open_existing_as(Some(Action::ManageOperators))?;
    let accounts = operators::list(store.conn())?;
    if json {
        return print_json(&accounts);
    }
    for a in accounts {
        let township = a
            .township
            .as_deref()
            .and_then(|code| ctx.campaign.townships.iter().find(|t| t.code == code))
            .map(|t| t.name.clone())
            .unwrap_or_default();
        let role = match ctx.lang {
            Lang::Zh => a.role.name_zh(),
            Lang::En => a.role.name_en(),
        };
        let state = if a.disabled {
            Text::AccountDisabledTag.render(ctx.lang)
        } else {
            String::new()
        };
        println!("{}\t{role}\t{township}\t{}\t{state}", a.name, a.created_by);
    }
    Ok(())
}

fn passwd(ctx: &Context, name: Option<String>) -> Outcome {
    let mut store = ctx.open_existing()?;
    let me = ctx.sign_in(&mut store, None)?;
    let whose = name.unwrap_or_else(|| me.name.clone());
    if whose != me.name {
        me.permit(Action::ManageOperators, None)?;
    }
    let password = new_password(ctx, &whose)?;
    operators::set_password_recorded(&mut store, &Actor::now(&me.name), &whose, &password)?;
    ctx.say(Text::PasswordChanged { name: whose });
    Ok(())
}
