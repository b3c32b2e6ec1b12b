//! The package: `META-INF/container.xml` names the OPF file, whose
//! metadata, manifest and spine say what the book is and in which order its
//! chapters are read; `META-INF/encryption.xml` says what is encrypted.

use super::EpubError;
use super::archive::{Archive, resolve};
use super::xml::{Node, walk};
use std::collections::HashMap;

/// What the OPF file says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Package {
    /// The OPF file's entry name (hrefs in it are relative to it).
    pub path: String,
    /// Dublin Core metadata.
    pub title: Option<String>,
    pub creator: Option<String>,
    pub language: Option<String>,
    pub date: Option<String>,
    pub publisher: Option<String>,
    /// The spine's `page-progression-direction` is `rtl`.
    pub rtl: bool,
    /// The chapters in reading order (entry names), linear or not.
    pub spine: Vec<String>,
    /// The EPUB 3 navigation document, if the manifest has one.
    pub nav: Option<String>,
    /// The EPUB 2 NCX, if the spine or manifest names one.
    pub ncx: Option<String>,
    /// The cover image's alt-less entry, if any (its title page shows the
    /// book's title).
    pub cover: Option<String>,
}

/// A manifest item.
struct Item {
    href: String,
    media_type: String,
    properties: String,
}

/// Reads container.xml, then the OPF file it names.
pub fn read(archive: &mut Archive) -> Result<Package, EpubError> {
    let container = archive.read_text("META-INF/container.xml")?;
    let mut opf = None;
    walk(&container, |n| {
        if let Node::Start(e) = n
            && e.name == "rootfile"
            && opf.is_none()
            && e.attr("media-type")
                .is_none_or(|t| t == "application/oebps-package+xml")
        {
            opf = e.attr("full-path").map(str::to_owned);
        }
    })
    .map_err(|problem| EpubError::Xml {
        path: "META-INF/container.xml".into(),
        problem,
    })?;
    let opf = opf.ok_or(EpubError::NoPackage)?;
    let text = archive.read_text(&opf)?;
    parse_opf(&opf, &text)
}

/// Parses the OPF file `path` holding `text`.
pub fn parse_opf(path: &str, text: &str) -> Result<Package, EpubError> {
    let mut pkg = Package {
        path: path.to_owned(),
        ..Package::default()
    };
    let mut items: HashMap<String, Item> = HashMap::new();
    let mut spine_ids: Vec<String> = Vec::new();
    let mut toc_id: Option<String> = None;
    let mut cover_id: Option<String> = None;
    // The Dublin Core element whose text is being read.
    let mut field: Option<String> = None;
    let mut value = String::new();
    let result = walk(text, |n| match n {
        Node::Start(e) => match e.name.as_str() {
            "title" | "creator" | "language" | "date" | "publisher" => {
                field = Some(e.name.clone());
                value.clear();
            }
            "item" => {
                if let (Some(id), Some(href)) = (e.attr("id"), e.attr("href")) {
                    items.insert(
                        id.to_owned(),
                        Item {
                            href: href.to_owned(),
                            media_type: e.attr("media-type").unwrap_or("").to_owned(),
                            properties: e.attr("properties").unwrap_or("").to_owned(),
                        },
                    );
                }
            }
            "spine" => {
                toc_id = e.attr("toc").map(str::to_owned);
                pkg.rtl = e.attr("page-progression-direction") == Some("rtl");
            }
            "itemref" => {
                if let Some(id) = e.attr("idref") {
                    spine_ids.push(id.to_owned());
                }
            }
            "meta" if e.attr("name") == Some("cover") => {
                cover_id = e.attr("content").map(str::to_owned);
            }
            _ => {}
        },
        Node::Text(t) => {
            if field.is_some() {
                value.push_str(t);
            }
        }
        Node::End(name) => {
            if field.as_deref() == Some(name) {
                let v = value.split_whitespace().collect::<Vec<_>>().join(" ");
                let slot = match name {
                    "title" => &mut pkg.title,
                    "creator" => &mut pkg.creator,
                    "language" => &mut pkg.language,
                    "date" => &mut pkg.date,
                    _ => &mut pkg.publisher,
                };
                // The first of each (a book may list several creators).
                if slot.is_none() && !v.is_empty() {
                    *slot = Some(v);
                }
                field = None;
            }
        }
    });
    result.map_err(|problem| EpubError::Xml {
        path: path.to_owned(),
        problem,
    })?;
    let entry = |item: &Item| resolve(path, &item.href).0;
    pkg.spine = spine_ids
        .iter()
        .filter_map(|id| items.get(id))
        .map(entry)
        .collect();
    if pkg.spine.is_empty() {
        return Err(EpubError::EmptySpine);
    }
    pkg.nav = items
        .values()
        .find(|i| i.properties.split_whitespace().any(|p| p == "nav"))
        .map(entry);
    pkg.ncx = toc_id
        .and_then(|id| items.get(&id))
        .or_else(|| {
            items
                .values()
                .find(|i| i.media_type == "application/x-dtbncx+xml")
        })
        .map(entry);
    pkg.cover = items
        .values()
        .find(|i| i.properties.split_whitespace().any(|p| p == "cover-image"))
        .or_else(|| cover_id.and_then(|id| items.get(&id)))
        .map(entry);
    Ok(pkg)
}

