#!/usr/bin/env python3
"""Convert Debian's mueller7-dict (V. K. Mueller English-Russian dictionary,
GPL-2+) into the compact lexicon pressroom ships:
crates/analysis/data/lexicon-en-ru.tsv.gz, one line per English headword:

    english<TAB>russian1|russian2|...

Only the first few senses are kept, and only translations that are plain
Russian words or short phrases (no examples, labels or remarks), because the
lexicon serves query translation, where a short, ranked fan-out matters more
than completeness.

Usage:
    apt-get download mueller7-dict
    python3 scripts/build_lexicon.py mueller7-dict_*.deb   # or an extracted mueller7.dict.dz
"""
import base64
import gzip
import re
import subprocess
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "crates/analysis/data/lexicon-en-ru.tsv.gz"
MAX_SENSES = 6
MAX_WORDS = 3
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def b64num(s: str) -> int:
    n = 0
    for ch in s:
        n = n * 64 + B64.index(ch)
    return n


def locate(arg: Path) -> tuple[Path, Path]:
    if arg.suffix == ".deb":
        tmp = Path(tempfile.mkdtemp())
        subprocess.run(["dpkg-deb", "-x", str(arg), str(tmp)], check=True)
        base = tmp / "usr/share/dictd"
    elif arg.is_dir():
        base = arg
    else:
        base = arg.parent
    return base / "mueller7.index", base / "mueller7.dict.dz"


LABEL = re.compile(r"_[^\s.]+\.")
PARENS = re.compile(r"\([^()]*\)")
TRANSCRIPTION = re.compile(r"\[[^\]]*\]")
SENSE_MARK = re.compile(r"(?:^|\s)(?:\d+\.|\d+\)|[а-я]\))\s")
CYR_PHRASE = re.compile(r"^[а-яё]+(?:[ -][а-яё]+)*$")


def translations(body: str) -> list[str]:
    text = " ".join(line.strip() for line in body.splitlines()[1:])
    text = TRANSCRIPTION.sub(" ", text)
    for _ in range(2):
        text = PARENS.sub(" ", text)
    text = LABEL.sub(" ", text)
    out: list[str] = []
    for sense in SENSE_MARK.split(text):
        # The first ';' part of a sense is the translation; later parts are
        # usually examples, kept only when they are plain Russian.
        for part in sense.split(";"):
            if re.search(r"[A-Za-z=~]", part):
                continue
            for cand in part.split(","):
                cand = cand.strip().strip(".").strip().lower().replace("ё", "е")
                cand = re.sub(r"\s+", " ", cand)
                if not cand or not CYR_PHRASE.match(cand):
                    continue
                if len(cand.split()) > MAX_WORDS or cand in out:
                    continue
                out.append(cand)
        if len(out) >= MAX_SENSES:
            break
    return out[:MAX_SENSES]


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    index, dz = locate(Path(sys.argv[1]))
    data = gzip.decompress(dz.read_bytes())
    entries: dict[str, list[str]] = {}
    for line in index.read_text(encoding="utf-8").splitlines():
        head, off, length = line.split("\t")[:3]
        if head.startswith(("00-", "_")):
            continue
        key = head.strip().lower()
        if not re.fullmatch(r"[a-z][a-z' -]*", key) or len(key.split()) > MAX_WORDS:
            continue
        body = data[b64num(off): b64num(off) + b64num(length)].decode("utf-8", "replace")
        tr = translations(body)
        if not tr:
            continue
        merged = entries.setdefault(key, [])
        merged.extend(t for t in tr if t not in merged)
        del merged[MAX_SENSES:]
    lines = [f"{k}\t{'|'.join(v)}\n" for k, v in sorted(entries.items())]
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as f:
        f.writelines(lines)
    print(f"{len(lines)} entries -> {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
