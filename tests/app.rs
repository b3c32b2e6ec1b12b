//! The reader's state machine driven without a terminal: keys and mouse
//! events in, state out.

use crossterm::event::{KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use qari::app::mouse::action_for_mouse;
use qari::app::{Action, App, AppOptions, Mode, Pane, update};
use qari::doc::{HEADING, Part};

mod reader;

use reader::{app, bundled, first_text_anchor, keys, press, whole};

fn top_part(app: &App) -> Part {
    app.current_part()
}

#[test]
fn opens_with_every_answer_closed_and_the_article_focused() {
    let a = app(120, 35);
    assert_eq!(a.faq.open, [false, false]);
    assert_eq!(a.focus, Pane::Article);
    assert!(a.nav_shown() && a.faq_shown());
    assert_eq!(a.article_scroll(), 0);
}

#[test]
fn panes_fold_on_narrow_terminals() {
    let a = app(80, 24);
    assert!(a.nav_shown() && !a.faq_shown());
    let b = app(50, 20);
    assert!(!b.nav_shown() && !b.faq_shown());
}

#[test]
fn next_and_previous_section() {
    let mut a = app(120, 35);
    keys(&mut a, "]");
    assert_eq!(top_part(&a), Part::Section(1));
    let heading = whole(&a)
        .first_row_of(Part::Section(1))
        .expect("heading row");
    assert_eq!(a.article_scroll(), heading);
    assert_eq!(
        a.nav.entries[a.current_nav_entry()].label.to_plain(),
        "مباحثات ثنائية"
    );
    keys(&mut a, "]");
    assert_eq!(top_part(&a), Part::Section(2));
    keys(&mut a, "[[");
    assert_eq!(a.article_scroll(), 0);
}

#[test]
fn digits_jump_to_the_nth_section() {
    let mut a = app(120, 35);
    keys(&mut a, "3");
    assert_eq!(top_part(&a), Part::Section(2));
    keys(&mut a, "1");
    assert_eq!(a.article_scroll(), 0);
    keys(&mut a, "9");
    assert_eq!(a.article_scroll(), 0, "no ninth section: nothing happens");
}

#[test]
fn scrolling_keys() {
    let mut a = app(120, 35);
    keys(&mut a, "jjj");
    assert_eq!(a.article_scroll(), 3);
    keys(&mut a, "k");
    assert_eq!(a.article_scroll(), 2);
    keys(&mut a, "G");
    assert_eq!(a.article_scroll(), a.max_article_scroll());
    assert!(a.max_article_scroll() > 0);
    keys(&mut a, "g");
    assert_eq!(a.article_scroll(), 0);
    press(&mut a, KeyCode::PageDown);
    assert_eq!(a.article_scroll(), a.article_view.height - 1);
    keys(&mut a, "b");
    assert_eq!(a.article_scroll(), 0);
}

#[test]
fn faq_answers_toggle_open_all_close_all() {
    let mut a = app(120, 35);
    let closed_rows = a.faq.composed.rows.len();
    press(&mut a, KeyCode::Tab);
    assert_eq!(a.focus, Pane::Faq);
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.faq.open, [true, false]);
    assert!(a.faq.composed.rows.len() > closed_rows);
    keys(&mut a, "j ");
    assert_eq!(a.faq.open, [true, true]);
    keys(&mut a, "c");
    assert_eq!(a.faq.open, [false, false]);
    keys(&mut a, "o");
    assert_eq!(a.faq.open, [true, true]);
}

#[test]
fn navigator_selection_jumps_and_questions_open() {
    let mut a = app(120, 35);
    press(&mut a, KeyCode::BackTab);
    assert_eq!(a.focus, Pane::Nav);
    keys(&mut a, "jj");
    press(&mut a, KeyCode::Enter);
    assert_eq!(top_part(&a), Part::Section(2));
    assert_eq!(a.focus, Pane::Article);
    // Choose the second question: its answer opens and the FAQ takes focus.
    press(&mut a, KeyCode::BackTab);
    keys(&mut a, "G");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.faq.open, [false, true]);
    assert_eq!((a.focus, a.faq.selected), (Pane::Faq, 1));
}

#[test]
fn scroll_spy_follows_the_article() {
    let mut a = app(120, 35);
    let before = a.nav.selected;
    keys(&mut a, "2");
    assert_ne!(a.nav.selected, before);
    assert_eq!(a.nav.selected, a.current_nav_entry());
}

