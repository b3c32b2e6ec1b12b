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

/// Every long option of the command line, from its clap definition.
fn long_options() -> Vec<String> {
    use clap::CommandFactory;
    let cmd = qari::cli::Cli::command();
    let longs: Vec<String> = cmd
        .get_arguments()
        .filter_map(|a| a.get_long())
        .map(str::to_owned)
        .collect();
    assert!(longs.len() > 20, "{longs:?}");
    longs
}

#[test]
fn completions_for_every_shell_name_the_options() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let o = qari(&["--completions", shell]);
        assert!(o.status.success(), "{shell}: {}", stderr(&o));
        let script = stdout(&o);
        assert!(script.len() > 500, "{shell}: {script}");
        // fish names a long option `-l dump`, the others `--dump`.
        let long = |name: &str| match shell {
            "fish" => format!("-l {name}"),
            _ => format!("--{name}"),
        };
        assert!(script.contains(&long("dump")), "{shell} lacks --dump");
        assert!(script.contains(&long("completions")), "{shell}");
    }
    let o = qari(&["--completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bash"), "{}", stderr(&o));
}

/// True when `shell` can be run here (bash always on CI; zsh and fish
/// when installed).
fn have(shell: &str) -> bool {
    Command::new(shell)
        .arg("-c")
        .arg("true")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn completion_scripts_parse_in_their_shells() {
    let dir = scratch("completion");
    for (shell, file) in [
        ("bash", "qari.bash"),
        ("zsh", "_qari"),
        ("fish", "qari.fish"),
    ] {
        if !have(shell) {
            assert_ne!(shell, "bash", "bash is needed for this test");
            eprintln!("no {shell}; its script not parsed");
            continue;
        }
        let path = dir.join(file);
        std::fs::write(&path, qari(&["--completions", shell]).stdout).expect("write");
        let o = Command::new(shell)
            .arg("-n")
            .arg(&path)
            .output()
            .expect(shell);
        assert!(o.status.success(), "{shell} -n: {}", stderr(&o));
    }
    // Sourced, bash's completes an option's values.
    let script = format!(
        "source {}; COMP_WORDS=(qari --theme ''); COMP_CWORD=2; _qari qari '' --theme; \
         echo \"${{COMPREPLY[*]}}\"",
        dir.join("qari.bash").display()
    );
    let o = Command::new("bash")
        .arg("-c")
        .arg(script)
        .output()
        .expect("bash");
    assert_eq!(stdout(&o).trim(), "dark light mono", "{}", stderr(&o));
}

#[test]
fn man_page_has_a_title_and_every_long_option() {
    let o = qari(&["--man"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = stdout(&o);
    assert!(page.lines().any(|l| l.starts_with(".TH QARI 1")), "{page}");
    for long in long_options() {
        // roff writes each hyphen as \-.
        let roff = format!("\\fB\\-\\-{}\\fR", long.replace('-', "\\-"));
        assert!(page.contains(&roff), "man page lacks --{long}");
    }
    for section in ["DISPLAY", "FILES AND STATE", "KEYS", "FILES", "EXIT STATUS"] {
        assert!(
            page.contains(&format!(".SH {section}\n"))
                || page.contains(&format!(".SH \"{section}\"\n")),
            "{section}"
        );
    }
}

#[test]
fn help_groups_every_option() {
    let o = qari(&["--help"]);
    assert!(o.status.success());
    let help = stdout(&o);
    let headings = ["Input:", "Dump:", "Display:", "Files and state:", "Setup:"];
    for h in headings {
        assert!(help.lines().any(|l| l == h), "--help lacks {h}");
    }
    // No option is left alone under clap's default "Options:".
    assert!(!help.lines().any(|l| l == "Options:"), "{help}");
    for long in long_options() {
        assert!(help.contains(&format!("--{long}")), "--help lacks --{long}");
    }
    // Each group holds its options: --fresh under "Files and state".
    let state = help.find("Files and state:").expect("heading");
    let fresh = help.find("--fresh").expect("--fresh");
    let setup = help.find("Setup:").expect("heading");
    assert!(state < fresh && fresh < setup);
}

#[test]
fn a_mistyped_option_suggests_the_nearest() {
    let o = qari(&["--dmp"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("'--dmp'"), "{err}");
    assert!(err.contains("similar argument exists: '--dump'"), "{err}");
    assert!(o.stdout.is_empty());
}

#[test]
fn a_config_file_named_but_missing_is_an_error() {
    let dir = scratch("config-missing");
    let missing = dir.join("nope.toml");
    let o = qari(&["--config", missing.to_str().expect("path"), "--dump"]);
    assert_one_line_error(&o, &format!("{}: ", missing.display()));
    assert!(stderr(&o).contains("No such file"), "{}", stderr(&o));
}

/// `qari --recent` when standard output is not a terminal: one
/// tab-separated line per document, newest first, as the list file holds
/// them; nothing at all before anything was read.
#[test]
fn recent_prints_the_list_for_scripts() {
    let state = scratch("recent");
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_qari"))
            .arg("--recent")
            .env("XDG_STATE_HOME", &state)
            .output()
            .expect("run qari")
    };
    let o = run();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "", "nothing read yet");
    std::fs::create_dir_all(state.join("qari")).expect("dir");
    let list = r#"{"format": "qari-recent", "version": 1, "entries": [
        {"title": "ما أهمية التعاون", "location": {"file": "/docs/a.md"},
         "opened": 1796103436, "percent": 42},
        {"title": "Page", "location": {"url": "https://x.example/p"},
         "opened": 0, "percent": 100}]}"#;
    std::fs::write(state.join("qari/recent.json"), list).expect("list");
    let o = run();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "2026-12-01T05:37:16Z\t42\tما أهمية التعاون\t/docs/a.md\n\
         1970-01-01T00:00:00Z\t100\tPage\thttps://x.example/p\n"
    );
    // A list that is not one: one line, exit 2, the file left as it is.
    std::fs::write(state.join("qari/recent.json"), "{ truncated").expect("bad");
    assert_one_line_error(&run(), "recent.json");
    assert_eq!(
        std::fs::read_to_string(state.join("qari/recent.json")).expect("kept"),
        "{ truncated"
    );
}
