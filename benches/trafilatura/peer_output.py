"""Write trafilatura's output on an extraction folder as a peer output.

Usage: peer_output.py DIR OUT.json

Runs trafilatura.extract() with its default options on every html/<id>.html.gz
of DIR that has a ground-truth.json or checks.json entry and writes
{id: {"articleBody": text}} to OUT.json, the shape `pressroom eval extraction
--peers FOLDER` reads (name the file trafilatura.json). The raw bytes are
given to trafilatura, which detects their encoding itself. The evaluation
folders are read-only: write OUT.json somewhere git ignores.
"""
import gzip
import json
import sys
from pathlib import Path

import trafilatura


def ids_of(folder: Path) -> list[str]:
    ids: set[str] = set()
    for name in ("ground-truth.json", "checks.json"):
        path = folder / name
        if path.is_file():
            ids.update(json.loads(path.read_text(encoding="utf-8")))
    return sorted(ids)


def main() -> None:
    folder, out = Path(sys.argv[1]), Path(sys.argv[2])
    result = {}
    ids = ids_of(folder)
    # Tens of minutes on a large set: a count on a terminal, nothing in a pipe.
    show = sys.stderr.isatty()
    for done, page_id in enumerate(ids, 1):
        if show and (done % 50 == 0 or done == len(ids)):
            print(f"\r{done}/{len(ids)} pages", end="", file=sys.stderr, flush=True)
        path = folder / "html" / f"{page_id}.html.gz"
        if not path.is_file():
            continue
        text = trafilatura.extract(gzip.decompress(path.read_bytes()))
        result[page_id] = {"articleBody": text or ""}
    if show:
        print(file=sys.stderr)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    print(f"{len(result)} pages, trafilatura {trafilatura.__version__} -> {out}")


if __name__ == "__main__":
    main()
