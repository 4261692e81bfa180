//! Name search: a prefix is a binary search over the table, which is in name order;
//! a substring elsewhere in the name is found through per-character postings.

use std::borrow::Cow;
use std::collections::HashMap;

use super::MatchKind;
use super::collect::Collector;
use super::table::{Shift, Table};

const EXACT: u8 = 0;
const PREFIX: u8 = 1;
const CONTAINS: u8 = 2;

/// For each character, the ascending ranks of the names that contain it.
#[derive(Debug, Default)]
pub(super) struct NameIndex {
    postings: HashMap<char, Vec<u32>>,
}

impl NameIndex {
    pub(super) fn build(table: &Table) -> NameIndex {
        let mut index = NameIndex::default();
        for rank in 0..table.len() as u32 {
            for c in distinct_chars(table.name(rank)) {
                index.postings.entry(c).or_default().push(rank);
            }
        }
        index.postings.values_mut().for_each(Vec::shrink_to_fit);
        index
    }

    pub(super) fn insert(&mut self, rank: u32, name: &str) {
        self.shift(Shift::Inserted(rank));
        for c in distinct_chars(name) {
            let list = self.postings.entry(c).or_default();
            let at = list.partition_point(|&r| r < rank);
            list.insert(at, rank);
        }
    }

    pub(super) fn remove(&mut self, rank: u32, name: &str) {
        for c in distinct_chars(name) {
            if let Some(list) = self.postings.get_mut(&c)
                && let Ok(at) = list.binary_search(&rank)
            {
                list.remove(at);
            }
        }
        self.postings.retain(|_, list| !list.is_empty());
        self.shift(Shift::Removed(rank));
    }

    pub(super) fn search(&self, q: &str, table: &Table, out: &mut Collector) {
        let (prefix, exact_end) = table.name_prefix(q);
        for rank in prefix.clone() {
            out.offer(
                rank,
                if rank < exact_end { EXACT } else { PREFIX },
                MatchKind::Name,
            );
        }
        let single_char = q.chars().nth(1).is_none();
        for &rank in self.candidates(q).iter() {
            if !prefix.contains(&rank) && (single_char || table.name(rank).contains(q)) {
                out.offer(rank, CONTAINS, MatchKind::Name);
            }
        }
    }

    /// Names that contain the two rarest characters of `q`: a superset of the matches.
    fn candidates(&self, q: &str) -> Cow<'_, [u32]> {
        let mut lists = Vec::new();
        for c in distinct_chars(q) {
            match self.postings.get(&c) {
                Some(list) => lists.push(list.as_slice()),
                None => return Cow::Borrowed(&[]),
            }
        }
        lists.sort_by_key(|l| l.len());
        match lists.as_slice() {
            [] => Cow::Borrowed(&[]),
            [only] => Cow::Borrowed(only),
            [a, b, ..] => Cow::Owned(intersect(a, b)),
        }
    }

    fn shift(&mut self, shift: Shift) {
        for list in self.postings.values_mut() {
            list.iter_mut().for_each(|r| shift.apply(r));
        }
    }
}

fn distinct_chars(s: &str) -> Vec<char> {
    let mut chars: Vec<char> = s.chars().collect();
    chars.sort_unstable();
    chars.dedup();
    chars
}

fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}
