//! The HTML importer: a realistic Arabic news page and one page per FAQ
//! source, encodings, direction and language, bidi elements, an English
//! page, and hostile pages (through the library and the real binary).

use qari::import::html::HtmlHints;
use qari::import::{Format, load_bytes, load_bytes_with};
use qari::model::{Align, Article, Block, DirectionSetting, Text, walk};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/html/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn load(html: &str) -> Article {
    load_bytes(html.as_bytes(), Format::Html, "t.html").expect("loads")
}

/// Every text of the article (title, FAQ, sections), joined by newlines.
fn all_text(a: &Article) -> String {
    walk::texts(a)
        .map(Text::to_plain)
        .collect::<Vec<_>>()
        .join("\n")
}

fn plain(t: &Text) -> String {
    t.to_plain()
}

fn news() -> Article {
    load_bytes(&fixture("news.html"), Format::Html, "news.html").expect("news loads")
}

fn headings(a: &Article) -> Vec<(u8, String)> {
    a.sections
        .iter()
        .filter_map(|s| Some((s.level, s.heading.as_ref()?.to_plain())))
        .collect()
}

fn questions(a: &Article) -> Vec<String> {
    a.faq.iter().map(|e| plain(&e.question)).collect()
}

#[test]
fn news_page_is_just_the_article() {
    let a = news();
    let text = all_text(&a);
    for boilerplate in [
        "ملفات تعريف الارتباط", // cookie banner
        "الرئيسية",            // navigation
        "فيسبوك",              // share bar
        "الأكثر قراءة",         // "most read" box
        "أسعار الذهب",
        "التعليقات", // comments
        "مقال ممتاز",
        "النشرة البريدية", // sidebar
        "جميع الحقوق",     // footer
        "dataLayer",       // scripts
        "font-family",     // styles
        "تتبع",
        "بقلم", // byline (in the metadata instead)
    ] {
        assert!(!text.contains(boilerplate), "{boilerplate} in:\n{text}");
    }
    for article in [
        "تعتمد دول الخليج العربي",
        "الأثر على البيئة",
        "تجارب الطاقة الشمسية",
        "نقل مخارج التصريف",
    ] {
        assert!(text.contains(article), "{article} missing");
    }
}

#[test]
fn news_title_and_metadata() {
    let a = news();
    assert_eq!(
        plain(&a.title),
        "تحلية مياه البحر في الخليج: كلفة الماء العذب"
    );
    assert_eq!(a.meta.source.as_deref(), Some("الخليج أونلاين"));
    assert_eq!(a.meta.author.as_deref(), Some("سارة المنصوري"));
    assert_eq!(a.meta.date.as_deref(), Some("2024-05-12"));
    assert_eq!(
        a.meta.url.as_deref(),
        Some("https://alkhaleej.example/news/desalination")
    );
    assert_eq!(a.meta.language.as_deref(), Some("ar"));
    assert_eq!(a.meta.direction, DirectionSetting::Rtl);
}

#[test]
fn news_sections_blocks_and_inline() {
    let a = news();
    assert_eq!(
        headings(&a),
        vec![
            (2, "من التبخير إلى التناضح العكسي".to_owned()),
            (2, "الأثر على البيئة".to_owned()),
            (3, "تجارب الطاقة الشمسية".to_owned()),
        ]
    );
    let blocks: Vec<&Block> = a.sections.iter().flat_map(|s| &s.blocks).collect();
    let table = blocks
        .iter()
        .find_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .expect("a table");
    assert_eq!(table.columns, 3);
    assert_eq!(plain(&table.header()[0]), "التقنية");
    assert_eq!(table.row_count(), 3);
    assert_eq!(
        table.align,
        vec![Align::None, Align::Center, Align::Left],
        "align= and text-align survive Readability"
    );
    assert!(
        blocks
            .iter()
            .any(|b| matches!(b, Block::Quote(q) if !q.is_empty()))
    );
    assert!(
        blocks
            .iter()
            .any(|b| matches!(b, Block::Bullets(items) if items.len() == 3))
    );
    let text = all_text(&a);
    assert!(text.contains("[صورة: مخرج تصريف المحلول الملحي]"), "{text}");
    // &nbsp; is a space, and runs of white space are one.
    assert!(text.contains("ما يقارب 40٪"), "{text}");
    // Links: absolute kept, relative resolved against the canonical URL,
    // javascript: dropped.
    let spans: Vec<_> = a
        .sections
        .iter()
        .flat_map(|s| walk::block_texts(&s.blocks))
        .flat_map(|t| &t.spans)
        .collect();
    let href = |text: &str| {
        spans
            .iter()
            .find(|s| s.text == text)
            .and_then(|s| s.href.clone())
    };
    assert_eq!(
        href("تقرير دولي").as_deref(),
        Some("https://www.example.org/report")
    );
    assert_eq!(
        href("صفحة الطاقة").as_deref(),
        Some("https://alkhaleej.example/tags/energy")
    );
    assert!(spans.iter().any(|s| s.text == "40٪" && s.style.strong));
    assert!(
        spans
            .iter()
            .any(|s| s.text == "التقطير الوميضي" && s.style.emphasis)
    );
    // An inline dir=ltr is isolated.
    assert!(text.contains("\u{2066}reverse osmosis\u{2069}"), "{text}");
}

#[test]
fn news_footnote_becomes_a_note() {
    let a = news();
    let notes: Vec<String> = a
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match b {
            Block::Notes(n) => Some(n.items.iter().map(plain).collect::<Vec<_>>()),
            _ => None,
        })
        .flatten()
        .collect();
    assert_eq!(
        notes,
        vec!["تقدّر الوكالة الدولية للطاقة الدعم بمليارات الدولارات سنوياً.".to_owned()]
    );
    assert!(all_text(&a).contains("والغاز.¹"));
}

