//! A deterministic generator of press-release-like documents in English and
//! Russian, for measuring search at 10k–1M documents.
//!
//! The words must be real: made-up text has a made-up vocabulary (term
//! frequencies, word lengths, stemmer hit rates), and every engine's speed
//! depends on exactly that. So bodies are recombined from real sentences
//! (WMT news translations, Tatoeba, the sample releases) and the facts a
//! release carries (names from a real name list, places, dates from 1995 to
//! 2026, article numbers, head counts, sums) are set into fixed sentence
//! templates of the genre.
//!
//! Document `i` depends only on the seed and `i` (one ChaCha8 stream per
//! document), so a corpus streams out in constant memory and any prefix of
//! the 1M corpus is the 10k or 100k corpus of the same seed.

use chrono::{Datelike, Duration, NaiveDate};
use pressroom_model::{DocId, DocMeta, Document, Lang};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use std::io::BufRead;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Format {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("no {0} sentences found in the source texts")]
    Empty(&'static str),
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> CorpusError + '_ {
    move |source| CorpusError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// One generated document, as written to the JSONL corpus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GenDoc {
    pub id: String,
    pub source: String,
    pub lang: String,
    /// `YYYY-MM-DD`.
    pub published: String,
    pub title: String,
    /// Paragraphs separated by a blank line, like the store's bodies.
    pub body: String,
}

impl GenDoc {
    /// The document as the store sees it, as if it were the file at
    /// `position` (0-based) of a folder given to `pressroom import`: each
    /// document is its own origin, and origins sort in corpus order, as a
    /// folder's files do in the order the import takes them. (Made from the
    /// random id, they would make the store's origin and import-path
    /// indexes take keys in random order, which a folder import never does.)
    pub fn to_document(&self, position: u64) -> Result<Document, String> {
        self.clone().into_document(position)
    }

    /// [`GenDoc::to_document`], taking the document's strings.
    pub fn into_document(self, position: u64) -> Result<Document, String> {
        let lang: Lang = self.lang.parse().map_err(|e| format!("{e}"))?;
        let published = NaiveDate::parse_from_str(&self.published, "%Y-%m-%d")
            .map_err(|e| format!("published {:?}: {e}", self.published))?;
        Ok(Document {
            id: DocId(self.id),
            source: self.source,
            origin: format!("generated/{position:08}.txt"),
            lang,
            title: self.title,
            published: Some(published),
            body: self.body,
            meta: DocMeta::default(),
        })
    }
}

/// Read a JSONL corpus one document at a time; `f` gets each document and
/// the byte length of its line.
pub fn for_each_doc(
    path: &Path,
    mut f: impl FnMut(GenDoc, usize) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let file = std::fs::File::open(path).map_err(io_err(path))?;
    let reader = std::io::BufReader::with_capacity(1 << 20, file);
    for (n, line) in reader.lines().enumerate() {
        let line = line.map_err(io_err(path))?;
        if line.trim().is_empty() {
            continue;
        }
        let doc: GenDoc = serde_json::from_str(&line).map_err(|e| CorpusError::Format {
            path: path.to_path_buf(),
            line: n + 1,
            message: e.to_string(),
        })?;
        f(doc, line.len() + 1)?;
    }
    Ok(())
}

/// The first `n` documents of the JSONL corpus at `path` (generated
/// corpora are in random order, so these are a sample).
pub fn first_docs(path: &Path, n: usize) -> anyhow::Result<Vec<GenDoc>> {
    let mut docs = Vec::with_capacity(n);
    let file = std::fs::File::open(path).map_err(io_err(path))?;
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        if docs.len() >= n {
            break;
        }
        let line = line.map_err(io_err(path))?;
        if line.trim().is_empty() {
            continue;
        }
        docs.push(
            serde_json::from_str(&line).map_err(|e| CorpusError::Format {
                path: path.to_path_buf(),
                line: i + 1,
                message: e.to_string(),
            })?,
        );
    }
    Ok(docs)
}

