//! The terminal runtime: input on its own thread, the database on its own thread,
//! one channel of messages into `update`, and a redraw only after something changed.

use std::io;
use std::sync::mpsc;
use std::thread;

use ratatui::crossterm::event::{self, Event, KeyEventKind};

use crate::app::card::SimCommand;
use crate::app::{self, App, Effect, Msg};
use crate::reader::{self, CardReader, PcscOptions, SimOptions, VirtualCard};
use crate::store::Store;
use crate::store::worker::Worker;

pub fn run(store: Store, mut app: App) -> io::Result<()> {
    let (tx, rx) = mpsc::channel::<Msg>();
    let replies = tx.clone();
    let worker = Worker::spawn(store, move |r| {
        let _ = replies.send(Msg::Reply(r));
    });
    // The card reader on its own thread: the demo's simulated one (its cards are put
    // on with a key), else the PC/SC readers.
    let card_reader = if app.status.demo {
        let options = SimOptions {
            // As slow as a real read, so the demo shows what the clerk will see.
            apdu_delay: std::time::Duration::from_millis(44),
            ..SimOptions::default()
        };
        CardReader::simulated(options, reader::to_channel(tx.clone()))
    } else {
        CardReader::pcsc(PcscOptions::default(), reader::to_channel(tx.clone()))
    };
    let ticks = tx.clone();
    thread::Builder::new()
        .name("input".into())
        .spawn(move || read_input(tx))?;
    // Waiting times are shown in minutes: a tick every 20 s keeps them true.
    thread::Builder::new().name("clock".into()).spawn(move || {
        while ticks.send(Msg::Tick(chrono::Utc::now())).is_ok() {
            thread::sleep(std::time::Duration::from_secs(20));
        }
    })?;

    // ratatui::init installs a panic hook that restores the terminal first.
    let mut terminal = ratatui::init();
    let result = (|| -> io::Result<()> {
        let mut effects = app.start();
        loop {
            for effect in effects.drain(..) {
                match effect {
                    Effect::Request(r) => worker.send(r),
                    Effect::Simulate(command) => {
                        if let Some(sim) = card_reader.simulator() {
                            match command {
                                SimCommand::Insert { card_number } => {
                                    sim.insert(VirtualCard::demo(&card_number))
                                }
                                SimCommand::Remove => sim.remove(),
                            }
                        }
                    }
                    Effect::Open(path) => open_in_viewer(&path),
                    Effect::Quit => return Ok(()),
                }
            }
            terminal.draw(|f| crate::ui::draw(f, &app))?;
            let Ok(msg) = rx.recv() else { return Ok(()) };
            effects = app::update(&mut app, msg);
            // Fold everything already waiting into one redraw.
            while let Ok(msg) = rx.try_recv() {
                effects.extend(app::update(&mut app, msg));
            }
        }
    })();
    ratatui::restore();
    drop(card_reader);
    drop(worker);
    result
}

fn read_input(tx: mpsc::Sender<Msg>) {
    loop {
        let msg = match event::read() {
            Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => Msg::Key(k),
            Ok(Event::Resize(..)) => Msg::Resize,
            Ok(_) => continue,
            Err(_) => return,
        };
        if tx.send(msg).is_err() {
            return;
        }
    }
}

/// Shows `path` in the system's viewer (xdg-open) when there is one; never waits for
/// it: a thread collects the viewer's exit so it leaves no zombie behind.
fn open_in_viewer(path: &std::path::Path) {
    let Some(viewer) = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("xdg-open"))
            .find(|candidate| candidate.is_file())
    }) else {
        return;
    };
    let spawned = std::process::Command::new(viewer)
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Ok(mut child) = spawned {
        let _ = thread::Builder::new()
            .name("viewer".into())
            .spawn(move || child.wait());
    }
}
