use crate::context::Context;
use anyhow::Result;

#[derive(clap::Args)]
pub struct StatsArgs {
    /// Print the counts as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: &StatsArgs, ctx: &Context) -> Result<()> {
    let store = ctx.open_store_read_only()?;
    let stats = pressroom_store::stats(store.conn())?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&stats)?);
        return Ok(());
    }
    println!("{} documents", stats.documents);
    for (title, map) in [
        ("by source", &stats.by_source),
        ("by language", &stats.by_lang),
        ("by year", &stats.by_year),
        ("links", &stats.links),
    ] {
        if map.is_empty() {
            continue;
        }
        println!("\n{title}:");
        for (key, count) in map {
            println!("  {key:<40} {count:>8}");
        }
    }
    Ok(())
}
