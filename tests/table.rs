//! Tables end to end: Markdown and JSON in, box-drawn rows out; the first
//! column on the reading-start side, alignments mirrored in RTL, cells
//! wrapped in their columns, columns shrunk, the stacked layout when they
//! cannot fit; search hits in cells, copying, `--bidi terminal` rows and the
//! kitty pass; hostile sizes.

use qari::doc::{
    ComposeOptions, FaqMode, Highlight, Hit, Row, Unit, compose_article, compose_unit_highlighted,
};
use qari::dump::{DumpOptions, render};
use qari::import::{Format, load_bytes, markdown};
use qari::labels::{Labels, UiLang};
use qari::model::{Align, Article, Block, Section, Table, Text};
use qari::search::Query;
use qari::text::{Direction, LayoutOptions, Ordering};
use std::time::{Duration, Instant};
use unicode_width::UnicodeWidthStr;

mod reader;

fn dump(article: &Article, width: usize) -> Vec<String> {
    let opts = DumpOptions {
        width,
        color: false,
        layout: LayoutOptions::default(),
        ui_lang: None,
        reverse_rtl_runs: None,
    };
    render(article, &opts)
}

/// The lines of the dump from the table's top border to its bottom one.
fn table_lines(lines: &[String]) -> Vec<String> {
    let top = lines.iter().position(|l| l.contains('┌')).expect("a table");
    let bottom = lines.iter().position(|l| l.contains('└')).expect("its end");
    lines[top..=bottom].to_vec()
}

fn compose_opts(width: usize, ordering: Ordering) -> ComposeOptions {
    ComposeOptions {
        width,
        layout: LayoutOptions {
            ordering,
            ..LayoutOptions::default()
        },
        labels: Labels::of(UiLang::En),
        faq: FaqMode::Omit,
        link_refs: false,
        syntax: qari::doc::SyntaxColors::Wait,
    }
}

/// An article whose lead is `blocks`, its direction given by `prose`.
fn article(prose: &str, blocks: Vec<Block>) -> Article {
    let mut all = vec![Block::Paragraph(Text::plain(prose))];
    all.extend(blocks);
    Article {
        title: Text::plain(prose),
        sections: vec![Section {
            level: 0,
            heading: None,
            blocks: all,
        }],
        ..Article::default()
    }
}

fn table(header: &[&str], rows: &[&[&str]], align: Vec<Align>) -> Block {
    let cells = |r: &[&str]| r.iter().map(|c| Text::plain(*c)).collect::<Vec<_>>();
    Block::Table(Table::new(
        cells(header),
        rows.iter().map(|r| cells(r)).collect(),
        align,
    ))
}

#[test]
fn rtl_table_has_its_first_column_on_the_right_and_alignments_mirrored() {
    let a = markdown::parse(
        "# عنوان\n\nنص عربي قصير.\n\n| first | second | ثالث |\n| --- | ---: | :-: |\n| a | 12 | ب |\n",
    );
    let lines = dump(&a, 40);
    assert_eq!(
        table_lines(&lines),
        [
            "               ┌──────┬────────┬───────┐",
            "               │ ﺚﻟﺎﺛ │ second │ first │",
            "               ╞══════╪════════╪═══════╡",
            // `---:` is on the left in an RTL table, `:-:` centred, and a
            // column without alignment on its cell's reading-start side.
            "               │   ﺏ  │ 12     │ a     │",
            "               └──────┴────────┴───────┘",
        ]
    );
}

#[test]
fn ltr_table_reads_left_to_right() {
    let a = markdown::parse(
        "# Title\n\nSome English text.\n\n| first | second | third |\n| --- | ---: | :-: |\n| a | 12 | b |\n",
    );
    assert_eq!(
        table_lines(&dump(&a, 40)),
        [
            "┌───────┬────────┬───────┐",
            "│ first │ second │ third │",
            "╞═══════╪════════╪═══════╡",
            "│ a     │     12 │   b   │",
            "└───────┴────────┴───────┘",
        ]
    );
}

