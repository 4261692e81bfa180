//! Places a [`Document`] on pages: every block becomes chunks that are never split
//! (a line of text, a table row, a signature line), and chunks fill pages top to
//! bottom. Positions are points from the top-left corner of the page.

use super::model::{Align, Block, Document, Field, PageSetup, Paragraph, Table, mm, size};
use super::wrap::{Measure, wrap};

/// The baseline sits this far below the top of the em box (CJK fonts: 0.88 em).
const ASCENT: f32 = 0.88;

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text {
        x: f32,
        baseline: f32,
        size: f32,
        bold: bool,
        grey: bool,
        text: String,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        dashed: bool,
    },
    /// A light grey area (a table's header row).
    Shade { x: f32, y: f32, w: f32, h: f32 },
}

impl Item {
    fn shifted(mut self, dy: f32) -> Item {
        match &mut self {
            Item::Text { baseline, .. } => *baseline += dy,
            Item::Line { y1, y2, .. } => {
                *y1 += dy;
                *y2 += dy;
            }
            Item::Shade { y, .. } => *y += dy,
        }
        self
    }

    pub fn text(&self) -> Option<&str> {
        match self {
            Item::Text { text, .. } => Some(text),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub items: Vec<Item>,
}

impl Page {
    /// The page's words in drawing order, for tests.
    pub fn texts(&self) -> Vec<&str> {
        self.items.iter().filter_map(Item::text).collect()
    }
}

/// Something placed whole: items relative to its own top edge.
#[derive(Debug, Clone, Default)]
struct Chunk {
    height: f32,
    /// Room left below it, unless the page ends first.
    after: f32,
    items: Vec<Item>,
}

enum Flow {
    Chunk(Chunk),
    /// A table starts (its header row) or ends (None).
    Header(Option<Chunk>),
    Gap(f32),
    Break,
    Bottom(Chunk),
}

struct Composer<'a> {
    m: &'a dyn Measure,
    setup: PageSetup,
}

fn text(x: f32, top: f32, size: f32, line: &str) -> Item {
    Item::Text {
        x,
        baseline: top + ASCENT * size,
        size,
        bold: false,
        grey: false,
        text: line.to_string(),
    }
}

fn bold(item: Item) -> Item {
    match item {
        Item::Text {
            x,
            baseline,
            size,
            grey,
            text,
            ..
        } => Item::Text {
            x,
            baseline,
            size,
            bold: true,
            grey,
            text,
        },
        other => other,
    }
}

fn grey(item: Item) -> Item {
    match item {
        Item::Text {
            x,
            baseline,
            size,
            bold,
            text,
            ..
        } => Item::Text {
            x,
            baseline,
            size,
            bold,
            grey: true,
            text,
        },
        other => other,
    }
}

fn line(x1: f32, y1: f32, x2: f32, y2: f32, width: f32) -> Item {
    Item::Line {
        x1,
        y1,
        x2,
        y2,
        width,
        dashed: false,
    }
}

fn dashed(x1: f32, y1: f32, x2: f32, y2: f32) -> Item {
    Item::Line {
        x1,
        y1,
        x2,
        y2,
        width: 0.6,
        dashed: true,
    }
}

/// Stacks chunks into one, keeping their spacing.
fn stack(chunks: Vec<Chunk>) -> Chunk {
    let mut out = Chunk::default();
    let mut y = 0.0;
    let mut after = 0.0;
    for c in chunks {
        y += after;
        out.items
            .extend(c.items.into_iter().map(|item| item.shifted(y)));
        y += c.height;
        after = c.after;
    }
    out.height = y;
    out.after = after;
    out
}

impl Composer<'_> {
    fn left(&self) -> f32 {
        self.setup.left
    }

    fn width(&self) -> f32 {
        self.setup.content_width()
    }

    /// x of a line of `w` points aligned within [x, x + room].
    fn aligned(&self, align: Align, x: f32, room: f32, w: f32) -> f32 {
        match align {
            Align::Left => x,
            Align::Center => x + (room - w) / 2.0,
            Align::Right => x + room - w,
        }
    }

