#!/usr/bin/python3
"""Xapian 1.4 on the generated corpus and the shared query set.

Run with Debian's /usr/bin/python3 (python3-xapian is a Debian package, not on
PyPI). Same documents, same queries, same report keys as the Rust benches
(benches/scale/measure.rs), so scripts/bench/compare.py can put them side by
side.

Analysis: Xapian's TermGenerator with the Snowball stemmer of the document's
language (english or russian), STEM_ALL (every term stemmed, with positions,
so phrases work on stems), no stop words (Xapian ships no stop lists). Titles
are indexed a second time under the "S" prefix and weigh twice in queries,
like pressroom's title boost. Query words are stemmed with both stemmers and
searched in both, like pressroom's bilingual queries. Exact totals are
requested (checkatleast = all documents), as pressroom counts them exactly.
"""

import argparse
import json
import multiprocessing
import os
import re
import resource
import shutil
import threading
import time

import xapian

STEMMERS = {"en": xapian.Stem("english"), "ru": xapian.Stem("russian")}
DATE_SLOT = 0
WORD = re.compile(r"\w+")


def cpu_secs():
    """User + system CPU seconds of this process so far."""
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime


def vm_hwm_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return None


class MemSampler:
    """Peaks of anonymous and file-backed resident memory (RssAnon, RssFile
    of /proc/self/status), sampled every 50 ms on a thread until stop()."""

    def __init__(self):
        self.anon = self.file = 0.0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _sample(self):
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("RssAnon:"):
                    self.anon = max(self.anon, int(line.split()[1]) / 1024.0)
                elif line.startswith("RssFile:"):
                    self.file = max(self.file, int(line.split()[1]) / 1024.0)

    def _run(self):
        while not self.done.wait(0.05):
            self._sample()

    def stop(self):
        self.done.set()
        self.thread.join()
        self._sample()
        return self.anon, self.file


def dir_bytes(path):
    total = 0
    for root, _, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(root, f)) for f in files)
    return total


