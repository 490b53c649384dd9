//! The sample corpus, end to end through the real binary: import, index,
//! search, show, stats, export.

mod common;
use common::{Home, origin_of};
use serde_json::Value;

const CIVICUS: &str = "sample/001_abd1b075b23786a1.txt";
const OMCT: &str = "sample/002_4db6c4516d667e52.txt";
const BUREAU: &str = "sample/000_63538f47b1860a72.txt";
const ACCA_HRW: &str = "sample/004_45efe7da10c5e347.txt";

fn docs_of<'a>(docs: &'a [Value], origin: &str) -> Vec<&'a Value> {
    docs.iter().filter(|d| d["origin"] == origin).collect()
}

#[test]
fn first_search_builds_store_and_index_from_the_sample() {
    let home = Home::with_sample();
    let out = home.run(&["search", "torture", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("importing the sample corpus"), "{stderr}");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["total"].as_u64().unwrap() >= 4, "{json}");
    // A handful of matches is counted exactly.
    assert_eq!(json["total_exact"], Value::Bool(true), "{json}");
    for key in ["query", "total", "total_exact", "took_ms", "hits"] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    let hit = &json["hits"][0];
    for key in [
        "id",
        "title",
        "source",
        "origin",
        "lang",
        "published",
        "score",
        "snippet",
    ] {
        assert!(hit.get(key).is_some(), "hit lacks {key}: {hit}");
    }
    // Every hit's highlights are its matched words, as character offsets
    // into its snippet (Russian hits found through the translation too).
    for hit in json["hits"].as_array().unwrap() {
        let snippet: Vec<char> = hit["snippet"].as_str().unwrap().chars().collect();
        let highlights = hit["highlights"].as_array().unwrap();
        assert!(!highlights.is_empty(), "{hit}");
        for range in highlights {
            let (start, end) = (range[0].as_u64().unwrap(), range[1].as_u64().unwrap());
            let word: String = snippet[start as usize..end as usize].iter().collect();
            let word = word.to_lowercase();
            assert!(
                word.starts_with("tortur") || word.starts_with("пыт"),
                "{word:?} in {hit}"
            );
        }
    }
    // The second run finds everything in place and says nothing about building.
    let again = home.run(&["search", "torture", "--json"]);
    assert!(!String::from_utf8_lossy(&again.stderr).contains("importing"));
}

#[test]
fn civicus_release_splits_into_linked_english_and_russian_documents() {
    let home = Home::with_sample();
    let docs = home.documents();
    let civicus = docs_of(&docs, CIVICUS);
    assert_eq!(civicus.len(), 2, "{civicus:?}");
    let en = civicus
        .iter()
        .find(|d| d["lang"] == "en")
        .expect("English half");
    let ru = civicus
        .iter()
        .find(|d| d["lang"] == "ru")
        .expect("Russian half");
    assert_eq!(
        en["title"],
        "Kazakhstan downgraded as civic freedoms deteriorate"
    );
    assert_eq!(
        ru["title"],
        "Казахстан понижен в рейтинге из-за ухудшения гражданских свобод"
    );
    assert_eq!(en["published"], "2022-06-21");
    assert_eq!(ru["published"], "2022-06-21");
    assert!(!en["text"].as_str().unwrap().contains("Казахстан"));
    let shown = home.json(&["show", en["id"].as_str().unwrap(), "--json"]);
    let links = shown["links"].as_array().unwrap();
    assert!(
        links
            .iter()
            .any(|l| l["id"] == ru["id"] && l["kind"] == "translation"),
        "{links:?}"
    );
}

#[test]
fn omct_release_has_its_title_and_date_not_navigation() {
    let home = Home::with_sample();
    let docs = home.documents();
    let omct = docs_of(&docs, OMCT);
    assert_eq!(omct.len(), 1);
    assert_eq!(
        omct[0]["title"],
        "Kazakhstan: EU urged to insist on concrete measures to address pressing human rights issues"
    );
    assert_eq!(omct[0]["published"], "2016-11-23");
    let text = omct[0]["text"].as_str().unwrap();
    for junk in ["Make a donation", "Related articles", "Rue Franklin"] {
        assert!(
            !text.contains(junk),
            "navigation junk {junk:?} left in the body"
        );
    }
}

#[test]
fn russian_inflected_forms_find_each_other() {
    let home = Home::with_sample();
    // The Russian CIVICUS text says "пытках"; the query says "пытки".
    let hits = home.hits("пытки", &["--lang", "ru", "--literal"]);
    assert!(
        hits.iter()
            .any(|h| origin_of(h) == CIVICUS && h["lang"] == "ru"),
        "{hits:?}"
    );
    let hits = home.hits("задержали", &["--lang", "ru", "--literal"]);
    assert!(
        !hits.is_empty(),
        "задержали should match задержали/задержаний forms"
    );
}

