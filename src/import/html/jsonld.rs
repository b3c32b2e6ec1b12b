//! The page's JSON-LD blocks (`<script type="application/ld+json">`),
//! parsed once and walked without recursion (objects, arrays and
//! `@graph` alike). A block that is not valid JSON is skipped.

use dom_query::Document;
use serde_json::{Map, Value};

/// The JSON of every JSON-LD block of `doc`, in page order.
pub fn blocks(doc: &Document) -> Vec<Value> {
    doc.select(r#"script[type="application/ld+json" i]"#)
        .nodes()
        .iter()
        .filter_map(|n| {
            let text = n.text();
            let text = text.trim();
            let text = text
                .strip_prefix("<![CDATA[")
                .and_then(|t| t.strip_suffix("]]>"))
                .unwrap_or(text);
            serde_json::from_str(text).ok()
        })
        .collect()
}

/// Every object in `values`, depth first in document order.
pub fn objects(values: &[Value]) -> Vec<&Map<String, Value>> {
    let mut out = Vec::new();
    let mut stack: Vec<&Value> = values.iter().rev().collect();
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(o) => {
                out.push(o);
                stack.extend(o.values().rev());
            }
            Value::Array(items) => stack.extend(items.iter().rev()),
            _ => {}
        }
    }
    out
}

/// The first `Some` that `f` gives over [`objects`].
pub fn find_map<T>(values: &[Value], f: impl Fn(&Map<String, Value>) -> Option<T>) -> Option<T> {
    objects(values).into_iter().find_map(f)
}

/// True when the object's `@type` (a string or a list) names `ty`
/// (case-insensitively, with or without a schema.org prefix).
pub fn has_type(o: &Map<String, Value>, ty: &str) -> bool {
    let is = |v: &Value| {
        v.as_str().is_some_and(|s| {
            let s = s.rsplit(['/', ':']).next().unwrap_or(s);
            s.eq_ignore_ascii_case(ty)
        })
    };
    match o.get("@type") {
        Some(Value::Array(items)) => items.iter().any(is),
        Some(v) => is(v),
        None => false,
    }
}
