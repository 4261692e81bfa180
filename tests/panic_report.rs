//! A panic's report says where the program stopped, never the data it had in hand.

use std::sync::{Arc, Mutex};

#[test]
fn a_panic_report_names_the_place_and_nothing_personal() {
    let out = Arc::new(Mutex::new(Vec::<u8>::new()));
    let sink = out.clone();
    std::panic::set_hook(Box::new(move |info| {
        huanzheng::panic_report::report(info, &mut *sink.lock().unwrap()).unwrap();
    }));
    let result = std::panic::catch_unwind(|| {
        let holder = ("张三丰", "53032319800101019X", "13812345678");
        panic!("row 7: {holder:?}");
    });
    let _ = std::panic::take_hook();
    assert!(result.is_err());
    let said = String::from_utf8(out.lock().unwrap().clone()).unwrap();
    assert!(said.contains("换证程序内部出错"), "{said}");
    assert!(said.contains("tests/panic_report.rs:"), "the place: {said}");
    for secret in ["张三丰", "53032319800101019X", "13812345678", "row 7"] {
        assert!(!said.contains(secret), "{secret} leaked: {said}");
    }
}
