//! Whole-site tests: build the `minimal` fixture (published under a
//! sub-path, as a GitHub Pages project site is) and check what a reader
//! would find on each kind of page.

use std::fs;

use crate::common::*;
use answerable::{Options, Overrides};

#[test]
fn every_kind_of_page_is_written_at_its_documented_url() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    for file in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        ".nojekyll",
        "assets/style.css",
        "inspections/index.html",
        "recommendations/index.html",
        "rocus/index.html",
        "forces/index.html",
        "responses/index.html",
        "sources/index.html",
        "inspections/test-inspection/index.html",
        "inspections/test-inspection/recommendations/1/index.html",
        "inspections/test-inspection/recommendations/2/index.html",
        "inspections/test-inspection/recommendations/3/index.html",
        "rocus/alpha/index.html",
        "rocus/beta/index.html",
        "forces/north/index.html",
        "forces/east/index.html",
        "forces/south/index.html",
        "responses/north-test/index.html",
        "sources/letter/index.html",
        "sources/letter/letter.txt",
        "sources/report/index.html",
        "about/index.html",
    ] {
        assert!(out.join(file).is_file(), "{file} was not written");
    }
}

#[test]
fn the_404_page_names_no_canonical_address_and_is_not_indexed() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    let not_found = read(&out, "404.html");
    assert!(!not_found.contains("canonical"), "{not_found}");
    assert!(!not_found.contains("og:url"));
    assert!(not_found.contains("noindex"));
    let home = read(&out, "index.html");
    assert!(home.contains("canonical"));
}

#[test]
fn links_and_assets_carry_the_base_path() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    let home = read(&out, "index.html");
    assert!(has_href(&home, "/sub/assets/style.css"), "{home}");
    assert!(has_href(&home, "/sub/forces/"));
    assert!(
        has_href(&home, "https://example.org/sub/"),
        "the canonical URL is absolute"
    );
    let mut checked = 0;
    for (path, bytes) in tree(&out) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let links = attribute_values(&html, "href")
            .into_iter()
            .chain(attribute_values(&html, "src"));
        for link in links.filter(|l| l.starts_with('/')) {
            assert!(
                link.starts_with("/sub/"),
                "{path} links to {link}, outside the base path"
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links were checked");
    let sitemap = read(&out, "sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/sub/forces/north/</loc>"),
        "{sitemap}"
    );
    assert!(read(&out, "robots.txt").contains("Sitemap: https://example.org/sub/sitemap.xml"));
}

#[test]
fn a_recommendation_page_shows_each_position_with_its_quotation_linked_to_the_paragraph() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    let html = read(
        &out,
        "inspections/test-inspection/recommendations/2/index.html",
    );
    let text = text_of(&html);
    assert!(
        text.contains(
            "By August 2021, every force should appoint a lead officer for serious crime."
        ),
        "{text}"
    );
    assert!(text.contains("North"));
    assert!(text.contains("Says it already meets this"));
    assert!(
        text.contains("We have \"appointed a lead officer\" already - and the ROCU agrees."),
        "{text}"
    );
    // The paragraph's anchor, then a text fragment that highlights it.
    assert!(
        (attribute_values(&html, "href").iter())
            .any(|href| href.starts_with("/sub/sources/letter/#p2:~:text=")),
        "{html}"
    );
    assert!(text.contains("Commentary on recommendation 2."));
    let source = read(&out, "sources/letter/index.html");
    assert!(has_id(&source, "p2"));
    assert!(text_of(&source).contains("Quoted in: North: response of 1 April 2021"));
}

#[test]
fn deadlines_are_judged_against_the_as_of_date_and_keep_their_precision() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    let text = text_of(&read(&out, "inspections/test-inspection/index.html"));
    // as_of is 15 June 2021.
    assert!(
        text.contains("By March 2021 Passed Deadline passed (the end of March 2021)"),
        "{text}"
    );
    assert!(
        text.contains("By August 2021 Not yet due Due by the end of August 2021"),
        "{text}"
    );
    // "With immediate effect" dates from publication, known only to the month.
    assert!(
        text.contains("With immediate effect Passed Due on publication (February 2021): passed"),
        "{text}"
    );

    let later = copy_fixture("minimal");
    let options = Options {
        overrides: Overrides {
            as_of: Some(time::Date::from_calendar_date(2021, time::Month::September, 1).unwrap()),
            ..Overrides::default()
        },
        ..Options::new(later.path())
    };
    answerable::build(&options).unwrap();
    let text = text_of(&read(
        &options.out_dir(),
        "inspections/test-inspection/index.html",
    ));
    assert!(
        text.contains("By August 2021 Passed Deadline passed (the end of August 2021)"),
        "{text}"
    );
}

