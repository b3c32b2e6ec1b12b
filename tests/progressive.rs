//! A big Markdown book opened in two parts (issue #15): the reader gets the
//! beginning at once, the whole later, and nothing it shows moves when the
//! whole comes; the dump reads the whole.

use crossterm::event::KeyCode;
use qari::doc::{ComposeOptions, FaqMode, article_direction, compose_unit, units};
use qari::import::{Format, load_bytes};
use qari::model::Article;
use qari::source::{Opened, Source, url::FetchOptions};

mod qari_pty;
mod reader;

use qari_pty::Reader;
use reader::{keys, press};

/// A word found only in the last chapter.
const LAST_WORD: &str = "الخاتمةالفريدة";

/// A ~1.5 MB Arabic Markdown book: 150 chapters, each with prose, a list,
/// a fenced code block holding `## ` and `# ` lines, and a reference link
/// whose definition is at the very end.
fn book() -> String {
    let mut md = String::from("# كتاب كبير\n\nمقدمة الكتاب.\n\n");
    for i in 1..=150 {
        md.push_str(&format!("## الفصل {i}\n\n"));
        for j in 0..12 {
            md.push_str(&format!(
                "فقرة {j} من الفصل {i}، فيها [رابط][مرجع] وكلام عربي طويل عن الكتاب والقراءة. {}\n\n",
                "جملة أخرى تطيل الفقرة قليلا. ".repeat(10)
            ));
        }
        md.push_str("- بند أول\n- بند ثان\n\n");
        md.push_str("```markdown\n## ليس عنوانا\n# ولا هذا\n[مرجع]: https://wrong.example\n```\n\n");
    }
    md.push_str(&format!(
        "## الخاتمة\n\n{LAST_WORD} في آخر الكتاب. THE-END\n\n"
    ));
    md.push_str("[مرجع]: https://example.com/ref\n");
    md
}

