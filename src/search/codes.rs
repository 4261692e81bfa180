//! ID and certificate numbers: ranks sorted by reversed ID (the whole ID, and the
//! last digits a clerk reads off a card), by certificate number, and by ID for the
//! few whose certificate number does not begin with their ID (none yet, or bad
//! data) — for everyone else a prefix of the ID is a prefix of the certificate
//! number, and scanning a million ranks once instead of twice keeps `5` within a
//! keystroke. Queries are lower case; stored numbers may end in `X`, so
//! comparisons fold ASCII case.

use std::cmp::Ordering;

use super::MatchKind;
use super::collect::Collector;
use super::sort::{head, sort_by_head};
use super::table::{Shift, Table};

const EXACT: u8 = 0;
const SUFFIX: u8 = 1;
const PREFIX: u8 = 2;

/// Fewer digits than this are not read as the end of an ID number.
pub(super) const MIN_SUFFIX: usize = 4;

#[derive(Debug, Clone, Copy)]
enum Order {
    Id,
    ReversedId,
    Cert,
}

impl Order {
    fn text(self, table: &Table, rank: u32) -> &str {
        match self {
            Order::Id | Order::ReversedId => table.id(rank),
            Order::Cert => table.cert(rank).unwrap_or(""),
        }
    }

    /// IDs and certificate numbers are 18 and 20 characters long.
    fn head(self, s: &str) -> [u8; 20] {
        let fold = |c: u8| c.to_ascii_lowercase();
        match self {
            Order::Id | Order::Cert => head(s.bytes().map(fold)),
            Order::ReversedId => head(s.bytes().rev().map(fold)),
        }
    }

    fn cmp(self, a: &str, b: &str) -> Ordering {
        let fold = |c: u8| c.to_ascii_lowercase();
        match self {
            Order::Id | Order::Cert => a.bytes().map(fold).cmp(b.bytes().map(fold)),
            Order::ReversedId => a.bytes().rev().map(fold).cmp(b.bytes().rev().map(fold)),
        }
    }

    /// `q` is a prefix of `s` in this order: a plain prefix, or a suffix when reversed.
    fn starts(self, s: &str, q: &str) -> bool {
        let (s, q) = (s.as_bytes(), q.as_bytes());
        let part = match self {
            Order::Id | Order::Cert => s.get(..q.len()),
            Order::ReversedId => s.len().checked_sub(q.len()).map(|at| &s[at..]),
        };
        part.is_some_and(|p| p.eq_ignore_ascii_case(q))
    }
}

#[derive(Debug, Default)]
struct Sorted(Vec<u32>);

impl Sorted {
    fn build(table: &Table, order: Order, ranks: impl Iterator<Item = u32>) -> Sorted {
        let mut ranks: Vec<u32> = ranks.collect();
        ranks.shrink_to_fit();
        let text = |r: &u32| order.text(table, *r);
        sort_by_head(
            &mut ranks,
            |r| order.head(text(r)),
            |a, b| order.cmp(text(a), text(b)).then(a.cmp(b)),
        );
        Sorted(ranks)
    }

    fn insert(&mut self, table: &Table, order: Order, rank: u32) {
        let text = order.text(table, rank);
        let at = self.0.partition_point(|&r| {
            order.cmp(order.text(table, r), text).then(r.cmp(&rank)) == Ordering::Less
        });
        self.0.insert(at, rank);
    }

    /// The ranks whose text starts with `q` in this order, split into those equal to
    /// `q` (which sort first) and the rest.
    fn range(&self, table: &Table, order: Order, q: &str) -> (&[u32], &[u32]) {
        let text = |r: u32| order.text(table, r);
        let lo = self
            .0
            .partition_point(|&r| order.cmp(text(r), q) == Ordering::Less);
        let len = self.0[lo..].partition_point(|&r| order.starts(text(r), q));
        let range = &self.0[lo..lo + len];
        range.split_at(range.partition_point(|&r| text(r).len() == q.len()))
    }

    fn update(&mut self, rank: u32, shift: Shift) {
        self.0.retain(|&r| r != rank);
        self.0.iter_mut().for_each(|r| shift.apply(r));
    }
}

#[derive(Debug, Default)]
pub(super) struct CodeIndex {
    /// Only the entries for which `needs_id_order` holds.
    by_id: Sorted,
    by_reversed_id: Sorted,
    by_cert: Sorted,
}

impl CodeIndex {
    pub(super) fn build(table: &Table) -> CodeIndex {
        let all = || 0..table.len() as u32;
        let with_cert = all().filter(|&r| table.cert(r).is_some());
        CodeIndex {
            by_id: Sorted::build(
                table,
                Order::Id,
                all().filter(|&r| needs_id_order(table, r)),
            ),
            by_reversed_id: Sorted::build(table, Order::ReversedId, all()),
            by_cert: Sorted::build(table, Order::Cert, with_cert),
        }
    }

    /// `table` already holds the new entry at `rank`.
    pub(super) fn insert(&mut self, rank: u32, table: &Table) {
        self.shift(Shift::Inserted(rank));
        if needs_id_order(table, rank) {
            self.by_id.insert(table, Order::Id, rank);
        }
        self.by_reversed_id.insert(table, Order::ReversedId, rank);
        if table.cert(rank).is_some() {
            self.by_cert.insert(table, Order::Cert, rank);
        }
    }

    pub(super) fn remove(&mut self, rank: u32) {
        let shift = Shift::Removed(rank);
        for sorted in [&mut self.by_id, &mut self.by_reversed_id, &mut self.by_cert] {
            sorted.update(rank, shift);
        }
    }

    pub(super) fn search(&self, q: &str, table: &Table, out: &mut Collector) {
        let (exact, prefixed) = self.by_cert.range(table, Order::Cert, q);
        offer_all(out, exact, EXACT, MatchKind::CertNumber);
        let (exact_id, ending) = self.by_reversed_id.range(table, Order::ReversedId, q);
        offer_all(out, exact_id, EXACT, MatchKind::IdNumber);
        if q.len() >= MIN_SUFFIX {
            offer_all(out, ending, SUFFIX, MatchKind::IdSuffix);
        }
        let (_, prefixed_id) = self.by_id.range(table, Order::Id, q);
        offer_all(out, prefixed, PREFIX, MatchKind::CertNumber);
        offer_all(out, prefixed_id, PREFIX, MatchKind::IdNumber);
    }

    fn shift(&mut self, shift: Shift) {
        for sorted in [&mut self.by_id, &mut self.by_reversed_id, &mut self.by_cert] {
            sorted.0.iter_mut().for_each(|r| shift.apply(r));
        }
    }
}

fn needs_id_order(table: &Table, rank: u32) -> bool {
    !table
        .cert(rank)
        .is_some_and(|cert| Order::Id.starts(cert, table.id(rank)))
}

fn offer_all(out: &mut Collector, ranks: &[u32], tier: u8, kind: MatchKind) {
    ranks.iter().for_each(|&rank| out.offer(rank, tier, kind));
}
