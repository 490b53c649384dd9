//! Writing aligned sentences for translation tools and corpus builders.
//!
//! - **TMX 1.4b**, what translation memories import: one `<tu>` per bead,
//!   with both documents' URLs as `x-url-en`/`x-url-ru` properties so every
//!   unit can be traced back to its sources.
//! - **TSV** in the Moses/Bitextor style: `url_en url_ru en ru score`, one
//!   bead a line. Tabs and line breaks inside text would break the columns,
//!   so they become spaces.
//! - **JSON lines**, one bead an object, for scripts.
//!
//! Beads with a side missing (skipped sentences) are not translation units
//! and are left out; a bead of several sentences joins them with a space.

use crate::anchors::AnchorScorer;
use crate::sentence::{AlignedPair, align_paragraphs};
use pressroom_analysis::sentences::sentences;
use pressroom_model::{Document, Lang};
use serde::Serialize;
use std::io::{self, Write};

/// The two documents a set of units came from.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PairMeta {
    pub id_en: String,
    pub id_ru: String,
    pub url_en: String,
    pub url_ru: String,
}

/// One exported unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentencePair {
    pub en: String,
    pub ru: String,
    pub score: f32,
}

/// The units of one document pair.
#[derive(Debug, Clone, Serialize)]
pub struct AlignedDocs {
    pub meta: PairMeta,
    pub pairs: Vec<SentencePair>,
}

/// Turn beads over `en`/`ru` sentences into text units.
pub fn sentence_pairs(en: &[String], ru: &[String], beads: &[AlignedPair]) -> Vec<SentencePair> {
    let join = |sents: &[String], idx: &[usize]| {
        idx.iter()
            .filter_map(|&i| sents.get(i))
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ")
    };
    beads
        .iter()
        .filter(|b| !b.en.is_empty() && !b.ru.is_empty())
        .map(|b| SentencePair {
            en: join(en, &b.en),
            ru: join(ru, &b.ru),
            score: b.score,
        })
        .collect()
}

/// Split two documents into sentences (paragraph by paragraph, so a
/// paragraph boundary is never crossed by a sentence) and align them.
/// `en` and `ru` may be given in either order of languages; the result is
/// always English first.
pub fn align_documents(a: &Document, b: &Document, scorer: &AnchorScorer) -> AlignedDocs {
    let (en, ru) = if a.lang == Lang::Ru && b.lang != Lang::Ru {
        (b, a)
    } else {
        (a, b)
    };
    let paragraphs = |d: &Document| -> Vec<Vec<String>> {
        d.paragraphs()
            .map(|p| sentences(p).into_iter().map(str::to_string).collect())
            .collect()
    };
    let (pe, pr) = (paragraphs(en), paragraphs(ru));
    let beads = align_paragraphs(&pe, &pr, scorer);
    let flat = |p: Vec<Vec<String>>| p.into_iter().flatten().collect::<Vec<_>>();
    let url = |d: &Document| d.meta.url.clone().unwrap_or_else(|| d.origin.clone());
    AlignedDocs {
        meta: PairMeta {
            id_en: en.id.to_string(),
            id_ru: ru.id.to_string(),
            url_en: url(en),
            url_ru: url(ru),
        },
        pairs: sentence_pairs(&flat(pe), &flat(pr), &beads),
    }
}

/// Escape text for XML content and attributes, dropping characters XML 1.0
/// cannot carry at all (most C0 controls).
fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Write a TMX 1.4b document holding the units of every document pair.
pub fn write_tmx(w: &mut impl Write, docs: &[AlignedDocs]) -> io::Result<()> {
    write_tmx_start(w)?;
    for doc in docs {
        write_tmx_units(w, doc)?;
    }
    write_tmx_end(w)
}

