//! The reader's state machine: state, actions, and the pure mappings from
//! keys and mouse events to actions. No terminal I/O here; `crate::ui` draws
//! the state and `crate::tui` runs the loop.

pub mod action;
mod copy;
mod find;
pub mod keymap;
mod marks;
pub mod measure;
pub mod mouse;
pub mod nav;
pub mod state;
pub mod update;

pub use action::Action;
pub use state::{App, AppOptions, Pane, Search};
pub use update::update;
