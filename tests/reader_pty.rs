//! End to end: the real `qari` binary in a pseudo-terminal, its output fed to
//! a vt100 screen. Keys are pressed as a person would; the test waits for
//! what the screen should show (no fixed sleeps), resizes, quits with `q`,
//! and checks the exit status and that the alternate screen was left.
#![cfg(unix)]

mod qari_pty;

use qari::text::{Direction, LayoutOptions, layout_str};
use qari_pty::{Reader, rfind};

fn row(r: &Reader, y: usize) -> String {
    r.rows().get(y).cloned().unwrap_or_default()
}

/// How the engine shows `text` on one line (what the screen must contain).
fn shown(text: &str) -> String {
    let opts = LayoutOptions {
        width: 200,
        document_dir: Direction::Rtl,
        ..LayoutOptions::default()
    };
    layout_str(text, &opts).lines[0].text.clone()
}

#[test]
fn read_navigate_open_answers_resize_and_quit() {
    // app mode: no probe to answer; the screen shows shaped visual text.
    let mut r = Reader::start(&["--bidi", "app"], &[("NO_COLOR", "1")], 120, 35);
    let heading = shown("مباحثات ثنائية");
    let contents = shown("المحتويات");
    r.wait_until("the navigator", |r| {
        r.text().contains(&contents) && r.text().contains(&heading)
    });

    // Every answer starts closed; Tab focuses the FAQ, Enter opens the first.
    let answer = shown("يسهم في تعزيز");
    assert!(!r.text().contains(&answer));
    r.press(b"\t\r");
    r.wait_until("the first answer", |r| r.text().contains(&answer));
    r.press(b"\r");
    r.wait_until("the answer closed again", |r| !r.text().contains(&answer));

    // Back to the article; `]` brings the first headed section to the top.
    r.press(b"\t\t\t");
    r.press(b"]");
    r.wait_until("the section heading on the first row", |r| {
        row(r, 1).contains(&heading)
    });

    // Resize: the same section stays at the top.
    r.resize(60, 20);
    r.wait_until("a 60-column relayout", |r| {
        row(r, 0).chars().count() <= 60 && row(r, 1).contains(&heading) && row(r, 19).contains('%')
    });

    // Help lists keys, then q quits.
    r.press(b"?");
    r.wait_until("the help overlay", |r| r.text().contains("Shift-Tab"));
    r.press(b"?");
    r.wait_until("help closed", |r| !r.text().contains("Shift-Tab"));
    r.press(b"q");
    let status = r.wait_exit();
    assert!(status.success(), "{status:?}");
    // The alternate screen was left after it was entered, and the cursor shown.
    let entered = rfind(&r.output, b"\x1b[?1049h").expect("entered the alternate screen");
    let left = rfind(&r.output, b"\x1b[?1049l").expect("left the alternate screen");
    assert!(left > entered);
    assert!(rfind(&r.output, b"\x1b[?25h").is_some_and(|p| p > entered));
    // Bidi mode restored: implicit (CSI 8 h) after explicit (CSI 8 l).
    let explicit = rfind(&r.output, b"\x1b[8l").expect("explicit mode set");
    assert!(rfind(&r.output, b"\x1b[8h").is_some_and(|p| p > explicit));
}

/// `y` puts the paragraph on the clipboard as written: logical order, no
/// presentation forms, through OSC 52 (base64); `--copy-to` writes a file.
#[test]
fn y_copies_the_paragraph_as_written() {
    use base64::Engine;
    let article = qari::source::bundled();
    let expected = qari::doc::block_text(&article, qari::doc::Part::Section(1), 1).expect("text");
    assert!(expected.starts_with("وفي إطار"), "{expected}");
    let mut r = Reader::start(&["--bidi", "app"], &[("NO_COLOR", "1")], 120, 35);
    let heading = shown("مباحثات ثنائية");
    r.wait_until("the article", |r| r.text().contains(&heading));
    r.press(b"]jjj");
    r.wait_until("the paragraph on top", |r| !row(r, 1).contains(&heading));
    let from = r.output.len();
    r.press(b"y");
    let start = r.wait_output(b"\x1b]52;c;", from) + 7;
    let end = r.wait_output(b"\x07", start);
    let copied = base64::engine::general_purpose::STANDARD
        .decode(&r.output[start..end])
        .expect("base64");
    assert_eq!(String::from_utf8(copied).expect("utf-8"), expected);
    r.press(b"q");
    assert!(r.wait_exit().success());

    let file = std::env::temp_dir().join(format!("qari-copy-{}.txt", std::process::id()));
    let _ = std::fs::remove_file(&file);
    let arg = file.to_str().expect("path").to_owned();
    let mut r = Reader::start(&["--bidi", "app", "--copy-to", &arg], &[], 120, 35);
    r.wait_until("the article", |r| r.text().contains(&heading));
    let from = r.output.len();
    r.press(b"y");
    r.wait_until("the copy said", |r| r.output.len() > from && file.exists());
    assert_eq!(
        std::fs::read_to_string(&file).expect("copied"),
        article.title.to_plain()
    );
    assert!(
        !r.output[from..].windows(4).any(|w| w == b"\x1b]52"),
        "no OSC 52 with --copy-to"
    );
    r.press(b"q");
    assert!(r.wait_exit().success());
}