#[test]
fn resize_keeps_the_paragraph() {
    let mut a = app(120, 35);
    keys(&mut a, "3jjjj");
    let anchor = a.visible_rows().next().expect("top row").anchor;
    update(&mut a, Action::Resize(60, 20));
    let now = a.visible_rows().next().expect("top row").anchor;
    assert_eq!((now.part, now.block), (anchor.part, anchor.block));
    // 60 columns: the navigator (22) stays docked; 38 - 2 borders - 1 scrollbar.
    assert_eq!(a.rects.article_text.width, 35);
}

#[test]
fn esc_closes_help_then_quits() {
    let mut a = app(120, 35);
    keys(&mut a, "?");
    assert_eq!(a.mode, Mode::Help);
    keys(&mut a, "j");
    assert_eq!(a.article_scroll(), 0, "keys other than closing are ignored");
    press(&mut a, KeyCode::Esc);
    assert!(a.mode == Mode::Reading && !a.quit);
    press(&mut a, KeyCode::Esc);
    assert!(a.quit);
}

#[test]
fn narrow_navigator_overlay_closes_after_a_jump() {
    let mut a = app(50, 20);
    keys(&mut a, "t");
    assert!(a.nav_shown() && a.rects.nav_overlay);
    assert_eq!(a.focus, Pane::Nav);
    keys(&mut a, "j");
    press(&mut a, KeyCode::Enter);
    assert!(!a.nav_shown());
    assert_eq!(top_part(&a), Part::Section(1));
}

#[test]
fn narrow_faq_opens_above_the_article_and_esc_folds_it() {
    let mut a = app(80, 24);
    keys(&mut a, "f");
    assert!(a.faq_shown());
    let faq = a.rects.faq.expect("faq rect");
    assert_eq!(faq.y, 0);
    assert!(a.rects.article.y >= faq.bottom());
    press(&mut a, KeyCode::Esc);
    assert!(!a.faq_shown() && !a.quit);
}

#[test]
fn mouse_wheel_and_clicks() {
    let mut a = app(120, 35);
    let art = a.rects.article_text;
    let wheel = MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: art.x + 2,
        row: art.y + 2,
        modifiers: KeyModifiers::NONE,
    };
    let act = action_for_mouse(&wheel, &a).expect("wheel action");
    update(&mut a, act);
    assert_eq!(a.article_scroll(), 3);
    // Click the first question in the FAQ pane: it opens.
    let inner = a.rects.faq_inner.expect("faq pane");
    let q = a.faq_question_row(0).expect("question row");
    assert_eq!(a.faq.composed.rows[q].anchor.block, HEADING);
    let click = MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: inner.x + 3,
        row: inner.y + q as u16,
        modifiers: KeyModifiers::NONE,
    };
    let act = action_for_mouse(&click, &a).expect("click action");
    update(&mut a, act);
    assert_eq!(a.faq.open, [true, false]);
    // Click the navigator's third entry (أهمية التعاون).
    let nav = a.rects.nav_inner.expect("nav pane");
    let click = MouseEvent {
        column: nav.x + 2,
        row: nav.y + 2,
        ..click
    };
    let act = action_for_mouse(&click, &a).expect("nav click");
    update(&mut a, act);
    assert_eq!(top_part(&a), Part::Section(2));
}

#[test]
fn v_hides_and_shows_tashkeel_on_the_same_paragraph() {
    let mut a = app(120, 35);
    keys(&mut a, "]jj");
    let before = first_text_anchor(&a);
    // Anywhere in the article, page by page.
    let has_marks = |a: &mut App| {
        keys(a, "g");
        let mut found = false;
        for _ in 0..30 {
            found |= a.visible_rows().any(|r| {
                r.text
                    .chars()
                    .any(|c| ('\u{064B}'..='\u{065F}').contains(&c))
            });
            press(a, KeyCode::PageDown);
        }
        found
    };
    assert!(has_marks(&mut a), "the article has a shadda (مهمّ)");
    keys(&mut a, "v");
    assert!(!has_marks(&mut a), "hidden");
    keys(&mut a, "v");
    assert!(has_marks(&mut a), "shown again");
    keys(&mut a, "g]jjv");
    let after = first_text_anchor(&a);
    assert_eq!((after.part, after.block), (before.part, before.block));
}

