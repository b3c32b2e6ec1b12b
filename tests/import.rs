//! Importers end to end: the seed, the bundled article, a Markdown fixture,
//! bad inputs and hostile text.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use qari::import::{Format, LoadError, load_bytes};
use qari::model::{Article, Block, FaqEntry, Section, Span, Style, Text};
use qari::source::{MAX_BYTES, bundled, load_path};

const SEED: &str = "tests/fixtures/seed-article.txt";
const SAMPLE_MD: &str = "tests/fixtures/sample.md";

fn para(s: &str) -> Block {
    Block::Paragraph(Text::plain(s))
}

fn texts(items: &[&str]) -> Vec<Text> {
    items.iter().map(|s| Text::plain(*s)).collect()
}

fn styled(parts: &[(&str, Style)]) -> Text {
    Text {
        spans: parts
            .iter()
            .map(|(text, style)| Span {
                href: None,
                text: (*text).into(),
                style: *style,
            })
            .collect(),
    }
}

const PLAIN: Style = Style {
    link: false,
    strike: false,
    emphasis: false,
    strong: false,
    code: false,
};
const EM: Style = Style {
    emphasis: true,
    ..PLAIN
};
const STRONG: Style = Style {
    strong: true,
    ..PLAIN
};
const CODE: Style = Style {
    code: true,
    ..PLAIN
};

/// Every string in the article, one per text, item or meta field.
fn strings(a: &Article) -> Vec<String> {
    fn blocks(out: &mut Vec<String>, bs: &[Block]) {
        for b in bs {
            match b {
                Block::Paragraph(t) => out.push(t.to_plain()),
                Block::Bullets(items) | Block::Numbered(items) => {
                    out.extend(items.iter().map(Text::to_plain))
                }
                Block::Quote(inner) => blocks(out, inner),
                Block::Code(c) => out.extend(c.lines.iter().map(Text::to_plain)),
                Block::Table(t) => out.extend(t.cells.iter().map(Text::to_plain)),
                Block::Notes(n) => out.extend(n.items.iter().map(Text::to_plain)),
                Block::Rule => {}
            }
        }
    }
    let mut out = vec![a.title.to_plain()];
    let m = &a.meta;
    out.extend(
        [&m.source, &m.date, &m.url, &m.language]
            .into_iter()
            .flatten()
            .cloned(),
    );
    for e in &a.faq {
        out.push(e.question.to_plain());
        blocks(&mut out, &e.answer);
    }
    for s in &a.sections {
        out.extend(s.heading.as_ref().map(Text::to_plain));
        blocks(&mut out, &s.blocks);
    }
    out
}

// ---- the seed and the bundled article ----

#[test]
fn seed_text_gives_the_bundled_article_content() {
    let from_text = load_path(Path::new(SEED)).unwrap();
    let bundled = bundled();
    assert_eq!(from_text.title, bundled.title);
    assert_eq!(from_text.faq, bundled.faq);
    assert_eq!(from_text.sections, bundled.sections);
    // Metadata only the JSON can carry.
    assert!(from_text.meta.is_empty());
}

#[test]
fn bundled_article_has_the_seed_structure() {
    let a = bundled();
    let seed = fs::read_to_string(SEED).unwrap();
    assert_eq!(a.title.to_plain(), seed.lines().next().unwrap());
    assert_eq!(a.meta.source.as_deref(), Some("الخليج أونلاين"));
    assert_eq!(
        a.faq,
        vec![
            FaqEntry {
                question: Text::plain("ما أهمية التعاون العسكري بين المغرب وقطر؟"),
                answer: vec![para("يسهم في تعزيز الأمن والاستقرار الإقليميين.")],
            },
            FaqEntry {
                question: Text::plain("ما هي أبرز محاور التعاون العسكري المحتمل؟"),
                answer: vec![Block::Bullets(texts(&[
                    "التدريب العسكري المشترك.",
                    "تطوير الصناعات الدفاعية.",
                    "تعزيز الأمن السيبراني.",
                ]))],
            },
        ]
    );
    let shape: Vec<(Option<String>, usize)> = a
        .sections
        .iter()
        .map(|s| (s.heading.as_ref().map(Text::to_plain), s.blocks.len()))
        .collect();
    assert_eq!(
        shape,
        vec![
            (None, 2),
            (Some("مباحثات ثنائية".to_string()), 5),
            (Some("أهمية التعاون".to_string()), 10),
        ]
    );
    let all_paragraphs = a
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .all(|b| matches!(b, Block::Paragraph(_)));
    assert!(all_paragraphs);
}

