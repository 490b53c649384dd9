#!/usr/bin/env python3
"""Side-by-side table of the engines' JSON reports from one run, with
pressroom's ratio to each peer computed pair by pair, and the issue's targets
checked. Usage: compare.py --budget-mb 200 pressroom.json tantivy.json xapian.json lucene.json
"""

import argparse
import json


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def lat(r, kind, p):
    v = r.get("latency_ms", {}).get(kind)
    return v[p] if v else None


def fmt(v, digits=2):
    if v is None:
        return "–"
    if isinstance(v, float):
        if abs(v) >= 1000:
            return f"{v:,.0f}"
        if abs(v) >= 100:
            return f"{v:.0f}"
        if abs(v) >= 10:
            return f"{v:.1f}"
        return f"{v:.{digits}f}"
    return f"{v:,}"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "–"
    return f"{a / b:.2f}×"


def total_cpu(r):
    """Import + build CPU seconds; None unless every timed step has its CPU."""
    build = r.get("index_cpu_secs")
    imported = r.get("import_cpu_secs")
    if build is None or (r.get("import_secs") is not None and imported is None):
        return None
    return build + (imported or 0.0)


def on_disk(r):
    """Everything an engine keeps to answer queries: pressroom's store and
    index; a peer's index with its stored fields."""
    total = (r.get("index_bytes") or 0) + (r.get("store_bytes") or 0)
    return total / 1e6 or None


def busy(r):
    cpu, secs = r.get("index_cpu_secs"), r.get("index_secs")
    return cpu / secs if cpu is not None and secs else None