#[test]
fn shift_j_justifies_with_kashida_and_back() {
    let mut a = app(120, 35);
    keys(&mut a, "]");
    // RTL rows are padded on the left: a flush row starts with a letter.
    let full = |a: &App| {
        let w = a.article_view.width;
        a.visible_rows()
            .filter(|r| r.width == w && !r.text.starts_with(' '))
            .count()
    };
    let tatweel = |a: &App| a.visible_rows().any(|r| r.text.contains('\u{0640}'));
    let (before, had_tatweel) = (full(&a), tatweel(&a));
    keys(&mut a, "J");
    assert!(
        full(&a) > before + 5,
        "{} full-width rows, {before} before",
        full(&a)
    );
    assert!(tatweel(&a) && !had_tatweel, "kashida inserted");
    keys(&mut a, "J");
    assert_eq!(full(&a), before);
}

#[test]
fn help_shows_keys_from_the_config_file() {
    let (config, _) =
        qari::config::parse("[keys]\nnext_section = [\"L\"]\n", "c.toml").expect("config");
    let opts = AppOptions {
        keymap: config.keymap,
        ui_lang: Some(qari::labels::UiLang::En),
        ..AppOptions::default()
    };
    let a = App::new(bundled(), opts, (120, 40));
    let lines = qari::ui::help_lines(&a);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("\u{2066}L\u{2069}") && l.contains("next section")),
        "{lines:?}"
    );
}

/// The help overlay's lines in English (the Arabic ones are in the
/// `help_overlay` screen snapshot): generated from the key table.
#[test]
fn help_lines_in_english() {
    let opts = AppOptions {
        ui_lang: Some(qari::labels::UiLang::En),
        bidi_note: "app".into(),
        ..AppOptions::default()
    };
    let a = App::new(bundled(), opts, (120, 40));
    insta::assert_snapshot!(qari::ui::help_lines(&a).join("\n"));
}

/// The navigator's rows for `src` (Markdown) at 120×35, by entry label.
fn nav_rows(src: &str) -> (usize, Vec<(String, u8, String, usize)>) {
    let a = reader::reader(qari::import::markdown::parse(src), 120, 35);
    let width = a.nav.rows_width;
    let rows = (0..a.nav.entries.len())
        .map(|i| {
            let e = &a.nav.entries[i];
            let row = a.nav.rows.get(&i).expect("visible entry composed");
            (e.label.to_plain(), e.depth, row.text.clone(), row.width)
        })
        .collect();
    (width, rows)
}

#[test]
fn navigator_indents_deeper_headings_on_the_reading_start_side() {
    let (_, ltr) = nav_rows(
        "# Title\n\n## Two\n\nx\n\n### Three\n\nx\n\n#### Four\n\nx\n\n##### Five\n\nx\n\n## Next\n\nx\n",
    );
    let shown: Vec<(&str, u8, &str)> = ltr
        .iter()
        .map(|(l, d, t, _)| (l.as_str(), *d, t.as_str()))
        .collect();
    assert_eq!(
        shown,
        [
            ("Title", 0, "Title"),
            ("Two", 0, "Two"),
            ("Three", 1, "├ Three"),
            ("Four", 2, "  ├ Four"),
            ("Five", 2, "  └ Five"),
            ("Next", 0, "Next"),
        ]
    );
    // Right to left: the glyphs mirrored on the right, the indent a blank
    // margin on the right (the row ends that many cells short).
    let (width, rtl) =
        nav_rows("# عنوان\n\n## ثان\n\nنص\n\n### ثالث\n\nنص\n\n#### رابع\n\nنص\n\n## تال\n\nنص\n");
    let depth: Vec<u8> = rtl.iter().map(|r| r.1).collect();
    assert_eq!(depth, [0, 0, 1, 2, 0]);
    for (label, d, text, w) in &rtl {
        let indent = usize::from(d.saturating_sub(1)) * 2;
        assert_eq!(*w, width - indent, "{label}: {text:?}");
    }
    assert!(rtl[2].2.ends_with(" ┤"), "{:?}", rtl[2]);
    assert!(rtl[3].2.ends_with(" ┘"), "{:?}", rtl[3]);
    assert!(!rtl[1].2.ends_with('┤') && !rtl[4].2.ends_with('┘'));
}

