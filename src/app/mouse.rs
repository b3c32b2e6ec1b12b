//! Mouse events → actions, hit-tested against the last layout.

use super::action::Action;
use super::state::App;
use crate::doc::{HEADING, Part};
use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

/// Rows moved by one wheel step.
const WHEEL_ROWS: i32 = 3;

fn hit(r: Option<Rect>, col: u16, row: u16) -> Option<Rect> {
    r.filter(|r| r.contains(Position::new(col, row)))
}

/// The action for a mouse event: the wheel scrolls the pane under the
/// pointer, a click on a navigator entry jumps, a click on a question toggles.
pub fn action_for_mouse(ev: &MouseEvent, app: &App) -> Option<Action> {
    let (col, row) = (ev.column, ev.row);
    let rects = &app.rects;
    // The navigator may float over the article: test it first.
    let in_nav = hit(rects.nav, col, row).is_some();
    let in_faq = !in_nav && hit(rects.faq, col, row).is_some();
    let in_article = !in_nav && !in_faq && rects.article.contains(Position::new(col, row));
    let wheel = match ev.kind {
        MouseEventKind::ScrollDown => Some(WHEEL_ROWS),
        MouseEventKind::ScrollUp => Some(-WHEEL_ROWS),
        _ => None,
    };
    if let Some(delta) = wheel {
        return match (in_nav, in_faq, in_article) {
            (true, _, _) => Some(Action::ScrollNav(delta)),
            (_, true, _) => Some(Action::ScrollFaq(delta)),
            (_, _, true) => Some(Action::ScrollArticle(delta)),
            _ => None,
        };
    }
    if ev.kind != MouseEventKind::Down(MouseButton::Left) {
        return None;
    }
    if let Some(inner) = hit(rects.nav_inner, col, row) {
        let i = app.nav.scroll + usize::from(row - inner.y);
        return (i < app.nav.entries.len()).then_some(Action::NavJump(i));
    }
    if let Some(inner) = hit(rects.faq_inner, col, row) {
        let r = app
            .faq
            .composed
            .rows
            .get(app.faq.scroll + usize::from(row - inner.y))?;
        return match r.anchor.part {
            Part::Faq(i) if r.anchor.block == HEADING && !r.is_blank() => {
                Some(Action::FaqToggle(i))
            }
            _ => None,
        };
    }
    None
}
