use std::sync::mpsc;

use super::backup::{self, Reason};
use super::worker::{Reply, Request, Worker};
use super::*;
use crate::domain::holder::Contact;

fn campaign() -> &'static Campaign {
    Campaign::builtin()
}

/// A county of a few holders in a file database.
fn county(dir: &Path) -> (PathBuf, Vec<String>) {
    use crate::domain::case::Basis;
    use crate::domain::holder::Holder;
    use crate::domain::ids::{Category, CertNumber, Grade, IdNumber};
    let path = dir.join("county.db");
    let mut store = Store::open(&path, campaign()).unwrap();
    let mut ids = Vec::new();
    for seq in 0..5u16 {
        let born = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        let id = IdNumber::compose("530323", born, 300 + seq).unwrap();
        let h = Holder {
            id,
            name: format!("备份{seq}"),
            basis: Basis::Visual,
            cert: Some(CertNumber::new(
                id,
                Category::Physical,
                Grade::from_digit(2).unwrap(),
            )),
            township: "530323102000".into(),
            village: "大舍村".into(),
            phone: String::new(),
            guardian: String::new(),
            guardian_phone: String::new(),
            mobility_impaired: false,
            migrant: false,
            address: String::new(),
        };
        let mut tx = store.begin().unwrap();
        holders::insert(tx.conn(), &h, "").unwrap();
        tx.record(
            h.id.as_str(),
            &Actor::now("测试员"),
            &Event::Registered {
                basis: h.basis,
                category: h.category(),
                grade: h.grade(),
            },
        )
        .unwrap();
        tx.commit().unwrap();
        ids.push(h.id.as_str().to_string());
    }
    (path, ids)
}

fn phone_of(path: &Path, id: &str) -> String {
    let store = Store::open(path, campaign()).unwrap();
    store
        .conn()
        .query_row("SELECT phone FROM holder WHERE id_number = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap()
}

fn set_phone(path: &Path, id: &str, phone: &str) {
    let mut store = Store::open(path, campaign()).unwrap();
    let tx = store.begin().unwrap();
    tx.conn()
        .execute(
            "UPDATE holder SET phone = ?2 WHERE id_number = ?1",
            [id, phone],
        )
        .unwrap();
    tx.commit().unwrap();
}

#[test]
fn a_copy_is_whole_checked_and_restores_what_was_there() {
    let dir = tempfile::tempdir().unwrap();
    let (path, ids) = county(dir.path());
    set_phone(&path, &ids[0], "13800000001");
    let copy = {
        let store = Store::open(&path, campaign()).unwrap();
        backup::rotate(&store, Reason::Manual, chrono::Local::now()).unwrap()
    };
    assert!(copy.starts_with(backup::dir_for(&path)));
    // A later change, then the copy is restored: the change is gone, the database as it
    // was is kept aside, and the log still verifies.
    set_phone(&path, &ids[0], "13800000002");
    let restored = backup::restore(&path, &copy, campaign(), None).unwrap();
    assert_eq!(phone_of(&path, &ids[0]), "13800000001");
    let kept = restored.kept.unwrap();
    assert_eq!(phone_of(&kept, &ids[0]), "13800000002");
    let store = Store::open(&path, campaign()).unwrap();
    assert!(audit::verify(store.conn()).unwrap().ok());
    assert_eq!(restored.events, 5);
}

#[test]
fn a_tampered_copy_is_refused_and_the_database_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (path, ids) = county(dir.path());
    let copy = dir.path().join("copy.db");
    {
        let store = Store::open(&path, campaign()).unwrap();
        backup::copy_to(store.conn(), &copy, None).unwrap();
    }
    let victim: String = {
        let conn = Connection::open(&copy).unwrap();
        let id: String = conn
            .query_row(
                "SELECT id FROM event ORDER BY seq LIMIT 1 OFFSET 2",
                [],
                |r| r.get(0),
            )
            .unwrap();
        conn.execute_batch("DROP TRIGGER event_no_update").unwrap();
        conn.execute("UPDATE event SET operator = '冒名' WHERE id = ?1", [&id])
            .unwrap();
        id
    };
    set_phone(&path, &ids[1], "13900000009");
    let err = backup::restore(&path, &copy, campaign(), None).unwrap_err();
    let said = err.text().render(crate::i18n::Lang::Zh);
    assert!(said.contains("审计链") && said.contains(&victim), "{said}");
    assert_eq!(phone_of(&path, &ids[1]), "13900000009");

    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, "这不是数据库".repeat(300)).unwrap();
    let err = backup::restore(&path, &junk, campaign(), None).unwrap_err();
    let said = err.text().render(crate::i18n::Lang::Zh);
    assert!(said.contains("不是换证数据库"), "{said}");
    assert_eq!(phone_of(&path, &ids[1]), "13900000009");
}

#[test]
fn the_rotation_keeps_the_newest_copies() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = county(dir.path());
    let store = Store::open(&path, campaign()).unwrap();
    let t0 = chrono::Local::now();
    let mut made = Vec::new();
    for i in 0..backup::KEEP + 3 {
        let at = t0 + chrono::Duration::minutes(i as i64);
        made.push(backup::rotate(&store, Reason::Periodic, at).unwrap());
    }
    let left = backup::list(&backup::dir_for(&path));
    assert_eq!(left, made[3..].to_vec());
}

/// The worker copies at start, and at quit when something changed.
#[test]
fn the_worker_backs_up_at_start_and_at_quit_after_a_change() {
    let dir = tempfile::tempdir().unwrap();
    let (path, ids) = county(dir.path());
    let backups = backup::dir_for(&path);
    let (tx, rx) = mpsc::channel();
    {
        let store = Store::open(&path, campaign()).unwrap();
        operators::add(
            store.conn(),
            "测试员",
            crate::domain::operator::Role::Leader,
            None,
            "ceshi-22",
            None,
        )
        .unwrap();
    }
    let worker = Worker::spawn(Store::open(&path, campaign()).unwrap(), move |r| {
        let _ = tx.send(r);
    });
    worker.send(Request::SignIn {
        name: "测试员".into(),
        password: "ceshi-22".into(),
    });
    assert!(matches!(rx.recv().unwrap(), Reply::SignedIn(_)));
    worker.send(Request::EditContact {
        id_number: ids[2].clone(),
        contact: Contact {
            phone: "13712345678".into(),
            ..Contact::default()
        },
    });
    let reply = rx.recv().unwrap();
    assert!(
        !matches!(reply, Reply::Failed(_) | Reply::BackupFailed(_)),
        "{reply:?}"
    );
    drop(worker);
    let copies = backup::list(&backups);
    let names: Vec<String> = copies
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names[0].ends_with("-start.db") || names[1].ends_with("-start.db"));
    let quit = copies
        .iter()
        .find(|p| p.to_string_lossy().ends_with("-quit.db"))
        .unwrap();
    assert_eq!(phone_of(quit, &ids[2]), "13712345678");
}