#[test]
fn section_keys_and_scroll_spy_follow_nested_headings() {
    // Sections longer than the screen, so that each can be at the top.
    let body = "نص يملأ الشاشة.\n\n".repeat(40);
    let src = format!(
        "# عنوان\n\n## أول\n\n{body}### فرعي\n\n{body}#### أعمق\n\n{body}## أخير\n\n{body}"
    );
    let mut a = reader::reader(qari::import::markdown::parse(&src), 120, 35);
    for (k, label) in ["أول", "فرعي", "أعمق", "أخير"].into_iter().enumerate() {
        keys(&mut a, "]");
        assert_eq!(top_part(&a), Part::Section(k));
        assert_eq!(a.nav.entries[a.current_nav_entry()].label.to_plain(), label);
    }
}

#[test]
fn code_is_shown_plain_at_once_and_in_colour_once_its_grammar_is_warm() {
    use qari::doc::Token;
    use qari::import::{Format, load_bytes};
    let md = "# كود\n\nمثال:\n\n```rust\nfn main() {\n    let x = 1;\n}\n```\n";
    let article = load_bytes(md.as_bytes(), Format::Markdown, "code.md").expect("markdown");
    let mut a = reader::reader(article, 80, 20);
    let keyword_rows = |a: &App| {
        a.visible_rows()
            .filter(|r| r.runs.iter().any(|run| run.token == Some(Token::Keyword)))
            .count()
    };
    // No other test of this binary uses Rust: its grammar is cold, the
    // first frame does not wait for it.
    assert_eq!(
        keyword_rows(&a),
        0,
        "the first frame waited for the grammar"
    );
    let start = std::time::Instant::now();
    while a.is_warming_syntaxes() {
        assert!(start.elapsed().as_secs() < 30, "warm-up never ended");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let top = a.article_scroll();
    assert!(a.absorb_syntaxes(), "the warm-up asks for a redraw");
    assert_eq!(a.article_scroll(), top, "colours moved nothing");
    assert_eq!(keyword_rows(&a), 2, "fn and let coloured");
    assert!(!a.absorb_syntaxes(), "once");
}

#[test]
fn a_document_that_grows_keeps_the_view_the_search_and_the_bookmarks() {
    use qari::import::{Format, load_bytes};
    let md: String = (1..=30)
        .map(|i| {
            format!(
                "## الفصل {i}\n\nفقرة أولى في الفصل {i} عن الكتاب.\n\nفقرة ثانية في الفصل {i}.\n\n"
            )
        })
        .collect();
    let md = format!("# كتاب\n\n{md}");
    let whole = load_bytes(md.as_bytes(), Format::Markdown, "book.md").expect("book");
    let mut first = whole.clone();
    first.sections.truncate(10);
    let mut a = reader::reader(first, 100, 20);
    keys(&mut a, "]]]jj");
    keys(&mut a, "m");
    press(&mut a, KeyCode::Char('/'));
    keys(&mut a, "الكتاب");
    press(&mut a, KeyCode::Enter);
    keys(&mut a, "n");
    let top = a.article_view.top;
    let screen: Vec<String> = a.visible_rows().map(|r| r.text.clone()).collect();
    let current = a.search.as_ref().and_then(|s| s.current);
    let rows_before = a.article_rows();
    let nav_before = a.nav.entries.len();

    a.grow(whole);

    assert_eq!(a.article_view.top, top);
    let after: Vec<String> = a.visible_rows().map(|r| r.text.clone()).collect();
    assert_eq!(after, screen, "nothing on screen moved");
    assert_eq!(a.bookmarks.len(), 1);
    let s = a.search.as_ref().expect("the search stays");
    assert_eq!(s.current, current);
    assert_eq!(s.total, 30, "and now counts the whole book");
    assert!(a.article_rows() > rows_before);
    assert!(a.nav.entries.len() > nav_before);
}

#[test]
fn a_search_that_found_nothing_yet_goes_on_into_the_rest() {
    use qari::import::{Format, load_bytes};
    let md: String = (1..=30)
        .map(|i| {
            let word = if i == 25 {
                "الخاتمة"
            } else {
                "الكتاب"
            };
            format!("## الفصل {i}\n\nفقرة في الفصل {i} عن {word}.\n\n")
        })
        .collect();
    let whole = load_bytes(
        format!("# كتاب\n\n{md}").as_bytes(),
        Format::Markdown,
        "b.md",
    )
    .expect("book");
    let mut first = whole.clone();
    first.sections.truncate(10);
    let mut a = reader::reader(first, 100, 20);
    a.partial = Some(0.3);
    press(&mut a, KeyCode::Char('/'));
    keys(&mut a, "الخاتمة");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.search.as_ref().map(|s| s.total), Some(0));
    a.grow(whole);
    let s = a.search.as_ref().expect("the search");
    assert_eq!((s.total, s.current), (1, Some(0)));
    // And it is on screen.
    assert!(
        a.visible_rows()
            .any(|r| r.runs.iter().any(|run| run.hit == qari::doc::Hit::Current))
    );
}

