//! The database on its own thread. The interface sends requests and gets replies
//! through a callback; a keystroke never waits on the disk.

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::{self, JoinHandle};

use super::holders::HolderRow;
use super::queries::{self, PersonView, Stats};
use super::{Store, StoreError};
use crate::i18n::Text;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    Stats,
    /// `seq` lets the screen drop answers to queries it has already typed past.
    Search {
        seq: u64,
        query: String,
        limit: usize,
    },
    Person {
        id_number: String,
    },
}

#[derive(Debug, Clone)]
pub enum Reply {
    Stats(Box<Stats>),
    Found {
        seq: u64,
        total: usize,
        rows: Vec<HolderRow>,
    },
    Person(Box<PersonView>),
    Failed(Text),
}

pub struct Worker {
    requests: Sender<Request>,
    handle: Option<JoinHandle<()>>,
}

impl Worker {
    /// Moves `store` to a new thread; every reply is handed to `reply`.
    pub fn spawn(store: Store, reply: impl Fn(Reply) + Send + 'static) -> Worker {
        let (requests, inbox) = mpsc::channel();
        let handle = thread::Builder::new()
            .name("database".into())
            .spawn(move || serve(store, inbox, reply))
            .expect("spawn the database thread");
        Worker {
            requests,
            handle: Some(handle),
        }
    }

    pub fn send(&self, request: Request) {
        // A closed channel means the thread has ended with the program; nothing to do.
        let _ = self.requests.send(request);
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let (closed, _) = mpsc::channel();
        self.requests = closed;
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

fn serve(store: Store, inbox: Receiver<Request>, reply: impl Fn(Reply)) {
    while let Ok(mut request) = inbox.recv() {
        // Only the newest search matters: skip the ones typed past.
        while let Request::Search { .. } = request {
            match inbox.try_recv() {
                Ok(next @ Request::Search { .. }) => request = next,
                Ok(other) => {
                    reply(answer(&store, request));
                    request = other;
                }
                Err(_) => break,
            }
        }
        reply(answer(&store, request));
    }
}

/// Carries out one request; the worker thread runs this, and tests call it directly.
pub fn answer(store: &Store, request: Request) -> Reply {
    let result = match request {
        Request::Stats => queries::stats(store.conn()).map(|s| Reply::Stats(Box::new(s))),
        Request::Search { seq, query, limit } => queries::search(store.conn(), &query, limit)
            .map(|(total, rows)| Reply::Found { seq, total, rows }),
        Request::Person { id_number } => {
            queries::person(store, &id_number).map(|p| Reply::Person(Box::new(p)))
        }
    };
    result.unwrap_or_else(|e: StoreError| Reply::Failed(e.text()))
}
