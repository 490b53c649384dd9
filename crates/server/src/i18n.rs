//! The pages' own words in English and Russian. The language is the one
//! the URL names (`ui=en|ru`, the switch), else the browser's first choice
//! of the two (`Accept-Language`), else English.

use axum::http::HeaderMap;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ui {
    En,
    Ru,
}

impl Ui {
    pub fn code(self) -> &'static str {
        match self {
            Ui::En => "en",
            Ui::Ru => "ru",
        }
    }

    /// From the `ui` parameter when it names a language we have, else the
    /// `Accept-Language` header (by its q-values), else English. The second
    /// value says whether the URL chose it (and so links must keep it).
    pub fn choose(param: Option<&str>, headers: &HeaderMap) -> (Ui, bool) {
        match param {
            Some("ru") => return (Ui::Ru, true),
            Some("en") => return (Ui::En, true),
            _ => {}
        }
        let accept = headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let mut best: Option<(f32, Ui)> = None;
        for part in accept.split(',').take(32) {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            let ui = match tag.split('-').next() {
                Some("ru") => Ui::Ru,
                Some("en") => Ui::En,
                _ => continue,
            };
            if best.is_none_or(|(b, _)| q > b) {
                best = Some((q, ui));
            }
        }
        (best.map_or(Ui::En, |(_, ui)| ui), false)
    }

    /// Every word the templates use, by key.
    pub fn words(self) -> BTreeMap<&'static str, &'static str> {
        let ru = self == Ui::Ru;
        WORDS
            .iter()
            .map(|(key, en, r)| (*key, if ru { *r } else { *en }))
            .collect()
    }
}

const WORDS: &[(&str, &str, &str)] = &[
    ("app", "pressroom", "pressroom"),
    (
        "tagline",
        "Human-rights press releases in English and Russian",
        "Пресс-релизы о правах человека на английском и русском",
    ),
    ("search", "Search", "Поиск"),
    (
        "search_placeholder",
        "torture \"freedom of assembly\" -Russia Tokayev OR Токаев",
        "пытки \"свобода собраний\" -Россия Токаев OR Tokayev",
    ),
    ("pairs", "Pairs", "Пары"),
    ("stats", "Statistics", "Статистика"),
    ("language", "Language", "Язык"),
    ("source", "Organisation", "Организация"),
    ("since", "From", "С"),
    ("until", "To", "По"),
    ("sort", "Sort", "Сортировка"),
    ("relevance", "Relevance", "По релевантности"),
    ("newest", "Newest first", "Сначала новые"),
    ("oldest", "Oldest first", "Сначала старые"),
    ("any", "Any", "Любой"),
    ("apply", "Apply", "Применить"),
    ("results", "results", "результатов"),
    (
        "no_results",
        "Nothing matches this search.",
        "По этому запросу ничего не найдено.",
    ),
    ("previous", "Previous", "Назад"),
    ("next", "Next", "Дальше"),
    ("page", "Page", "Страница"),
    ("timeline", "Results by month", "Результаты по месяцам"),
    (
        "timeline_hint",
        "Select a bar to narrow the dates to that month.",
        "Выберите столбец, чтобы сузить даты до этого месяца.",
    ),
    ("undated", "undated", "без даты"),
    ("translation", "translation", "перевод"),
    ("report", "report", "сообщение"),
    ("side_by_side", "side by side", "параллельно"),
    ("pair_heading", "Side by side", "Параллельный текст"),
    ("published", "Published", "Опубликовано"),
    ("original", "Original", "Оригинал"),
    ("origin", "Origin", "Источник"),
    ("links", "Translations and reports", "Переводы и сообщения"),
    ("score", "score", "оценка"),
    ("evidence", "Evidence", "Основания"),
    ("download", "Download", "Скачать"),
    ("english", "English", "Английский"),
    ("russian", "Russian", "Русский"),
    ("documents", "documents", "документов"),
    ("by_source", "By organisation", "По организациям"),
    ("by_lang", "By language", "По языкам"),
    ("by_year", "By year", "По годам"),
    ("links_count", "Links", "Связи"),
    (
        "no_pairs",
        "No pairs stored yet; run `pressroom parallel`.",
        "Пар пока нет; запустите `pressroom parallel`.",
    ),
    ("not_stored", "not a stored pair", "пара не сохранена"),
    ("export", "Export results", "Экспорт результатов"),
    ("error", "Error", "Ошибка"),
    ("skip", "Skip to results", "К результатам"),
    ("clear", "Clear filters", "Сбросить фильтры"),
    ("switch", "Русский", "English"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_choice_beats_the_browser_and_q_values_rank_the_browser() {
        let mut headers = HeaderMap::new();
        headers.insert(
            axum::http::header::ACCEPT_LANGUAGE,
            "de-DE, en;q=0.5, ru-RU;q=0.8".parse().unwrap(),
        );
        assert_eq!(Ui::choose(None, &headers), (Ui::Ru, false));
        assert_eq!(Ui::choose(Some("en"), &headers), (Ui::En, true));
        assert_eq!(Ui::choose(Some("fr"), &HeaderMap::new()), (Ui::En, false));
    }

    #[test]
    fn both_languages_have_every_word() {
        for (key, en, ru) in WORDS {
            assert!(!en.is_empty() && !ru.is_empty(), "{key}");
        }
        assert_eq!(Ui::Ru.words().len(), WORDS.len());
    }
}
