//! HTML pages (`.html`, `.htm`, `.xhtml`, sniffed, on stdin, from a URL):
//! the page's main content as an article. (Being built for issue #13: for
//! now the page is read as plain text.)

use super::LoadError;
use crate::model::Article;

/// What the page's container knows that its bytes may not say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HtmlHints {
    /// The charset of the HTTP `Content-Type` header, if any.
    pub charset: Option<String>,
    /// The page's address (a URL source), for relative links and metadata.
    pub url: Option<String>,
}

/// Imports an HTML page; `name` is used in error messages.
pub fn import(bytes: &[u8], name: &str, hints: &HtmlHints) -> Result<Article, LoadError> {
    let _ = hints;
    super::plain::import(bytes, name)
}
