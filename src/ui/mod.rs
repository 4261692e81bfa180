//! The chrome around the screens: tabs, status line, help and alerts. Drawing is a
//! pure function of the state.

pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Row, Table};

use crate::app::keymap::global_bindings;
use crate::app::{App, Overlay, Tab};
use crate::i18n::Text;
use crate::screens::{handover, holders, overview, plan, queue, sign_in, statements, visits};

pub fn draw(f: &mut Frame, app: &App) {
    if let Some(gate) = &app.gate {
        // Nothing behind the gate is drawn: a locked screen shows no one's data.
        let [title, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(f.area());
        f.render_widget(
            Paragraph::new(Line::from(Span::styled(
                format!(" {} ", app.campaign.name),
                theme::title(),
            ))),
            title,
        );
        sign_in::view(f, body, gate, &app.status.operator, app.lang);
        if app.overlay == Some(Overlay::ConfirmQuit) {
            draw_confirm_quit(f, body, app);
        }
        return;
    }
    let [tabs, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(f.area());
    draw_tabs(f, tabs, app);
    match app.tab {
        Tab::Overview => overview::view(
            f,
            body,
            &app.overview,
            app.campaign,
            app.queue.head(app.campaign),
            app.lang,
        ),
        Tab::Queue => queue::view(f, body, &app.queue, app.campaign, app.lang, app.now),
        Tab::Plan => plan::view(f, body, &app.plan, app.campaign, app.lang),
        Tab::Handover => handover::view(f, body, &app.handover, app.lang, app.status.demo),
        Tab::Visits => visits::view(f, body, &app.visits, app.campaign, app.lang),
        Tab::Statements => statements::view(f, body, &app.statements, app.lang),
        Tab::Holders => holders::view(f, body, &app.holders, app.lang),
    }
    draw_status(f, status, app);
    match app.overlay {
        Some(Overlay::Help) => draw_help(f, body, app),
        Some(Overlay::ConfirmQuit) => draw_confirm_quit(f, body, app),
        None => {}
    }
}

fn draw_tabs(f: &mut Frame, area: Rect, app: &App) {
    let mut spans = Vec::new();
    for (i, tab) in Tab::ALL.iter().enumerate() {
        let label = format!(" F{} {} ", i + 2, tab.title().render(app.lang));
        spans.push(Span::styled(label, theme::tab(*tab == app.tab.home())));
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled(Text::HelpHint.render(app.lang), theme::dim()));
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_status(f: &mut Frame, area: Rect, app: &App) {
    let text = match &app.alert {
        Some(alert) => alert.render(app.lang),
        None => Text::StatusLine {
            operator: app.status.operator.clone(),
            site: app
                .campaign
                .sites
                .get(app.queue.site)
                .map_or(String::new(), |s| s.name.clone()),
            day: match app.lang {
                crate::i18n::Lang::Zh => app.queue.date.format("%-m月%-d日").to_string(),
                crate::i18n::Lang::En => app.queue.date.format("%m-%d").to_string(),
            },
            reader: Box::new(app.reader.text()),
            database: app.status.database.clone(),
        }
        .render(app.lang),
    };
    let style = if app.alert.is_some() {
        theme::error()
    } else {
        theme::status()
    };
    let mut line = text;
    if app.status.demo && app.alert.is_none() {
        line = format!("{} │ {line}", Text::DemoTag.render(app.lang));
    }
    f.render_widget(Paragraph::new(line).style(style), area);
}

fn draw_help(f: &mut Frame, area: Rect, app: &App) {
    let mut rows: Vec<Row> = global_bindings()
        .into_iter()
        .map(|b| Row::new([b.keys.to_string(), b.help.render(app.lang)]))
        .collect();
    if app.tab == Tab::Visits {
        rows.extend(
            visits::help()
                .into_iter()
                .map(|(keys, help)| Row::new([keys.to_string(), help.render(app.lang)])),
        );
    }
    let popup = centered(area, 60, rows.len() as u16 + 2);
    f.render_widget(Clear, popup);
    let table = Table::new(rows, [Constraint::Length(18), Constraint::Min(10)]).block(
        Block::default()
            .borders(Borders::ALL)
            .title(Text::HelpTitle.render(app.lang)),
    );
    f.render_widget(table, popup);
}

fn draw_confirm_quit(f: &mut Frame, area: Rect, app: &App) {
    let popup = centered(area, 50, 4);
    f.render_widget(Clear, popup);
    f.render_widget(
        Paragraph::new(vec![
            Line::from(Text::ConfirmQuitUnsaved.render(app.lang)),
            Line::from(Text::YesNoKeys.render(app.lang)),
        ])
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme::error()),
        ),
        popup,
    );
}

/// A `width`×`height` box in the middle of `area`, shrunk to fit.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}