#[test]
fn the_56_day_window_and_forces_without_a_response_are_computed() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    let text = text_of(&read(&out, "inspections/test-inspection/index.html"));
    assert!(
        text.contains("between 28 March 2021 and 24 April 2021"),
        "{text}"
    );
    assert!(text.contains("not a finding of non-compliance"), "{text}");
    assert!(
        text.contains("2 of the forces have no published response"),
        "{text}"
    );
    let forces_section = &text[text.find("Forces with no response on record").unwrap()..];
    assert!(forces_section.contains("East") && forces_section.contains("South"));
    let response = text_of(&read(&out, "responses/north-test/index.html"));
    assert!(response.contains("Dated 1 April 2021. Comments on the report would be due between 28 March 2021 and 24 April 2021 if the 56-day duty applies."), "{response}");
}

#[test]
fn a_force_page_distinguishes_position_no_position_and_no_response() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    let north = text_of(&read(&out, "forces/north/index.html"));
    assert!(
        north.contains("From A test inspection Recommendation 2: Position recorded"),
        "{north}"
    );
    assert!(
        north.contains("By August 2021 Not yet due Due by the end of August 2021 Says it already meets this in the published response"),
        "{north}"
    );
    assert!(
        north.contains("Recommendation 3: No published position"),
        "{north}"
    );
    assert!(
        north.contains("The published response says nothing about this recommendation."),
        "{north}"
    );
    // Recommendation 1 is for a national body only.
    assert!(!north.contains("Recommendation 1:"), "{north}");
    assert!(
        north.contains("Nora North, Police and Crime Commissioner: named in North's letter, dated 1 April 2021. The sources do not say who holds the office now."),
        "{north}"
    );
    assert!(
        north.contains("North’s commentary: it was first to respond."),
        "{north}"
    );
    let east = text_of(&read(&out, "forces/east/index.html"));
    assert!(
        east.contains("Recommendation 2: No response found"),
        "{east}"
    );
    assert!(
        east.contains("No published response to this inspection is on record."),
        "{east}"
    );
    assert!(east.contains("No published response from this force's local policing body (its commissioner, where it has one) is on record"));
}

#[test]
fn a_rocu_page_lists_the_forces_that_name_it() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    let alpha = text_of(&read(&out, "rocus/alpha/index.html"));
    assert!(alpha.contains("Also called AROCU."));
    assert!(
        alpha.contains("2, of which 1 has a published response on record"),
        "{alpha}"
    );
    assert!(
        alpha.contains("North North: response of 1 April 2021 1"),
        "{alpha}"
    );
    assert!(alpha.contains("East No response found 0"), "{alpha}");
    assert!(!alpha.contains("South"));
    assert!(alpha.contains("Sources disagree about this ROCU."));
}

#[test]
fn repeated_recommendations_link_both_ways() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    let first = read(
        &out,
        "inspections/test-inspection/recommendations/1/index.html",
    );
    assert!(text_of(&first).contains("It is repeated by: Recommendation 3 of “A test inspection”"));
    assert!(has_href(
        &first,
        "/sub/inspections/test-inspection/recommendations/3/"
    ));
    let third = text_of(&read(
        &out,
        "inspections/test-inspection/recommendations/3/index.html",
    ));
    assert!(
        third.contains("This repeats: Recommendation 1 of “A test inspection”"),
        "{third}"
    );
    let cause = text_of(&first);
    assert!(
        cause.contains("The cause of concern it answers The law The law is unclear."),
        "{cause}"
    );
}

