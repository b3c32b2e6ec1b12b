//! Recent reads end to end: the real reader lists what it opens in
//! `$XDG_STATE_HOME/qari/recent.json` with how much was read, its `O`
//! picker reopens a document at its saved place, and `qari --recent`
//! prints the list.

#[cfg(unix)]
mod qari_pty;

/// A Markdown document titled `title`, long enough to scroll, ending with
/// `last`.
#[cfg(unix)]
fn long_document(title: &str, last: &str) -> String {
    let mut md = format!("# {title}\n\n");
    for i in 0..60 {
        md.push_str(&format!("Paragraph {i} of {title}, to scroll through.\n\n"));
    }
    md.push_str(&format!("{last}\n"));
    md
}

#[cfg(unix)]
#[test]
fn the_reader_lists_what_it_opens_and_the_picker_reopens_it() {
    use qari_pty::Reader;
    let dir = std::env::temp_dir().join(format!("qari-recent-e2e-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let (alpha, bravo) = (dir.join("alpha.md"), dir.join("bravo.md"));
    std::fs::write(&alpha, long_document("Alpha document", "The end of alpha.")).expect("a");
    std::fs::write(&bravo, long_document("Bravo document", "The end of bravo.")).expect("b");
    let state = dir.join("state");
    let env = [
        ("XDG_STATE_HOME", state.to_str().expect("path")),
        ("NO_COLOR", "1"),
    ];
    let alpha_arg = alpha.to_str().expect("path");

    // Alpha read to its end.
    let mut r = Reader::start(&["--bidi", "app", alpha_arg], &env, 100, 30);
    r.wait_until("alpha", |r| r.text().contains("Alpha document"));
    r.press(b"G");
    r.wait_until("the end of alpha", |r| {
        r.text().contains("The end of alpha.")
    });
    r.press(b"q");
    assert!(r.wait_exit().success());
    let list = std::fs::read_to_string(state.join("qari/recent.json")).expect("the list");
    let canonical = std::fs::canonicalize(&alpha).expect("canonical");
    assert!(list.contains(canonical.to_str().expect("path")), "{list}");
    assert!(list.contains("\"percent\": 100"), "{list}");

    // Bravo, relative to its folder: listed by its canonical path too. Its
    // picker lists both, the newest first, and reopens alpha at its end.
    let mut cmd_dir = Reader::start(
        &["--bidi", "app", bravo.to_str().expect("path")],
        &env,
        100,
        30,
    );
    let r = &mut cmd_dir;
    r.wait_until("bravo", |r| r.text().contains("Bravo document"));
    r.press(b"O");
    r.wait_until("the picker", |r| {
        let t = r.text();
        t.contains("1. Bravo document") && t.contains("2. Alpha document — 100%")
    });
    r.press(b"j\r");
    r.wait_until("alpha at its end", |r| {
        r.text().contains("The end of alpha.") && !r.text().contains("Bravo document")
    });
    r.press(b"q");
    assert!(r.wait_exit().success());

    // Alpha was opened last: first in the list, tab-separated for scripts.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_qari"))
        .arg("--recent")
        .env("XDG_STATE_HOME", &state)
        .output()
        .expect("run qari");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert_eq!(
        lines[0][1..],
        ["100", "Alpha document", canonical.to_str().expect("path")]
    );
    assert_eq!(lines[1][1], "0", "bravo was left at its top: {text}");
    assert_eq!(lines[1][2], "Bravo document");
    assert!(
        lines[0][0].ends_with('Z') && lines[0][0].len() == 20,
        "{text}"
    );

    // A file that is gone is marked, and not opened.
    std::fs::remove_file(&alpha).expect("remove");
    let mut r = Reader::start(
        &["--bidi", "app", bravo.to_str().expect("path")],
        &env,
        100,
        30,
    );
    r.wait_until("bravo", |r| r.text().contains("Bravo document"));
    r.press(b"O");
    r.wait_until("the picker", |r| r.text().contains("2. Alpha document"));
    r.press(b"j\r");
    r.wait_until("missing, said", |r| r.text().contains("missing:"));
    assert!(r.text().contains("Bravo document"), "still reading bravo");
    r.press(b"d\x1bq");
    assert!(r.wait_exit().success());
    let list = std::fs::read_to_string(state.join("qari/recent.json")).expect("the list");
    assert!(!list.contains("alpha.md"), "forgotten: {list}");
    let _ = std::fs::remove_dir_all(&dir);
}
