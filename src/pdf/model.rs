//! What a document says, in order, without positions: a title, paragraphs, fields,
//! tables, signature lines. [`super::layout`] places it on A4 pages.

/// Millimetres to points.
pub fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSetup {
    /// Points.
    pub width: f32,
    pub height: f32,
    pub top: f32,
    pub bottom: f32,
    pub left: f32,
    pub right: f32,
}

impl PageSetup {
    /// A4 portrait with the margins of a county form (GB/T 9704 keeps about 25 mm).
    pub fn a4() -> PageSetup {
        PageSetup {
            width: mm(210.0),
            height: mm(297.0),
            top: mm(20.0),
            bottom: mm(18.0),
            left: mm(22.0),
            right: mm(20.0),
        }
    }

    pub fn content_width(&self) -> f32 {
        self.width - self.left - self.right
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

/// Font sizes in points, by their Chinese names (字号).
pub mod size {
    /// 小二
    pub const TITLE: f32 = 18.0;
    /// 四号
    pub const SUBTITLE: f32 = 14.0;
    /// 小四
    pub const BODY: f32 = 12.0;
    /// 五号
    pub const TABLE: f32 = 10.5;
    /// 小五
    pub const SMALL: f32 = 9.0;
}

#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    pub text: String,
    pub size: f32,
    pub align: Align,
    /// Indent the first line by two characters, as Chinese prose is set.
    pub indent: bool,
    pub bold: bool,
}

/// A label and its filled-in value, drawn as `姓名：张三` with the value underlined.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: String,
    /// Share of the table's width; the shares need not add up to anything.
    pub weight: f32,
    pub align: Align,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
    pub size: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Centred, large; the document's heading.
    Title(String),
    /// Centred, smaller, under the title (a document number, a township, a date).
    Subtitle(String),
    Paragraph(Paragraph),
    /// Fields `per_row` to a line, each with its value underlined.
    Fields {
        per_row: usize,
        fields: Vec<Field>,
    },
    /// Rows break across pages; the header row is repeated on every page.
    Table(Table),
    /// `签字：________  日期：____年__月__日`, at the right.
    Signature {
        label: String,
    },
    /// A box to press the seal in, with the issuing body and date lines inside it.
    Stamp {
        lines: Vec<String>,
    },
    /// A dashed line across the page with a word in the middle, to tear off along.
    CutLine {
        label: String,
    },
    Space(f32),
    PageBreak,
    /// These blocks on one page together.
    Keep(Vec<Block>),
    /// These blocks together at the foot of the page (a tear-off receipt).
    AtBottom(Vec<Block>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The PDF's title in its properties.
    pub title: String,
    pub page: PageSetup,
    /// `第 1 页 / 共 N 页` at the foot of every page.
    pub page_numbers: bool,
    pub blocks: Vec<Block>,
}

impl Document {
    pub fn new(title: &str) -> Document {
        Document {
            title: title.to_string(),
            page: PageSetup::a4(),
            page_numbers: true,
            blocks: Vec::new(),
        }
    }

    pub fn push(&mut self, block: Block) -> &mut Document {
        self.blocks.push(block);
        self
    }

    pub fn title(&mut self, text: &str) -> &mut Document {
        self.push(Block::Title(text.to_string()))
    }

    pub fn subtitle(&mut self, text: &str) -> &mut Document {
        self.push(Block::Subtitle(text.to_string()))
    }

    /// Body text, first line indented.
    pub fn paragraph(&mut self, text: &str) -> &mut Document {
        self.push(Block::Paragraph(Paragraph::body(text)))
    }

    pub fn fields(&mut self, per_row: usize, fields: &[(&str, &str)]) -> &mut Document {
        self.push(Block::fields(per_row, fields))
    }

    pub fn table(&mut self, table: Table) -> &mut Document {
        self.push(Block::Table(table))
    }

    pub fn signature(&mut self, label: &str) -> &mut Document {
        self.push(Block::Signature {
            label: label.to_string(),
        })
    }

    pub fn stamp(&mut self, lines: &[&str]) -> &mut Document {
        self.push(Block::Stamp {
            lines: lines.iter().map(|s| s.to_string()).collect(),
        })
    }

    pub fn cut_line(&mut self, label: &str) -> &mut Document {
        self.push(Block::CutLine {
            label: label.to_string(),
        })
    }

    pub fn space_mm(&mut self, v: f32) -> &mut Document {
        self.push(Block::Space(mm(v)))
    }

    pub fn page_break(&mut self) -> &mut Document {
        self.push(Block::PageBreak)
    }
}

impl Paragraph {
    pub fn body(text: &str) -> Paragraph {
        Paragraph {
            text: text.to_string(),
            size: size::BODY,
            align: Align::Left,
            indent: true,
            bold: false,
        }
    }

    /// One line as it is: no indent (a salutation, a list item, a note).
    pub fn plain(text: &str) -> Paragraph {
        Paragraph {
            indent: false,
            ..Paragraph::body(text)
        }
    }

    pub fn right(text: &str) -> Paragraph {
        Paragraph {
            align: Align::Right,
            ..Paragraph::plain(text)
        }
    }

    pub fn heading(text: &str) -> Paragraph {
        Paragraph {
            bold: true,
            ..Paragraph::plain(text)
        }
    }

    pub fn sized(mut self, size: f32) -> Paragraph {
        self.size = size;
        self
    }
}

impl Block {
    pub fn fields(per_row: usize, fields: &[(&str, &str)]) -> Block {
        Block::Fields {
            per_row: per_row.max(1),
            fields: fields
                .iter()
                .map(|(label, value)| Field {
                    label: label.to_string(),
                    value: value.to_string(),
                })
                .collect(),
        }
    }
}

impl Column {
    pub fn new(header: &str, weight: f32) -> Column {
        Column {
            header: header.to_string(),
            weight,
            align: Align::Left,
        }
    }

    pub fn centered(header: &str, weight: f32) -> Column {
        Column {
            align: Align::Center,
            ..Column::new(header, weight)
        }
    }
}

impl Table {
    pub fn new(columns: Vec<Column>) -> Table {
        Table {
            columns,
            rows: Vec::new(),
            size: size::TABLE,
        }
    }

    pub fn row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) -> &mut Table {
        self.rows.push(cells.into_iter().map(Into::into).collect());
        self
    }
}
