//! A township clerk (乡镇残联) sees their own township only, on the 情况说明 screen too:
//! its list and its counts.

mod common;

use common::tui::Harness;
use huanzheng::app::Tab;
use huanzheng::domain::case::{Loss, State};
use huanzheng::domain::operator::{Operator, Role};
use huanzheng::i18n::Lang;
use huanzheng::store::Actor;
use huanzheng::store::handover::StatementInput;
use huanzheng::store::queries::{self, ListFilter};
use huanzheng::store::statements;

#[test]
fn a_township_clerk_lists_and_counts_their_own_townships_statements_only() {
    let mut h = Harness::demo(Lang::Zh);
    let campaign = huanzheng::domain::campaign::Campaign::builtin();
    let (mine, other) = (&campaign.townships[0], &campaign.townships[1]);
    let first_of = |h: &Harness, township: &str| {
        queries::list(
            h.store().conn(),
            &ListFilter {
                state: Some(State::ReadyForHandover),
                township: Some(township.to_string()),
                limit: Some(2),
            },
        )
        .unwrap()
    };
    let ours = first_of(&h, &mine.code);
    let theirs = first_of(&h, &other.code).remove(0);
    let actor = Actor::now("陆松");
    for who in ours.iter().chain([&theirs]) {
        statements::create(
            &mut h.served.store,
            &actor,
            &StatementInput {
                id_number: who.id_number.clone(),
                loss: Some(Loss::Lost),
                account: "搬家时遗失".into(),
                signer: who.name.clone(),
                relation: "本人".into(),
            },
        )
        .unwrap();
    }

    // The leader sees all three.
    h.go(Tab::Statements);
    assert_eq!(h.app.statements.items.len(), 3);
    assert_eq!(h.app.statements.counts.total, 3);

    let clerk = Operator {
        name: "乡镇专干甲".into(),
        role: Role::TownshipClerk,
        township: Some(mine.code.clone()),
    };
    h.served.operator = Some(clerk.clone());
    h.app.operator = Some(clerk);
    h.go(Tab::Overview);
    h.go(Tab::Statements);
    let names: Vec<&str> = h
        .app
        .statements
        .items
        .iter()
        .map(|i| i.name.as_str())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(!names.contains(&theirs.name.as_str()), "{names:?}");
    assert_eq!(h.app.statements.counts.total, 2);
    let screen = h.screen_text(100, 30).join("\n");
    assert!(screen.contains("情况说明 2 份"), "{screen}");
    assert!(!screen.contains(&theirs.name), "{screen}");
}
