#!/usr/bin/env python3
"""Write the first N documents of a generated JSONL corpus (gen_corpus) as files for
`pressroom import`: 100 per folder, every 5th as a small HTML page, the rest as plain text
(title, date, body, organisation). Usage: corpus_to_files.py CORPUS.jsonl OUT_DIR N"""
import html, json, os, sys
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(src, encoding="utf-8") as f:
    for i, line in enumerate(f):
        if i >= n:
            break
        d = json.loads(line)
        sub = os.path.join(out, f"{i // 100:03d}")
        os.makedirs(sub, exist_ok=True)
        paras = d["body"].split("\n\n")
        if i % 5 == 0:
            body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paras)
            text = (f"<!doctype html><html lang=\"{d['lang']}\"><head><meta charset=\"utf-8\">"
                    f"<title>{html.escape(d['title'])}</title></head><body><nav><a href=\"/\">Home</a></nav>"
                    f"<article><h1>{html.escape(d['title'])}</h1><time datetime=\"{d['published']}\">{d['published']}</time>\n{body}</article>"
                    f"<footer>{html.escape(d['source'])}</footer></body></html>\n")
            name = f"{i:05d}_{d['id']}.html"
        else:
            text = f"{d['title']}\n\n{d['published']}\n\n{d['body']}\n\n{d['source']}\n"
            name = f"{i:05d}_{d['id']}.txt"
        with open(os.path.join(sub, name), "w", encoding="utf-8") as g:
            g.write(text)
