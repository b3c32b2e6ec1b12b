#!/usr/bin/env python3
"""Writes small EPUB books as seeds for the import_epub fuzz target: each
file starts with the two header bytes qari_fuzz reads (width and options),
then the zip. Stored (uncompressed) entries, so that mutations reach the
XML and XHTML inside.
Usage: fuzz/make_epub_seeds.py [OUT_DIR]"""
import io, pathlib, sys, zipfile

out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parent / "seeds/import_epub")
out.mkdir(parents=True, exist_ok=True)
container = ('<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
             '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
             '</rootfiles></container>')

def opf(version, nav):
    items = '<item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/>'
    items += '<item id="c2" href="c2.xhtml" media-type="application/xhtml+xml"/>'
    if nav:
        items += '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
    else:
        items += '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>'
    return (f'<package xmlns="http://www.idpf.org/2007/opf" version="{version}"><metadata '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>كتاب</dc:title><dc:language>ar</dc:language>'
            f'</metadata><manifest>{items}</manifest><spine toc="ncx" page-progression-direction="rtl">'
            '<itemref idref="c1"/><itemref idref="c2"/></spine></package>')

nav = ('<html xmlns:epub="http://www.idpf.org/2007/ops"><body><nav epub:type="toc"><ol>'
       '<li><a href="c1.xhtml">الأول</a><ol><li><a href="c1.xhtml#s">قسم</a></li></ol></li>'
       '<li><a href="c2.xhtml">الثاني</a></li></ol></nav></body></html>')
ncx = ('<ncx><navMap><navPoint id="a"><navLabel><text>الأول</text></navLabel><content src="c1.xhtml"/>'
       '</navPoint><navPoint id="b"><navLabel><text>الثاني</text></navLabel><content src="c2.xhtml"/>'
       '</navPoint></navMap></ncx>')
c1 = ('<html xmlns="http://www.w3.org/1999/xhtml" dir="rtl"><body><h1>الفصل الأول</h1>'
      '<p>نص <b>عريض</b> و<a epub:type="noteref" href="#n1">١</a> (قوس).</p><h2 id="s">قسم</h2>'
      '<table><tr><th>أ</th><th>ب</th></tr><tr><td>1</td><td>٢</td></tr></table>'
      '<aside epub:type="footnote" id="n1"><p>حاشية.</p></aside></body></html>')
c2 = ('<html><body><h1>Chapter two</h1><pre><code class="language-rust">fn main() {}</code></pre>'
      '<ul><li>one</li><li>اثنان</li></ul><blockquote>quote</blockquote></body></html>')

for name, version, has_nav, header in [("epub3-w60", "3.0", True, b"\x3c\x00"),
                                        ("epub2-w20-rtl", "2.0", False, b"\x14\x20")]:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr("mimetype", "application/epub+zip")
        z.writestr("META-INF/container.xml", container)
        z.writestr("OEBPS/content.opf", opf(version, has_nav))
        z.writestr("OEBPS/nav.xhtml" if has_nav else "OEBPS/toc.ncx", nav if has_nav else ncx)
        z.writestr("OEBPS/c1.xhtml", c1)
        z.writestr("OEBPS/c2.xhtml", c2)
    (out / name).write_bytes(header + buf.getvalue())
    print(out / name, len(buf.getvalue()))
