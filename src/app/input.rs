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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::{Key, Keymap};
    use crate::app::{AppOptions, Mode};
    use crossterm::event::{KeyCode, KeyEvent, KeyEventState, KeyModifiers};

    fn app_with(keymap: Keymap) -> App {
        let opts = AppOptions {
            keymap,
            ..AppOptions::default()
        };
        App::new(crate::source::bundled(), opts, (120, 35))
    }

    fn press(c: char) -> Event {
        Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
    }

    #[test]
    fn keys_go_to_the_mode_that_has_them() {
        let mut app = app_with(Keymap::default());
        assert_eq!(action_for_event(&press('j'), &app), Some(Action::Down));
        app.mode = Mode::Prompt(String::new());
        assert_eq!(
            action_for_event(&press('j'), &app),
            Some(Action::PromptInput('j'))
        );
        app.mode = Mode::Help;
        assert_eq!(action_for_event(&press('j'), &app), None);
        app.mode = Mode::Bookmarks(0);
        assert_eq!(action_for_event(&press('j'), &app), Some(Action::Down));
        assert_eq!(action_for_event(&press(']'), &app), None);
    }

    #[test]
    fn the_config_files_keys_hold_in_every_mode() {
        let mut app = app_with(Keymap {
            custom: vec![(Key::Char('x'), Action::Down)],
        });
        for mode in [Mode::Reading, Mode::Bookmarks(0)] {
            app.mode = mode;
            assert_eq!(action_for_event(&press('x'), &app), Some(Action::Down));
            assert_eq!(action_for_event(&press('j'), &app), None);
        }
    }

    #[test]
    fn releases_are_ignored_and_resizes_pass() {
        let app = app_with(Keymap::default());
        let release = Event::Key(KeyEvent {
            code: KeyCode::Char('j'),
            modifiers: KeyModifiers::NONE,
            kind: KeyEventKind::Release,
            state: KeyEventState::NONE,
        });
        assert_eq!(action_for_event(&release, &app), None);
        assert_eq!(
            action_for_event(&Event::Resize(80, 24), &app),
            Some(Action::Resize(80, 24))
        );
        assert_eq!(action_for_event(&Event::FocusGained, &app), None);
    }
}