#[test]
fn the_data_panel_shows_exactly_the_record_the_page_was_built_from() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    let north = strip_tags(&read(&out, "forces/north/index.html"));
    let panel = &north[north.find("Data behind this page").unwrap()..];
    assert!(panel.contains("From data/forces.toml, line 2."), "{panel}");
    assert!(panel.contains("[[force]] id = \"north\" name = \"North\" rocu = \"alpha\" source = \"report.txt\" [force.commissioner] name = \"Nora North\""), "{panel}");
    assert!(!panel.contains("east"), "{panel}");
    assert!(
        !panel.contains("The second force"),
        "the next record's comment belongs to it: {panel}"
    );
    let rec = strip_tags(&read(
        &out,
        "inspections/test-inspection/recommendations/2/index.html",
    ));
    let panel = &rec[rec.find("Data behind this page").unwrap()..];
    assert!(panel.contains("[[recommendation]] number = 2"), "{panel}");
    assert!(
        !panel.contains("number = 3") && !panel.contains("number = 1"),
        "{panel}"
    );
    let html = read(&out, "forces/north/index.html");
    assert!(html.contains("hl-string"), "the record is highlighted");
    // A whole file is shown without the line that tells VS Code its schema.
    let response = text_of(&read(&out, "responses/north-test/index.html"));
    let panel = &response[response.find("Data behind this page").unwrap()..];
    assert!(
        panel.contains(
            "From data/responses/north-test.toml, line 2. inspection = \"test-inspection\""
        ),
        "{panel}"
    );
    assert!(!panel.contains("#:schema"), "{panel}");
}

#[test]
fn markdown_pages_get_footnotes_tables_code_and_resolved_references() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    let html = read(&out, "about/index.html");
    assert!(html.contains("<h2 id=\"who-we-are\">"), "{html}");
    assert!(has_href(&html, "/sub/forces/north/"));
    assert!(has_href(
        &html,
        "/sub/inspections/test-inspection/recommendations/2/"
    ));
    assert!(has_href(&html, "/sub/sources/letter/#p2"));
    assert!(has_id(&html, "fn-1") && has_href(&html, "#fn-1"));
    assert!(html.contains("<table>"));
    assert!(html.contains("hl-"), "the toml code block is highlighted");
    let home = read(&out, "index.html");
    assert!(
        has_href(&home, "/sub/about/"),
        "pages with a weight are in the navigation"
    );
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let first = copy_fixture("minimal");
    let second = copy_fixture("minimal");
    let a = tree(&build(first.path()));
    let b = tree(&build(second.path()));
    assert_eq!(a.len(), b.len());
    for ((pa, ba), (pb, bb)) in a.iter().zip(&b) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{pa} differs between builds");
    }
}

/// Breaks the minimal fixture's data: a force names a ROCU that does not
/// exist, so a build fails.
fn break_the_data(root: &std::path::Path) {
    edit(
        root,
        "data/forces.toml",
        "rocu = \"beta\"",
        "rocu = \"gamma\"",
    );
}

/// Undoes [`break_the_data`].
fn mend_the_data(root: &std::path::Path) {
    edit(
        root,
        "data/forces.toml",
        "rocu = \"gamma\"",
        "rocu = \"beta\"",
    );
}

#[test]
fn a_failed_build_leaves_the_published_site_untouched_and_stale_files_go() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    fs::write(out.join("stale.html"), "old").unwrap();
    let before = tree(&out);
    break_the_data(site.path());
    assert!(answerable::build(&Options::new(site.path())).is_err());
    assert_eq!(
        tree(&out),
        before,
        "a failed build changed the published site"
    );
    mend_the_data(site.path());
    build(site.path());
    assert!(
        !out.join("stale.html").exists(),
        "a file from an earlier build survived"
    );
}

#[test]
fn a_failed_build_still_puts_back_a_site_an_interrupted_build_left_aside() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    let before = tree(&out);
    // As a build stopped between its two renames leaves it.
    fs::rename(&out, site.path().join(".public.old")).unwrap();
    break_the_data(site.path());
    assert!(answerable::build(&Options::new(site.path())).is_err());
    assert_eq!(tree(&out), before, "the published site is not back");
}

/// Pages are written as they are rendered, so a build that fails at the
/// link check, after every page is written, must still publish nothing.
#[test]
fn a_build_failing_after_its_pages_are_written_publishes_none_of_them() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    let before = tree(&out);
    write(
        site.path(),
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<a href=\"{{ site.base_path }}missing/\">gone</a>{% endblock main %}",
    );
    match answerable::build(&Options::new(site.path())) {
        Err(answerable::Error::Invalid(report)) => {
            assert!(report.render(false).contains("broken link"))
        }
        other => panic!("expected a broken link, got {other:?}"),
    }
    assert_eq!(
        tree(&out),
        before,
        "a failed build changed the published site"
    );
    let beside: Vec<_> = fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".public"))
        .collect();
    assert!(beside.is_empty(), "left behind: {beside:?}");
}

