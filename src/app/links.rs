//! Links in the reader: the list of the links on screen (`L`), following
//! one (`Enter` in the list) and going back (`Backspace`).
//!
//! Following decides, the loop does the I/O: a `#fragment` scrolls to the
//! heading whose GitHub slug it is ([`slug`]) or to footnote `#fn-N`; a
//! local text file is asked of the loop ([`App::open_request`]), which
//! loads it and hands it back ([`App::open_document`]); in a web page
//! (read from an address) an `http(s)` link, or a relative one resolved
//! against the page, is fetched the same way; anything else (`mailto:`,
//! another file, `http(s)` in a local file) is put on the clipboard
//! ([`App::copy_request`]) and shown on the status line. Each jump and
//! each document opened pushes where the reader was on [`App::history`],
//! and `Backspace` pops it: to the same top row, or to the whole previous
//! document as it was left (its search, its open answers, its place).

use super::action::Action;
use super::mode::Mode;
use super::state::App;
use crate::doc::{HEADING, Part, Pos, link_groups};
use crate::model::sanitize::percent_decode;
use crate::model::{Article, Block, Text, walk};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One entry of the link list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkEntry {
    /// The link's text as written.
    pub text: String,
    /// Its target (sanitized).
    pub href: String,
}

/// Where `Backspace` goes.
#[derive(Debug)]
pub enum Back {
    /// A row of the same document (the view's top before a jump).
    Here(Pos),
    /// The document that was open before a file link, as it was left.
    Document(Box<App>),
}

/// A file (or a page) the loop should load and open, then scroll to
/// `fragment` in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OpenRequest {
    /// The file (empty for a page).
    pub path: PathBuf,
    /// What follows `#` in the link, if anything.
    pub fragment: Option<String>,
    /// The page's absolute address (without the fragment), to fetch
    /// instead of a file.
    pub url: Option<String>,
    /// Chosen from the recent documents: its place is restored, and
    /// remembered from then on (see [`App::home`]).
    pub remember: bool,
}

/// Extensions of the files qari opens itself when a link names one.
const TEXT_FILES: [&str; 7] = ["md", "markdown", "mdown", "mkd", "txt", "text", "json"];

/// The list takes its own actions (and a resize).
pub(super) fn update_links(app: &mut App, action: Action) {
    match action {
        Action::Down => app.select_link(1),
        Action::Up => app.select_link(-1),
        Action::Activate => app.follow_selected(),
        Action::Back => app.mode = Mode::Reading,
        Action::Quit => app.quit = true,
        Action::Resize(w, h) => app.relayout((w, h)),
        _ => {}
    }
}

/// The widest a note's popup is, border included.
pub const NOTE_POPUP_WIDTH: u16 = 64;

/// The tallest a note's popup is on a screen of `height` rows, border
/// included: at most 12 rows, and the status line stays visible.
pub fn note_popup_height(height: u16) -> u16 {
    height.saturating_sub(1).min(12)
}

/// A note's popup: scroll, go to the note in the text (Backspace comes
/// back), close.
pub(super) fn update_note(app: &mut App, action: Action) {
    let Mode::Note { number, scroll } = app.mode else {
        return;
    };
    match action {
        Action::Down => {
            let last = app.note_rows_hidden();
            app.mode = Mode::Note {
                number,
                scroll: (scroll + 1).min(last),
            };
        }
        Action::Up => {
            app.mode = Mode::Note {
                number,
                scroll: scroll.saturating_sub(1),
            };
        }
        Action::Activate => {
            app.mode = Mode::Reading;
            let back = app.article_view.top;
            if app.go_to_fragment(&format!("fn-{number}")) {
                app.history.push(Back::Here(back));
            }
        }
        Action::Back => app.mode = Mode::Reading,
        Action::Quit => app.quit = true,
        Action::Resize(w, h) => app.relayout((w, h)),
        _ => {}
    }
}

