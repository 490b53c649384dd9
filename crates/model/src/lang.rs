use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A language a document or paragraph is written in.
///
/// English and Russian are the product's languages: they get their own index
/// fields and analyzers. Kazakh and Ukrainian are recognised so that they are
/// not mislabelled as Russian; anything else is [`Lang::Other`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Ru,
    Kk,
    Uk,
    Other,
}

impl Lang {
    /// ISO 639-1 code, as stored and printed.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Kk => "kk",
            Lang::Uk => "uk",
            Lang::Other => "other",
        }
    }

    /// The other product language, for cross-language work.
    pub fn counterpart(self) -> Option<Lang> {
        match self {
            Lang::En => Some(Lang::Ru),
            Lang::Ru => Some(Lang::En),
            _ => None,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, thiserror::Error)]
#[error("unknown language {0:?} (expected en, ru, kk, uk or other)")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" | "eng" | "english" => Ok(Lang::En),
            "ru" | "rus" | "russian" => Ok(Lang::Ru),
            "kk" | "kaz" | "kazakh" => Ok(Lang::Kk),
            "uk" | "ukr" | "ukrainian" => Ok(Lang::Uk),
            "other" => Ok(Lang::Other),
            _ => Err(UnknownLang(s.to_string())),
        }
    }
}