/// The picker of recent documents (`O`) on a list the loop would have read.
mod recent_picker {
    use super::*;
    use qari::app::recent::{Listed, RecentRequest};
    use qari::recent::{Entry, Location};
    use std::path::PathBuf;

    fn listed(title: &str, path: &str, missing: bool) -> Listed {
        Listed {
            entry: Entry::new(title, Location::File(PathBuf::from(path)), 1_000),
            missing,
        }
    }

    /// A reader with the picker open on three documents.
    fn picker() -> App {
        let mut a = app(120, 35);
        keys(&mut a, "O");
        assert_eq!(a.recent_request.take(), Some(RecentRequest::List));
        assert_eq!(
            a.mode,
            Mode::Reading,
            "open once the loop has read the list"
        );
        a.show_recent(
            Ok(vec![
                listed("تعزيز الأمن الإقليمي", "/docs/amn.md", false),
                listed("Notes on Rust", "/docs/rust.md", false),
                listed("مقالة محذوفة", "/gone/old.md", true),
            ]),
            2_000,
        );
        a
    }

    fn titles(a: &App) -> Vec<String> {
        let p = a.mode.recent().expect("the picker is open");
        p.shown()
            .into_iter()
            .map(|i| p.entries[i].entry.title.clone())
            .collect()
    }

    #[test]
    fn o_asks_for_the_list_and_an_empty_one_is_said() {
        let mut a = app(120, 35);
        keys(&mut a, "O");
        assert_eq!(a.recent_request, Some(RecentRequest::List));
        a.show_recent(Ok(Vec::new()), 0);
        assert_eq!(a.mode, Mode::Reading);
        assert_eq!(a.message.as_deref(), Some(a.labels.no_recent));
        a.show_recent(Err("qari: recent.json is not a qari state file".into()), 0);
        assert!(
            a.message
                .as_deref()
                .is_some_and(|m| m.contains("recent.json"))
        );
    }

    #[test]
    fn the_filter_reads_arabic_as_search_does() {
        let mut a = picker();
        assert_eq!(titles(&a).len(), 3);
        // Without the hamza, as search matches.
        keys(&mut a, "/الامن");
        assert_eq!(titles(&a), ["تعزيز الأمن الإقليمي"]);
        press(&mut a, KeyCode::Backspace);
        press(&mut a, KeyCode::Backspace);
        press(&mut a, KeyCode::Backspace);
        press(&mut a, KeyCode::Backspace);
        press(&mut a, KeyCode::Backspace);
        // Letters are typed into the filter, not taken as keys.
        keys(&mut a, "rust");
        assert_eq!(titles(&a), ["Notes on Rust"]);
        press(&mut a, KeyCode::Enter);
        assert_eq!(
            a.open_request,
            Some(qari::app::links::OpenRequest {
                path: PathBuf::from("/docs/rust.md"),
                fragment: None,
                url: None,
                remember: true,
            })
        );
        assert_eq!(a.mode, Mode::Reading);
    }

    #[test]
    fn enter_asks_to_open_the_selected_document() {
        let mut a = picker();
        let said = |a: &App| a.message.clone().unwrap_or_default();
        assert_eq!(said(&a), "\u{2068}/docs/amn.md\u{2069}", "where it is");
        keys(&mut a, "j");
        assert!(said(&a).contains("/docs/rust.md"));
        press(&mut a, KeyCode::Enter);
        let request = a.open_request.take().expect("an open request");
        assert_eq!(request.path, PathBuf::from("/docs/rust.md"));
        assert!(request.remember && request.url.is_none());
    }

