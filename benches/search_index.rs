//! How much the search index costs: time and peak memory to build it, its
//! size on disk, and the bytes a reader's browser fetches for a typical
//! one-word query. Synthetic report-like pages (about 1,000 words each,
//! words drawn from a Zipf-like vocabulary, as in English prose).
//!
//!     cargo bench --bench search_index            # 1,000 and 10,000 pages
//!     cargo bench --bench search_index -- 100000  # any sizes
//!
//! Peak memory is the process's high-water mark (VmHWM), so run one size
//! per process for a clean figure (the sizes run smallest first).

use std::time::Instant;

use answerable::search::{SearchDoc, index};
use answerable::write::Collect;

const WORDS_PER_PAGE: usize = 1000;
const VOCABULARY: usize = 40_000;

/// A small deterministic generator (64-bit LCG), so runs are comparable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    /// A word rank with roughly Zipf's distribution: rank r with
    /// probability proportional to 1/r.
    fn zipf(&mut self) -> usize {
        let u = (self.next() as f64 + 1.0) / (1u64 << 31) as f64;
        ((VOCABULARY as f64).powf(u) as usize).clamp(1, VOCABULARY)
    }
}

fn word(rank: usize) -> String {
    // Readable, distinct, varied length: base-26 letters of the rank.
    let mut n = rank;
    let mut w = String::new();
    loop {
        w.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
        if n == 0 {
            break;
        }
    }
    w
}

fn documents(pages: usize) -> Vec<SearchDoc> {
    let mut rng = Rng(42);
    let kinds = [
        ("recommendation", "Recommendation"),
        ("response", "Response"),
        ("force", "Force"),
    ];
    (0..pages)
        .map(|i| {
            let (kind, label) = kinds[i % kinds.len()];
            let body: Vec<String> = (0..WORDS_PER_PAGE / 20)
                .map(|_| {
                    (0..20)
                        .map(|_| word(rng.zipf()))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            SearchDoc {
                url: format!("/{kind}s/{i}/"),
                title: format!("{label} {i}: {} {}", word(rng.zipf()), word(rng.zipf())),
                kind,
                keywords: vec![format!("{kind} {i}")],
                key_text: Vec::new(),
                body,
                filters: vec![
                    ("kind", label.to_string()),
                    ("force", format!("Force {}", i % 44)),
                ],
            }
        })
        .collect()
}

fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1_000, 10_000]
    } else {
        sizes
    };
    let script = include_str!("../themes/default/static/search.js").len();
    println!("pages\tindex s\tpeak MiB\tfiles\tindex MB\tone-word query KB (of which fixed)");
    for pages in sizes {
        let docs = documents(pages);
        let before = peak_memory_mib().unwrap_or(0.0);
        let started = Instant::now();
        let collect = Collect::default();
        index(&docs, &collect);
        let files = collect.into_files();
        let seconds = started.elapsed().as_secs_f64();
        let peak = peak_memory_mib().unwrap_or(0.0);
        let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
        let size_of = |path: &str| {
            files
                .iter()
                .find(|f| f.path == path)
                .map_or(0, |f| f.bytes.len())
        };
        // A typical query word: in about 2% of pages. The browser fetches
        // the chunk map, the word's chunk (and the next, for longer words
        // that may continue there), the script, and ten results.
        let meta = size_of("search/index.json");
        let chunk_sizes: Vec<usize> = files
            .iter()
            .filter(|f| f.path.starts_with("search/terms/"))
            .map(|f| f.bytes.len())
            .collect();
        let chunk = 2 * chunk_sizes.iter().sum::<usize>() / chunk_sizes.len().max(1);
        let fragments = 10
            * files
                .iter()
                .filter(|f| f.path.starts_with("search/docs/"))
                .take(100)
                .map(|f| f.bytes.len())
                .sum::<usize>()
            / 100;
        let query = meta + chunk + script + fragments;
        println!(
            "{pages}\t{seconds:.2}\t{:.0} (+{:.0})\t{}\t{:.1}\t{:.0} ({:.0})",
            peak,
            peak - before,
            files.len(),
            bytes as f64 / 1e6,
            query as f64 / 1e3,
            (meta + script) as f64 / 1e3,
        );
    }
}
