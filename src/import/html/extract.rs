//! The main content: what a reader mode shows. Mozilla Readability's
//! algorithm through `dom_smoothie` (a port of readability.js on
//! `dom_query`/html5ever) picks it and strips what surrounds it
//! (navigation, share bars, "most read" boxes, comments, footers); when it
//! finds nothing, or the page has more than [`MAX_ELEMENTS`] elements, the
//! page's `<main>`, `<article>` or `<body>` is read with the obvious
//! boilerplate taken out ([`strip_boilerplate`]). So is a page nested
//! deeper than [`MAX_DEPTH`], and one with more than [`MAX_TEXT`] of text.

use dom_query::{Document, NodeRef};
use dom_smoothie::{Config, Readability};

/// Pages with more elements than this skip Readability's scoring (its
/// cost grows faster than the page) and take the fallback.
pub const MAX_ELEMENTS: usize = 200_000;

/// Pages nested deeper than this skip Readability (parts of it recurse
/// per level) and take the fallback.
pub const MAX_DEPTH: usize = 256;

/// Pages with more text than this (bytes of UTF-8, outside scripts and
/// styles) skip Readability: its scoring and cleaning walk the text of the
/// big containers again and again (a 5 MB page takes it 150 ms, most of
/// the import), and a page that long is a book or an archive, not an
/// article among boilerplate. Scripts do not count: a page with 2 MB of
/// framework JSON and a short article is still read by Readability.
pub const MAX_TEXT: usize = 1 << 20;

/// Elements, classes and ids that are never the article.
const BOILERPLATE: &str = "script, style, noscript, template, nav, header, footer, aside, form, \
    iframe, [role=navigation], [role=banner], [role=contentinfo], [role=complementary], \
    [hidden], [aria-hidden=true], \
    [class*=cookie i], [id*=cookie i], [class*=share i], [class*=social i], \
    [class*=comment i], [id*=comment i], [class*=related i], [class*=most-read i], \
    [class*=popular i], [class*=advert i], [class*=newsletter i], [class*=sidebar i], \
    [class*=menu i], [id*=menu i], [class*=breadcrumb i], [class~=tags i], \
    [class*=post-tags i], [class*=entry-tags i], [class*=tag-cloud i], [class*=tagcloud i]";

/// Advertisement slots, taken out before Readability too (it keeps a slot
/// whose class does not read `-ad-`, and its «إعلان» / "Advertisement"
/// label with it). By class *token* (`ad`, `ads`, `ad-…`, `ads-…`), so
/// that `head-`, `read-`, `download-` are not taken for ads.
const ADS: &str = "[class~=ad i], [class~=ads i], [class^=ad- i], [class*=\" ad-\" i], \
    [class^=ads- i], [class*=\" ads-\" i], [class*=advert i], [id^=div-gpt-ad i], \
    [id^=google_ads i], [data-ad-unit], [data-ad-slot], ins.adsbygoogle";

/// The main content of `doc` as HTML (Readability's choice); `None` when
/// it finds none. `doc` is consumed (Readability rewrites it). `title` is
/// the page's title (see [`title_decoy`]).
pub fn readability(doc: Document, url: Option<&str>, title: &str) -> Option<String> {
    remove(&doc, ADS);
    title_decoy(&doc, title);
    let config = Config {
        max_elements_to_parse: MAX_ELEMENTS,
        // Our own JSON-LD reading runs first (meta.rs, faq.rs).
        disable_json_ld: true,
        ..Config::default()
    };
    // A URL that is not absolute is simply not given.
    let url = url.filter(|u| url::Url::parse(u).is_ok_and(|u| u.has_host()));
    let mut r = Readability::with_document(doc, url, Some(config)).ok()?;
    let article = r.parse().ok()?;
    let content = article.content.to_string();
    (!article.text_content.trim().is_empty()).then_some(content)
}

/// What [`fits_readability`] measures of a page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Shape {
    /// Elements.
    pub elements: usize,
    /// The depth of the deepest element.
    pub depth: usize,
    /// Bytes of text outside scripts, styles and templates.
    pub text: usize,
}