#[test]
fn news_faq_from_json_ld_not_duplicated() {
    let a = news();
    assert_eq!(
        questions(&a),
        vec![
            "كم محطة تحلية في دول الخليج؟".to_owned(),
            "ما أثر التحلية على البيئة البحرية؟".to_owned(),
        ]
    );
    // The answer is HTML read as blocks, styles kept.
    let Block::Paragraph(answer) = &a.faq[0].answer[0] else {
        panic!("{:?}", a.faq[0].answer)
    };
    assert_eq!(plain(answer), "أكثر من 400 محطة كبيرة وصغيرة.");
    assert!(answer.spans.iter().any(|s| s.style.strong));
    // The body's copy (the «أسئلة شائعة» heading and its questions) is gone.
    let body: Vec<String> = a
        .sections
        .iter()
        .flat_map(|s| s.heading.iter().chain(walk::block_texts(&s.blocks)))
        .map(plain)
        .collect();
    let body = body.join("\n");
    assert!(!body.contains("كم محطة"), "{body}");
    assert!(!body.contains("أسئلة شائعة"), "{body}");
    assert!(!body.contains("أكثر من 400"), "{body}");
}

#[test]
fn faq_from_microdata() {
    let a = load_bytes(&fixture("faq_microdata.html"), Format::Html, "m").unwrap();
    assert_eq!(plain(&a.title), "دليل السفر إلى عُمان");
    assert_eq!(
        questions(&a),
        vec![
            "هل أحتاج إلى تأشيرة؟".to_owned(),
            "ما أفضل وقت للزيارة؟".to_owned()
        ]
    );
    assert_eq!(
        a.faq[1].answer,
        vec![Block::Paragraph(Text::plain("من أكتوبر إلى أبريل."))]
    );
    let text = all_text(&a);
    assert_eq!(text.matches("تأشيرة إلكترونية").count(), 1, "{text}");
    assert!(!text.contains("الأدلة"), "navigation: {text}");
}

#[test]
fn faq_from_details_summary() {
    let a = load_bytes(&fixture("faq_details.html"), Format::Html, "d").unwrap();
    assert_eq!(
        questions(&a),
        vec![
            "كم يستغرق تعلّم خط الرقعة؟".to_owned(),
            "هل أحتاج إلى معلّم؟".to_owned()
        ]
    );
    assert_eq!(a.faq[1].answer.len(), 2, "{:?}", a.faq[1].answer);
    assert!(matches!(&a.faq[1].answer[1], Block::Bullets(items) if items.len() == 2));
    let text = all_text(&a);
    assert_eq!(text.matches("بضعة أشهر").count(), 1);
    assert!(text.contains("وبعد الرقعة"), "{text}");
    assert!(!text.contains("روابط"), "a footer's details is no question");
}

#[test]
fn faq_from_a_heading_english_page() {
    let a = load_bytes(&fixture("faq_heading.html"), Format::Html, "h").unwrap();
    assert_eq!(plain(&a.title), "Home composting for beginners");
    assert_eq!(a.meta.source.as_deref(), Some("Green Living"));
    assert_eq!(
        questions(&a),
        vec![
            "Does compost smell?".to_owned(),
            "Can I compost meat?".to_owned()
        ]
    );
    assert_eq!(
        headings(&a),
        vec![
            (2, "Getting started".to_owned()),
            (2, "Further reading".to_owned())
        ]
    );
}

#[test]
fn english_page_is_ltr_with_code_and_safe_links() {
    let a = load_bytes(&fixture("english.html"), Format::Html, "e").unwrap();
    assert_eq!(plain(&a.title), "How tides work");
    assert_eq!(a.meta.language.as_deref(), Some("en-GB"));
    assert_eq!(a.meta.direction, DirectionSetting::Auto);
    assert_eq!(a.meta.author.as_deref(), Some("Jane Smith"));
    assert_eq!(a.meta.date.as_deref(), Some("2023-11-02"));
    let blocks: Vec<&Block> = a.sections.iter().flat_map(|s| &s.blocks).collect();
    let code = blocks
        .iter()
        .find_map(|b| match b {
            Block::Code(c) => Some(c),
            _ => None,
        })
        .expect("code");
    assert_eq!(code.lang.as_deref(), Some("python"));
    assert_eq!(code.lines.len(), 2);
    assert!(code.to_plain().starts_with("def tide(t):\n    return"));
    let spans: Vec<_> = blocks
        .iter()
        .flat_map(|b| walk::block_texts(std::slice::from_ref(*b)))
        .flat_map(|t| &t.spans)
        .collect();
    let chart = spans
        .iter()
        .find(|s| s.text.contains("interactive chart"))
        .unwrap();
    assert_eq!(chart.href, None, "javascript: is dropped");
    let text = all_text(&a);
    for gone in ["cookies", "Related", "Waves", "Ocean News, 2023", "Science"] {
        assert!(!text.contains(gone), "{gone}: {text}");
    }
}

/// A page in `encoding`, its charset declared by `meta` (or not at all).
fn legacy_page(encoding: &'static encoding_rs::Encoding, meta: &str) -> (Vec<u8>, &'static str) {
    let body = "مرحباً بكم في مدينة القاهرة القديمة، حيث الأسواق والمساجد والبيوت العتيقة.";
    let html =
        format!("<html><head>{meta}<title>القاهرة</title></head><body><p>{body}</p></body></html>");
    let (bytes, _, unmappable) = encoding.encode(&html);
    assert!(!unmappable);
    (bytes.into_owned(), body)
}

