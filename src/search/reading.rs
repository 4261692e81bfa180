//! Spelling a name in pinyin. The `pinyin` crate gives each character its most
//! common reading, which is wrong for a number of surnames (单 dan, 曾 ceng, 解 jie);
//! the first character — or the first two, for a compound surname — is read from
//! the tables below instead, and the common spelling is indexed beside it.

use pinyin::ToPinyin;

/// Single-character surnames read differently from the character's common reading.
/// 尉 is left out: as a single surname it is Wèi, the crate's reading; Yù is 尉迟.
const SURNAMES: &[(char, &str)] = &[
    ('单', "shan"),
    ('曾', "zeng"),
    ('解', "xie"),
    ('仇', "qiu"),
    ('区', "ou"),
    ('朴', "piao"),
    ('查', "zha"),
    ('盖', "ge"),
    ('乐', "yue"),
    ('缪', "miao"),
    ('覃', "qin"),
    ('翟', "zhai"),
    ('种', "chong"),
    ('秘', "bi"),
    ('召', "shao"),
    ('能', "nai"),
    ('员', "yun"),
    ('隗', "wei"),
    ('繁', "po"),
    ('薄', "bo"),
    ('阚', "kan"),
    ('句', "gou"),
    ('都', "du"),
    ('折', "she"),
    ('佴', "nai"),
    ('祭', "zhai"),
    ('长', "chang"),
    ('藏', "zang"),
    ('蕃', "pi"),
    ('眭', "sui"),
];

/// Compound surnames (复姓). 单于 is left out: 单 followed by a given name 于… is
/// far more common.
const COMPOUND_SURNAMES: &[(&str, [&str; 2])] = &[
    ("万俟", ["mo", "qi"]),
    ("尉迟", ["yu", "chi"]),
    ("长孙", ["zhang", "sun"]),
    ("澹台", ["tan", "tai"]),
    ("欧阳", ["ou", "yang"]),
    ("上官", ["shang", "guan"]),
    ("司马", ["si", "ma"]),
    ("诸葛", ["zhu", "ge"]),
    ("皇甫", ["huang", "fu"]),
    ("东方", ["dong", "fang"]),
    ("慕容", ["mu", "rong"]),
    ("夏侯", ["xia", "hou"]),
    ("宇文", ["yu", "wen"]),
    ("司徒", ["si", "tu"]),
    ("公孙", ["gong", "sun"]),
    ("令狐", ["ling", "hu"]),
    ("端木", ["duan", "mu"]),
    ("独孤", ["du", "gu"]),
    ("南宫", ["nan", "gong"]),
    ("轩辕", ["xuan", "yuan"]),
    ("呼延", ["hu", "yan"]),
    ("申屠", ["shen", "tu"]),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reading {
    /// The surname read as a surname.
    Surname,
    /// Every character read as the crate reads it.
    Common,
}

/// A name as syllables: `张三丰` is `zhang|san|feng`, surname one syllable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Spelling {
    text: String,
    starts: Vec<usize>,
    surname: usize,
}

impl Spelling {
    /// `name` is folded (see `query::fold`). Han characters are read, runs of ASCII
    /// letters and digits are one syllable each, anything else (`·`) is skipped.
    pub(super) fn of(name: &str, reading: Reading) -> Spelling {
        let mut spelling = Spelling {
            text: String::with_capacity(name.len() * 2),
            starts: Vec::new(),
            surname: 1,
        };
        let rest = match reading {
            Reading::Surname => spelling.read_surname(name),
            Reading::Common => name,
        };
        spelling.read(rest);
        spelling
    }

    pub(super) fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    pub(super) fn full(&self) -> &str {
        &self.text
    }

    pub(super) fn initials(&self) -> String {
        self.starts
            .iter()
            .map(|&s| char::from(self.text.as_bytes()[s]))
            .collect()
    }

    /// The surname in full and the given name as initials (`zhangsf`); `None` when
    /// there is no given name.
    pub(super) fn mixed(&self) -> Option<String> {
        let given = self.starts.get(self.surname)?;
        let mut out = self.text[..*given].to_string();
        out.extend(
            self.starts[self.surname..]
                .iter()
                .map(|&s| char::from(self.text.as_bytes()[s])),
        );
        Some(out)
    }

    /// Spells the surname from the tables and returns the rest of the name.
    fn read_surname<'a>(&mut self, name: &'a str) -> &'a str {
        if let Some((surname, syllables)) =
            COMPOUND_SURNAMES.iter().find(|(s, _)| name.starts_with(s))
        {
            syllables.iter().for_each(|s| self.push(s));
            self.surname = 2;
            return &name[surname.len()..];
        }
        let mut chars = name.chars();
        let Some(first) = chars.next() else {
            return name;
        };
        match SURNAMES.iter().find(|(c, _)| *c == first) {
            Some((_, syllable)) => {
                self.push(syllable);
                chars.as_str()
            }
            None => name,
        }
    }

    fn read(&mut self, name: &str) {
        let mut run: Option<usize> = None;
        for (i, c) in name.char_indices() {
            if c.is_ascii_alphanumeric() {
                run.get_or_insert(i);
                continue;
            }
            if let Some(start) = run.take() {
                self.push(&name[start..i]);
            }
            if let Some(p) = c.to_pinyin() {
                self.push(p.plain());
            }
        }
        if let Some(start) = run {
            self.push(&name[start..]);
        }
    }

    fn push(&mut self, syllable: &str) {
        let start = self.text.len();
        for c in syllable.chars() {
            match c {
                'ü' => self.text.push('v'),
                c if c.is_ascii_alphanumeric() => self.text.push(c),
                _ => {}
            }
        }
        if self.text.len() > start {
            self.starts.push(start);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(name: &str, reading: Reading) -> (String, String, Option<String>) {
        let s = Spelling::of(name, reading);
        (s.full().to_string(), s.initials(), s.mixed())
    }

    #[test]
    fn spells_surnames_as_surnames() {
        let f = |n| forms(n, Reading::Surname);
        assert_eq!(
            f("张三丰"),
            ("zhangsanfeng".into(), "zsf".into(), Some("zhangsf".into()))
        );
        assert_eq!(f("单明").0, "shanming");
        assert_eq!(forms("单明", Reading::Common).0, "danming");
        assert_eq!(f("曾丽").0, "zengli");
        assert_eq!(
            f("欧阳修"),
            ("ouyangxiu".into(), "oyx".into(), Some("ouyangx".into()))
        );
        assert_eq!(f("吕芳").0, "lvfang");
        assert_eq!(f("王").2, None);
    }

    #[test]
    fn skips_what_it_cannot_read() {
        let f = |n| forms(n, Reading::Surname);
        assert_eq!(f("阿依古丽·买买提").1, "ayglmmt");
        assert_eq!(f("李anna").0, "lianna");
        assert!(Spelling::of("·", Reading::Surname).is_empty());
        assert!(Spelling::of("", Reading::Surname).is_empty());
    }
}