    fn flows(&self, block: &Block) -> Vec<Flow> {
        match block {
            Block::Title(t) => vec![Flow::Chunk(self.centred(t, size::TITLE, true, mm(3.0)))],
            Block::Subtitle(t) => {
                vec![Flow::Chunk(self.centred(t, size::SUBTITLE, false, mm(4.0)))]
            }
            Block::Paragraph(p) => self.paragraph(p).into_iter().map(Flow::Chunk).collect(),
            Block::Fields { per_row, fields } => fields
                .chunks((*per_row).max(1))
                .map(|row| Flow::Chunk(self.field_row(row, *per_row)))
                .collect(),
            Block::Table(t) => self.table(t),
            Block::Signature { label } => vec![Flow::Chunk(self.signature(label))],
            Block::Stamp { lines } => vec![Flow::Chunk(self.stamp(lines))],
            Block::CutLine { label } => vec![Flow::Chunk(self.cut_line(label))],
            Block::Space(v) => vec![Flow::Gap(*v)],
            Block::PageBreak => vec![Flow::Break],
            Block::Keep(blocks) => vec![Flow::Chunk(self.kept(blocks))],
            Block::AtBottom(blocks) => vec![Flow::Bottom(self.kept(blocks))],
        }
    }

    fn kept(&self, blocks: &[Block]) -> Chunk {
        let mut chunks = Vec::new();
        let mut gap = 0.0;
        for flow in blocks.iter().flat_map(|b| self.flows(b)) {
            match flow {
                Flow::Chunk(c) | Flow::Bottom(c) | Flow::Header(Some(c)) => {
                    if gap > 0.0 {
                        chunks.push(Chunk {
                            height: 0.0,
                            after: gap,
                            items: Vec::new(),
                        });
                        gap = 0.0;
                    }
                    chunks.push(c)
                }
                Flow::Gap(v) => gap += v,
                Flow::Header(None) | Flow::Break => {}
            }
        }
        stack(chunks)
    }

