"""Read WARC files back with warcio and verify every digest.

Usage: python warcio_check.py FILE.warc.gz...
Exits non-zero unless every record parses, every block and payload digest
is present where expected and valid, and the files hold warcinfo, request,
response and revisit records.
"""
import sys
from collections import Counter

from warcio.archiveiterator import ArchiveIterator


def check(path, counts):
    with open(path, "rb") as stream:
        # 'raise' makes warcio fail on the first digest mismatch.
        for record in ArchiveIterator(stream, check_digests="raise"):
            kind = record.rec_type
            counts[kind] += 1
            record.content_stream().read()
            headers = record.rec_headers
            if not headers.get_header("WARC-Block-Digest"):
                raise SystemExit(f"{path}: {kind} record without WARC-Block-Digest")
            if kind == "response":
                if not headers.get_header("WARC-Payload-Digest"):
                    raise SystemExit(f"{path}: response without WARC-Payload-Digest")
                if record.http_headers is None or not record.http_headers.get_statuscode():
                    raise SystemExit(f"{path}: response without an HTTP status")
            if kind in ("request", "response", "revisit") and not headers.get_header("WARC-Target-URI"):
                raise SystemExit(f"{path}: {kind} without WARC-Target-URI")


def main(paths):
    if not paths:
        raise SystemExit("usage: warcio_check.py FILE.warc.gz...")
    counts = Counter()
    for path in paths:
        check(path, counts)
    print("records:", dict(counts))
    for needed in ("warcinfo", "request", "response", "revisit"):
        if counts[needed] == 0:
            raise SystemExit(f"no {needed} record found")
    print("warcio: all digests valid")


if __name__ == "__main__":
    main(sys.argv[1:])
