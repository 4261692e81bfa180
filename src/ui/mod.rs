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
use crate::screens::{
    audit, handover, holders, overview, plan, queue, reviews, sign_in, statements, visits,
};

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
        Tab::Audit => audit::view(f, body, &app.audit, app.campaign, app.lang),
        Tab::Reviews => reviews::view(
            f,
            body,
            &app.reviews,
            app.lang,
            app.now.with_timezone(&chrono::Local).date_naive(),
        ),
    }
    draw_status(f, status, app);
    if let Some((_, township)) = &app.print_menu {
        draw_print_menu(f, body, township, app);
    }
    match app.overlay {
        Some(Overlay::Help) => draw_help(f, body, app),
        Some(Overlay::ConfirmQuit) => draw_confirm_quit(f, body, app),
        None => {}
    }
}

fn draw_tabs(f: &mut Frame, area: Rect, app: &App) {
    f.render_widget(Paragraph::new(tab_line(app, area.width as usize)), area);
}

/// The tab bar, as roomy as `width` columns allow: a space between tabs and the help
/// hint when they fit; else the tabs touch (each keeps its own padding); else no
/// help hint; else each label loses its padding.
fn tab_line(app: &App, width: usize) -> Line<'static> {
    let hint = Text::HelpHint.render(app.lang);
    let build = |padded: bool, gap: &'static str, with_hint: bool| {
        let mut spans = Vec::new();
        for (i, tab) in Tab::ALL.iter().enumerate() {
            let title = tab.title().render(app.lang);
            let label = if padded {
                format!(" F{} {title} ", i + 2)
            } else {
                format!("F{} {title}", i + 2)
            };
            if i > 0 || !padded {
                spans.push(Span::raw(if i > 0 { gap } else { "" }));
            }
            spans.push(Span::styled(label, theme::tab(*tab == app.tab.home())));
        }
        if with_hint {
            spans.push(Span::raw(" "));
            spans.push(Span::styled(hint.clone(), theme::dim()));
        }
        Line::from(spans)
    };
    [
        (true, " ", true),
        (true, "", true),
        (true, "", false),
        (false, " ", false),
    ]
    .into_iter()
    .map(|(padded, gap, with_hint)| build(padded, gap, with_hint))
    .find(|line| line.width() <= width)
    .unwrap_or_else(|| build(false, " ", false))
}

fn draw_status(f: &mut Frame, area: Rect, app: &App) {
    let text = match (&app.alert, &app.note) {
        (Some(alert), _) => alert.render(app.lang),
        (None, Some(note)) => note.render(app.lang),
        (None, None) => Text::StatusLine {
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

/// Keys of the screen in front, listed under the global ones in the help.
fn screen_keys(tab: Tab) -> Vec<(&'static str, Text)> {
    match tab {
        Tab::Reviews => reviews::help(),
        Tab::Queue => vec![("d", Text::HelpDaySheet)],
        Tab::Holders | Tab::Handover => vec![("Ctrl-P", Text::HelpPrintMenu)],
        _ => Vec::new(),
    }
}

fn draw_help(f: &mut Frame, area: Rect, app: &App) {
    let mut rows: Vec<Row> = global_bindings()
        .into_iter()
        .map(|b| (b.keys, b.help))
        .chain(screen_keys(app.tab))
        .map(|(keys, help)| Row::new([keys.to_string(), help.render(app.lang)]))
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

fn draw_print_menu(f: &mut Frame, area: Rect, township: &str, app: &App) {
    let lines: Vec<Line> = [
        Text::PrintMenuTitle {
            township: township.to_string(),
        },
        Text::PrintMenuNotices,
        Text::PrintMenuRegister,
        Text::PrintMenuLedger,
        Text::PrintMenuRemakes,
    ]
    .iter()
    .map(|t| Line::from(t.render(app.lang)))
    .chain([Line::from(Span::styled(
        Text::PrintMenuKeys.render(app.lang),
        theme::dim(),
    ))])
    .collect();
    let popup = centered(area, 56, lines.len() as u16 + 2);
    f.render_widget(Clear, popup);
    f.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme::border(true)),
        ),
        popup,
    );
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