#[test]
fn a_site_template_overrides_the_theme() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<h1>Custom: {{ page.title }}</h1>{% endblock main %}",
    );
    let out = build(site.path());
    assert!(read(&out, "about/index.html").contains("<h1>Custom: About</h1>"));
    assert!(
        read(&out, "forces/north/index.html").contains("Data behind this page"),
        "other templates stay"
    );
}

/// A site's own `static/` file replaces anything else the build would
/// write at its path, the theme's stylesheet or a source document's own
/// file, and is the one file written there. Every other document is
/// still written as it is kept.
#[test]
fn a_site_static_file_replaces_what_the_build_would_write_there() {
    let site = copy_fixture("minimal");
    write(site.path(), "static/assets/style.css", "/* ours */\n");
    write(
        site.path(),
        "static/sources/report/report.txt",
        "Our copy.\n",
    );
    let options = Options::new(site.path());
    let published = answerable::build(&options).expect("the site builds");
    let out = options.out_dir();
    // Each path is written once: the size the build reports is the
    // size of what it left.
    let on_disk: u64 = (walkdir::WalkDir::new(&out).into_iter())
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.file_type().is_file())
        .filter(|entry| entry.file_name() != ".answerable-output")
        .map(|entry| entry.metadata().unwrap().len())
        .sum();
    assert_eq!(published.bytes, on_disk);
    assert_eq!(read(&out, "assets/style.css"), "/* ours */\n");
    assert_eq!(read(&out, "sources/report/report.txt"), "Our copy.\n");
    let kept = std::fs::read_to_string(site.path().join("seeds/letter.txt")).unwrap();
    assert_eq!(read(&out, "sources/letter/letter.txt"), kept);
}

#[test]
fn the_base_url_can_be_overridden_for_publishing() {
    let site = copy_fixture("minimal");
    let options = Options {
        overrides: Overrides {
            base_url: Some("https://org.github.io/answerable".into()),
            ..Overrides::default()
        },
        ..Options::new(site.path())
    };
    answerable::build(&options).unwrap();
    let home = read(&options.out_dir(), "index.html");
    assert!(has_href(&home, "/answerable/forces/"));
    assert!(has_href(&home, "https://org.github.io/answerable/"));
}

#[test]
fn check_writes_nothing() {
    let site = copy_fixture("minimal");
    let built = answerable::check(&Options::new(site.path())).unwrap();
    assert_eq!(
        built.pages, 23,
        "21 pages, the data page and the search page"
    );
    assert!(!site.path().join("public").exists());
}

/// What `check` warns about, as `file: message`.
fn warnings_of(root: &std::path::Path) -> Vec<String> {
    let built = answerable::check(&Options::new(root)).unwrap();
    (built.report.diagnostics.iter())
        .map(|d| format!("{}: {}", d.file, d.message))
        .collect()
}

#[test]
fn editors_clutter_and_the_seeds_readme_are_passed_over_without_a_word() {
    let site = copy_fixture("minimal");
    let before = warnings_of(site.path());
    for file in [
        "data/.north-test.toml.swp",
        "data/responses/north-test.toml~",
        "content/.DS_Store",
        "content/#about.md#",
        "seeds/Thumbs.db",
        "seeds/README.md",
    ] {
        write(site.path(), file, "x\n");
    }
    assert_eq!(warnings_of(site.path()), before);
}

#[test]
fn a_document_in_seeds_that_no_source_lists_is_a_warning_a_site_may_allow() {
    let site = copy_fixture("minimal");
    let before = warnings_of(site.path());
    write(
        site.path(),
        "seeds/new-letter.txt",
        "Dear Home Secretary,\n",
    );
    let warned = warnings_of(site.path());
    let new: Vec<&String> = warned.iter().filter(|w| !before.contains(w)).collect();
    assert_eq!(
        new,
        ["seeds/new-letter.txt: this document is not listed in data/sources.toml"]
    );
    edit(
        site.path(),
        "site.toml",
        "as_of = 2021-06-15",
        "as_of = 2021-06-15\n\n[warnings]\nallow = [\"unlisted-source\"]",
    );
    assert_eq!(warnings_of(site.path()), before);
}