fn write_temp(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("qari-progressive-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

/// The book opened as the reader opens it, and read whole.
fn opened() -> (Opened, Article, std::path::PathBuf) {
    let md = book();
    let path = write_temp("book.md", md.as_bytes());
    let opened = Source::from_arg(Some(&path))
        .open(&FetchOptions::default(), true)
        .expect("opened");
    let whole = load_bytes(md.as_bytes(), Format::Markdown, "book.md").expect("whole");
    (opened, whole, path)
}

fn compose_options(width: usize) -> ComposeOptions {
    ComposeOptions {
        width,
        layout: qari::text::LayoutOptions::default(),
        labels: qari::labels::Labels::of(qari::labels::UiLang::Ar),
        faq: FaqMode::Omit,
        link_refs: false,
        syntax: qari::doc::SyntaxColors::Wait,
    }
}

#[test]
fn the_first_part_composes_as_the_start_of_the_whole() {
    let (opened, whole, _) = opened();
    let rest = opened.rest.as_ref().expect("opened in two parts");
    assert!(rest.share() > 0.0 && rest.share() < 0.6, "{}", rest.share());
    let first = &opened.article;
    let n = first.sections.len();
    assert!(n > 2 && n < whole.sections.len(), "{n} sections first");
    assert_eq!(first.title, whole.title);
    assert_eq!(first.faq, whole.faq);
    assert_eq!(first.sections[..], whole.sections[..n]);
    assert_eq!(article_direction(first), article_direction(&whole));
    // The reference defined at the end resolves in the first part.
    let href = qari::model::walk::texts(first)
        .flat_map(|t| &t.spans)
        .find_map(|s| s.href.clone());
    assert_eq!(href.as_deref(), Some("https://example.com/ref"));
    // The same units with the same rows.
    let first_units = units(first, FaqMode::Omit);
    let whole_units = units(&whole, FaqMode::Omit);
    assert_eq!(first_units[..], whole_units[..first_units.len()]);
    let opts = compose_options(72);
    let (d1, d2) = (article_direction(first), article_direction(&whole));
    for &unit in first_units.iter().step_by(7).chain(first_units.last()) {
        assert_eq!(
            compose_unit(first, unit, &opts, d1),
            compose_unit(&whole, unit, &opts, d2),
            "{unit:?}"
        );
    }
    // And the rest gives the whole.
    let rest = opened.rest.expect("rest");
    assert_eq!(rest.whole().expect("the whole"), whole);
}

/// The book with its links written inline: nothing after its beginning
/// can change it, so the reader shows it from the file's head alone
/// (`parts::head_part`) and the worker reads the rest.
fn inline_book() -> String {
    book().replace("[رابط][مرجع]", "[رابط](https://example.com/ref)")
}

/// `first` is the beginning of `whole`: the same title, FAQ, sections,
/// direction, units and rows.
fn assert_begins(first: &Article, whole: &Article) {
    let n = first.sections.len();
    assert!(n > 2 && n < whole.sections.len(), "{n} sections first");
    assert_eq!(first.title, whole.title);
    assert_eq!(first.sections[..], whole.sections[..n]);
    let (d1, d2) = (article_direction(first), article_direction(whole));
    assert_eq!(d1, d2);
    let first_units = units(first, FaqMode::Omit);
    assert_eq!(
        first_units[..],
        units(whole, FaqMode::Omit)[..first_units.len()]
    );
    let opts = compose_options(72);
    for &unit in first_units.iter().step_by(3).chain(first_units.last()) {
        assert_eq!(
            compose_unit(first, unit, &opts, d1),
            compose_unit(whole, unit, &opts, d2),
            "{unit:?}"
        );
    }
}

/// [`inline_book`] with a footnote in its last chapter: a book that the
/// reader used to read whole at once (a note defined after the cut), now
/// shown from its head, whose first part has no note.
fn late_note_book() -> String {
    inline_book().replace(
        "في آخر الكتاب.",
        "في آخر الكتاب[^1].\n\n[^1]: حاشية في الخاتمة.\n",
    )
}

#[test]
fn a_book_is_shown_from_its_head_and_the_worker_reads_the_rest() {
    // Only the head path gives this one in two parts.
    let md = late_note_book();
    assert!(md.contains("[^1]: "));
    let whole = load_bytes(md.as_bytes(), Format::Markdown, "notes.md").expect("whole");
    assert!(
        qari::import::markdown::parts::first_part(md.as_bytes()).is_none(),
        "a note after the cut: read whole, unless the head says otherwise"
    );
    // Standard input (read at once) has the same first part as the file.
    let piped = qari::import::markdown::import_parts(md.clone().into_bytes(), "-").expect("parts");
    assert!(piped.is_partial());
    for bytes in [
        md.clone().into_bytes(),
        [&b"\xEF\xBB\xBF"[..], md.as_bytes()].concat(),
    ] {
        let path = write_temp("notes.md", &bytes);
        let opened = Source::from_arg(Some(&path))
            .open(&FetchOptions::default(), true)
            .expect("opened");
        let rest = opened.rest.expect("shown from its head");
        assert!(rest.share() < 0.1, "{}", rest.share());
        assert_eq!(opened.article, piped.first);
        assert_begins(&opened.article, &whole);
        assert_eq!(rest.whole().expect("the rest reads"), whole);
    }
    let md = inline_book();
    let path = write_temp("inline.md", md.as_bytes());
    let opened = Source::from_arg(Some(&path))
        .open(&FetchOptions::default(), true)
        .expect("opened");
    let whole = load_bytes(md.as_bytes(), Format::Markdown, "inline.md").expect("whole");
    let rest = opened.rest.expect("opened in two parts");
    // The first part is what the first 40 KB or so hold, not a third.
    assert!(rest.share() < 0.1, "{}", rest.share());
    assert!(rest.is_quick());
    assert_begins(&opened.article, &whole);
    assert_eq!(rest.whole().expect("the rest reads"), whole);
    // A BOM is no reason to read the whole first.
    let bom = [&b"\xEF\xBB\xBF"[..], md.as_bytes()].concat();
    let path = write_temp("bom.md", &bom);
    let opened = Source::from_arg(Some(&path))
        .open(&FetchOptions::default(), true)
        .expect("opened");
    assert_begins(&opened.article, &whole);
    assert_eq!(opened.rest.expect("two parts").whole(), Ok(whole));
}

/// The dump of a big file lays out a beginning read from the file's head
/// while the rest is read: the same bytes as the dump of the text read at
/// once (from standard input), on one thread and on two, also when the
/// rest shows the beginning was not the document's (a FAQ, which the dump
/// shows first; a footnote).
#[test]
fn the_dump_from_the_head_is_the_dump_of_the_text_read_at_once() {
    let faq = inline_book().replace(
        "## الخاتمة",
        "## الأسئلة الشائعة\n\n### ما هذا الكتاب؟\n\nكتاب كبير.\n\n## الخاتمة",
    );
    let bom = format!("\u{FEFF}{}", inline_book());
    for (name, md) in [
        ("inline.md", inline_book()),
        ("bom.md", bom),
        ("faq.md", faq),
        ("notes.md", late_note_book()),
    ] {
        let path = write_temp(name, md.as_bytes());
        let opened = Source::from_arg(Some(&path))
            .open_pieces(&FetchOptions::default())
            .expect("opened");
        assert!(opened.later.is_some(), "{name}: a beginning from the head");
        let dump = |input: Option<&std::path::Path>, threads: &str| {
            let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_qari"));
            cmd.args(["--dump", "--width", "61", "--threads", threads])
                .arg(input.unwrap_or(std::path::Path::new("-")))
                .env("XDG_STATE_HOME", std::env::temp_dir())
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped());
            let mut child = cmd.spawn().expect("qari runs");
            let mut stdin = child.stdin.take().expect("stdin");
            if input.is_none() {
                std::io::Write::write_all(&mut stdin, md.as_bytes()).expect("piped");
            }
            drop(stdin);
            let out = child.wait_with_output().expect("qari ends");
            assert!(out.status.success(), "{name}");
            String::from_utf8(out.stdout).expect("utf-8")
        };
        let at_once = dump(None, "2");
        assert!(at_once.contains("THE-END"), "{name}");
        for threads in ["1", "2", "4"] {
            assert!(
                dump(Some(&path), threads) == at_once,
                "{name}, {threads} thread(s)"
            );
        }
    }
}

/// Big files of odd shapes (no newline, one long line after the title,
/// CRLF lines, a character cut by the head's end, nothing but a title and
/// code) open as when read whole: the reader's first part begins the whole
/// (or the whole is read at once), and the dump from the file is the dump
/// of the text read at once.
#[test]
fn odd_big_files_read_from_the_head_as_when_read_whole() {
    let para = "نص عربي طويل في فقرة واحدة من الكتاب، وكلام آخر. ";
    let chapters = |n: usize| -> String {
        (0..n)
            .map(|i| format!("## الفصل {i}\n\n{}\n\n", para.repeat(40)))
            .collect()
    };
    // A heading's text split by the reader's 256 KB head, a character too.
    let mut split = format!("# كتاب\n\n{}", chapters(80));
    while split.len() < qari::import::markdown::parts::HEAD_BYTES - 5 {
        split.push('ب');
    }
    split.push_str("\n\n## الفصل الأخير\n\n");
    split.push_str(&chapters(60));
    let cases = [
        ("flat.md", "a".repeat(600 * 1024)),
        ("line.md", format!("# T\n\n{}\n", para.repeat(14_000))),
        (
            "crlf.md",
            format!("# كتاب\n\n{}", chapters(300)).replace('\n', "\r\n"),
        ),
        ("split.md", split),
        (
            "code.md",
            format!("# T\n\n```\n{}```\n", "## not a heading\n".repeat(40_000)),
        ),
    ];
    for (name, md) in cases {
        let path = write_temp(name, md.as_bytes());
        let whole = load_bytes(md.as_bytes(), Format::Markdown, name).expect("whole");
        let opened = Source::from_arg(Some(&path))
            .open(&FetchOptions::default(), true)
            .expect("opened");
        match opened.rest {
            Some(rest) => {
                let n = opened.article.sections.len();
                assert_eq!(opened.article.title, whole.title, "{name}");
                assert_eq!(opened.article.sections[..], whole.sections[..n], "{name}");
                assert_eq!(rest.whole().expect("the rest"), whole, "{name}");
            }
            None => assert_eq!(opened.article, whole, "{name}"),
        }
        let dump = |file: bool| {
            let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_qari"));
            cmd.args(["--dump", "--width", "70", "--threads", "2"])
                .arg(if file {
                    path.as_path()
                } else {
                    std::path::Path::new("-")
                })
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped());
            let mut child = cmd.spawn().expect("qari runs");
            let mut stdin = child.stdin.take().expect("stdin");
            if !file {
                std::io::Write::write_all(&mut stdin, md.as_bytes()).expect("piped");
            }
            drop(stdin);
            let out = child.wait_with_output().expect("qari ends");
            assert!(out.status.success(), "{name}");
            out.stdout
        };
        assert!(dump(true) == dump(false), "{name}: the dump");
    }
}