#[test]
fn english_queries_rank_the_release_about_them_first() {
    let home = Home::with_sample();
    let top = |q: &str| origin_of(&home.hits(q, &["--lang", "en"])[0]).to_string();
    assert_eq!(top("EU human rights dialogue Brussels"), OMCT);
    assert_eq!(top("Universal Periodic Review"), ACCA_HRW);
    assert_eq!(top("downgraded repressed rating"), CIVICUS);
}

#[test]
fn phrases_exclusions_and_or_work() {
    let home = Home::with_sample();
    let phrase = home.hits("\"Bloody January\"", &["--lang", "en"]);
    assert!(phrase.iter().any(|h| origin_of(h) == CIVICUS));
    assert!(phrase.iter().all(|h| origin_of(h) != OMCT));
    let excluded = home.hits("Kazakhstan -CIVICUS", &["--lang", "en"]);
    assert!(!excluded.is_empty());
    assert!(
        excluded
            .iter()
            .all(|h| origin_of(h) != CIVICUS && origin_of(h) != BUREAU)
    );
    let either = home.hits("Bokayev OR Zhovtis", &[]);
    assert!(either.iter().any(|h| origin_of(h) == OMCT));
}

#[test]
fn filters_narrow_by_date_source_and_language() {
    let home = Home::with_sample();
    let all = home.hits("Kazakhstan", &["--limit", "50"]);
    assert!(all.len() >= 5);
    let since = home.hits("Kazakhstan", &["--since", "2020", "--limit", "50"]);
    assert!(
        since
            .iter()
            .all(|h| h["published"].as_str().is_some_and(|d| d >= "2020"))
    );
    assert!(since.iter().any(|h| origin_of(h) == CIVICUS));
    let until = home.hits("Kazakhstan", &["--until", "2016-12-31", "--limit", "50"]);
    assert_eq!(until.iter().map(origin_of).collect::<Vec<_>>(), vec![OMCT]);
    let ru = home.hits("Kazakhstan", &["--lang", "ru", "--limit", "50"]);
    assert!(!ru.is_empty() && ru.iter().all(|h| h["lang"] == "ru"));
    let omct = home.hits("Kazakhstan", &["--source", "OMCT", "--limit", "50"]);
    assert_eq!(omct.iter().map(origin_of).collect::<Vec<_>>(), vec![OMCT]);
}

