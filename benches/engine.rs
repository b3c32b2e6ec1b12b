//! Throughput of the text engine and the Markdown loader on realistic
//! Arabic text: the bundled article's paragraphs, fully vowelled prose and
//! news sentences with numbers and Latin words (the pieces of
//! `bench/gen_book.py`), a ~1 MB Markdown book made of them, and a ~5 MB
//! Arabic web page (a news site's skeleton around thousands of them).
//!
//! `cargo bench --bench engine` (add `-- --quick` for a faster, rougher run).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use qari::import::{Format, load_bytes};
use qari::model::{Article, Block, Text};
use qari::text::levels::char_levels;
use qari::text::{Direction, LayoutOptions, layout_paragraph, layout_str};
use qari::text::{cluster::clusters, shape::shape, wrap::wrap};
use std::hint::black_box;
use std::time::Duration;

const VOWELLED: &[&str] = &[
    "بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ، الْحَمْدُ لِلَّهِ رَبِّ الْعَالَمِينَ، الرَّحْمَٰنِ الرَّحِيمِ، مَالِكِ يَوْمِ الدِّينِ.",
    "كَانَ فِي قَدِيمِ الزَّمَانِ مَلِكٌ عَادِلٌ يَحْكُمُ مَدِينَةً كَبِيرَةً، وَكَانَ النَّاسُ يُحِبُّونَهُ لِأَنَّهُ لَا يَظْلِمُ أَحَدًا.",
    "قَالَ الْمُعَلِّمُ لِطُلَّابِهِ: إِنَّ الْعِلْمَ نُورٌ، وَإِنَّ الْجَهْلَ ظَلَامٌ، فَاطْلُبُوا الْعِلْمَ مِنَ الْمَهْدِ إِلَى اللَّحْدِ.",
    "وَلَمَّا جَاءَ الرَّبِيعُ أَزْهَرَتِ الْأَشْجَارُ، وَغَرَّدَتِ الطُّيُورُ فَوْقَ الْأَغْصَانِ، وَامْتَلَأَتِ الْحُقُولُ بِالْأَلْوَانِ.",
];

const NEWS: &[&str] = &[
    "أعلنت شركة Apple يوم 12 مارس 2024 عن نمو إيراداتها بنسبة 8.5% لتبلغ 94 مليار دولار، وفق بيان نشرته Reuters.",
    "وقال المتحدث باسم وزارة الخارجية (في مؤتمر صحفي) إن «المفاوضات مستمرة» منذ عام 1998، مشيراً إلى اجتماع قمة G20 المقبل.",
    "سجّل مؤشر السوق ١٢٣٤٥ نقطة في تداولات الأحد، بارتفاع ٣٫٢٪ مقارنة بالأسبوع الماضي، بحسب بيانات Bloomberg.",
];

/// The bundled article's paragraphs.
fn article_paragraphs() -> Vec<String> {
    let article: Article =
        serde_json::from_str(include_str!("../assets/article.json")).expect("bundled article");
    let mut out = Vec::new();
    for section in &article.sections {
        for block in &section.blocks {
            if let Block::Paragraph(t) = block {
                out.push(t.to_plain());
            }
        }
    }
    out
}

/// Paragraphs of each kind, each a few sentences long (as in the book).
fn corpora() -> Vec<(&'static str, Vec<String>)> {
    let join = |pool: &[&str]| -> Vec<String> {
        (0..pool.len())
            .map(|i| {
                (0..3)
                    .map(|k| pool[(i + k) % pool.len()])
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    };
    let article = article_paragraphs();
    let article_refs: Vec<&str> = article.iter().map(String::as_str).collect();
    vec![
        ("article", join(&article_refs)),
        ("vowelled", join(VOWELLED)),
        ("news", join(NEWS)),
    ]
}

/// A deterministic Markdown book of about `bytes` bytes, laid out like
/// `bench/gen_book.py`'s: `##` chapters of paragraphs of 1–4 sentences.
fn book(bytes: usize) -> String {
    let article = article_paragraphs();
    let mut pool: Vec<&str> = article.iter().map(String::as_str).collect();
    for _ in 0..3 {
        pool.extend(VOWELLED);
    }
    for _ in 0..2 {
        pool.extend(NEWS);
    }
    // A small linear congruential generator: the same book every run.
    let mut seed: u64 = 2010;
    let mut next = |n: usize| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 33) as usize % n
    };
    let mut out = String::from("# ما أهمية تعزيز التعاون العسكري بين قطر والمغرب؟\n\n");
    let mut chapter = 0;
    while out.len() < bytes {
        chapter += 1;
        out.push_str(&format!("## الفصل {chapter}\n\n"));
        for _ in 0..8 + next(13) {
            let sentences: Vec<&str> = (0..1 + next(4)).map(|_| pool[next(pool.len())]).collect();
            out.push_str(&sentences.join(" "));
            out.push_str("\n\n");
        }
    }
    out
}

