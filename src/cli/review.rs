//! `huanzheng public-notice …`, `review …`, `remote …`: 公示 batches, objections and
//! reviews (复核), remote assessments (异地评定). Each command is one action.

use chrono::{Local, NaiveDate};

use super::{
    Context, Failure, FindingArgs, Outcome, PublicNoticeCommand, RemoteCommand, ReviewCommand,
    print_json,
};
use crate::domain::campaign::Township;
use crate::domain::case::{Assessment, Event, Finding};
use crate::domain::operator::Action;
use crate::domain::review;
use crate::domain::text::normalize;
use crate::export::notice_list::period;
use crate::i18n::Text;
use crate::store::{Actor, holders, public_notice};

fn township<'c>(ctx: &'c Context, key: &str) -> Result<&'c Township, Failure> {
    ctx.campaign.find_township(key).ok_or_else(|| {
        Failure(Text::RowTownshipUnknown {
            value: key.to_string(),
        })
    })
}

fn on(ctx: &Context, date: Option<NaiveDate>) -> Actor {
    Actor::on(
        &ctx.operator,
        date.unwrap_or_else(|| Local::now().date_naive()),
    )
}

fn reason(text: &str) -> Result<String, Failure> {
    match normalize(text) {
        r if r.is_empty() => Err(Failure(Text::ReasonMissing)),
        r => Ok(r),
    }
}

fn finding(args: &FindingArgs) -> Result<Finding, Failure> {
    Ok(review::finding(
        args.category.as_deref(),
        args.grade.as_deref(),
        args.not_disabled,
    )?)
}

/// Records `event` for `key` and says where the case is now.
fn record(ctx: &Context, actor: &Actor, key: &str, event: &Event) -> Outcome {
    let mut store = ctx.open_existing_as(Some(Action::for_event(event)))?;
    let case = public_notice::record_for(&mut store, actor, key, event)?;
    let name = holders::find(store.conn(), key)?
        .map(|h| h.name)
        .unwrap_or_default();
    ctx.say(Text::CaseNow {
        name,
        state: case.state,
    });
    Ok(())
}

pub fn public_notice(ctx: &Context, cmd: PublicNoticeCommand) -> Outcome {
    match cmd {
        PublicNoticeCommand::Start {
            township: key,
            village,
            date,
        } => {
            let t = township(ctx, &key)?;
            let mut store = ctx.open_existing_as(Some(Action::CaseWork))?;
            let batch = public_notice::start(
                &mut store,
                &on(ctx, Some(date)),
                &t.code,
                village.as_deref(),
                date,
            )?;
            if batch.n == 0 {
                return Err(Failure(Text::NoOneInPublicNotice {
                    township: village.unwrap_or_else(|| t.name.clone()),
                }));
            }
            ctx.say(Text::BatchStarted {
                n: batch.n,
                start: batch.start,
                end: batch.end,
            });
            Ok(())
        }
        PublicNoticeCommand::List {
            township: key,
            json,
        } => {
            let t = township(ctx, &key)?;
            let store = ctx.open_existing_as(None)?;
            let rows = public_notice::notice_list(&store, &t.code)?;
            if json {
                let items: Vec<serde_json::Value> = rows
                    .iter()
                    .map(|r| {
                        serde_json::json!({
                            "id_number": r.holder.id_number,
                            "name": r.holder.name,
                            "village": r.holder.village,
                            "state": r.case.state,
                            "public_notice": r.case.public_notice,
                        })
                    })
                    .collect();
                return print_json(&items);
            }
            ctx.say(Text::NoticeListHead {
                township: t.name.clone(),
                n: rows.len(),
            });
            for r in rows {
                println!(
                    "{}\t{}\t{}\t{}",
                    r.holder.name,
                    r.holder.village,
                    super::person::masked(&r.holder.id_number),
                    period(r.case.public_notice)
                );
            }
            Ok(())
        }
        PublicNoticeCommand::Confirm {
            township: key,
            date,
        } => {
            let t = township(ctx, &key)?;
            let mut store = ctx.open_existing_as(Some(Action::EndPublicNotice))?;
            let done = public_notice::confirm(&mut store, &on(ctx, date), &t.code)?;
            ctx.say(Text::NoticeConfirmed {
                requested: done.requested,
                running: done.running,
            });
            Ok(())
        }
    }
}

pub fn review(ctx: &Context, cmd: ReviewCommand) -> Outcome {
    match cmd {
        ReviewCommand::Object {
            key,
            reason: r,
            date,
        } => {
            let event = Event::Objection {
                reason: reason(&r)?,
            };
            record(ctx, &on(ctx, date), &key, &event)
        }
        ReviewCommand::Request {
            key,
            reason: r,
            fee,
            receipt,
            date,
        } => {
            let receipt_no = normalize(&receipt);
            if receipt_no.is_empty() {
                return Err(Failure(Text::ReceiptNoMissing));
            }
            let event = Event::ReviewRequested {
                reason: reason(&r)?,
                fee_yuan: review::fee(&fee)?,
                receipt_no,
            };
            record(ctx, &on(ctx, date), &key, &event)
        }
        ReviewCommand::Decide {
            key,
            finding: f,
            institution,
            doctor,
            date,
        } => {
            let institution = institution
                .map(|i| normalize(&i))
                .unwrap_or_else(|| format!("{}残疾评定专家委员会", ctx.campaign.county.name));
            let event = Event::ReviewDecided {
                assessment: Assessment {
                    finding: finding(&f)?,
                    institution,
                    doctor: normalize(&doctor),
                    date,
                },
            };
            record(ctx, &on(ctx, Some(date)), &key, &event)
        }
    }
}

pub fn remote(ctx: &Context, cmd: RemoteCommand) -> Outcome {
    match cmd {
        RemoteCommand::Received {
            key,
            hospital,
            doctor,
            assessed,
            finding: f,
            date,
        } => {
            let event = Event::RemoteFormsReceived {
                assessment: Assessment {
                    finding: finding(&f)?,
                    institution: normalize(&hospital),
                    doctor: normalize(&doctor),
                    date: assessed,
                },
            };
            record(ctx, &on(ctx, date), &key, &event)
        }
        RemoteCommand::Accept { key, date } => {
            let event = Event::RemoteReviewed {
                accepted: true,
                reason: String::new(),
            };
            record(ctx, &on(ctx, date), &key, &event)
        }
        RemoteCommand::Return {
            key,
            reason: r,
            date,
        } => {
            let event = Event::RemoteReviewed {
                accepted: false,
                reason: reason(&r)?,
            };
            record(ctx, &on(ctx, date), &key, &event)
        }
    }
}
