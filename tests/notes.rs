//! Footnotes and images from Markdown to the dump: numbering by first
//! reference, notes at the end of their section, undefined references and
//! cycles, superscript markers through the bidi engine, image labels, and
//! hostile inputs.

use std::time::{Duration, Instant};

use qari::dump::{DumpOptions, render};
use qari::import::markdown::parse;
use qari::model::{Article, Block, Notes, Text};
use qari::text::{LayoutOptions, Ordering};

const FIXTURE: &str = include_str!("fixtures/notes.md");

fn dump(article: &Article, width: usize, ordering: Ordering) -> Vec<String> {
    let opts = DumpOptions {
        width,
        color: false,
        layout: LayoutOptions {
            ordering,
            ..LayoutOptions::default()
        },
        ui_lang: None,
        reverse_rtl_runs: None,
    };
    render(article, &opts)
}

/// The notes blocks of `blocks`, as (start, plain texts).
fn notes(blocks: &[Block]) -> Vec<(u32, Vec<String>)> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Notes(Notes { start, items }) => {
                Some((*start, items.iter().map(Text::to_plain).collect()))
            }
            _ => None,
        })
        .collect()
}

fn paragraph(blocks: &[Block], k: usize) -> &Text {
    match blocks
        .iter()
        .filter(|b| matches!(b, Block::Paragraph(_)))
        .nth(k)
    {
        Some(Block::Paragraph(t)) => t,
        _ => panic!("no paragraph {k} in {blocks:?}"),
    }
}

#[test]
fn notes_are_numbered_by_first_reference_and_end_their_section() {
    let a = parse(FIXTURE);
    // The lead refers to source (1) and map (2); map's text refers to
    // source again, which keeps its number.
    let lead = &a.sections[0];
    assert!(lead.heading.is_none());
    assert_eq!(
        paragraph(&lead.blocks, 0).to_plain(),
        "مقدمة قصيرة تذكر المصدر¹ وتذكر الخريطة أيضاً²."
    );
    assert_eq!(
        notes(&lead.blocks),
        vec![(
            1,
            vec![
                "المصدر: أرشيف المدينة، المجلد الثاني.".to_owned(),
                "رُسمت الخريطة يدوياً. وفيها فقرة ثانية تشير إلى المصدر¹.".to_owned(),
            ]
        )]
    );
    assert!(matches!(lead.blocks.last(), Some(Block::Notes(_))));
    // «الخلفية»: history (3) and nested (4), referred to only from history's
    // note (and referring back to it: a cycle); source keeps 1.
    let background = &a.sections[1];
    assert_eq!(
        paragraph(&background.blocks, 0).to_plain(),
        "تعود الفكرة إلى عام ١٩٩٠³، ثم عادت¹ بعد عقد."
    );
    assert_eq!(
        notes(&background.blocks),
        vec![(
            3,
            vec![
                "انظر أيضاً الحاشية التالية⁴.".to_owned(),
                "حاشية لا يشار إليها إلا من حاشية³.".to_owned(),
            ]
        )]
    );
    // The FAQ answer's note follows in document order and ends the answer.
    assert_eq!(
        notes(&a.faq[0].answer),
        vec![(5, vec!["حاشية جواب.".to_owned()])]
    );
    // The unused note is dropped; no other section has notes.
    let all: usize = a.sections.iter().map(|s| notes(&s.blocks).len()).sum();
    assert_eq!(all, 2);
    assert!(!format!("{a:?}").contains("لا يشار إليها فتسقط"));
}

#[test]
fn markers_are_links_to_their_notes() {
    let a = parse("# T\n\nنص[^x] و*مائل[^y]*.\n\n[^x]: أ\n[^y]: ب\n");
    let spans = &paragraph(&a.sections[0].blocks, 0).spans;
    let marks: Vec<_> = spans.iter().filter(|s| s.style.link).collect();
    assert_eq!(marks.len(), 2);
    assert_eq!(marks[0].text, "¹");
    assert_eq!(marks[0].href.as_deref(), Some("#fn-1"));
    assert_eq!(marks[1].text, "²");
    assert_eq!(marks[1].href.as_deref(), Some("#fn-2"));
    // The marker keeps the style around it.
    assert!(marks[1].style.emphasis && !marks[0].style.emphasis);
}