    fn centred(&self, t: &str, size: f32, strong: bool, after: f32) -> Chunk {
        let lh = size * 1.5;
        let lines = wrap(t, size, self.width(), self.width(), self.m);
        let mut items = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            let w = self.m.width(l, size);
            let x = self.aligned(Align::Center, self.left(), self.width(), w);
            let item = text(x, i as f32 * lh + (lh - size) / 2.0, size, l);
            items.push(if strong { bold(item) } else { item });
        }
        Chunk {
            height: lines.len() as f32 * lh,
            after,
            items,
        }
    }

    fn paragraph(&self, p: &Paragraph) -> Vec<Chunk> {
        let lh = p.size * 1.55;
        let indent = if p.indent { 2.0 * p.size } else { 0.0 };
        let lines = wrap(&p.text, p.size, self.width() - indent, self.width(), self.m);
        let n = lines.len();
        lines
            .into_iter()
            .enumerate()
            .map(|(i, l)| {
                let (x, room) = if i == 0 {
                    (self.left() + indent, self.width() - indent)
                } else {
                    (self.left(), self.width())
                };
                let w = self.m.width(&l, p.size);
                let x = self.aligned(p.align, x, room, w);
                let item = text(x, (lh - p.size) / 2.0, p.size, &l);
                Chunk {
                    height: lh,
                    after: if i + 1 == n { p.size * 0.4 } else { 0.0 },
                    items: vec![if p.bold { bold(item) } else { item }],
                }
            })
            .collect()
    }

    fn field_row(&self, row: &[Field], per_row: usize) -> Chunk {
        let size = size::BODY;
        let lh = size * 1.85;
        let gap = mm(4.0);
        let cell = self.width() / per_row as f32;
        let mut items = Vec::new();
        let mut lines_max = 1;
        for (i, f) in row.iter().enumerate() {
            let x = self.left() + i as f32 * cell;
            let label = format!("{}：", f.label);
            let lw = self.m.width(&label, size);
            // A gap between fields; the last one runs to the margin.
            let gap = if i + 1 < per_row { gap } else { 0.0 };
            let room = (cell - lw - gap).max(size);
            let lines = wrap(&f.value, size, room - 4.0, room - 4.0, self.m);
            lines_max = lines_max.max(lines.len());
            let top = (lh - size) / 2.0;
            items.push(text(x, top, size, &label));
            for (j, l) in lines.iter().enumerate() {
                let y = j as f32 * lh;
                items.push(text(x + lw + 2.0, y + top, size, l));
                let under = y + top + size + 2.5;
                items.push(line(x + lw, under, x + lw + room, under, 0.5));
            }
        }
        Chunk {
            height: lines_max as f32 * lh,
            after: mm(1.0),
            items,
        }
    }

    fn table(&self, t: &Table) -> Vec<Flow> {
        let total: f32 = t.columns.iter().map(|c| c.weight.max(0.0)).sum();
        let total = if total > 0.0 { total } else { 1.0 };
        let mut xs = vec![self.left()];
        for c in &t.columns {
            let last = *xs.last().unwrap_or(&self.left());
            xs.push(last + self.width() * c.weight.max(0.0) / total);
        }
        let header: Vec<String> = t.columns.iter().map(|c| c.header.clone()).collect();
        let mut header = self.table_row(t, &xs, &header, true);
        header.items.insert(
            0,
            Item::Shade {
                x: xs[0],
                y: 0.0,
                w: self.width(),
                h: header.height,
            },
        );
        let right = xs[xs.len() - 1];
        header.items.push(line(xs[0], 0.0, right, 0.0, 0.8));
        let mut flows = vec![Flow::Header(Some(header))];
        for r in &t.rows {
            flows.push(Flow::Chunk(self.table_row(t, &xs, r, false)));
        }
        flows.push(Flow::Header(None));
        flows.push(Flow::Gap(mm(4.0)));
        flows
    }

    fn table_row(&self, t: &Table, xs: &[f32], cells: &[String], head: bool) -> Chunk {
        let (px, py) = (3.5, 3.0);
        let lh = t.size * 1.35;
        let wrapped: Vec<Vec<String>> = (0..t.columns.len())
            .map(|i| {
                let room = xs[i + 1] - xs[i] - 2.0 * px;
                let cell = cells.get(i).map(String::as_str).unwrap_or("");
                wrap(cell, t.size, room, room, self.m)
            })
            .collect();
        let n = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let height = n as f32 * lh + 2.0 * py;
        let mut items = Vec::new();
        for (i, lines) in wrapped.iter().enumerate() {
            let align = if head {
                Align::Center
            } else {
                t.columns[i].align
            };
            let offset = py + (n - lines.len()) as f32 * lh / 2.0;
            for (j, l) in lines.iter().enumerate() {
                let w = self.m.width(l, t.size);
                let x = self.aligned(align, xs[i] + px, xs[i + 1] - xs[i] - 2.0 * px, w);
                let top = offset + j as f32 * lh + (lh - t.size) / 2.0;
                let item = text(x, top, t.size, l);
                items.push(if head { bold(item) } else { item });
            }
        }
        let frame = if head { 0.8 } else { 0.5 };
        for x in xs {
            items.push(line(*x, 0.0, *x, height, frame));
        }
        items.push(line(xs[0], height, xs[xs.len() - 1], height, frame));
        Chunk {
            height,
            after: 0.0,
            items,
        }
    }

    fn signature(&self, label: &str) -> Chunk {
        let size = size::BODY;
        let lh = size * 2.4;
        let top = lh - size - 4.0;
        let label = format!("{label}：");
        // Each word is followed by a blank to write on, but the last.
        let words = [label.as_str(), "日期：", "年", "月", "日"];
        let blanks = [mm(40.0), mm(14.0), mm(8.0), mm(8.0)];
        let gap = mm(8.0);
        let total = words.iter().map(|w| self.m.width(w, size)).sum::<f32>()
            + blanks.iter().sum::<f32>()
            + gap;
        let mut x = self.left() + self.width() - total;
        let mut items = Vec::new();
        let under = top + size + 2.5;
        for (i, word) in words.iter().enumerate() {
            items.push(text(x, top, size, word));
            x += self.m.width(word, size);
            if let Some(w) = blanks.get(i) {
                items.push(line(x, under, x + w, under, 0.5));
                x += w;
                if i == 0 {
                    x += gap;
                }
            }
        }
        Chunk {
            height: lh,
            after: mm(2.0),
            items,
        }
    }

    fn stamp(&self, lines: &[String]) -> Chunk {
        let size = size::BODY;
        let lh = size * 1.7;
        let w = mm(62.0);
        let h = mm(26.0).max(lines.len() as f32 * lh + mm(10.0));
        let x = self.left() + self.width() - w;
        let mut items = vec![
            dashed(x, 0.0, x + w, 0.0),
            dashed(x + w, 0.0, x + w, h),
            dashed(x + w, h, x, h),
            dashed(x, h, x, 0.0),
        ];
        let mark = "（盖章）";
        let small = size::SMALL;
        let mw = self.m.width(mark, small);
        items.push(grey(text(x + w - mw - mm(2.0), mm(2.0), small, mark)));
        let first = h - lines.len() as f32 * lh - mm(2.0);
        for (i, l) in lines.iter().enumerate() {
            let lw = self.m.width(l, size);
            let lx = self.aligned(Align::Center, x, w, lw);
            items.push(text(lx, first + i as f32 * lh + (lh - size) / 2.0, size, l));
        }
        Chunk {
            height: h,
            after: mm(3.0),
            items,
        }
    }

    fn cut_line(&self, label: &str) -> Chunk {
        let size = size::SMALL;
        let h = mm(9.0);
        let mid = h / 2.0;
        let lw = self.m.width(label, size);
        let centre = self.left() + self.width() / 2.0;
        let (from, to) = (self.left() - mm(8.0), self.left() + self.width() + mm(8.0));
        let mut items = Vec::new();
        if label.is_empty() {
            items.push(dashed(from, mid, to, mid));
        } else {
            let pad = mm(2.0);
            items.push(dashed(from, mid, centre - lw / 2.0 - pad, mid));
            items.push(dashed(centre + lw / 2.0 + pad, mid, to, mid));
            items.push(grey(text(centre - lw / 2.0, mid - size / 2.0, size, label)));
        }
        Chunk {
            height: h,
            after: mm(2.0),
            items,
        }
    }
}