/// The IDPF and Adobe font obfuscation algorithms: not DRM, the fonts are
/// simply skipped.
const FONT_OBFUSCATION: &[&str] = &[
    "http://www.idpf.org/2008/embedding",
    "http://ns.adobe.com/pdf/enc#RC",
];

/// Entries that `META-INF/encryption.xml` says are encrypted with anything
/// but font obfuscation (DRM), as entry names.
pub fn encrypted(archive: &mut Archive) -> Result<Vec<String>, EpubError> {
    const PATH: &str = "META-INF/encryption.xml";
    if !archive.has(PATH) {
        return Ok(Vec::new());
    }
    let text = archive.read_text(PATH)?;
    let mut out = Vec::new();
    let mut algorithm = String::new();
    walk(&text, |n| {
        if let Node::Start(e) = n {
            match e.name.as_str() {
                "EncryptedData" => algorithm.clear(),
                "EncryptionMethod" => algorithm = e.attr("Algorithm").unwrap_or("").to_owned(),
                "CipherReference" => {
                    if let Some(uri) = e.attr("URI")
                        && !FONT_OBFUSCATION.contains(&algorithm.as_str())
                    {
                        // URIs are relative to the container's root.
                        out.push(resolve("", uri).0);
                    }
                }
                _ => {}
            }
        }
    })
    .map_err(|problem| EpubError::Xml {
        path: PATH.into(),
        problem,
    })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPF: &str = r#"<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0">
 <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
  <dc:title> كتاب   الاختبار </dc:title>
  <dc:creator>مؤلف أول</dc:creator><dc:creator>مؤلف ثان</dc:creator>
  <dc:language>ar</dc:language><dc:date>2024-01-01</dc:date>
 </metadata>
 <manifest>
  <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
  <item id="c1" href="text/c1.xhtml" media-type="application/xhtml+xml"/>
  <item id="c2" href="text/c2.xhtml" media-type="application/xhtml+xml"/>
  <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
 </manifest>
 <spine toc="ncx" page-progression-direction="rtl">
  <itemref idref="c2"/><itemref idref="c1"/><itemref idref="missing"/>
 </spine>
</package>"#;

    #[test]
    fn metadata_spine_order_and_navigation_files() {
        let p = parse_opf("OEBPS/content.opf", OPF).expect("opf");
        assert_eq!(p.title.as_deref(), Some("كتاب الاختبار"));
        assert_eq!(p.creator.as_deref(), Some("مؤلف أول"));
        assert_eq!(p.language.as_deref(), Some("ar"));
        assert!(p.rtl);
        assert_eq!(p.spine, ["OEBPS/text/c2.xhtml", "OEBPS/text/c1.xhtml"]);
        assert_eq!(p.nav.as_deref(), Some("OEBPS/nav.xhtml"));
        assert_eq!(p.ncx.as_deref(), Some("OEBPS/toc.ncx"));
    }

    #[test]
    fn a_spine_of_nothing_is_an_error() {
        let opf = OPF.replace("<itemref idref=\"c2\"/><itemref idref=\"c1\"/>", "");
        assert_eq!(parse_opf("a.opf", &opf), Err(EpubError::EmptySpine));
    }
}
