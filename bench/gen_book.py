#!/usr/bin/env python3
"""Writes a ~10 MB Arabic Markdown book for the benchmarks.

Prose: the bundled article's paragraphs in varied order, plus fully vowelled
Arabic (tashkeel on most letters) and news-style sentences with numbers and
Latin words, under `## ` headings. Deterministic (fixed seed). With `code`,
a fenced Rust or Python block (Arabic comments and strings) follows every
other paragraph. With `vowelled`, the book is fully vowelled classical prose
instead (hadith and Quran style): a haraka, shadda with a haraka, tanween or
sukun on every letter, superscript alef (U+0670), hamza above and below
(U+0654, U+0655), Quranic annotation marks (U+06D6-U+06ED) and end-of-ayah
signs with their numbers.
Usage: bench/gen_book.py OUT [MEGABYTES] [code|vowelled]
"""
import json, random, sys, pathlib

root = pathlib.Path(__file__).resolve().parent.parent
article = json.loads((root / "assets/article.json").read_text(encoding="utf-8"))
paras = [b["paragraph"] for s in article["sections"] for b in s["blocks"] if "paragraph" in b]
vowelled = [
    "بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ، الْحَمْدُ لِلَّهِ رَبِّ الْعَالَمِينَ، الرَّحْمَٰنِ الرَّحِيمِ، مَالِكِ يَوْمِ الدِّينِ.",
    "كَانَ فِي قَدِيمِ الزَّمَانِ مَلِكٌ عَادِلٌ يَحْكُمُ مَدِينَةً كَبِيرَةً، وَكَانَ النَّاسُ يُحِبُّونَهُ لِأَنَّهُ لَا يَظْلِمُ أَحَدًا.",
    "قَالَ الْمُعَلِّمُ لِطُلَّابِهِ: إِنَّ الْعِلْمَ نُورٌ، وَإِنَّ الْجَهْلَ ظَلَامٌ، فَاطْلُبُوا الْعِلْمَ مِنَ الْمَهْدِ إِلَى اللَّحْدِ.",
    "وَلَمَّا جَاءَ الرَّبِيعُ أَزْهَرَتِ الْأَشْجَارُ، وَغَرَّدَتِ الطُّيُورُ فَوْقَ الْأَغْصَانِ، وَامْتَلَأَتِ الْحُقُولُ بِالْأَلْوَانِ.",
]
news = [
    "أعلنت شركة Apple يوم 12 مارس 2024 عن نمو إيراداتها بنسبة 8.5% لتبلغ 94 مليار دولار، وفق بيان نشرته Reuters.",
    "وقال المتحدث باسم وزارة الخارجية (في مؤتمر صحفي) إن «المفاوضات مستمرة» منذ عام 1998، مشيراً إلى اجتماع قمة G20 المقبل.",
    "سجّل مؤشر السوق ١٢٣٤٥ نقطة في تداولات الأحد، بارتفاع ٣٫٢٪ مقارنة بالأسبوع الماضي، بحسب بيانات Bloomberg.",
]
pool = paras + vowelled * 3 + news * 2
code = [
    "```rust\n// دالة تطبع التحية\nfn greet(name: &str) -> usize {\n"
    "    let greeting = \"مرحبا\"; // كلمة عربية\n    println!(\"{greeting}, {name}!\");\n\n"
    "    name.chars().count() + 42\n}\n```",
    "```python\ndef main():\n    # تعليق بالعربية\n    for i in range(3):\n"
    "        print(\"سلام\", i)  # ثلاث مرات\n    return None\n```",
]
with_code = len(sys.argv) > 3 and sys.argv[3] == "code"
rnd = random.Random(2010)


def vowelled_word(rnd):
    """A made-up word of 2-7 letters, every one carrying marks."""
    letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإؤئةى"
    harakat = ["\u064E", "\u064F", "\u0650"]  # fatha, damma, kasra
    word = []
    n = rnd.randint(2, 7)
    for i in range(n):
        c = rnd.choice(letters)
        r = rnd.random()
        if i == n - 1 and r < 0.25:
            marks = rnd.choice(["\u064B", "\u064C", "\u064D"])  # tanween
        elif r < 0.45:
            marks = rnd.choice(harakat)
        elif r < 0.6:
            marks = "\u0651" + rnd.choice(harakat + ["\u064B", "\u064C"])  # shadda + haraka
        elif r < 0.72:
            marks = "\u0652"  # sukun
        elif r < 0.78:
            marks = rnd.choice(harakat) + "\u0670"  # superscript alef
        elif r < 0.84:
            c = rnd.choice("اوي")
            marks = rnd.choice(["\u0654", "\u0655"]) + rnd.choice(harakat)  # hamza above/below
        elif r < 0.92:
            # Quranic annotation marks (small high letters, stops, madda).
            marks = rnd.choice(harakat) + chr(rnd.choice(
                [*range(0x06D6, 0x06DD), *range(0x06DF, 0x06E5), 0x06E7, 0x06E8, *range(0x06EA, 0x06EE)]))
        else:
            marks = rnd.choice(harakat)
        word.append(c + marks)
    return "".join(word)


def ayah_numeral(n):
    return "".join(chr(0x0660 + int(d)) for d in str(n))


def vowelled_paragraph(rnd):
    words, ayah = [], rnd.randint(1, 200)
    for _ in range(rnd.randint(25, 120)):
        w = vowelled_word(rnd)
        r = rnd.random()
        if r < 0.04:
            # End of ayah (U+06DD) before its number, as in printed mushafs.
            w += " \u06DD" + ayah_numeral(ayah)
            ayah += 1
        elif r < 0.10:
            w += rnd.choice(["،", "؛", ".", ":"])
        words.append(w)
    return " ".join(words)


if len(sys.argv) > 3 and sys.argv[3] == "vowelled":
    # Fully vowelled classical corpus: the real vowelled sentences above and
    # made-up words carrying marks on every letter.
    target = int(float(sys.argv[2]) * 1_000_000)
    out = ["# " + vowelled[0].split("،")[0], ""]
    size, chapter = 0, 0
    while size < target:
        chapter += 1
        out += [f"## بَابُ {ayah_numeral(chapter)}: " + vowelled_word(rnd) + " " + vowelled_word(rnd), ""]
        for _ in range(rnd.randint(8, 20)):
            p = rnd.choice(vowelled) + " " + vowelled_paragraph(rnd) if rnd.random() < 0.3 else vowelled_paragraph(rnd)
            out += [p, ""]
            size += len(p.encode()) + 2
    pathlib.Path(sys.argv[1]).write_text("\n".join(out) + "\n", encoding="utf-8")
    sys.exit(0)

target = int(float(sys.argv[2]) * 1_000_000) if len(sys.argv) > 2 else 10_000_000
out = ["# " + article["title"], ""]
size, chapter = 0, 0
while size < target:
    chapter += 1
    out += [f"## الفصل {chapter}: " + rnd.choice([s["heading"] for s in article["sections"] if "heading" in s]), ""]
    for _ in range(rnd.randint(8, 20)):
        p = " ".join(rnd.choice(pool) for _ in range(rnd.randint(1, 4)))
        out += [p, ""]
        size += len(p.encode()) + 2
        if with_code and rnd.random() < 0.5:
            block = rnd.choice(code)
            out += [block, ""]
            size += len(block.encode()) + 2
pathlib.Path(sys.argv[1]).write_text("\n".join(out) + "\n", encoding="utf-8")