#[test]
fn bad_queries_and_missing_corpora_give_clear_errors() {
    let home = Home::with_sample();
    let out = home.run(&["search", "\"unclosed"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unclosed quote"));
    let out = home.run(&["search", "--since", "yesterday", "x"]);
    assert_eq!(out.status.code(), Some(2), "usage errors exit 2");
    let empty = Home::empty();
    let out = empty.run(&["search", "torture"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("pressroom import"));
    let out = home.run(&["show", "ffffffffffff"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no document"));
}

#[test]
fn a_missing_or_outdated_index_is_rebuilt_from_the_store() {
    let home = Home::with_sample();
    let before = home.hits("torture", &[]).len();
    std::fs::remove_dir_all(home.path().join("index")).unwrap();
    let out = home.run(&["search", "torture", "--json"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("Building the search index"));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["hits"].as_array().unwrap().len(), before);
}

#[test]
fn importing_twice_adds_nothing_and_stats_count_by_source_language_year() {
    let home = Home::with_sample();
    let sample = home.path().join("corpus/sample");
    let first = home.json(&["import", sample.to_str().unwrap(), "--json"]);
    assert_eq!(first["new_documents"], 6, "{first}");
    let second = home.json(&["import", sample.to_str().unwrap(), "--json"]);
    assert_eq!(second["new_documents"], 0);
    assert_eq!(second["unchanged_files"], 5);
    let stats = home.json(&["stats", "--json"]);
    assert_eq!(stats["documents"], 6);
    assert_eq!(stats["by_lang"]["ru"], 1);
    assert_eq!(stats["by_year"]["2022"], 2);
    assert_eq!(stats["by_source"]["OMCT"], 1);
}

#[test]
fn export_writes_every_match_as_jsonl_or_csv() {
    let home = Home::with_sample();
    assert_eq!(home.documents().len(), 6);
    let csv = home.ok(&["export", "--format", "csv", "--lang", "en"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "id",
            "source",
            "origin",
            "lang",
            "published",
            "title",
            "text"
        ]
    );
    assert_eq!(reader.records().count(), 5);
    let torture = home.ok(&["export", "--format", "jsonl", "torture"]);
    assert!(torture.lines().count() >= 4);
}

#[test]
fn hostile_files_are_reported_not_fatal() {
    let home = Home::with_sample();
    let junk = home.path().join("junk");
    std::fs::create_dir_all(&junk).unwrap();
    std::fs::write(junk.join("empty.txt"), b"").unwrap();
    std::fs::write(
        junk.join("binary.txt"),
        [0u8, 159, 146, 150, 0, 1, 2, 3, 255, 0].repeat(100),
    )
    .unwrap();
    std::fs::write(
        junk.join("latin1.txt"),
        b"Caf\xe9 torture \xff\xfe report\n\nMore text here.",
    )
    .unwrap();
    std::fs::write(junk.join("huge-line.txt"), "torture ".repeat(1_500_000)).unwrap();
    std::fs::write(
        junk.join("broken.html"),
        b"<html><body><p>Unclosed <div><p>torture",
    )
    .unwrap();
    std::fs::write(
        junk.join("good.txt"),
        "A title\n\nTorture of detainees reported in Almaty.",
    )
    .unwrap();
    let out = home.run(&["import", junk.to_str().unwrap(), "--json"]);
    assert_ne!(
        out.status.code(),
        Some(101),
        "panicked: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["files"], 6);
    let failed: Vec<&str> = summary["failed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(failed.iter().any(|p| p.ends_with("empty.txt")), "{summary}");
    assert!(
        failed.iter().any(|p| p.ends_with("binary.txt")),
        "{summary}"
    );
    assert!(!failed.iter().any(|p| p.ends_with("good.txt")), "{summary}");
    // The good file made it in, whatever happened to the others.
    let hits = home.hits("Almaty detainees", &[]);
    assert!(hits.iter().any(|h| origin_of(h).ends_with("good.txt")));
}

#[test]
fn queries_cross_languages_and_name_spellings() {
    let home = Home::with_sample();
    // English query, Russian release (through the glossary: torture → пытки).
    let hits = home.hits("torture", &["--lang", "ru"]);
    assert!(hits.iter().any(|h| origin_of(h) == CIVICUS), "{hits:?}");
    // Russian query, English releases.
    let hits = home.hits("пытки", &["--lang", "en", "--limit", "20"]);
    assert!(hits.iter().any(|h| origin_of(h) == OMCT), "{hits:?}");
    // Tokaev (ACCA's spelling) and Tokayev (CIVICUS's) find each other, and Cyrillic finds both.
    for query in ["Tokaev", "Tokayev", "Токаев"] {
        let hits = home.hits(query, &["--limit", "20"]);
        let origins: Vec<&str> = hits.iter().map(origin_of).collect();
        assert!(origins.contains(&ACCA_HRW), "{query}: {origins:?}");
        assert!(origins.contains(&CIVICUS), "{query}: {origins:?}");
    }
    // The other spellings are highlighted in the snippets.
    let human = home.ok(&["search", "Tokaev", "--limit", "20"]);
    assert!(
        human.contains("[Tokayev]") && human.contains("[Токаев]"),
        "{human}"
    );
    // --literal turns all of that off.
    assert!(
        home.hits("Tokaev", &["--literal", "--limit", "20"])
            .iter()
            .all(|h| origin_of(h) != CIVICUS)
    );
    assert!(
        home.hits("torture", &["--lang", "ru", "--literal"])
            .is_empty()
    );
    // --explain says which translations were used.
    let json = home.json(&["search", "torture", "--json"]);
    assert_eq!(json["query_translations"][0]["term"], "torture");
}

#[test]
fn search_results_say_when_a_translation_exists() {
    let home = Home::with_sample();
    let hits = home.hits("downgraded", &["--lang", "en"]);
    let civicus = hits.iter().find(|h| origin_of(h) == CIVICUS).unwrap();
    let linked = civicus["linked"].as_array().unwrap();
    assert!(
        linked
            .iter()
            .any(|l| l["lang"] == "ru" && l["kind"] == "translation"),
        "{linked:?}"
    );
}

#[test]
fn parallel_pairs_are_found_aligned_and_exported() {
    let home = Home::with_sample();
    let docs = home.documents();
    let civicus = docs_of(&docs, CIVICUS);
    let en = civicus.iter().find(|d| d["lang"] == "en").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let ru = civicus.iter().find(|d| d["lang"] == "ru").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let pairs = home.json(&["parallel", "--json"]);
    let pair = pairs
        .as_array()
        .unwrap()
        .iter()
        .find(|p| (p["a"] == en && p["b"] == ru) || (p["a"] == ru && p["b"] == en))
        .expect("the CIVICUS halves are paired");
    assert_eq!(pair["kind"], "translation");
    let signals: Vec<&str> = pair["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["signal"].as_str().unwrap())
        .collect();
    assert!(signals.contains(&"same_page_split"), "{signals:?}");
    // Sentence alignment: the casualty figure lines up with its translation.
    let tsv = home.ok(&["align", &en, &ru, "--format", "tsv"]);
    let row = tsv
        .lines()
        .find(|l| {
            l.contains("detained over 10,000 people") || l.contains("detained over 10 000 people")
        })
        .expect("the 10,000 detained sentence is aligned");
    let cols: Vec<&str> = row.split('\t').collect();
    assert_eq!(cols.len(), 5, "url_en url_ru en ru score: {row}");
    assert!(
        cols[3].contains("10 000") || cols[3].contains("10000"),
        "{row}"
    );
    let tmx = home.ok(&["export", "parallel", "--format", "tmx"]);
    assert!(tmx.contains("<tmx version=\"1.4\">") && tmx.contains("<tuv xml:lang=\"ru\">"));
}

#[test]
fn the_lexicon_learned_from_stored_pairs_translates_queries() {
    let home = Home::with_sample();
    // British "penalise" is in neither the glossary nor the general lexicon.
    assert!(home.hits("penalise", &["--lang", "ru"]).is_empty());
    home.ok(&["parallel"]);
    // The CIVICUS pair taught it: "penalise" ~ "наказать", and the Russian
    // half ("задерживают и наказывают") is found.
    let json = home.json(&["search", "penalise", "--lang", "ru", "--json"]);
    let used = &json["query_translations"][0]["translations"];
    assert!(
        used.as_array()
            .unwrap()
            .iter()
            .any(|t| t["via"] == "learned" && t["text"].as_str().unwrap().starts_with("наказ")),
        "{used}"
    );
    let hits = json["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(origin_of(&hits[0]), CIVICUS);
    // --literal still turns every translation off.
    assert!(
        home.hits("penalise", &["--lang", "ru", "--literal"])
            .is_empty()
    );
}

#[test]
fn eval_commands_take_a_data_folder_or_a_file() {
    let home = Home::empty();
    let names = home.path().join("names");
    std::fs::create_dir_all(&names).unwrap();
    let tsv = names.join("pairs.tsv");
    std::fs::write(
        &tsv,
        "english\trussian\tcount\tsplit\ntokayev\tтокаев\t3\ttest20\nzhovtis\tжовтис\t1\ttrain80\n",
    )
    .unwrap();
    for data in [&names, &tsv] {
        let report = home.json(&["eval", "names", "--data", data.to_str().unwrap(), "--json"]);
        assert_eq!(report["overall"]["en_to_ru"]["pairs"], 2, "{report}");
        assert_eq!(report["overall"]["en_to_ru"]["hits"], 2, "{report}");
    }
    // A folder with two candidate files is refused with the names of both.
    std::fs::write(names.join("other.tsv"), "english\trussian\n").unwrap();
    let out = home.run(&["eval", "names", "--data", names.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("other.tsv") && err.contains("pairs.tsv"),
        "{err}"
    );
}

/// An index first built on the sample corpus chose its common words from
/// six documents; once the store has twice as many, `pressroom index`
/// rebuilds it instead of updating, and not again before it doubles anew.
#[test]
fn an_index_is_rebuilt_when_the_store_outgrows_its_common_words() {
    let home = Home::with_sample();
    // The first search imports the sample corpus and builds the index.
    assert!(!home.hits("torture", &[]).is_empty());
    let extra = home.path().join("extra");
    std::fs::create_dir_all(&extra).unwrap();
    let write = |from: usize, to: usize| {
        for i in from..to {
            std::fs::write(
                extra.join(format!("{i:02}.txt")),
                format!(
                    "Release {i}\n\nPolice in Almaty detained {i} peaceful protesters on Monday. \
                     The court fined each of them."
                ),
            )
            .unwrap();
        }
    };
    write(0, 6);
    home.ok(&["import", extra.to_str().unwrap()]);
    let out = home.run(&["index", "--json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("rebuilding the index"), "{stderr}");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["documents"], 12, "{json}");
    // Chosen from 12 now: 13 documents are an update.
    write(6, 7);
    home.ok(&["import", extra.to_str().unwrap()]);
    let out = home.run(&["index", "--json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("rebuilding"), "{stderr}");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (json["indexed"].as_u64(), json["documents"].as_u64()),
        (Some(1), Some(13)),
        "{json}"
    );
    // The phrase finds each new release, whichever words were paired.
    let hits = home.hits("\"peaceful protesters\"", &["--limit", "50"]);
    let new = hits
        .iter()
        .filter(|h| h["origin"].as_str().unwrap().contains("extra"))
        .count();
    assert_eq!(new, 7, "{hits:?}");
}