#[test]
fn quotation_links_highlight_the_words_their_source_page_shows() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    let base = "/sub/";
    let checked = assert_text_fragments_match(&out, base);
    assert!(checked >= 2, "only {checked} quotation links");
}

/// The host refuses a site over its size limit (GitHub Pages: 1 GB), so the
/// build says how big the site is, warns by name past 80% of the limit
/// `site.toml` gives, fails with `--strict`, and fails outright past the
/// limit, leaving what was published before untouched.
#[test]
fn the_build_knows_the_hosts_size_limit() {
    let site = copy_fixture("minimal");
    let built = answerable::build(&Options::new(site.path())).unwrap();
    assert!(built.bytes > 100_000, "{}", built.bytes);
    assert!(
        built
            .report
            .diagnostics
            .iter()
            .all(|d| d.lint != Some("site-size"))
    );

    // A limit the site is 90% of: a warning naming it.
    let limit = built.bytes * 10 / 9;
    let limit_line = format!("host_size_limit = \"{}kB\"\nas_of =", limit / 1000);
    edit(site.path(), "site.toml", "as_of =", &limit_line);
    let warned = answerable::build(&Options::new(site.path())).unwrap();
    let warning = (warned.report.diagnostics.iter())
        .find(|d| d.lint == Some("site-size"))
        .expect("a site-size warning");
    assert!(
        warning.message.contains("% of the host's limit of "),
        "{}",
        warning.message
    );
    assert_eq!(warning.field.as_deref(), Some("host_size_limit"));
    let strict = Options {
        strict: true,
        ..Options::new(site.path())
    };
    assert!(answerable::build(&strict).is_err(), "--strict fails on it");
    // A site may accept it, even with --strict (the fixture's own gaps
    // accepted too).
    append(
        site.path(),
        "site.toml",
        "\n[warnings]\nallow = [\"site-size\", \"no-response\", \"no-commentary\"]\n",
    );
    let accepted = answerable::build(&strict).unwrap();
    assert!(
        accepted
            .report
            .diagnostics
            .iter()
            .all(|d| d.lint != Some("site-size"))
    );
    let published = tree(&site.path().join("public"));

    // Over the limit: an error, accepted or not, and the published site
    // stays as it was.
    let over = format!("host_size_limit = \"{}kB\"", limit / 1000);
    edit(
        site.path(),
        "site.toml",
        &over,
        "host_size_limit = \"100 kB\"",
    );
    let answerable::Error::Invalid(report) =
        answerable::build(&Options::new(site.path())).unwrap_err()
    else {
        panic!("not a report")
    };
    let lines = error_lines(&report);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("over the host's limit of 100.0 kB")),
        "{lines:#?}"
    );
    assert_eq!(tree(&site.path().join("public")), published);

    // Not a size: said where.
    edit(site.path(), "site.toml", "\"100 kB\"", "\"a lot\"");
    let lines = error_lines(&errors_of(site.path()));
    assert!(
        lines
            .iter()
            .any(|l| l.contains("site.toml") && l.contains("`host_size_limit` is not a size")),
        "{lines:#?}"
    );
}