#[test]
fn legacy_arabic_encodings_declared_and_detected() {
    for encoding in [encoding_rs::WINDOWS_1256, encoding_rs::ISO_8859_6] {
        let name = encoding.name();
        let metas = [
            format!("<meta charset=\"{name}\">"),
            format!("<meta http-equiv=\"Content-Type\" content=\"text/html; charset={name}\">"),
            String::new(),
        ];
        for meta in &metas {
            let (bytes, body) = legacy_page(encoding, meta);
            let a = load_bytes(&bytes, Format::Html, "x").unwrap();
            let text = all_text(&a);
            assert!(text.contains(body), "{name} {meta}: {text}");
            assert!(!text.contains('\u{FFFD}'), "{name} {meta}");
            assert_eq!(plain(&a.title), "القاهرة");
        }
        // The HTTP header's charset, undeclared in the page.
        let (bytes, body) = legacy_page(encoding, "");
        let hints = HtmlHints {
            charset: Some(name.to_owned()),
            url: None,
            ..HtmlHints::default()
        };
        let a = load_bytes_with(&bytes, Format::Html, "x", &hints).unwrap();
        assert!(all_text(&a).contains(body));
    }
}

#[test]
fn bom_beats_header_beats_meta() {
    let page = "<meta charset=windows-1256><p>نص عربي قصير للتجربة.</p>";
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(page.as_bytes());
    let hints = HtmlHints {
        charset: Some("iso-8859-6".into()),
        ..HtmlHints::default()
    };
    let a = load_bytes_with(&bytes, Format::Html, "x", &hints).unwrap();
    assert!(all_text(&a).contains("نص عربي قصير"));
    let (bytes, _, _) = encoding_rs::ISO_8859_6.encode(page);
    let a = load_bytes_with(&bytes, Format::Html, "x", &hints).unwrap();
    assert!(all_text(&a).contains("نص عربي قصير"), "header over meta");
}

#[test]
fn direction_language_and_bidi_elements() {
    let a = load(
        r#"<html dir="rtl" lang="ar"><body>
        <p>فقرة عربية عادية في صفحة من اليمين إلى اليسار.</p>
        <p dir="ltr">An English paragraph inside.</p>
        <p dir="rtl">فقرة بالاتجاه نفسه لا تحتاج إلى عزل.</p>
        <p>الاسم <bdi>Ahmed 2</bdi> والرمز <bdo dir="rtl">abc</bdo> و<bdo dir="ltr">دخ</bdo>.</p>
        </body></html>"#,
    );
    assert_eq!(a.meta.direction, DirectionSetting::Rtl);
    assert_eq!(a.meta.language.as_deref(), Some("ar"));
    let paras: Vec<String> = a
        .sections
        .iter()
        .flat_map(|s| walk::block_texts(&s.blocks))
        .map(plain)
        .collect();
    assert!(
        paras.contains(&"\u{2066}An English paragraph inside.\u{2069}".to_owned()),
        "{paras:?}"
    );
    assert!(paras.contains(&"فقرة بالاتجاه نفسه لا تحتاج إلى عزل.".to_owned()));
    assert!(
        paras.contains(
            &"الاسم \u{2068}Ahmed 2\u{2069} والرمز \u{202E}abc\u{202C} و\u{202D}دخ\u{202C}."
                .to_owned()
        ),
        "{paras:?}"
    );
}

#[test]
fn entities_soft_hyphens_and_zero_width() {
    let a = load(
        "<p>A&amp;B&nbsp;&nbsp;C &lt;tag&gt; co\u{AD}operate zero\u{200B}width &#x627;&#1604; \
         ZW\u{200C}NJ kept, caf&eacute;.</p>",
    );
    let text = all_text(&a);
    assert!(
        text.contains("A&B C <tag> cooperate zerowidth ال ZW\u{200C}NJ kept, café."),
        "{text:?}"
    );
}

#[test]
fn hostile_markup_is_neutralised() {
    let a = load(
        "<html><head><title>t\u{1b}[31m</title></head><body>\
         <p onclick=\"evil()\">نص <a href=\"java\u{1}script:alert(1)\">رابط</a> \
         <a href=\"JaVaScRiPt:alert(1)\">آخر</a> <a href=\"data:text/html,x\">ثالث</a> \
         <a href=\"http://x/\u{1b}]8;;\">رابع</a> control\u{7}\u{1b}[2J here.</p>\
         <script>document.write('<p>injected</p>')</script>\
         <style>p{}</style><iframe src=x>frame text</iframe>\
         <img src=x onerror=alert(1) alt=\"\u{1b}[31malt\">\
         <div hidden>hidden text</div><p style=\"display: none\">invisible</p>\
         </body></html>",
    );
    let text = all_text(&a);
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );
    for gone in ["injected", "frame text", "hidden text", "invisible", "evil"] {
        assert!(!text.contains(gone), "{gone}: {text}");
    }
    for t in walk::texts(&a) {
        for span in &t.spans {
            assert!(span.href.is_none(), "{span:?}");
        }
    }
    assert!(text.contains("control␇␛[2J here."), "{text}");
}

#[test]
fn empty_and_garbage_pages_do_not_panic() {
    for page in [
        "",
        "<html></html>",
        "<html><body><script>x</script></body></html>",
        "<<<<>>>>",
        "<table><td><td><tr><th><caption>c</table></td>",
        "<ul><li>a<ol><li>b</ul></ol><li>c",
        "<pre><code class=language->x</pre>",
        "<sup><a href=#nowhere>1</a></sup><p id=nowhere>n</p>",
        "<details><summary></summary></details>",
        "<table>".repeat(300).as_str(),
        "\u{0}\u{1}\u{2}<p>\u{0}</p>",
    ] {
        let _ = load_bytes(page.as_bytes(), Format::Html, "g");
    }
    // Bytes that are not text at all.
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    let _ = load_bytes(&bytes, Format::Html, "g");
}

