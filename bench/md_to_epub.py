#!/usr/bin/env python3
"""Turns a book written by gen_book.py (Markdown: a `# ` title, `## `
chapters, paragraphs, fenced code) into an EPUB 3 of the same text: about
200 XHTML files of consecutive `## ` chapters, a navigation document listing the
chapters, RTL
spine, Arabic language. For comparing qari on the same text as Markdown
and as EPUB.
Usage: bench/md_to_epub.py BOOK.md OUT.epub"""
import html, pathlib, sys, zipfile

md = pathlib.Path(sys.argv[1]).read_text(encoding="utf-8").split("\n")
title, chapters, cur, fence = "", [], None, None
for line in md:
    if fence is not None:
        if line.startswith("```"):
            cur[1].append(f'<pre><code class="language-{fence}">{html.escape(chr(10).join(cur[2]))}</code></pre>')
            fence, cur[2][:] = None, []
        else:
            cur[2].append(line)
    elif line.startswith("```") and cur is not None:
        fence = line[3:].strip() or "text"
    elif line.startswith("# "):
        title = line[2:]
    elif line.startswith("## "):
        cur = [line[3:], [], []]
        chapters.append(cur)
    elif line.strip() and cur is not None:
        cur[1].append(f"<p>{html.escape(line)}</p>")

# About 200 files, as a book of 200 chapters: consecutive `## ` sections
# share a file, each keeping its own heading.
per = max(1, -(-len(chapters) // 200))
files = [chapters[i:i + per] for i in range(0, len(chapters), per)]

def xhtml(head, body):
    return ('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml" '
            'xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="ar" lang="ar" dir="rtl">'
            f'<head><title>{html.escape(head)}</title></head><body>{body}</body></html>')

items = "".join(f'<item id="c{i}" href="c{i}.xhtml" media-type="application/xhtml+xml"/>' for i in range(len(files)))
spine = "".join(f'<itemref idref="c{i}"/>' for i in range(len(files)))
opf = ('<?xml version="1.0" encoding="utf-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" '
       'unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
       f'<dc:identifier id="id">qari-bench</dc:identifier><dc:title>{html.escape(title)}</dc:title>'
       '<dc:language>ar</dc:language></metadata><manifest>'
       '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
       f'{items}</manifest><spine page-progression-direction="rtl">{spine}</spine></package>')
toc = "".join(f'<li><a href="c{i}.xhtml#s{k}">{html.escape(c[0])}</a></li>'
              for i, f in enumerate(files) for k, c in enumerate(f))
nav = xhtml("المحتويات", f'<nav epub:type="toc"><ol>{toc}</ol></nav>')
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
    z.writestr("META-INF/container.xml",
               '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
               '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
               '</rootfiles></container>')
    z.writestr("OEBPS/content.opf", opf)
    z.writestr("OEBPS/nav.xhtml", nav)
    for i, f in enumerate(files):
        body = "".join(f'<h2 id="s{k}">{html.escape(head)}</h2>' + "".join(paras)
                       for k, (head, paras, _) in enumerate(f))
        z.writestr(f"OEBPS/c{i}.xhtml", xhtml(f[0][0], body))
print(f"{sys.argv[2]}: {len(files)} files, {len(chapters)} chapters")