#[test]
fn undefined_references_stay_literal() {
    let a = parse("# T\n\nنص[^nope] و[^Yes].\n\n[^yes]: معرفة\n");
    let t = paragraph(&a.sections[0].blocks, 0);
    // Labels match without regard to case, as pulldown-cmark (and GitHub) do.
    assert_eq!(t.to_plain(), "نص[^nope] و¹.");
    assert!(t.spans.iter().all(|s| s.href.is_none() || s.text == "¹"));
    assert_eq!(
        notes(&a.sections[0].blocks),
        vec![(1, vec!["معرفة".into()])]
    );
}

#[test]
fn a_note_referring_to_itself_or_back_does_not_loop() {
    let src = "# T\n\nأ[^a].\n\n[^a]: نفسها[^a] والأخرى[^b].\n[^b]: ترجع[^a] وإلى[^b].\n";
    let a = parse(src);
    assert_eq!(
        notes(&a.sections[0].blocks),
        vec![(1, vec!["نفسها¹ والأخرى².".into(), "ترجع¹ وإلى².".into()])]
    );
}

#[test]
fn notes_inside_a_definition_are_flattened() {
    let src = "# T\n\nأ[^a]\n\n[^a]: أول\n\n    - بند\n    - آخر\n\n    > قول\n\n    ```\n    code\n    ```\n\n    ## عنوان\n";
    let a = parse(src);
    assert_eq!(
        notes(&a.sections[0].blocks),
        vec![(1, vec!["أول بند آخر قول code عنوان".into()])]
    );
    // Nothing of the note stands as a block or a section of its own.
    assert_eq!(a.sections.len(), 1);
    assert_eq!(a.sections[0].blocks.len(), 2);
}

#[test]
fn notes_in_the_dump_under_a_rule_with_markers_at_the_reading_start() {
    let a = parse(FIXTURE);
    let rows = dump(&a, 60, Ordering::Visual);
    // Lead: «[1] المصدر: …» right-aligned, the marker at the right end,
    // with its brackets the right way round; a short rule above.
    let first = rows
        .iter()
        .position(|r| r.ends_with(" [1]"))
        .expect("note 1 row");
    assert!(rows[first - 1].trim_start().chars().all(|c| c == '─'));
    assert!(rows[first - 1].len() > 10);
    assert_eq!(rows[first].chars().count(), 60);
    for n in 2..=5 {
        assert!(
            rows.iter().any(|r| r.ends_with(&format!(" [{n}]"))),
            "[{n}]"
        );
    }
    // Terminal bidi: logical order, the marker read first.
    let logical = dump(&a, 60, Ordering::Logical);
    let row = logical
        .iter()
        .find(|r| r.contains("[1]"))
        .expect("note 1 row");
    assert!(
        row.trim_start()
            .trim_start_matches('\u{202B}')
            .starts_with("[1] "),
        "{row:?}"
    );
}

#[test]
fn superscript_stays_next_to_its_word_after_bidi() {
    // «كلمة¹» inside Arabic: the marker (EN after AL, so AN) follows the
    // word in reading order: on its left, touching its last letter (ة in
    // its final form, U+FE94), and the word before stays on the right.
    let a = parse("# ت\n\nهذه كلمة[^a] وبعدها نص.\n\n[^a]: حاشية.\n");
    let rows = dump(&a, 40, Ordering::Visual);
    let row = rows.iter().find(|r| r.contains('¹')).expect("marker row");
    let chars: Vec<char> = row.chars().collect();
    let at = chars.iter().position(|&c| c == '¹').unwrap();
    assert_eq!(chars[at + 1], '\u{FE94}', "{row}");
    assert_eq!(chars[at - 1], ' ', "{row}");
    // Two digits stay in their order: ¹² reads 12, not 21.
    let mut src = String::from("# ت\n\n");
    for k in 1..=12 {
        src.push_str(&format!("كلمة{k}[^n{k}] "));
    }
    src.push('\n');
    for k in 1..=12 {
        src.push_str(&format!("\n[^n{k}]: حاشية {k}.\n"));
    }
    let rows = dump(&parse(&src), 200, Ordering::Visual);
    assert!(rows.iter().any(|r| r.contains("¹²")), "{rows:?}");
    assert!(!rows.iter().any(|r| r.contains("²¹")));
}

