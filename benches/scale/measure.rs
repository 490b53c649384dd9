//! Timing, memory and size measurements, and the report every engine's
//! bench prints in the same JSON shape.

use super::queries::BenchQuery;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

/// Peak resident memory of this process so far (VmHWM), in MB.
pub fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Peaks of resident memory by kind while a phase ran, in MB: anonymous
/// (`RssAnon`: heap, arenas, queues; what the memory budget is about) and
/// file-backed (`RssFile`: pages of mmapped files such as index segments,
/// and the binary; page cache the kernel can reclaim).
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct MemPeaks {
    pub anon_mb: f64,
    pub file_mb: f64,
    /// Highest `VmRSS` seen (anon + file + shmem at one instant).
    pub rss_mb: f64,
    /// The last `VmHWM` seen (the kernel's own peak of VmRSS).
    pub hwm_mb: f64,
}

/// Samples `/proc/PID/status` on a thread (every 20 ms) until
/// [`MemSampler::finish`].
pub struct MemSampler {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    handle: std::thread::JoinHandle<MemPeaks>,
}

impl MemSampler {
    /// Sample this process (`None`) or another one.
    pub fn start(pid: Option<u32>) -> MemSampler {
        use std::sync::atomic::Ordering;
        let path = match pid {
            Some(pid) => format!("/proc/{pid}/status"),
            None => "/proc/self/status".to_string(),
        };
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopping = stop.clone();
        let handle = std::thread::spawn(move || {
            let mut peaks = MemPeaks::default();
            loop {
                let last = stopping.load(Ordering::Relaxed);
                if let Some(now) = read_mem(&path) {
                    peaks.anon_mb = peaks.anon_mb.max(now.anon_mb);
                    peaks.file_mb = peaks.file_mb.max(now.file_mb);
                    peaks.rss_mb = peaks.rss_mb.max(now.rss_mb);
                    peaks.hwm_mb = peaks.hwm_mb.max(now.hwm_mb);
                }
                if last {
                    return peaks;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        });
        MemSampler { stop, handle }
    }

    pub fn finish(self) -> MemPeaks {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        self.handle.join().unwrap_or_default()
    }
}

/// The current `RssAnon`, `RssFile`, `VmRSS` and `VmHWM` of a
/// `/proc/*/status` file.
pub fn read_mem(status_path: &str) -> Option<MemPeaks> {
    let status = std::fs::read_to_string(status_path).ok()?;
    let field = |name: &str| -> Option<f64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb / 1024.0)
    };
    Some(MemPeaks {
        anon_mb: field("RssAnon:")?,
        file_mb: field("RssFile:")?,
        rss_mb: field("VmRSS:")?,
        hwm_mb: field("VmHWM:")?,
    })
}

/// Reset the peak so the next phase is measured alone (Linux `clear_refs`
/// value 5). Returns whether the kernel accepted it.
pub fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Whose CPU time a [`CpuClock`] reads: this process's threads, or the
/// children it has waited for (the CLI it runs to build the index).
#[derive(Debug, Clone, Copy)]
pub enum CpuOf {
    This,
    WaitedChildren,
}

/// User + system CPU seconds `of` has used so far (`getrusage`). On two
/// cores a phase's CPU time shows what its wall time hides: whether it kept
/// both cores busy, and what it would cost on a machine doing other work too.
#[allow(unsafe_code)] // one FFI call into libc
fn cpu_secs_now(of: CpuOf) -> Option<f64> {
    let who = match of {
        CpuOf::This => libc::RUSAGE_SELF,
        CpuOf::WaitedChildren => libc::RUSAGE_CHILDREN,
    };
    // SAFETY: getrusage writes one `rusage` into the zeroed value it is
    // given and reads nothing else.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        if libc::getrusage(who, &mut usage) != 0 {
            return None;
        }
        usage
    };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Some(secs(usage.ru_utime) + secs(usage.ru_stime))
}

/// A CPU clock: the user + system seconds `of` used since it started.
pub struct CpuClock {
    of: CpuOf,
    start: Option<f64>,
}

impl CpuClock {
    pub fn start(of: CpuOf) -> CpuClock {
        CpuClock {
            of,
            start: cpu_secs_now(of),
        }
    }

