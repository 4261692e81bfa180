//! Finding a holder as a clerk types: by name (any part of it), pinyin (full,
//! initials, or the surname in full and the given name as initials — `zhangsan`, `zs`,
//! `zhangs` all find 张三), the last digits of the ID number, or the ID or
//! certificate number. Polyphonic surnames are read as surnames (单 is `shan`) and
//! also by their common reading (`dan`), ranked after.
//!
//! Every query is a few binary searches over sorted arrays plus a scan of the
//! matching range; nothing is re-read from the database.

mod codes;
mod collect;
mod names;
mod query;
mod reading;
mod sort;
mod spelled;
mod table;
#[cfg(test)]
mod tests;

use codes::CodeIndex;
use collect::Collector;
use names::NameIndex;
use query::Query;
use spelled::SpelledIndex;
use table::Table;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// What a hit hands back: the holder's ID number.
    pub key: String,
    pub name: String,
    pub id_number: String,
    pub cert_number: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchKind {
    Name,
    Initials,
    FullPinyin,
    /// The last digits (four or more) of the ID number.
    IdSuffix,
    /// The whole ID number, or its beginning.
    IdNumber,
    /// The whole certificate number, or its beginning.
    CertNumber,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub key: String,
    pub matched: MatchKind,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hits {
    /// Every entry that matches, exactly counted.
    pub total: usize,
    /// The best `limit` of them: exact before prefix before elsewhere, then by name
    /// and key.
    pub items: Vec<Hit>,
}

/// An in-memory index over the holders, built once and kept current with
/// [`insert`](SearchIndex::insert), [`update`](SearchIndex::update) and
/// [`remove`](SearchIndex::remove), each O(n).
#[derive(Debug, Default)]
pub struct SearchIndex {
    table: Table,
    spelled: SpelledIndex,
    names: NameIndex,
    codes: CodeIndex,
}

impl SearchIndex {
    /// Keys are expected to be unique.
    pub fn build(entries: Vec<Entry>) -> SearchIndex {
        let table = Table::build(entries);
        SearchIndex {
            spelled: SpelledIndex::build(&table),
            names: NameIndex::build(&table),
            codes: CodeIndex::build(&table),
            table,
        }
    }

    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds an entry, replacing any with the same key.
    pub fn insert(&mut self, entry: Entry) {
        self.remove(&entry.key);
        let rank = self.table.insert(&entry);
        let name = self.table.name(rank).to_string();
        self.spelled.insert(rank, &name);
        self.names.insert(rank, &name);
        self.codes.insert(rank, &self.table);
    }

    /// Replaces the entry with the same key (a rename, a new certificate), or adds it.
    pub fn update(&mut self, entry: Entry) {
        self.insert(entry);
    }

    /// Returns whether an entry had this key.
    pub fn remove(&mut self, key: &str) -> bool {
        let Some(rank) = self.table.find_key(key) else {
            return false;
        };
        let name = self.table.name(rank).to_string();
        self.spelled.remove(rank);
        self.names.remove(rank, &name);
        self.codes.remove(rank);
        self.table.remove(rank);
        true
    }

    /// An empty (or blank) query finds nothing. `limit` is meant as a screenful:
    /// keeping the best costs O(`limit`) for each candidate that makes it in.
    pub fn search(&self, query: &str, limit: usize) -> Hits {
        let mut out = Collector::new(self.len(), limit);
        match query::parse(query) {
            Query::Empty => {}
            Query::Pinyin(q) => self.spelled.search(&q, &mut out),
            Query::Digits(q) => self.codes.search(&q, &self.table, &mut out),
            Query::Name(q) => self.names.search(&q, &self.table, &mut out),
        }
        out.finish(&self.table)
    }
}
