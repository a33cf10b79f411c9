//! Search: the index is written, holds the right documents and filters,
//! and the site's own search code (themes/default/static/search.js, run
//! under Node against the built files) puts the right page first. The
//! same code runs in readers' browsers.

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use serde_json::{Value, json};

use crate::common::*;

/// Runs tests/search/query.mjs: each query's top results as
/// `{url, title, kind, excerpt}`, and the bytes each query fetched.
fn node(out: &Path, base: &str, request: Value) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search/query.mjs");
    let output = Command::new("node")
        .arg(script)
        .arg(out)
        .arg(base)
        .arg(request.to_string())
        .output()
        .expect("node runs (scripts/test installs it when missing)");
    assert!(
        output.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn first_urls(out: &Path, base: &str, queries: &[(&str, Value)]) -> Vec<Vec<String>> {
    let request = json!({
        "queries": queries.iter().map(|(q, f)| json!({"q": q, "filters": f})).collect::<Vec<_>>()
    });
    node(out, base, request)["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|results| {
            results
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["url"].as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

fn fixture_site() -> &'static (tempfile::TempDir, std::path::PathBuf) {
    static SITE: OnceLock<(tempfile::TempDir, std::path::PathBuf)> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = copy_fixture("minimal");
        let out = build(site.path());
        (site, out)
    })
}

#[test]
fn the_index_holds_every_page_kind_with_its_filters() {
    let (_, out) = fixture_site();
    let meta: Value = serde_json::from_str(&read(out, "search/index.json")).unwrap();
    let kinds: Vec<(String, u64)> = meta["filters"][0]["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v[0].as_str().unwrap().to_string(), v[1].as_u64().unwrap()))
        .collect();
    assert_eq!(meta["filters"][0]["name"], "kind");
    let count = |kind: &str| kinds.iter().find(|(k, _)| k == kind).map(|(_, n)| *n);
    assert_eq!(count("Force"), Some(3));
    assert_eq!(count("ROCU"), Some(2));
    assert_eq!(count("Inspection"), Some(1));
    assert_eq!(count("Recommendation"), Some(3));
    assert_eq!(count("Response"), Some(1));
    assert!(count("Source document").unwrap() >= 2);
    let names: Vec<&str> = meta["filters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "kind",
            "inspection",
            "rocu",
            "force",
            "stance",
            "status",
            "deadline",
            "overdue"
        ]
    );

    // The stance filter lists the north response's stance.
    let stances: Value = serde_json::from_str(&read(out, "search/filters/stance.json")).unwrap();
    assert!(
        stances.get("Says it already meets this").is_some(),
        "{stances}"
    );
}

#[test]
fn queries_find_the_right_page_first_under_a_sub_path() {
    let (_, out) = fixture_site();
    let found = first_urls(
        out,
        "/sub/",
        &[
            ("North", json!({})),
            ("arocu", json!({})),
            ("recommendation 2", json!({})),
            ("appointed a lead officer", json!({})),
            ("north", json!({"kind": "Response"})),
            ("north", json!({"kind": "ROCU"})),
            ("east", json!({"status": "No response found"})),
            ("zzzz", json!({})),
        ],
    );
    assert_eq!(found[0][0], "/sub/forces/north/");
    assert_eq!(found[1][0], "/sub/rocus/alpha/");
    assert_eq!(
        found[2][0],
        "/sub/inspections/test-inspection/recommendations/2/"
    );
    // Stemmed, the words also find the recommendation that asks to
    // "appoint a lead officer"; the response quoting them is one of the two.
    let mut top_two = found[3][..2].to_vec();
    top_two.sort();
    assert_eq!(
        top_two,
        [
            "/sub/inspections/test-inspection/recommendations/2/",
            "/sub/responses/north-test/"
        ]
    );
    assert_eq!(found[4], ["/sub/responses/north-test/"]);
    assert!(
        found[5].iter().all(|u| u.starts_with("/sub/rocus/")),
        "{:?}",
        found[5]
    );
    assert_eq!(found[6][0], "/sub/forces/east/");
    assert!(found[7].is_empty());
}

#[test]
fn results_have_a_title_a_kind_and_an_excerpt_with_the_words_marked() {
    let (_, out) = fixture_site();
    let output = node(out, "/sub/", json!({"queries": [{"q": "lead officer"}]}));
    let first = &output["results"][0][0];
    assert_eq!(first["kind"], "Recommendation");
    assert!(
        first["title"]
            .as_str()
            .unwrap()
            .starts_with("Recommendation 2")
    );
    let excerpt = first["excerpt"].as_str().unwrap();
    assert!(excerpt.contains("[lead] [officer]"), "{excerpt}");
}

