//! The page's title and metadata, from the whole page (before the main
//! content is chosen):
//!
//! - title: `og:title`, else JSON-LD `headline`, else the first `<h1>`,
//!   else `<title>`; a site suffix or prefix is taken off (« - الخليج
//!   أونلاين», " | Site": the site's name when known, else a short part of
//!   at most three words after the last separator when the rest is longer);
//! - `source`: `og:site_name`, JSON-LD `publisher.name`, `application-name`;
//! - `author`: `<meta name=author>`, JSON-LD `author` (name or names),
//!   `article:author` when it is not an address;
//! - `date`: `article:published_time`, JSON-LD `datePublished`,
//!   `<meta name=date>`, `dc.date`, the first `<time datetime>`;
//! - `url`: `<link rel=canonical>`, `og:url`, else the page's address;
//! - `language` and `direction`: `<html lang dir>` (`<body dir>` too).

use dom_query::Document;
use serde_json::Value;

use super::jsonld;
use crate::model::{DirectionSetting, Meta};

/// Separators between a title and a site's name.
const SEPARATORS: [&str; 7] = [" | ", " - ", " – ", " — ", " :: ", " « ", " » "];

/// The page's title (empty when it has none) and metadata.
pub fn read(doc: &Document, ld: &[Value], page_url: Option<&str>) -> (String, Meta) {
    let metas = meta_tags(doc);
    let get = |keys: &[&str]| -> Option<String> {
        keys.iter().find_map(|k| {
            metas
                .iter()
                .find(|(n, v)| n.eq_ignore_ascii_case(k) && !v.trim().is_empty())
                .map(|(_, v)| squash(v))
        })
    };
    let source = get(&["og:site_name"])
        .or_else(|| jsonld::find_map(ld, publisher_name))
        .or_else(|| get(&["application-name"]));
    let author = get(&["author"])
        .or_else(|| jsonld::find_map(ld, |o| o.get("author").and_then(names)))
        .or_else(|| get(&["article:author"]).filter(|a| !a.contains("://")));
    let date = get(&["article:published_time"])
        .or_else(|| jsonld::find_map(ld, |o| string(o.get("datePublished")?)))
        .or_else(|| get(&["date", "dc.date", "dc.date.issued", "pubdate"]))
        .or_else(|| attr(doc, "time[datetime]", "datetime"))
        .map(|d| day_of(&d));
    let url = attr(doc, "link[rel~=canonical][href]", "href")
        .or_else(|| get(&["og:url"]))
        .and_then(|u| super::convert::resolve(&u, page_url))
        .or_else(|| page_url.map(str::to_owned));
    let language = attr(doc, "html[lang]", "lang").filter(|l| !l.is_empty());
    let direction = attr(doc, "html[dir]", "dir")
        .or_else(|| attr(doc, "body[dir]", "dir"))
        .map_or(DirectionSetting::Auto, |d| direction(&d));
    let raw_title = get(&["og:title"])
        .or_else(|| jsonld::find_map(ld, |o| string(o.get("headline")?)))
        .or_else(|| text(doc, "h1"))
        .or_else(|| text(doc, "title"))
        .unwrap_or_default();
    let mut title = clean_title(&raw_title, source.as_deref());
    let mut source = source;
    // "Configuration | Tern Docs" over an `h1` "Configuration": the `h1` is
    // the title, and the rest the site's name when none is known.
    if let Some(h1) = text(doc, "h1") {
        for sep in SEPARATORS {
            let rest = title
                .strip_prefix(&format!("{h1}{sep}"))
                .or_else(|| title.strip_suffix(&format!("{sep}{h1}")));
            if let Some(rest) = rest {
                source = source.or_else(|| Some(rest.trim().to_owned()));
                title = h1;
                break;
            }
        }
    }
    let meta = Meta {
        source,
        author,
        date,
        url,
        language,
        direction,
    };
    (title, meta)
}

/// `rtl` / `ltr` (any case) as a setting; anything else is `auto`.
pub fn direction(value: &str) -> DirectionSetting {
    match value.trim().to_ascii_lowercase().as_str() {
        "rtl" => DirectionSetting::Rtl,
        "ltr" => DirectionSetting::Ltr,
        _ => DirectionSetting::Auto,
    }
}

/// Every `<meta>`'s `property` or `name` (or `itemprop`) with its `content`.
fn meta_tags(doc: &Document) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for node in doc.select("meta[content]").nodes() {
        let content = node.attr("content").unwrap_or_default().to_string();
        for key in ["property", "name", "itemprop"] {
            if let Some(k) = node.attr(key) {
                out.push((k.trim().to_string(), content.clone()));
            }
        }
    }
    out
}