/// The six organisations, with the share of their releases in Russian.
const SOURCES: [(&str, f64); 6] = [
    ("CIVICUS", 0.15),
    ("OMCT", 0.2),
    ("Human Rights Watch", 0.4),
    ("Amnesty International", 0.45),
    ("bureau.kz", 0.7),
    ("acca.media", 0.6),
];

/// Country: English, Russian nominative, Russian prepositional.
const COUNTRIES: [(&str, &str, &str); 10] = [
    ("Kazakhstan", "Казахстан", "Казахстане"),
    ("Russia", "Россия", "России"),
    ("Belarus", "Беларусь", "Беларуси"),
    ("Kyrgyzstan", "Кыргызстан", "Кыргызстане"),
    ("Uzbekistan", "Узбекистан", "Узбекистане"),
    ("Tajikistan", "Таджикистан", "Таджикистане"),
    ("Turkmenistan", "Туркменистан", "Туркменистане"),
    ("Azerbaijan", "Азербайджан", "Азербайджане"),
    ("Georgia", "Грузия", "Грузии"),
    ("Armenia", "Армения", "Армении"),
];

/// City: English, Russian prepositional.
const CITIES: [(&str, &str); 12] = [
    ("Almaty", "Алматы"),
    ("Astana", "Астане"),
    ("Bishkek", "Бишкеке"),
    ("Tashkent", "Ташкенте"),
    ("Dushanbe", "Душанбе"),
    ("Minsk", "Минске"),
    ("Moscow", "Москве"),
    ("Baku", "Баку"),
    ("Tbilisi", "Тбилиси"),
    ("Yerevan", "Ереване"),
    ("Shymkent", "Шымкенте"),
    ("Karaganda", "Караганде"),
];

