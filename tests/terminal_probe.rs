//! The DECRQM probe against the test acting as the terminal, in a
//! pseudo-terminal (see tests/terminal_pty): the answer, the DA1 sentinel
//! ending the wait early, raw mode turned off again, and no reply byte left
//! for the event loop.
#![cfg(unix)]

mod terminal_pty;

use std::time::Duration;
use terminal_pty::{PtyChild, find_from};

/// The child's entry point (see tests/terminal_pty).
#[test]
fn smoke_child() {
    terminal_pty::child_entry();
}

/// The probe's report line: (answer, elapsed ms, raw left on, leftover).
fn probe_report(p: &mut PtyChild) -> (String, u128, bool, bool) {
    let start = p.wait_for(b"PROBE=");
    let end = find_from(&p.output, b";", start).map_or(p.output.len(), |e| e);
    let line = String::from_utf8_lossy(&p.output[start..end]).into_owned();
    let field = |name: &str| {
        line.split(' ')
            .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
            .unwrap_or_else(|| panic!("no {name} in {line}"))
            .to_owned()
    };
    let elapsed = field("ELAPSED_MS").parse().expect("ms");
    (
        field("PROBE"),
        elapsed,
        field("RAW") == "true",
        field("LEFTOVER") == "true",
    )
}

#[test]
fn probe_reads_the_answer_and_stops_at_the_da1_sentinel() {
    let mut p = PtyChild::spawn("probe:20000");
    p.wait_for(qari::terminal::sequences::PROBE_QUERY.as_bytes());
    p.send(b"\x1b[8;2$y\x1b[?62;22c");
    let (answer, elapsed, raw, leftover) = probe_report(&mut p);
    assert_eq!(answer, "Reset");
    assert!(elapsed < 20_000, "waited for the timeout: {elapsed} ms");
    assert!(!raw, "raw mode left on");
    assert!(!leftover, "reply bytes left for the event loop");
    assert_eq!(p.wait_exit().exit_code(), 0, "{}", p.text());
}

#[test]
fn probe_reads_on_to_da1_when_the_replies_come_apart() {
    // A probe that stopped at the DECRQM reply would leave the DA1 reply
    // for the event loop; the child's LEFTOVER check sees it.
    let mut p = PtyChild::spawn("probe:20000");
    p.wait_for(qari::terminal::sequences::PROBE_QUERY.as_bytes());
    p.send(b"\x1b[8;1$y");
    // A slow terminal: the gap is the stimulus, not a synchronisation (a
    // correct probe passes with any gap), so that the two replies reach
    // the child in separate reads.
    std::thread::sleep(Duration::from_millis(100));
    p.send(b"\x1b[?62;22c");
    let (answer, _, raw, leftover) = probe_report(&mut p);
    assert_eq!(answer, "Set");
    assert!(!raw && !leftover, "raw {raw}, leftover {leftover}");
    assert_eq!(p.wait_exit().exit_code(), 0, "{}", p.text());
}

#[test]
fn probe_of_a_terminal_without_bdsm_ends_on_da1() {
    let mut p = PtyChild::spawn("probe:20000");
    p.wait_for(b"\x1b[c");
    p.send(b"\x1b[?1;2c");
    let (answer, elapsed, raw, leftover) = probe_report(&mut p);
    assert_eq!(answer, "NoReply");
    assert!(elapsed < 20_000, "waited for the timeout: {elapsed} ms");
    assert!(!raw && !leftover);
    assert_eq!(p.wait_exit().exit_code(), 0, "{}", p.text());
}

#[test]
fn probe_of_a_silent_terminal_gives_up_at_the_timeout() {
    let mut p = PtyChild::spawn("probe:300");
    let (answer, elapsed, raw, _) = probe_report(&mut p);
    assert_eq!(answer, "NoReply");
    assert!(elapsed >= 300, "returned before the timeout: {elapsed} ms");
    assert!(!raw);
    assert_eq!(p.wait_exit().exit_code(), 0, "{}", p.text());
}
