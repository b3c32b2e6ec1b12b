//! What has the keyboard: the article, or one overlay over it. One value
//! instead of a flag per overlay, so that at most one is open and every
//! place that asks ("is the prompt open?") asks the same thing.

/// The reader's mode: reading, or the overlay that takes the keys.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Reading: the keys move through the article and its panes.
    #[default]
    Reading,
    /// The help overlay: only the keys that close it.
    Help,
    /// The search prompt on the status line, with what has been typed.
    Prompt(String),
    /// The bookmark list, with this entry selected.
    Bookmarks(usize),
    /// The list of the links on screen (`L`), with this one selected.
    Links(usize),
    /// The picker of the documents read lately (`O`).
    Recent(Box<super::recent::Picker>),
    /// Footnote `number` in a popup over the text, scrolled by `scroll`
    /// rows (a followed note link).
    Note {
        /// The note's number.
        number: u32,
        /// Rows scrolled.
        scroll: usize,
    },
}

impl Mode {
    /// What the search prompt holds, while it is open.
    pub fn prompt(&self) -> Option<&str> {
        match self {
            Mode::Prompt(typed) => Some(typed),
            _ => None,
        }
    }

    /// The selected entry of the link list, while it is open.
    pub fn link(&self) -> Option<usize> {
        match self {
            Mode::Links(selected) => Some(*selected),
            _ => None,
        }
    }

    /// The picker of recent documents, while it is open.
    pub fn recent(&self) -> Option<&super::recent::Picker> {
        match self {
            Mode::Recent(picker) => Some(picker),
            _ => None,
        }
    }

    /// The selected entry of the bookmark list, while it is open.
    pub fn bookmark(&self) -> Option<usize> {
        match self {
            Mode::Bookmarks(selected) => Some(*selected),
            _ => None,
        }
    }
}
