//! The HTML importer: a realistic Arabic news page and one page per FAQ
//! source, encodings, direction and language, bidi elements, an English
//! page, and hostile pages (through the library and the real binary).

use qari::import::html::HtmlHints;
use qari::import::{Format, load_bytes, load_bytes_with};
use qari::model::{Article, Block, DirectionSetting, Text, walk};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/html/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn load(html: &str) -> Article {
    load_bytes(html.as_bytes(), Format::Html, "t.html").expect("loads")
}

/// Every text of the article (title, FAQ, sections), joined by newlines.
fn all_text(a: &Article) -> String {
    walk::strs(walk::texts(a)).collect::<Vec<_>>().join("\n")
}

fn plain(t: &Text) -> String {
    t.to_plain()
}

#[test]
#[ignore]
fn show_news() {
    let a = load_bytes(&fixture("news.html"), Format::Html, "news.html").unwrap();
    println!("{}", serde_json::to_string_pretty(&a).unwrap());
}
