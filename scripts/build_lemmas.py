#!/usr/bin/env python3
"""Build the Russian lemma exception table from OpenCorpora (via PyPI's
pymorphy3-dicts-ru, dictionary data CC BY-SA 3.0):
crates/analysis/data/lemmas-ru.tsv.gz, one line per lemma:

    lemma<TAB>form1 form2 ...

Only forms whose Snowball stem differs from the stem of their lemma are
listed (`пыток` → `пытка`, `задержан` → `задержать`): every other form
already meets its lemma after stemming, so the table stays small. The Rust
side (`lemma.rs`) maps a listed form to its lemma before stemming.

Usage:
    python3 -m venv .venv && .venv/bin/pip install pymorphy3 pymorphy3-dicts-ru snowballstemmer
    .venv/bin/python scripts/build_lemmas.py
"""
import gzip
import re
from collections import defaultdict
from pathlib import Path

import pymorphy3
import snowballstemmer

OUT = Path(__file__).resolve().parent.parent / "crates/analysis/data/lemmas-ru.tsv.gz"
# Archaic, erroneous, colloquial and distorted forms add size, not recall.
SKIP_TAGS = {"Arch", "Erro", "Dist", "Infr", "Slng", "Abbr", "V-be", "V-ey", "V-oy", "V-ej"}
WORD = re.compile(r"^[а-я]+(?:-[а-я]+)?$")


def main() -> None:
    morph = pymorphy3.MorphAnalyzer()
    stemmer = snowballstemmer.stemmer("russian")
    stem_cache: dict[str, str] = {}

    def stem(w: str) -> str:
        s = stem_cache.get(w)
        if s is None:
            s = stemmer.stemWord(w)
            stem_cache[w] = s
        return s

    # form -> {lemma}, and forms that already share a stem with a lemma.
    candidates: dict[str, set[str]] = defaultdict(set)
    settled: set[str] = set()
    for word, tag, normal, _para, _idx in morph.dictionary.iter_known_words():
        word = word.replace("ё", "е")
        normal = normal.replace("ё", "е")
        if not WORD.match(word) or SKIP_TAGS & tag.grammemes:
            continue
        if word == normal or stem(word) == stem(normal):
            settled.add(word)
        else:
            candidates[word].add(normal)
    by_lemma: dict[str, list[str]] = defaultdict(list)
    for form, lemmas in candidates.items():
        if form in settled or len(lemmas) > 1:
            # Ambiguous form (`отцов`: father's / of fathers; `может`: can /
            # maybe): the analyser's most probable reading decides, and a
            # form whose likeliest reading already meets its lemma stays out.
            top = morph.parse(form)[0].normal_form.replace("ё", "е")
            if top not in lemmas:
                continue
            lemma = top
        else:
            (lemma,) = lemmas
        by_lemma[lemma].append(form)
    lines = [f"{lemma}\t{' '.join(sorted(forms))}\n" for lemma, forms in sorted(by_lemma.items())]
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as f:
        f.writelines(lines)
    n_forms = sum(len(v) for v in by_lemma.values())
    print(f"{len(lines)} lemmas, {n_forms} forms -> {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