def load_queries(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = (line.split("\t") + [""] * 7)[:7]
            kind, text, lang, source, since, until, cross = [c.strip() for c in cols]
            out.append(dict(kind=kind, text=text, lang=lang or None, source=source or None,
                            since=since or None, until=until or None, cross=cross == "1"))
    return out


def label(q):
    s = f"{q['kind']}: {q['text']}"
    for key in ("lang", "source", "since", "until"):
        if q[key]:
            s += f" {key}={q[key]}"
    return s


def index(corpus, db_path):
    if os.path.exists(db_path):
        shutil.rmtree(db_path)
    db = xapian.WritableDatabase(db_path, xapian.DB_CREATE_OR_OVERWRITE)
    generators = {}
    for lang, stem in STEMMERS.items():
        tg = xapian.TermGenerator()
        tg.set_stemmer(stem)
        tg.set_stemming_strategy(xapian.TermGenerator.STEM_ALL)
        generators[lang] = tg
    docs = 0
    nbytes = 0
    with open(corpus, "rb") as f:
        for raw in f:
            nbytes += len(raw)
            d = json.loads(raw)
            lang = "ru" if d["lang"] in ("ru", "kk", "uk") else "en"
            tg = generators[lang]
            doc = xapian.Document()
            tg.set_document(doc)
            tg.index_text(d["title"], 1, "S")
            tg.increase_termpos()
            tg.index_text(d["title"])
            tg.increase_termpos()
            tg.index_text(d["body"])
            doc.add_boolean_term("Q" + d["id"])
            doc.add_boolean_term("XL" + d["lang"])
            doc.add_boolean_term("XS" + d["source"].lower())
            doc.add_value(DATE_SLOT, d["published"].replace("-", ""))
            doc.set_data(json.dumps({"id": d["id"], "title": d["title"], "body": d["body"]},
                                    ensure_ascii=False))
            db.replace_document("Q" + d["id"], doc)
            docs += 1
    db.commit()
    db.close()
    return docs, nbytes


def atoms(text):
    """Words and quoted phrases, as pressroom's query language reads them."""
    return [m.group(1) if m.group(1) is not None else m.group(2)
            for m in re.finditer(r'"([^"]*)"|(\S+)', text)]


def text_query(text, lang):
    stem = STEMMERS[lang]
    terms = [stem(w).decode("utf-8") for w in WORD.findall(text.lower())]
    if not terms:
        return None
    fields = []
    for prefix, boost in (("S", 2.0), ("", 1.0)):
        if len(terms) == 1:
            q = xapian.Query(prefix + terms[0])
        else:
            q = xapian.Query(xapian.Query.OP_PHRASE, [prefix + t for t in terms], len(terms))
        if boost != 1.0:
            q = xapian.Query(xapian.Query.OP_SCALE_WEIGHT, q, boost)
        fields.append(q)
    return xapian.Query(xapian.Query.OP_OR, fields)


def build_query(q):
    groups = []
    for atom in atoms(q["text"]):
        alts = [x for x in (text_query(atom, "en"), text_query(atom, "ru")) if x is not None]
        if alts:
            groups.append(xapian.Query(xapian.Query.OP_OR, alts))
    query = xapian.Query(xapian.Query.OP_AND, groups)
    filters = []
    if q["lang"]:
        filters.append(xapian.Query("XL" + q["lang"]))
    if q["source"]:
        filters.append(xapian.Query("XS" + q["source"].lower()))
    if q["since"] or q["until"]:
        lo = (q["since"] or "0000-00-00").replace("-", "")
        hi = (q["until"] or "9999-99-99").replace("-", "")
        filters.append(xapian.Query(xapian.Query.OP_VALUE_RANGE, DATE_SLOT, lo, hi))
    for f in filters:
        query = xapian.Query(xapian.Query.OP_FILTER, query, f)
    return query


class Searcher:
    def __init__(self, db_path, totals="exact"):
        self.db = xapian.Database(db_path)
        # checkatleast: matches Xapian must examine; beyond, the total is an
        # estimate and it may skip documents that cannot reach the top 10.
        self.all = self.db.get_doccount() if totals == "exact" else 10_000

    def run(self, q):
        enquire = xapian.Enquire(self.db)
        enquire.set_weighting_scheme(xapian.BM25Weight())
        enquire.set_query(build_query(q))
        mset = enquire.get_mset(0, 10, self.all)
        for m in mset:
            json.loads(m.document.get_data())["title"]
        return mset.get_matches_estimated()


def percentiles(samples):
    samples = sorted(samples)
    n = len(samples)

    def at(p):
        rank = -(-p * n // 100)
        return samples[min(max(int(rank), 1), n) - 1]

    return {"p50": at(50), "p95": at(95), "p99": at(99), "n": n}


def _qps_worker(args):
    db_path, queries, secs, offset, totals = args
    s = Searcher(db_path, totals)
    done, i = 0, offset
    start = time.perf_counter()
    while time.perf_counter() - start < secs:
        s.run(queries[i % len(queries)])
        i += 1
        done += 1
    return done, time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--queries", default="scripts/bench/queries.tsv")
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--qps-secs", type=float, default=5.0)
    ap.add_argument("--totals", choices=["exact", "topk"], default="exact",
                    help="count every match, or at least 10,000 (checkatleast)")
    ap.add_argument("--queries-only", action="store_true",
                    help="time the queries on the database already in --dir")
    a = ap.parse_args()
    queries = load_queries(a.queries)
    if a.queries_only:
        docs, nbytes = xapian.Database(a.dir).get_doccount(), None
        index_secs = index_cpu = peak_anon = peak_file = peak = None
    else:
        start = time.perf_counter()
        cpu_start = cpu_secs()
        sampler = MemSampler()
        docs, nbytes = index(a.corpus, a.dir)
        index_secs = time.perf_counter() - start
        index_cpu = cpu_secs() - cpu_start
        peak_anon, peak_file = sampler.stop()
        peak = vm_hwm_mb()
    s = Searcher(a.dir, a.totals)
    hits = {label(q): s.run(q) for q in queries}
    by_kind = {}
    for _ in range(a.reps):
        for q in queries:
            t = time.perf_counter()
            s.run(q)
            ms = (time.perf_counter() - t) * 1000.0
            keys = [q["kind"], "all"] + ([] if q["cross"] else ["plain"])
            for k in keys:
                by_kind.setdefault(k, []).append(ms)
    # Processes, not threads: one reader per process is how Xapian is
    # served, and it keeps the GIL out of the measurement.
    with multiprocessing.Pool(a.threads) as pool:
        results = pool.map(_qps_worker, [(a.dir, queries, a.qps_secs, t * 7, a.totals)
                                         for t in range(a.threads)])
    qps = sum(done / secs for done, secs in results)
    report = {
        "engine": "xapian",
        "docs": docs,
        "input_bytes": nbytes,
        "import_secs": None,
        "import_peak_rss_mb": None,
        "index_secs": index_secs,
        "index_cpu_secs": index_cpu,
        "index_peak_rss_mb": peak,
        "index_peak_rss_anon_mb": peak_anon,
        "index_peak_rss_file_mb": peak_file,
        "total_secs": index_secs,
        "index_bytes": dir_bytes(a.dir),
        "store_bytes": None,
        "latency_ms": {k: percentiles(v) for k, v in by_kind.items()},
        "qps_threads": a.threads,
        "qps": qps,
        "hits": hits,
        "notes": [f"xapian {xapian.version_string()}, Snowball english/russian, STEM_ALL, "
                  "no stop words; one commit at the end; bodies stored in document data; "
                  f"QPS from {a.threads} processes; cross queries run literally; "
                  + ("exact totals" if a.totals == "exact" else "checkatleast 10,000")
                  + ("; database reused from an earlier run: indexing not timed"
                     if a.queries_only else "")],
    }
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
