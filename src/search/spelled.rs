//! Pinyin keys of every name — full, initials and surname-then-initials, in the
//! surname reading and, where it differs, the common one — in one sorted array, so
//! that a typed prefix is a binary search and a contiguous range.

use super::MatchKind;
use super::collect::Collector;
use super::reading::{Reading, Spelling};
use super::sort::{head, sort_by_head};
use super::table::{Shift, Table};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Full,
    Initials,
    Mixed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Tag {
    form: Form,
    /// Spelt with the common reading of a surname that reads differently.
    common: bool,
}

impl Tag {
    /// Exact before prefix; full pinyin before initials; the surname reading before
    /// the common one.
    fn tier(self, exact: bool) -> u8 {
        let class = match (self.form, exact) {
            (Form::Full, true) => 0,
            (Form::Initials, true) => 1,
            (Form::Mixed, true) => 2,
            (Form::Full, false) => 3,
            (Form::Mixed, false) => 4,
            (Form::Initials, false) => 5,
        };
        class * 2 + u8::from(self.common)
    }

    fn kind(self) -> MatchKind {
        match self.form {
            Form::Initials => MatchKind::Initials,
            Form::Full | Form::Mixed => MatchKind::FullPinyin,
        }
    }
}

/// Bytes of a key compared inline when sorting; longer keys are rare.
const HEAD: usize = 16;

#[derive(Debug, Clone, Copy)]
struct Key {
    off: u32,
    rank: u32,
    len: u8,
    tag: Tag,
}

#[derive(Debug, Default)]
pub(super) struct SpelledIndex {
    text: String,
    keys: Vec<Key>,
}

impl SpelledIndex {
    pub(super) fn build(table: &Table) -> SpelledIndex {
        let mut index = SpelledIndex::default();
        for rank in 0..table.len() as u32 {
            for (key, tag) in keys_of(table.name(rank)) {
                let key = index.push(&key, rank, tag);
                index.keys.push(key);
            }
        }
        let text = &index.text;
        sort_by_head(
            &mut index.keys,
            |k| head::<HEAD>(key_text(text, k).bytes()),
            |a, b| {
                let (a_text, b_text) = if usize::from(a.len.max(b.len)) <= HEAD {
                    ("", "")
                } else {
                    (key_text(text, a), key_text(text, b))
                };
                (a_text, a.rank).cmp(&(b_text, b.rank))
            },
        );
        index.text.shrink_to_fit();
        index.keys.shrink_to_fit();
        index
    }

    pub(super) fn insert(&mut self, rank: u32, name: &str) {
        self.shift(Shift::Inserted(rank));
        for (key, tag) in keys_of(name) {
            let key = self.push(&key, rank, tag);
            let at = self.keys.partition_point(|k| {
                (self.text_of(k), k.rank) < (key_text(&self.text, &key), key.rank)
            });
            self.keys.insert(at, key);
        }
    }

    pub(super) fn remove(&mut self, rank: u32) {
        self.keys.retain(|k| k.rank != rank);
        self.shift(Shift::Removed(rank));
        if self.text.len() > 2 * self.keys.iter().map(|k| usize::from(k.len)).sum::<usize>() {
            self.compact();
        }
    }

    pub(super) fn search(&self, q: &str, out: &mut Collector) {
        let lo = self.keys.partition_point(|k| self.text_of(k) < q);
        let len = self.keys[lo..].partition_point(|k| self.text_of(k).starts_with(q));
        for k in &self.keys[lo..lo + len] {
            let exact = usize::from(k.len) == q.len();
            out.offer(k.rank, k.tag.tier(exact), k.tag.kind());
        }
    }

    fn shift(&mut self, shift: Shift) {
        self.keys.iter_mut().for_each(|k| shift.apply(&mut k.rank));
    }

    fn push(&mut self, key: &str, rank: u32, tag: Tag) -> Key {
        let key = &key[..key.len().min(usize::from(u8::MAX))];
        let off = u32::try_from(self.text.len()).expect("pinyin keys exceed 4 GiB");
        self.text.push_str(key);
        Key {
            off,
            rank,
            len: key.len() as u8,
            tag,
        }
    }

    fn text_of(&self, k: &Key) -> &str {
        key_text(&self.text, k)
    }

    fn compact(&mut self) {
        let old = std::mem::take(&mut self.text);
        for k in &mut self.keys {
            let start = k.off as usize;
            k.off = self.text.len() as u32;
            self.text.push_str(&old[start..start + usize::from(k.len)]);
        }
    }
}

fn key_text<'a>(text: &'a str, k: &Key) -> &'a str {
    &text[k.off as usize..k.off as usize + usize::from(k.len)]
}

/// The distinct keys of a folded name, best tag first.
fn keys_of(name: &str) -> Vec<(String, Tag)> {
    let surname = Spelling::of(name, Reading::Surname);
    let common = Spelling::of(name, Reading::Common);
    let mut keys = Vec::with_capacity(6);
    add_forms(&surname, false, &mut keys);
    if common != surname {
        add_forms(&common, true, &mut keys);
    }
    keys
}

fn add_forms(spelling: &Spelling, common: bool, keys: &mut Vec<(String, Tag)>) {
    if spelling.is_empty() {
        return;
    }
    let forms = [
        (Some(spelling.full().to_string()), Form::Full),
        (Some(spelling.initials()), Form::Initials),
        (spelling.mixed(), Form::Mixed),
    ];
    for (key, form) in forms {
        if let Some(key) = key
            && !keys.iter().any(|(k, _)| *k == key)
        {
            keys.push((key, Tag { form, common }));
        }
    }
}
