//! Card on the reader → card read, against the real pcscd with vpcd and the virtual
//! card of the tests, plus one APDU's round trip through pcscd.
//!
//!     cargo bench --bench reader              # 20 insertions
//!     cargo bench --bench reader -- 50        # another count
//!
//! Needs pcscd and vsmartcard-vpcd (apt-get install pcscd vsmartcard-vpcd); a pcscd
//! is started (as root) if none runs.

#[cfg(target_os = "linux")]
#[path = "../common/pcscd.rs"]
mod pcscd;
#[cfg(target_os = "linux")]
#[path = "../common/vpcd.rs"]
mod vpcd;

#[cfg(not(target_os = "linux"))]
fn main() {
    eprintln!("the reader benchmark needs Linux (pcscd with vpcd)");
}

#[cfg(target_os = "linux")]
fn main() {
    linux::main()
}

#[cfg(target_os = "linux")]
mod linux {
    use std::ffi::CString;
    use std::sync::mpsc::Receiver;
    use std::time::{Duration, Instant};

    use huanzheng::domain::campaign::Campaign;
    use huanzheng::reader::{CardReader, PcscOptions, ReaderEvent, VirtualCard};
    use huanzheng::store::{Actor, Store, handover};

    use super::vpcd::{READER, VpcdCard};
    use super::{pcscd, vpcd};

    const WAIT: Duration = Duration::from_secs(20);

    fn summary(what: &str, mut samples: Vec<Duration>) {
        samples.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{what:<46} median {:>7.1} ms   max {:>7.1} ms   (n={})",
            ms(samples[samples.len() / 2]),
            ms(samples[samples.len() - 1]),
            samples.len()
        );
    }

    fn next(events: &Receiver<ReaderEvent>, wanted: impl Fn(&ReaderEvent) -> bool) -> Instant {
        loop {
            let event = events.recv_timeout(WAIT).expect("a reader event");
            if let ReaderEvent::ReadFailed { error, .. } = &event {
                panic!("read failed: {error}");
            }
            if wanted(&event) {
                return Instant::now();
            }
        }
    }

    /// One SELECT through pcscd and vpcd, `n` times, on a card connected once.
    fn apdu_round_trips(n: usize) -> Vec<Duration> {
        let card = VpcdCard::insert(VirtualCard::demo("530323K29999"), WAIT).unwrap();
        let context = pcsc::Context::establish(pcsc::Scope::User).unwrap();
        let name = CString::new(READER).unwrap();
        let mut states = [pcsc::ReaderState::new(name.clone(), pcsc::State::UNAWARE)];
        while !states[0].event_state().contains(pcsc::State::PRESENT) {
            states[0].sync_current_state();
            context.get_status_change(WAIT, &mut states).unwrap();
        }
        let connected = context
            .connect(&name, pcsc::ShareMode::Shared, pcsc::Protocols::ANY)
            .unwrap();
        let mut buffer = [0; 258];
        let select = [0x00, 0xA4, 0x00, 0x0C, 0x02, 0x2F, 0x01];
        let samples = (0..n)
            .map(|_| {
                let start = Instant::now();
                let answer = connected.transmit(&select, &mut buffer).unwrap();
                assert_eq!(answer, [0x90, 0x00]);
                start.elapsed()
            })
            .collect();
        drop(connected);
        card.remove();
        assert!(pcscd::vpcd_empty(WAIT));
        samples
    }

    pub fn main() {
        let n: usize = std::env::args()
            .skip(1)
            .find_map(|a| a.parse().ok())
            .unwrap_or(20);
        let _pcscd = match pcscd::acquire() {
            Ok(guard) => guard,
            Err(why) => {
                eprintln!("cannot benchmark the reader: {why}");
                std::process::exit(1);
            }
        };
        println!("reader benchmark: pcscd + vpcd on 127.0.0.1:{}", vpcd::PORT);
        summary("APDU round trip (SELECT via pcscd)", apdu_round_trips(n));

        // The demo county (11,058 holders and their card batch): each card read is
        // looked up as the handover screen does, to put its owner on screen.
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("demo.db"), Campaign::builtin()).unwrap();
        huanzheng::demo::load(&mut store, 1, &Actor::now("bench")).unwrap();
        let cards: Vec<String> = store
            .conn()
            .prepare("SELECT card_number FROM card ORDER BY card_number LIMIT ?1")
            .unwrap()
            .query_map([n as i64], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();

        let (reader, events) = CardReader::pcsc_channel(PcscOptions {
            reader: Some(READER.into()),
            ..PcscOptions::default()
        });
        next(&events, |e| matches!(e, ReaderEvent::ReaderAttached { .. }));
        let (mut detect, mut read, mut total) = (Vec::new(), Vec::new(), Vec::new());
        let (mut lookup, mut on_screen) = (Vec::new(), Vec::new());
        for number in &cards {
            let card = VpcdCard::insert(VirtualCard::demo(number), WAIT).expect("connect to vpcd");
            let inserted = next(&events, |e| matches!(e, ReaderEvent::CardInserted { .. }));
            let done = next(&events, |e| matches!(e, ReaderEvent::CardRead(_)));
            let view = handover::view_by_card(&store, number).unwrap();
            let shown = Instant::now();
            assert!(view.is_some(), "the owner of {number} is found");
            detect.push(inserted - card.inserted_at);
            read.push(done - inserted);
            total.push(done - card.inserted_at);
            lookup.push(shown - done);
            on_screen.push(shown - inserted);
            card.remove();
            next(&events, |e| matches!(e, ReaderEvent::CardRemoved { .. }));
        }
        drop(reader);
        summary("card detected -> card read (connect + 3 APDUs)", read);
        summary("card read -> owner's handover view (11k county)", lookup);
        summary("card detected -> holder on screen", on_screen);
        summary("vpcd connect -> card detected (vpcd polling)", detect);
        summary("vpcd connect -> card read", total);
    }
}
