//! The floor: the same JSONL straight into bare tantivy, with pressroom's
//! index tokenizer (`pressroom_search::PressroomTokenizer`, so the same
//! keys and word pairs) and the same field layout, but no store, no commit
//! payload, no `names` field and no snippets.
//! What pressroom costs beyond this is our own overhead.

use anyhow::Result;
use chrono::NaiveDate;
use clap::Parser;
use pressroom_benches::scale::{corpus, measure, queries};
use pressroom_model::Lang;
use pressroom_search::query::{Atom, parse_query};
use pressroom_search::{CommonKeys, PressroomTokenizer, index_lang};
use std::ops::Bound;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery};
use tantivy::schema::{
    DateOptions, FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DateTime, Index, IndexWriter, TantivyDocument, Term};

#[derive(Parser)]
struct Args {
    #[arg(long)]
    corpus: PathBuf,
    /// Emptied and filled with the index.
    #[arg(long)]
    dir: PathBuf,
    #[arg(long, default_value = "scripts/bench/queries.tsv")]
    queries: PathBuf,
    #[arg(long, default_value_t = 200)]
    budget_mb: usize,
    #[arg(long, default_value_t = 20)]
    reps: usize,
    #[arg(long, default_value_t = 2)]
    threads: usize,
    #[arg(long, default_value_t = 5.0)]
    qps_secs: f64,
    /// Delete each document's id term before adding it, as
    /// `SearchIndex::update` does (also in a rebuild): measures what the
    /// delete queue costs in time and memory.
    #[arg(long)]
    delete_each: bool,
    /// The engine's name in the report (`run.sh` runs the floor twice:
    /// with the budget as its writer memory, and with pressroom's).
    #[arg(long, default_value = "tantivy")]
    label: String,
    /// Open the index already in DIR and only time the queries.
    #[arg(long)]
    queries_only: bool,
    /// `exact`: count every match; `topk`: count up to 10,000 (as
    /// pressroom by default, Lucene's threshold, Elasticsearch's default).
    #[arg(long, value_enum, default_value_t = queries::Totals::Exact)]
    totals: queries::Totals,
}

struct Fields {
    /// The keys paired in the index: pressroom's choice
    /// (`CommonKeys::from_texts`) on the corpus's first
    /// `COMMON_KEYS_SAMPLE` documents, kept beside the index.
    common: Arc<CommonKeys>,
    id: Field,
    lang: Field,
    source_key: Field,
    title: Field,
    published: Field,
    /// (title, body) per index language.
    en: (Field, Field),
    ru: (Field, Field),
}

fn schema(common: Arc<CommonKeys>) -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |tokenizer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let fields = Fields {
        common,
        id: b.add_text_field("id", STRING | STORED),
        lang: b.add_text_field("lang", STRING | STORED | FAST),
        source_key: b.add_text_field("source_key", STRING),
        title: b.add_text_field("title", STORED),
        published: b.add_date_field(
            "published",
            DateOptions::default().set_indexed().set_fast().set_stored(),
        ),
        en: (
            b.add_text_field("title_en", text("en")),
            b.add_text_field("body_en", text("en").set_stored()),
        ),
        ru: (
            b.add_text_field("title_ru", text("ru")),
            b.add_text_field("body_ru", text("ru").set_stored()),
        ),
    };
    (b.build(), fields)
}

fn day(date: NaiveDate) -> DateTime {
    let secs = date
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_utc()
        .timestamp();
    DateTime::from_timestamp_secs(secs)
}

impl Fields {
    fn of(&self, lang: Lang) -> (Field, Field) {
        if index_lang(lang) == Lang::Ru {
            self.ru
        } else {
            self.en
        }
    }

    /// The atom in one language's title (boost 2) and body, as pressroom
    /// asks for it: a word as a term, a phrase as its word pairs (or words).
    fn text_alternatives(&self, text: &str, lang: Lang) -> Vec<Box<dyn Query>> {
        let tokens = pressroom_search::analyze(text, lang);
        if tokens.is_empty() {
            return Vec::new();
        }
        let (title, body) = self.of(lang);
        [(title, 2.0), (body, 1.0)]
            .into_iter()
            .map(|(field, boost)| {
                let mut terms: Vec<(usize, Term)> =
                    pressroom_search::phrase_terms(&tokens, &self.common)
                        .into_iter()
                        .map(|(offset, key)| (offset, Term::from_field_text(field, &key)))
                        .collect();
                let q: Box<dyn Query> = if terms.len() == 1 {
                    Box::new(TermQuery::new(
                        terms.pop().expect("one term").1,
                        IndexRecordOption::WithFreqs,
                    ))
                } else {
                    Box::new(PhraseQuery::new_with_offset(terms))
                };
                Box::new(BoostQuery::new(q, boost)) as Box<dyn Query>
            })
            .collect()
    }