#[test]
fn a_bad_byte_in_the_rest_is_the_error_reading_whole_gives() {
    let mut bytes = inline_book().into_bytes();
    let bad = bytes.len() - 40;
    bytes[bad] = 0xFF;
    let path = write_temp("bad.md", &bytes);
    let name = path.display().to_string();
    let expected = load_bytes(&bytes, Format::Markdown, &name).expect_err("not UTF-8");
    assert_eq!(
        expected,
        qari::import::LoadError::InvalidUtf8 {
            name: name.clone(),
            offset: bad
        }
    );
    let opened = Source::from_arg(Some(&path))
        .open(&FetchOptions::default(), true)
        .expect("the head is fine");
    assert_eq!(
        opened.rest.expect("two parts").whole(),
        Err(expected.clone())
    );
    // The dump lays out the beginning while it reads the rest, and writes
    // nothing before: the error, nothing written (on one thread and more;
    // with a BOM too, from the file as from standard input).
    let bom = [&b"\xEF\xBB\xBF"[..], &bytes].concat();
    let bom_path = write_temp("bad-bom.md", &bom);
    let bom_error = qari::import::LoadError::InvalidUtf8 {
        name: bom_path.display().to_string(),
        offset: bad + 3,
    };
    for (path, error) in [(&path, &expected), (&bom_path, &bom_error)] {
        for threads in ["1", "2"] {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_qari"))
                .args(["--dump", "--width", "80", "--threads", threads])
                .arg(path)
                .output()
                .expect("qari runs");
            assert_eq!(out.status.code(), Some(2));
            assert!(out.stdout.is_empty());
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(stderr, format!("qari: {error}\n"));
        }
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_qari"))
        .args(["--dump", "--width", "80", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("qari runs");
    let mut stdin = child.stdin.take().expect("stdin");
    std::io::Write::write_all(&mut stdin, &bom).expect("piped");
    drop(stdin);
    let out = child.wait_with_output().expect("qari ends");
    let piped = qari::import::LoadError::InvalidUtf8 {
        name: "<stdin>".into(),
        offset: bad + 3,
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr, format!("qari: {piped}\n"));
    // The reader shows the beginning, then ends with the same one line,
    // exit status 2, the terminal put back.
    let mut r = Reader::start(&[&name, "--ui-lang", "en"], &[], 100, 30);
    let status = r.wait_exit();
    assert_eq!(status.exit_code(), 2, "{status:?}");
    let out = String::from_utf8_lossy(&r.output).into_owned();
    let message = format!("qari: {expected}");
    assert!(
        out.ends_with(&format!("{message}\r\n")),
        "{:?}",
        &out[out.len().saturating_sub(400)..]
    );
    let restored = out.rfind("\x1b[?1049l").expect("the main screen back");
    assert!(restored < out.rfind(&message).expect("the message"));
    assert!(!r.screen.screen().alternate_screen());
    assert!(r.cooked(), "raw mode left on");
}

#[test]
fn a_late_faq_comes_with_its_pane_closed_and_nothing_moves() {
    // Its answers are long and in English: judged first, they would turn
    // the book left to right once the whole came.
    let answer = "An answer in English, long enough to outweigh the book. ".repeat(1200);
    let md = inline_book().replace(
        "## الخاتمة",
        &format!("## الأسئلة الشائعة\n\n### ما هذا الكتاب؟\n\n{answer}\n\n### سؤال آخر؟\n\nجواب.\n\n## الخاتمة"),
    );
    let path = write_temp("faq.md", md.as_bytes());
    let opened = Source::from_arg(Some(&path))
        .open(&FetchOptions::default(), true)
        .expect("opened");
    let whole = load_bytes(md.as_bytes(), Format::Markdown, "faq.md").expect("whole");
    assert!(!whole.faq.is_empty() && opened.article.faq.is_empty());
    assert_begins(&opened.article, &whole);
    let rest = opened.rest.expect("two parts");
    let opts = qari::app::AppOptions {
        bidi_note: "app".into(),
        ..qari::app::AppOptions::default()
    };
    // Wide enough for the FAQ pane to open by itself on a FAQ from the start.
    let mut a = qari::app::App::of_part(opened.article, opts, (180, 40), Some(rest.share()));
    a.finish_measuring();
    assert_eq!(a.direction, qari::text::Direction::Rtl);
    // The reading is remembered, with the second answer saved open.
    a.remembered = Some(qari::app::recent::Remembered {
        key: "k".into(),
        url_key: None,
        save_state: true,
        location: None,
    });
    let saved = qari::saved::Saved {
        open_answers: vec![1],
        ..qari::saved::Saved::new("k")
    };
    a.restore(&saved);
    assert_eq!(
        a.snapshot("k").open_answers,
        [1],
        "kept while the FAQ is away"
    );
    keys(&mut a, "]]jjj");
    let top = a.article_view.top;
    let width = a.article_view.width;
    let screen: Vec<String> = a.visible_rows().map(|r| r.text.clone()).collect();
    a.grow(rest.whole().expect("the whole"));
    assert!(!a.faq_shown(), "the FAQ pane stays closed");
    assert_eq!(
        a.direction,
        qari::text::Direction::Rtl,
        "the direction stays"
    );
    assert!(a.remembered.is_some(), "still remembered (and saved)");
    assert_eq!(a.faq.open, [false, true], "the saved answer open");
    assert_eq!((a.article_view.top, a.article_view.width), (top, width));
    let after: Vec<String> = a.visible_rows().map(|r| r.text.clone()).collect();
    assert_eq!(after, screen, "nothing on screen moved");
    // A FAQ there from the start opens its pane at this width.
    let b = reader::reader(whole, 180, 40);
    assert!(b.faq_shown());
}

#[test]
fn growing_into_the_whole_keeps_the_screen_and_searches_the_rest() {
    let (opened, whole, _) = opened();
    let mut a = reader::reader(opened.article, 100, 30);
    a.partial = opened.rest.as_ref().map(|r| r.share());
    keys(&mut a, "]]]]]jjj");
    // Past the first part's start: somewhere in its last sections.
    press(&mut a, KeyCode::End);
    keys(&mut a, "kkkkk");
    let top = a.article_view.top;
    let screen: Vec<String> = a.visible_rows().map(|r| r.text.clone()).collect();
    assert!(a.article_view.top.unit > 0);
    press(&mut a, KeyCode::Char('/'));
    keys(&mut a, LAST_WORD);
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.search.as_ref().map(|s| s.total), Some(0), "not yet");
    // Nothing found yet: the search stays where it was asked.
    assert_eq!(a.article_view.top, top);

    let whole_sections = whole.sections.len();
    a.grow(whole);

    assert_eq!(a.article.sections.len(), whole_sections);
    let s = a.search.as_ref().expect("the search");
    assert_eq!((s.total, s.current), (1, Some(0)), "found in the rest");
    let found = a.article_view.top;
    // Back to where the reader was: the same rows.
    a.set_article_top(top);
    let after: Vec<String> = a.visible_rows().map(|r| r.text.clone()).collect();
    assert_eq!(after, screen, "nothing on screen moved");
    assert_ne!(found, top);
}

/// A link followed (or a recent document opened) before the rest came:
/// the whole grows the book, back in the history, not the document shown.
#[test]
fn the_whole_grows_the_book_it_belongs_to_after_a_link_was_followed() {
    let (opened, whole, _) = opened();
    let share = opened.rest.as_ref().map(|r| r.share());
    let mut a = qari::app::App::of_part(opened.article, Default::default(), (100, 30), share);
    let other = load_bytes(b"# Other\n\nOther text.\n", Format::Markdown, "o.md").expect("o");
    let request = qari::app::links::OpenRequest {
        path: "o.md".into(),
        fragment: None,
        url: None,
        remember: false,
    };
    a.open_document(other.clone(), &request);
    a.take_whole(Some(whole.clone()));
    assert_eq!(*a.article, other, "the document shown is left alone");
    assert_eq!(a.partial, None);
    press(&mut a, KeyCode::Backspace);
    assert_eq!(
        a.article.sections.len(),
        whole.sections.len(),
        "the book, whole"
    );
    assert_eq!(a.partial, None);
}

#[test]
fn grow_keeps_the_top_row_on_screen() {
    let (opened, whole, _) = opened();
    let mut a = reader::reader(opened.article, 90, 25);
    a.partial = opened.rest.as_ref().map(|r| r.share());
    keys(&mut a, "]]]]]]jjjjj");
    let top = a.article_view.top;
    let screen: Vec<String> = a.visible_rows().map(|r| r.text.clone()).collect();
    a.grow(whole);
    assert_eq!(a.partial, None);
    assert_eq!(a.article_view.top, top);
    let after: Vec<String> = a.visible_rows().map(|r| r.text.clone()).collect();
    assert_eq!(after, screen);
}

#[test]
fn the_dump_reads_the_whole_file() {
    let (opened, whole, path) = opened();
    assert!(opened.rest.is_some());
    assert!(!opened.article.sections.iter().any(|s| {
        s.heading
            .as_ref()
            .is_some_and(|h| h.to_plain() == "الخاتمة")
    }));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_qari"))
        .args(["--dump", "--width", "80", "--bidi", "terminal"])
        .arg(&path)
        .env("XDG_STATE_HOME", std::env::temp_dir())
        .output()
        .expect("qari runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("THE-END"), "the last chapter is dumped");
    assert!(text.len() > whole.sections.len() * 1000);
    assert!(text.contains("https://example.com/ref"));
}

#[test]
fn small_files_and_books_with_late_footnotes_open_whole() {
    let small = "# صغير\n\nنص.\n".repeat(10);
    let path = write_temp("small.md", small.as_bytes());
    let o = Source::from_arg(Some(&path))
        .open(&FetchOptions::default(), true)
        .expect("small");
    assert!(o.rest.is_none());
    let notes = format!(
        "{}\n[^1]: حاشية\n",
        book().replace("مقدمة الكتاب.", "مقدمة[^1].")
    );
    let path = write_temp("notes.md", notes.as_bytes());
    let o = Source::from_arg(Some(&path))
        .open(&FetchOptions::default(), true)
        .expect("notes");
    assert!(o.rest.is_none(), "a footnote defined after the cut");
    let whole = load_bytes(notes.as_bytes(), Format::Markdown, "notes.md").expect("whole");
    assert_eq!(o.article, whole);
}

/// A long web page (a book as one HTML file, past what Readability is
/// given) opens in two parts too: the first part composes as the start of
/// the whole, growing keeps the screen, and the rest gives the whole page
/// as read at once.
#[test]
fn a_long_html_page_opens_in_two_parts() {
    let para = "<p>كان في قديم الزمان ملك <b>عادل</b> يحكم مدينة كبيرة، وكان الناس يحبونه لأنه لا يظلم أحداً (منذ 1998).</p>\n";
    let mut html = String::from(
        "<!doctype html><html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\">\
         <title>كتاب الحكايات</title></head><body><nav><a href=\"/\">الرئيسية</a></nav>\n",
    );
    for c in 0..300 {
        html += &format!("<h2>الفصل {c}</h2>\n<ul><li>أ</li><li>ب</li></ul>\n");
        html += &para.repeat(30);
    }
    html += "<footer>جميع الحقوق محفوظة</footer></body></html>\n";
    let path = write_temp("book.html", html.as_bytes());
    let opened = Source::from_arg(Some(&path))
        .open(&FetchOptions::default(), true)
        .expect("opened");
    let whole = load_bytes(html.as_bytes(), Format::Html, "book.html").expect("whole");
    let rest = opened.rest.as_ref().expect("two parts");
    assert!(rest.share() < 0.1, "{}", rest.share());
    let first = &opened.article;
    let first_units = units(first, FaqMode::Omit);
    assert_eq!(
        first_units[..],
        units(&whole, FaqMode::Omit)[..first_units.len()]
    );
    let opts = compose_options(72);
    let (d1, d2) = (article_direction(first), article_direction(&whole));
    assert_eq!(d1, d2);
    // Every unit but the last (a section whose later paragraphs are in the
    // rest) composes the same.
    for &unit in &first_units[..first_units.len() - 1] {
        assert_eq!(
            compose_unit(first, unit, &opts, d1),
            compose_unit(&whole, unit, &opts, d2),
            "{unit:?}"
        );
    }
    let mut a = reader::reader(opened.article.clone(), 100, 30);
    a.partial = Some(rest.share());
    press(&mut a, KeyCode::End);
    keys(&mut a, "kkkkkkkkkkkk");
    let top = a.article_view.top;
    let screen: Vec<String> = a.visible_rows().map(|r| r.text.clone()).collect();
    let rest = opened.rest.expect("rest").whole().expect("the whole");
    assert_eq!(rest, whole);
    a.grow(rest);
    assert_eq!(a.article_view.top, top);
    let after: Vec<String> = a.visible_rows().map(|r| r.text.clone()).collect();
    assert_eq!(after, screen, "nothing on screen moved");
}

/// A ~3.5 MB book for the dump's pieces: a FAQ and a reference
/// definition in the first part, chapters under `#` and `##` headings
/// (some starting with punctuation, which are never cut before, and some
/// blank or inside a list item, which would be wrong to cut before), fenced
/// code holding heading lines, links to definitions at both ends, images
/// labelled in the document's script.
fn long_book() -> String {
    let mut md = String::from("# كتاب طويل\n\n[أول]: https://example.com/first\n\nمقدمة.\n\n");
    md.push_str("## الأسئلة الشائعة\n\n### ما هذا؟\n\nكتاب.\n\n");
    for i in 1..=340 {
        let heading = match i % 3 {
            0 => format!("# الجزء {i}"),
            1 => format!("## «الفصل» {i}"),
            _ => format!("## الفصل {i}"),
        };
        // Not cut before: a heading inside a list item, a blank one.
        md.push_str("- بند\n\n  ## داخل البند\n\n##\n\n");
        md.push_str(&heading);
        md.push_str("\n\n");
        for j in 0..9 {
            md.push_str(&format!(
                "فقرة {j} من الفصل {i} فيها [رابط][أول] و[آخر][مرجع] (بين قوسين) وكلام. {}\n\n",
                "جملة تطيل الفقرة، فيها 12 رقما وWord. ".repeat(8)
            ));
        }
        md.push_str("```\n## ليس عنوانا\n\n# ولا هذا\n```\n\n");
        if i % 50 == 0 {
            // Labelled in the document's script: nothing closer says.
            md.push_str("![](fig.png)\n\n");
        }
    }
    md.push_str("[مرجع]: https://example.com/ref\n");
    md
}

fn dump_of(first: &Article, pieces: Vec<qari::dump::Piece<'_>>, threads: usize) -> String {
    let opts = qari::dump::DumpOptions {
        width: 61,
        color: false,
        layout: qari::text::LayoutOptions::default(),
        ui_lang: None,
        reverse_rtl_runs: None,
    };
    let mut out = Vec::new();
    qari::dump::write_pieces(first, pieces, &opts, threads, &mut out).expect("dump");
    String::from_utf8(out).expect("utf-8")
}

/// The dump opens a big Markdown file as a beginning and pieces parsed
/// while the beginning is laid out; what it writes is the dump of the
/// whole, on one thread and on several.
#[test]
fn the_dump_in_pieces_is_the_dump_of_the_whole() {
    let md = long_book();
    let path = write_temp("long.md", md.as_bytes());
    let whole = load_bytes(md.as_bytes(), Format::Markdown, "long.md").expect("whole");
    let expected = dump_of(&whole, Vec::new(), 1);
    assert!(expected.contains("https://example.com/ref") && expected.contains("340"));
    for threads in [1, 3] {
        let opened = Source::from_arg(Some(&path))
            .open_pieces(&FetchOptions::default())
            .expect("opened");
        assert!(opened.pieces.len() >= 2, "{:?}", opened.pieces);
        let pieces = opened
            .pieces
            .into_iter()
            .map(|p| Box::new(move || p.parse()) as qari::dump::Piece<'_>)
            .collect();
        let dumped = dump_of(&opened.article, pieces, threads);
        assert!(dumped == expected, "threads {threads}");
    }
    let pieces =
        qari::import::markdown::pieces(md.clone().into_bytes(), "long.md").expect("pieces");
    assert!(pieces.into_whole() == whole, "the pieces make up the whole");
    // The reader's worker reads the whole from pieces that own their text.
    let parts = qari::import::markdown::import_parts(md.into_bytes(), "long.md").expect("parts");
    assert!(parts.is_partial());
    assert!(parts.whole() == whole, "the reader's whole is the whole");
}

/// What a piece could not read alone sends the dump to the whole: a
/// footnote in the rest, an HTML block (blank lines may not end it).
#[test]
fn footnotes_or_html_in_the_rest_read_whole() {
    let book = long_book();
    for (name, md) in [
        ("note.md", format!("{book}\nآخر[^1].\n\n[^1]: حاشية\n")),
        (
            "html.md",
            format!("{book}\n<div>\n\n## الفصل المخفي\n\n</div>\n"),
        ),
    ] {
        let path = write_temp(name, md.as_bytes());
        let opened = Source::from_arg(Some(&path))
            .open_pieces(&FetchOptions::default())
            .expect("opened");
        assert!(opened.pieces.is_empty(), "{name}");
        let whole = load_bytes(md.as_bytes(), Format::Markdown, name).expect("whole");
        assert_eq!(opened.article, whole, "{name}");
    }
}

/// A reader that goes away (`qari --dump book.md | head`) ends the dump
/// of a file read in pieces at once and without an error, however many
/// threads lay it out.
#[test]
fn a_closed_pipe_ends_the_dump_in_pieces() {
    use std::io::Read;
    let path = write_temp("closed.md", long_book().as_bytes());
    for threads in ["1", "2", "4"] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_qari"))
            .args(["--dump", "--width", "40", "--threads", threads])
            .arg(&path)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("qari runs");
        let mut head = [0u8; 100];
        child
            .stdout
            .take()
            .expect("stdout")
            .read_exact(&mut head)
            .expect("the dump starts");
        let started = std::time::Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait") {
                break status;
            }
            assert!(
                started.elapsed() < std::time::Duration::from_secs(30),
                "threads {threads}: still running"
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
        };
        let mut err = String::new();
        child
            .stderr
            .take()
            .expect("stderr")
            .read_to_string(&mut err)
            .expect("stderr");
        assert!(
            status.success() && err.is_empty(),
            "threads {threads}: {status} {err}"
        );
    }
}