/// Every table row is as wide as the top border, and its borders stand in
/// the same columns.
fn assert_grid(lines: &[String]) {
    let joints = |l: &str| -> Vec<usize> {
        let mut col = 0;
        let mut out = Vec::new();
        for c in l.chars() {
            if "│┌┬┐╞╪╡├┼┤└┴┘".contains(c) {
                out.push(col);
            }
            col += c.to_string().width();
        }
        out
    };
    let want = joints(&lines[0]);
    for l in lines {
        assert_eq!(joints(l), want, "{l:?} in\n{}", lines.join("\n"));
        assert_eq!(l.width(), lines[0].width(), "{l:?}");
    }
}

#[test]
fn a_long_cell_wraps_inside_its_column() {
    let long = "one two three four five six seven eight nine ten eleven twelve";
    let a = article(
        "Some English text.",
        vec![table(
            &["n", "text"],
            &[&["1", long], &["2", "short"]],
            vec![],
        )],
    );
    let lines = table_lines(&dump(&a, 30));
    assert_grid(&lines);
    assert!(lines.iter().all(|l| l.width() <= 30));
    // Rows that wrap are told apart by a light rule.
    assert!(lines.iter().any(|l| l.starts_with('├')), "{lines:#?}");
    let text: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.split('│').nth(2))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(text.join(" "), format!("text {long} short"));
}

#[test]
fn the_widest_column_is_shrunk_and_the_others_keep_their_width() {
    let wide = "word ".repeat(20);
    let a = article(
        "Some English text.",
        vec![table(&["id", "body"], &[&["12345", wide.trim()]], vec![])],
    );
    let lines = table_lines(&dump(&a, 50));
    assert_grid(&lines);
    assert_eq!(lines[0].width(), 50, "the table takes the whole width");
    assert!(lines[0].starts_with("┌───────┬"), "id keeps its 5 cells");
}

#[test]
fn columns_that_cannot_fit_are_stacked_as_header_value_lines() {
    let a = article(
        "Some English text.",
        vec![table(
            &["name", "role", "score"],
            &[&["qari", "reader", "9"], &["fribidi", "reference", "8"]],
            vec![],
        )],
    );
    let lines = dump(&a, 16);
    assert!(!lines.iter().any(|l| l.contains('┌')), "{lines:#?}");
    let at = lines
        .iter()
        .position(|l| l == "name: qari")
        .expect("stacked");
    assert_eq!(
        lines[at..],
        [
            "name: qari",
            "role: reader",
            "score: 9",
            "",
            "name: fribidi",
            "role: reference",
            "score: 8",
        ]
    );
    // The header is strong.
    let rows = compose_article(&a, &compose_opts(16, Ordering::Visual)).rows;
    let row = rows.iter().find(|r| r.text == "name: qari").expect("row");
    assert!(row.runs[0].style.strong && &row.text[row.runs[0].range.clone()] == "name");
}

#[test]
fn stacked_rtl_rows_are_right_aligned_like_paragraphs() {
    let a = article(
        "نص عربي قصير.",
        vec![table(
            &["الاسم", "الدور", "العدد"],
            &[&["قارئ", "يقرأ النص", "٩"]],
            vec![],
        )],
    );
    let lines = dump(&a, 14);
    let stacked: Vec<&String> = lines.iter().filter(|l| l.contains(':')).collect();
    assert_eq!(stacked.len(), 3, "{lines:#?}");
    for l in stacked {
        assert_eq!(l.width(), 14, "right-aligned: {l:?}");
    }
}

#[test]
fn a_table_from_json() {
    let json = r#"{"title": "T", "sections": [{"blocks": [{"table": {
        "align": ["left", "right"], "header": ["a", "b"], "rows": [["1", "22"], ["333"]]}}]}]}"#;
    let a = load_bytes(json.as_bytes(), Format::Json, "t.json").expect("loads");
    assert_eq!(
        table_lines(&dump(&a, 30)),
        [
            "┌─────┬────┐",
            "│ a   │  b │",
            "╞═════╪════╡",
            "│ 1   │ 22 │",
            // The ragged row is padded with an empty cell.
            "│ 333 │    │",
            "└─────┴────┘",
        ]
    );
}