fn total_bytes(paragraphs: &[String]) -> u64 {
    paragraphs.iter().map(|p| p.len() as u64).sum()
}

fn rtl_options() -> LayoutOptions {
    LayoutOptions {
        width: 80,
        document_dir: Direction::Rtl,
        ..LayoutOptions::default()
    }
}

fn engine(c: &mut Criterion) {
    for (name, paragraphs) in corpora() {
        let mut group = c.benchmark_group(format!("engine/{name}"));
        group.throughput(Throughput::Bytes(total_bytes(&paragraphs)));
        group.bench_function("shape", |b| {
            b.iter(|| {
                for p in &paragraphs {
                    black_box(shape(black_box(p)));
                }
            })
        });
        group.bench_function("bidi_levels", |b| {
            b.iter(|| {
                for p in &paragraphs {
                    black_box(char_levels(black_box(p), Direction::Rtl));
                }
            })
        });
        let shaped: Vec<(String, Vec<_>)> = paragraphs
            .iter()
            .map(|p| {
                let text = shape(p).text;
                let clusters = clusters(&text);
                (text, clusters)
            })
            .collect();
        group.bench_function("wrap", |b| {
            b.iter(|| {
                for (text, clusters) in &shaped {
                    black_box(wrap(black_box(text), clusters, 80));
                }
            })
        });
        let texts: Vec<Text> = paragraphs.iter().map(|p| Text::plain(p.as_str())).collect();
        let opts = rtl_options();
        group.bench_function("layout_paragraph", |b| {
            b.iter(|| {
                for t in &texts {
                    black_box(layout_paragraph(black_box(t), &opts));
                }
            })
        });
        group.bench_function("layout_str_narrow", |b| {
            let narrow = LayoutOptions { width: 24, ..opts };
            b.iter(|| {
                for p in &paragraphs {
                    black_box(layout_str(black_box(p), &narrow));
                }
            })
        });
        group.finish();
    }
}

/// A Markdown article of `blocks` Rust code blocks (with Arabic comments
/// and strings) between Arabic paragraphs.
fn code_article(blocks: usize) -> String {
    let mut md = String::from("# شيفرة\n\n");
    for i in 0..blocks {
        md.push_str(NEWS[i % NEWS.len()]);
        md.push_str("\n\n```rust\n");
        md.push_str(CODE);
        md.push_str("```\n\n");
    }
    md
}

const CODE: &str = "// دالة تطبع التحية\nfn greet(name: &str) -> usize {\n    \
    let greeting = \"مرحبا\"; // كلمة عربية\n    println!(\"{greeting}, {name}!\");\n\n    \
    name.chars().count() + 42\n}\n";

/// Code blocks: loading syntect's syntaxes (once per run of the reader), and
/// composing an article of highlighted blocks (what a code block in view
/// costs), against the same article without languages (plain).
fn code(c: &mut Criterion) {
    use qari::doc::{ComposeOptions, FaqMode, compose_article};
    let mut group = c.benchmark_group("code");
    group.sample_size(10);
    group.bench_function("syntect_load_defaults", |b| {
        b.iter(|| black_box(syntect::parsing::SyntaxSet::load_defaults_newlines()))
    });
    let highlighted = code_article(100);
    let plain = highlighted.replace("```rust", "```");
    let opts = ComposeOptions {
        width: 80,
        layout: rtl_options(),
        labels: qari::labels::Labels::of(qari::labels::UiLang::Ar),
        faq: FaqMode::Expanded,
        link_refs: false,
        syntax: qari::doc::SyntaxColors::Wait,
    };
    for (name, md) in [
        ("compose_100_rust_blocks", &highlighted),
        ("compose_100_plain_blocks", &plain),
    ] {
        let article = load_bytes(md.as_bytes(), Format::Markdown, "code.md").expect("loads");
        qari::doc::load_syntaxes();
        group.bench_function(name, |b| {
            b.iter(|| black_box(compose_article(black_box(&article), &opts)))
        });
    }
    group.finish();
}