#[test]
fn the_browser_folds_text_exactly_as_the_index_does() {
    let (_, out) = fixture_site();
    let samples = [
        "Heddlu Dyfed-Powys: ŵ ŷ Ŵyl",
        "zero\u{200B}width \u{200F}RTL\u{200E} soft\u{AD}hyphen",
        "Recommendation 4: the force's “lead officer” — by 2021-03.",
        "ﬁle Ⅻ İstanbul ΣΊΣΥΦΟΣ 𝐁𝐨𝐥𝐝 ２０２１",
    ];
    let output = node(out, "/sub/", json!({"fold": samples}));
    for (sample, from_js) in samples.iter().zip(output["fold"].as_array().unwrap()) {
        let folded = answerable::search::text::fold(sample);
        let from_rust: Vec<&str> = answerable::search::text::words(&folded).collect();
        let from_js: Vec<&str> = from_js
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap())
            .collect();
        assert_eq!(from_rust, from_js, "{sample}");
    }
}

#[test]
fn the_browser_stems_every_word_exactly_as_the_index_does() {
    let (_, out) = fixture_site();
    // Every distinct word of the five seed documents, and the word forms
    // each step of the algorithm turns on.
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut words = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(&seeds).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            let text = answerable::search::text::fold(&std::fs::read_to_string(path).unwrap());
            words.extend(answerable::search::text::words(&text).map(str::to_string));
        }
    }
    let forms = "caresses ponies ties cries gas gaps kiwis agreed feed hoped hopping filing \
        sized cry by say happy relational conditional rational valency hesitancy digitizer \
        conformably radically differently vileness analogously generalization operator \
        feudalism decisiveness hopefulness callousness formality sensitivity sensibility \
        triplicate formative formalize electricity electrical hopeful goodness revival \
        allowance inference airliner gyroscopic adjustable defensible irritant replacement \
        adjustment dependent adoption homologous effective bowdlerize probate rate cease \
        controll roll generate communism arsenal skies dying news inning proceeding \
        yelling crying staying syzygy eyed lately ugly only quickly logically geology \
        fluently fly flying knightly tiny";
    words.extend(forms.split_whitespace().map(str::to_string));
    let words: Vec<String> = words.into_iter().collect();
    assert!(words.len() > 2000, "{} words", words.len());
    let output = node(out, "/sub/", json!({ "stem": words }));
    let from_js = output["stem"].as_array().unwrap();
    let differ: Vec<String> = (words.iter().zip(from_js))
        .filter(|(w, js)| answerable::search::text::stem(w) != js.as_str().unwrap())
        .map(|(w, js)| format!("{w}: Rust {}, JS {js}", answerable::search::text::stem(w)))
        .collect();
    assert!(
        differ.is_empty(),
        "{} of {} differ: {differ:#?}",
        differ.len(),
        words.len()
    );
}

#[test]
fn without_javascript_the_search_page_is_an_a_to_z_index() {
    let (_, out) = fixture_site();
    let html = read(out, "search/index.html");
    assert!(has_href(&html, "/sub/forces/east/"));
    assert!(has_href(&html, "/sub/rocus/alpha/"));
    assert!(has_href(
        &html,
        "/sub/inspections/test-inspection/recommendations/3/"
    ));
    let text = text_of(&html);
    assert!(text.contains("AROCU (see ALPHA)"), "{text}");
    assert!(text.contains("A–Z of the site"));
    assert!(text.contains("Searching needs JavaScript"));
    // Without the script the form leads to the A–Z index; the script is the theme's.
    assert!(attribute_values(&html, "action").contains(&"/sub/search/#a-to-z".to_string()));
    assert!(attribute_values(&html, "src").contains(&"/sub/assets/search.js".to_string()));
    assert!(read(out, "sitemap.xml").contains("<loc>https://example.org/sub/search/</loc>"));
    // Every page links to search.
    assert!(has_href(
        &read(out, "forces/north/index.html"),
        "/sub/search/"
    ));
}

