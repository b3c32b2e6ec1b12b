//! Dump mode on the bundled article: shaped, right-aligned lines of the
//! requested width, no trailing spaces, no control codes without colour.

use qari::dump::{DumpOptions, render};
use qari::model::Article;
use qari::text::LayoutOptions;
use unicode_width::UnicodeWidthStr;

fn bundled() -> Article {
    serde_json::from_str(include_str!("../assets/article.json")).expect("bundled article")
}

fn dump(width: usize) -> Vec<String> {
    let opts = DumpOptions {
        width,
        color: false,
        layout: LayoutOptions::default(),
        ui_lang: None,
        reverse_rtl_runs: None,
    };
    render(&bundled(), &opts)
}

#[test]
fn lines_fit_and_have_no_trailing_spaces() {
    for width in [20, 40, 60, 80, 120] {
        for line in dump(width) {
            assert!(line.width() <= width, "{width}: {line:?}");
            assert_eq!(line.trim_end(), line, "trailing space at {width}");
            assert!(!line.chars().any(char::is_control), "control in {line:?}");
        }
    }
}

#[test]
fn title_comes_first_shaped_and_right_aligned() {
    let lines = dump(60);
    // The title «ما أهمية تعزيز …؟» ends (visually, at the left) with ؟ and
    // starts at the right edge with ما = م initial U+FEE3, ا final U+FE8E.
    assert!(lines[0].ends_with("\u{FE8E}\u{FEE3}"), "{:?}", lines[0]);
    assert_eq!(lines[0].width(), 60);
    assert!(lines[0].trim_start().starts_with('؟'));
    // Under it, a rule as wide as the title, also right-aligned.
    assert!(lines[1].trim_start().chars().all(|c| c == '═'));
    assert_eq!(lines[1].width(), 60);
}

#[test]
fn faq_is_expanded_with_arabic_label_and_bullets_on_the_right() {
    let lines = dump(60);
    // «أسئلة شائعة» shaped and reversed: ة final FE94 … أ isolated FE83.
    let label = "\u{FE94}\u{FECC}\u{FE8B}\u{FE8E}\u{FEB7} \u{FE94}\u{FEE0}\u{FE8C}\u{FEB3}\u{FE83}";
    assert!(
        lines.iter().any(|l| l.trim_start() == label),
        "no FAQ label"
    );
    // The three bullets end with " •" at the right, inside the answer indent.
    let bullets: Vec<&String> = lines.iter().filter(|l| l.ends_with(" •")).collect();
    assert_eq!(bullets.len(), 3);
    assert!(bullets.iter().all(|l| l.width() == 58));
}

#[test]
fn sections_have_headings_and_blank_lines_between_blocks() {
    let lines = dump(80);
    // «مباحثات ثنائية» and «أهمية التعاون» as headings, each with a rule under it.
    let rules: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].is_empty() && lines[i].trim_start().chars().all(|c| c == '─'))
        .collect();
    assert_eq!(rules.len(), 3, "FAQ and two section headings");
    // 2 FAQ entries + 2 lead + 5 + 10 paragraphs, separated by blank lines.
    let blanks = lines.iter().filter(|l| l.is_empty()).count();
    assert!(blanks >= 2 + 2 + 5 + 10, "{blanks}");
    assert!(!lines.last().is_some_and(|l| l.is_empty()));
}

#[test]
fn colour_only_when_asked() {
    let opts = DumpOptions {
        width: 60,
        color: true,
        layout: LayoutOptions::default(),
        ui_lang: None,
        reverse_rtl_runs: None,
    };
    let lines = render(&bundled(), &opts);
    assert!(lines[0].starts_with(' ') && lines[0].contains("\x1b[1;36m"));
}

/// The dump lays out batches of units on several threads and writes them in
/// order: the bytes must not depend on the number of threads, colour or not.
#[test]
fn threads_do_not_change_a_single_byte() {
    use qari::model::{Block, Section, Text};
    let mut article = bundled();
    // Enough units for many batches, each section a copy of the bundled
    // ones with its number, so that any reordering shows.
    let sections = article.sections.clone();
    for n in 0..40 {
        for s in &sections {
            let mut s: Section = s.clone();
            s.heading = Some(Text::plain(format!(
                "{n} {}",
                s.heading.as_ref().map_or(String::new(), |h| h.to_plain())
            )));
            s.blocks
                .push(Block::Paragraph(Text::plain(format!("الفقرة رقم {n}"))));
            article.sections.push(s);
        }
    }
    for color in [false, true] {
        let opts = DumpOptions {
            width: 57,
            color,
            layout: LayoutOptions::default(),
            ui_lang: None,
            reverse_rtl_runs: None,
        };
        let mut one = Vec::new();
        qari::dump::write_with(&article, &opts, 1, &mut one).expect("dump");
        for threads in [2, 3, 8] {
            let mut many = Vec::new();
            qari::dump::write_with(&article, &opts, threads, &mut many).expect("dump");
            assert!(one == many, "{threads} threads, colour {color}");
        }
        let text = String::from_utf8(one).expect("utf-8");
        assert!(
            text.lines().count() > 2000,
            "{} lines",
            text.lines().count()
        );
    }
}