/// A force asked about more recommendations than fit on a page has its
/// list over numbered pages (GOV.UK's pattern): every row on exactly one
/// page, none over the limit, each page linked to the next and the one
/// before, in the page and in its head, each with a title of its own.
#[test]
fn a_long_list_of_what_a_force_was_asked_runs_over_numbered_pages() {
    let out = large_site();
    let force = std::fs::read_dir(out.join("forces"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.join("page/2/index.html").is_file())
        .expect("a force of the 1,000-page site has a second page");
    let id = force.file_name().unwrap().to_string_lossy().into_owned();
    let every: serde_json::Value = serde_json::from_str(&read(out, "data/statuses.json")).unwrap();
    let expected = (every["statuses"].as_array().unwrap().iter())
        .filter(|s| s["force_id"] == id.as_str())
        .count();
    let mut pages = vec![format!("forces/{id}/")];
    let mut n = 2;
    while out
        .join(format!("forces/{id}/page/{n}/index.html"))
        .is_file()
    {
        pages.push(format!("forces/{id}/page/{n}/"));
        n += 1;
    }
    let total = pages.len();
    let mut rows = Vec::new();
    let mut titles = std::collections::BTreeSet::new();
    let mut responses = std::collections::BTreeSet::new();
    for (i, path) in pages.iter().enumerate() {
        let html = read(out, &format!("{path}index.html"));
        let list = section(&html, "id=\"positions\"", "</section>");
        let here: Vec<String> = list
            .split("<li class=\"row\">")
            .skip(1)
            .map(|row| attribute_values(row, "href").remove(0))
            .collect();
        assert!(here.len() <= 100, "{path}: {} rows", here.len());
        assert!(!here.is_empty(), "{path} is empty");
        // Each page's JSON holds the rows that page shows, and says which
        // page of how many it is.
        let data: serde_json::Value =
            serde_json::from_str(&read(out, &format!("{path}index.json"))).unwrap();
        assert!(has_href(&html, &format!("/{path}index.json")), "{path}");
        let mut in_json: Vec<&str> = (data["statuses"].as_array().unwrap().iter())
            .map(|s| s["recommendation_url"].as_str().unwrap())
            .map(|url| &url[url.find("/inspections/").unwrap()..])
            .collect();
        let mut shown: Vec<&str> = here.iter().map(String::as_str).collect();
        in_json.sort_unstable();
        shown.sort_unstable();
        assert_eq!(in_json, shown, "{path}");
        assert_eq!(data["page"]["number"], i + 1);
        assert_eq!(data["page"]["of"], total);
        // The force and its responses are written on the first page's
        // JSON, as they are shown on the first page, and nowhere else;
        // every row's response is among them.
        for kind in ["forces", "responses"] {
            assert_eq!(data.get(kind).is_some(), i == 0, "{path}: {kind}");
        }
        if i == 0 {
            assert_eq!(data["forces"][0]["id"], id.as_str());
            responses.extend(
                (data["responses"].as_array().unwrap().iter())
                    .map(|r| r["id"].as_str().unwrap().to_string()),
            );
        }
        let first = data["page"]["first"].as_str().unwrap();
        assert!(
            first.ends_with(&format!("/forces/{id}/index.json")),
            "{first}"
        );
        for s in data["statuses"].as_array().unwrap() {
            if let Some(response) = s["response_id"].as_str() {
                assert!(responses.contains(response), "{path}: {s}");
            }
        }
        let next = data["page"]["next"].as_str();
        assert_eq!(
            next.is_some_and(|n| n.ends_with(&format!("/forces/{id}/page/{}/index.json", i + 2))),
            i + 1 < total,
            "{path}: {next:?}"
        );
        rows.extend(here);
        assert!(titles.insert(text_of(section(&html, "<title>", "</title>"))));
        let nav = section(
            &html,
            "<nav class=\"pagination\" aria-label=\"Pages of",
            "</nav>",
        );
        for (j, other) in pages.iter().enumerate() {
            let linked = has_href(nav, &format!("/{other}"));
            // The first, the last and the neighbours are numbered.
            if j == 0 || j + 1 == total || j.abs_diff(i) <= 1 {
                assert!(linked, "{path} does not link to {other}");
            }
        }
        let head = section(&html, "<head>", "</head>");
        if i > 0 {
            assert!(
                head.contains(&format!("rel=\"prev\" href=\"/{}\"", pages[i - 1])),
                "{head}"
            );
            assert!(text_of(&html).contains(&format!("Page {} of {total} of what", i + 1)));
            // The force itself is on its own page, linked from each further
            // one, with its feed.
            assert!(has_href(&html, &format!("/forces/{id}/")), "{path}");
            assert!(
                head.contains(&format!("href=\"/forces/{id}/feed.xml\"")),
                "{head}"
            );
        }
        if i + 1 < total {
            assert!(
                head.contains(&format!("rel=\"next\" href=\"/{}\"", pages[i + 1])),
                "{head}"
            );
        }
        // Only the first page has the answer, the open list and the record.
        assert_eq!(html.contains("id=\"open\""), i == 0, "{path}");
        if i == 0 {
            // The open list shows the 50 most overdue and counts the rest,
            // however many the force has.
            let open = (every["statuses"].as_array().unwrap().iter())
                .filter(|s| s["force_id"] == id.as_str() && s["open"] == true)
                .count();
            assert!(
                open > 50,
                "{open} open: the list is not long enough to test"
            );
            let list = section(&html, "id=\"open\"", "</section>");
            assert_eq!(list.matches("<li class=\"row\">").count(), 50, "{path}");
            let words = format!(
                "The 50 most overdue are listed here; the other {}",
                open - 50
            );
            assert!(text_of(list).contains(&words), "{}", text_of(list));
        }
    }
    let distinct: std::collections::BTreeSet<&String> = rows.iter().collect();
    assert_eq!(distinct.len(), rows.len(), "a row on two pages");
    assert_eq!(rows.len(), expected, "every row on some page");
    // The sitemap has every page.
    let sitemap = read(out, "sitemap.xml");
    for path in &pages {
        assert!(
            sitemap.contains(&format!("/{path}<")),
            "{path} not in the sitemap"
        );
    }
}

/// An index of more than 100 records (responses, source documents,
/// inspections) runs over numbered pages too: each record listed on
/// exactly one page, at most 100 to a page, pages linked both ways.
#[test]
fn long_indexes_run_over_numbered_pages() {
    let out = large_site();
    for index in ["responses", "sources", "recommendations"] {
        let mut pages = vec![format!("{index}/")];
        while out
            .join(format!("{index}/page/{}/index.html", pages.len() + 1))
            .is_file()
        {
            pages.push(format!("{index}/page/{}/", pages.len() + 1));
        }
        assert!(pages.len() > 1, "{index} fits on one page at 1,000 pages");
        let mut listed = Vec::new();
        for (i, path) in pages.iter().enumerate() {
            let html = read(out, &format!("{path}index.html"));
            let here: Vec<String> = if index == "recommendations" {
                // A row per recommendation, under its inspection.
                (html.split("<th scope=\"row\">").skip(1))
                    .map(|row| attribute_values(row, "href").remove(0))
                    .collect()
            } else {
                let cards = section(&html, "<ul class=\"cards\">", "</ul>");
                (cards.split("<h2>").skip(1))
                    .map(|card| attribute_values(card, "href").remove(0))
                    .collect()
            };
            assert!(
                !here.is_empty() && here.len() <= 100,
                "{path}: {}",
                here.len()
            );
            listed.extend(here);
            let head = section(&html, "<head>", "</head>");
            if i > 0 {
                assert!(
                    head.contains(&format!("rel=\"prev\" href=\"/{}\"", pages[i - 1])),
                    "{path}"
                );
            }
            if i + 1 < pages.len() {
                assert!(
                    head.contains(&format!("rel=\"next\" href=\"/{}\"", pages[i + 1])),
                    "{path}"
                );
            }
        }
        let records: std::collections::BTreeSet<String> = if index == "recommendations" {
            let csv = read(out, "data/recommendations.csv");
            (csv.lines().skip(1))
                .filter_map(|line| {
                    line.split(',')
                        .find(|cell| cell.contains("/recommendations/"))
                })
                .map(|url| url.trim_start_matches("http://localhost:8000").to_string())
                .collect()
        } else {
            std::fs::read_dir(out.join(index))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|name| name != "page" && name != "index.html")
                .map(|name| format!("/{index}/{name}/"))
                .collect()
        };
        let distinct: std::collections::BTreeSet<String> = listed.iter().cloned().collect();
        assert_eq!(
            distinct.len(),
            listed.len(),
            "{index}: a record on two pages"
        );
        assert_eq!(distinct, records, "{index}: every record listed once");
    }
}

#[test]
fn minify_html_makes_smaller_pages_that_say_the_same() {
    let compact = copy_fixture("minimal");
    let minified = copy_fixture("minimal");
    append(minified.path(), "site.toml", "minify_html = true\n");
    let (compact, minified) = (build(compact.path()), build(minified.path()));
    let pages: Vec<(String, Vec<u8>)> = (tree(&compact).into_iter())
        .filter(|(path, _)| path.ends_with(".html"))
        .collect();
    assert!(pages.len() > 20);
    let (mut compact_bytes, mut minified_bytes) = (0, 0);
    for (path, bytes) in pages {
        let page = String::from_utf8(bytes).unwrap();
        let small = read(&minified, &path);
        assert_eq!(text_of(&small), text_of(&page), "{path}");
        // The theme's templates are compacted either way: no line breaks
        // between block-level tags.
        assert!(!page.contains("</li>\n"), "{path}");
        compact_bytes += page.len();
        minified_bytes += small.len();
    }
    assert!(minified_bytes < compact_bytes);
}
