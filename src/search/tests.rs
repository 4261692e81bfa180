use super::*;
use crate::demo::generate::generate_scaled;
use crate::domain::campaign::Campaign;
use crate::domain::holder::Column;

fn entry(name: &str, id: &str, cert: Option<&str>) -> Entry {
    Entry {
        key: id.to_string(),
        name: name.to_string(),
        id_number: id.to_string(),
        cert_number: cert.map(str::to_string),
    }
}

/// IDs are only compared as text here, so they need not carry valid check digits.
fn sample() -> SearchIndex {
    SearchIndex::build(vec![
        entry("张三", "530323198001011234", Some("53032319800101123442")),
        entry("张三丰", "530323194502021115", Some("53032319450202111541")),
        entry("张珊", "53032319900303222X", Some("53032319900303222X13")),
        entry("单明", "530323197004045678", Some("53032319700404567843")),
        entry("丹明", "530323197105055671", Some("53032319710505567142")),
        entry("曾丽", "530323198506061357", None),
        entry("解秀英", "530323196007072468", Some("53032319600707246822")),
        entry("李张", "530323200008083579", Some("53032320000808357911")),
        entry(
            "阿依古丽·买买提",
            "530323199909094680",
            Some("53032319990909468061"),
        ),
    ])
}

fn keys(hits: &Hits) -> Vec<&str> {
    hits.items.iter().map(|h| h.key.as_str()).collect()
}

fn first(index: &SearchIndex, q: &str) -> Hit {
    index
        .search(q, 10)
        .items
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("{q}: no hit"))
}

const ZHANG_SAN: &str = "530323198001011234";
const SHAN_MING: &str = "530323197004045678";
const DAN_MING: &str = "530323197105055671";

#[test]
fn pinyin_forms_find_zhang_san_first() {
    let index = sample();
    for (q, kind) in [
        ("zhangsan", MatchKind::FullPinyin),
        ("zs", MatchKind::Initials),
        ("zhangs", MatchKind::FullPinyin),
        ("ZS", MatchKind::Initials),
    ] {
        assert_eq!(
            first(&index, q),
            Hit {
                key: ZHANG_SAN.into(),
                matched: kind
            },
            "{q}"
        );
    }
}

#[test]
fn initials_extend_to_longer_names() {
    let index = sample();
    let hits = index.search("zs", 10);
    assert_eq!(hits.total, 3, "张三, 张三丰 (zsf), 张珊 (zs)");
    assert!(keys(&index.search("zsf", 10)).contains(&"530323194502021115"));
}

#[test]
fn polyphonic_surnames_read_both_ways() {
    let index = sample();
    assert_eq!(first(&index, "shan").key, SHAN_MING);
    assert_eq!(keys(&index.search("shanming", 10)), [SHAN_MING]);
    assert_eq!(keys(&index.search("danming", 10)), [DAN_MING, SHAN_MING]);
    assert_eq!(keys(&index.search("dm", 10)), [DAN_MING, SHAN_MING]);
    assert_eq!(first(&index, "zengli").key, "530323198506061357");
    assert_eq!(first(&index, "cengli").key, "530323198506061357");
    assert_eq!(first(&index, "xiexy").key, "530323196007072468");
}

#[test]
fn last_digits_of_the_id() {
    let index = sample();
    for q in ["5678", "045678", "４５６７８"] {
        assert_eq!(
            first(&index, q),
            Hit {
                key: SHAN_MING.into(),
                matched: MatchKind::IdSuffix
            },
            "{q}"
        );
    }
    assert_eq!(first(&index, "222x").key, "53032319900303222X");
    assert_eq!(
        index.search("678", 10).total,
        0,
        "three digits are no suffix"
    );
}

#[test]
fn whole_id_and_certificate_numbers() {
    let index = sample();
    let id = first(&index, "53032319900303222x");
    assert_eq!(
        id,
        Hit {
            key: "53032319900303222X".into(),
            matched: MatchKind::IdNumber
        }
    );
    let cert = first(&index, "53032319800101123442");
    assert_eq!(
        cert,
        Hit {
            key: ZHANG_SAN.into(),
            matched: MatchKind::CertNumber
        }
    );
    let prefix = index.search("530323198", 10);
    assert_eq!(
        prefix.total, 2,
        "张三 by certificate, 曾丽 (who has none) by ID"
    );
    let kinds: Vec<MatchKind> = prefix.items.iter().map(|h| h.matched).collect();
    assert_eq!(kinds, [MatchKind::CertNumber, MatchKind::IdNumber]);
}

#[test]
fn exact_id_ranks_before_suffixes_and_prefixes() {
    let index = SearchIndex::build(vec![
        entry("甲", "1234", None),
        entry("乙", "991234", None),
        entry("丙", "12345", None),
    ]);
    assert_eq!(keys(&index.search("1234", 10)), ["1234", "991234", "12345"]);
}

