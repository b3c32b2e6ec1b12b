//! The reader's state machine: state, its [`Mode`], actions, and the pure
//! mappings from terminal events to actions ([`input`], which reads the key
//! table of [`bindings`] per mode through [`keymap`], and [`mouse`]). No
//! terminal I/O here; `crate::ui` draws the state and `crate::tui` runs the
//! loop.

pub mod action;
pub mod bindings;
mod copy;
mod find;
mod grow;
pub mod input;
pub mod keymap;
pub mod links;
mod marks;
pub mod measure;
pub mod mode;
pub mod mouse;
pub mod nav;
pub mod recent;
pub mod state;
pub mod update;

pub use action::Action;
pub use mode::Mode;
pub use state::{App, AppOptions, Pane, Search, ThemeName};
pub use update::update;

#[cfg(test)]
mod tests {
    /// The state machine sits below the widgets: no file of `app` may use
    /// `crate::ui` (the geometry and the theme's name live below both).
    #[test]
    fn app_imports_nothing_from_ui() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/app");
        // Spelt in two so that this file does not match itself.
        let needle = ["crate", "::ui"].concat();
        let mut files = vec![std::path::PathBuf::from(dir)];
        while let Some(path) = files.pop() {
            if path.is_dir() {
                let entries = std::fs::read_dir(&path).expect("src/app readable");
                files.extend(entries.map(|e| e.expect("entry").path()));
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("source readable");
            for (i, line) in text.lines().enumerate() {
                let code = line.trim_start();
                assert!(
                    code.starts_with("//") || !code.contains(&needle),
                    "{}:{}: {line}",
                    path.display(),
                    i + 1
                );
            }
        }
    }
}
