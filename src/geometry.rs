//! The screen's geometry: where each pane goes, as a pure function of the
//! terminal size, the article's direction and what is shown. Below both
//! `app` (which keeps the rectangles for scrolling and mouse hit-tests) and
//! `ui` (which draws in them). RTL mirrors the layout: navigator on
//! the right, FAQ on the left; LTR the other way round.

use crate::text::Direction;
use ratatui::layout::Rect;

/// Below this width the FAQ pane is folded (it opens above the article).
pub const FAQ_MIN_COLS: u16 = 100;
/// Below this width the navigator is folded (it opens as an overlay).
pub const NAV_MIN_COLS: u16 = 60;

/// The computed rectangles of one frame.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rects {
    /// The navigator with its border, when shown.
    pub nav: Option<Rect>,
    /// Inside the navigator's border.
    pub nav_inner: Option<Rect>,
    /// The navigator floats over the article (narrow terminals).
    pub nav_overlay: bool,
    /// The article pane with its border.
    pub article: Rect,
    /// Where article rows are drawn (centred column of at most max width).
    pub article_text: Rect,
    /// The article's scrollbar column (left for RTL, right for LTR).
    pub scrollbar: Rect,
    /// The FAQ pane with its border, when shown.
    pub faq: Option<Rect>,
    /// Inside the FAQ pane's border.
    pub faq_inner: Option<Rect>,
    /// The status line.
    pub status: Rect,
}

fn inner(r: Rect) -> Rect {
    Rect {
        x: r.x.saturating_add(1),
        y: r.y.saturating_add(1),
        width: r.width.saturating_sub(2),
        height: r.height.saturating_sub(2),
    }
}

/// Takes `width` columns from the left or right edge of `area`.
fn carve(area: &mut Rect, width: u16, from_right: bool) -> Rect {
    let width = width.min(area.width);
    area.width -= width;
    if from_right {
        Rect {
            x: area.x + area.width,
            width,
            ..*area
        }
    } else {
        let taken = Rect { width, ..*area };
        area.x += width;
        taken
    }
}

/// Lays out a `size` terminal.
pub fn compute(
    size: (u16, u16),
    dir: Direction,
    nav_shown: bool,
    faq_shown: bool,
    max_width: usize,
) -> Rects {
    let (w, h) = size;
    let rtl = dir.is_rtl();
    let status = Rect::new(0, h.saturating_sub(1), w, h.min(1));
    let mut body = Rect::new(0, 0, w, h.saturating_sub(1));
    let mut rects = Rects {
        status,
        ..Rects::default()
    };
    if nav_shown && w >= NAV_MIN_COLS {
        let nav = carve(&mut body, (w / 5).clamp(22, 32), rtl);
        rects.nav = Some(nav);
    }
    if faq_shown && w >= FAQ_MIN_COLS {
        let faq = carve(&mut body, (w * 3 / 10).clamp(28, 44), !rtl);
        rects.faq = Some(faq);
    } else if faq_shown {
        // Folded: above the article, at most half the height.
        let faq_h = (body.height / 2).max(3.min(body.height));
        rects.faq = Some(Rect {
            height: faq_h,
            ..body
        });
        body.y += faq_h;
        body.height -= faq_h;
    }
    if nav_shown && rects.nav.is_none() {
        let width = w.min(34);
        let x = if rtl { w - width } else { 0 };
        rects.nav = Some(Rect::new(x, 0, width, h.saturating_sub(1)));
        rects.nav_overlay = true;
    }
    rects.article = body;
    let mut text = inner(body);
    rects.scrollbar = carve(&mut text, 1, !rtl);
    let text_width = text.width.min(u16::try_from(max_width).unwrap_or(u16::MAX));
    text.x += (text.width - text_width) / 2;
    text.width = text_width;
    rects.article_text = text;
    rects.nav_inner = rects.nav.map(inner);
    rects.faq_inner = rects.faq.map(inner);
    rects
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_rtl_puts_nav_right_faq_left() {
        let r = compute((120, 35), Direction::Rtl, true, true, 80);
        let (nav, faq) = (r.nav.unwrap_or_default(), r.faq.unwrap_or_default());
        assert_eq!(nav.right(), 120);
        assert_eq!(faq.x, 0);
        assert!(faq.right() <= r.article.x && r.article.right() <= nav.x);
        assert_eq!(r.status, Rect::new(0, 34, 120, 1));
        // Scrollbar on the left inside the article for RTL.
        assert_eq!(r.scrollbar.x, r.article.x + 1);
    }

    #[test]
    fn wide_ltr_is_the_mirror_image() {
        let r = compute((120, 35), Direction::Ltr, true, true, 80);
        assert_eq!(r.nav.unwrap_or_default().x, 0);
        assert_eq!(r.faq.unwrap_or_default().right(), 120);
        assert_eq!(r.scrollbar.right(), r.article.right() - 1);
    }

    #[test]
    fn article_column_is_capped_and_centred() {
        let r = compute((200, 40), Direction::Rtl, false, false, 80);
        assert_eq!(r.article_text.width, 80);
        let left = r.article_text.x - r.scrollbar.right();
        let right = r.article.right() - 1 - r.article_text.right();
        assert!(left.abs_diff(right) <= 1, "{left} {right}");
    }

    #[test]
    fn faq_folds_above_the_article_below_100_columns() {
        let r = compute((80, 24), Direction::Rtl, true, true, 80);
        let faq = r.faq.unwrap_or_default();
        assert_eq!(
            (faq.y, faq.width),
            (0, 80 - r.nav.unwrap_or_default().width)
        );
        assert_eq!(r.article.y, faq.bottom());
    }

    #[test]
    fn nav_becomes_an_overlay_below_60_columns() {
        let r = compute((50, 20), Direction::Rtl, true, false, 80);
        assert!(r.nav_overlay);
        assert_eq!(r.nav.unwrap_or_default().right(), 50);
        assert_eq!(r.article.width, 50);
    }

    #[test]
    fn tiny_terminals_do_not_underflow() {
        for (w, h) in [(0, 0), (1, 1), (2, 3), (10, 2)] {
            let r = compute((w, h), Direction::Rtl, true, true, 80);
            assert!(r.article_text.right() <= w.max(1));
        }
    }
}
