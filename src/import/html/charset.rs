//! A page's bytes → text, the way browsers choose the encoding (WHATWG
//! "determine the encoding"): a byte order mark wins; then the charset of
//! the HTTP header ([`super::HtmlHints::charset`]); then a `<meta charset>`
//! or `<meta http-equiv="Content-Type" content="…; charset=…">` in the
//! first 1024 bytes; otherwise the bytes are UTF-8 when they are valid
//! UTF-8, and else the encoding `chardetng` guesses (windows-1256,
//! ISO-8859-6 …). A declared UTF-16 in a meta is read as UTF-8, as browsers
//! do; a label naming the "replacement" encoding is ignored. Malformed sequences become U+FFFD (decoding never fails).

use encoding_rs::{Encoding, UTF_8};

/// How many bytes the meta prescan looks at.
const PRESCAN: usize = 1024;

/// Decodes `bytes` (see the module doc); `header` is the HTTP charset.
pub fn decode<'a>(bytes: &'a [u8], header: Option<&str>) -> std::borrow::Cow<'a, str> {
    let encoding = choose(bytes, header);
    // `decode` sniffs and strips a BOM itself (and it wins over `encoding`);
    // valid UTF-8 is borrowed, not copied (a 10 MB page is 10 MB less).
    let (text, _, _) = encoding.decode(bytes);
    text
}

/// The encoding `bytes` are read in (a BOM aside, which `decode` honours).
pub fn choose(bytes: &[u8], header: Option<&str>) -> &'static Encoding {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return encoding;
    }
    // The "replacement" encoding (ISO-2022-KR and the like) would turn the
    // whole page into one U+FFFD: such a label is ignored.
    let usable = |e: &&'static Encoding| *e != encoding_rs::REPLACEMENT;
    if let Some(e) = header
        .and_then(|h| Encoding::for_label(h.trim().as_bytes()))
        .filter(usable)
    {
        return e;
    }
    if let Some(e) = prescan(&bytes[..bytes.len().min(PRESCAN)]).filter(usable) {
        // A page cannot declare UTF-16 in ASCII bytes; browsers read UTF-8;
        // x-user-defined reads as windows-1252 (WHATWG).
        return if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE {
            UTF_8
        } else if e == encoding_rs::X_USER_DEFINED {
            encoding_rs::WINDOWS_1252
        } else {
            e
        };
    }
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    // The start is enough to tell, and keeps a 50 MB page fast.
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    detector.feed(sample, sample.len() == bytes.len());
    detector.guess(None, chardetng::Utf8Detection::Allow)
}

/// The encoding a `<meta>` in `head` declares, if any: a simplified version
/// of the WHATWG prescan (comments skipped; attributes read with or
/// without quotes).
fn prescan(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut i = 0;
    while i < lower.len() {
        if lower[i..].starts_with(b"<!--") {
            i = find(&lower, i + 4, b"-->").map_or(lower.len(), |e| e + 3);
            continue;
        }
        if lower[i..].starts_with(b"<meta")
            && lower
                .get(i + 5)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'/')
        {
            let end = find(&lower, i, b">").unwrap_or(lower.len());
            if let Some(e) = meta_charset(&head[i + 5..end]) {
                return Some(e);
            }
            i = end;
            continue;
        }
        i += 1;
    }
    None
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// The charset of one meta tag's attributes: `charset=…`, or `content=…`
/// holding `charset=…` when `http-equiv` is content-type.
fn meta_charset(attrs: &[u8]) -> Option<&'static Encoding> {
    let attrs = parse_attrs(attrs);
    let get = |name: &str| {
        attrs
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    if let Some(label) = get("charset") {
        return Encoding::for_label(label.trim().as_bytes());
    }
    let equiv = get("http-equiv")?;
    if !equiv.trim().eq_ignore_ascii_case("content-type") {
        return None;
    }
    let content = get("content")?.to_ascii_lowercase();
    let at = content.find("charset")?;
    let rest = content[at + 7..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let label: String = rest
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| !matches!(c, ';' | '"' | '\'') && !c.is_whitespace())
        .collect();
    Encoding::for_label(label.as_bytes())
}

/// `name=value` pairs of a tag's inside (values quoted or not).
fn parse_attrs(s: &[u8]) -> Vec<(String, String)> {
    let s = String::from_utf8_lossy(s);
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == '/') {
            chars.next();
        }
        let mut name = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() || c == '=' || c == '/' {
                break;
            }
            name.push(c);
            chars.next();
        }
        if name.is_empty() {
            break;
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let mut value = String::new();
        if chars.peek() == Some(&'=') {
            chars.next();
            while chars.peek().is_some_and(|c| c.is_whitespace()) {
                chars.next();
            }
            match chars.peek().copied() {
                Some(q @ ('"' | '\'')) => {
                    chars.next();
                    for c in chars.by_ref() {
                        if c == q {
                            break;
                        }
                        value.push(c);
                    }
                }
                _ => {
                    while let Some(&c) = chars.peek() {
                        if c.is_whitespace() {
                            break;
                        }
                        value.push(c);
                        chars.next();
                    }
                }
            }
        }
        out.push((name, value));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_declarations() {
        let e = |s: &str| choose(s.as_bytes(), None).name();
        assert_eq!(e("<meta charset=windows-1256><p>x"), "windows-1256");
        assert_eq!(
            e(r#"<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-6">"#),
            "ISO-8859-6"
        );
        assert_eq!(e("<!-- <meta charset=koi8-r> --><p>x"), "UTF-8");
        assert_eq!(e("<meta charset='utf-16le'>"), "UTF-8");
        assert_eq!(e("<meta charset=iso-2022-kr><p>x"), "UTF-8");
    }

    #[test]
    fn bom_over_header_over_meta() {
        let page = b"\xEF\xBB\xBF<meta charset=windows-1256>";
        assert_eq!(choose(page, Some("iso-8859-6")).name(), "UTF-8");
        let page = b"<meta charset=windows-1256>";
        assert_eq!(choose(page, Some("iso-8859-6")).name(), "ISO-8859-6");
        assert_eq!(choose(page, Some("nonsense")).name(), "windows-1256");
    }

    #[test]
    fn undeclared_arabic_is_detected() {
        let text = "<p>مرحبا بكم في المدينة القديمة، حيث الأسواق والبيوت والحدائق.</p>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(text);
        assert_eq!(decode(&bytes, None), text);
    }
}