#[test]
fn ragged_markdown_rows_are_padded_and_cut() {
    let a = markdown::parse("# T\n\n| a | b |\n|---|---|\n| 1 |\n| 1 | 2 | 3 |\n");
    let Block::Table(t) = &a.sections[0].blocks[0] else {
        panic!("{:?}", a.sections[0].blocks);
    };
    assert_eq!(t.to_plain(), "a\tb\n1\t\n1\t2");
    assert_grid(&table_lines(&dump(&a, 20)));
}

/// The table in a unit of its own, composed with `query` marked and its
/// match number `current` the current one.
fn highlighted(a: &Article, query: &str, current: usize, ordering: Ordering) -> Vec<Row> {
    let highlight = Highlight {
        query: Query::new(query).expect("query"),
        current: Some((7, current)),
    };
    let unit = Unit::Block {
        section: 0,
        block: 1,
        first: 2,
    };
    let opts = compose_opts(40, ordering);
    compose_unit_highlighted(a, unit, &opts, Direction::Ltr, Some((&highlight, 7)))
}

#[test]
fn search_hits_in_cells_are_marked_and_numbered_in_cell_order() {
    let a = article(
        "Some English text.",
        vec![table(&["apple", "pear"], &[&["fig", "apple pie"]], vec![])],
    );
    let hit_rows = |rows: &[Row], hit: Hit| -> Vec<(u32, String)> {
        rows.iter()
            .flat_map(|r| {
                r.runs
                    .iter()
                    .filter(move |run| run.hit == hit)
                    .map(move |run| (r.anchor.line, r.text[run.range.clone()].to_owned()))
            })
            .collect()
    };
    // Match 0 is the header's, match 1 the body cell's.
    let rows = highlighted(&a, "apple", 1, Ordering::Visual);
    assert_eq!(hit_rows(&rows, Hit::Current), [(3, "apple".to_owned())]);
    assert_eq!(hit_rows(&rows, Hit::Match), [(1, "apple".to_owned())]);
    // One block; a line per row.
    assert!(rows.iter().all(|r| r.anchor.block == 2));
    let lines: Vec<u32> = rows
        .iter()
        .filter(|r| !r.is_blank())
        .map(|r| r.anchor.line)
        .collect();
    assert_eq!(lines, [0, 1, 2, 3, 4]);
    // Stacked too: the same numbering.
    let narrow = compose_unit_highlighted(
        &a,
        Unit::Block {
            section: 0,
            block: 1,
            first: 2,
        },
        &compose_opts(10, Ordering::Visual),
        Direction::Ltr,
        Some((
            &Highlight {
                query: Query::new("apple").expect("query"),
                current: Some((7, 1)),
            },
            7,
        )),
    );
    let current: Vec<String> = hit_rows(&narrow, Hit::Current)
        .into_iter()
        .map(|h| h.1)
        .collect();
    assert_eq!(current, ["apple"]);
}

#[test]
fn the_app_counts_and_finds_hits_in_cells() {
    let a = article(
        "Some English text.",
        vec![table(
            &["k", "v"],
            &[&["zebra", "x"], &["y", "zebra"]],
            vec![],
        )],
    );
    let mut app = reader::reader(a, 100, 30);
    reader::press(&mut app, crossterm::event::KeyCode::Char('/'));
    reader::keys(&mut app, "zebra");
    reader::press(&mut app, crossterm::event::KeyCode::Enter);
    let s = app.search.as_ref().expect("a search");
    assert_eq!((s.current, s.total), (Some(0), 2));
    let marked: usize = app
        .visible_rows()
        .flat_map(|r| r.runs.iter())
        .filter(|run| run.hit != Hit::No)
        .count();
    assert_eq!(marked, 2);
}

