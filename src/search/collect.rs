//! Counting the distinct matches and keeping the best `limit` of them while an
//! index streams candidates, each possibly more than once and in any order.

use super::table::Table;
use super::{Hit, Hits, MatchKind};

#[derive(Debug, Clone, Copy)]
struct Candidate {
    tier: u8,
    rank: u32,
    kind: MatchKind,
}

impl Candidate {
    /// Lower is better; ranks are in (name, key) order, which breaks ties.
    fn order(&self) -> (u8, u32) {
        (self.tier, self.rank)
    }
}

pub(super) struct Collector {
    seen: Vec<u64>,
    total: usize,
    limit: usize,
    best: Vec<Candidate>,
}

impl Collector {
    pub(super) fn new(entries: usize, limit: usize) -> Collector {
        Collector {
            seen: vec![0; entries.div_ceil(64)],
            total: 0,
            limit,
            best: Vec::with_capacity(limit.min(1024) + 1),
        }
    }

    #[inline]
    pub(super) fn offer(&mut self, rank: u32, tier: u8, kind: MatchKind) {
        let (word, bit) = (rank as usize / 64, 1u64 << (rank % 64));
        if self.seen[word] & bit == 0 {
            self.seen[word] |= bit;
            self.total += 1;
        }
        let candidate = Candidate { tier, rank, kind };
        let full = self.best.len() == self.limit;
        if self.limit == 0
            || full
                && self
                    .best
                    .last()
                    .is_some_and(|w| w.order() <= candidate.order())
        {
            return;
        }
        self.admit(candidate);
    }

    fn admit(&mut self, candidate: Candidate) {
        if let Some(at) = self.best.iter().position(|c| c.rank == candidate.rank) {
            if self.best[at].tier <= candidate.tier {
                return;
            }
            self.best.remove(at);
        }
        let at = self.best.partition_point(|c| c.order() < candidate.order());
        self.best.insert(at, candidate);
        self.best.truncate(self.limit);
    }

    pub(super) fn finish(self, table: &Table) -> Hits {
        let items = self
            .best
            .iter()
            .map(|c| Hit {
                key: table.key(c.rank).to_string(),
                matched: c.kind,
            })
            .collect();
        Hits {
            total: self.total,
            items,
        }
    }
}