#[test]
fn chinese_substrings() {
    let index = sample();
    assert_eq!(
        keys(&index.search("张", 10)),
        [
            ZHANG_SAN,
            "530323194502021115",
            "53032319900303222X",
            "530323200008083579"
        ]
    );
    assert_eq!(keys(&index.search("三丰", 10)), ["530323194502021115"]);
    assert_eq!(keys(&index.search("明", 10)), [DAN_MING, SHAN_MING]);
    assert_eq!(first(&index, "买买提").matched, MatchKind::Name);
    assert_eq!(index.search("张 三", 10).items[0].key, ZHANG_SAN);
}

#[test]
fn empty_query_finds_nothing() {
    let index = sample();
    assert_eq!(index.search("", 10), Hits::default());
    assert_eq!(index.search(" 　", 10), Hits::default());
}

#[test]
fn limit_keeps_the_best_and_total_counts_all() {
    let index = sample();
    let hits = index.search("z", 2);
    assert_eq!(hits.items.len(), 2);
    assert_eq!(hits.total, 4, "张三 张三丰 张珊, and 曾丽 read zeng");
    assert_eq!(index.search("z", 0).items, []);
}

#[test]
fn ranking_is_deterministic() {
    let entries: Vec<Entry> = (0..50)
        .map(|i| entry("王芳", &format!("5303231980{i:08}"), None))
        .collect();
    let mut shuffled = entries.clone();
    shuffled.reverse();
    let a = SearchIndex::build(entries).search("wf", 50);
    let b = SearchIndex::build(shuffled).search("wf", 50);
    assert_eq!(a, b);
    let expected: Vec<String> = (0..50).map(|i| format!("5303231980{i:08}")).collect();
    assert_eq!(keys(&a), expected);
}

#[test]
fn insert_update_remove_keep_results_current() {
    let mut index = sample();
    index.insert(entry(
        "赵六",
        "530323197707071111",
        Some("53032319770707111141"),
    ));
    assert!(keys(&index.search("zl", 10)).contains(&"530323197707071111"));
    assert_eq!(first(&index, "1111").key, "530323197707071111");

    index.update(entry("钱六", "530323197707071111", None));
    assert!(!keys(&index.search("zl", 10)).contains(&"530323197707071111"));
    assert_eq!(first(&index, "ql").key, "530323197707071111");
    assert_eq!(index.search("53032319770707111141", 10).total, 0);
    assert_eq!(index.len(), 10);

    assert!(index.remove(ZHANG_SAN));
    assert!(!index.remove(ZHANG_SAN));
    assert_eq!(index.search("zhangsan", 10).total, 1, "张三丰 by prefix");
    assert_eq!(index.search("1234", 10).total, 0);
    assert_eq!(keys(&index.search("明", 10)), [DAN_MING, SHAN_MING]);
    assert_eq!(first(&index, "5678").key, SHAN_MING);
}

#[test]
fn many_updates_match_a_fresh_build() {
    let mut live = SearchIndex::build(Vec::new());
    let mut all = Vec::new();
    for i in 0..300 {
        let e = entry(
            ["王芳", "单丽", "曾国", "李"][i % 4],
            &format!("{:018}", i * 7919),
            Some(&format!("{:020}", i)),
        );
        live.insert(e.clone());
        all.push(e);
    }
    for i in (0..300).step_by(3) {
        live.remove(&all[i].key);
        all[i].name = "解文".into();
        live.insert(all[i].clone());
    }
    let fresh = SearchIndex::build(all);
    for q in [
        "w", "shanl", "dl", "zengg", "xiew", "芳", "丽", "0001", "000", "1", "l",
    ] {
        assert_eq!(live.search(q, 20), fresh.search(q, 20), "{q}");
    }
}

#[test]
fn odd_names_do_not_panic() {
    let index = SearchIndex::build(vec![
        entry("", "1", None),
        entry("·", "2", None),
        entry("Anna·李", "3", None),
        entry("ＺＨＡＮＧ", "4", None),
        entry("𠀀𠀁", "5", None),
    ]);
    for q in ["·", "a", "anna", "annal", "zhang", "𠀀", "李", "x", "1"] {
        index.search(q, 5);
    }
    assert_eq!(first(&index, "annal").key, "3");
    assert_eq!(first(&index, "zhang").key, "4");
}

#[test]
fn generated_county_finds_everyone_by_name_initials_and_id() {
    let county = generate_scaled(7, Campaign::builtin(), 3_000);
    let entries: Vec<Entry> = county
        .rows
        .iter()
        .map(|r| {
            let cert = r.get(Column::CertNumber);
            entry(
                r.get(Column::Name),
                r.get(Column::IdNumber),
                (!cert.is_empty()).then_some(cert),
            )
        })
        .collect();
    let index = SearchIndex::build(entries.clone());
    for e in &entries {
        let found = |q: &str| {
            let hits = index.search(q, usize::MAX);
            hits.items.iter().any(|h| h.key == e.key)
        };
        let initials = reading::Spelling::of(&e.name, reading::Reading::Surname).initials();
        assert!(found(&e.name), "{} by name", e.name);
        assert!(found(&initials), "{} by {initials}", e.name);
        assert!(
            found(&e.id_number[e.id_number.len() - 6..]),
            "{} by ID",
            e.name
        );
    }
}
