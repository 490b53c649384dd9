use crate::analyzer::{EN_TOKENIZER, LOWER_TOKENIZER, NAMES_TOKENIZER, RU_TOKENIZER};
use pressroom_model::Lang;
use tantivy::schema::{
    DateOptions, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

/// Bumped whenever fields or analysis change in a way that makes an existing
/// index wrong; an index with another version is rebuilt, not misread.
pub const SCHEMA_VERSION: u32 = 7;

#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub lang: Field,
    /// Source name, lowercased, for filtering.
    pub source_key: Field,
    pub source: Field,
    pub origin: Field,
    pub title: Field,
    pub published: Field,
    pub title_en: Field,
    pub body_en: Field,
    pub title_ru: Field,
    pub body_ru: Field,
    /// Script-independent keys of names in title and body (see `analyzer::name_keys`).
    pub names: Field,
}

/// Which language fields hold a document of `lang`: English and anything
/// unknown in the English fields, Russian and its Cyrillic neighbours
/// (Kazakh, Ukrainian) in the Russian ones.
pub fn index_lang(lang: Lang) -> Lang {
    match lang {
        Lang::Ru | Lang::Kk | Lang::Uk => Lang::Ru,
        Lang::En | Lang::Other => Lang::En,
    }
}

impl Fields {
    pub fn build() -> (Schema, Fields) {
        let mut b = Schema::builder();
        // Words only: the text of a title or body is kept once, in the
        // store (snippets read it from there; see `snippet::BodySource`).
        let text = |tokenizer: &str| {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(tokenizer)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
        };
        let fields = Fields {
            id: b.add_text_field("id", STRING | STORED),
            lang: b.add_text_field("lang", STRING | STORED | tantivy::schema::FAST),
            source_key: b.add_text_field(
                "source_key",
                TextOptions::default().set_indexing_options(
                    TextFieldIndexing::default()
                        .set_tokenizer(LOWER_TOKENIZER)
                        .set_index_option(IndexRecordOption::Basic),
                ),
            ),
            source: b.add_text_field("source", STORED),
            origin: b.add_text_field("origin", STORED),
            title: b.add_text_field("title", STORED),
            published: b.add_date_field(
                "published",
                DateOptions::default().set_indexed().set_fast().set_stored(),
            ),
            title_en: b.add_text_field("title_en", text(EN_TOKENIZER)),
            body_en: b.add_text_field("body_en", text(EN_TOKENIZER)),
            title_ru: b.add_text_field("title_ru", text(RU_TOKENIZER)),
            body_ru: b.add_text_field("body_ru", text(RU_TOKENIZER)),
            names: b.add_text_field(
                "names",
                TextOptions::default().set_indexing_options(
                    TextFieldIndexing::default()
                        .set_tokenizer(NAMES_TOKENIZER)
                        .set_index_option(IndexRecordOption::WithFreqs),
                ),
            ),
        };
        (b.build(), fields)
    }

    pub fn title_field(&self, lang: Lang) -> Field {
        match index_lang(lang) {
            Lang::Ru => self.title_ru,
            _ => self.title_en,
        }
    }

    pub fn body_field(&self, lang: Lang) -> Field {
        match index_lang(lang) {
            Lang::Ru => self.body_ru,
            _ => self.body_en,
        }
    }
}

/// Midnight of `date` as the `published` field stores it. tantivy keeps
/// dates as nanoseconds in an `i64`, which ends in April 2262: later dates
/// (a filter `--until 3000`) are held at that end, and earlier ones at the
/// other, so comparisons with any stored date stay right instead of
/// overflowing.
pub(crate) fn published_value(date: chrono::NaiveDate) -> tantivy::DateTime {
    const NANOS: i64 = 1_000_000_000;
    let secs = date
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_utc()
        .timestamp()
        .clamp(i64::MIN / NANOS, i64::MAX / NANOS);
    tantivy::DateTime::from_timestamp_secs(secs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn dates_past_the_nanosecond_range_keep_their_order() {
        let day = |y| published_value(NaiveDate::from_ymd_opt(y, 1, 1).unwrap());
        assert!(day(2024) < day(3000));
        assert!(day(2024) < day(9999));
        assert!(day(1000) < day(1990));
        assert_eq!(
            day(2024).into_timestamp_secs(),
            NaiveDate::from_ymd_opt(2024, 1, 1)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap()
                .and_utc()
                .timestamp()
        );
    }
}