#[test]
fn kitty_dump_reverses_each_arabic_word_and_keeps_the_rest() {
    use unicode_segmentation::UnicodeSegmentation;
    let plain = dump(60);
    let opts = DumpOptions {
        width: 60,
        color: false,
        layout: LayoutOptions::default(),
        ui_lang: None,
        reverse_rtl_runs: Some(qari::text::rtl_runs::KittyFont { has_arabic: true }),
    };
    let kitty = render(&bundled(), &opts);
    assert_eq!(plain.len(), kitty.len());
    let arabic = |w: &str| w.chars().any(|c| ('\u{FE70}'..='\u{FEFC}').contains(&c));
    let mut reversed = 0;
    for (p, k) in plain.iter().zip(&kitty) {
        let (pw, kw): (Vec<&str>, Vec<&str>) = (p.split(' ').collect(), k.split(' ').collect());
        assert_eq!(pw.len(), kw.len(), "{p}\n{k}");
        for (a, b) in pw.iter().zip(&kw) {
            if arabic(a) {
                // Reversed by cell: a letter keeps its harakat.
                let back: String = b
                    .graphemes(true)
                    .rev()
                    .flat_map(str::chars)
                    .map(|c| unicode_bidi_mirroring::get_mirrored(c).unwrap_or(c))
                    .collect();
                assert_eq!(*a, back, "{p}\n{k}");
                reversed += usize::from(a.chars().count() > 1);
            } else {
                assert_eq!(a, b, "{p}\n{k}");
            }
        }
    }
    assert!(reversed > 100, "only {reversed} words reversed");
}

fn dump_markdown(src: &str, width: usize, threads: usize) -> String {
    let article = qari::import::markdown::parse(src);
    let opts = DumpOptions {
        width,
        color: false,
        layout: LayoutOptions::default(),
        ui_lang: None,
        reverse_rtl_runs: None,
    };
    let mut out = Vec::new();
    qari::dump::write_with(&article, &opts, threads, &mut out).expect("dump");
    String::from_utf8(out).expect("utf-8")
}

/// Links are numbered through the document: the text is followed by
/// `[n]`, the block by its `[n] target` rows, whatever the threads; a
/// target inside the document (`#two`) is not listed.
#[test]
fn links_are_listed_as_numbered_references_after_their_block() {
    let src = "# Title\n\nSee [one](https://one.example) and [two](#two).\n\n\
               ## Two [head](https://h.example)\n\n- item [three](other.md)\n- plain\n\n\
               Bad [four](javascript:alert(1)) stays text.\n";
    let text = dump_markdown(src, 60, 1);
    let lines: Vec<&str> = text.lines().collect();
    let at = |needle: &str| {
        lines
            .iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle:?} not in {lines:#?}"))
    };
    assert!(lines[at("one[1]")].contains("two and") || lines[at("one[1]")].contains("two."));
    assert!(at("[1] https://one.example") > at("one[1]"));
    assert!(!text.contains("#two"));
    assert!(at("head[2]") < at("[2] https://h.example"));
    assert!(at("three[3]") < at("• plain"));
    assert!(at("• plain") < at("[3] other.md"));
    assert!(lines[at("four")].ends_with("Bad four stays text."));
    assert!(!text.contains("[4]") && !text.contains("javascript"));
    // Many units over several threads: the same bytes.
    let long: String = std::iter::once("# T\n\n".to_owned())
        .chain((0..300).map(|n| format!("Para {n} [l{n}](https://x.example/{n}).\n\n")))
        .collect();
    let one = dump_markdown(&long, 50, 1);
    assert_eq!(one, dump_markdown(&long, 50, 4));
    assert!(one.contains("l299[300]") && one.contains("[300] https://x.example/299"));
}

/// A link in a table cell is numbered too, its reference under the table.
#[test]
fn links_in_table_cells_are_listed_after_the_table() {
    let text = dump_markdown(
        "# T\n\n| a | b |\n|---|---|\n| [x](https://t.example) | y |\n\nAfter [z](https://z.example).\n",
        60,
        1,
    );
    let lines: Vec<&str> = text.lines().collect();
    let at = |needle: &str| {
        lines
            .iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle:?} not in {lines:#?}"))
    };
    assert!(at("x[1]") < at("[1] https://t.example"));
    assert!(at("[1] https://t.example") < at("z[2]"));
    assert!(at("z[2]") < at("[2] https://z.example"));
}