    /// `None` where `getrusage` failed.
    pub fn secs(&self) -> Option<f64> {
        Some(cpu_secs_now(self.of)? - self.start?)
    }
}

/// Total size of the files under `path`.
pub fn dir_bytes(path: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(path) else {
        return std::fs::metadata(path).map_or(0, |m| m.len());
    };
    entries
        .filter_map(Result::ok)
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => dir_bytes(&e.path()),
            _ => e.metadata().map_or(0, |m| m.len()),
        })
        .sum()
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Percentiles {
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub n: usize,
}

/// Nearest-rank percentiles of `samples` (milliseconds).
pub fn percentiles(samples: &mut [f64]) -> Percentiles {
    samples.sort_by(f64::total_cmp);
    let at = |p: f64| {
        if samples.is_empty() {
            return f64::NAN;
        }
        let rank = ((p / 100.0) * samples.len() as f64).ceil() as usize;
        samples[rank.clamp(1, samples.len()) - 1]
    };
    Percentiles {
        p50: at(50.0),
        p95: at(95.0),
        p99: at(99.0),
        n: samples.len(),
    }
}

/// Query latencies: each query once to warm up, then `reps` rounds over the
/// whole set. `run` returns the query's total match count. Gives
/// percentiles per kind and over all ("all"), and each query's count.
pub fn latencies(
    queries: &[BenchQuery],
    reps: usize,
    mut run: impl FnMut(&BenchQuery) -> anyhow::Result<usize>,
) -> anyhow::Result<Latencies> {
    let mut hits = BTreeMap::new();
    for q in queries {
        hits.insert(q.label(), run(q)?);
    }
    let mut by_kind: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut by_query: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for _ in 0..reps {
        for q in queries {
            let start = Instant::now();
            run(q)?;
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            by_query.entry(q.label()).or_default().push(ms);
            by_kind.entry(q.kind.clone()).or_default().push(ms);
            by_kind.entry("all".into()).or_default().push(ms);
            if q.kind != "cross" {
                by_kind.entry("plain".into()).or_default().push(ms);
            }
        }
    }
    let stats = by_kind
        .into_iter()
        .map(|(k, mut v)| (k, percentiles(&mut v)))
        .collect();
    let per_query = by_query
        .into_iter()
        .map(|(k, mut v)| (k, percentiles(&mut v).p50))
        .collect();
    Ok(Latencies {
        by_kind: stats,
        hits,
        per_query_p50: per_query,
    })
}

/// What [`latencies`] measured.
pub struct Latencies {
    /// Percentiles per kind of query, and over all ("all") and non-cross ("plain") queries.
    pub by_kind: BTreeMap<String, Percentiles>,
    /// Matches per query label.
    pub hits: BTreeMap<String, usize>,
    /// Median latency per query label, ms: which queries make the tail.
    pub per_query_p50: BTreeMap<String, f64>,
}

/// Queries per second with `threads` threads running the set round-robin
/// for `duration`.
/// Time the query set as every engine's report has it: latency
/// percentiles over `reps` single-threaded rounds, the matches of each
/// query, then throughput on `threads` threads for `qps_secs`; then print
/// the report as one JSON line.
pub fn time_queries_and_print(
    report: &mut Report,
    queries: &[BenchQuery],
    reps: usize,
    qps_secs: f64,
    run: impl Fn(&BenchQuery) -> anyhow::Result<usize> + Sync,
) -> anyhow::Result<()> {
    let measured = latencies(queries, reps, &run)?;
    report.latency_ms = measured.by_kind;
    report.hits = measured.hits;
    report.per_query_p50_ms = measured.per_query_p50;
    report.qps = throughput(
        queries,
        report.qps_threads,
        Duration::from_secs_f64(qps_secs),
        run,
    )?;
    println!("{}", serde_json::to_string(report)?);
    Ok(())
}

