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

use dom_query::{Document, NodeRef};
use serde_json::Value;

use super::jsonld;
use super::meta::squash;

/// A question and where its answer is.
pub struct Qa<'a> {
    /// The question, white space squashed.
    pub question: String,
    /// The answer.
    pub answer: Answer<'a>,
}

/// An answer: HTML (JSON-LD's text; plain text reads as HTML too), or an
/// element of the page whose content it is.
pub enum Answer<'a> {
    /// HTML to parse.
    Html(String),
    /// The element holding the answer (its children are read).
    Node(NodeRef<'a>),
}

/// The questions of every `FAQPage` in the JSON-LD blocks.
pub fn from_jsonld(ld: &[Value]) -> Vec<Qa<'static>> {
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
                answer: Answer::Html(answer.join("\n<p></p>\n")),
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

/// The questions of `FAQPage` microdata, and the elements to take out of
/// the page once their answers are read.
pub fn from_microdata(doc: &Document) -> (Vec<Qa<'_>>, Vec<NodeRef<'_>>) {
    let mut out = Vec::new();
    let questions = doc.select(r#"[itemtype*="FAQPage" i] [itemtype*="Question" i]"#);
    for node in questions.nodes() {
        let sel = dom_query::Selection::from(*node);
        let name = sel.select(r#"[itemprop~="name"]"#).first();
        let question = squash(&name.text());
        let answer = sel.select(r#"[itemprop~="acceptedAnswer"]"#).first();
        let text = answer.select(r#"[itemprop~="text"]"#).first();
        let answer = text.nodes().first().or(answer.nodes().first()).copied();
        if let Some(answer) = answer
            && !question.is_empty()
        {
            out.push(Qa {
                question,
                answer: Answer::Node(answer),
            });
        }
    }
    (out, questions.nodes().to_vec())
}

/// `<details>` groups with a `<summary>` (taken out of them), and the
/// groups to take out of the page once their answers are read.
pub fn from_details(doc: &Document) -> (Vec<Qa<'_>>, Vec<NodeRef<'_>>) {
    let mut out = Vec::new();
    let mut taken = Vec::new();
    // One walk: `details` not inside boilerplate or another `details`.
    let mut groups = Vec::new();
    let mut stack = vec![(doc.root(), false)];
    while let Some((node, blocked)) = stack.pop() {
        let name = node.node_name();
        let name = name.as_deref().unwrap_or("");
        if name == "details" && !blocked {
            groups.push(node);
        }
        let blocked = blocked
            || matches!(
                name,
                "nav" | "header" | "footer" | "aside" | "form" | "details"
            );
        stack.extend(node.children_it(true).map(|c| (c, blocked)));
    }
    for node in &groups {
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
            answer: Answer::Node(*node),
        });
        taken.push(*node);
    }
    (out, taken)
}

/// The form two questions (or answers) are compared in: white space
/// squashed, lower case, without trailing question marks and stops.
pub fn normalize(s: &str) -> String {
    squash(s)
        .to_lowercase()
        .trim_end_matches(['?', '؟', '.', ':', '!', ' '])
        .to_owned()
}