def rows(r):
    mb = (r["input_bytes"] or 0) / 1e6
    total = r["total_secs"]
    return [
        ("documents", r["docs"], None),
        ("input, MB (JSONL)", mb, None),
        ("store import, s", r.get("import_secs"), "lower"),
        ("index build, s", r["index_secs"], "lower"),
        ("JSONL → searchable, s", total, "lower"),
        ("docs/s (end to end)", r["docs"] / total if total else None, "higher"),
        ("MB/s (end to end)", mb / total if total else None, "higher"),
        ("docs/s (index build only)", r["docs"] / r["index_secs"] if r["index_secs"] else None, "higher"),
        ("CPU of the store import, s (user + system)", r.get("import_cpu_secs"), "lower"),
        ("CPU of the index build, s (user + system)", r.get("index_cpu_secs"), "lower"),
        ("CPU JSONL → searchable, s", total_cpu(r), "lower"),
        ("cores busy in the index build (CPU ÷ time)", busy(r), None),
        ("index writer memory given, MB", r.get("writer_heap_mb"), None),
        ("peak RSS while indexing, MB", r.get("index_peak_rss_mb"), "lower"),
        ("— of it anonymous (RssAnon peak), MB", r.get("index_peak_rss_anon_mb"), "lower"),
        ("— file-backed (RssFile peak), MB", r.get("index_peak_rss_file_mb"), "lower"),
        ("peak RSS while importing, MB", r.get("import_peak_rss_mb"), "lower"),
        ("index size, MB", (r["index_bytes"] or 0) / 1e6 or None, "lower"),
        ("store size, MB", r["store_bytes"] / 1e6 if r.get("store_bytes") else None, "lower"),
        ("on disk, MB (store + index)", on_disk(r), "lower"),
        ("query p50, ms (all)", lat(r, "all", "p50"), "lower"),
        ("query p95, ms (all)", lat(r, "all", "p95"), "lower"),
        ("query p99, ms (all)", lat(r, "all", "p99"), "lower"),
        ("p50 word, ms", lat(r, "word", "p50"), "lower"),
        ("p50 phrase, ms", lat(r, "phrase", "p50"), "lower"),
        ("p50 multi-word, ms", lat(r, "multi", "p50"), "lower"),
        ("p50 filtered, ms", lat(r, "filtered", "p50"), "lower"),
        ("p99 plain (not cross), ms", lat(r, "plain", "p99"), "lower"),
        ("p99 cross-language, ms", lat(r, "cross", "p99"), "lower"),
        (f"queries/s, {r['qps_threads']} threads", r["qps"], "higher"),
    ]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--budget-mb", type=float, default=200)
    ap.add_argument("--cli-ms", type=float, help="CLI cold start to first result, mean ms")
    ap.add_argument("reports", nargs="+")
    a = ap.parse_args()
    reps = [load(p) for p in a.reports]
    by = {r["engine"]: r for r in reps}
    pr = by.get("pressroom")
    peers = [r for r in reps if r["engine"] != "pressroom"]
    names = [r["engine"] for r in reps]
    head = "| | " + " | ".join(names) + " | " + " | ".join(
        f"pressroom ÷ {p['engine']}" for p in peers) + " |"
    print(head)
    print("|" + "---|" * (1 + len(names) + len(peers)))
    table = {r["engine"]: rows(r) for r in reps}
    for i, (label, _, better) in enumerate(table[names[0]]):
        cells = [fmt(table[n][i][1]) for n in names]
        ratios = []
        for p in peers:
            if pr is None or better is None:
                ratios.append("")
            else:
                ratios.append(ratio(table["pressroom"][i][1], table[p["engine"]][i][1]))
        hint = f" ({better} is better)" if better else ""
        print(f"| {label}{hint} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
    print()
    for r in reps:
        for note in r.get("notes", []):
            print(f"- {r['engine']}: {note}")
    if a.cli_ms is not None:
        print(f"\npressroom CLI cold start to first result: {a.cli_ms:.0f} ms (mean)")

    if pr is None:
        return
    print("\nTargets, measured in this run:\n")
    eps = lambda r: r["docs"] / r["total_secs"]
    # A queries-only run reuses indexes and times no indexing: no indexing
    # checks then.
    timed = lambda r: r.get("total_secs", 0) > 0
    checks = []
    if "lucene" in by and timed(pr) and timed(by["lucene"]):
        checks.append(("indexing faster than Lucene (end-to-end docs/s)",
                       eps(pr) > eps(by["lucene"]), f"{eps(pr) / eps(by['lucene']):.2f}× Lucene"))
    if "lucene" in by and timed(pr) and timed(by["lucene"]):
        checks.append(("end to end ≥ 1.25× Lucene's docs/s",
                       eps(pr) >= 1.25 * eps(by["lucene"]), f"{eps(pr) / eps(by['lucene']):.2f}× Lucene"))
    if "lucene" in by and on_disk(by["lucene"]):
        checks.append(("store + index at most 1.3× Lucene's index",
                       on_disk(pr) <= 1.3 * on_disk(by["lucene"]),
                       f"{on_disk(pr) / on_disk(by['lucene']):.2f}× ({on_disk(pr):,.0f} vs {on_disk(by['lucene']):,.0f} MB)"))
    if "lucene" in by:
        checks.append(("query p50 no slower than Lucene's",
                       lat(pr, "all", "p50") <= lat(by["lucene"], "all", "p50"),
                       f"{lat(pr, 'all', 'p50'):.2f} vs {lat(by['lucene'], 'all', 'p50'):.2f} ms"))
    if "xapian" in by and timed(pr) and timed(by["xapian"]):
        checks.append(("indexing ≥ 3× Xapian's docs/s", eps(pr) >= 3 * eps(by["xapian"]),
                       f"{eps(pr) / eps(by['xapian']):.2f}× Xapian"))
    if "xapian" in by:
        checks.append(("query p50 no slower than Xapian's",
                       lat(pr, "all", "p50") <= lat(by["xapian"], "all", "p50"),
                       f"{lat(pr, 'all', 'p50'):.2f} vs {lat(by['xapian'], 'all', 'p50'):.2f} ms"))
    # Bare tantivy: with the budget as its writer memory ("tantivy"), and
    # with the writer memory pressroom's plan left ("tantivy, N MB writer").
    for floor in [r for r in peers if r["engine"].startswith("tantivy") and timed(r) and timed(pr)]:
        t = floor["total_secs"]
        heap = floor.get("writer_heap_mb")
        which = f"bare tantivy, {heap} MB writer" if heap else "bare tantivy"
        checks.append((f"indexing within 1.5× of {which} (end to end)",
                       pr["total_secs"] <= 1.5 * t, f"{pr['total_secs'] / t:.2f}× the time"))
        checks.append((f"index build alone within 1.5× of {which}",
                       pr["index_secs"] <= 1.5 * t, f"{pr['index_secs'] / t:.2f}× the time"))
    checks.append(("query p99 under 15 ms (snippets included)", lat(pr, "all", "p99") < 15,
                   f"{lat(pr, 'all', 'p99'):.2f} ms"))
    checks.append(("cross-language p99 under 2× plain p99",
                   lat(pr, "cross", "p99") < 2 * lat(pr, "plain", "p99"),
                   f"{lat(pr, 'cross', 'p99'):.2f} vs {lat(pr, 'plain', 'p99'):.2f} ms "
                   "(see the notes: with or without a translator)"))
    peak = pr.get("index_peak_rss_mb")
    anon = pr.get("index_peak_rss_anon_mb")
    if anon is not None:
        checks.append((f"anonymous memory while indexing within the {a.budget_mb:.0f} MB budget",
                       anon <= a.budget_mb,
                       f"peak RssAnon {anon:.0f} MB (RssFile {pr.get('index_peak_rss_file_mb') or 0:.0f} MB, "
                       f"VmHWM {peak or 0:.0f} MB)"))
    elif peak is not None:
        checks.append((f"memory while indexing within the {a.budget_mb:.0f} MB budget",
                       peak <= a.budget_mb, f"peak RSS {peak:.0f} MB"))
    for what, ok, detail in checks:
        print(f"- {'MET' if ok else 'NOT MET'}: {what} — {detail}")

    print("\nMatches per query (sanity: the engines' analyzers differ a little):\n")
    print("| query | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for label in pr["hits"]:
        print(f"| {label} | " + " | ".join(fmt(by[n]["hits"].get(label)) for n in names) + " |")

    # Which queries make the tail: the Rust harnesses record each query's median.
    timed = [n for n in names if by[n].get("per_query_p50_ms")]
    if timed:
        print("\nMedian latency per query, ms (engines whose harness records it), slowest first:\n")
        print("| query | " + " | ".join(timed) + " |")
        print("|---|" + "---:|" * len(timed))
        first = by[timed[0]]["per_query_p50_ms"]
        for label in sorted(first, key=first.get, reverse=True):
            print(f"| {label} | " + " | ".join(
                fmt(by[n]["per_query_p50_ms"].get(label)) for n in timed) + " |")


if __name__ == "__main__":
    main()