#[test]
fn images_become_labelled_alt_text() {
    let a = parse(
        "# عنوان\n\n![خريطة المدينة](a.png)\n\n![A map](b.png)\n\nنص ![](c.png)\n\n\
         ![](d.png) بعد\n\n[انظر ![الشعار](e.png) هنا](http://x)\n",
    );
    let plain: Vec<String> = a.sections[0]
        .blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(t) => t.to_plain(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        plain,
        [
            "[صورة: خريطة المدينة]",
            "[image: A map]",
            "نص [صورة]",
            // Nothing before it: the document's script decides.
            "[صورة] بعد",
            "انظر [صورة: الشعار] هنا",
        ]
    );
    let english = parse("# Title\n\n![](x.png)\n\nSome text ![](y.png)\n");
    let blocks = &english.sections[0].blocks;
    assert_eq!(paragraph(blocks, 0).to_plain(), "[image]");
    assert_eq!(paragraph(blocks, 1).to_plain(), "Some text [image]");
}

/// Runs `f` and fails if it takes longer than `limit`.
fn within<T>(limit: Duration, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    assert!(start.elapsed() < limit, "took {:?}", start.elapsed());
    out
}

#[test]
fn hostile_ten_thousand_footnotes() {
    let mut src = String::from("# T\n\n");
    for k in 0..10_000 {
        src.push_str(&format!("ن[^{k}] "));
    }
    src.push_str("\n\n");
    for k in (0..10_000).rev() {
        src.push_str(&format!("[^{k}]: حاشية[^{}]\n", (k + 1) % 10_000));
    }
    let a = within(Duration::from_secs(30), || parse(&src));
    let n = notes(&a.sections[0].blocks);
    assert_eq!(n.len(), 1);
    assert_eq!(n[0].0, 1);
    assert_eq!(n[0].1.len(), 10_000);
    assert_eq!(n[0].1[9_999], "حاشية¹");
    within(Duration::from_secs(60), || dump(&a, 60, Ordering::Visual));
}

#[test]
fn hostile_definition_nested_ten_thousand_lists_deep() {
    let src = format!("# T\n\nأ[^a]\n\n[^a]: {}عميق[^a]\n", "- ".repeat(10_000));
    let a = within(Duration::from_secs(30), || parse(&src));
    assert_eq!(
        notes(&a.sections[0].blocks),
        vec![(1, vec!["عميق¹".into()])]
    );
    let src = format!("# T\n\nأ[^a]\n\n{}[^a]: عميق\n", "> ".repeat(10_000));
    within(Duration::from_secs(30), || parse(&src));
}

#[test]
fn hostile_reference_cycle_through_many_notes() {
    let mut src = String::from("# T\n\nبداية[^0]\n\n");
    for k in 0..1_000 {
        src.push_str(&format!("[^{k}]: [^{}][^{k}]\n", (k + 1) % 1_000));
    }
    let a = within(Duration::from_secs(30), || parse(&src));
    let n = notes(&a.sections[0].blocks);
    assert_eq!(n[0].1.len(), 1_000);
    assert_eq!(n[0].1[0], "²¹");
}

#[test]
fn headings_of_level_three_and_deeper_stand_without_a_rule() {
    let a = parse("# ت\n\n## ثان\n\nنص.\n\n### ثالث\n\nنص.\n\n#### رابع\n\nنص.\n");
    let rows = dump(&a, 40, Ordering::Visual);
    let rule = |r: &String| !r.is_empty() && r.trim_start().chars().all(|c| c == '─');
    // Only «ثان» (level 2) is underlined; «ثالث» and «رابع» are followed by
    // a blank row and their paragraph.
    assert_eq!(rows.iter().filter(|r| rule(r)).count(), 1, "{rows:#?}");
    let under = rows.iter().position(rule).unwrap();
    assert!(rows[under - 1].contains("ﻥﺎﺛ"), "{rows:#?}");
    assert_eq!(rows.len(), 2 + 4 + 2 * 3 + 2 * 2 - 1, "{rows:#?}");
}