/// GitHub's anchor for a heading: lowercased, every character but
/// letters, marks, digits, `_`, `-`, spaces and joiners dropped, spaces
/// turned into `-`. Letters of every script are kept (Arabic too).
pub fn slug(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter(|&c| {
            c.is_alphanumeric()
                || matches!(c, '_' | '-' | ' ' | '\u{200C}' | '\u{200D}')
                || is_mark(c)
        })
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// Combining marks GitHub keeps (`\p{M}`): the general ones, Arabic
/// harakat and Quranic marks. `is_alphanumeric` already takes those that
/// are `Other_Alphabetic`.
fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{08D3}'..='\u{08FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// The anchors of the article's headings in order (title, FAQ questions,
/// sections), duplicates numbered as GitHub numbers them (`x`, `x-1`,
/// `x-2`…), with the part each names.
pub fn heading_anchors(article: &Article) -> Vec<(String, Part)> {
    let mut headings: Vec<(&Text, Part)> = vec![(&article.title, Part::Title)];
    headings.extend(
        article
            .faq
            .iter()
            .enumerate()
            .map(|(i, e)| (&e.question, Part::Faq(i))),
    );
    headings.extend(
        article
            .sections
            .iter()
            .enumerate()
            .filter_map(|(i, s)| Some((s.heading.as_ref()?, Part::Section(i)))),
    );
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Vec::with_capacity(headings.len());
    for (text, part) in headings {
        let base = slug(&text.to_plain());
        let mut anchor = base.clone();
        let mut n = 0;
        while seen.contains(&anchor) {
            n += 1;
            anchor = format!("{base}-{n}");
        }
        seen.insert(anchor.clone());
        out.push((anchor, part));
    }
    out
}

/// Where footnote `n` is: its section, the anchor block of its notes and
/// its index among them.
fn note_place(article: &Article, n: u32) -> Option<(usize, u32, usize)> {
    article
        .sections
        .iter()
        .enumerate()
        .find_map(|(s, section)| {
            walk::leaves(&section.blocks).find_map(|leaf| match leaf.block {
                Block::Notes(notes)
                    if n >= notes.start
                        && u64::from(n - notes.start) < notes.items.len() as u64 =>
                {
                    Some((s, leaf.index, (n - notes.start) as usize))
                }
                _ => None,
            })
        })
}

/// What following `href` means, for a document read from `doc_path`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A `#fragment` of this document (decoded, without `#`).
    Fragment(String),
    /// A text file qari opens itself.
    File(OpenRequest),
    /// A web page qari fetches itself (its [`OpenRequest::url`] is set).
    Page(OpenRequest),
    /// Anything else: copied.
    Other,
}

/// Reads a link target (see the module doc).
pub fn target(href: &str, doc_path: Option<&Path>) -> Target {
    if let Some(fragment) = href.strip_prefix('#') {
        return Target::Fragment(percent_decode(fragment));
    }
    let scheme = crate::model::sanitize::href_scheme(href).map(str::to_ascii_lowercase);
    let local = match scheme.as_deref() {
        None => href,
        Some("file") => {
            let rest = &href[5..];
            match rest.strip_prefix("//") {
                // file://host/path: only this machine's.
                Some(r) => match r.find('/') {
                    Some(at) if matches!(&r[..at], "" | "localhost") => &r[at..],
                    _ => return Target::Other,
                },
                None => rest,
            }
        }
        Some(_) => return Target::Other,
    };
    let (path, fragment) = match local.split_once('#') {
        Some((p, f)) => (p, Some(percent_decode(f))),
        None => (local, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    let path = PathBuf::from(percent_decode(path));
    let is_text = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| TEXT_FILES.contains(&e.to_ascii_lowercase().as_str()));
    if path.as_os_str().is_empty() || !is_text {
        return Target::Other;
    }
    let path = match doc_path.and_then(Path::parent) {
        Some(dir) if path.is_relative() => dir.join(path),
        _ => path,
    };
    Target::File(OpenRequest {
        path,
        fragment,
        url: None,
        remember: false,
    })
}

/// Reads a link target in the page at `page` (an absolute address):
/// `#fragment` and links to the same page are fragments, other `http(s)`
/// links and relative ones are pages, anything else is copied.
pub fn web_target(href: &str, page: &str) -> Target {
    if let Some(fragment) = href.strip_prefix('#') {
        return Target::Fragment(percent_decode(fragment));
    }
    // Resolved here (pure); the loop fetches.
    let resolved = url::Url::parse(page)
        .and_then(|base| base.join(href))
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .map(String::from);
    let Some(resolved) = resolved else {
        return Target::Other;
    };
    let (address, fragment) = match resolved.split_once('#') {
        Some((a, f)) => (a.to_owned(), Some(percent_decode(f))),
        None => (resolved, None),
    };
    let here = page.split_once('#').map_or(page, |(p, _)| p);
    match fragment {
        Some(fragment) if address == here => Target::Fragment(fragment),
        _ => Target::Page(OpenRequest {
            path: PathBuf::new(),
            fragment,
            url: Some(address),
            remember: false,
        }),
    }
}

impl App {
    /// The links of the rows on screen, in reading order (a link is listed
    /// once per paragraph, if any of its cells shows).
    pub fn visible_links(&self) -> Vec<LinkEntry> {
        let mut shown: HashSet<Arc<str>> = HashSet::new();
        let mut blocks: Vec<(Part, u32)> = Vec::new();
        for row in self.visible_rows() {
            let links: Vec<_> = row.runs.iter().filter_map(|r| r.link.clone()).collect();
            if links.is_empty() {
                continue;
            }
            shown.extend(links);
            let key = (row.anchor.part, row.anchor.block);
            if !blocks.contains(&key) {
                blocks.push(key);
            }
        }
        let mut out = Vec::new();
        for (part, block) in blocks {
            for text in texts_of(&self.article, part, block) {
                let plain = text.to_plain();
                for (range, href) in link_groups(text) {
                    if shown.contains(href) {
                        out.push(LinkEntry {
                            text: plain[range].to_owned(),
                            href: href.to_owned(),
                        });
                    }
                }
            }
        }
        out
    }

    /// `L`: opens the list of the links on screen.
    pub(crate) fn open_links(&mut self) {
        let links = self.visible_links();
        match links.first() {
            Some(first) => {
                self.message = Some(first.href.clone());
                self.mode = Mode::Links(0);
            }
            None => self.message = Some(self.labels.no_links.to_owned()),
        }
    }

    fn select_link(&mut self, delta: i32) {
        let links = self.visible_links();
        let Some(at) = self.mode.link() else { return };
        let last = links.len().saturating_sub(1) as i64;
        let at = (at as i64 + i64::from(delta)).clamp(0, last) as usize;
        self.mode = Mode::Links(at);
        if let Some(link) = links.get(at) {
            self.message = Some(link.href.clone());
        }
    }

    fn follow_selected(&mut self) {
        let links = self.visible_links();
        let chosen = self.mode.link().and_then(|i| links.get(i)).cloned();
        self.mode = Mode::Reading;
        if let Some(link) = chosen {
            self.follow(&link.href);
        }
    }

    /// Follows a link's target (see the module doc).
    pub fn follow(&mut self, href: &str) {
        let target = match &self.opts.doc_url {
            Some(page) => web_target(href, page),
            None => target(href, self.opts.doc_path.as_deref()),
        };
        match target {
            // A footnote opens over the text; Enter there goes to it.
            Target::Fragment(fragment)
                if let Some(number) = fragment
                    .strip_prefix("fn-")
                    .and_then(|n| n.parse::<u32>().ok())
                    .filter(|&n| self.note_text(n).is_some()) =>
            {
                self.mode = Mode::Note { number, scroll: 0 };
            }
            Target::Fragment(fragment) => {
                let back = self.article_view.top;
                if self.go_to_fragment(&fragment) {
                    self.history.push(Back::Here(back));
                } else {
                    self.message = Some(format!("{} #{fragment}", self.labels.no_anchor));
                }
            }
            Target::File(request) | Target::Page(request) => self.open_request = Some(request),
            Target::Other => {
                self.message = Some(format!("{} {href}", self.labels.link_copied));
                self.copy_request = Some(href.to_owned());
            }
        }
    }

    /// The text of footnote `n`, if the article has it.
    pub fn note_text(&self, n: u32) -> Option<&Text> {
        let (section, block, k) = note_place(&self.article, n)?;
        let blocks = &self.article.sections.get(section)?.blocks;
        walk::leaves(blocks)
            .find(|leaf| leaf.index == block)
            .and_then(|leaf| match leaf.block {
                Block::Notes(notes) => notes.items.get(k),
                _ => None,
            })
    }

    /// The rows of the open note's popup: its text composed at the popup's
    /// inner width (see [`NOTE_POPUP_WIDTH`]).
    pub fn note_rows(&self) -> Vec<crate::doc::Row> {
        let Mode::Note { number, .. } = self.mode else {
            return Vec::new();
        };
        let Some(text) = self.note_text(number) else {
            return Vec::new();
        };
        let width = usize::from(self.size.0.min(NOTE_POPUP_WIDTH))
            .saturating_sub(2)
            .max(1);
        let opts = self.compose_options(width, crate::doc::FaqMode::Omit);
        crate::doc::compose_text(text, &opts, self.direction)
    }

    /// Rows of the open note that do not fit its popup (how far it
    /// scrolls).
    fn note_rows_hidden(&self) -> usize {
        let fits = usize::from(note_popup_height(self.size.1)).saturating_sub(2);
        self.note_rows().len().saturating_sub(fits)
    }

    /// Scrolls to the heading or note `fragment` names; false when none.
    fn go_to_fragment(&mut self, fragment: &str) -> bool {
        if let Some(n) = fragment
            .strip_prefix("fn-")
            .and_then(|n| n.parse::<u32>().ok())
            && let Some((section, block, k)) = note_place(&self.article, n)
        {
            self.go_to_anchor(crate::doc::Anchor {
                part: Part::Section(section),
                block,
                line: crate::doc::note_line(k),
            });
            return true;
        }
        // A named place: a book's chapter file.
        if let Some(place) = self.article.anchors.iter().find(|a| a.name == fragment) {
            self.go_to_place(crate::saved::Place {
                section: Some(place.section),
                block: 0,
            });
            return true;
        }
        let wanted = fragment.to_lowercase();
        let found = heading_anchors(&self.article)
            .into_iter()
            .find(|(anchor, _)| *anchor == wanted);
        match found {
            Some((_, Part::Faq(i))) => {
                if let Some(open) = self.faq.open.get_mut(i) {
                    *open = true;
                }
                self.faq.selected = i;
                self.recompose_faq();
                true
            }
            Some((_, part)) => {
                self.jump_to_part(part);
                self.follow_reading();
                true
            }
            None => false,
        }
    }

    /// The loop loaded the file of an [`OpenRequest`]: reads it in place
    /// of this document, which `Backspace` brings back as it was.
    pub fn open_document(&mut self, article: Article, request: &OpenRequest) {
        let opts = super::state::AppOptions {
            doc_path: request.url.is_none().then(|| request.path.clone()),
            doc_url: request.url.clone(),
            ..self.opts.clone()
        };
        let mut next = App::new(article, opts, self.size);
        next.history = std::mem::take(&mut self.history);
        if let Some(fragment) = &request.fragment {
            next.go_to_fragment(fragment);
        }
        next.message = Some(match &request.url {
            Some(url) => crate::model::sanitize::string(url),
            None => {
                let name = request.path.file_name().unwrap_or(request.path.as_os_str());
                name.to_string_lossy().into_owned()
            }
        });
        let previous = std::mem::replace(self, next);
        self.history.push(Back::Document(Box::new(previous)));
    }

    /// `Backspace`: back to where the last link was followed.
    pub(crate) fn history_back(&mut self) {
        match self.history.pop() {
            Some(Back::Here(pos)) => self.set_article_top(pos),
            Some(Back::Document(previous)) => {
                let size = self.size;
                let history = std::mem::take(&mut self.history);
                *self = *previous;
                self.history = history;
                self.mode = Mode::Reading;
                if self.size != size {
                    self.relayout(size);
                }
            }
            None => self.message = Some(self.labels.no_history.to_owned()),
        }
    }

    /// The document whose place is remembered: this one if it is
    /// ([`App::remembered`]: the first document read, or one chosen from
    /// the recent documents), else the latest such one that a link was
    /// followed from, as it was left. Without any, the first document
    /// read (`self` when no link was followed).
    pub fn home(&self) -> &App {
        if self.remembered.is_some() {
            return self;
        }
        let documents = || {
            self.history.iter().filter_map(|b| match b {
                Back::Document(d) => Some(&**d),
                Back::Here(_) => None,
            })
        };
        // A document pushed here had its own history moved on: the first
        // one pushed is the first read.
        documents()
            .rev()
            .find(|d| d.remembered.is_some())
            .or_else(|| documents().next())
            .unwrap_or(self)
    }
}

/// The texts of block `block` of `part` (a heading for [`HEADING`]).
fn texts_of(article: &Article, part: Part, block: u32) -> &[Text] {
    let blocks = match part {
        Part::Title => return std::slice::from_ref(&article.title),
        Part::Faq(i) => match article.faq.get(i) {
            Some(e) if block == HEADING => return std::slice::from_ref(&e.question),
            Some(e) => &e.answer,
            None => return &[],
        },
        Part::Section(i) => match article.sections.get(i) {
            Some(s) if block == HEADING => {
                return s.heading.as_slice();
            }
            Some(s) => &s.blocks,
            None => return &[],
        },
    };
    walk::leaves(blocks)
        .find(|leaf| leaf.index == block)
        .map_or(&[], |leaf| leaf.texts())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_githubs_rule() {
        assert_eq!(slug("Hello, World!"), "hello-world");
        assert_eq!(slug("What's new in 2.0?"), "whats-new-in-20");
        assert_eq!(slug("snake_case and-dash"), "snake_case-and-dash");
        assert_eq!(slug("ما أهمية التعاون؟"), "ما-أهمية-التعاون");
        assert_eq!(slug("«الأمن» (الإقليمي)"), "الأمن-الإقليمي");
        assert_eq!(slug("مُقَدِّمَة"), "مُقَدِّمَة", "harakat are marks: kept");
        assert_eq!(slug("Ünïcode  Ωmega"), "ünïcode--ωmega");
    }

    #[test]
    fn duplicate_headings_are_numbered() {
        let a = crate::import::markdown::parse(
            "# مقدمة\n\nنص.\n\n## مقدمة\n\nنص.\n\n## مقدمة\n\nنص.\n\n## Other\n",
        );
        let anchors: Vec<String> = heading_anchors(&a).into_iter().map(|(s, _)| s).collect();
        assert_eq!(anchors, ["مقدمة", "مقدمة-1", "مقدمة-2", "other"]);
    }

    #[test]
    fn targets_are_fragments_files_or_copied() {
        let doc = Some(Path::new("/docs/a/index.md"));
        assert_eq!(target("#x%20y", doc), Target::Fragment("x y".into()));
        let file = |p: &str, f: Option<&str>| {
            Target::File(OpenRequest {
                path: p.into(),
                fragment: f.map(str::to_owned),
                url: None,
                remember: false,
            })
        };
        assert_eq!(target("b.md", doc), file("/docs/a/b.md", None));
        assert_eq!(
            target("../c%20d.md#sec", doc),
            file("/docs/a/../c d.md", Some("sec"))
        );
        assert_eq!(target("file:///tmp/x.txt", doc), file("/tmp/x.txt", None));
        assert_eq!(
            target("file://localhost/tmp/x.md", doc),
            file("/tmp/x.md", None)
        );
        for other in [
            "https://x.example/a.md",
            "mailto:a@b",
            "file://elsewhere/x.md",
            "picture.png",
            "file:///bin/sh",
        ] {
            assert_eq!(target(other, doc), Target::Other, "{other}");
        }
    }

    #[test]
    fn in_a_web_page_links_are_pages_resolved_against_it() {
        let at = "https://x.example/a/page?x=1";
        let page = |u: &str, f: Option<&str>| {
            Target::Page(OpenRequest {
                path: PathBuf::new(),
                fragment: f.map(str::to_owned),
                url: Some(u.to_owned()),
                remember: false,
            })
        };
        assert_eq!(web_target("#s", at), Target::Fragment("s".into()));
        assert_eq!(
            web_target("https://x.example/a/page?x=1#%D8%A3", at),
            Target::Fragment("أ".into()),
            "the same page"
        );
        assert_eq!(
            web_target("other.md#top", at),
            page("https://x.example/a/other.md", Some("top"))
        );
        assert_eq!(
            web_target("/root", at),
            page("https://x.example/root", None)
        );
        assert_eq!(
            web_target("http://y.example/", at),
            page("http://y.example/", None)
        );
        assert_eq!(
            web_target("../d/e.html?q#s", at),
            page("https://x.example/d/e.html?q", Some("s"))
        );
        assert_eq!(
            web_target("//y.example/z", at),
            page("https://y.example/z", None)
        );
        assert_eq!(web_target("mailto:a@b", at), Target::Other);
        assert_eq!(web_target("file:///etc/passwd", at), Target::Other);
    }
}
