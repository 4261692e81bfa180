//! Bad input, fuzzed: the parsers a clerk's typing, a roster file or a card's answer
//! reach must never panic, whatever the bytes. Property tests (proptest): each runs
//! `PROPTEST_CASES` cases (256 by default); the notes give a longer run's figures:
//!
//!     PROPTEST_CASES=5000 cargo test --test fuzz

use std::io::Write;

use huanzheng::domain::campaign::Campaign;
use huanzheng::domain::holder::Column;
use huanzheng::domain::ids::{Category, CertNumber, Grade, IdNumber};
use huanzheng::domain::text::{normalize, parse_day};
use huanzheng::i18n::Lang;
use huanzheng::import::Silent;
use huanzheng::import::roster::{self, RosterOptions};
use huanzheng::reader::profile::{Profile, Transmit, TransmitError};
use huanzheng::store::{Actor, Store};
use proptest::prelude::*;

/// Characters clerks and spreadsheets actually produce around ID numbers.
fn id_like() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        4 => proptest::char::range('0', '9').prop_map(String::from),
        1 => proptest::char::range('０', '９').prop_map(String::from),
        1 => Just("X".to_string()),
        1 => Just("x".to_string()),
        1 => Just(" ".to_string()),
        1 => Just("\u{3000}".to_string()),
        1 => Just("E+17".to_string()),
        1 => Just(".".to_string()),
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(pieces, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn id_and_certificate_parsers_never_panic(s in id_like(), t in any::<String>()) {
        for input in [&s, &t] {
            if let Ok(id) = IdNumber::parse(input) {
                // What is accepted is canonical and parses to itself.
                prop_assert_eq!(IdNumber::parse(id.as_str()), Ok(id));
                prop_assert_eq!(id.as_str().len(), 18);
            }
            let _ = CertNumber::parse(input);
            let _ = Category::parse(input);
            let _ = Grade::parse(input);
            let _ = parse_day(input, 2022);
            let _ = normalize(input);
        }
    }
}

/// A cell of a roster as people fill them in, good and bad.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[\\PC]{0,12}",
        2 => id_like(),
        1 => Just("530323198001010190".to_string()),
        1 => Just("肢体".to_string()),
        1 => Just("二级".to_string()),
        1 => "[,\"\r\n;\t]{1,4}",
        1 => any::<String>(),
    ]
}

fn roster_bytes() -> impl Strategy<Value = (Vec<u8>, bool)> {
    let headers: Vec<&'static str> = Column::ALL.iter().map(|c| c.header_zh()).collect();
    let header = proptest::sample::subsequence(headers, 0..=Column::ALL.len());
    (
        header,
        proptest::collection::vec(proptest::collection::vec(cell(), 0..20), 0..12),
        any::<bool>(),
        proptest::collection::vec((any::<usize>(), any::<u8>()), 0..4),
    )
        .prop_map(|(header, rows, gbk, flips)| {
            let mut w = csv::WriterBuilder::new().flexible(true).from_writer(vec![]);
            w.write_record(&header).unwrap();
            for r in &rows {
                w.write_record(r).unwrap();
            }
            let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
            let mut bytes = if gbk {
                encoding_rs::GB18030.encode(&text).0.into_owned()
            } else {
                text.into_bytes()
            };
            // A few damaged bytes, as from a bad USB stick.
            for (at, b) in flips {
                if !bytes.is_empty() {
                    let n = bytes.len();
                    bytes[at % n] = b;
                }
            }
            (bytes, gbk)
        })
}

fn import_bytes(bytes: &[u8], ext: &str) -> Result<roster::RosterReport, String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("roster.{ext}"));
    std::fs::File::create(&path)
        .unwrap()
        .write_all(bytes)
        .unwrap();
    let mut store = Store::open_in_memory(Campaign::builtin()).unwrap();
    roster::import(
        &mut store,
        &path,
        &Actor::now("fuzz"),
        RosterOptions {
            dry_run: false,
            atomic: false,
            lang: Lang::Zh,
        },
        &Silent,
    )
    .map_err(|e| format!("{e:?}"))
}

proptest! {
    #[test]
    fn the_roster_importer_never_panics_on_csv((bytes, _) in roster_bytes()) {
        if let Ok(report) = import_bytes(&bytes, "csv") {
            // Every row read is accounted for.
            prop_assert_eq!(
                report.imported + report.updated + report.unchanged + report.rejected + report.duplicates,
                report.rows
            );
        }
    }

    #[test]
    fn the_roster_importer_never_panics_on_xlsx(
        rows in proptest::collection::vec(proptest::collection::vec(
            prop_oneof![
                cell().prop_map(Err),
                any::<f64>().prop_map(Ok),
                Just(Ok(5.303231980010102e17)),
            ], 0..18), 0..8),
        title in any::<bool>(),
        flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..3),
    ) {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        let top = u32::from(title);
        if title {
            sheet.write_string(0, 0, "石宗县残疾人证换证花名册").unwrap();
        }
        for (c, h) in Column::ALL.iter().enumerate() {
            sheet.write_string(top, c as u16, h.header_zh()).unwrap();
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (top + 1 + r as u32, c as u16);
                match v {
                    Ok(n) if n.is_finite() => { sheet.write_number(r, c, *n).unwrap(); }
                    Ok(_) => {}
                    Err(s) => { let _ = sheet.write_string(r, c, s); }
                }
            }
        }
        let mut bytes = book.save_to_buffer().unwrap();
        for (at, b) in flips {
            let n = bytes.len();
            bytes[at % n] = b;
        }
        let _ = import_bytes(&bytes, "xlsx");
    }
}

/// A card that answers each command with what the test says.
struct Scripted(Vec<Result<Vec<u8>, TransmitError>>);

impl Transmit for Scripted {
    fn transmit(&mut self, _apdu: &[u8]) -> Result<Vec<u8>, TransmitError> {
        if self.0.is_empty() {
            Err(TransmitError::Removed)
        } else {
            self.0.remove(0)
        }
    }
}

proptest! {
    #[test]
    fn the_card_profile_never_panics_on_any_answer(
        answers in proptest::collection::vec(
            prop_oneof![
                4 => proptest::collection::vec(any::<u8>(), 0..40).prop_map(Ok),
                2 => ("[0-9A-Za-z ]{0,24}", prop_oneof![Just(0x90u8), any::<u8>()])
                    .prop_map(|(s, sw1)| { let mut v = s.into_bytes(); v.extend([sw1, 0x00]); Ok(v) }),
                1 => Just(Err(TransmitError::Removed)),
                1 => "[\\PC]{0,10}".prop_map(|s| Err(TransmitError::Failed(s))),
            ],
            0..8,
        ),
        profile in any::<String>(),
    ) {
        let _ = Profile::builtin().run(&mut Scripted(answers.clone()));
        if let Ok(p) = Profile::parse(&profile) {
            let _ = p.run(&mut Scripted(answers));
        }
    }
}
