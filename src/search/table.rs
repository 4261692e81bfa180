//! The entries themselves, kept in (folded name, key) order so that an entry's
//! position — its rank — is also its place in the result order. All strings live in
//! one arena; a record is 16 bytes.

use std::cmp::Ordering;

use super::Entry;
use super::query::fold;
use super::sort::{head, sort_by_head};
use crate::domain::text::normalize_code;

/// A change of every rank at or after a position, applied by each index.
#[derive(Debug, Clone, Copy)]
pub(super) enum Shift {
    Inserted(u32),
    Removed(u32),
}

impl Shift {
    pub(super) fn apply(self, rank: &mut u32) {
        match self {
            Shift::Inserted(at) if *rank >= at => *rank += 1,
            Shift::Removed(at) if *rank > at => *rank -= 1,
            _ => {}
        }
    }
}

const KEY_IS_ID: u8 = 1;
const CERT_EXTENDS_ID: u8 = 2;

/// Arena layout at `off`: name, key (unless it equals the ID), ID, then the
/// certificate number — only its tail when it starts with the ID, as it should.
#[derive(Debug, Clone, Copy)]
struct Record {
    off: u32,
    name: u16,
    key: u16,
    id: u16,
    cert: u16,
    flags: u8,
}

#[derive(Debug, Default)]
pub(super) struct Table {
    text: String,
    records: Vec<Record>,
    garbage: usize,
}

impl Table {
    pub(super) fn build(entries: Vec<Entry>) -> Table {
        let mut table = Table::default();
        table.records.reserve_exact(entries.len());
        for entry in entries {
            let record = table.push(&entry);
            table.records.push(record);
        }
        let mut records = std::mem::take(&mut table.records);
        sort_by_head(
            &mut records,
            |r| {
                head::<32>(
                    table
                        .name_of(r)
                        .bytes()
                        .chain([0])
                        .chain(table.key_of(r).bytes()),
                )
            },
            |a, b| (table.name_of(a), table.key_of(a)).cmp(&(table.name_of(b), table.key_of(b))),
        );
        table.records = records;
        table.compact();
        table
    }

    pub(super) fn len(&self) -> usize {
        self.records.len()
    }

    pub(super) fn name(&self, rank: u32) -> &str {
        self.name_of(&self.records[rank as usize])
    }

    pub(super) fn key(&self, rank: u32) -> &str {
        self.key_of(&self.records[rank as usize])
    }

    fn name_of(&self, r: &Record) -> &str {
        self.slice(r.off as usize, r.name)
    }

    fn key_of(&self, r: &Record) -> &str {
        if r.flags & KEY_IS_ID != 0 {
            self.slice(id_start(r), r.id)
        } else {
            self.slice(r.off as usize + usize::from(r.name), r.key)
        }
    }

    /// The ID number as given, which may end in an upper-case `X`.
    pub(super) fn id(&self, rank: u32) -> &str {
        let r = self.records[rank as usize];
        self.slice(id_start(&r), r.id)
    }

    pub(super) fn cert(&self, rank: u32) -> Option<&str> {
        let r = self.records[rank as usize];
        let start = if r.flags & CERT_EXTENDS_ID != 0 {
            id_start(&r)
        } else {
            id_start(&r) + usize::from(r.id)
        };
        (r.cert > 0).then(|| self.slice(start, r.cert))
    }

    pub(super) fn find_key(&self, key: &str) -> Option<u32> {
        (0..self.records.len() as u32).find(|&rank| self.key(rank) == key)
    }

    /// Where an entry with this folded name and key belongs.
    pub(super) fn position(&self, name: &str, key: &str) -> u32 {
        let n = self.records.len() as u32;
        partition_point(n, |rank| {
            (self.name(rank), self.key(rank)).cmp(&(name, key)) == Ordering::Less
        })
    }

    /// The ranks whose name starts with `q`, the exact matches first.
    pub(super) fn name_prefix(&self, q: &str) -> (std::ops::Range<u32>, u32) {
        let n = self.records.len() as u32;
        let lo = partition_point(n, |rank| self.name(rank) < q);
        let exact = lo + partition_point(n - lo, |i| self.name(lo + i) == q);
        let hi = exact + partition_point(n - exact, |i| self.name(exact + i).starts_with(q));
        (lo..hi, exact)
    }

    pub(super) fn insert(&mut self, entry: &Entry) -> u32 {
        let record = self.push(entry);
        let rank = self.position(self.name_of(&record), &entry.key);
        self.records.insert(rank as usize, record);
        rank
    }

    pub(super) fn remove(&mut self, rank: u32) {
        let r = self.records.remove(rank as usize);
        self.garbage +=
            id_start(&r) - r.off as usize + usize::from(r.id) + usize::from(cert_tail(&r));
        if self.garbage > self.text.len() / 2 {
            self.compact();
        }
    }

    fn push(&mut self, entry: &Entry) -> Record {
        let off = u32::try_from(self.text.len()).expect("search index text exceeds 4 GiB");
        let id = normalize_code(&entry.id_number);
        let cert = entry.cert_number.as_deref().map(normalize_code);
        let key_is_id = entry.key == id;
        let cert_extends_id = cert.as_deref().is_some_and(|c| c.starts_with(&id));
        let name = self.append(&fold(&entry.name));
        let key = if key_is_id {
            0
        } else {
            self.append(&entry.key)
        };
        let id_len = self.append(&id);
        let cert_len = match cert.as_deref() {
            Some(c) if cert_extends_id => id_len.saturating_add(self.append(&c[id.len()..])),
            Some(c) => self.append(c),
            None => 0,
        };
        let mut flags = 0;
        if key_is_id {
            flags |= KEY_IS_ID;
        }
        if cert_extends_id {
            flags |= CERT_EXTENDS_ID;
        }
        Record {
            off,
            name,
            key,
            id: id_len,
            cert: cert_len,
            flags,
        }
    }

    /// Appends at most 64 KiB of `s`, cut at a character boundary.
    fn append(&mut self, s: &str) -> u16 {
        let s = &s[..s.floor_char_boundary(usize::from(u16::MAX))];
        self.text.push_str(s);
        s.len() as u16
    }

    fn slice(&self, start: usize, len: u16) -> &str {
        &self.text[start..start + usize::from(len)]
    }

    fn compact(&mut self) {
        let old = std::mem::take(&mut self.text);
        for r in &mut self.records {
            let end = id_start(r) + usize::from(r.id) + usize::from(cert_tail(r));
            let start = r.off as usize;
            r.off = self.text.len() as u32;
            self.text.push_str(&old[start..end]);
        }
        self.text.shrink_to_fit();
        self.garbage = 0;
    }
}

fn id_start(r: &Record) -> usize {
    let key = if r.flags & KEY_IS_ID != 0 { 0 } else { r.key };
    r.off as usize + usize::from(r.name) + usize::from(key)
}

/// The bytes the certificate number occupies after the ID.
fn cert_tail(r: &Record) -> u16 {
    if r.flags & CERT_EXTENDS_ID != 0 {
        r.cert.saturating_sub(r.id)
    } else {
        r.cert
    }
}

/// The first of `0..n` for which `pred` is false, `pred` being true then false.
pub(super) fn partition_point(n: u32, mut pred: impl FnMut(u32) -> bool) -> u32 {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}