#[test]
fn every_seed_line_appears_verbatim() {
    let seed = fs::read_to_string(SEED).unwrap();
    for article in [bundled(), load_path(Path::new(SEED)).unwrap()] {
        let all = strings(&article);
        for line in seed.lines() {
            let line = line.strip_prefix("- ").unwrap_or(line);
            assert!(all.iter().any(|s| s == line), "missing: {line}");
        }
    }
}

// ---- Markdown ----

#[test]
fn markdown_fixture_gives_the_expected_model() {
    let a = load_path(Path::new(SAMPLE_MD)).unwrap();
    let expected = Article {
        title: Text::plain("التعاون الثقافي بين المغرب وقطر"),
        meta: Default::default(),
        anchors: Vec::new(),
        faq: vec![
            FaqEntry {
                question: Text::plain("ما أهداف البرنامج؟"),
                answer: vec![para("تبادل الخبرات بين الجامعات في البلدين.")],
            },
            FaqEntry {
                question: Text::plain("ما أبرز مجالاته؟"),
                answer: vec![Block::Bullets(texts(&[
                    "الترجمة والنشر.",
                    "المعارض الفنية.",
                    "منح دراسية للطلاب.",
                ]))],
            },
        ],
        sections: vec![
            Section {
                level: 0,
                heading: None,
                blocks: vec![
                    Block::Paragraph(styled(&[
                        ("يأتي البرنامج في إطار ", PLAIN),
                        ("شراكة طويلة", STRONG),
                        (" بين البلدين، ويشمل أنشطة ", PLAIN),
                        ("متعددة", EM),
                        (" في مجالات الثقافة.", PLAIN),
                    ])),
                    Block::Paragraph({
                        let mut t = Text::plain(
                            "وقّع الاتفاق وزيرا الثقافة في الدوحة (Doha) بحضور ممثلين عن منظمة ",
                        );
                        let link = Style {
                            link: true,
                            ..Style::default()
                        };
                        t.push_link("UNESCO", link, Some("https://www.unesco.org"));
                        t.push_str(".", Style::default());
                        t
                    }),
                ],
            },
            Section {
                level: 2,
                heading: Some(Text::plain("مراحل التنفيذ")),
                blocks: vec![
                    Block::Numbered(texts(&[
                        "إعداد الخطة.",
                        "اختيار المشاركين.",
                        "تقييم النتائج بعد عام.",
                    ])),
                    Block::Paragraph(styled(&[
                        ("استخدم الفريق أداة ", PLAIN),
                        ("qari", CODE),
                        (" لقراءة التقارير.", PLAIN),
                    ])),
                ],
            },
            Section {
                level: 2,
                heading: Some(Text::plain("آراء المشاركين")),
                blocks: vec![
                    Block::Quote(vec![
                        Block::Paragraph(styled(&[
                            ("قال أحد المشاركين: «هذه ", PLAIN),
                            ("خطوة", EM),
                            (" مهمة».", PLAIN),
                        ])),
                        Block::Paragraph(styled(&[
                            ("The program is a ", PLAIN),
                            ("first step", STRONG),
                            (".", PLAIN),
                        ])),
                    ]),
                    para("وختم البيان بالتأكيد على استمرار التعاون."),
                ],
            },
        ],
    };
    assert_eq!(a, expected);
}

// ---- files and errors ----

/// A fresh directory of its own for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("qari-import-{}-{test}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap();
    path
}

/// Loads `path`, expecting an error whose message is one line naming it.
fn load_err(path: &Path) -> LoadError {
    let err = load_path(path).unwrap_err();
    let msg = err.to_string();
    assert!(!msg.contains('\n'), "{msg:?}");
    assert!(msg.contains(&path.display().to_string()), "{msg:?}");
    err
}