#[test]
fn y_copies_a_table_as_tab_separated_cells() {
    let a = Article {
        title: Text::plain("T"),
        sections: vec![Section {
            level: 0,
            heading: None,
            blocks: vec![table(&["a", "beta"], &[&["1", "2"]], vec![])],
        }],
        ..Article::default()
    };
    let mut app = reader::reader(a, 100, 30);
    // `y` copies the block of the current search hit.
    reader::press(&mut app, crossterm::event::KeyCode::Char('/'));
    reader::keys(&mut app, "beta");
    reader::press(&mut app, crossterm::event::KeyCode::Enter);
    reader::press(&mut app, crossterm::event::KeyCode::Char('y'));
    assert_eq!(app.copy_request.as_deref(), Some("a\tbeta\n1\t2"));
}

/// An RTL document with Arabic, English and number cells.
fn mixed_rtl() -> Article {
    markdown::parse(
        "# دليل\n\nنص عربي قصير.\n\n| الغرض | Path | العدد |\n|---|---|---:|\n| نقطة الدخول | src/main.rs | 16 |\n| English words | مسار | 4120 |\n",
    )
}

#[test]
fn terminal_mode_table_rows_are_ltr_with_each_cell_isolated() {
    let a = mixed_rtl();
    let rows = compose_article(&a, &compose_opts(60, Ordering::Logical)).rows;
    let grid: Vec<&Row> = rows
        .iter()
        .filter(|r| r.text.trim_start().starts_with('│'))
        .collect();
    assert_eq!(grid.len(), 3);
    for row in &grid {
        assert_eq!(row.direction, Direction::Ltr);
        assert_eq!(row.isolates.len(), 3, "{row:?}");
        for piece in &row.isolates {
            let text = &row.text[piece.range.clone()];
            assert!(!text.contains('│') && text.trim() == text, "{text:?}");
        }
    }
    // The Arabic cell is isolated right to left, the path left to right.
    let body = grid[1];
    let dir_of = |s: &str| {
        body.isolates
            .iter()
            .find(|i| body.text[i.range.clone()].contains(s))
            .map(|i| i.direction)
    };
    assert_eq!(dir_of("src/main.rs"), Some(Direction::Ltr));
    assert_eq!(dir_of("16"), Some(Direction::Rtl));
    // App mode: no isolates.
    let app_rows = compose_article(&a, &compose_opts(60, Ordering::Visual)).rows;
    assert!(app_rows.iter().all(|r| r.isolates.is_empty()));
}

#[test]
fn the_kitty_pass_keeps_borders_in_place_and_reverses_arabic_cells() {
    let a = mixed_rtl();
    let rows = compose_article(&a, &compose_opts(60, Ordering::Visual)).rows;
    let mut seen = 0;
    for row in rows.iter().filter(|r| r.text.contains('│')) {
        let kitty =
            row.with_rtl_runs_reversed(qari::text::rtl_runs::KittyFont { has_arabic: true });
        let borders = |s: &str| -> Vec<usize> {
            s.chars()
                .enumerate()
                .filter(|(_, c)| *c == '│')
                .map(|(i, _)| i)
                .collect()
        };
        assert_eq!(borders(&kitty.text), borders(&row.text), "{}", row.text);
        // Each cell holds the same characters, Arabic ones in reverse.
        for (shown, sent) in row.text.split('│').zip(kitty.text.split('│')) {
            let mut a: Vec<char> = shown.chars().collect();
            let mut b: Vec<char> = sent.chars().collect();
            a.sort_unstable();
            b.sort_unstable();
            assert_eq!(a, b, "{shown:?} / {sent:?}");
        }
        seen += 1;
    }
    assert_eq!(seen, 3);
    // «نقطة الدخول» is sent in logical order (kitty reverses it back).
    let body = rows
        .iter()
        .find(|r| r.text.contains("src/main.rs"))
        .expect("row");
    let kitty = body
        .with_rtl_runs_reversed(qari::text::rtl_runs::KittyFont { has_arabic: true })
        .text;
    assert!(kitty.find('ﻧ') < kitty.find('ﺔ'), "{kitty}");
}