/// The head of a TMX document, before its units: with
/// [`write_tmx_units`] per pair and [`write_tmx_end`], a TMX file is
/// written as pairs are aligned, never holding them all.
pub fn write_tmx_start(w: &mut impl Write) -> io::Result<()> {
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(w, r#"<tmx version="1.4">"#)?;
    writeln!(
        w,
        r#"  <header creationtool="pressroom" creationtoolversion="{}" datatype="plaintext" segtype="sentence" adminlang="en" srclang="en" o-tmf="pressroom"/>"#,
        env!("CARGO_PKG_VERSION")
    )?;
    writeln!(w, "  <body>")
}

/// The TMX units of one document pair.
pub fn write_tmx_units(w: &mut impl Write, doc: &AlignedDocs) -> io::Result<()> {
    let m = &doc.meta;
    for p in &doc.pairs {
        writeln!(w, "    <tu>")?;
        writeln!(
            w,
            r#"      <prop type="x-url-en">{}</prop>"#,
            xml_escape(&m.url_en)
        )?;
        writeln!(
            w,
            r#"      <prop type="x-url-ru">{}</prop>"#,
            xml_escape(&m.url_ru)
        )?;
        writeln!(
            w,
            r#"      <prop type="x-doc-en">{}</prop>"#,
            xml_escape(&m.id_en)
        )?;
        writeln!(
            w,
            r#"      <prop type="x-doc-ru">{}</prop>"#,
            xml_escape(&m.id_ru)
        )?;
        writeln!(w, r#"      <prop type="x-score">{:.4}</prop>"#, p.score)?;
        for (lang, text) in [("en", &p.en), ("ru", &p.ru)] {
            writeln!(
                w,
                r#"      <tuv xml:lang="{lang}"><seg>{}</seg></tuv>"#,
                xml_escape(text)
            )?;
        }
        writeln!(w, "    </tu>")?;
    }
    Ok(())
}

/// The end of a TMX document.
pub fn write_tmx_end(w: &mut impl Write) -> io::Result<()> {
    writeln!(w, "  </body>")?;
    writeln!(w, "</tmx>")
}

/// One TSV field: no tabs or line breaks.
fn tsv_field(s: &str) -> String {
    s.split(['\t', '\n', '\r'])
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Write `url_en url_ru en ru score` lines (no header, as Bitextor does).
pub fn write_tsv(w: &mut impl Write, docs: &[AlignedDocs]) -> io::Result<()> {
    for doc in docs {
        for p in &doc.pairs {
            writeln!(
                w,
                "{}\t{}\t{}\t{}\t{:.4}",
                tsv_field(&doc.meta.url_en),
                tsv_field(&doc.meta.url_ru),
                tsv_field(&p.en),
                tsv_field(&p.ru),
                p.score
            )?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonUnit<'a> {
    id_en: &'a str,
    id_ru: &'a str,
    url_en: &'a str,
    url_ru: &'a str,
    en: &'a str,
    ru: &'a str,
    score: f32,
}

/// Write one JSON object per unit.
pub fn write_jsonl(w: &mut impl Write, docs: &[AlignedDocs]) -> io::Result<()> {
    for doc in docs {
        let m = &doc.meta;
        for p in &doc.pairs {
            let unit = JsonUnit {
                id_en: &m.id_en,
                id_ru: &m.id_ru,
                url_en: &m.url_en,
                url_ru: &m.url_ru,
                en: &p.en,
                ru: &p.ru,
                score: p.score,
            };
            serde_json::to_writer(&mut *w, &unit)?;
            writeln!(w)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::events::Event;

    fn sample() -> Vec<AlignedDocs> {
        vec![AlignedDocs {
            meta: PairMeta {
                id_en: "a1".into(),
                id_ru: "b2".into(),
                url_en: "https://x.org/news?a=1&b=2".into(),
                url_ru: "https://x.org/ru/news".into(),
            },
            pairs: vec![SentencePair {
                en: "Rights <groups> said \"stop\" & left.\tTab\nnewline".into(),
                ru: "Правозащитники сказали «стоп».\u{1}".into(),
                score: 0.75,
            }],
        }]
    }

    #[test]
    fn tmx_is_well_formed_and_round_trips_text() {
        let mut out = Vec::new();
        write_tmx(&mut out, &sample()).unwrap();
        let mut reader = quick_xml::Reader::from_reader(out.as_slice());
        let mut buf = Vec::new();
        let (mut segs, mut props, mut tuv_langs) = (Vec::new(), 0, Vec::new());
        let mut in_seg = false;
        loop {
            match reader.read_event_into(&mut buf).expect("well-formed XML") {
                Event::Eof => break,
                Event::Start(e) if e.name().into_inner() == "seg" => in_seg = true,
                Event::End(e) if e.name().into_inner() == "seg" => in_seg = false,
                Event::Start(e) if e.name().into_inner() == "prop" => props += 1,
                Event::Start(e) if e.name().into_inner() == "tuv" => {
                    let attr = e.try_get_attribute("xml:lang").unwrap().expect("xml:lang");
                    let lang = attr.value.to_string();
                    tuv_langs.push(lang);
                }
                Event::Text(t) if in_seg => segs.push(AsRef::<str>::as_ref(&t).to_string()),
                _ => {}
            }
            buf.clear();
        }
        assert_eq!(tuv_langs, ["en", "ru"]);
        assert_eq!(props, 5);
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains(r#"segtype="sentence""#) && text.contains(r#"srclang="en""#));
        assert!(text.contains("x.org/news?a=1&amp;b=2"));
        assert!(text.contains("Rights &lt;groups&gt; said &quot;stop&quot; &amp; left."));
        assert!(!text.contains('\u{1}'));
        assert!(segs.iter().any(|s| s.contains("Правозащитники")));
    }

    #[test]
    fn tsv_has_five_columns_per_line() {
        let mut out = Vec::new();
        write_tsv(&mut out, &sample()).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1);
        let cols: Vec<&str> = lines[0].split('\t').collect();
        assert_eq!(cols.len(), 5);
        assert_eq!(cols[0], "https://x.org/news?a=1&b=2");
        assert!(cols[2].ends_with("left. Tab newline"));
        assert_eq!(cols[4], "0.7500");
    }

    #[test]
    fn jsonl_round_trips() {
        let mut out = Vec::new();
        write_jsonl(&mut out, &sample()).unwrap();
        let v: serde_json::Value = serde_json::from_slice(out.trim_ascii_end()).unwrap();
        assert_eq!(v["id_ru"], "b2");
        assert_eq!(v["ru"], "Правозащитники сказали «стоп».\u{1}");
    }

    #[test]
    fn skipped_sentences_are_not_units() {
        let en = vec!["A.".to_string(), "B.".to_string()];
        let ru = vec!["А.".to_string()];
        let beads = vec![
            AlignedPair {
                en: vec![0],
                ru: vec![0],
                score: 0.9,
            },
            AlignedPair {
                en: vec![1],
                ru: vec![],
                score: 0.1,
            },
        ];
        let units = sentence_pairs(&en, &ru, &beads);
        assert_eq!(units.len(), 1);
        assert_eq!(units[0].ru, "А.");
    }
}