fn attr(doc: &Document, selector: &str, name: &str) -> Option<String> {
    let sel = doc.select_single(selector);
    let node = sel.nodes().first()?;
    node.attr(name)
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn text(doc: &Document, selector: &str) -> Option<String> {
    let sel = doc.select_single(selector);
    let node = sel.nodes().first()?;
    Some(squash(&node.text())).filter(|t| !t.is_empty())
}

/// White space runs as one space, trimmed.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn string(v: &Value) -> Option<String> {
    v.as_str().map(squash).filter(|s| !s.is_empty())
}

/// A JSON-LD person/organisation (or list of them, or a string) as names.
fn names(v: &Value) -> Option<String> {
    let one = |v: &Value| string(v).or_else(|| string(v.get("name")?));
    let list: Vec<String> = match v {
        Value::Array(items) => items.iter().filter_map(one).collect(),
        v => one(v).into_iter().collect(),
    };
    let list: Vec<String> = list.into_iter().filter(|n| !n.contains("://")).collect();
    (!list.is_empty()).then(|| list.join("، "))
}

fn publisher_name(o: &serde_json::Map<String, Value>) -> Option<String> {
    let p = o.get("publisher")?;
    string(p.get("name")?)
}

/// `title` without a site's name before or after a separator (see the
/// module doc).
pub fn clean_title(title: &str, site: Option<&str>) -> String {
    let title = squash(title);
    let site = site.map(squash).filter(|s| !s.is_empty());
    for sep in SEPARATORS {
        let Some((head, tail)) = title.rsplit_once(sep) else {
            continue;
        };
        if let Some(site) = &site {
            if tail.trim().eq_ignore_ascii_case(site) && !head.trim().is_empty() {
                return head.trim().to_owned();
            }
            if let Some((first, rest)) = title.split_once(sep)
                && first.trim().eq_ignore_ascii_case(site)
                && !rest.trim().is_empty()
            {
                return rest.trim().to_owned();
            }
        }
    }
    // Without a known name: a short last part after a longer title.
    for sep in SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            let words = |s: &str| s.split_whitespace().count();
            if words(tail) <= 3 && words(head) >= 3 {
                return head.trim().to_owned();
            }
        }
    }
    title
}

/// An ISO 8601 timestamp (`2025-01-05T10:00:00+03:00`) as its day
/// (`2025-01-05`): the time and zone say little to a reader, and the `T`
/// would make a left-to-right run of it that the bidi algorithm scatters in
/// a right-to-left line. Anything else is kept as written.
fn day_of(date: &str) -> String {
    let date = date.trim();
    let b = date.as_bytes();
    let iso_day = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit);
    if iso_day && (b.len() == 10 || matches!(b[10], b'T' | b't' | b' ')) {
        date[..10].to_owned()
    } else {
        date.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_shown_as_their_day() {
        assert_eq!(day_of("2025-01-05T10:00:00+03:00"), "2025-01-05");
        assert_eq!(day_of(" 2025-01-05 "), "2025-01-05");
        assert_eq!(day_of("5 يناير 2025"), "5 يناير 2025");
    }

    #[test]
    fn site_suffixes() {
        let t = clean_title(
            "الحرب في غزة: ما الجديد؟ - الخليج أونلاين",
            Some("الخليج أونلاين"),
        );
        assert_eq!(t, "الحرب في غزة: ما الجديد؟");
        assert_eq!(clean_title("Site | A title", Some("site")), "A title");
        assert_eq!(
            clean_title("How tides work on Earth | Ocean News", None),
            "How tides work on Earth"
        );
        // Too long to be a site name: kept.
        assert_eq!(
            clean_title("One - two three four five", None),
            "One - two three four five"
        );
    }

    #[test]
    fn a_short_title_before_the_sites_name_is_the_h1() {
        let page = |title: &str, h1: &str| {
            let doc = Document::from(format!(
                r#"<meta property="og:title" content="{title}"><h1>{h1}</h1>"#
            ));
            let (title, meta) = read(&doc, &[], None);
            (title, meta.source)
        };
        assert_eq!(
            page("Configuration | Tern Docs", "Configuration"),
            ("Configuration".to_owned(), Some("Tern Docs".to_owned()))
        );
        assert_eq!(
            page("Tern Docs | Configuration", "Configuration"),
            ("Configuration".to_owned(), Some("Tern Docs".to_owned()))
        );
        // An `h1` that is not one side of a separator changes nothing.
        assert_eq!(
            page("Configuration | Tern Docs", "Config"),
            ("Configuration | Tern Docs".to_owned(), None)
        );
    }
}