    #[test]
    fn d_forgets_the_selected_document() {
        let mut a = picker();
        keys(&mut a, "jd");
        assert_eq!(
            a.recent_request.take(),
            Some(RecentRequest::Forget(Location::File(
                "/docs/rust.md".into()
            )))
        );
        assert_eq!(titles(&a), ["تعزيز الأمن الإقليمي", "مقالة محذوفة"]);
        keys(&mut a, "dd");
        assert_eq!(a.mode, Mode::Reading, "nothing left: closed");
        assert_eq!(a.message.as_deref(), Some(a.labels.no_recent));
    }

    #[test]
    fn a_missing_file_is_said_and_not_opened() {
        let mut a = picker();
        keys(&mut a, "G");
        keys(&mut a, "jj");
        press(&mut a, KeyCode::Enter);
        assert_eq!(a.open_request, None);
        let message = a.message.clone().expect("said on the status line");
        assert!(message.contains("/gone/old.md"), "{message}");
        assert!(message.starts_with(a.labels.missing), "{message}");
        assert!(a.mode.recent().is_some(), "still open, to forget it with d");
    }

    #[test]
    fn esc_and_o_close_the_picker() {
        let mut a = picker();
        press(&mut a, KeyCode::Esc);
        assert_eq!(a.mode, Mode::Reading);
        assert!(!a.quit);
        let mut a = picker();
        keys(&mut a, "O");
        assert_eq!(a.mode, Mode::Reading);
        // Esc in the filter clears it and keeps the picker.
        let mut a = picker();
        keys(&mut a, "/x");
        assert!(titles(&a).is_empty());
        press(&mut a, KeyCode::Esc);
        assert_eq!(titles(&a).len(), 3);
        press(&mut a, KeyCode::Esc);
        assert_eq!(a.mode, Mode::Reading);
    }
}

/// Choosing the document being read closes the picker and opens nothing.
#[test]
fn the_recent_document_being_read_is_not_opened_again() {
    use qari::app::recent::{Listed, Remembered};
    use qari::recent::{Entry, Location};
    let here = Location::File("/docs/here.md".into());
    let mut a = app(120, 35);
    a.remembered = Some(Remembered {
        key: "k".into(),
        url_key: None,
        save_state: true,
        location: Some(here.clone()),
    });
    a.show_recent(
        Ok(vec![Listed {
            entry: Entry::new("here", here, 0),
            missing: false,
        }]),
        0,
    );
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.mode, Mode::Reading);
    assert_eq!(a.open_request, None);
}

/// The home document — the one whose reading is saved — is the one chosen
/// from the recent documents while it or a document linked from it is
/// read, and the first one again once `Backspace` has left it.
#[test]
fn a_document_chosen_from_the_recent_ones_becomes_home() {
    use qari::app::links::OpenRequest;
    use qari::app::recent::Remembered;
    let remembered = |key: &str| Remembered {
        key: key.into(),
        url_key: None,
        save_state: true,
        location: None,
    };
    let doc = |title: &str| qari::import::markdown::parse(&format!("# {title}\n\nText.\n"));
    let home_title = |a: &App| a.home().article.title.to_plain();
    let mut a = app(120, 35);
    a.remembered = Some(remembered("first"));
    let request = |remember| OpenRequest {
        path: "/x.md".into(),
        remember,
        ..OpenRequest::default()
    };
    // A link: the first document stays home.
    a.open_document(doc("Linked"), &request(false));
    assert_eq!(home_title(&a), bundled().title.to_plain());
    // Chosen from the picker (the loop sets what it is remembered under).
    a.open_document(doc("Chosen"), &request(true));
    a.remembered = Some(remembered("chosen"));
    assert_eq!(home_title(&a), "Chosen");
    // A link from it: it stays home.
    a.open_document(doc("Deeper"), &request(false));
    assert_eq!(home_title(&a), "Chosen");
    press(&mut a, KeyCode::Backspace);
    assert_eq!(home_title(&a), "Chosen");
    press(&mut a, KeyCode::Backspace);
    assert_eq!(a.article.title.to_plain(), "Linked");
    assert_eq!(
        home_title(&a),
        bundled().title.to_plain(),
        "left: home again"
    );
}
