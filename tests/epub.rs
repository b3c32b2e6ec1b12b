//! EPUB books built here with the `zip` crate: an RTL Arabic EPUB 3 with a
//! navigation document, an EPUB 2 with an NCX only, and the bad ones (not
//! a zip, truncated, a zip bomb, no container, a missing spine item,
//! DRM). Read through the built binary (`--dump`), as a user would.

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;
use zip::write::SimpleFileOptions;

/// Writes a zip of `entries` (name, bytes): `mimetype` first and stored,
/// as the EPUB container format asks.
fn zip_of(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated =
        SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        let opts = if *name == "mimetype" {
            stored
        } else {
            deflated
        };
        w.start_file(*name, opts).expect("entry");
        w.write_all(bytes).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

const CONTAINER: &str = r#"<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"#;

fn chapter(title: &str, body: &str) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" \
         xml:lang=\"ar\" dir=\"rtl\"><head><title>{title}</title></head><body><h1>{title}</h1>\
         <p>{body}</p></body></html>"
    )
    .into_bytes()
}

/// A small Arabic EPUB 3: two chapters, a nav document, RTL spine.
fn arabic_epub3() -> Vec<u8> {
    let opf = r#"<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
 <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
  <dc:identifier id="id">test-ar</dc:identifier>
  <dc:title>كتاب التجربة</dc:title><dc:creator>كاتب</dc:creator><dc:language>ar</dc:language>
 </metadata>
 <manifest>
  <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
  <item id="c1" href="text/c1.xhtml" media-type="application/xhtml+xml"/>
  <item id="c2" href="text/c2.xhtml" media-type="application/xhtml+xml"/>
  <item id="font" href="fonts/a.ttf" media-type="font/ttf"/>
 </manifest>
 <spine page-progression-direction="rtl"><itemref idref="c1"/><itemref idref="c2"/></spine>
</package>"#;
    let nav = r#"<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><body>
<nav epub:type="toc"><ol><li><a href="text/c1.xhtml">الفصل الأول</a></li>
<li><a href="text/c2.xhtml">الفصل الثاني</a></li></ol></nav></body></html>"#;
    // Font obfuscation is not DRM.
    let encryption = r#"<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"
 xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>
 <enc:EncryptionMethod Algorithm="http://www.idpf.org/2008/embedding"/>
 <enc:CipherData><enc:CipherReference URI="OEBPS/fonts/a.ttf"/></enc:CipherData>
</enc:EncryptedData></encryption>"#;
    zip_of(&[
        ("mimetype", b"application/epub+zip".to_vec()),
        ("META-INF/container.xml", CONTAINER.as_bytes().to_vec()),
        ("META-INF/encryption.xml", encryption.as_bytes().to_vec()),
        ("OEBPS/content.opf", opf.as_bytes().to_vec()),
        ("OEBPS/nav.xhtml", nav.as_bytes().to_vec()),
        (
            "OEBPS/text/c1.xhtml",
            chapter("الفصل الأول", "نص الفصل الأول هنا."),
        ),
        (
            "OEBPS/text/c2.xhtml",
            chapter("الفصل الثاني", "نص الفصل الثاني هنا."),
        ),
        ("OEBPS/fonts/a.ttf", vec![0u8; 64]),
    ])
}