/// The [`Shape`] of `doc` (walked without recursion).
pub fn shape(doc: &Document) -> Shape {
    let mut shape = Shape::default();
    let mut stack = vec![(doc.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        if node.is_element() {
            shape.elements += 1;
            shape.depth = shape.depth.max(depth);
            let name = node.node_name();
            if matches!(
                name.as_deref(),
                Some("script" | "style" | "template" | "noscript")
            ) {
                continue;
            }
        } else if node.is_text() {
            shape.text += node.text().len();
        }
        stack.extend(node.children_it(false).map(|c| (c, depth + 1)));
    }
    shape
}

/// True when Readability can be given the page: at most [`MAX_ELEMENTS`]
/// elements, none deeper than [`MAX_DEPTH`], at most [`MAX_TEXT`] of text.
pub fn fits_readability(doc: &Document) -> bool {
    let s = shape(doc);
    s.elements <= MAX_ELEMENTS && s.depth <= MAX_DEPTH && s.text <= MAX_TEXT
}

/// The fallback: takes the boilerplate out of `doc` and returns the node
/// to read: `<main>`, else the `<article>` with the most text, else the
/// document.
pub fn fallback(doc: &Document) -> NodeRef<'_> {
    strip_boilerplate(doc);
    let main = ["main", "[role=main]"]
        .iter()
        .find_map(|s| doc.select_single(s).nodes().first().copied());
    main.or_else(|| {
        doc.select("article")
            .nodes()
            .iter()
            .max_by_key(|n| text_len(n))
            .copied()
    })
    .unwrap_or_else(|| doc.root())
}

/// The length of `node`'s text, summed over its text nodes: its text
/// built as one string (`NodeRef::text`) was a book's whole text, grown
/// by doubling, only to be measured (16 MB of a 10 MB page's peak).
fn text_len(node: &NodeRef<'_>) -> usize {
    let mut len = 0;
    let mut stack = vec![*node];
    while let Some(node) = stack.pop() {
        if node.is_text() {
            len += node.text().len();
        } else {
            stack.extend(node.children_it(false));
        }
    }
    len
}

/// Readability takes out the first `h1`/`h2` that reads like the title
/// (the page's own title heading, it expects). When that heading is out of
/// its reach (in a `<header class="entry-header">`, which it drops as
/// unlikely first), a section heading sharing the title's words is taken
/// instead («أهمية التعاون» under «ما أهمية تعزيز التعاون…»). An `h1` with
/// the title at the top of the body is the one it takes; should it stay,
/// the converter drops an `h1` repeating the title.
fn title_decoy(doc: &Document, title: &str) {
    if title.is_empty() {
        return;
    }
    let Some(body) = doc.body() else {
        return;
    };
    let h1 = doc.tree.new_element("h1");
    h1.set_text(title);
    body.prepend_child(&h1);
}

/// Removes the elements of [`BOILERPLATE`] and [`ADS`] from `doc`.
pub fn strip_boilerplate(doc: &Document) {
    remove(doc, BOILERPLATE);
    remove(doc, ADS);
}

/// Removes the elements `selector` matches (never `html`, `body`, `main`,
/// `article`).
fn remove(doc: &Document, selector: &str) {
    let found = doc.select(selector);
    for node in found.nodes() {
        let name = node.node_name().unwrap_or_default();
        if !matches!(name.as_ref(), "html" | "body" | "main" | "article") {
            node.remove_from_parent();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fallback on the news fixture: the obvious boilerplate goes, but
    /// less than Readability takes out (the byline and the lead figure
    /// stay): why Readability comes first.
    #[test]
    fn fallback_strips_the_obvious_boilerplate() {
        let html = include_str!("../../../tests/fixtures/html/news.html");
        let doc = Document::from(html);
        let node = fallback(&doc);
        let text = node.text();
        for gone in [
            "ملفات تعريف",
            "الأكثر قراءة",
            "فيسبوك",
            "مقال ممتاز",
            "جميع الحقوق",
        ] {
            assert!(!text.contains(gone), "{gone}");
        }
        assert!(text.contains("تعتمد دول الخليج العربي"));
        assert!(text.contains("بقلم"), "the byline stays in the fallback");
    }

    #[test]
    fn shape_counts_elements_and_depth() {
        let doc = Document::from(format!("<p>{}x</p>", "<b>".repeat(300)));
        let s = shape(&doc);
        assert!(s.elements >= 304, "{s:?}");
        assert!(s.depth > MAX_DEPTH, "{s:?}");
        assert_eq!(s.text, 1);
        assert!(!fits_readability(&doc));
        // Text counts, scripts and styles do not.
        let doc = Document::from(format!(
            "<script>{0}</script><style>{0}</style><p>{1}</p>",
            "x".repeat(MAX_TEXT),
            "ن".repeat(100)
        ));
        assert_eq!(shape(&doc).text, 200);
        assert!(fits_readability(&doc));
        let doc = Document::from(format!("<p>{}</p>", "ن".repeat(MAX_TEXT / 2 + 1)));
        assert!(!fits_readability(&doc));
    }
}
