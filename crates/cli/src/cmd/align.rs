//! `pressroom parallel`, `pressroom align` and `pressroom export parallel`:
//! find translation/report pairs, align two documents sentence by sentence,
//! and write every stored pair's aligned sentences.

use crate::context::Context;
use anyhow::{Context as _, Result};
use pressroom_align::{
    AlignedDocs, AnchorScorer, Dictionary, PairOptions, align_documents, find_pairs, store_links,
    write_jsonl, write_tmx, write_tsv,
};
use pressroom_model::{Document, Lang, Link, LinkKind};
use std::io::Write;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum AlignFormat {
    Tmx,
    Tsv,
    Jsonl,
}

#[derive(clap::Args)]
pub struct ParallelArgs {
    /// Only report pairs scoring at least this (0–1).
    #[arg(long, default_value_t = 0.3, value_name = "X")]
    min_score: f32,
    /// Print the pairs as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct AlignArgs {
    /// English document id (or unique prefix).
    id_en: String,
    /// Russian document id (or unique prefix).
    id_ru: String,
    #[arg(long, value_enum, default_value = "tsv")]
    format: AlignFormat,
}

#[derive(clap::Args)]
pub struct ExportParallelArgs {
    #[arg(long, value_enum)]
    format: AlignFormat,
    /// Only pairs scoring at least this.
    #[arg(long, default_value_t = 0.0, value_name = "X")]
    min_score: f32,
}

/// `pressroom eval parallel`: the parallel-news evaluation with the
/// dictionaries the other commands use.
pub fn evaluate_parallel(path: &std::path::Path) -> Result<pressroom_align::ParallelReport> {
    Ok(pressroom_align::evaluate_parallel(
        path,
        &scorer(),
        pressroom_analysis::translate::Translator::new(),
    )?)
}

fn scorer() -> AnchorScorer {
    AnchorScorer::with_dictionary(Dictionary::general())
}

fn write(format: AlignFormat, docs: &[AlignedDocs]) -> Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match format {
        AlignFormat::Tmx => write_tmx(&mut out, docs)?,
        AlignFormat::Tsv => write_tsv(&mut out, docs)?,
        AlignFormat::Jsonl => write_jsonl(&mut out, docs)?,
    }
    out.flush()?;
    Ok(())
}

/// `pressroom parallel`: find pairs, store them, print them.
pub fn run_parallel(args: &ParallelArgs, ctx: &Context) -> Result<()> {
    let index = ctx.ready_index()?;
    let mut store = ctx.open_store()?;
    let opts = PairOptions {
        min_score: args.min_score,
        ..PairOptions::default()
    };
    let links = find_pairs(store.conn(), &index, &scorer(), &opts)?;
    store_links(store.conn_mut(), &links)?;
    learn_from_pairs(&mut store)?;
    if args.json {
        crate::outln!("{}", serde_json::to_string_pretty(&links)?)?;
        return Ok(());
    }
    if links.is_empty() {
        crate::outln!("No pairs scoring at least {}.", args.min_score)?;
        return Ok(());
    }
    for l in &links {
        let title = |id| {
            pressroom_store::get_document(store.conn(), id)
                .ok()
                .flatten()
                .map(|d| format!("[{}] {}", d.lang, d.title))
                .unwrap_or_default()
        };
        crate::outln!("{} {} {} {:.2}", l.a, l.b, l.kind.as_str(), l.score)?;
        crate::outln!("  {}", title(&l.a))?;
        crate::outln!("  {}", title(&l.b))?;
        for e in &l.evidence {
            crate::outln!("    {:<22} {:+.2}  {}", e.signal, e.weight, e.detail)?;
        }
    }
    crate::outln!("{} pairs stored.", links.len())?;
    Ok(())
}

/// Translation links at least this sure teach the learned lexicon; weaker
/// ones are more likely reports, whose sentences do not translate each other.
const LEARN_MIN_SCORE: f32 = 0.5;

/// Re-learn the lexicon from every stored translation pair, so the next
/// search translates the corpus's own vocabulary (see `pressroom_align::learn`).
fn learn_from_pairs(store: &mut pressroom_store::Store) -> Result<()> {
    let learned = pressroom_align::learn_from_store(store.conn(), LEARN_MIN_SCORE, &scorer())
        .context("learning a lexicon from the stored pairs")?;
    pressroom_store::replace_learned_terms(store.conn_mut(), &learned)
        .context("storing the learned lexicon")?;
    eprintln!(
        "{} word pairs learned from stored translation pairs (used by search).",
        learned.len()
    );
    Ok(())
}

fn load(store: &pressroom_store::Store, id: &str) -> Result<Document> {
    let id = pressroom_store::resolve_id(store.conn(), id)?;
    pressroom_store::get_document(store.conn(), &id)?
        .with_context(|| format!("no document with id {id}"))
}

/// `pressroom align ID_EN ID_RU`: align two documents' sentences.
pub fn run_align(args: &AlignArgs, ctx: &Context) -> Result<()> {
    let store = ctx.open_store()?;
    let en = load(&store, &args.id_en)?;
    let ru = load(&store, &args.id_ru)?;
    if en.lang == ru.lang {
        anyhow::bail!(
            "both documents are in {}; align needs an English and a Russian one",
            en.lang
        );
    }
    write(args.format, &[align_documents(&en, &ru, &scorer())])
}

/// `pressroom export parallel`: aligned sentences of every stored pair.
// `export` takes a document query as its positional argument today; this
// runs once `export` dispatches a `parallel` subcommand to it.
pub fn run_export_parallel(args: &ExportParallelArgs, ctx: &Context) -> Result<()> {
    let store = ctx.open_store()?;
    let links: Vec<Link> = pressroom_store::all_links(store.conn(), None)?
        .into_iter()
        .filter(|l| l.score >= args.min_score)
        .collect();
    let scorer = scorer();
    let mut docs = Vec::new();
    for link in &links {
        let (Some(a), Some(b)) = (
            pressroom_store::get_document(store.conn(), &link.a)?,
            pressroom_store::get_document(store.conn(), &link.b)?,
        ) else {
            continue;
        };
        // Only English–Russian pairs have sentences to pair; a same-language
        // report is a relation, not a bitext.
        let bilingual = matches!(
            (a.lang, b.lang),
            (Lang::En, Lang::Ru) | (Lang::Ru, Lang::En)
        );
        if bilingual && (link.kind == LinkKind::Translation || link.kind == LinkKind::Report) {
            docs.push(align_documents(&a, &b, &scorer));
        }
    }
    if docs.is_empty() {
        eprintln!("No English–Russian pairs stored; run `pressroom parallel` first.");
    }
    write(args.format, &docs)
}
