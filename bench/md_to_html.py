#!/usr/bin/env python3
"""The generated book (bench/gen_book.py) as one HTML page, for the
benchmarks: a <p> per paragraph and <h1>/<h2> per heading, in an <article>.

Usage: bench/md_to_html.py BOOK.md OUT.html
"""
import html
import sys

out = ['<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
       '<title>book</title></head><body><article>']
for line in open(sys.argv[1], encoding="utf-8").read().split("\n"):
    if line.startswith("## "):
        out.append("<h2>" + html.escape(line[3:]) + "</h2>")
    elif line.startswith("# "):
        out.append("<h1>" + html.escape(line[2:]) + "</h1>")
    elif line:
        out.append("<p>" + html.escape(line) + "</p>")
out.append("</article></body></html>")
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(out))
