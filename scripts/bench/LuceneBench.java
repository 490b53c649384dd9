// Lucene 8 (Debian's liblucene8-java) on the generated corpus and the shared
// query set, reporting the same JSON keys as the Rust benches
// (benches/scale/measure.rs) for scripts/bench/compare.py.
//
// EnglishAnalyzer for title_en/body_en, RussianAnalyzer for title_ru/body_ru
// (both with their default stop words and Snowball/Porter stemming), BM25.
// Documents are indexed by two threads, as Elasticsearch feeds one shard.
// Titles weigh twice; every query word or phrase searches both languages'
// fields; totals are counted exactly (totalHitsThreshold = MAX_VALUE), as
// pressroom counts them.
//
// javac -cp "$(ls /usr/share/java/lucene-{core,analyzers-common}-8*.jar | paste -sd:)" LuceneBench.java

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.time.LocalDate;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.ru.RussianAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.document.*;
import org.apache.lucene.index.*;
import org.apache.lucene.search.*;
import org.apache.lucene.store.FSDirectory;

public class LuceneBench {
    static final Analyzer EN = new EnglishAnalyzer();
    static final Analyzer RU = new RussianAnalyzer();

    /** A flat JSON object of string values, as gen_corpus writes it. */
    static Map<String, String> parseFlatJson(String s) {
        Map<String, String> out = new HashMap<>();
        int i = s.indexOf('{') + 1;
        while (true) {
            int k = s.indexOf('"', i);
            if (k < 0) break;
            StringBuilder key = new StringBuilder();
            i = readString(s, k, key);
            i = s.indexOf(':', i) + 1;
            while (Character.isWhitespace(s.charAt(i))) i++;
            if (s.charAt(i) == '"') {
                StringBuilder val = new StringBuilder();
                i = readString(s, i, val);
                out.put(key.toString(), val.toString());
            } else {
                int e = i;
                while (e < s.length() && s.charAt(e) != ',' && s.charAt(e) != '}') e++;
                out.put(key.toString(), s.substring(i, e).trim());
                i = e;
            }
            int comma = s.indexOf(',', i);
            if (comma < 0) break;
            i = comma + 1;
        }
        return out;
    }

    /** Read the JSON string starting at the quote at {@code q}; returns the index after it. */
    static int readString(String s, int q, StringBuilder out) {
        int i = q + 1;
        while (true) {
            char c = s.charAt(i++);
            if (c == '"') return i;
            if (c != '\\') { out.append(c); continue; }
            char e = s.charAt(i++);
            switch (e) {
                case 'n': out.append('\n'); break;
                case 't': out.append('\t'); break;
                case 'r': out.append('\r'); break;
                case 'b': out.append('\b'); break;
                case 'f': out.append('\f'); break;
                case 'u': out.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
                default: out.append(e);
            }
        }
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }

    static boolean isRu(String lang) {
        return lang.equals("ru") || lang.equals("kk") || lang.equals("uk");
    }

    static Document toDoc(Map<String, String> d) {
        Document doc = new Document();
        String suffix = isRu(d.get("lang")) ? "_ru" : "_en";
        doc.add(new StringField("id", d.get("id"), Field.Store.YES));
        doc.add(new StringField("lang", d.get("lang"), Field.Store.YES));
        doc.add(new StringField("source_key", d.get("source").toLowerCase(Locale.ROOT), Field.Store.NO));
        doc.add(new StoredField("title", d.get("title")));
        long day = LocalDate.parse(d.get("published")).toEpochDay();
        doc.add(new LongPoint("published", day));
        doc.add(new StoredField("published", day));
        doc.add(new TextField("title" + suffix, d.get("title"), Field.Store.NO));
        doc.add(new TextField("body" + suffix, d.get("body"), Field.Store.YES));
        return doc;
    }

    static final class Q {
        String kind, text, lang, source, since, until;
        boolean cross;

        String label() {
            StringBuilder b = new StringBuilder(kind + ": " + text);
            if (lang != null) b.append(" lang=").append(lang);
            if (source != null) b.append(" source=").append(source);
            if (since != null) b.append(" since=").append(since);
            if (until != null) b.append(" until=").append(until);
            return b.toString();
        }
    }