/// Subject of a law: English, Russian prepositional.
const LAW_TOPICS: [(&str, &str); 6] = [
    ("non-profit organisations", "некоммерческих организациях"),
    ("peaceful assembly", "мирных собраниях"),
    ("mass media", "средствах массовой информации"),
    ("foreign agents", "иностранных агентах"),
    ("extremism", "экстремизме"),
    ("online platforms", "онлайн-платформах"),
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const MONTHS_RU_GEN: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

/// Source texts the generator draws from.
pub struct Pools {
    en: Vec<String>,
    ru: Vec<String>,
    en_titles: Vec<String>,
    ru_titles: Vec<String>,
    /// Name tokens, English and Russian spelling of the same name.
    names: Vec<(String, String)>,
}

#[derive(Deserialize)]
struct ParallelDoc {
    en_paragraphs: Vec<Vec<String>>,
    ru_paragraphs: Vec<Vec<String>>,
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn is_cyrillic_text(s: &str) -> bool {
    let (cyr, letters) = s
        .chars()
        .filter(|c| c.is_alphabetic())
        .fold((0, 0), |(c, l), ch| {
            (
                c + usize::from(('\u{400}'..='\u{4ff}').contains(&ch)),
                l + 1,
            )
        });
    letters > 0 && cyr * 2 > letters
}

impl Pools {
    /// Load sentences and names from the evaluation data (`eval`, the
    /// shared `eval/` folder) and the sample releases (`sample`, `*.txt`).
    pub fn load(eval: &Path, sample: &Path) -> Result<Pools, CorpusError> {
        let mut pools = Pools {
            en: Vec::new(),
            ru: Vec::new(),
            en_titles: Vec::new(),
            ru_titles: Vec::new(),
            names: Vec::new(),
        };
        let news = eval.join("parallel-news/docs.jsonl");
        let text = std::fs::read_to_string(&news).map_err(io_err(&news))?;
        for (n, line) in text.lines().enumerate() {
            let doc: ParallelDoc = serde_json::from_str(line).map_err(|e| CorpusError::Format {
                path: news.clone(),
                line: n + 1,
                message: e.to_string(),
            })?;
            // The first paragraph of a WMT news document is its headline.
            for (paragraphs, sentences, titles) in [
                (&doc.en_paragraphs, &mut pools.en, &mut pools.en_titles),
                (&doc.ru_paragraphs, &mut pools.ru, &mut pools.ru_titles),
            ] {
                for (i, p) in paragraphs.iter().enumerate() {
                    if i == 0 && p.len() == 1 && p[0].len() < 200 {
                        titles.push(p[0].trim().to_string());
                    } else {
                        sentences.extend(p.iter().map(|s| s.trim().to_string()));
                    }
                }
            }
        }
        let tatoeba = eval.join("sentences-tatoeba/rus-eng.tsv");
        let text = std::fs::read_to_string(&tatoeba).map_err(io_err(&tatoeba))?;
        for line in text.lines().skip(1) {
            if let Some((en, ru)) = line.split_once('\t') {
                pools.en.push(en.trim().to_string());
                pools.ru.push(ru.trim().to_string());
            }
        }
        let mut samples: Vec<PathBuf> = std::fs::read_dir(sample)
            .map_err(io_err(sample))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        samples.sort();
        for path in samples {
            let text = std::fs::read_to_string(&path).map_err(io_err(&path))?;
            // Lines of real prose only: menus and captions are short.
            for line in text.lines().map(str::trim).filter(|l| l.len() > 60) {
                let pool = if is_cyrillic_text(line) {
                    &mut pools.ru
                } else {
                    &mut pools.en
                };
                pool.push(line.to_string());
            }
        }
        let names = eval.join("names/en-ru-names.tsv");
        let text = std::fs::read_to_string(&names).map_err(io_err(&names))?;
        for line in text.lines().skip(1) {
            let mut cols = line.split('\t');
            if let (Some(en), Some(ru)) = (cols.next(), cols.next())
                && en.len() >= 3
                && en.chars().all(|c| c.is_ascii_alphabetic())
                && ru.chars().all(char::is_alphabetic)
            {
                pools.names.push((capitalise(en), capitalise(ru)));
            }
        }
        for (pool, what) in [
            (&pools.en, "English"),
            (&pools.ru, "Russian"),
            (&pools.en_titles, "English title"),
            (&pools.ru_titles, "Russian title"),
        ] {
            if pool.is_empty() {
                return Err(CorpusError::Empty(what));
            }
        }
        if pools.names.is_empty() {
            return Err(CorpusError::Empty("name"));
        }
        Ok(pools)
    }
}

/// What one document is about: drawn first, then written in its language.
struct Facts {
    country: (&'static str, &'static str, &'static str),
    city: (&'static str, &'static str),
    name: (String, String),
    source: &'static str,
    date: NaiveDate,
}

fn group(n: u64, sep: &str) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

pub struct Generator {
    pools: Pools,
    seed: u64,
    first_day: NaiveDate,
    days: i64,
}

impl Generator {
    pub fn new(pools: Pools, seed: u64) -> Generator {
        let first_day = NaiveDate::from_ymd_opt(1995, 1, 1).expect("valid date");
        let last_day = NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date");
        Generator {
            pools,
            seed,
            first_day,
            days: (last_day - first_day).num_days(),
        }
    }

    fn name(&self, rng: &mut ChaCha8Rng) -> (String, String) {
        let first = self.pools.names.choose(rng).expect("names not empty");
        let last = self.pools.names.choose(rng).expect("names not empty");
        (
            format!("{} {}", first.0, last.0),
            format!("{} {}", first.1, last.1),
        )
    }

    /// Document number `i` of this seed's corpus.
    pub fn doc(&self, i: u64) -> GenDoc {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(i);
        let &(source, ru_share) = SOURCES.choose(&mut rng).expect("sources");
        let lang = if rng.random_bool(ru_share) {
            Lang::Ru
        } else {
            Lang::En
        };
        let facts = Facts {
            country: *COUNTRIES.choose(&mut rng).expect("countries"),
            city: *CITIES.choose(&mut rng).expect("cities"),
            name: self.name(&mut rng),
            source,
            date: self.first_day + Duration::days(rng.random_range(0..=self.days)),
        };
        let title = self.title(&mut rng, lang, &facts);
        let paragraphs = rng.random_range(4..=10);
        let mut body = Vec::with_capacity(paragraphs + 1);
        for _ in 0..paragraphs {
            let mut para: Vec<String> = Vec::new();
            if rng.random_bool(0.35) {
                para.push(self.fact(&mut rng, lang, &facts));
            }
            let pool = if lang == Lang::Ru {
                &self.pools.ru
            } else {
                &self.pools.en
            };
            for _ in 0..rng.random_range(1..=4) {
                para.push(pool.choose(&mut rng).expect("pool not empty").clone());
            }
            body.push(para.join(" "));
        }
        body.push(closing(lang, source));
        let id = DocId::derive(&format!("generated/{}/{i}", self.seed), 0);
        GenDoc {
            id: id.0,
            source: source.to_string(),
            lang: lang.code().to_string(),
            published: facts.date.format("%Y-%m-%d").to_string(),
            title,
            body: body.join("\n\n"),
        }
    }

    fn title(&self, rng: &mut ChaCha8Rng, lang: Lang, f: &Facts) -> String {
        let (c_en, c_ru, c_ru_prep) = f.country;
        let (city_en, city_ru) = f.city;
        let n = rng.random_range(2..=15);
        let (topic_en, topic_ru) = *LAW_TOPICS.choose(rng).expect("topics");
        // A third of the titles are real news headlines.
        if rng.random_bool(0.3) {
            let pool = if lang == Lang::Ru {
                &self.pools.ru_titles
            } else {
                &self.pools.en_titles
            };
            return pool.choose(rng).expect("titles not empty").clone();
        }
        let pick = rng.random_range(0..8);
        if lang == Lang::Ru {
            let name = &f.name.1;
            match pick {
                0 => format!("{c_ru}: журналист {name} приговорён к {n} годам лишения свободы"),
                1 => format!("{c_ru}: власти должны прекратить преследование мирных протестующих"),
                2 => format!("{c_ru}: власти обязаны расследовать заявления о пытках"),
                3 => format!("{c_ru}: активист {name} задержан в {city_ru}"),
                4 => format!("Совместное заявление о свободе выражения мнений в {c_ru_prep}"),
                5 => format!("{c_ru}: {n} правозащитников подвергаются уголовному преследованию"),
                6 => format!("{c_ru}: новый закон о {topic_ru} угрожает гражданскому обществу"),
                _ => format!("Комитет ООН против пыток: обзор ситуации в {c_ru_prep}"),
            }
        } else {
            let name = &f.name.0;
            match pick {
                0 => format!("{c_en}: journalist {name} sentenced to {n} years in prison"),
                1 => format!("{c_en}: end the crackdown on peaceful protesters"),
                2 => format!("{c_en}: authorities must investigate torture allegations"),
                3 => format!("{c_en}: activist {name} detained in {city_en}"),
                4 => format!("Joint statement on freedom of expression in {c_en}"),
                5 => format!("{c_en}: {n} human rights defenders face prosecution"),
                6 => format!("{c_en}: new law on {topic_en} threatens civil society"),
                _ => format!("UN Committee against Torture reviews {c_en}"),
            }
        }
    }

    /// One sentence of facts: who, where, when, how many.
    fn fact(&self, rng: &mut ChaCha8Rng, lang: Lang, f: &Facts) -> String {
        // Events happen around the publication date, not after it.
        let date = f.date - Duration::days(rng.random_range(0..60));
        let (day, month, year) = (date.day(), date.month0() as usize, date.year());
        let article = rng.random_range(100..=405);
        let age = rng.random_range(19..=78);
        let people = rng.random_range(3..=400);
        let years = rng.random_range(2..=15);
        let big = rng.random_range(1..=900) * 100;
        let money = rng.random_range(10..=5000) * 1000;
        let source = f.source;
        if lang == Lang::Ru {
            let (name, city) = (&f.name.1, f.city.1);
            let month = MONTHS_RU_GEN[month];
            match rng.random_range(0..5) {
                0 => format!(
                    "{day} {month} {year} года {name} ({age} лет) был задержан в {city} и обвинён по статье {article} Уголовного кодекса."
                ),
                1 => format!(
                    "По данным {source}, не менее {people} человек были задержаны во время протестов в {city} {day} {month} {year} года."
                ),
                2 => format!(
                    "Если суд признает {name} виновным, ему грозит до {years} лет лишения свободы."
                ),
                3 => format!(
                    "Более {} человек подписали петицию с требованием освободить {name}.",
                    group(big, " ")
                ),
                _ => format!(
                    "Суд в {city} оштрафовал {name} на {} тенге.",
                    group(money, " ")
                ),
            }
        } else {
            let (name, city) = (&f.name.0, f.city.0);
            let month = MONTHS_EN[month];
            match rng.random_range(0..5) {
                0 => format!(
                    "On {day} {month} {year}, {name}, {age}, was detained in {city} and charged under Article {article} of the Criminal Code."
                ),
                1 => format!(
                    "According to {source}, at least {people} people were detained during the protests in {city} on {day} {month} {year}."
                ),
                2 => format!("{name} faces up to {years} years in prison if convicted."),
                3 => format!(
                    "More than {} people have signed a petition calling for the release of {name}.",
                    group(big, ",")
                ),
                _ => format!(
                    "The court in {city} fined {name} {} tenge.",
                    group(money, ",")
                ),
            }
        }
    }
}

/// The "about us" line each organisation ends its releases with.
fn closing(lang: Lang, source: &str) -> String {
    if lang == Lang::Ru {
        format!(
            "{source} — независимая правозащитная организация, которая документирует нарушения прав человека и добивается справедливости для пострадавших."
        )
    } else {
        format!(
            "{source} is an independent human rights organisation that documents abuses and seeks justice for victims."
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pools() -> Option<Pools> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let eval = root.join("../shared/eval");
        if !eval.is_dir() {
            eprintln!("skipping: {} is absent", eval.display());
            return None;
        }
        Some(Pools::load(&eval, &root.join("corpus/sample")).expect("pools load"))
    }

    #[test]
    fn same_seed_same_documents_other_seed_other_documents() {
        let Some(p) = pools() else { return };
        let a = Generator::new(p, 7);
        let b = Generator::new(pools().expect("pools"), 7);
        let c = Generator::new(pools().expect("pools"), 8);
        for i in [0, 1, 999, 123_456] {
            assert_eq!(a.doc(i), b.doc(i));
            assert_ne!(a.doc(i).body, c.doc(i).body);
        }
    }

    #[test]
    fn documents_are_well_formed_bilingual_releases() {
        let Some(p) = pools() else { return };
        let g = Generator::new(p, 1);
        let docs: Vec<GenDoc> = (0..2000).map(|i| g.doc(i)).collect();
        let ru = docs.iter().filter(|d| d.lang == "ru").count();
        assert!((500..1500).contains(&ru), "{ru} Russian of 2000");
        let mut ids = std::collections::HashSet::new();
        let mut origins = Vec::new();
        for (position, d) in docs.iter().enumerate() {
            assert!(ids.insert(d.id.clone()), "duplicate id {}", d.id);
            let doc = d.to_document(position as u64).expect("converts");
            origins.push(doc.origin.clone());
            let year = doc.published.expect("dated").year();
            assert!((1995..=2026).contains(&year));
            assert!(doc.paragraphs().count() >= 5);
            assert!(!d.title.is_empty());
            assert_eq!(d.lang == "ru", is_cyrillic_text(&d.body), "{}", d.body);
        }
        let sources: std::collections::HashSet<_> = docs.iter().map(|d| &d.source).collect();
        assert_eq!(sources.len(), 6);
        // Distinct, and in the order a folder import takes its files.
        assert!(origins.windows(2).all(|w| w[0] < w[1]), "{origins:?}");
    }

    #[test]
    fn numbers_are_grouped_like_in_releases() {
        assert_eq!(group(12000, ","), "12,000");
        assert_eq!(group(1_234_567, " "), "1 234 567");
        assert_eq!(group(900, ","), "900");
    }
}
