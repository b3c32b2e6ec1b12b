//! The FAQ's structured sources, read from the whole page before the main
//! content is chosen: schema.org `FAQPage` JSON-LD (`mainEntity` →
//! `Question.name` / `acceptedAnswer.text`, inside `@graph` and lists too),
//! `FAQPage` microdata (`itemprop=name` / `acceptedAnswer` → `text`), and
//! `<details><summary>` groups outside navigation, headers, footers,
//! asides and forms. Microdata questions and `details` groups are taken out
//! of the page, so that the body does not show them again. Each answer is
//! HTML, read as blocks by the converter. (The fourth source, a heading
//! named like «أسئلة شائعة» followed by question headings, is the outline's
//! heading policy.)

use dom_query::{Document, Selection};
use serde_json::Value;

use super::jsonld;
use super::meta::squash;

/// A question and its answer's HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Qa {
    /// The question, white space squashed.
    pub question: String,
    /// The answer, as HTML (or plain text, which reads as HTML too).
    pub answer: String,
}

/// The questions of every `FAQPage` in the JSON-LD blocks.
pub fn from_jsonld(ld: &[Value]) -> Vec<Qa> {
    let mut out = Vec::new();
    for page in jsonld::objects(ld)
        .into_iter()
        .filter(|o| jsonld::has_type(o, "FAQPage"))
    {
        let Some(main) = page.get("mainEntity") else {
            continue;
        };
        for q in as_list(main) {
            let Some(question) = q
                .get("name")
                .or_else(|| q.get("text"))
                .and_then(Value::as_str)
                .map(squash)
                .filter(|s| !s.is_empty())
            else {
                continue;
            };
            let answer: Vec<&str> = q
                .get("acceptedAnswer")
                .or_else(|| q.get("suggestedAnswer"))
                .map(as_list)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|a| a.get("text").and_then(Value::as_str).or_else(|| a.as_str()))
                .collect();
            out.push(Qa {
                question,
                answer: answer.join("\n<p></p>\n"),
            });
        }
    }
    out
}

fn as_list(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(items) => items.iter().collect(),
        v => vec![v],
    }
}

/// The questions of `FAQPage` microdata, taken out of `doc`.
pub fn from_microdata(doc: &Document) -> Vec<Qa> {
    let mut out = Vec::new();
    let questions = doc.select(r#"[itemtype*="FAQPage" i] [itemtype*="Question" i]"#);
    for node in questions.nodes() {
        let sel = Selection::from(*node);
        let name = sel.select(r#"[itemprop~="name"]"#).first();
        let question = squash(&name.text());
        let answer = sel.select(r#"[itemprop~="acceptedAnswer"]"#).first();
        let text = answer.select(r#"[itemprop~="text"]"#).first();
        let answer = if text.is_empty() {
            answer.inner_html()
        } else {
            text.inner_html()
        };
        if !question.is_empty() {
            out.push(Qa {
                question,
                answer: answer.to_string(),
            });
        }
    }
    questions.remove();
    out
}

/// `<details>` groups with a `<summary>`, taken out of `doc`.
pub fn from_details(doc: &Document) -> Vec<Qa> {
    let mut out = Vec::new();
    let groups = doc.select("details");
    let mut taken = Vec::new();
    for node in groups.nodes() {
        let boilerplate = node.ancestors_it(None).any(|a| {
            matches!(
                a.node_name().as_deref(),
                Some("nav" | "header" | "footer" | "aside" | "form" | "details")
            )
        });
        if boilerplate {
            continue;
        }
        let Some(summary) = node
            .element_children()
            .into_iter()
            .find(|c| c.node_name().as_deref() == Some("summary"))
        else {
            continue;
        };
        let question = squash(&summary.text());
        if question.is_empty() {
            continue;
        }
        summary.remove_from_parent();
        out.push(Qa {
            question,
            answer: node.inner_html().to_string(),
        });
        taken.push(*node);
    }
    Selection::from(taken).remove();
    out
}

/// The form two questions (or answers) are compared in: white space
/// squashed, lower case, without trailing question marks and stops.
pub fn normalize(s: &str) -> String {
    squash(s)
        .to_lowercase()
        .trim_end_matches(['?', '؟', '.', ':', '!', ' '])
        .to_owned()
}
