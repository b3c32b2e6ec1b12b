//! OSC 8 hyperlinks ride on cell symbols (see `ui::hyperlink`). A frame
//! goes through ratatui's diff and crossterm's backend into bytes, which a
//! terminal emulator (vt100) reads: the screen must be the same as without
//! hyperlinks (no width miscounted for a symbol holding the sequence), and
//! each link's cells, and only they, must be opened and closed.

use qari::app::{Action, App, AppOptions, update};
use qari::ui::{draw, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::backend::{Backend, TestBackend};
use ratatui::buffer::Buffer;

const W: u16 = 90;
const H: u16 = 16;

const DOC: &str = "# T\n\nنص فيه [رابط هنا](https://example.com/a?b=ق) \
                   و[محلي](other.md) و[خطر](<https://x/\u{1b}]0;pwn\u{7}>) و[سيئ](javascript:alert(1)) نهاية.\n\n\
                   English [link](http://e.example/x) and [中文](https://zh.example) end.\n\n\
                   Line three.\n\nLine four.\n\nLine five.\n\nLine six.\n\nLine seven.\n\nLine 8.\n\nLine 9.\n";

fn app(hyperlinks: bool) -> App {
    let opts = AppOptions {
        hyperlinks,
        ..AppOptions::default()
    };
    App::new(qari::import::markdown::parse(DOC), opts, (W, H))
}

fn frame(app: &App) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(W, H)).expect("terminal");
    term.draw(|f| draw(f, app, &Theme::mono())).expect("draw");
    term.backend().buffer().clone()
}

/// The bytes crossterm writes to go from `prev` to `next`.
fn bytes(prev: &Buffer, next: &Buffer) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut backend = CrosstermBackend::new(&mut out);
        backend.draw(prev.diff(next).into_iter()).expect("draw");
        Backend::flush(&mut backend).expect("flush");
    }
    out
}

/// Where each OSC 8 opened (row, column, URL) and closed (URL empty).
#[derive(Default)]
struct Links(Vec<(u16, u16, String)>);

impl vt100::Callbacks for Links {
    fn unhandled_osc(&mut self, screen: &mut vt100::Screen, params: &[&[u8]]) {
        if params.first() == Some(&&b"8"[..]) {
            let (row, col) = screen.cursor_position();
            let url = String::from_utf8_lossy(params.get(2).copied().unwrap_or_default());
            self.0.push((row, col, url.into_owned()));
        }
    }
}

fn parser() -> vt100::Parser<Links> {
    let n = |v: u16| std::num::NonZeroU16::new(v).expect("size");
    vt100::Parser::new_with_callbacks(n(H), n(W), 0, Links::default())
}

fn screen_text(p: &vt100::Parser<Links>) -> Vec<String> {
    p.screen().rows(0, W).collect()
}

/// The cells each link covers: every open is closed on the next column
/// (one character, or a wide one two columns on), nothing in between.
fn linked_cells(events: &[(u16, u16, String)]) -> Vec<(u16, u16, String)> {
    let mut cells = Vec::new();
    for pair in events.chunks(2) {
        let [(r, c, url), (r2, c2, close)] = pair else {
            panic!("an open without its close: {pair:?}");
        };
        assert!(!url.is_empty() && close.is_empty(), "{pair:?}");
        assert_eq!(r, r2);
        assert!(*c2 == c + 1 || *c2 == c + 2, "{pair:?}");
        cells.push((*r, *c, url.clone()));
    }
    cells
}