#[test]
fn missing_file_and_directory() {
    let dir = scratch("missing");
    let missing = dir.join("nope.md");
    assert!(matches!(load_err(&missing), LoadError::NotFound { .. }));
    assert!(
        load_err(&missing)
            .to_string()
            .ends_with("nope.md: file not found")
    );
    assert!(matches!(load_err(&dir), LoadError::IsDirectory { .. }));
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn device_is_not_a_regular_file() {
    let err = load_err(Path::new("/dev/null"));
    assert_eq!(err.to_string(), "/dev/null: not a regular file");
}

#[test]
fn fifo_is_refused_without_blocking() {
    let dir = scratch("fifo");
    let path = dir.join("pipe.md");
    let made = Command::new("mkfifo").arg(&path).status();
    // Without mkfifo there is no FIFO to test; /dev/null covers devices.
    if made.is_ok_and(|s| s.success()) {
        let err = load_err(&path);
        assert!(matches!(err, LoadError::NotRegularFile { .. }), "{err:?}");
    }
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn unreadable_file_is_permission_denied() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("perm");
    let path = write(&dir, "secret.txt", "عنوان\n".as_bytes());
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    // root reads anything; then there is nothing to test here.
    if fs::read(&path).is_err() {
        assert!(matches!(
            load_err(&path),
            LoadError::PermissionDenied { .. }
        ));
    }
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn invalid_utf8_names_the_byte() {
    let dir = scratch("utf8");
    let path = write(&dir, "bad.txt", b"\xEF\xBB\xBFabc\n\xC3\x28");
    let err = load_err(&path);
    assert!(
        matches!(err, LoadError::InvalidUtf8 { offset: 7, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .ends_with("bad.txt: invalid UTF-8 at byte 7")
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn invalid_json_gives_line_and_column() {
    let dir = scratch("json");
    let path = write(
        &dir,
        "bad.json",
        b"{\n  \"title\": \"x\",\n  \"faq\": [1]\n}\n",
    );
    let err = load_err(&path);
    let LoadError::InvalidJson { line, message, .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(*line, 3);
    assert!(
        message.starts_with("invalid type: integer `1`"),
        "{message}"
    );
    assert!(
        err.to_string()
            .contains("bad.json: invalid JSON at line 3, column ")
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn blank_files_are_empty_documents() {
    let dir = scratch("empty");
    for (name, bytes) in [
        ("zero.txt", &b""[..]),
        ("spaces.md", b" \r\n\t\n"),
        ("bom.json", b"\xEF\xBB\xBF\n"),
        ("noext", b"\n\n"),
    ] {
        let path = write(&dir, name, bytes);
        assert!(matches!(load_err(&path), LoadError::Empty { .. }), "{name}");
    }
    let path = write(&dir, "blank.json", br#"{"title": "  ", "sections": []}"#);
    assert!(matches!(load_err(&path), LoadError::Empty { .. }));
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn files_over_the_limit_are_too_large() {
    let dir = scratch("large");
    let path = dir.join("huge.txt");
    // A sparse file: its length is checked before anything is read.
    fs::File::create(&path)
        .unwrap()
        .set_len(MAX_BYTES + 1)
        .unwrap();
    let err = load_err(&path);
    assert_eq!(
        err,
        LoadError::TooLarge {
            name: path.display().to_string(),
            size: MAX_BYTES + 1
        }
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn format_is_sniffed_without_a_known_extension() {
    let dir = scratch("sniff");
    let json = write(&dir, "a", b"  {\"title\": \"J\"}");
    assert_eq!(load_path(&json).unwrap().title, Text::plain("J"));
    let md = write(&dir, "b.text", b"intro *x*\n\n# M\n");
    let md = load_path(&md).unwrap();
    assert_eq!(md.title, Text::plain("M"));
    assert_eq!(
        md.sections[0].blocks,
        vec![Block::Paragraph(styled(&[("intro ", PLAIN), ("x", EM)]))]
    );
    let txt = write(&dir, "c", "عنوان\n#وسم\n".as_bytes());
    let txt = load_path(&txt).unwrap();
    assert_eq!(txt.title, Text::plain("عنوان"));
    assert_eq!(
        txt.sections,
        vec![Section {
            level: 2,
            heading: Some(Text::plain("#وسم")),
            blocks: vec![]
        }]
    );
    fs::remove_dir_all(dir).unwrap();
}

/// Runs inside a child process whose standard input is the seed (see below).
#[test]
fn stdin_child() {
    if std::env::var_os("QARI_STDIN_CHILD").is_none() {
        return;
    }
    let a = load_path(Path::new("-")).unwrap();
    assert_eq!(a.sections, bundled().sections);
}

#[test]
fn dash_reads_standard_input() {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "stdin_child", "--test-threads=1"])
        .env("QARI_STDIN_CHILD", "1")
        .stdin(fs::File::open(SEED).unwrap())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    assert!(child.wait().unwrap().success());
}

// ---- hostile text ----

const HOSTILE: &str = "\x1b[2J\x1b]0;pwn\x07 \u{9b}31m \0 \x7f \u{85} a\tb\u{202E}RLO \u{2067}RLI \u{2069}\u{2069}\u{202C}\u{202C}";

/// Asserts that `s` holds no control character and balanced bidi controls.
fn assert_neutral(s: &str) {
    for c in s.chars() {
        assert!(
            !matches!(c, '\0'..='\u{1F}' | '\u{7F}'..='\u{9F}'),
            "{c:?} in {s:?}"
        );
    }
    let mut open = Vec::new();
    for c in s.chars() {
        match c {
            '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' => open.push('\u{202C}'),
            '\u{2066}'..='\u{2068}' => open.push('\u{2069}'),
            '\u{202C}' | '\u{2069}' => assert_eq!(open.pop(), Some(c), "unbalanced in {s:?}"),
            _ => {}
        }
    }
    assert!(open.is_empty(), "unclosed in {s:?}");
}

fn assert_all_neutral(a: &Article) {
    let all = strings(a);
    assert!(all.len() >= 5, "{all:?}");
    all.iter().for_each(|s| assert_neutral(s));
    assert!(a.title.to_plain().contains('␛'), "{:?}", a.title);
}

#[test]
fn hostile_json_is_neutralised() {
    let h = serde_json::to_string(HOSTILE).unwrap();
    let src = format!(
        r#"{{"title": {h}, "meta": {{"source": {h}, "url": {h}}},
            "faq": [{{"question": {h}, "answer": [{{"bullets": [{h}]}}]}}],
            "sections": [{{"heading": {h}, "blocks": [{{"quote": [{{"paragraph": [{h}, {{"text": {h}, "code": true}}]}}]}}]}}]}}"#
    );
    assert_all_neutral(&load_bytes(src.as_bytes(), Format::Json, "h.json").unwrap());
}

#[test]
fn hostile_markdown_is_neutralised() {
    let h = HOSTILE.replace('\t', " ");
    let src = format!(
        "# T{h}\n\n{h} *{h}*\n\n## FAQ\n\n### Q{h}?\n\n- {h}\n\n## S{h}\n\n> {h}\n\n    {h}\n"
    );
    assert_all_neutral(&load_bytes(src.as_bytes(), Format::Markdown, "h.md").unwrap());
}

#[test]
fn hostile_plain_text_is_neutralised() {
    let h = HOSTILE;
    let src = format!("T{h}\nQ{h}?\n- {h}\n{h}.\n> {h}\n- {h}\n");
    assert_all_neutral(&load_bytes(src.as_bytes(), Format::Plain, "h.txt").unwrap());
}

// ---- any input ----

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// No input makes an importer panic, and whatever loads is neutral.
    #[test]
    fn any_input_loads_neutral_or_fails_cleanly(
        src in "[#>*_`~\\-+.1 \t\r\n{}\\[\\]\"a:ب؟?\u{1b}\u{9b}\u{0}\u{7f}\u{feff}\u{202a}-\u{202e}\u{2066}-\u{2069}]{0,120}"
    ) {
        for format in [Format::Json, Format::Markdown, Format::Plain] {
            match load_bytes(src.as_bytes(), format, "p") {
                Ok(a) => strings(&a).iter().for_each(|s| assert_neutral(s)),
                Err(e) => proptest::prop_assert!(!e.to_string().contains('\n')),
            }
        }
    }
}

// ---- where the FAQ ends ----

/// A FAQ whose last answer is followed by a thematic break and a paragraph:
/// the answer ends at the rule; the rule and the paragraph form a section
/// without heading after the FAQ.
#[test]
fn faq_ends_at_a_thematic_break() {
    let src = "# T\n\n## FAQ\n\n### س١؟\n\nج١.\n\n### س٢؟\n\nج٢.\n\n- بند\n\n---\n\nبعد الفاصل.\n";
    let a = load_bytes(src.as_bytes(), Format::Markdown, "faq.md").unwrap();
    assert_eq!(a.faq.len(), 2);
    assert_eq!(
        a.faq[1].answer,
        vec![para("ج٢."), Block::Bullets(texts(&["بند"]))]
    );
    assert_eq!(
        a.sections,
        vec![Section {
            heading: None,
            blocks: vec![Block::Rule, para("بعد الفاصل.")],
            level: 0,
        }]
    );
}

/// A FAQ followed by a `##` heading: the heading starts an ordinary
/// section (its `###` headings are no longer questions).
#[test]
fn faq_ends_at_a_level_two_heading() {
    let src = "# T\n\n## أسئلة شائعة\n\n### س؟\n\nج.\n\n## next\n\nنص.\n\n### sub\n\nآخر.\n";
    let a = load_bytes(src.as_bytes(), Format::Markdown, "faq.md").unwrap();
    assert_eq!(a.faq.len(), 1);
    assert_eq!(a.faq[0].answer, vec![para("ج.")]);
    let shape: Vec<(Option<String>, u8, Vec<Block>)> = a
        .sections
        .iter()
        .map(|s| {
            (
                s.heading.as_ref().map(Text::to_plain),
                s.level(),
                s.blocks.clone(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        vec![
            (Some("next".into()), 2, vec![para("نص.")]),
            (Some("sub".into()), 3, vec![para("آخر.")]),
        ]
    );
}
