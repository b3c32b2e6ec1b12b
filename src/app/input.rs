//! The one router from terminal events to actions: a key goes to the keys
//! of the mode that has it (reading, help, the prompt, the bookmark list),
//! a mouse event is hit-tested against the layout, a resize is a resize.
//! Pure: the event loop (`crate::tui`) and the tests both call it.

use super::action::Action;
use super::mouse::action_for_mouse;
use super::state::App;
use crossterm::event::{Event, KeyEventKind};

/// The action for one terminal event in `app`'s current mode, if any.
pub fn action_for_event(ev: &Event, app: &App) -> Option<Action> {
    match ev {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            app.opts.keymap.action(key, &app.mode)
        }
        Event::Mouse(mouse) => action_for_mouse(mouse, app),
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        _ => None,
    }
}
