"""Time trafilatura on the extraction benchmark pages.

Reads every html/<id>.html.gz of the folder given as the first argument,
decodes it once, then times only trafilatura.extract() over all pages for the
given number of rounds. Prints one JSON object: pages, seconds, pages_per_second,
version. Run through run.sh, which provides the virtualenv.
"""
import gzip
import json
import sys
import time
from pathlib import Path

import trafilatura


def main() -> None:
    folder = Path(sys.argv[1])
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        path = folder / "html" / f"{page_id}.html.gz"
        if path.is_file():
            raw = gzip.decompress(path.read_bytes())
            pages.append(raw.decode("utf-8", errors="replace"))
    start = time.perf_counter()
    for _ in range(rounds):
        for html in pages:
            trafilatura.extract(html)
    seconds = time.perf_counter() - start
    count = len(pages) * rounds
    print(json.dumps({
        "pages": count,
        "seconds": seconds,
        "pages_per_second": count / seconds if seconds > 0 else 0.0,
        "version": trafilatura.__version__,
    }))


if __name__ == "__main__":
    main()