struct Pager {
    setup: PageSetup,
    pages: Vec<Page>,
    y: f32,
    header: Option<Chunk>,
    header_due: bool,
}

impl Pager {
    fn bottom(&self) -> f32 {
        self.setup.height - self.setup.bottom
    }

    fn blank(&self) -> bool {
        self.y <= self.setup.top + 0.01
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = self.setup.top;
        self.header_due = self.header.is_some();
    }

    fn put(&mut self, c: &Chunk, y: f32) {
        let page = self.pages.last_mut().expect("a page is open");
        page.items
            .extend(c.items.iter().cloned().map(|item| item.shifted(y)));
    }

    fn place(&mut self, c: Chunk) {
        let header = self
            .header
            .as_ref()
            .filter(|_| self.header_due)
            .map_or(0.0, |h| h.height);
        if self.y + header + c.height > self.bottom() + 0.01 && !self.blank() {
            self.new_page();
        }
        if self.header_due
            && let Some(h) = self.header.clone()
        {
            self.put(&h, self.y);
            self.y += h.height;
            self.header_due = false;
        }
        self.put(&c, self.y);
        self.y += c.height + c.after;
    }

    fn run(&mut self, flow: Flow) {
        match flow {
            Flow::Chunk(c) => self.place(c),
            Flow::Header(h) => {
                self.header_due = h.is_some();
                self.header = h;
            }
            Flow::Gap(v) => self.y += v,
            Flow::Break => {
                if !self.blank() {
                    self.new_page();
                }
            }
            Flow::Bottom(c) => {
                if self.y + c.height > self.bottom() + 0.01 && !self.blank() {
                    self.new_page();
                }
                let y = (self.bottom() - c.height).max(self.y);
                self.put(&c, y);
                self.y = self.bottom().max(y + c.height);
            }
        }
    }
}

/// The footer of page `n` of `of`.
pub fn page_label(n: usize, of: usize) -> String {
    format!("第 {n} 页 / 共 {of} 页")
}

