#!/usr/bin/env python3
"""Writes a ~10 MB Arabic Markdown book for the benchmarks.

Prose: the bundled article's paragraphs in varied order, plus fully vowelled
Arabic (tashkeel on most letters) and news-style sentences with numbers and
Latin words, under `## ` headings. Deterministic (fixed seed). With `code`,
a fenced Rust or Python block (Arabic comments and strings) follows every
other paragraph.
Usage: bench/gen_book.py OUT [MEGABYTES] [code]
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