/// The dump composes each paragraph line by line and writes each row as it
/// is built; the reader composes whole units. Both give the same rows, at
/// any width (width 1 makes a line of every cluster), justified or not.
#[test]
fn streamed_rows_are_the_composed_rows() {
    use qari::doc::{ComposeOptions, FaqMode, SyntaxColors, compose_article};
    use qari::labels::{Labels, UiLang};
    let article = bundled();
    for justify in [false, true] {
        for width in [1, 7, 33, 80] {
            let layout = LayoutOptions {
                justify,
                ..LayoutOptions::default()
            };
            let dumped = render(
                &article,
                &DumpOptions {
                    width,
                    color: false,
                    layout,
                    ui_lang: None,
                    reverse_rtl_runs: None,
                },
            );
            let composed = compose_article(
                &article,
                &ComposeOptions {
                    width,
                    layout,
                    labels: Labels::of(UiLang::Ar),
                    faq: FaqMode::Expanded,
                    link_refs: true,
                    syntax: SyntaxColors::Wait,
                },
            );
            let rows: Vec<&str> = composed.rows.iter().map(|r| r.text.as_str()).collect();
            assert!(rows.len() > 20, "{width}");
            assert_eq!(dumped, rows, "width {width}, justify {justify}");
        }
    }
}

/// The dump reuses a line's and a row's buffers for the next ones: a short
/// row after long ones (a list item in colour, with a link, after a long
/// right-to-left paragraph) comes out as it does on its own, nothing left
/// over from the rows before it (text, width, indent, styled runs).
#[test]
fn rows_after_long_ones_are_the_same_as_alone() {
    let long = "في إطار شراكة طويلة بين البلدين **يأتي البرنامج** ويشمل أنشطة متعددة \
                في مجالات الثقافة والتعليم والبحث العلمي والترجمة والنشر والفنون. "
        .repeat(6);
    let tail = "- short [link](https://x.example) *end*\n";
    let dump = |src: &str| {
        let article = qari::import::markdown::parse(src);
        let opts = DumpOptions {
            width: 40,
            color: true,
            layout: LayoutOptions::default(),
            ui_lang: None,
            reverse_rtl_runs: None,
        };
        let mut out = Vec::new();
        qari::dump::write_with(&article, &opts, 1, &mut out).expect("dump");
        String::from_utf8(out).expect("utf-8")
    };
    // The item's row (the list of references follows the document's
    // direction, which differs).
    let item = |s: &str| {
        s.lines()
            .filter(|l| l.contains("short"))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let alone = dump(&format!("# T\n\n{tail}"));
    let after = dump(&format!("# T\n\n{long}\n\n{long}\n\n{tail}"));
    assert!(
        after.lines().count() > alone.lines().count() + 10,
        "{after}"
    );
    assert!(alone.contains("short") && alone.contains("[1] https://x.example"));
    assert_eq!(item(&after), item(&alone));
    assert_eq!(item(&alone).len(), 1);
}

/// A unit whose rows run past a megabyte (a huge paragraph at a narrow
/// width) is handed to the writer in parts, between units before and after
/// it: the output is the same on any number of threads, and on one.
#[test]
fn a_huge_unit_is_written_in_parts_in_order() {
    let mut md = String::from("# كتاب\n\nفقرة أولى قصيرة.\n\n");
    md.push_str(&"كلمة عربية وأخرى (بين قوسين) 12 word. ".repeat(30_000));
    md.push_str("\n\n");
    for i in 0..300 {
        md.push_str(&format!("## فصل {i}\n\nفقرة {i} بعد الفقرة الكبيرة.\n\n"));
    }
    let article = qari::import::load_bytes(md.as_bytes(), qari::import::Format::Markdown, "t.md")
        .expect("loads");
    let opts = DumpOptions {
        width: 9,
        color: false,
        layout: LayoutOptions::default(),
        ui_lang: None,
        reverse_rtl_runs: None,
    };
    let mut one = Vec::new();
    qari::dump::write_with(&article, &opts, 1, &mut one).expect("dump");
    assert!(one.len() > 2 << 20, "{} bytes", one.len());
    for threads in [2, 3, 8] {
        let mut many = Vec::new();
        qari::dump::write_with(&article, &opts, threads, &mut many).expect("dump");
        assert!(one == many, "{threads} threads");
    }
}