pub fn throughput(
    queries: &[BenchQuery],
    threads: usize,
    duration: Duration,
    run: impl Fn(&BenchQuery) -> anyhow::Result<usize> + Sync,
) -> anyhow::Result<f64> {
    let start = Instant::now();
    let counts = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let run = &run;
                s.spawn(move || -> anyhow::Result<usize> {
                    let mut done = 0;
                    let mut i = t * 7;
                    while start.elapsed() < duration {
                        run(&queries[i % queries.len()])?;
                        i += 1;
                        done += 1;
                    }
                    Ok(done)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .map_err(|_| anyhow::anyhow!("query thread panicked"))?
            })
            .collect::<anyhow::Result<Vec<usize>>>()
    })?;
    Ok(counts.iter().sum::<usize>() as f64 / start.elapsed().as_secs_f64())
}

/// One engine's results; the same keys are written by the Python and Java
/// harnesses.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Report {
    pub engine: String,
    pub docs: u64,
    /// Bytes of JSONL read.
    pub input_bytes: u64,
    /// Storing documents before indexing (pressroom only: the SQLite store).
    pub import_secs: Option<f64>,
    pub import_peak_rss_mb: Option<f64>,
    /// User + system CPU seconds of the import (all its threads).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub import_cpu_secs: Option<f64>,
    /// Building the index from the documents.
    pub index_secs: f64,
    /// User + system CPU seconds of the index build (all its threads; the
    /// CLI's when it builds the index).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index_cpu_secs: Option<f64>,
    pub index_peak_rss_mb: Option<f64>,
    /// Peak anonymous resident memory while indexing (sampled).
    pub index_peak_rss_anon_mb: Option<f64>,
    /// Peak file-backed resident memory while indexing (sampled; mmapped
    /// segments, reclaimable).
    pub index_peak_rss_file_mb: Option<f64>,
    /// Everything from JSONL to a searchable index.
    pub total_secs: f64,
    /// The index writer's memory (tantivy's `memory_budget_in_bytes`), MB:
    /// pressroom's is what its memory plan leaves of the budget, so
    /// `run.sh` can run bare tantivy with the same writer memory.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub writer_heap_mb: Option<u64>,
    pub index_bytes: u64,
    pub store_bytes: Option<u64>,
    pub latency_ms: BTreeMap<String, Percentiles>,
    pub qps_threads: usize,
    pub qps: f64,
    pub hits: BTreeMap<String, usize>,
    /// Median latency of each query, ms (Rust harnesses only).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub per_query_p50_ms: BTreeMap<String, f64>,
    pub notes: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cpu_clock_counts_this_process_work_and_no_child_it_has_not_waited_for() {
        let mine = CpuClock::start(CpuOf::This);
        let children = CpuClock::start(CpuOf::WaitedChildren);
        // Work enough for the kernel's accounting to see it (its tick is
        // at most 10 ms), whatever the machine's speed; a clock that never
        // moves fails after 10 s instead of hanging.
        let started = Instant::now();
        let mut x = 1u64;
        while mine.secs().expect("getrusage") < 0.05 && started.elapsed() < Duration::from_secs(10)
        {
            for i in 0..100_000u64 {
                x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(i));
            }
        }
        assert!(mine.secs().unwrap() >= 0.05);
        assert_eq!(children.secs(), Some(0.0));
    }

    #[test]
    fn nearest_rank_percentiles() {
        let mut v: Vec<f64> = (1..=100).rev().map(f64::from).collect();
        let p = percentiles(&mut v);
        assert_eq!((p.p50, p.p95, p.p99, p.n), (50.0, 95.0, 99.0, 100));
        let p = percentiles(&mut [3.0]);
        assert_eq!((p.p50, p.p99), (3.0, 3.0));
    }

    #[test]
    fn peak_memory_is_readable_on_linux() {
        let mb = peak_rss_mb().expect("VmHWM");
        assert!(mb > 0.5, "{mb}");
        let sampler = MemSampler::start(None);
        let block = vec![1u8; 32 << 20];
        std::thread::sleep(Duration::from_millis(60));
        let peaks = sampler.finish();
        assert!(peaks.anon_mb >= 32.0, "{peaks:?}");
        assert!(
            peaks.file_mb > 0.0 && peaks.rss_mb >= peaks.anon_mb,
            "{peaks:?}"
        );
        drop(block);
    }
}