    /// Each group one flat disjunction, as pressroom's, so tantivy's
    /// block-max WAND applies alike.
    fn query(&self, q: &queries::BenchQuery) -> Result<Box<dyn Query>> {
        let parsed = parse_query(&q.text)?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for group in &parsed.groups {
            let alternatives: Vec<(Occur, Box<dyn Query>)> = group
                .iter()
                .flat_map(|atom: &Atom| {
                    [Lang::En, Lang::Ru]
                        .into_iter()
                        .flat_map(|lang| self.text_alternatives(atom.text(), lang))
                })
                .map(|q| (Occur::Should, q))
                .collect();
            if !alternatives.is_empty() {
                clauses.push((Occur::Must, Box::new(BooleanQuery::new(alternatives))));
            }
        }
        if let Some(lang) = q.lang {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.lang, lang.code()),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        if let Some(source) = &q.source {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.source_key, &source.to_lowercase()),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        if q.since.is_some() || q.until.is_some() {
            let bound = |d: Option<NaiveDate>| {
                d.map_or(Bound::Unbounded, |d| {
                    Bound::Included(Term::from_field_date(self.published, day(d)))
                })
            };
            clauses.push((
                Occur::Must,
                Box::new(RangeQuery::new(bound(q.since), bound(q.until))),
            ));
        }
        if clauses.len() == 1 {
            return Ok(clauses.pop().expect("one clause").1);
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }
}

fn main() -> Result<()> {
    let args = Args::parse();
    let queries = queries::load(&args.queries)?;
    let mut report = measure::Report {
        engine: args.label.clone(),
        qps_threads: args.threads,
        ..Default::default()
    };
    let common_path = args.dir.join("common_keys.txt");
    let (index, f) = if args.queries_only {
        report
            .notes
            .push("index reused from an earlier run: indexing not timed".into());
        let common = CommonKeys::from_keys(
            std::fs::read_to_string(&common_path)?
                .lines()
                .map(str::to_string),
        );
        let (_, f) = schema(Arc::new(common));
        (Index::open_in_dir(&args.dir)?, f)
    } else {
        build(&args, &mut report)?
    };
    register_tokenizers(&index, &f.common);
    report.notes.push(format!(
        "queries: top 10, {}, stored title loaded, no snippets",
        args.totals.describe()
    ));
    let reader = index.reader()?;
    let run = |q: &queries::BenchQuery| -> Result<usize> {
        let searcher = reader.searcher();
        let query = f.query(q)?;
        let top = searcher.search(&query, &TopDocs::with_limit(10).order_by_score())?;
        let total = match args.totals {
            queries::Totals::Exact => searcher.search(&query, &Count)?,
            queries::Totals::TopK if top.len() < 10 => top.len(),
            queries::Totals::TopK => {
                pressroom_search::count_up_to(&searcher, query.as_ref(), 10_000)?.0
            }
        };
        for (_, addr) in top {
            let _doc: TantivyDocument = searcher.doc(addr)?;
        }
        Ok(total)
    };
    measure::time_queries_and_print(&mut report, &queries, args.reps, args.qps_secs, run)
}

fn build(args: &Args, report: &mut measure::Report) -> Result<(Index, Fields)> {
    if args.dir.exists() {
        std::fs::remove_dir_all(&args.dir)?;
    }
    std::fs::create_dir_all(&args.dir)?;
    measure::reset_peak_rss();
    let sampler = measure::MemSampler::start(None);
    let start = Instant::now();
    let cpu = measure::CpuClock::start(measure::CpuOf::This);
    let sample = corpus::first_docs(&args.corpus, pressroom_search::COMMON_KEYS_SAMPLE as usize)?;
    // Each text in the language of the fields it is indexed in.
    let mut texts = Vec::with_capacity(2 * sample.len());
    for d in &sample {
        let lang = index_lang(d.lang.parse().map_err(anyhow::Error::msg)?);
        texts.extend([(d.title.as_str(), lang), (d.body.as_str(), lang)]);
    }
    let common = CommonKeys::from_texts(texts);
    drop(sample);
    std::fs::write(
        args.dir.join("common_keys.txt"),
        common.to_sorted_vec().join("\n"),
    )?;
    let (schema, fields) = schema(Arc::new(common));
    let f = &fields;
    let index = Index::create_in_dir(&args.dir, schema)?;
    register_tokenizers(&index, &f.common);
    let mut writer: IndexWriter<TantivyDocument> = index.writer(args.budget_mb << 20)?;
    report.writer_heap_mb = Some(args.budget_mb as u64);
    corpus::for_each_doc(&args.corpus, |doc, bytes| {
        report.docs += 1;
        report.input_bytes += bytes as u64;
        let lang: Lang = doc.lang.parse().map_err(anyhow::Error::msg)?;
        let (title, body) = f.of(lang);
        let mut d = TantivyDocument::new();
        d.add_text(f.id, &doc.id);
        d.add_text(f.lang, &doc.lang);
        d.add_text(f.source_key, doc.source.to_lowercase());
        d.add_text(f.title, &doc.title);
        let date = NaiveDate::parse_from_str(&doc.published, "%Y-%m-%d")?;
        d.add_date(f.published, day(date));
        d.add_text(title, &doc.title);
        d.add_text(body, &doc.body);
        if args.delete_each {
            writer.delete_term(Term::from_field_text(f.id, &doc.id));
        }
        writer.add_document(d)?;
        Ok(())
    })?;
    writer.commit()?;
    writer.wait_merging_threads()?;
    report.index_secs = start.elapsed().as_secs_f64();
    report.index_cpu_secs = cpu.secs();
    report.total_secs = report.index_secs;
    let peaks = sampler.finish();
    report.index_peak_rss_mb = measure::peak_rss_mb();
    report.index_peak_rss_anon_mb = Some(peaks.anon_mb);
    report.index_peak_rss_file_mb = Some(peaks.file_mb);
    report.index_bytes = measure::dir_bytes(&args.dir);
    report.notes.push(format!(
        "one commit at the end; budget {} MB",
        args.budget_mb
    ));
    if args.delete_each {
        report
            .notes
            .push("delete_term(id) before each add_document, as SearchIndex::update does".into());
    }
    Ok((index, fields))
}

/// The same per-language keys as pressroom's index.
fn register_tokenizers(index: &Index, common: &Arc<CommonKeys>) {
    for (name, lang) in [("en", Lang::En), ("ru", Lang::Ru)] {
        let tokenizer = PressroomTokenizer::new(lang, Arc::clone(common));
        index
            .tokenizers()
            .register(name, TextAnalyzer::from(tokenizer));
    }
}