/// The document on pages, measured with `m`.
pub fn layout(doc: &Document, m: &dyn Measure) -> Vec<Page> {
    let composer = Composer { m, setup: doc.page };
    let mut pager = Pager {
        setup: doc.page,
        pages: Vec::new(),
        y: 0.0,
        header: None,
        header_due: false,
    };
    pager.new_page();
    for block in &doc.blocks {
        for flow in composer.flows(block) {
            pager.run(flow);
        }
    }
    let mut pages = pager.pages;
    // A break after the last block leaves an empty page behind.
    while pages.len() > 1 && pages.last().is_some_and(|p| p.items.is_empty()) {
        pages.pop();
    }
    if doc.page_numbers {
        let of = pages.len();
        let s = &doc.page;
        for (i, page) in pages.iter_mut().enumerate() {
            let label = page_label(i + 1, of);
            let w = m.width(&label, size::SMALL);
            let baseline = s.height - s.bottom / 2.0;
            page.items.push(grey(Item::Text {
                x: (s.width - w) / 2.0,
                baseline,
                size: size::SMALL,
                bold: false,
                grey: false,
                text: label,
            }));
        }
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::super::model::{Column, Paragraph, Table};
    use super::super::wrap::tests::Fixed;
    use super::*;

    fn long_table(rows: usize) -> Document {
        let mut doc = Document::new("t");
        doc.title("评定名单");
        let mut t = Table::new(vec![
            Column::centered("序号", 1.0),
            Column::new("姓名", 2.0),
            Column::new("村社区", 3.0),
        ]);
        for i in 1..=rows {
            t.row([i.to_string(), format!("人{i}"), "新村".to_string()]);
        }
        doc.table(t);
        doc
    }

    fn count(page: &Page, word: &str) -> usize {
        page.texts().iter().filter(|t| **t == word).count()
    }

    #[test]
    fn a_long_table_breaks_across_pages_and_repeats_its_header() {
        let pages = layout(&long_table(80), &Fixed);
        assert!(pages.len() >= 2, "80 rows fit one page?");
        for (i, page) in pages.iter().enumerate() {
            assert_eq!(count(page, "姓名"), 1, "header on page {}", i + 1);
        }
        // Every row exactly once, in order, the title only on page one.
        let names: Vec<String> = pages
            .iter()
            .flat_map(|p| p.texts())
            .filter(|t| t.starts_with('人'))
            .map(str::to_string)
            .collect();
        let expected: Vec<String> = (1..=80).map(|i| format!("人{i}")).collect();
        assert_eq!(names, expected);
        assert_eq!(count(&pages[0], "评定名单"), 1);
        assert_eq!(count(&pages[1], "评定名单"), 0);
        assert_eq!(
            pages[1].texts().last().copied(),
            Some(page_label(2, pages.len()).as_str())
        );
    }

    #[test]
    fn nothing_is_drawn_in_the_margins_but_the_page_number() {
        let doc = long_table(120);
        let s = doc.page;
        for page in layout(&doc, &Fixed) {
            for item in &page.items {
                let (top, bottom) = match item {
                    Item::Text { baseline, size, .. } => (baseline - size, *baseline),
                    Item::Line { y1, y2, .. } => (y1.min(*y2), y1.max(*y2)),
                    Item::Shade { y, h, .. } => (*y, y + h),
                };
                if item.text().is_some_and(|t| t.starts_with("第 ")) {
                    assert!(top > s.height - s.bottom, "page number in the body");
                    continue;
                }
                assert!(top >= s.top - 0.01, "{item:?} above the top margin");
                assert!(
                    bottom <= s.height - s.bottom + 0.01,
                    "{item:?} below the bottom margin"
                );
            }
        }
    }

    #[test]
    fn a_short_table_stays_on_one_page_with_its_numbers() {
        let pages = layout(&long_table(5), &Fixed);
        assert_eq!(pages.len(), 1);
        assert_eq!(count(&pages[0], "第 1 页 / 共 1 页"), 1);
    }

    #[test]
    fn a_header_is_never_left_alone_at_the_foot_of_a_page() {
        // However full the page is when the table starts.
        for n in 20..40 {
            let mut doc = Document::new("t");
            for _ in 0..n {
                doc.paragraph("一行");
            }
            let mut t = Table::new(vec![Column::new("表头", 1.0)]);
            t.row(["甲"]);
            doc.table(t);
            for page in layout(&doc, &Fixed) {
                let texts = page.texts();
                if texts.contains(&"表头") {
                    assert!(texts.contains(&"甲"), "{n}: header alone: {texts:?}");
                }
            }
        }
    }

    #[test]
    fn table_cells_wrap_within_their_column() {
        let mut doc = Document::new("t");
        let mut t = Table::new(vec![Column::new("甲", 1.0), Column::new("乙", 9.0)]);
        // The first column is about 16 mm: five characters of 10.5 pt at most.
        t.row(["一二三四五六七八九十", "短"]);
        doc.table(t);
        let pages = layout(&doc, &Fixed);
        let cell_lines: Vec<&str> = pages[0]
            .texts()
            .into_iter()
            .filter(|t| t.chars().all(|c| "一二三四五六七八九十".contains(c)))
            .collect();
        assert!(cell_lines.len() >= 2, "{cell_lines:?}");
        assert_eq!(cell_lines.concat(), "一二三四五六七八九十");
    }

    #[test]
    fn a_bottom_block_sits_at_the_foot_and_moves_on_when_it_does_not_fit() {
        let receipt = Block::AtBottom(vec![
            Block::CutLine {
                label: "沿此线剪下".into(),
            },
            Block::Title("回执".into()),
            Block::Signature {
                label: "签字".into(),
            },
        ]);
        let mut page_counts = Vec::new();
        for n in 0..30 {
            let mut doc = Document::new("t");
            for _ in 0..n {
                doc.paragraph("一行");
            }
            doc.push(receipt.clone());
            let pages = layout(&doc, &Fixed);
            let last = pages.last().unwrap();
            let baseline_of = |word: &str| {
                last.items.iter().find_map(|i| match i {
                    Item::Text { text, baseline, .. } if text == word => Some(*baseline),
                    _ => None,
                })
            };
            let s = doc.page;
            let sign = baseline_of("签字：").expect("the receipt is on the last page");
            assert!(
                sign > s.height - s.bottom - mm(15.0),
                "{n}: not at the foot"
            );
            assert!(baseline_of("沿此线剪下").is_some(), "{n}: receipt split");
            page_counts.push(pages.len());
        }
        assert_eq!(page_counts.first(), Some(&1));
        assert!(page_counts.contains(&2), "the receipt never moved on");
        assert!(page_counts.iter().all(|&p| p <= 2));
    }

    #[test]
    fn kept_blocks_move_to_the_next_page_together() {
        let mut doc = Document::new("t");
        for _ in 0..27 {
            doc.paragraph("一行");
        }
        doc.push(Block::Keep(vec![
            Block::Paragraph(Paragraph::heading("签收")),
            Block::Signature {
                label: "签字".into(),
            },
            Block::Stamp {
                lines: vec!["县残联".into()],
            },
        ]));
        let pages = layout(&doc, &Fixed);
        assert_eq!(pages.len(), 2);
        let two = pages[1].texts();
        for word in ["签收", "签字：", "县残联"] {
            assert!(two.contains(&word), "{word} not moved: {two:?}");
        }
        assert_eq!(count(&pages[0], "一行"), 27);
    }

    #[test]
    fn page_breaks_start_new_pages_but_never_blank_ones() {
        let mut doc = Document::new("t");
        doc.title("一")
            .page_break()
            .page_break()
            .title("二")
            .page_break();
        let pages = layout(&doc, &Fixed);
        assert_eq!(pages.len(), 2);
        assert_eq!(count(&pages[1], "二"), 1);
    }

    #[test]
    fn signature_and_date_blanks_end_at_the_right_margin() {
        let mut doc = Document::new("t");
        doc.signature("本人或监护人签字");
        let pages = layout(&doc, &Fixed);
        let texts = pages[0].texts();
        assert_eq!(
            texts[..5],
            ["本人或监护人签字：", "日期：", "年", "月", "日"]
        );
        let right = pages[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text { x, size, text, .. } if text == "日" => Some(x + size),
                _ => None,
            })
            .fold(0.0, f32::max);
        let edge = doc.page.width - doc.page.right;
        assert!((right - edge).abs() < 0.5, "{right} vs {edge}");
    }
}