#[test]
fn deep_nesting_neither_overflows_nor_loses_the_text() {
    for (open, close) in [
        ("<div>", "</div>"),
        ("<blockquote>", "</blockquote>"),
        ("<ul><li>", "</li></ul>"),
        ("<table><tr><td>", "</td></tr></table>"),
        ("<b><i>", "</i></b>"),
        ("<span dir=rtl>", "</span>"),
        ("<details><summary>س؟</summary>", "</details>"),
    ] {
        let n = 10_000;
        let html = format!(
            "<html><body><p>مقدمة المقال هنا.</p>{}نص عميق جداً{}</body></html>",
            open.repeat(n),
            close.repeat(n)
        );
        let start = std::time::Instant::now();
        let a = load(&html);
        let text = all_text(&a);
        assert!(text.contains("مقدمة"), "{open}: {text:.200}");
        // A guard against a hang, not a speed target (the machine may be
        // busy; html5ever slows down on very deep lists).
        assert!(
            start.elapsed().as_secs() < 120,
            "{open}: {:?}",
            start.elapsed()
        );
    }
}

fn qari(args: &[&str], stdin: Option<&[u8]>) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_qari"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("qari runs");
    let mut input = child.stdin.take().expect("stdin");
    if let Some(bytes) = stdin {
        input.write_all(bytes).expect("writes");
    }
    drop(input);
    child.wait_with_output().expect("qari ends")
}

#[test]
fn binary_reads_a_page_by_extension_and_sniffed_on_stdin() {
    let path = format!(
        "{}/tests/fixtures/html/news.html",
        env!("CARGO_MANIFEST_DIR")
    );
    let by_path = qari(&["--dump", "--width", "80", &path], None);
    assert!(by_path.status.success(), "{by_path:?}");
    let out = String::from_utf8(by_path.stdout.clone()).unwrap();
    assert!(!out.contains('<') && !out.contains("dataLayer"), "{out}");
    // The dump shapes Arabic into presentation forms: compare with stdin's.
    let stdin = qari(
        &["--dump", "--width", "80", "-"],
        Some(&fixture("news.html")),
    );
    assert!(stdin.status.success(), "{stdin:?}");
    assert_eq!(stdin.stdout, by_path.stdout);
    let english = qari(
        &["--dump", "--width", "80", "-"],
        Some(&fixture("english.html")),
    );
    let out = String::from_utf8(english.stdout).unwrap();
    assert!(out.starts_with("How tides work\n"), "{out}");
    assert!(!out.contains("<p>") && !out.contains("cookies"), "{out}");
}

#[test]
fn binary_on_hostile_pages_exits_cleanly_without_controls() {
    let mut pages: Vec<Vec<u8>> = vec![
        b"<!DOCTYPE html><title>\x1b]0;pwned\x07</title><p>\x1b[2J\x9b31m text \xff\xfe</p>"
            .to_vec(),
        b"<html><body><a href=\"javascript:alert(1)\">x</a><script>alert(1)</script></body></html>"
            .to_vec(),
        b"<html><body></body></html>".to_vec(),
        format!("<html><body>{}x</body></html>", "<div>".repeat(10_000)).into_bytes(),
    ];
    // A 3 MB page (the 50 MB figure is in the README; this one keeps the
    // debug test quick).
    let body = String::from_utf8(fixture("news.html")).unwrap();
    pages.push(body.repeat(3 << 20 >> 13).into_bytes());
    for page in pages {
        let start = std::time::Instant::now();
        let out = qari(&["--dump", "--width", "60", "-"], Some(&page));
        assert!(start.elapsed().as_secs() < 60, "{:?}", start.elapsed());
        let code = out.status.code();
        assert!(matches!(code, Some(0 | 2)), "{out:?}");
        let stdout = String::from_utf8(out.stdout).expect("UTF-8 out");
        assert!(
            !stdout.chars().any(|c| c.is_control() && c != '\n'),
            "{stdout:?}"
        );
        if code == Some(2) {
            let err = String::from_utf8(out.stderr).unwrap();
            assert_eq!(err.lines().count(), 1, "{err}");
            assert!(err.starts_with("qari: "), "{err}");
        }
    }
}

#[test]
fn relative_links_resolve_against_the_page_address() {
    let page = "<html><head><title>Notes on tides and moons | Ocean</title></head><body>\
        <p>See <a href=\"../data/x.csv\">the data</a>, <a href=\"#part2\">part two</a> \
        and <a href=\"mailto:a@b.example\">write</a>.</p></body></html>";
    let hints = HtmlHints {
        charset: None,
        url: Some("https://ocean.example/news/2023/tides.html".into()),
        ..HtmlHints::default()
    };
    let a = load_bytes_with(page.as_bytes(), Format::Html, "u", &hints).unwrap();
    assert_eq!(plain(&a.title), "Notes on tides and moons");
    assert_eq!(
        a.meta.url.as_deref(),
        Some("https://ocean.example/news/2023/tides.html")
    );
    let hrefs: Vec<String> = walk::texts(&a)
        .flat_map(|t| &t.spans)
        .filter_map(|s| s.href.clone())
        .collect();
    assert_eq!(
        hrefs,
        vec![
            "https://ocean.example/news/data/x.csv".to_owned(),
            "#part2".to_owned(),
            "mailto:a@b.example".to_owned(),
        ]
    );
}