#[test]
fn the_real_site_answers_a_readers_queries() {
    let out = tempfile::tempdir().unwrap();
    let options = answerable::Options {
        out: Some(out.path().join("public")),
        ..answerable::Options::new(env!("CARGO_MANIFEST_DIR"))
    };
    answerable::build(&options).unwrap();
    let public = out.path().join("public");
    let found = first_urls(
        &public,
        "/",
        &[
            ("Essex", json!({})),
            ("ODYSSEY", json!({})),
            ("YHROCU", json!({})),
            ("recommendation 4", json!({})),
            ("fragmented, annual funding streams", json!({})),
            ("received assurance from my Chief Constable", json!({})),
            // A typing slip, and other word forms.
            ("Esex", json!({})),
            ("Esssex", json!({})),
            ("recommended", json!({})),
            ("56 days", json!({})),
        ],
    );
    assert_eq!(found[0][0], "/forces/essex/");
    assert_eq!(found[6][0], "/forces/essex/", "{:?}", found[6]);
    assert_eq!(found[7][0], "/forces/essex/", "{:?}", found[7]);
    assert!(!found[8].is_empty() && !found[9].is_empty(), "{found:?}");
    assert_eq!(found[1][0], "/rocus/odyssey/");
    assert_eq!(found[2][0], "/rocus/odyssey/");
    assert!(
        found[3][..2]
            .iter()
            .all(|u| u.ends_with("/recommendations/4/")),
        "{:?}",
        found[3]
    );
    assert_eq!(
        found[4][0],
        "/responses/staffordshire-rocu-effectiveness-2021/"
    );
    assert_eq!(found[5][0], "/responses/essex-rocu-effectiveness-2021/");

    // A one-word query, ten results shown: everything fetched, the script
    // included, stays well under the 100 KB target.
    let output = node(&public, "/", json!({"queries": [{"q": "custody"}]}));
    let script = std::fs::metadata(public.join("assets/search.js"))
        .unwrap()
        .len();
    let total = output["bytes"][0].as_u64().unwrap() + script;
    assert!(total < 100_000, "{total} bytes");
}

#[test]
fn an_inspections_areas_for_improvement_are_found_on_its_page() {
    let site = copy_fixture("minimal");
    append(
        site.path(),
        "data/inspections/test-inspection.toml",
        "\n[[area_for_improvement]]\nid = \"ledgers\"\ntext = \"Units should keep their tasking ledgers up to date.\"\n",
    );
    let out = build(site.path());
    let found = first_urls(&out, "/sub/", &[("tasking ledgers", json!({}))]);
    assert_eq!(
        found[0].first().map(String::as_str),
        Some("/sub/inspections/test-inspection/")
    );
}

/// Past `A_TO_Z_ON_ONE_PAGE` entries the A–Z leaves the search page for a
/// page per letter: the search page stays small however large the site,
/// and every entry is still one link away without JavaScript.
#[test]
fn a_long_a_to_z_is_split_into_a_page_per_letter() {
    let out = large_site();
    let search = read(out, "search/index.html");
    assert!(
        search.len() < 20_000,
        "the search page is {} bytes",
        search.len()
    );
    assert!(
        !search.contains("a-to-z-list"),
        "entries on the search page"
    );
    let letters: Vec<String> = attribute_values(&search, "href")
        .into_iter()
        .filter(|href| href.starts_with("/search/a-z/"))
        .collect();
    assert!(letters.len() >= 10, "{letters:?}");
    let mut listed = std::collections::BTreeSet::new();
    for letter in &letters {
        let page = read(out, &format!("{}index.html", &letter[1..]));
        let title = text_of(section(&page, "<h1>", "</h1>"));
        let initial = title.trim_start_matches("A–Z: ").to_lowercase();
        let entries = section(&page, "a-to-z-list", "</ul>");
        for item in entries.split("<li>").skip(1) {
            let href = attribute_values(item, "href").remove(0);
            let name = text_of(item);
            assert!(
                initial == "#" || name.to_lowercase().starts_with(&initial),
                "{name} under {initial}"
            );
            listed.insert(href);
        }
        // Each letter page leads to every other letter.
        for other in &letters {
            assert!(has_href(&page, other), "{letter} lacks {other}");
        }
    }
    // Every force and inspection is one letter page away.
    for kind in ["forces", "inspections"] {
        for entry in std::fs::read_dir(out.join(kind)).unwrap() {
            let entry = entry.unwrap();
            if entry.path().is_dir() {
                let url = format!("/{kind}/{}/", entry.file_name().to_string_lossy());
                assert!(listed.contains(&url), "{url} is in no letter");
            }
        }
    }
}