#[test]
fn hyperlinks_change_no_cell_and_cover_exactly_the_links() {
    let plain = frame(&app(false));
    let linked = frame(&app(true));
    let empty = Buffer::empty(plain.area);
    let mut without = parser();
    without.process(&bytes(&empty, &plain));
    let mut with = parser();
    let out = bytes(&empty, &linked);
    with.process(&out);
    assert_eq!(screen_text(&with), screen_text(&without));
    // Cell by cell, wide characters included.
    for row in 0..H {
        for col in 0..W {
            let a = with
                .screen()
                .cell(row, col)
                .map(|c| c.contents().to_owned());
            let b = without
                .screen()
                .cell(row, col)
                .map(|c| c.contents().to_owned());
            assert_eq!(a, b, "cell {row},{col}");
        }
    }
    let cells = linked_cells(&with.callbacks().0);
    let urls: std::collections::BTreeSet<&str> = cells.iter().map(|c| c.2.as_str()).collect();
    assert_eq!(
        urls.into_iter().collect::<Vec<_>>(),
        [
            "http://e.example/x",
            "https://example.com/a?b=%D9%82",
            "https://zh.example"
        ]
    );
    let count = |u: &str| cells.iter().filter(|c| c.2 == u).count();
    assert_eq!(
        count("https://example.com/a?b=%D9%82"),
        "رابط هنا".chars().count()
    );
    assert_eq!(count("https://zh.example"), 2, "中文: two wide cells");
    // «link» is exactly where the plain screen shows it.
    let rows = screen_text(&without);
    let (r, line) = rows
        .iter()
        .enumerate()
        .find(|(_, l)| l.contains("English link"))
        .expect("English row");
    let col = line[..line.find("link").expect("link")].chars().count() as u16;
    let english: Vec<(u16, u16)> = cells
        .iter()
        .filter(|c| c.2 == "http://e.example/x")
        .map(|c| (c.0, c.1))
        .collect();
    assert_eq!(
        english,
        (col..col + 4).map(|c| (r as u16, c)).collect::<Vec<_>>()
    );
    // Nothing of the document's hostile target reaches the terminal.
    let text = String::from_utf8_lossy(&out);
    assert!(!text.contains("pwn") || !text.contains("\u{1b}]0;"));
    assert!(!text.contains("javascript"));
    assert!(!text.contains("\u{7}"));
}

/// Frames after the first send only what changed: scrolling and an
/// overlay over the links leave the screen as a fresh draw without links.
#[test]
fn diffs_over_linked_cells_stay_in_place() {
    let (mut a, mut b) = (app(true), app(false));
    let mut with = parser();
    let mut without = parser();
    let mut prev = (Buffer::empty(frame(&a).area), Buffer::empty(frame(&b).area));
    for action in [
        None,
        Some(Action::Down),
        Some(Action::ToggleHelp),
        Some(Action::ToggleHelp),
        Some(Action::Up),
        Some(Action::Bottom),
    ] {
        if let Some(action) = action {
            update(&mut a, action);
            update(&mut b, action);
        }
        let (fa, fb) = (frame(&a), frame(&b));
        with.process(&bytes(&prev.0, &fa));
        without.process(&bytes(&prev.1, &fb));
        assert_eq!(
            screen_text(&with),
            screen_text(&without),
            "after {action:?}"
        );
        prev = (fa, fb);
    }
}

/// Composed runs carry their link's target, in paragraphs and table
/// cells alike; text outside links carries none.
#[test]
fn composed_runs_carry_link_targets() {
    use qari::doc::{ComposeOptions, FaqMode, compose_article};
    let article = qari::import::markdown::parse(
        "# T\n\nA [b](https://b.example) c.\n\n| h |\n|---|\n| [d](https://d.example) e |\n",
    );
    let opts = ComposeOptions {
        width: 40,
        layout: qari::text::LayoutOptions::default(),
        labels: qari::labels::Labels::of(qari::labels::UiLang::En),
        faq: FaqMode::Omit,
        link_refs: false,
        syntax: qari::doc::SyntaxColors::Wait,
    };
    let rows = compose_article(&article, &opts).rows;
    let linked: Vec<(String, String)> = rows
        .iter()
        .flat_map(|r| {
            r.runs.iter().filter_map(|run| {
                let link = run.link.as_deref()?;
                Some((r.text[run.range.clone()].to_owned(), link.to_owned()))
            })
        })
        .collect();
    assert_eq!(
        linked,
        [
            ("b".to_owned(), "https://b.example".to_owned()),
            ("d".to_owned(), "https://d.example".to_owned())
        ]
    );
}
