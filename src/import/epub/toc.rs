//! The table of contents: the EPUB 3 navigation document's
//! `<nav epub:type="toc">` (nested `<ol>` of links), else the EPUB 2 NCX's
//! `navMap` (nested `navPoint`s). Flattened in reading order with each
//! entry's depth; capped so that a hostile file costs little.

use super::archive::resolve;
use super::xml::{Node, walk};

/// The most entries kept.
const MAX_ENTRIES: usize = 10_000;
/// Deeper entries are kept at this depth.
const MAX_DEPTH: u8 = 8;

/// One entry of the table of contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TocEntry {
    /// Its label, whitespace folded.
    pub label: String,
    /// The chapter it points into (an entry name) and the fragment there.
    pub path: String,
    pub fragment: Option<String>,
    /// 0 for the top level.
    pub depth: u8,
}

/// The entries of the navigation document `path` holding `text`.
pub fn from_nav(path: &str, text: &str) -> Vec<TocEntry> {
    let mut out = Vec::new();
    // Depth of <nav> elements open, and whether we are in the toc one.
    let mut nav_depth = 0usize;
    let mut in_toc: Option<usize> = None;
    let mut ol_depth = 0usize;
    let mut link: Option<(String, String)> = None; // (href, label)
    let _ = walk(text, |n| match n {
        Node::Start(e) => match e.name.as_str() {
            "nav" => {
                nav_depth += 1;
                let is_toc = e
                    .attr("epub:type")
                    .or_else(|| e.attr("type"))
                    .is_some_and(|t| t.split_whitespace().any(|w| w == "toc"));
                if is_toc && in_toc.is_none() {
                    in_toc = Some(nav_depth);
                }
            }
            "ol" if in_toc.is_some() => ol_depth += 1,
            "a" if in_toc.is_some() => {
                link = Some((e.attr("href").unwrap_or("").to_owned(), String::new()));
            }
            _ => {}
        },
        Node::Text(t) => {
            if let Some((_, label)) = link.as_mut() {
                label.push_str(t);
            }
        }
        Node::End(name) => match name {
            "a" => {
                if let Some((href, label)) = link.take()
                    && out.len() < MAX_ENTRIES
                    && !href.is_empty()
                {
                    push(&mut out, path, &href, &label, ol_depth.saturating_sub(1));
                }
            }
            "ol" if in_toc.is_some() => ol_depth = ol_depth.saturating_sub(1),
            "nav" => {
                if in_toc == Some(nav_depth) {
                    in_toc = None;
                }
                nav_depth = nav_depth.saturating_sub(1);
            }
            _ => {}
        },
    });
    out
}

/// The entries of the NCX `path` holding `text`.
pub fn from_ncx(path: &str, text: &str) -> Vec<TocEntry> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut in_text = false;
    // The label and source of each open navPoint, innermost last; an entry
    // is pushed when its content element is met (labels come first).
    let mut label = String::new();
    let _ = walk(text, |n| match n {
        Node::Start(e) => match e.name.as_str() {
            "navPoint" => {
                depth += 1;
                label.clear();
            }
            "text" if depth > 0 => in_text = true,
            "content" if depth > 0 => {
                if let Some(src) = e.attr("src")
                    && out.len() < MAX_ENTRIES
                {
                    push(&mut out, path, src, &label, depth - 1);
                }
            }
            _ => {}
        },
        Node::Text(t) => {
            if in_text {
                label.push_str(t);
            }
        }
        Node::End(name) => match name {
            "text" => in_text = false,
            "navPoint" => depth = depth.saturating_sub(1),
            _ => {}
        },
    });
    out
}

fn push(out: &mut Vec<TocEntry>, base: &str, href: &str, label: &str, depth: usize) {
    let (path, fragment) = resolve(base, href);
    let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
    out.push(TocEntry {
        label,
        path,
        fragment,
        depth: depth.min(usize::from(MAX_DEPTH)) as u8,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nav_lists_nest_and_other_navs_are_ignored() {
        let nav = r#"<html xmlns:epub="http://www.idpf.org/2007/ops"><body>
<nav epub:type="landmarks"><ol><li><a href="c1.xhtml">غلاف</a></li></ol></nav>
<nav epub:type="toc"><h1>المحتويات</h1><ol>
 <li><a href="text/c1.xhtml">الفصل <b>الأول</b></a>
  <ol><li><a href="text/c1.xhtml#s1">قسم</a></li></ol></li>
 <li><a href="text/c2.xhtml">الفصل الثاني</a></li>
</ol></nav></body></html>"#;
        let toc = from_nav("OEBPS/nav.xhtml", nav);
        let got: Vec<(&str, &str, Option<&str>, u8)> = toc
            .iter()
            .map(|e| {
                (
                    e.label.as_str(),
                    e.path.as_str(),
                    e.fragment.as_deref(),
                    e.depth,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("الفصل الأول", "OEBPS/text/c1.xhtml", None, 0),
                ("قسم", "OEBPS/text/c1.xhtml", Some("s1"), 1),
                ("الفصل الثاني", "OEBPS/text/c2.xhtml", None, 0),
            ]
        );
    }

    #[test]
    fn ncx_points_nest() {
        let ncx = r#"<ncx><navMap>
<navPoint id="a"><navLabel><text>One</text></navLabel><content src="c1.html"/>
 <navPoint id="b"><navLabel><text>One.1</text></navLabel><content src="c1.html#x"/></navPoint>
</navPoint>
<navPoint id="c"><navLabel><text>Two</text></navLabel><content src="c2.html"/></navPoint>
</navMap></ncx>"#;
        let toc = from_ncx("toc.ncx", ncx);
        let got: Vec<(&str, u8)> = toc.iter().map(|e| (e.label.as_str(), e.depth)).collect();
        assert_eq!(got, [("One", 0), ("One.1", 1), ("Two", 0)]);
        assert_eq!(toc[1].fragment.as_deref(), Some("x"));
    }

    #[test]
    fn deep_and_huge_tables_are_capped() {
        let deep = format!(
            "<nav epub:type=\"toc\">{}<a href=\"x.html\">x</a>{}</nav>",
            "<ol><li>".repeat(5000),
            "</li></ol>".repeat(5000)
        );
        let toc = from_nav("n.xhtml", &deep);
        assert_eq!(toc.len(), 1);
        assert_eq!(toc[0].depth, MAX_DEPTH);
        let many = format!(
            "<nav epub:type=\"toc\"><ol>{}</ol></nav>",
            "<li><a href=\"x.html\">x</a></li>".repeat(MAX_ENTRIES + 10)
        );
        assert_eq!(from_nav("n.xhtml", &many).len(), MAX_ENTRIES);
    }
}