fn write_temp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("qari-epub-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

/// `qari --dump --width 60 FILE`: (exit code, stdout, stderr).
fn dump(path: &std::path::Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_qari"))
        .args(["--dump", "--width", "60", "--bidi", "app"])
        .arg(path)
        .output()
        .expect("run qari");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn an_arabic_epub3_opens_with_its_metadata_and_chapters_in_spine_order() {
    let article = qari::import::load_bytes(&arabic_epub3(), qari::import::Format::Epub, "ar.epub")
        .expect("book");
    assert_eq!(article.title.to_plain(), "كتاب التجربة");
    assert_eq!(article.meta.source.as_deref(), Some("كاتب"));
    assert_eq!(article.meta.direction, qari::model::DirectionSetting::Rtl);
    // Sniffed without the extension too.
    assert_eq!(
        qari::import::Format::sniff(&arabic_epub3()),
        qari::import::Format::Epub
    );
    let path = write_temp("ar.epub", &arabic_epub3());
    let (code, _, stderr) = dump(&path);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn an_epub2_with_only_an_ncx_has_its_table_of_contents() {
    let opf = r#"<package xmlns="http://www.idpf.org/2007/opf" version="2.0">
 <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Old Book</dc:title>
 <dc:language>en</dc:language></metadata>
 <manifest><item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
  <item id="a" href="a.html" media-type="application/xhtml+xml"/></manifest>
 <spine toc="ncx"><itemref idref="a"/></spine></package>"#;
    let ncx = r#"<ncx><navMap><navPoint id="p"><navLabel><text>Chapter One</text></navLabel>
 <content src="a.html"/></navPoint></navMap></ncx>"#;
    let bytes = zip_of(&[
        ("mimetype", b"application/epub+zip".to_vec()),
        ("META-INF/container.xml", CONTAINER.as_bytes().to_vec()),
        ("OEBPS/content.opf", opf.as_bytes().to_vec()),
        ("OEBPS/toc.ncx", ncx.as_bytes().to_vec()),
        (
            "OEBPS/a.html",
            b"<html><body><p>Once upon a time.</p></body></html>".to_vec(),
        ),
    ]);
    let book = qari::import::epub::Book::open(bytes.clone().into()).expect("book");
    assert_eq!(book.toc.len(), 1);
    assert_eq!(book.toc[0].label, "Chapter One");
    assert_eq!(book.toc[0].path, "OEBPS/a.html");
    let article =
        qari::import::load_bytes(&bytes, qari::import::Format::Epub, "old.epub").expect("book");
    assert_eq!(article.title.to_plain(), "Old Book");
}

/// The one line and exit 2 of a bad book.
fn refused(name: &str, bytes: &[u8], cause: &str) {
    let path = write_temp(name, bytes);
    let (code, stdout, stderr) = dump(&path);
    assert_eq!(code, 2, "{name}: {stdout}");
    assert_eq!(stderr.lines().count(), 1, "{name}: {stderr}");
    assert!(stderr.starts_with("qari: "), "{stderr}");
    assert!(stderr.contains(cause), "{name}: {stderr}");
}

#[test]
fn bad_books_are_refused_in_one_line() {
    refused(
        "not-zip.epub",
        b"this is not a zip at all",
        "not a readable zip",
    );
    let good = arabic_epub3();
    refused(
        "truncated.epub",
        &good[..good.len() / 2],
        "not a readable zip",
    );
    let without = |drop: &str| {
        let opf = String::from_utf8(zip_entry(&good, "OEBPS/content.opf")).expect("utf8");
        let mut entries = vec![
            ("mimetype", b"application/epub+zip".to_vec()),
            ("META-INF/container.xml", CONTAINER.as_bytes().to_vec()),
            ("OEBPS/content.opf", opf.into_bytes()),
        ];
        entries.retain(|(n, _)| *n != drop);
        zip_of(&entries)
    };
    refused(
        "no-container.epub",
        &without("META-INF/container.xml"),
        "META-INF/container.xml is missing",
    );
    refused(
        "no-opf.epub",
        &without("OEBPS/content.opf"),
        "OEBPS/content.opf is missing",
    );
}

#[test]
fn a_zip_bomb_costs_at_most_the_cap() {
    // 100 MB of zeros deflate to ~100 KB; the cap is 64 MiB per entry.
    let zeros = vec![0u8; 100 * 1024 * 1024];
    let bomb = zip_of(&[
        ("mimetype", b"application/epub+zip".to_vec()),
        ("META-INF/container.xml", zeros),
    ]);
    assert!(bomb.len() < 1024 * 1024, "{}", bomb.len());
    refused("bomb.epub", &bomb, "inflates past 64 MiB");
}

#[test]
fn drm_is_refused_and_names_the_cause() {
    let good = arabic_epub3();
    let encryption = r#"<encryption><EncryptedData>
 <EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>
 <CipherData><CipherReference URI="OEBPS/text/c1.xhtml"/></CipherData></EncryptedData></encryption>"#;
    let entries: Vec<(&str, Vec<u8>)> = [
        "mimetype",
        "META-INF/container.xml",
        "OEBPS/content.opf",
        "OEBPS/nav.xhtml",
        "OEBPS/text/c1.xhtml",
        "OEBPS/text/c2.xhtml",
    ]
    .iter()
    .map(|n| (*n, zip_entry(&good, n)))
    .chain([("META-INF/encryption.xml", encryption.as_bytes().to_vec())])
    .collect();
    refused("drm.epub", &zip_of(&entries), "DRM");
}

#[test]
fn a_missing_chapter_is_reported_in_its_place_and_the_rest_reads() {
    let good = arabic_epub3();
    let entries: Vec<(&str, Vec<u8>)> = [
        "mimetype",
        "META-INF/container.xml",
        "OEBPS/content.opf",
        "OEBPS/nav.xhtml",
        "OEBPS/text/c2.xhtml",
        "../../evil.txt",
    ]
    .iter()
    .map(|n| {
        let bytes = if n.starts_with("..") {
            b"never written to disk".to_vec()
        } else {
            zip_entry(&good, n)
        };
        (*n, bytes)
    })
    .collect();
    let path = write_temp("missing.epub", &zip_of(&entries));
    let (code, stdout, stderr) = dump(&path);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("c1.xhtml"),
        "the missing chapter is named: {stdout}"
    );
    assert!(!std::env::temp_dir().join("evil.txt").exists());
}

/// The Arabic test book with `c1` as its first chapter.
fn with_first_chapter(c1: &str) -> Vec<u8> {
    let good = arabic_epub3();
    let entries: Vec<(&str, Vec<u8>)> = [
        "mimetype",
        "META-INF/container.xml",
        "OEBPS/content.opf",
        "OEBPS/nav.xhtml",
        "OEBPS/text/c2.xhtml",
    ]
    .iter()
    .map(|n| (*n, zip_entry(&good, n)))
    .chain([("OEBPS/text/c1.xhtml", c1.as_bytes().to_vec())])
    .collect();
    zip_of(&entries)
}

/// The inflated bytes of entry `name` of the zip `bytes`.
fn zip_entry(bytes: &[u8], name: &str) -> Vec<u8> {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut f = z.by_name(name).expect("entry");
    let mut out = Vec::new();
    f.read_to_end(&mut out).expect("read");
    out
}

#[test]
fn a_big_book_is_read_in_two_parts_that_make_the_whole() {
    let bodies = vec!["جملة طويلة في فصل من الكتاب. ".repeat(400); 12];
    let bytes = book_of("طويل", &bodies, None);
    let parts = qari::import::epub::import_parts(
        bytes.clone().into(),
        "long.epub",
        qari::import::epub::FIRST_PART_BYTES,
    )
    .expect("book");
    assert!(parts.is_partial());
    let first = parts.first.sections.len();
    assert!(
        (1..12).contains(&first),
        "{first} of 12 chapters read first"
    );
    assert!(
        parts.share() > 0.0 && parts.share() < 1.0,
        "{}",
        parts.share()
    );
    // The reader opens it so; the dump reads it whole.
    let path = write_temp("long.epub", &bytes);
    let source = qari::source::Source::from_arg(Some(&path));
    let fetch = qari::source::url::FetchOptions::default();
    let opened = source.open(&fetch, true).expect("opened");
    assert_eq!(opened.article.sections.len(), first);
    assert!(opened.rest.is_some());
    assert!(source.open(&fetch, false).expect("opened").rest.is_none());
    let whole = parts.whole();
    let at_once =
        qari::import::load_bytes(&bytes, qari::import::Format::Epub, "long.epub").expect("book");
    assert_eq!(whole, at_once);
}

/// A book titled `title` of `bodies`, one chapter each, declaring
/// `language` or not.
fn book_of(title: &str, bodies: &[String], language: Option<&str>) -> Vec<u8> {
    let items: String = (0..bodies.len())
        .map(|i| {
            format!(r#"<item id="c{i}" href="c{i}.xhtml" media-type="application/xhtml+xml"/>"#)
        })
        .collect();
    let spine: String = (0..bodies.len())
        .map(|i| format!(r#"<itemref idref="c{i}"/>"#))
        .collect();
    let language = language.map_or(String::new(), |l| format!("<dc:language>{l}</dc:language>"));
    let opf = format!(
        r#"<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata
 xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title>{language}</metadata>
 <manifest>{items}</manifest><spine>{spine}</spine></package>"#
    );
    let chapters: Vec<(String, Vec<u8>)> = bodies
        .iter()
        .enumerate()
        .map(|(i, body)| {
            let file = format!("OEBPS/c{i}.xhtml");
            (file, chapter(&format!("الفصل {i}"), body))
        })
        .collect();
    let mut entries: Vec<(&str, Vec<u8>)> = vec![
        ("mimetype", b"application/epub+zip".to_vec()),
        ("META-INF/container.xml", CONTAINER.as_bytes().to_vec()),
        ("OEBPS/content.opf", opf.into_bytes()),
    ];
    entries.extend(chapters.iter().map(|(n, b)| (n.as_str(), b.clone())));
    zip_of(&entries)
}

/// A book that does not declare its direction is judged by its first
/// 32 KB of prose: its first part holds them, so that it reads the way the
/// whole does (an English preface before Arabic chapters).
#[test]
fn the_first_part_holds_the_prose_that_judges_the_direction() {
    use qari::doc::article_direction;
    let mut bodies = vec!["An English preface, short but first. ".repeat(60)];
    bodies.extend((0..8).map(|_| "جملة طويلة في فصل من الكتاب. ".repeat(300)));
    for (language, chapters_first) in [(None, 3..=8), (Some("ar"), 1..=1)] {
        let bytes = book_of("Book", &bodies, language);
        let parts =
            qari::import::epub::import_parts(bytes.clone().into(), "b.epub", 1).expect("book");
        let first = parts.first.sections.len();
        assert!(
            chapters_first.contains(&first),
            "{language:?}: {first} chapters first"
        );
        let whole =
            qari::import::load_bytes(&bytes, qari::import::Format::Epub, "b.epub").expect("book");
        assert_eq!(
            article_direction(&parts.first),
            article_direction(&whole),
            "{language:?}"
        );
        assert_eq!(article_direction(&whole), qari::text::Direction::Rtl);
    }
}

#[test]
fn note_references_become_footnotes_that_open_in_a_popup() {
    let c1 = r##"<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" dir="rtl">
<body><h1>الفصل الأول</h1>
<p>قال الشاعر<a epub:type="noteref" href="#n1">1</a> بيتاً جميلاً.</p>
<table><tr><th>الشاعر</th><th>القرن</th></tr><tr><td>المتنبي</td><td>العاشر</td></tr></table>
<aside epub:type="footnote" id="n1"><p>هو المتنبي.</p></aside></body></html>"##;
    let article = qari::import::load_bytes(
        &with_first_chapter(c1),
        qari::import::Format::Epub,
        "n.epub",
    )
    .expect("book");
    // The chapter's table is a table.
    let table = article
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .find_map(|b| match b {
            qari::model::Block::Table(t) => Some(t),
            _ => None,
        })
        .expect("a table");
    assert_eq!(table.columns, 2);
    let texts: Vec<&qari::model::Text> = article
        .sections
        .iter()
        .flat_map(|s| qari::model::walk::block_texts(&s.blocks))
        .collect();
    let reference = texts
        .iter()
        .flat_map(|t| &t.spans)
        .find(|s| s.href.as_deref() == Some("#fn-1"));
    assert!(reference.is_some(), "a footnote reference: {texts:?}");
    assert!(
        !texts.iter().any(|t| t.to_plain().contains("قال الشاعر1")),
        "the link text is replaced by the note's number"
    );
    let mut app = qari::app::App::new(article, qari::app::AppOptions::default(), (80, 24));
    assert_eq!(
        app.note_text(1).map(qari::model::Text::to_plain).as_deref(),
        Some("هو المتنبي.")
    );
    app.follow("#fn-1");
    assert_eq!(
        app.mode,
        qari::app::Mode::Note {
            number: 1,
            scroll: 0
        }
    );
}

#[test]
fn links_between_chapters_go_to_the_chapter_and_back() {
    let c1 = r##"<html xmlns="http://www.w3.org/1999/xhtml" dir="rtl"><body><h1>الفصل الأول</h1>
<p>انظر <a href="c2.xhtml#x">الفصل الثاني</a> و<a href="https://example.com/">الموقع</a>.</p>
</body></html>"##;
    let article = qari::import::load_bytes(
        &with_first_chapter(c1),
        qari::import::Format::Epub,
        "l.epub",
    )
    .expect("book");
    let hrefs: Vec<String> = article
        .sections
        .iter()
        .flat_map(|s| qari::model::walk::block_texts(&s.blocks))
        .flat_map(|t| t.spans.iter().filter_map(|s| s.href.clone()))
        .collect();
    assert_eq!(hrefs, ["#OEBPS/text/c2.xhtml", "https://example.com/"]);
    let second = article
        .anchors
        .iter()
        .find(|a| a.name == "OEBPS/text/c2.xhtml")
        .expect("the chapter's anchor")
        .section;
    // A short screen, so that the second chapter can come to the top.
    let mut app = qari::app::App::new(article, qari::app::AppOptions::default(), (60, 6));
    let before = app.article_view.top;
    app.follow("#OEBPS/text/c2.xhtml");
    assert_eq!(app.current_part(), qari::doc::Part::Section(second));
    let backspace = crossterm::event::Event::Key(crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Backspace,
        crossterm::event::KeyModifiers::NONE,
    ));
    let action = qari::app::input::action_for_event(&backspace, &app).expect("Backspace");
    qari::app::update(&mut app, action);
    assert_eq!(app.article_view.top, before);
}

#[test]
fn the_table_of_contents_gives_the_navigator_its_tree() {
    let opf = r#"<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata
 xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>أجزاء</dc:title><dc:language>ar</dc:language></metadata>
 <manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
 <item id="p" href="p.xhtml" media-type="application/xhtml+xml"/>
 <item id="a" href="a.xhtml" media-type="application/xhtml+xml"/>
 <item id="b" href="b.xhtml" media-type="application/xhtml+xml"/></manifest>
 <spine><itemref idref="p"/><itemref idref="a"/><itemref idref="b"/></spine></package>"#;
    let nav = r#"<html xmlns:epub="http://www.idpf.org/2007/ops"><body><nav epub:type="toc"><ol>
<li><a href="p.xhtml">الجزء الأول</a><ol><li><a href="a.xhtml">الفصل الأول</a></li>
<li><a href="b.xhtml">الفصل الثاني</a></li></ol></li></ol></nav></body></html>"#;
    // Every file opens with an <h1>, as books do: the tree comes from the
    // table of contents, not from the tags.
    let page =
        |h: &str| format!("<html><body><h1>{h}</h1><p>نص {h}.</p></body></html>").into_bytes();
    let bytes = zip_of(&[
        ("mimetype", b"application/epub+zip".to_vec()),
        ("META-INF/container.xml", CONTAINER.as_bytes().to_vec()),
        ("OEBPS/content.opf", opf.as_bytes().to_vec()),
        ("OEBPS/nav.xhtml", nav.as_bytes().to_vec()),
        ("OEBPS/p.xhtml", page("الجزء الأول")),
        ("OEBPS/a.xhtml", page("الفصل الأول")),
        ("OEBPS/b.xhtml", page("الفصل الثاني")),
    ]);
    let article =
        qari::import::load_bytes(&bytes, qari::import::Format::Epub, "t.epub").expect("book");
    let tree: Vec<(String, u8)> = article
        .sections
        .iter()
        .map(|s| {
            (
                s.heading
                    .as_ref()
                    .map(qari::model::Text::to_plain)
                    .unwrap_or_default(),
                s.level(),
            )
        })
        .collect();
    assert_eq!(
        tree,
        [
            ("الجزء الأول".to_owned(), 2),
            ("الفصل الأول".to_owned(), 3),
            ("الفصل الثاني".to_owned(), 3),
        ]
    );
}

#[test]
fn a_cover_without_words_shows_the_title() {
    let opf = r#"<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata
 xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>رحلة ابن بطوطة</dc:title></metadata>
 <manifest><item id="img" href="cover.jpg" media-type="image/jpeg" properties="cover-image"/>
 <item id="cover" href="cover.xhtml" media-type="application/xhtml+xml"/>
 <item id="a" href="a.xhtml" media-type="application/xhtml+xml"/></manifest>
 <spine><itemref idref="cover"/><itemref idref="a"/></spine></package>"#;
    let bytes = zip_of(&[
        ("mimetype", b"application/epub+zip".to_vec()),
        ("META-INF/container.xml", CONTAINER.as_bytes().to_vec()),
        ("OEBPS/content.opf", opf.as_bytes().to_vec()),
        (
            "OEBPS/cover.xhtml",
            br#"<html><body><div><img src="cover.jpg" alt=""/></div></body></html>"#.to_vec(),
        ),
        (
            "OEBPS/a.xhtml",
            b"<html><body><p>\xd9\x86\xd8\xb5.</p></body></html>".to_vec(),
        ),
    ]);
    let article =
        qari::import::load_bytes(&bytes, qari::import::Format::Epub, "c.epub").expect("book");
    let first: Vec<String> = qari::model::walk::block_texts(&article.sections[0].blocks)
        .map(qari::model::Text::to_plain)
        .collect();
    assert_eq!(first, ["[صورة: رحلة ابن بطوطة]"]);
}

#[test]
fn a_ten_megabyte_book_of_200_chapters_opens_with_its_first_chapters() {
    let n = 200;
    let items: String = (0..n)
        .map(|i| {
            format!(r#"<item id="c{i}" href="c{i}.xhtml" media-type="application/xhtml+xml"/>"#)
        })
        .collect();
    let spine: String = (0..n)
        .map(|i| format!(r#"<itemref idref="c{i}"/>"#))
        .collect();
    let opf = format!(
        r#"<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata
 xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>كتاب كبير</dc:title>
 <dc:language>ar</dc:language></metadata><manifest>{items}</manifest>
 <spine page-progression-direction="rtl">{spine}</spine></package>"#
    );
    let paragraph = format!(
        "<p>{}</p>",
        "نص عربي طويل في فصل من فصول الكتاب الكبير. ".repeat(40)
    );
    let chapters: Vec<(String, Vec<u8>)> = (0..n)
        .map(|i| {
            let body = format!("<h1>الفصل {i}</h1>{}", paragraph.repeat(17));
            (
                format!("OEBPS/c{i}.xhtml"),
                format!("<html><body>{body}</body></html>").into_bytes(),
            )
        })
        .collect();
    let text: usize = chapters.iter().map(|(_, b)| b.len()).sum();
    assert!(text > 9_000_000, "{text}");
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in [
        ("mimetype".to_owned(), b"application/epub+zip".to_vec()),
        (
            "META-INF/container.xml".to_owned(),
            CONTAINER.as_bytes().to_vec(),
        ),
        ("OEBPS/content.opf".to_owned(), opf.into_bytes()),
    ]
    .into_iter()
    .chain(chapters)
    {
        w.start_file(name, stored).expect("entry");
        w.write_all(&bytes).expect("write");
    }
    let bytes = w.finish().expect("zip").into_inner();
    let parts =
        qari::import::epub::import_parts(bytes.into(), "big.epub", 64 * 1024).expect("book");
    // The first screen needs a chapter or two, not the book.
    assert!(
        parts.first.sections.len() <= 2,
        "{}",
        parts.first.sections.len()
    );
    assert!(parts.share() < 0.02, "{}", parts.share());
    let whole = parts.whole();
    assert_eq!(whole.sections.len(), n);
    assert_eq!(whole.anchors.len(), n);
}
