use crate::context::Context;
use crate::output::progress;
use anyhow::{Context as _, Result, bail};
use pressroom_model::sources::SourcesConfig;
use pressroom_parse::{ContentKind, Input};
use pressroom_store::{ImportRecord, Store, Upsert};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct ImportArgs {
    /// Files or folders (searched recursively for .txt, .html, .htm, .warc and .warc.gz).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Re-parse files even when their content has not changed.
    #[arg(long)]
    force: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
}

/// What an import did, file by file.
#[derive(Debug, Default, Serialize)]
pub struct ImportSummary {
    pub files: u64,
    pub unchanged_files: u64,
    pub new_documents: u64,
    pub changed_documents: u64,
    pub unchanged_documents: u64,
    pub failed: Vec<Failure>,
}

#[derive(Debug, Serialize)]
pub struct Failure {
    pub path: String,
    pub reason: String,
}

/// What an importable file holds.
#[derive(Clone, Copy)]
enum FileKind {
    Page(ContentKind),
    /// A web archive written by `pressroom fetch` (or any WARC crawler).
    Warc,
}

fn kind_of(path: &Path) -> Option<FileKind> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    if name.ends_with(".warc") || name.ends_with(".warc.gz") {
        return Some(FileKind::Warc);
    }
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "txt" | "text" => Some(FileKind::Page(ContentKind::Text)),
        "html" | "htm" | "xhtml" => Some(FileKind::Page(ContentKind::Html)),
        _ => None,
    }
}

/// Files to import under `paths`, in a stable order. Explicitly named files
/// of an unknown kind are errors; inside folders they are skipped.
fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        let meta =
            std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
        if meta.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(path)
                .follow_links(true)
                .into_iter()
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_file() && kind_of(e.path()).is_some())
                .map(|e| e.into_path())
                .collect();
            found.sort();
            files.extend(found);
        } else if kind_of(path).is_some() {
            files.push(path.clone());
        } else {
            bail!(
                "{}: not a file pressroom imports (supported: .txt, .text, .html, .htm, .xhtml, .warc, .warc.gz)",
                path.display()
            );
        }
    }
    Ok(files)
}

pub fn import_paths(
    ctx: &Context,
    store: &mut Store,
    paths: &[PathBuf],
    force: bool,
) -> Result<ImportSummary> {
    let files = collect_files(paths)?;
    let sources = ctx.sources()?;
    let bar = progress(files.len() as u64, "importing");
    let mut summary = ImportSummary::default();
    for path in &files {
        summary.files += 1;
        if let Err(reason) = import_file(ctx, store, &sources, path, force, &mut summary) {
            summary.failed.push(Failure {
                path: path.display().to_string(),
                reason: format!("{reason:#}"),
            });
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(summary)
}

fn import_file(
    ctx: &Context,
    store: &mut Store,
    sources: &SourcesConfig,
    path: &Path,
    force: bool,
    summary: &mut ImportSummary,
) -> Result<()> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let origin = ctx.origin_of(path);
    let sha = hex::encode(Sha256::digest(&bytes));
    let tx = store.conn_mut().transaction()?;
    if !force
        && pressroom_store::import_record(&tx, &origin)?
            .is_some_and(|r| r.sha256 == sha && r.error.is_none())
    {
        summary.unchanged_files += 1;
        return Ok(());
    }
    let mut record = ImportRecord {
        path: origin.clone(),
        sha256: sha,
        size: bytes.len() as i64,
        documents: 0,
        error: None,
    };
    let parsed = match kind_of(path) {
        Some(FileKind::Warc) => parse_warc(path, sources),
        Some(FileKind::Page(kind)) => {
            let input = Input {
                bytes: &bytes,
                origin: &origin,
                url: None,
                content_type: None,
                kind,
            };
            pressroom_parse::parse(&input, sources)
                .map(|parsed| vec![(origin.clone(), parsed)])
                .map_err(anyhow::Error::from)
        }
        None => Err(anyhow::anyhow!("not a file pressroom imports")),
    };
    match parsed {
        Ok(pages) => {
            for (page_origin, parsed) in &pages {
                let outcomes =
                    pressroom_store::replace_origin(&tx, page_origin, &parsed.documents)?;
                for outcome in outcomes {
                    match outcome {
                        Upsert::New => summary.new_documents += 1,
                        Upsert::Changed => summary.changed_documents += 1,
                        Upsert::Unchanged => summary.unchanged_documents += 1,
                    }
                }
                for link in &parsed.links {
                    pressroom_store::upsert_link(&tx, link)?;
                }
                record.documents += parsed.documents.len() as i64;
            }
            pressroom_store::record_import(&tx, &record)?;
            tx.commit()?;
            Ok(())
        }
        Err(err) => {
            // Remember the failure so the file is retried next time, and
            // report it without stopping the batch.
            record.error = Some(format!("{err:#}"));
            pressroom_store::record_import(&tx, &record)?;
            tx.commit()?;
            Err(err)
        }
    }
}

/// The HTML pages archived in a WARC file, parsed, keyed by page URL. Pages
/// that are not HTML, not 200, or do not parse are skipped: an archive holds
/// feeds, robots.txt and errors too.
fn parse_warc(
    path: &Path,
    sources: &SourcesConfig,
) -> Result<Vec<(String, pressroom_parse::Parsed)>> {
    let mut pages = Vec::new();
    for response in pressroom_fetch::read_warc(path) {
        let response = response.with_context(|| format!("reading {}", path.display()))?;
        let content_type = response.header("content-type").map(str::to_string);
        let is_html = content_type
            .as_deref()
            .is_none_or(|ct| ct.to_ascii_lowercase().contains("html"));
        if response.status != 200 || !is_html {
            continue;
        }
        let origin = pressroom_fetch::canon::canonical_string(&response.target_uri)
            .unwrap_or_else(|| response.target_uri.clone());
        let input = Input {
            bytes: &response.body,
            origin: &origin,
            url: Some(&response.target_uri),
            content_type: content_type.as_deref(),
            kind: ContentKind::Html,
        };
        let Ok(mut parsed) = pressroom_parse::parse(&input, sources) else {
            continue;
        };
        for doc in &mut parsed.documents {
            doc.meta.fetched_at = response.date;
            doc.meta.http_status = Some(response.status);
            doc.meta.warc_record_id = Some(response.record_id.clone());
        }
        pages.push((origin, parsed));
    }
    Ok(pages)
}

pub fn run(args: &ImportArgs, ctx: &Context) -> Result<()> {
    let mut store = ctx.open_store()?;
    let summary = import_paths(ctx, &mut store, &args.paths, args.force)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        println!(
            "{} files read ({} unchanged): {} new documents, {} changed, {} unchanged, {} failed",
            summary.files,
            summary.unchanged_files,
            summary.new_documents,
            summary.changed_documents,
            summary.unchanged_documents,
            summary.failed.len()
        );
        for f in &summary.failed {
            println!("  failed: {}: {}", f.path, f.reason);
        }
        if summary.new_documents + summary.changed_documents > 0 {
            println!("Run `pressroom index` (or just search) to make them searchable.");
        }
    }
    if !summary.failed.is_empty() {
        bail!(
            "{} of {} files could not be imported",
            summary.failed.len(),
            summary.files
        );
    }
    Ok(())
}