#[test]
fn a_table_in_a_quote_stays_in_the_quote() {
    let a = markdown::parse("# Title\n\nSome text.\n\n> | a | b |\n> |---|---|\n> | 1 | 2 |\n");
    let Block::Quote(inner) = &a.sections[0].blocks[1] else {
        panic!("{:?}", a.sections[0].blocks);
    };
    assert!(matches!(inner[0], Block::Table(_)));
    let lines = dump(&a, 30);
    assert!(lines.iter().any(|l| l == "│ ┌───┬───┐"), "{lines:#?}");
}

// ---------------------------------------------------------------------------
// Hostile sizes: no panic, no row wider than the width, and done in time
// (a hang check: generous for a debug build on shared cores).
// ---------------------------------------------------------------------------

const HANG: Duration = Duration::from_secs(120);

fn dumped_within_width(a: &Article, what: &str) -> usize {
    let start = Instant::now();
    let lines = dump(a, 80);
    let took = start.elapsed();
    eprintln!("{what}: {} lines in {took:?}", lines.len());
    assert!(took < HANG, "{what} took {took:?}");
    for l in &lines {
        assert!(l.width() <= 80, "{what}: a line of {} cells", l.width());
    }
    lines.len()
}

#[test]
fn ten_thousand_rows() {
    let rows: Vec<Vec<String>> = (0..10_000)
        .map(|i| vec![format!("صف {i}"), format!("row {i}"), i.to_string()])
        .collect();
    let rows: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    let a = article("نص عربي.", vec![table(&["أ", "b", "n"], &rows, vec![])]);
    assert!(dumped_within_width(&a, "10 000 rows") > 10_000);
}

#[test]
fn two_hundred_columns() {
    let header: Vec<String> = (0..200).map(|i| format!("h{i}")).collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let row: Vec<String> = (0..200).map(|i| format!("خلية {i}")).collect();
    let row: Vec<&str> = row.iter().map(String::as_str).collect();
    let a = article("نص عربي.", vec![table(&header, &[&row, &row], vec![])]);
    // Stacked: a line per cell of the body.
    assert!(dumped_within_width(&a, "200 columns") > 400);
}

#[test]
fn a_megabyte_cell() {
    let word = "كلمة word ";
    let big = word.repeat((1 << 20) / word.len());
    let a = article(
        "نص عربي.",
        vec![table(
            &["a", "b"],
            &[&["short", big.as_str()], &["x", "y"]],
            vec![],
        )],
    );
    assert!(dumped_within_width(&a, "1 MB cell") > 10_000);
}

/// `--bidi terminal` dump lines, reordered by a UBA as a terminal with a
/// left-to-right base does, show what app mode shows: the embeddings around
/// each cell keep the borders in place.
#[test]
fn terminal_mode_dump_reordered_by_the_uba_matches_app_mode() {
    use unicode_bidi::{BidiInfo, Level};
    let a = mixed_rtl();
    let with = |ordering| {
        let opts = DumpOptions {
            width: 60,
            color: false,
            layout: LayoutOptions {
                ordering,
                ..LayoutOptions::default()
            },
            ui_lang: None,
            reverse_rtl_runs: None,
        };
        render(&a, &opts)
    };
    let (app, terminal) = (with(Ordering::Visual), with(Ordering::Logical));
    assert_eq!(app.len(), terminal.len());
    let controls = |c: char| matches!(c, '\u{200E}' | '\u{202A}'..='\u{202E}');
    let mut cells = 0;
    for (want, sent) in app.iter().zip(&terminal) {
        let info = BidiInfo::new(sent, Some(Level::ltr()));
        let shown: String = match info.paragraphs.first() {
            Some(p) => info
                .reorder_line(p, p.range.clone())
                .chars()
                .filter(|c| !controls(*c))
                .collect(),
            None => String::new(),
        };
        assert_eq!(&shown, want, "sent {sent:?}");
        cells += sent.matches('\u{202B}').count();
    }
    assert!(cells >= 6, "right-to-left cells embedded: {cells}");
}