#[test]
fn whole_body_when_asked_as_for_an_epub_chapter() {
    let page = "<html><body><header><h2>الفصل الأول</h2></header>\
        <p>سطر قصير.</p><div class=\"share\"><p>نص في صندوق.</p></div></body></html>";
    let hints = HtmlHints {
        whole: true,
        ..HtmlHints::default()
    };
    let a = load_bytes_with(page.as_bytes(), Format::Html, "c", &hints).unwrap();
    let text = all_text(&a);
    for kept in ["الفصل الأول", "سطر قصير.", "نص في صندوق."] {
        assert!(text.contains(kept), "{kept}: {text}");
    }
}

/// The bundled article, as qari's JSON.
fn bundled() -> Article {
    let path = format!("{}/assets/article.json", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    load_bytes(&bytes, Format::Json, "article.json").expect("article.json loads")
}

/// `a` with its metadata cut to the fields `want` has (a page says more).
fn meta_as_in(mut a: Article, want: &Article) -> Article {
    let m = &mut a.meta;
    if want.meta.author.is_none() {
        m.author = None;
    }
    if want.meta.date.is_none() {
        m.date = None;
    }
    if want.meta.url.is_none() {
        m.url = None;
    }
    a
}

/// The bundled article served as a news site serves it (header, menu,
/// breadcrumb, share bars, ads, "most read", related posts, the FAQ as a
/// visible block and as `FAQPage` JSON-LD, `NewsArticle` JSON-LD, footer,
/// scripts), in UTF-8 and in windows-1256: the same model as
/// `assets/article.json`.
#[test]
fn bundled_article_as_a_news_page_is_the_same_model() {
    // The windows-1256 page is the UTF-8 one, encoded (by
    // tests/fixtures/html/make_article.py; encoding_rs agrees).
    let utf8 = String::from_utf8(fixture("article.html")).unwrap();
    let legacy = utf8.replace(
        r#"<meta charset="utf-8">"#,
        r#"<meta charset="windows-1256">"#,
    );
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(&legacy);
    assert!(!unmappable);
    assert_eq!(&bytes[..], &fixture("article-1256.html")[..]);
    let want = bundled();
    for name in ["article.html", "article-1256.html"] {
        let got = load_bytes(&fixture(name), Format::Html, name).expect("loads");
        assert_eq!(
            got.meta.url.as_deref(),
            Some("https://alkhaleejonline.example/سياسة/qatar-morocco-military"),
            "{name}"
        );
        assert_eq!(got.meta.date.as_deref(), Some("2025-01-04"), "{name}");
        let got = meta_as_in(got, &want);
        assert_eq!(plain(&got.title), plain(&want.title), "{name}");
        assert_eq!(got.meta, want.meta, "{name}");
        assert_eq!(got.faq, want.faq, "{name}");
        assert_eq!(headings(&got), headings(&want), "{name}");
        for (g, w) in got.sections.iter().zip(&want.sections) {
            assert_eq!(g.blocks, w.blocks, "{name}: {:?}", w.heading);
        }
        assert_eq!(got, want, "{name}");
    }
}

/// Every paragraph, list item, code block and table cell of `a`'s body, as
/// plain text (the title and FAQ apart).
fn body_texts(a: &Article) -> Vec<String> {
    a.sections
        .iter()
        .flat_map(|s| {
            s.heading
                .iter()
                .cloned()
                .chain(walk::block_texts(&s.blocks).cloned())
        })
        .map(|t| t.to_plain())
        .chain(a.sections.iter().flat_map(|s| &s.blocks).filter_map(|b| {
            match b {
                Block::Code(c) => Some(
                    c.lines
                        .iter()
                        .map(Text::to_plain)
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
                _ => None,
            }
        }))
        .collect()
}

/// How a page's content fared: the content paragraphs found whole in the
/// body, and the boilerplate strings found anywhere in the article.
fn measure(a: &Article, content: &[&str], boilerplate: &[&str]) -> (usize, Vec<String>) {
    let body = body_texts(a);
    let all = all_text(a);
    let kept = content
        .iter()
        .filter(|c| body.iter().any(|b| b == *c) || all.contains(*c))
        .count();
    let leaked = boilerplate
        .iter()
        .filter(|b| all.contains(*b))
        .map(|b| b.to_string())
        .collect();
    (kept, leaked)
}

/// A WordPress post (Twenty Twenty's markup, Jetpack's share, like and
/// related-posts blocks inside the content, author box, post navigation,
/// threaded comments and the reply form, sidebar widgets, footer), in
/// Arabic: every paragraph of the post, nothing around it.
#[test]
fn wordpress_post_is_just_the_post() {
    let a = load_bytes(&fixture("blog.html"), Format::Html, "blog.html").unwrap();
    assert_eq!(plain(&a.title), "زراعة الطماطم على السطح: دليل للمبتدئين");
    assert_eq!(a.meta.direction, DirectionSetting::Rtl);
    let content = [
        "بدأت تجربتي مع الطماطم قبل ثلاثة مواسم، حين قررت أن أستغل سطح البناية الذي بقي مهجوراً لسنوات. لم تكن لدي خبرة في الزراعة، لكن الشمس القوية والمساحة الواسعة شجعتاني على المحاولة.",
        "في هذا الدليل أشارككم ما تعلمته من أخطائي قبل نجاحاتي، من اختيار الأصناف إلى الري في أيام الصيف الحارة.",
        "اختيار الأصص والتربة",
        "تحتاج شتلة الطماطم إلى أصيص لا يقل عمقه عن أربعين سنتيمتراً، مع فتحات تصريف واسعة في القاع. الأصص البلاستيكية الفاتحة أفضل من الداكنة لأنها لا تسخن الجذور تحت شمس الظهيرة.",
        "أما التربة فأخلطها بنفسي من ثلاثة مكونات:",
        "نصفها سماد عضوي متحلل جيداً.",
        "ربعها تربة زراعية عادية.",
        "وربعها بيرلايت لتهوية الجذور.",
        "[صورة: أصص الطماطم على السطح]",
        "أصص الموسم الماضي في شهر يونيو.",
        "الري والتسميد",
        "الخطأ الأكثر شيوعاً هو الري القليل المتكرر. الأفضل أن تسقي بعمق مرة واحدة في الصباح الباكر، حتى يخرج الماء من فتحات التصريف، ثم تترك السطح يجف قليلاً.",
        "«الطماطم تحب أن تعطش قليلاً بين الريّتين، لكنها لا تسامح على العطش الطويل».",
        "وأضيف سماداً غنياً بالبوتاسيوم كل أسبوعين بعد ظهور الأزهار الأولى، وأتوقف عن التسميد الآزوتي حتى لا تنشغل النبتة بالأوراق عن الثمار.",
        "ما الذي سأفعله بشكل مختلف؟",
        "لو بدأت من جديد لاخترت صنفاً واحداً محدود النمو بدلاً من خمسة أصناف، ولوضعت شبكة تظليل خفيفة فوق الأصص منذ منتصف يوليو.",
    ];
    let boilerplate = [
        "التخطي إلى المحتوى",      // skip link
        "زراعة منزلية في المدينة", // tagline
        "الصفحة الرئيسية",         // menu
        "راسلني",
        "التصنيفات", // categories
        "بواسطة",    // byline
        "3 تعليقات",
        "[صورة]",   // the decorative featured image (alt="")
        "شارك هذا", // Jetpack share
        "انقر للمشاركة",
        "أعجبني هذا", // Jetpack likes
        "تحميل...",
        "ذات صلة", // related posts
        "الريحان في الظل",
        "زراعة الأسطح",    // tags
        "مهندسة معمارية", // author box
        "عرض جميع المقالات",
        "تخزين البذور", // post navigation, recent posts
        "النعناع في الأصص",
        "ردود على", // comments
        "هل تنصحين",
        "صنف روما",
        "جربت طريقة الري العميق",
        "اترك تعليقاً", // reply form
        "لن يتم نشر",
        "إرسال التعليق",
        "أحدث المقالات", // widgets
        "الفلفل الحار",
        "أحدث التعليقات",
        "الأرشيف",
        "أبريل 2024",
        "كمبوست",
        "مدعوم بواسطة ووردبريس", // footer
        "إلى الأعلى",
        "wpcom_likes", // scripts
        "display: inline",
    ];
    let (kept, leaked) = measure(&a, &content, &boilerplate);
    eprintln!(
        "blog.html: {kept}/{} content kept, {}/{} boilerplate leaked {leaked:?}",
        content.len(),
        leaked.len(),
        boilerplate.len()
    );
    for c in content {
        assert!(
            body_texts(&a).iter().any(|b| b == c),
            "missing: {c}\n{}",
            all_text(&a)
        );
    }
    assert!(leaked.is_empty(), "leaked: {leaked:?}\n{}", all_text(&a));
    assert_eq!(
        headings(&a),
        vec![
            (2, "اختيار الأصص والتربة".to_owned()),
            (2, "الري والتسميد".to_owned()),
            (2, "ما الذي سأفعله بشكل مختلف؟".to_owned()),
        ]
    );
}

/// A documentation page (Docusaurus's markup: announcement bar, navbar
/// with version menu, search and GitHub link, docs sidebar tree,
/// breadcrumbs, "On this page" table of contents, edit link, last update,
/// previous/next, footer columns), in English: the text, headings, code
/// blocks, table and note kept, nothing around them.
#[test]
fn documentation_page_is_just_the_page() {
    let a = load_bytes(&fixture("docs.html"), Format::Html, "docs.html").unwrap();
    assert_eq!(plain(&a.title), "Configuration");
    assert_eq!(a.meta.source.as_deref(), Some("Tern Docs"));
    assert_eq!(a.meta.direction, DirectionSetting::Ltr);
    let content = [
        "Tern reads its settings from three places: a tern.toml file in the project root, environment variables that start with TERN_, and command-line flags. Later sources override earlier ones, so a flag always wins over the file.",
        "This page describes the file format, lists every key with its default, and shows how to keep secrets out of the repository.",
        "The configuration file",
        "Create the file next to your Cargo.toml or package.json. A minimal configuration only names the entry point:",
        "[build]\nentry = \"src/main.tern\"\nout_dir = \"dist\"",
        "Every other key is optional. The table below lists the keys of the [build] section.",
        "Where build artifacts are written.",
        "How many files are compiled in parallel.",
        "Paths in the file are relative to the file itself, not to the directory you run Tern from.",
        "Environment variables",
        "Any key can be set from the environment by upper-casing it and joining the section and key with two underscores. For example, TERN_BUILD__JOBS=4 sets jobs in the [build] section.",
        "export TERN_BUILD__JOBS=4\ntern build",
        "Keeping secrets out of the repository",
        "Tokens for the package registry belong in the environment or in a .env file that your version control ignores. Tern never writes values read from the environment back into tern.toml.",
    ];
    let boilerplate = [
        "Skip to main content",
        "Tern 2.0 is out", // announcement bar
        "API Reference",   // navbar
        "Version 1.x",
        "Search docs",
        "Tern logo",
        "Introduction", // sidebar tree
        "Writing plugins",
        "Deploying to production",
        "Troubleshooting",
        "Guides", // breadcrumbs
        "🏠",
        "On this page", // tables of contents
        "Direct link",
        "Copy", // code block button
        "Edit this page",
        "Last updated",
        "Dana Whitfield",
        "Previous", // pagination
        "Your first project",
        "Getting Started", // footer
        "Stack Overflow",
        "Built with Docusaurus",
        "localStorage", // scripts
    ];
    let (kept, leaked) = measure(&a, &content, &boilerplate);
    eprintln!(
        "docs.html: {kept}/{} content kept, {}/{} boilerplate leaked {leaked:?}",
        content.len(),
        leaked.len(),
        boilerplate.len()
    );
    for c in content {
        assert!(
            body_texts(&a).iter().any(|b| b == c),
            "missing: {c:?}\n{}",
            all_text(&a)
        );
    }
    assert!(leaked.is_empty(), "leaked: {leaked:?}\n{}", all_text(&a));
    assert_eq!(
        headings(&a),
        vec![
            (2, "The configuration file".to_owned()),
            (2, "Environment variables".to_owned()),
            (3, "Keeping secrets out of the repository".to_owned()),
        ]
    );
    let blocks: Vec<&Block> = a.sections.iter().flat_map(|s| &s.blocks).collect();
    let langs: Vec<Option<&str>> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Code(c) => Some(c.lang.as_deref()),
            _ => None,
        })
        .collect();
    assert_eq!(langs, vec![Some("toml"), Some("bash")]);
    let table = blocks
        .iter()
        .find_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .expect("a table");
    assert_eq!(
        (table.columns, table.row_count()),
        (4, 4),
        "header and 3 rows"
    );
    // The note (an admonition) is a quote: its label, then its text.
    let note = blocks
        .iter()
        .find_map(|b| match b {
            Block::Quote(q) => Some(q),
            _ => None,
        })
        .expect("the note as a quote");
    let note: Vec<String> = walk::block_texts(note).map(plain).collect();
    assert_eq!(
        note,
        vec![
            "note".to_owned(),
            "Paths in the file are relative to the file itself, not to the directory you run Tern from.".to_owned()
        ]
    );
}

