//! 总览: progress against the campaign's targets and deadlines, by township and category.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Gauge, Paragraph, Row, Table, Wrap};

use crate::domain::campaign::Campaign;
use crate::domain::ids::Category;
use crate::i18n::{Lang, Localized, Text};
use crate::store::queries::Stats;
use crate::ui::theme;

#[derive(Debug, Clone, Default)]
pub struct State {
    pub stats: Option<Stats>,
    pub error: Option<Text>,
}

/// `today`: the numbers of the site and day the queue is on.
pub fn view(f: &mut Frame, area: Rect, s: &State, campaign: &Campaign, today: Text, lang: Lang) {
    let [area, keys] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
    f.render_widget(
        Paragraph::new(Text::OverviewKeys.render(lang)).style(theme::dim()),
        keys,
    );
    let Some(stats) = &s.stats else {
        let text = s.error.clone().unwrap_or(Text::Loading);
        let style = if s.error.is_some() {
            theme::error()
        } else {
            theme::dim()
        };
        f.render_widget(
            Paragraph::new(text.render(lang))
                .style(style)
                .wrap(Wrap { trim: true }),
            area,
        );
        return;
    };
    let [head, gauges, tables] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Length(4),
        Constraint::Min(0),
    ])
    .areas(area);
    let headline = Text::StatsHeadline {
        holders: stats.holders,
        cases: stats.cases,
        medical: stats.by_basis["medical"],
        visual: stats.by_basis["visual"],
        new: stats.by_basis["new"],
    };
    f.render_widget(
        Paragraph::new(vec![
            Line::from(Span::styled(campaign.name.clone(), theme::title())),
            Line::from(headline.render(lang)),
            Line::from(Span::styled(
                Text::TodayAt {
                    line: today.render(lang),
                }
                .render(lang),
                theme::state(),
            )),
        ])
        .wrap(Wrap { trim: true }),
        head,
    );
    render_gauges(f, gauges, stats, campaign, lang);
    let [towns, cats] =
        Layout::horizontal([Constraint::Percentage(62), Constraint::Percentage(38)]).areas(tables);
    render_townships(f, towns, stats, lang);
    render_categories(f, cats, stats, lang);
}

fn ratio(done: u64, of: u64) -> f64 {
    if of == 0 {
        0.0
    } else {
        (done as f64 / of as f64).clamp(0.0, 1.0)
    }
}

fn render_gauges(f: &mut Frame, area: Rect, stats: &Stats, c: &Campaign, lang: Lang) {
    let issued = stats.by_state["issued"];
    let waiting_visual: u64 = [
        "needs_reassessment",
        "notified",
        "scheduled",
        "waiting",
        "needs_rescheduling",
    ]
    .iter()
    .map(|k| stats.by_state[k])
    .sum();
    let visual = c.targets.visual as u64;
    let reassessed = visual.saturating_sub(waiting_visual.min(visual));
    let rows = [
        (
            Text::GaugeIssued {
                done: issued,
                target: stats.holders,
                deadline: c.reassessment.visual_complete_by,
            },
            ratio(issued, stats.holders),
        ),
        (
            Text::GaugeReassessed {
                done: reassessed,
                target: visual,
                deadline: c.reassessment.planned_last_day,
            },
            ratio(reassessed, visual),
        ),
    ];
    let areas = Layout::vertical([Constraint::Length(2); 2]).split(area);
    for ((label, r), a) in rows.into_iter().zip(areas.iter()) {
        let [l, g] = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(*a);
        f.render_widget(Paragraph::new(label.render(lang)), l);
        f.render_widget(Gauge::default().ratio(r).gauge_style(theme::gauge()), g);
    }
}

fn render_townships(f: &mut Frame, area: Rect, stats: &Stats, lang: Lang) {
    let header = Row::new([
        Text::ColTownship.render(lang),
        Text::ColHolders.render(lang),
        Text::ColIssued.render(lang),
    ])
    .style(theme::header());
    let rows = stats.by_township.values().map(|t| {
        Row::new([
            t.name.clone(),
            t.holders.to_string(),
            format!("{} ({:.0}%)", t.issued, ratio(t.issued, t.holders) * 100.0),
        ])
    });
    let table = Table::new(
        rows,
        [
            Constraint::Min(10),
            Constraint::Length(7),
            Constraint::Length(12),
        ],
    )
    .header(header)
    .block(
        Block::default()
            .borders(Borders::TOP)
            .title(Text::ByTownship.render(lang)),
    );
    f.render_widget(table, area);
}

fn render_categories(f: &mut Frame, area: Rect, stats: &Stats, lang: Lang) {
    let rows = Category::ALL.iter().map(|c| {
        Row::new([
            c.local(lang),
            stats.by_category[&c.digit().to_string()].to_string(),
        ])
    });
    let table = Table::new(rows, [Constraint::Min(8), Constraint::Length(7)])
        .header(
            Row::new([
                Text::ColCategory.render(lang),
                Text::ColHolders.render(lang),
            ])
            .style(theme::header()),
        )
        .block(
            Block::default()
                .borders(Borders::TOP)
                .title(Text::ByCategory.render(lang)),
        );
    f.render_widget(table, area);
}
