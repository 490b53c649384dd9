//! Views of a page with one kind of help a template gives taken away, to
//! measure how much extraction leans on it. A site never seen may name its
//! parts anything, may predate HTML5's landmarks, or may write paragraphs as
//! line breaks or as plain `div`s built by a script; its structure and its
//! prose are then all there is to go by.
//! Each view parses the page as extraction reads it and writes it again, so
//! that peers can be scored on the same pages (`view_folder` example).

mod breaks;
mod divs;
mod without_landmarks;
mod without_names;

pub use breaks::paragraphs_as_breaks;
pub use divs::paragraphs_as_divs;
pub use without_landmarks::without_landmarks;
pub use without_names::without_names;

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

/// How the pages of an evaluation are shown to our extractor.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum View {
    /// As served.
    #[default]
    AsServed,
    /// Every `class` and `id` removed ([`without_names`]).
    WithoutNames,
    /// Sectioning elements as `div`s, landmark roles removed
    /// ([`without_landmarks`]).
    WithoutLandmarks,
    /// Paragraphs as runs of text ended by two line breaks
    /// ([`paragraphs_as_breaks`]).
    ParagraphsAsBreaks,
    /// Paragraphs as plain `div`s ([`paragraphs_as_divs`]).
    ParagraphsAsDivs,
}

impl View {
    /// Every view but the page as served.
    pub const CHANGED: [View; 4] = [
        View::WithoutNames,
        View::WithoutLandmarks,
        View::ParagraphsAsBreaks,
        View::ParagraphsAsDivs,
    ];

    pub fn is_as_served(&self) -> bool {
        *self == View::AsServed
    }

    pub fn name(self) -> &'static str {
        match self {
            View::AsServed => "as-served",
            View::WithoutNames => "without-names",
            View::WithoutLandmarks => "without-landmarks",
            View::ParagraphsAsBreaks => "paragraphs-as-breaks",
            View::ParagraphsAsDivs => "paragraphs-as-divs",
        }
    }

    /// The page as this view shows it (the page itself, as served).
    pub fn apply(self, html: &str) -> Cow<'_, str> {
        match self {
            View::AsServed => Cow::Borrowed(html),
            View::WithoutNames => Cow::Owned(without_names(html)),
            View::WithoutLandmarks => Cow::Owned(without_landmarks(html)),
            View::ParagraphsAsBreaks => Cow::Owned(paragraphs_as_breaks(html)),
            View::ParagraphsAsDivs => Cow::Owned(paragraphs_as_divs(html)),
        }
    }

    /// One line saying what our extractor was shown, for reports.
    pub fn describe(self) -> &'static str {
        match self {
            View::AsServed => "the pages as served",
            View::WithoutNames => "every page without its class and id names",
            View::WithoutLandmarks => {
                "every page with its sectioning elements as div (article, main, header, footer, nav, \
                 aside, section, figure) and no landmark roles"
            }
            View::ParagraphsAsBreaks => "every page with its paragraphs written as line breaks",
            View::ParagraphsAsDivs => {
                "every page with its paragraphs written as plain div elements"
            }
        }
    }
}

impl fmt::Display for View {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for View {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        std::iter::once(View::AsServed)
            .chain(View::CHANGED)
            .find(|v| v.name() == s)
            .ok_or_else(|| {
                format!(
                    "unknown view {s:?}; the views are as-served, {}",
                    View::CHANGED.map(View::name).join(", ")
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::View;

    #[test]
    fn views_are_named_as_they_parse() {
        for v in std::iter::once(View::AsServed).chain(View::CHANGED) {
            assert_eq!(v.name().parse::<View>(), Ok(v));
        }
        let err = "nameless".parse::<View>().unwrap_err();
        assert!(err.contains("without-names"), "{err}");
    }
}