/// A page with more than a megabyte of text skips Readability (its cost
/// grows with the text; such a page is a book, not an article among
/// boilerplate): its `<main>` is read with the boilerplate taken out, and
/// every paragraph is kept.
#[test]
fn book_length_page_takes_the_fallback_without_boilerplate() {
    let paragraph = "تتجه العلاقات العسكرية بين قطر والمغرب نحو مزيد التعاون الثنائي، بما يعزز القدرات الدفاعية للبلدين.";
    let mut body = String::new();
    let mut n = 0;
    while body.len() < 1_200_000 {
        n += 1;
        body.push_str(&format!("<p>{n}: {paragraph}</p>\n"));
    }
    let page = format!(
        r#"<html lang="ar" dir="rtl"><head><title>كتاب طويل</title></head><body>
<header><nav><a href="/">الرئيسية</a></nav></header>
<main><article><h1>كتاب طويل</h1>
<div class="share-bar"><a href="https://facebook.com/x">فيسبوك</a></div>
<div class="entry-content">{body}</div>
<div class="ad-slot"><span>إعلان</span></div>
<div class="post-tags"><a href="/tag/q">وسم قطر</a></div></article>
<section class="comments"><p>مقال ممتاز</p></section></main>
<aside class="sidebar"><h3>الأكثر قراءة</h3></aside>
<footer><p>جميع الحقوق محفوظة</p></footer></body></html>"#
    );
    let a = load(&page);
    let text = all_text(&a);
    for gone in [
        "الرئيسية",
        "فيسبوك",
        "إعلان",
        "وسم قطر",
        "مقال ممتاز",
        "الأكثر قراءة",
        "جميع الحقوق",
    ] {
        assert!(!text.contains(gone), "{gone}");
    }
    let paragraphs = a.sections.iter().flat_map(|s| &s.blocks).count();
    assert_eq!(paragraphs, n);
    assert!(text.contains(&format!("{n}: {paragraph}")));
}