    static String col(String[] c, int i) {
        return i < c.length && !c[i].trim().isEmpty() ? c[i].trim() : null;
    }

    static List<Q> loadQueries(Path p) throws Exception {
        List<Q> out = new ArrayList<>();
        for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
            if (line.trim().isEmpty() || line.startsWith("#")) continue;
            String[] c = line.split("\t", -1);
            Q q = new Q();
            q.kind = col(c, 0);
            q.text = col(c, 1);
            q.lang = col(c, 2);
            q.source = col(c, 3);
            q.since = col(c, 4);
            q.until = col(c, 5);
            q.cross = "1".equals(col(c, 6));
            out.add(q);
        }
        return out;
    }

    /** The atom analysed by one language's analyzer, in its title (boost 2) and body. */
    static Query textQuery(String text, Analyzer a, String suffix) throws Exception {
        List<String> terms = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        try (TokenStream ts = a.tokenStream("body" + suffix, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute inc = ts.addAttribute(PositionIncrementAttribute.class);
            ts.reset();
            int pos = -1;
            while (ts.incrementToken()) {
                pos += inc.getPositionIncrement();
                terms.add(term.toString());
                positions.add(pos);
            }
            ts.end();
        }
        if (terms.isEmpty()) return null;
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (String field : new String[] {"title" + suffix, "body" + suffix}) {
            Query q;
            if (terms.size() == 1) {
                q = new TermQuery(new Term(field, terms.get(0)));
            } else {
                PhraseQuery.Builder pb = new PhraseQuery.Builder();
                for (int i = 0; i < terms.size(); i++) pb.add(new Term(field, terms.get(i)), positions.get(i));
                q = pb.build();
            }
            if (field.startsWith("title")) q = new BoostQuery(q, 2.0f);
            b.add(q, BooleanClause.Occur.SHOULD);
        }
        return b.build();
    }

    static final Pattern ATOM = Pattern.compile("\"([^\"]*)\"|(\\S+)");

    static Query build(Q q) throws Exception {
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        Matcher m = ATOM.matcher(q.text);
        while (m.find()) {
            String atom = m.group(1) != null ? m.group(1) : m.group(2);
            BooleanQuery.Builder alts = new BooleanQuery.Builder();
            int n = 0;
            for (Query t : new Query[] {textQuery(atom, EN, "_en"), textQuery(atom, RU, "_ru")}) {
                if (t != null) { alts.add(t, BooleanClause.Occur.SHOULD); n++; }
            }
            if (n > 0) all.add(alts.build(), BooleanClause.Occur.MUST);
        }
        if (q.lang != null) all.add(new TermQuery(new Term("lang", q.lang)), BooleanClause.Occur.FILTER);
        if (q.source != null)
            all.add(new TermQuery(new Term("source_key", q.source.toLowerCase(Locale.ROOT))), BooleanClause.Occur.FILTER);
        if (q.since != null || q.until != null) {
            long lo = q.since != null ? LocalDate.parse(q.since).toEpochDay() : Long.MIN_VALUE;
            long hi = q.until != null ? LocalDate.parse(q.until).toEpochDay() : Long.MAX_VALUE;
            all.add(LongPoint.newRangeQuery("published", lo, hi), BooleanClause.Occur.FILTER);
        }
        return all.build();
    }

    /** Matches counted exactly: all (MAX_VALUE) or up to 10,000 (`--totals topk`). */
    static int totalHitsThreshold = Integer.MAX_VALUE;

    /** A JSON number, or null for a figure not measured. */
    static String num(double v) {
        return Double.isNaN(v) ? "null" : Double.toString(v);
    }

    static int run(IndexSearcher searcher, Q q) throws Exception {
        TopScoreDocCollector c = TopScoreDocCollector.create(10, totalHitsThreshold);
        searcher.search(build(q), c);
        TopDocs top = c.topDocs();
        for (ScoreDoc sd : top.scoreDocs) searcher.doc(sd.doc).get("title");
        return (int) top.totalHits.value;
    }

    static double vmHwmMb() throws Exception {
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) return Long.parseLong(line.split("\\s+")[1]) / 1024.0;
        }
        return -1;
    }

    /** Peaks of RssAnon and RssFile (MB) from /proc/self/status, sampled every 50 ms. */
    static final class MemSampler extends Thread {
        volatile boolean done;
        double anon, file;

        MemSampler() {
            setDaemon(true);
            start();
        }

        void sample() {
            try {
                for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                    if (line.startsWith("RssAnon:")) anon = Math.max(anon, Long.parseLong(line.split("\\s+")[1]) / 1024.0);
                    if (line.startsWith("RssFile:")) file = Math.max(file, Long.parseLong(line.split("\\s+")[1]) / 1024.0);
                }
            } catch (Exception e) {
                // not Linux: no figures
            }
        }

        @Override
        public void run() {
            while (!done) {
                sample();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        double[] finish() throws InterruptedException {
            done = true;
            join();
            sample();
            return new double[] {anon, file};
        }
    }

    static long dirBytes(Path p) throws Exception {
        try (var s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    static String pct(List<Double> v) {
        Collections.sort(v);
        int n = v.size();
        double[] ps = {50, 95, 99};
        StringBuilder b = new StringBuilder("{");
        String[] names = {"p50", "p95", "p99"};
        for (int i = 0; i < 3; i++) {
            int rank = (int) Math.ceil(ps[i] / 100.0 * n);
            b.append(esc(names[i])).append(':').append(v.get(Math.min(Math.max(rank, 1), n) - 1)).append(',');
        }
        return b.append("\"n\":").append(n).append('}').toString();
    }

    /** User + system CPU of the whole JVM (indexing threads, JIT, GC), ns; -1 if unknown. */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os =
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        Path corpus = Paths.get(a.get("corpus"));
        Path dir = Paths.get(a.get("dir"));
        List<Q> queries = loadQueries(Paths.get(a.getOrDefault("queries", "scripts/bench/queries.tsv")));
        int reps = Integer.parseInt(a.getOrDefault("reps", "20"));
        int threads = Integer.parseInt(a.getOrDefault("threads", "2"));
        double qpsSecs = Double.parseDouble(a.getOrDefault("qps-secs", "5"));
        double ramMb = Double.parseDouble(a.getOrDefault("budget-mb", "200"));
        double warmupSecs = Double.parseDouble(a.getOrDefault("warmup-secs", "5"));
        // `--queries-only true`: time the queries on the index already in DIR.
        boolean queriesOnly = Boolean.parseBoolean(a.getOrDefault("queries-only", "false"));
        String totals = a.getOrDefault("totals", "exact");
        if (totals.equals("topk")) totalHitsThreshold = 10_000;
        else if (!totals.equals("exact")) throw new IllegalArgumentException("--totals exact|topk");

        double indexSecs = Double.NaN, indexCpuSecs = Double.NaN, peak = Double.NaN;
        double[] peaks = {Double.NaN, Double.NaN};
        long docs = 0, bytes = 0;
        if (!queriesOnly) {
            if (Files.exists(dir)) {
                try (var s = Files.walk(dir)) {
                    s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Map<String, Analyzer> perField = new HashMap<>();
            perField.put("title_en", EN);
            perField.put("body_en", EN);
            perField.put("title_ru", RU);
            perField.put("body_ru", RU);
            IndexWriterConfig cfg = new IndexWriterConfig(new PerFieldAnalyzerWrapper(EN, perField));
            cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE).setRAMBufferSizeMB(ramMb);
            long t0 = System.nanoTime();
            long cpu0 = processCpuNanos();
            MemSampler sampler = new MemSampler();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            Semaphore inFlight = new Semaphore(threads * 2);
            List<Future<?>> futures = new ArrayList<>();
            try (FSDirectory fs = FSDirectory.open(dir); IndexWriter w = new IndexWriter(fs, cfg);
                 BufferedReader r = Files.newBufferedReader(corpus, StandardCharsets.UTF_8)) {
                List<String> batch = new ArrayList<>();
                String line;
                while (true) {
                    line = r.readLine();
                    if (line != null && !line.isEmpty()) {
                        batch.add(line);
                        docs++;
                        bytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
                    }
                    if (batch.size() >= 500 || (line == null && !batch.isEmpty())) {
                        List<String> mine = batch;
                        batch = new ArrayList<>();
                        inFlight.acquire();
                        futures.add(pool.submit(() -> {
                            try {
                                for (String l : mine) w.addDocument(toDoc(parseFlatJson(l)));
                            } finally {
                                inFlight.release();
                            }
                            return null;
                        }));
                    }
                    if (line == null) break;
                }
                for (Future<?> f : futures) f.get();
                pool.shutdown();
                w.commit();
            }
            indexSecs = (System.nanoTime() - t0) / 1e9;
            indexCpuSecs = cpu0 < 0 ? Double.NaN : (processCpuNanos() - cpu0) / 1e9;
            peaks = sampler.finish();
            peak = vmHwmMb();
        }
        long indexBytes = dirBytes(dir);
        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(dir))) {
            IndexSearcher searcher = new IndexSearcher(reader);
            if (queriesOnly) docs = reader.numDocs();
            Map<String, Integer> hits = new LinkedHashMap<>();
            // The JIT compiles the hot paths only after many runs; measure after that.
            long warmEnd = System.nanoTime() + (long) (warmupSecs * 1e9);
            do {
                for (Q q : queries) hits.put(q.label(), run(searcher, q));
            } while (System.nanoTime() < warmEnd);
            Map<String, List<Double>> byKind = new TreeMap<>();
            for (int i = 0; i < reps; i++) {
                for (Q q : queries) {
                    long t = System.nanoTime();
                    run(searcher, q);
                    double ms = (System.nanoTime() - t) / 1e6;
                    byKind.computeIfAbsent(q.kind, k -> new ArrayList<>()).add(ms);
                    byKind.computeIfAbsent("all", k -> new ArrayList<>()).add(ms);
                    if (!q.cross) byKind.computeIfAbsent("plain", k -> new ArrayList<>()).add(ms);
                }
            }
            AtomicLong done = new AtomicLong();
            long qStart = System.nanoTime();
            long deadline = qStart + (long) (qpsSecs * 1e9);
            Thread[] ts = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                final int offset = t * 7;
                ts[t] = new Thread(() -> {
                    int i = offset;
                    try {
                        while (System.nanoTime() < deadline) {
                            run(searcher, queries.get(i++ % queries.size()));
                            done.incrementAndGet();
                        }
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                ts[t].start();
            }
            for (Thread t : ts) t.join();
            double qps = done.get() / ((System.nanoTime() - qStart) / 1e9);

            StringBuilder o = new StringBuilder("{");
            o.append("\"engine\":\"lucene\",\"docs\":").append(docs).append(",\"input_bytes\":").append(bytes);
            o.append(",\"import_secs\":null,\"import_peak_rss_mb\":null,\"index_secs\":").append(num(indexSecs));
            o.append(",\"index_cpu_secs\":").append(num(indexCpuSecs));
            o.append(",\"index_peak_rss_mb\":").append(num(peak));
            o.append(",\"index_peak_rss_anon_mb\":").append(num(peaks[0])).append(",\"index_peak_rss_file_mb\":").append(num(peaks[1])).append(",\"total_secs\":").append(num(indexSecs));
            o.append(",\"writer_heap_mb\":").append(Math.round(ramMb));
            o.append(",\"index_bytes\":").append(indexBytes).append(",\"store_bytes\":null,\"latency_ms\":{");
            boolean first = true;
            for (var e : byKind.entrySet()) {
                if (!first) o.append(',');
                first = false;
                o.append(esc(e.getKey())).append(':').append(pct(e.getValue()));
            }
            o.append("},\"qps_threads\":").append(threads).append(",\"qps\":").append(qps).append(",\"hits\":{");
            first = true;
            for (var e : hits.entrySet()) {
                if (!first) o.append(',');
                first = false;
                o.append(esc(e.getKey())).append(':').append(e.getValue());
            }
            o.append("},\"notes\":[").append(esc("lucene " + org.apache.lucene.util.Version.LATEST
                + ", EnglishAnalyzer/RussianAnalyzer, BM25; " + threads + " indexing threads, RAM buffer "
                + ramMb + " MB, one commit; JVM heap max " + (Runtime.getRuntime().maxMemory() >> 20)
                + " MB; " + warmupSecs + " s JIT warm-up; cross queries run literally; totals "
                + (totalHitsThreshold == Integer.MAX_VALUE ? "exact" : "counted up to 10,000")
                + (queriesOnly ? "; index reused from an earlier run: indexing not timed" : ""))).append("]}");
            System.out.println(o);
        }
    }
}
