use crate::context::Context;
use anyhow::{Context as _, Result};
use pressroom_model::Link;
use serde_json::json;

#[derive(clap::Args)]
pub struct ShowArgs {
    /// Document id (or a unique prefix of one), as printed by `search`.
    id: String,
    /// Print the document and its links as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: &ShowArgs, ctx: &Context) -> Result<()> {
    let store = ctx.open_store()?;
    let conn = store.conn();
    let id = pressroom_store::resolve_id(conn, &args.id)?;
    let doc = pressroom_store::get_document(conn, &id)?
        .with_context(|| format!("no document with id {id}"))?;
    let links = pressroom_store::links_for(conn, &id)?;
    let other = |l: &Link| if l.a == id { l.b.clone() } else { l.a.clone() };
    if args.json {
        let links: Vec<_> = links
            .iter()
            .map(|l| {
                json!({
                    "id": other(l),
                    "kind": l.kind,
                    "score": l.score,
                    "evidence": l.evidence,
                })
            })
            .collect();
        let mut value = serde_json::to_value(&doc)?;
        value["links"] = json!(links);
        crate::outln!("{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(());
    }
    crate::outln!("{}", doc.title)?;
    crate::outln!("id:        {}", doc.id)?;
    crate::outln!(
        "source:    {}",
        if doc.source.is_empty() {
            "unknown"
        } else {
            &doc.source
        }
    )?;
    crate::outln!("language:  {}", doc.lang)?;
    crate::outln!(
        "published: {}",
        doc.published
            .map_or_else(|| "unknown".into(), |d| d.to_string())
    )?;
    crate::outln!("origin:    {}", doc.origin)?;
    if let Some(url) = &doc.meta.url {
        crate::outln!("url:       {url}")?;
    }
    if let Some(url) = &doc.meta.original_url {
        crate::outln!("original:  {url}")?;
    }
    for (lang, url) in &doc.meta.alternates {
        crate::outln!("version:   {lang} {url}")?;
    }
    for link in &links {
        let title = pressroom_store::get_document(conn, &other(link))?
            .map(|d| format!("{} ({})", d.title, d.lang))
            .unwrap_or_default();
        crate::outln!(
            "{:<10} {} {title} — score {:.2}",
            format!("{}:", link.kind.as_str()),
            other(link),
            link.score
        )?;
        for e in &link.evidence {
            crate::outln!("             · {}: {}", e.signal, e.detail)?;
        }
    }
    crate::outln!()?;
    for paragraph in doc.paragraphs() {
        crate::outln!("{paragraph}\n")?;
    }
    Ok(())
}
