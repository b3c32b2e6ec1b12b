//! qari's one-line layout compared with GNU FriBidi, the C reference for
//! shaping and reordering: `fribidi --nopad --nobreak --clean --rtl|--ltr`.
//!
//! Cases: every paragraph of the bundled article and
//! `tests/fixtures/fribidi/cases.txt`. When `fribidi` is installed (CI installs
//! Debian's `libfribidi-bin`) it is run live, and the stored expectations in
//! `expected.tsv` must match it too; without it (a fresh machine) the stored
//! expectations, which are fribidi's own output, are used. Refresh them with
//! `QARI_UPDATE_FRIBIDI=1 cargo test --test fribidi`.
//!
//! Two known fribidi faults are not compared here but checked by hand below:
//! it forms no lam-alef ligature when a haraka sits between lam and alef, and
//! it reverses emoji modifier sequences code point by code point.

use qari::model::{Article, Block};
use qari::text::{Direction, LayoutOptions, layout_str};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fribidi")
        .join(name)
}

/// One line of layout without wrapping or padding: (direction, visual text).
fn qari_line(text: &str) -> (&'static str, String) {
    let opts = LayoutOptions {
        width: usize::MAX / 2,
        document_dir: Direction::Rtl,
        ..LayoutOptions::default()
    };
    let layout = layout_str(text, &opts);
    let dir = if layout.direction.is_rtl() {
        "rtl"
    } else {
        "ltr"
    };
    let visual: String = layout.lines.iter().map(|l| l.text.as_str()).collect();
    // fribidi --clean drops ZWJ/ZWNJ (class BN, removed by X9); qari keeps
    // them because emoji ZWJ sequences need them.
    (dir, visual.replace(['\u{200C}', '\u{200D}'], ""))
}

fn bundled_paragraphs() -> Vec<String> {
    let json = include_str!("../assets/article.json");
    let article: Article = serde_json::from_str(json).expect("bundled article parses");
    let mut out = vec![article.title.to_plain()];
    let mut blocks: Vec<&Block> = Vec::new();
    for entry in &article.faq {
        out.push(entry.question.to_plain());
        blocks.extend(&entry.answer);
    }
    for section in &article.sections {
        out.extend(section.heading.iter().map(|h| h.to_plain()));
        blocks.extend(&section.blocks);
    }
    for block in blocks {
        match block {
            Block::Paragraph(t) => out.push(t.to_plain()),
            Block::Bullets(items) | Block::Numbered(items) => {
                out.extend(items.iter().map(|t| t.to_plain()))
            }
            other => panic!("the bundled article has no {other:?}"),
        }
    }
    out
}

fn cases() -> Vec<String> {
    let own = std::fs::read_to_string(fixture("cases.txt")).expect("cases.txt");
    let mut all = bundled_paragraphs();
    all.extend(
        own.lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned),
    );
    all
}

fn fribidi_available() -> bool {
    Command::new("fribidi")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn fribidi(dir: &str, text: &str) -> String {
    let mut child = Command::new("fribidi")
        .args(["--nopad", "--nobreak", "--clean", &format!("--{dir}")])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run fribidi");
    let mut stdin = child.stdin.take().expect("stdin");
    writeln!(stdin, "{text}").expect("write to fribidi");
    drop(stdin);
    let out = child.wait_with_output().expect("fribidi output");
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .trim_end_matches('\n')
        .to_owned()
}

/// Stored fribidi output: `dir<TAB>input<TAB>output` per line.
fn stored() -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(fixture("expected.tsv")).unwrap_or_default();
    text.lines()
        .filter_map(|l| {
            let mut f = l.splitn(3, '\t');
            Some((f.next()?.into(), f.next()?.into(), f.next()?.into()))
        })
        .collect()
}

#[test]
fn every_case_matches_fribidi() {
    let live = fribidi_available();
    if std::env::var_os("CI").is_some() {
        assert!(live, "CI must install fribidi (libfribidi-bin)");
    }
    let stored = stored();
    let mut expected_rows = Vec::new();
    let mut failures = Vec::new();
    for (i, text) in cases().iter().enumerate() {
        let (dir, got) = qari_line(text);
        let expected = if live {
            fribidi(dir, text)
        } else {
            let row = stored.iter().find(|(d, t, _)| d == dir && t == text);
            row.map(|r| r.2.clone())
                .unwrap_or_else(|| panic!("no stored fribidi output for case {i}; install fribidi"))
        };
        if live && !stored.is_empty() && std::env::var_os("QARI_UPDATE_FRIBIDI").is_none() {
            let row = stored.iter().find(|(d, t, _)| d == dir && t == text);
            assert_eq!(
                row.map(|r| &r.2),
                Some(&expected),
                "expected.tsv is stale for case {i}"
            );
        }
        if got != expected {
            failures.push(format!(
                "case {i} ({dir}): {text}\n  qari:    {got}\n  fribidi: {expected}"
            ));
        }
        expected_rows.push(format!("{dir}\t{text}\t{expected}\n"));
    }
    if live && std::env::var_os("QARI_UPDATE_FRIBIDI").is_some() {
        std::fs::write(fixture("expected.tsv"), expected_rows.concat())
            .expect("write expected.tsv");
    }
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(expected_rows.len() >= 26 + 12);
}

#[test]
fn haraka_between_lam_and_alef_still_forms_the_ligature() {
    // fribidi leaves lam + shadda + alef (as in لِلطُّلّاب) unjoined; qari
    // forms the ligature and puts the shadda after it.
    let (dir, got) = qari_line("\u{644}\u{651}\u{627}");
    assert_eq!(dir, "rtl");
    assert_eq!(got, "\u{FEFB}\u{651}");
    let (_, got) = qari_line("كلّا");
    // ك initial U+FEDB, then the final ligature U+FEFC with its shadda;
    // visual order puts the ligature (logically last) on the left.
    assert_eq!(got, "\u{FEFC}\u{651}\u{FEDB}");
}

#[test]
fn emoji_modifier_sequence_is_reversed_as_one_grapheme() {
    // fribidi emits 🏽👍; the skin tone must stay after its emoji.
    let (_, got) = qari_line("جميل 👍🏽 جدا");
    assert_eq!(
        got,
        "\u{FE8D}\u{FEAA}\u{FE9F} 👍🏽 \u{FEDE}\u{FEF4}\u{FEE4}\u{FE9F}"
    );
}
