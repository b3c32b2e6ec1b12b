//! What an image becomes in the text: its alt text behind a label,
//! `[صورة: alt]` or `[image: alt]`, or the bare label `[صورة]` / `[image]`
//! when it has none. The label is Arabic when the alt text's letters are
//! mostly Arabic-script; an alt text without letters (none at all, or only
//! digits and signs) goes by the text before the image in its paragraph,
//! and without letters there either, by the whole document's letters. A
//! tie counts as Arabic. Shared by the importers that meet images (Markdown
//! now, HTML and EPUB next).

/// Whether the letters of `s` are mostly Arabic-script (ties included);
/// `None` when it has no letters.
pub fn mostly_arabic(s: &str) -> Option<bool> {
    let (mut arabic, mut other) = (0usize, 0usize);
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        if is_arabic_script(c) {
            arabic += 1;
        } else {
            other += 1;
        }
    }
    (arabic + other > 0).then_some(arabic >= other)
}

fn is_arabic_script(c: char) -> bool {
    matches!(c,
        '\u{0600}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{0870}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}')
}

/// The text standing for an image with `alt` text (trimmed, white space
/// collapsed), the label in Arabic when `arabic`.
pub fn label(alt: &str, arabic: bool) -> String {
    let word = if arabic { "صورة" } else { "image" };
    let alt = alt.split_whitespace().collect::<Vec<_>>().join(" ");
    if alt.is_empty() {
        format!("[{word}]")
    } else {
        format!("[{word}: {alt}]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_by_majority_of_letters() {
        assert_eq!(mostly_arabic("خريطة المدينة"), Some(true));
        assert_eq!(mostly_arabic("a map of Cairo"), Some(false));
        assert_eq!(mostly_arabic("صورة CPU"), Some(true));
        assert_eq!(mostly_arabic("2024 ١٢ !"), None);
        assert_eq!(label("  خريطة\n المدينة ", true), "[صورة: خريطة المدينة]");
        assert_eq!(label("", false), "[image]");
    }
}