/// A dump to a terminal is reordered by a terminal in implicit mode (VTE)
/// like the reader's rows would be: qari switches the terminal's bidi off
/// before the first row and puts it back after the last.
#[test]
fn a_dump_to_a_terminal_switches_its_bidi_off_around_the_rows() {
    let mut r = Reader::start(
        &["--dump", "--bidi", "app", "--width", "50"],
        &[("NO_COLOR", "1")],
        80,
        24,
    );
    assert_eq!(r.wait_exit().exit_code(), 0, "{}", r.text());
    let out = &r.output;
    let on = qari_pty::find_from(out, b"\x1b[8l\x1b[1 k", 0).expect("switched off");
    let title = shown("ما أهمية تعزيز التعاون العسكري");
    let first_row = qari_pty::find_from(out, title.as_bytes(), 0).expect("title row");
    let off = rfind(out, b"\x1b[0 k\x1b[8h").expect("put back");
    // Nothing but the restoring bytes follows the last row's newline.
    let last_row = rfind(out, b"\n").expect("a row");
    assert!(
        on < first_row && last_row < off,
        "{on} {first_row} {last_row} {off}"
    );

    // mlterm (named by its variable, the mode being forced) would lay the
    // rows out again when its own switch is put back at exit: the dump
    // goes out in logical order, each line in an embedding, untouched.
    for args in [
        &["--dump", "--bidi", "terminal"][..],
        &["--dump", "--bidi", "app"],
    ] {
        let mlterm = [("MLTERM", "3.9.0")];
        let env: &[(&str, &str)] = if args[2] == "app" { &mlterm } else { &[] };
        let mut t = Reader::start(args, env, 80, 24);
        assert_eq!(t.wait_exit().exit_code(), 0);
        assert!(
            qari_pty::find_from(&t.output, b"\x1b[8l", 0).is_none(),
            "{args:?}"
        );
        assert!(
            qari_pty::find_from(&t.output, b"\x1b]5379", 0).is_none(),
            "{args:?}"
        );
        assert!(t.text().contains("\u{202B}"), "{args:?}: no embedding");
    }
}

/// In kitty (named by TERM; nobody answers the probe here) a dump to the
/// terminal goes out with each Arabic word reversed for kitty's shaping and
/// without harakat, which kitty 0.26 draws a cell off.
#[test]
fn kitty_gets_reversed_words_and_no_harakat() {
    let dump = |term: &str| {
        let mut r = Reader::start(&["--dump", "--width", "60"], &[("TERM", term)], 80, 24);
        assert_eq!(r.wait_exit().exit_code(), 0);
        String::from_utf8_lossy(&r.output).into_owned()
    };
    let plain = dump("xterm-256color");
    let kitty = dump("xterm-kitty");
    let fathatan = '\u{064B}';
    assert!(plain.contains(fathatan), "the article has tanween");
    assert!(!kitty.contains(fathatan), "harakat shown in kitty");
    // «ﺍﻟﻌﺴﻜﺮﻱ» (visual ﻱﺮﻜﺴﻌﻟﺍ) goes to kitty in logical order.
    assert!(plain.contains("ﻱﺮﻜﺴﻌﻟﺍ") && !plain.contains("ﺍﻟﻌﺴﻜﺮﻱ"));
    assert!(kitty.contains("ﺍﻟﻌﺴﻜﺮﻱ"), "{kitty}");
}

/// A scrolled frame (the terminal told to scroll the article's rows, then
/// only what differs written) shows exactly what a frame written whole
/// shows: the same keys go to a reader that scrolls and to one that never
/// does (QARI_SCROLL_REGIONS=0), and their screens are compared.
#[test]
fn scrolled_frames_show_what_unscrolled_ones_show() {
    let start = |env: &[(&str, &str)]| {
        let mut r = Reader::start(&["--bidi", "app", "--fresh"], env, 120, 35);
        r.wait_until("the navigator", |r| r.text().contains(&shown("المحتويات")));
        r
    };
    let mut scrolling = start(&[]);
    let mut plain = start(&[("QARI_SCROLL_REGIONS", "0")]);
    let mut scrolls = 0;
    // Down a row at a time, three rows (the wheel), a page, back up, a
    // section, the FAQ pane opened, more rows.
    let keys: [&[u8]; 12] = [
        b"j",
        b"j",
        b"j",
        b"\x1b[<65;60;10M",
        b"\x1b[6~",
        b"k",
        b"k",
        b"\x1b[5~",
        b"]",
        b"j",
        b"f",
        b"j",
    ];
    for keys in keys {
        let (a, b) = (scrolling.rows(), plain.rows());
        let from = scrolling.output.len();
        scrolling.press(keys);
        plain.press(keys);
        scrolling.wait_until("the moved view", |r| r.rows() != a);
        plain.wait_until("the moved view", |r| r.rows() != b);
        // A scrolling region set and scrolled (CSI top;bottom r, CSI n S/T).
        let written = &scrolling.output[from..];
        if qari_pty::count(written, b"\x1b[r") > 0 {
            scrolls += 1;
        }
        assert_eq!(scrolling.rows(), plain.rows(), "after {keys:?}");
        assert!(
            qari_pty::count(&plain.output, b"\x1b[r") == 0,
            "QARI_SCROLL_REGIONS=0 never scrolls"
        );
    }
    assert!(scrolls >= 5, "the moves by rows were scrolls: {scrolls}");
    for r in [&mut scrolling, &mut plain] {
        r.press(b"q");
        assert!(r.wait_exit().success());
    }
}
