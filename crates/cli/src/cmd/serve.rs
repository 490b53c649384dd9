//! `pressroom serve`: the web workspace and JSON API. Bootstraps the store
//! and index as the other commands do, then serves them read-only.

use crate::context::Context;
use anyhow::{Context as _, Result};
use pressroom_server::ServerConfig;
use std::net::SocketAddr;

#[derive(clap::Args)]
pub struct ServeArgs {
    /// Address to listen on. Loopback by default: name another address to
    /// let other machines in (better: put a reverse proxy in front).
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "IP:PORT")]
    addr: SocketAddr,
    /// Searches (and other reads of the store and index) run at once; more
    /// wait their turn in arrival order. Default: the machine's cores.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1024))]
    jobs: Option<u32>,
    /// Open the workspace in the default browser once listening.
    #[arg(long)]
    open: bool,
}

pub fn run(args: &ServeArgs, ctx: &Context) -> Result<()> {
    // The first use imports the sample corpus and builds the index, as
    // `search` does; from then on the server only reads.
    drop(ctx.ready_index()?);
    let mut config = ServerConfig {
        sources: ctx.sources()?,
        ..ServerConfig::new(ctx.store_path(), ctx.index_dir.clone())
    };
    if let Some(jobs) = args.jobs {
        config.work_slots = jobs as usize;
    }
    let open = args.open;
    pressroom_server::serve_blocking(args.addr, config, move |addr| {
        let url = format!("http://{addr}/");
        eprintln!("pressroom is serving {url} (Ctrl-C stops it)");
        if open {
            // A missing opener is no reason to stop serving.
            if let Err(err) = std::process::Command::new("xdg-open").arg(&url).spawn() {
                eprintln!("could not open a browser ({err}); open {url} yourself");
            }
        }
    })
    .context("serving")
}
