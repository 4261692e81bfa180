//! `huanzheng notice …`: 告知书 delivered, 回执 returned, receipts still out.

use chrono::{Local, NaiveDate};

use super::{Context, Failure, NoticeCommand, Outcome, print_json};
use crate::domain::campaign::Township;
use crate::domain::operator::Action;
use crate::i18n::Text;
use crate::store::{Actor, notices};

fn township<'c>(ctx: &'c Context, key: &str) -> Result<&'c Township, Failure> {
    ctx.campaign.find_township(key).ok_or_else(|| {
        Failure(Text::RowTownshipUnknown {
            value: key.to_string(),
        })
    })
}

fn today() -> NaiveDate {
    Local::now().date_naive()
}

pub fn run(ctx: &Context, cmd: NoticeCommand) -> Outcome {
    match cmd {
        NoticeCommand::Delivered {
            keys,
            township: key,
            date,
        } => {
            let date = date.unwrap_or_else(today);
            let actor = Actor::now(&ctx.operator);
            let mut store = ctx.open_existing_as(Some(Action::CaseWork))?;
            let n = match key {
                Some(key) => {
                    let t = township(ctx, &key)?;
                    notices::delivered_township(&mut store, &actor, &t.code, date)?
                }
                None if keys.is_empty() => return Err(Failure(Text::NoticeNeedsWho)),
                None => notices::delivered(&mut store, &actor, &keys, date)?,
            };
            ctx.say(Text::NoticesDelivered { n, date });
            Ok(())
        }
        NoticeCommand::Receipt { keys, date } => {
            let date = date.unwrap_or_else(today);
            let mut store = ctx.open_existing_as(Some(Action::CaseWork))?;
            let n =
                notices::receipts_returned(&mut store, &Actor::now(&ctx.operator), &keys, date)?;
            ctx.say(Text::ReceiptsReturned { n, date });
            Ok(())
        }
        NoticeCommand::Pending {
            township: key,
            json,
        } => {
            let t = township(ctx, &key)?;
            let store = ctx.open_existing_as(None)?;
            let all = notices::statuses(store.conn(), &t.code)?;
            let pending: Vec<_> = all.iter().filter(|s| s.returned.is_none()).collect();
            if json {
                return print_json(&pending);
            }
            ctx.say(Text::ReceiptsPendingHead {
                township: t.name.clone(),
                total: all.len(),
                pending: pending.len(),
            });
            for s in pending {
                let h = &s.subject.holder;
                let delivered = match s.delivered {
                    Some(on) => Text::NoticeDeliveredOn { on },
                    None => Text::NoticeNotDelivered,
                };
                println!(
                    "{}\t{}\t{}\t{}",
                    h.name,
                    h.village,
                    super::person::masked(&h.id_number),
                    delivered.render(ctx.lang)
                );
            }
            Ok(())
        }
    }
}
