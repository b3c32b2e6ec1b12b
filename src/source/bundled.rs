//! The article bundled with qari (made from the seed article), read when
//! no file is named.

use crate::import::json;
use crate::model::{Article, Text};

const BUNDLED: &str = include_str!("../../assets/article.json");

/// The article bundled with qari.
pub fn bundled() -> Article {
    // The asset is known-good and a test parses it; the fallback only
    // keeps this function total.
    json::parse(BUNDLED).unwrap_or_else(|_| Article {
        title: Text::plain("qari"),
        ..Article::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_asset_parses() {
        let a = json::parse(BUNDLED).unwrap();
        assert_eq!(a, bundled());
        assert_eq!(
            a.title,
            Text::plain("ما أهمية تعزيز التعاون العسكري بين قطر والمغرب؟")
        );
    }
}
