//! Everything the reader can be asked to do, as data.

/// One step of the state machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Leave the reader.
    Quit,
    /// Close the open overlay, or quit when none is open.
    Back,
    /// Focus the next visible pane.
    FocusNext,
    /// Focus the previous visible pane.
    FocusPrev,
    /// Down one line (article) or one entry (navigator, FAQ).
    Down,
    /// Up one line or one entry.
    Up,
    /// Down one page.
    PageDown,
    /// Up one page.
    PageUp,
    /// To the top.
    Top,
    /// To the end.
    Bottom,
    /// Enter: jump to the navigator's selection, or toggle the FAQ's.
    Activate,
    /// Space: page down in the article, toggle in the FAQ.
    Space,
    /// Jump to the next section.
    NextSection,
    /// Jump to the previous section.
    PrevSection,
    /// Jump to section N (1-based) of the article.
    Section(usize),
    /// Open every FAQ answer.
    OpenAll,
    /// Close every FAQ answer.
    CloseAll,
    /// Show or hide the FAQ pane.
    ToggleFaq,
    /// Show or hide the section navigator.
    ToggleNav,
    /// Show or hide the help overlay.
    ToggleHelp,
    /// Scroll the article by a signed number of rows (mouse wheel).
    ScrollArticle(i32),
    /// Scroll the navigator list (mouse wheel).
    ScrollNav(i32),
    /// Scroll the FAQ pane (mouse wheel).
    ScrollFaq(i32),
    /// Jump to navigator entry i (click).
    NavJump(usize),
    /// Toggle FAQ entry i (click).
    FaqToggle(usize),
    /// The terminal has a new size.
    Resize(u16, u16),
    /// Open the search prompt.
    SearchPrompt,
    /// Go to the next search match.
    SearchNext,
    /// Go to the previous search match.
    SearchPrev,
    /// Type a character into the prompt.
    PromptInput(char),
    /// Delete the prompt's last character.
    PromptBackspace,
    /// Close the prompt without searching.
    PromptCancel,
    /// Search for what the prompt holds.
    PromptSubmit,
    /// Set a bookmark at the paragraph on top.
    AddBookmark,
    /// Open the bookmark list.
    Bookmarks,
    /// Delete the selected bookmark (in the list).
    DeleteBookmark,
    /// Show or hide tashkeel.
    ToggleTashkeel,
    /// Copy the current paragraph as written.
    Copy,
    /// Justify RTL lines with kashida, or not.
    ToggleJustify,
    /// Open the list of the links on screen.
    Links,
    /// Go back to where the last followed link was (a place or a document).
    HistoryBack,
    /// Open the picker of the documents read lately.
    Recent,
}