/// `html` without its `FAQPage` JSON-LD block.
fn without_faq_json_ld(html: &str) -> String {
    let start = html.find(r#""@type": "FAQPage""#).expect("FAQPage");
    let open = html[..start].rfind("<script").unwrap();
    let close = start + html[start..].find("</script>").unwrap() + "</script>".len();
    format!("{}{}", &html[..open], &html[close..])
}

/// `html` with its FAQ box moved to the top of the article's body.
fn faq_box_first(html: &str) -> String {
    let start = html.find(r#"<section class="faq-box""#).expect("FAQ box");
    let end = start + html[start..].find("</section>").unwrap() + "</section>".len();
    let rest = format!("{}{}", &html[..start], &html[end..]);
    let body = rest.find(r#"<div class="entry-content""#).unwrap();
    let body = body + rest[body..].find('>').unwrap() + 1;
    format!("{}{}{}", &rest[..body], &html[start..end], &rest[body..])
}

/// The news page in other shapes: its FAQ from the visible block alone
/// (no `FAQPage` JSON-LD), and the FAQ box first in the body (where the
/// seed text has it) with and without the JSON-LD. The box ends the FAQ
/// where it closes: the lead paragraphs after it are no answer, and its
/// heading does not head them.
#[test]
fn bundled_article_faq_box_anywhere_with_or_without_json_ld() {
    let html = String::from_utf8(fixture("article.html")).unwrap();
    let want = bundled();
    for (name, page) in [
        ("visible block alone", without_faq_json_ld(&html)),
        ("box first", faq_box_first(&html)),
        (
            "box first alone",
            without_faq_json_ld(&faq_box_first(&html)),
        ),
    ] {
        assert_ne!(page, html, "{name}");
        let got = meta_as_in(load(&page), &want);
        assert_eq!(got.faq, want.faq, "{name}");
        assert_eq!(got, want, "{name}");
    }
}

/// A page read from bytes it may drop (`load_owned`, what a file or stdin
/// gives) is the same article as one read borrowed: UTF-8, UTF-8 with a
/// BOM, windows-1256, and an empty page (an error either way).
#[test]
fn owned_bytes_read_as_borrowed_ones() {
    use qari::import::load_owned;
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(fixture("article.html"));
    for (name, bytes) in [
        ("article.html", fixture("article.html")),
        ("article-1256.html", fixture("article-1256.html")),
        ("bom.html", bom),
        ("blog.html", fixture("blog.html")),
    ] {
        let borrowed = load_bytes(&bytes, Format::Html, name).expect("loads");
        let owned = load_owned(bytes, Format::Html, name).expect("loads");
        assert_eq!(owned, borrowed, "{name}");
        assert!(!all_text(&owned).contains('\u{FFFD}'), "{name}");
    }
    let empty = load_owned(
        b"<html><body></body></html>".to_vec(),
        Format::Html,
        "e.html",
    );
    assert_eq!(
        empty.map_err(|e| e.to_string()),
        load_bytes(b"<html><body></body></html>", Format::Html, "e.html")
            .map_err(|e| e.to_string())
    );
}

/// A long page read in two parts: the first part is the beginning of the
/// whole (the same title, metadata, sections and blocks; its last section
/// has the first blocks of the whole's), so the reader can take the whole
/// in without anything moving.
#[test]
fn a_long_page_first_part_begins_the_whole() {
    use qari::import::html::import_first_part;
    let para = "<p>كان في قديم الزمان ملك <b>عادل</b> يحكم مدينة كبيرة، وكان الناس يحبونه لأنه لا يظلم أحداً (منذ 1998).</p>\n";
    let mut html = String::from(
        "<!doctype html><html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\">\
         <title>كتاب الحكايات</title></head><body><nav><a href=\"/\">الرئيسية</a></nav>\n",
    );
    for c in 0..300 {
        html += &format!("<h2>الفصل {c}</h2>\n<ul><li>أ</li><li>ب</li></ul>\n<h3>قسم</h3>\n");
        html += &para.repeat(30);
    }
    html += "<footer>جميع الحقوق محفوظة</footer></body></html>\n";
    let bytes = html.into_bytes();
    let hints = HtmlHints::default();
    let (at, first) = import_first_part(&bytes, "book.html", &hints).expect("cut");
    let first = first.expect("loads");
    assert!(at < bytes.len() / 10, "{at}");
    let whole = qari::import::html::import_owned(
        bytes.clone(),
        "book.html",
        &HtmlHints {
            by_structure: true,
            ..HtmlHints::default()
        },
    )
    .expect("loads");
    // The same whole as read without the hint (the fallback takes it anyway).
    assert_eq!(
        whole,
        load_bytes(&bytes, Format::Html, "book.html").unwrap()
    );
    assert_eq!(
        (&first.title, &first.meta, &first.faq),
        (&whole.title, &whole.meta, &whole.faq)
    );
    let n = first.sections.len();
    assert!(
        n > 3 && n < whole.sections.len() / 4,
        "{n} of {}",
        whole.sections.len()
    );
    assert_eq!(first.sections[..n - 1], whole.sections[..n - 1]);
    let (last, same) = (&first.sections[n - 1], &whole.sections[n - 1]);
    assert_eq!(last.heading, same.heading);
    assert_eq!(last.blocks[..], same.blocks[..last.blocks.len()]);
    assert!(!all_text(&whole).contains("جميع الحقوق"));
    // A short page is read whole.
    assert!(import_first_part(&fixture("article.html"), "a.html", &hints).is_none());
}

/// A page past 4 MB is parsed a piece at a time and its text let go as
/// it is converted (to keep a 10 MB page's peak memory down); what it reads
/// is what the page read at once gives. The page: the fixtures' bodies
/// (news, blog, docs, FAQ details and microdata, English), repeated.
#[test]
fn a_big_page_read_in_pieces_reads_as_the_whole() {
    let mut body = String::new();
    for name in [
        "article.html",
        "blog.html",
        "docs.html",
        "news.html",
        "english.html",
        "faq_details.html",
        "faq_microdata.html",
    ] {
        let page = String::from_utf8(fixture(name)).expect("utf-8");
        let start = page.find("<body").expect("body");
        let start = start + page[start..].find('>').expect("body tag") + 1;
        let end = page.rfind("</body>").unwrap_or(page.len());
        // One main content for the whole page: the bodies' own `<main>`s
        // and `<article>`s become `<div>`s inside the page's article.
        let inner = page[start..end]
            .replace("<main", "<div")
            .replace("</main>", "</div>")
            .replace("<article", "<div")
            .replace("</article>", "</div>");
        body.push_str(&inner);
    }
    let copies = (4 << 20) / body.len() + 2;
    let page = format!(
        "<!doctype html><html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\">\
         <title>صفحة كبيرة</title></head><body><article>{}</article></body></html>",
        body.repeat(copies)
    );
    assert!(page.len() > 4 << 20);
    // Borrowed text is parsed at once; owned text (a file's) in pieces.
    let whole = qari::import::html::parse(&page, None);
    let pieces =
        qari::import::load_owned(page.into_bytes(), Format::Html, "big.html").expect("read");
    assert!(walk::texts(&whole).count() > 1000);
    assert!(pieces == whole, "the page read in pieces differs");
}
