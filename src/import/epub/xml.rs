//! A small forgiving walk over XML (container.xml, the OPF package, the NCX
//! and the navigation document) with quick-xml: elements by local name
//! (namespace prefixes ignored), attributes unescaped, text with its
//! entity references resolved. End tags are not checked against their
//! start tags, so that a sloppy file still gives what it can.

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use std::borrow::Cow;

/// One thing met while walking.
#[derive(Debug)]
pub(super) enum Node<'a> {
    /// A start tag (or an empty element, then followed by its `End`).
    Start(&'a Element),
    /// An end tag, by local name.
    End(&'a str),
    /// Text (entity references resolved; CDATA included).
    Text(&'a str),
}

/// A start tag: its local name and attributes (keys as written, values
/// unescaped).
#[derive(Debug, Default)]
pub(super) struct Element {
    pub name: String,
    attrs: Vec<(String, String)>,
}

impl Element {
    /// The value of the attribute whose key is `key`, either exactly or
    /// by local name (`epub:type` matches `type` only when asked for as
    /// `epub:type` or when no prefixed one exists).
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .or_else(|| {
                self.attrs
                    .iter()
                    .find(|(k, _)| k.rsplit(':').next() == Some(key))
            })
            .map(|(_, v)| v.as_str())
    }

    fn from(start: &BytesStart<'_>) -> Element {
        let name = start.local_name().as_ref().to_owned();
        let attrs = start
            .html_attributes()
            .flatten()
            .map(|a| {
                let key = a.key.as_ref().to_owned();
                let value = match a.normalized_value(XmlVersion::Implicit1_0) {
                    Ok(v) => v.into_owned(),
                    Err(_) => a.value.clone().into_owned(),
                };
                (key, value)
            })
            .collect();
        Element { name, attrs }
    }
}

/// Walks `text`, calling `visit` for each node, until the end or an error
/// (then the error's message is returned; what was visited stands).
pub(super) fn walk(text: &str, mut visit: impl FnMut(Node<'_>)) -> Result<(), String> {
    let mut reader = Reader::from_str(text);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.expand_empty_elements = true;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => visit(Node::Start(&Element::from(&e))),
            Ok(Event::End(e)) => {
                let name = e.local_name().as_ref().to_owned();
                visit(Node::End(&name));
            }
            Ok(Event::Text(t)) => visit(Node::Text(&t.xml10_content())),
            Ok(Event::CData(t)) => visit(Node::Text(&t.xml10_content())),
            Ok(Event::GeneralRef(r)) => {
                let resolved: Cow<'_, str> = match r.resolve_char_ref() {
                    Ok(Some(c)) => Cow::Owned(c.to_string()),
                    _ => {
                        let name = r.xml10_content();
                        Cow::Owned(named_entity(&name).unwrap_or(" ").to_owned())
                    }
                };
                visit(Node::Text(&resolved));
            }
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(e.to_string()),
        }
    }
}

/// The XML entities, and the few HTML ones that XHTML files use without
/// declaring them.
fn named_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{A0}",
        "shy" => "\u{AD}",
        "zwnj" => "\u{200C}",
        "zwj" => "\u{200D}",
        "lrm" => "\u{200E}",
        "rlm" => "\u{200F}",
        "mdash" => "—",
        "ndash" => "–",
        "hellip" => "…",
        "laquo" => "«",
        "raquo" => "»",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trace(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let _ = walk(text, |n| {
            out.push(match n {
                Node::Start(e) => format!("<{}>", e.name),
                Node::End(n) => format!("</{n}>"),
                Node::Text(t) => t.to_owned(),
            })
        });
        out
    }

    #[test]
    fn prefixes_are_dropped_entities_resolved_and_empty_elements_closed() {
        assert_eq!(
            trace("<opf:a x='1'>b &amp; &#x643;&nbsp;<c/></opf:a>"),
            ["<a>", "b ", "&", " ", "ك", "\u{A0}", "<c>", "</c>", "</a>"]
        );
    }

    #[test]
    fn attributes_by_key_or_local_name() {
        let mut found = None;
        let _ = walk(r#"<nav epub:type="toc" id="n">x</nav>"#, |n| {
            if let Node::Start(e) = n {
                found = Some((
                    e.attr("epub:type").map(str::to_owned),
                    e.attr("type").map(str::to_owned),
                    e.attr("id").map(str::to_owned),
                ));
            }
        });
        assert_eq!(
            found,
            Some((Some("toc".into()), Some("toc".into()), Some("n".into())))
        );
    }

    #[test]
    fn mismatched_end_tags_do_not_stop_the_walk() {
        assert_eq!(
            trace("<a><b>x</a></b>"),
            ["<a>", "<b>", "x", "</a>", "</b>"]
        );
    }
}
