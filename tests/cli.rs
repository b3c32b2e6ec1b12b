//! The `qari` binary: dump output, and one clear line plus exit status 2 for
//! every bad input.

use std::path::PathBuf;
use std::process::{Command, Output};

fn qari(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qari"))
        .args(args)
        .output()
        .expect("run qari")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8 errors")
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("qari-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Exit 2, nothing on stdout, exactly one line on stderr containing `needle`.
fn assert_one_line_error(o: &Output, needle: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "stderr: {err}");
    assert!(o.stdout.is_empty());
    assert_eq!(err.lines().count(), 1, "{err:?}");
    assert!(err.starts_with("qari: "), "{err:?}");
    assert!(err.contains(needle), "{err:?} lacks {needle:?}");
    assert!(!err.contains("panicked"), "{err:?}");
}

#[test]
fn dump_of_bundled_article_at_width_60() {
    let o = qari(&["--dump", "--width", "60"]);
    assert!(o.status.success());
    let out = stdout(&o);
    let first = out.lines().next().expect("a line");
    // Right-aligned to 60 cells, shaped: ends with «ما» = U+FEE3 U+FE8E reversed.
    assert!(first.ends_with("\u{FE8E}\u{FEE3}"));
    assert!(first.starts_with(' '));
    assert!(!out.contains('\x1b'), "no colour unless asked");
    assert!(out.lines().all(|l| l == l.trim_end()));
}

#[test]
fn not_a_terminal_means_dump() {
    // stdout is a pipe here, so plain `qari FILE` dumps.
    let dir = scratch("pipe");
    let file = dir.join("a.md");
    std::fs::write(&file, "# Title\n\nHello world.\n").expect("write");
    let o = qari(&[file.to_str().expect("path"), "--width", "30"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "Title\n═════\n\nHello world.\n");
}

#[test]
fn colour_always_emits_sgr() {
    let o = qari(&["--dump", "--color", "always", "--width", "40"]);
    assert!(stdout(&o).contains("\x1b[1;36m"));
}

#[test]
fn missing_file() {
    assert_one_line_error(&qari(&["/nonexistent/qari-article.md"]), "qari-article.md");
}

#[test]
fn directory() {
    let dir = scratch("dir");
    assert_one_line_error(&qari(&[dir.to_str().expect("path")]), "directory");
}

#[test]
fn invalid_utf8() {
    let dir = scratch("utf8");
    let file = dir.join("bad.txt");
    std::fs::write(&file, b"\xD8\xA8 ok \xFF\xFE broken").expect("write");
    assert_one_line_error(&qari(&[file.to_str().expect("path")]), "UTF-8");
}

#[test]
fn malformed_json_reports_line_and_column() {
    let dir = scratch("json");
    let file = dir.join("bad.json");
    std::fs::write(&file, "{\n  \"title\": \"x\",\n  \"sections\": [\n}\n").expect("write");
    let o = qari(&[file.to_str().expect("path")]);
    assert_one_line_error(&o, "bad.json");
    assert!(stderr(&o).contains("line 4"), "{}", stderr(&o));
    assert!(stderr(&o).contains("column"), "{}", stderr(&o));
}

#[test]
fn empty_document() {
    let dir = scratch("empty");
    for (name, body) in [
        ("e.txt", ""),
        ("b.md", "  \n\n \t\n"),
        ("e.json", "{\"title\": \"\"}"),
    ] {
        let file = dir.join(name);
        std::fs::write(&file, body).expect("write");
        assert_one_line_error(&qari(&[file.to_str().expect("path")]), "empty");
    }
}

#[test]
fn bad_width_is_a_usage_error() {
    let o = qari(&["--dump", "--width", "0"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn digits_and_tashkeel_are_display_options_of_the_dump() {
    let plain = stdout(&qari(&["--dump", "-w", "70"]));
    assert!(plain.contains("2010") && !plain.contains("٢٠١٠"));
    let arabic = stdout(&qari(&["--dump", "-w", "70", "--digits", "arabic"]));
    assert!(arabic.contains("٢٠١٠") && !arabic.contains("2010"));
    let persian = stdout(&qari(&["--dump", "-w", "70", "--digits", "persian"]));
    assert!(persian.contains("۲۰۱۰"));
    // The bundled article has a shadda in «مهمّ»; hidden, it is gone.
    assert!(plain.contains('\u{0651}'));
    let bare = stdout(&qari(&["--dump", "-w", "70", "--no-tashkeel"]));
    assert!(!bare.chars().any(|c| ('\u{064B}'..='\u{065F}').contains(&c)));
    assert_eq!(
        bare.lines().count(),
        plain.lines().count(),
        "marks take no cell"
    );
}

#[test]
fn config_file_sets_options_and_the_command_line_wins() {
    let dir = scratch("config");
    let config = dir.join("config.toml");
    std::fs::write(&config, "digits = \"arabic\"\ncolour = \"red\"\n").expect("write");
    let c = config.to_str().expect("path");
    let o = qari(&["--config", c, "--dump", "-w", "70"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("٢٠١٠"), "the config's digits");
    assert_eq!(
        stderr(&o).trim(),
        format!("qari: {c}:2: unknown key `colour` ignored"),
        "an unknown key is reported with its line, not fatal"
    );
    let o = qari(&["--config", c, "--dump", "-w", "70", "--digits", "latin"]);
    assert!(stdout(&o).contains("2010") && !stdout(&o).contains("٢٠١٠"));

    std::fs::write(&config, "theme = \"blue\"\n").expect("write");
    assert_one_line_error(
        &qari(&["--config", c, "--dump"]),
        &format!("{c}:1:9: unknown variant `blue`"),
    );
    std::fs::write(&config, "[keys\n").expect("write");
    assert_one_line_error(&qari(&["--config", c, "--dump"]), &format!("{c}:1:"));
}

#[test]
fn print_config_prints_a_file_that_reads_back() {
    let o = qari(&["--print-config"]);
    assert!(o.status.success());
    let text = stdout(&o);
    assert!(text.contains("theme = \"dark\"") && text.contains("[keys]"));
    assert!(text.contains("next_section = [\"]\"]"));
    let dir = scratch("print-config");
    let config = dir.join("config.toml");
    std::fs::write(&config, &text).expect("write");
    let o = qari(&[
        "--config",
        config.to_str().expect("path"),
        "--dump",
        "-w",
        "60",
    ]);
    assert!(o.status.success() && o.stderr.is_empty(), "{}", stderr(&o));
}

/// The paragraph-direction rule end to end (Markdown importer, composer,
/// dump) on an Arabic document with English names, URLs, code and
/// English paragraphs: each short line, found by a Latin piece of it, is
/// right-aligned (RTL) or starts at column 0 (LTR).
#[test]
fn markdown_paragraphs_take_their_direction_by_words() {
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/paradir.md");
    let o = qari(&["--dump", "--width", "60", fixture]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let rtl = |needle: &str| {
        let line = out
            .lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no line with {needle:?} in\n{out}"));
        line.starts_with(' ')
    };
    for needle in [
        "Hermes Desktop \u{FE90}", // # تعريب Hermes Desktop
        "\u{FEEB} Hermes Desktop", // Hermes Desktop هو …
        ":PowerShell",             // ## افتح PowerShell:
        ".Tools & Keys",           // - تعريب Tools & Keys.
        "config.toml",             // inline code is not counted
        "https://github.com/",     // the URL is not counted
    ] {
        assert!(rtl(needle), "{needle:?} should be RTL in\n{out}");
    }
    for needle in [
        "Section: Combinatorial Game Theory",
        "The word",
        "Hermes is a desktop application",
    ] {
        assert!(!rtl(needle), "{needle:?} should be LTR in\n{out}");
    }
    // The old rule, still available, turned the title LTR.
    let o = qari(&["--dump", "--width", "60", "--para-dir", "majority", fixture]);
    assert!(stdout(&o).starts_with("\u{FE90}\u{FEF3}\u{FEAE}\u{FECC}\u{FE97} Hermes Desktop\n"));
}

/// `--threads N` and `QARI_THREADS` choose the dump's threads, never its
/// bytes; zero threads is refused in one line.
#[test]
fn threads_option_and_variable_keep_the_dump_the_same() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sample.md");
    let default = qari(&["--dump", "--width", "33", path]);
    assert!(default.status.success());
    assert!(default.stdout.len() > 100);
    for threads in ["1", "2", "5"] {
        let o = qari(&["--dump", "--width", "33", "--threads", threads, path]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(o.stdout, default.stdout, "--threads {threads}");
    }
    let env = Command::new(env!("CARGO_BIN_EXE_qari"))
        .args(["--dump", "--width", "33", path])
        .env("QARI_THREADS", "1")
        .output()
        .expect("run qari");
    assert_eq!(env.stdout, default.stdout, "QARI_THREADS=1");
    let zero = qari(&["--dump", "--threads", "0", path]);
    assert_eq!(zero.status.code(), Some(2));
    assert!(zero.stdout.is_empty());
}