fn loader(c: &mut Criterion) {
    let md = book(1_000_000);
    let mut group = c.benchmark_group("load");
    group.throughput(Throughput::Bytes(md.len() as u64));
    group.sample_size(20);
    group.bench_function("markdown_book_1mb", |b| {
        b.iter(|| {
            black_box(load_bytes(
                black_box(md.as_bytes()),
                Format::Markdown,
                "book.md",
            ))
        })
    });
    group.finish();
}

/// A deterministic Arabic news page of about `bytes` bytes: a site's
/// skeleton (head with metadata, JSON-LD and scripts, header and menu,
/// breadcrumb, share bar, "most read" sidebar, ad slots, related posts,
/// comments, footer) around an article of `h2` sections of paragraphs
/// with links, bold words and the odd list, quote and figure.
pub fn web_page(bytes: usize) -> String {
    let article = article_paragraphs();
    let mut pool: Vec<&str> = article.iter().map(String::as_str).collect();
    pool.extend(NEWS);
    let mut seed: u64 = 2025;
    let mut next = |n: usize| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 33) as usize % n
    };
    let title = "ما أهمية تعزيز التعاون العسكري بين قطر والمغرب؟";
    let mut out = format!(
        r#"<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{title} | الخليج أونلاين</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="الخليج أونلاين">
<meta property="article:published_time" content="2025-01-04T10:15:00+03:00">
<link rel="canonical" href="https://alkhaleejonline.example/a/742193">
<style>body{{font-family:sans-serif}} .ad-slot{{min-height:250px}}</style>
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","headline":"{title}","publisher":{{"@type":"Organization","name":"الخليج أونلاين"}}}}</script>
</head><body>
<header class="site-header"><a class="logo" href="/"><img src="/logo.svg" alt="الخليج أونلاين"></a>
<nav class="main-nav"><ul class="menu"><li><a href="/">الرئيسية</a></li><li><a href="/p">سياسة</a></li><li><a href="/e">اقتصاد</a></li><li><a href="/s">رياضة</a></li></ul></nav></header>
<div class="container"><main><nav class="breadcrumbs"><a href="/">الرئيسية</a> › <a href="/p">سياسة</a></nav>
<article class="post"><h1 class="entry-title">{title}</h1>
<div class="share-bar"><a href="https://facebook.com/sharer?u=x">فيسبوك</a> <a href="https://twitter.com/intent/tweet?u=x">إكس</a></div>
<div class="entry-content">
"#
    );
    let mut section = 0;
    while out.len() < bytes {
        section += 1;
        out.push_str(&format!("<h2>القسم {section}</h2>\n"));
        for i in 0..8 + next(8) {
            let sentences: Vec<&str> = (0..1 + next(3)).map(|_| pool[next(pool.len())]).collect();
            let mut p = sentences.join(" ");
            // A link and a bold run in some paragraphs, at a word boundary.
            if i % 3 == 0
                && let Some(cut) = p
                    .match_indices(' ')
                    .map(|(k, _)| k)
                    .find(|&k| k >= p.len() / 2)
            {
                p.insert_str(
                    cut,
                    r#" <a href="/tag/qatar">قطر</a> <strong>والمغرب</strong>"#,
                );
            }
            out.push_str(&format!("<p>{p}</p>\n"));
        }
        match section % 4 {
            0 => out.push_str("<ul><li>التدريب العسكري المشترك.</li><li>تطوير الصناعات الدفاعية.</li><li>تعزيز الأمن السيبراني.</li></ul>\n"),
            1 => out.push_str(&format!("<blockquote><p>{}</p></blockquote>\n", pool[next(pool.len())])),
            2 => out.push_str(r#"<figure><img src="/i.jpg" alt="الوفدان خلال المباحثات"><figcaption>الوفدان في الرباط.</figcaption></figure>"#),
            _ => out.push_str(r#"<div class="ad-slot" id="div-gpt-ad-1"><span>إعلان</span><script>googletag.display("div-gpt-ad-1");</script></div>"#),
        }
    }
    out.push_str(
        r#"</div>
<div class="post-tags"><a href="/tag/q">قطر</a> <a href="/tag/m">المغرب</a></div></article>
<section class="related-posts"><h2>أخبار ذات صلة</h2><ul><li><a href="/1">خبر أول</a></li><li><a href="/2">خبر ثان</a></li></ul></section>
<section class="comments" id="comments"><h3>التعليقات</h3><div class="comment"><p>مقال ممتاز.</p></div><form><textarea></textarea><button>أرسل</button></form></section>
</main>
<aside class="sidebar"><section class="widget most-read"><h3>الأكثر قراءة</h3><ol><li><a href="/a">أسعار النفط</a></li><li><a href="/b">كأس الخليج</a></li></ol></section></aside></div>
<footer class="site-footer"><p>© 2025 الخليج أونلاين. جميع الحقوق محفوظة.</p></footer>
<script src="/js/main.js"></script>
</body></html>
"#,
    );
    out
}

/// Importing a ~5 MB web page (past `extract::MAX_TEXT`: the fallback reads its
/// `<main>`; the target is ≤ 150 ms) and a ~900 kB one (through
/// Readability). The figures are printed too, after checking that the
/// import is right: every section, no boilerplate.
///
fn html(c: &mut Criterion) {
    let mut group = c.benchmark_group("html");
    group.sample_size(10);
    for (name, bytes) in [
        ("import_page_5mb", 5_000_000),
        ("import_page_900kb", 900_000),
    ] {
        let page = web_page(bytes);
        let t = std::time::Instant::now();
        let article = load_bytes(page.as_bytes(), Format::Html, "page.html").expect("loads");
        let ms = t.elapsed().as_secs_f64() * 1e3;
        let blocks: usize = article.sections.iter().map(|s| s.blocks.len()).sum();
        let text: String = qari::model::walk::texts(&article)
            .map(Text::to_plain)
            .collect::<Vec<_>>()
            .join("\n");
        for gone in [
            "الأكثر قراءة",
            "جميع الحقوق",
            "إعلان",
            "فيسبوك",
            "مقال ممتاز",
            "أخبار ذات صلة",
            "الرئيسية",
            "dataLayer",
        ] {
            assert!(!text.contains(gone), "{name}: {gone} in the imported page");
        }
        assert_eq!(
            article.sections.len(),
            page.matches("<h2>القسم").count(),
            "{name}: every section"
        );
        println!(
            "html: a {:.2} MB page, {} sections, {blocks} blocks, imported in {ms:.0} ms (one run)",
            page.len() as f64 / 1e6,
            article.sections.len(),
        );
        group.throughput(Throughput::Bytes(page.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                black_box(load_bytes(
                    black_box(page.as_bytes()),
                    Format::Html,
                    "page.html",
                ))
            })
        });
    }
    // Where a 10 MB book-like page is cut for a progressive open: a scan
    // of the whole page before its first frame.
    let mut book = String::from("<html lang=\"ar\"><head><title>كتاب</title></head><body>");
    while book.len() < 10_000_000 {
        book +=
            "<h2>الفصل</h2><p>كان في قديم الزمان ملك عادل يحكم مدينة كبيرة، وكان الناس يحبونه.</p>";
        book += &"<p>قَالَ الْمُعَلِّمُ لِطُلَّابِهِ: إِنَّ الْعِلْمَ نُورٌ، وَإِنَّ الْجَهْلَ ظَلَامٌ (منذ 1998).</p>".repeat(20);
    }
    book += "</body></html>";
    assert!(qari::import::html::split::cut(book.as_bytes()).is_some());
    group.throughput(Throughput::Bytes(book.len() as u64));
    group.bench_function("cut_book_10mb", |b| {
        b.iter(|| black_box(qari::import::html::split::cut(black_box(book.as_bytes()))))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30);
    targets = engine, loader, code, html
}
criterion_main!(benches);
