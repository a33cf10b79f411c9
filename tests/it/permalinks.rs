//! Links that never break and that cite well: canonical URLs, link
//! previews, structured data, citations, anchors on every heading and
//! paragraph, and redirects from old addresses.

use crate::common::*;

/// The `content` of `<meta property|name="{key}">`, however the minifier
/// quoted it.
fn meta_content(html: &str, key: &str) -> Option<String> {
    for (i, _) in html.match_indices("<meta ") {
        let end = html[i..].find('>').map_or(html.len(), |e| e + i);
        let tag = &html[i..=end.min(html.len() - 1)];
        let names = attribute_values(tag, "property")
            .into_iter()
            .chain(attribute_values(tag, "name"));
        if names.into_iter().any(|n| n == key) {
            return attribute_values(tag, "content").into_iter().next();
        }
    }
    None
}

/// Each `<link rel="canonical" …>` tag.
fn canonical_links(html: &str) -> Vec<&str> {
    html.match_indices("<link ")
        .map(|(i, _)| &html[i..html[i..].find('>').unwrap() + i + 1])
        .filter(|tag| {
            attribute_values(tag, "rel")
                .iter()
                .any(|r| r == "canonical")
        })
        .collect()
}

fn json_ld(html: &str) -> serde_json::Value {
    let i = html.find("<script").expect("a JSON-LD script");
    let start = html[i..].find('>').unwrap() + i + 1;
    assert!(html[i..start].contains("application/ld+json"));
    let end = html[start..].find("</script").unwrap() + start;
    serde_json::from_str(&html[start..end]).unwrap()
}

/// `(file, path under the site, JSON-LD @type, og:type, title)` of one page
/// of each kind in the fixture.
const PAGES: [(&str, &str, &str, &str, &str); 9] = [
    ("index.html", "", "WebSite", "website", "Fixture site"),
    (
        "forces/index.html",
        "forces/",
        "CollectionPage",
        "website",
        "Police forces",
    ),
    (
        "inspections/test-inspection/index.html",
        "inspections/test-inspection/",
        "Report",
        "article",
        "A test inspection",
    ),
    (
        "inspections/test-inspection/recommendations/2/index.html",
        "inspections/test-inspection/recommendations/2/",
        "CreativeWork",
        "article",
        "Recommendation 2: A test inspection",
    ),
    (
        "rocus/alpha/index.html",
        "rocus/alpha/",
        "GovernmentOrganization",
        "article",
        "ALPHA",
    ),
    (
        "forces/north/index.html",
        "forces/north/",
        "GovernmentOrganization",
        "article",
        "North",
    ),
    (
        "responses/north-test/index.html",
        "responses/north-test/",
        "CreativeWork",
        "article",
        "North: response of 1 April 2021",
    ),
    (
        "sources/letter/index.html",
        "sources/letter/",
        "DigitalDocument",
        "article",
        "North's letter (source document)",
    ),
    ("about/index.html", "about/", "WebPage", "article", "About"),
];

#[test]
fn every_page_has_a_canonical_url_link_previews_and_structured_data() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    // The picture is a real PNG of the size the pages give.
    let png = std::fs::read(out.join("assets/preview.png")).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    let size = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    assert_eq!((size(16), size(20)), (1200, 630));
    for (file, path, ld_type, og_type, title) in PAGES {
        let html = read(&out, file);
        let canonical = format!("https://example.org/sub/{path}");
        assert!(
            canonical_links(&html)
                .iter()
                .any(|l| has_href(l, &canonical)),
            "{file}: no canonical link to {canonical}"
        );
        let meta = |key: &str| meta_content(&html, key);
        assert_eq!(
            meta("og:url").as_deref(),
            Some(canonical.as_str()),
            "{file}"
        );
        assert_eq!(meta("og:title").as_deref(), Some(title), "{file}");
        // A link preview has a picture, at an absolute address, with its
        // size and words for those who cannot see it; a tab has an icon.
        assert_eq!(
            meta("og:image").as_deref(),
            Some("https://example.org/sub/assets/preview.png"),
            "{file}"
        );
        assert_eq!(meta("og:image:width").as_deref(), Some("1200"), "{file}");
        assert!(meta("og:image:alt").is_some_and(|alt| alt.contains("Fixture site")));
        assert!(has_href(&html, "/sub/assets/favicon.svg"), "{file}");
        assert_eq!(meta("og:type").as_deref(), Some(og_type), "{file}");
        assert_eq!(
            meta("og:site_name").as_deref(),
            Some("Fixture site"),
            "{file}"
        );
        assert_eq!(meta("og:locale").as_deref(), Some("en_GB"), "{file}");
        assert_eq!(meta("twitter:card").as_deref(), Some("summary"), "{file}");
        // X falls back to og:title and og:description: not written twice.
        assert_eq!(meta("twitter:title"), None, "{file}");
        assert_eq!(meta("twitter:description"), None, "{file}");
        let description = meta("og:description").unwrap_or_default();
        assert!(!description.is_empty(), "{file}: no og:description");
        assert_eq!(meta("description"), Some(description), "{file}");

        let ld = json_ld(&html);
        assert_eq!(ld["@context"], "https://schema.org", "{file}");
        assert_eq!(ld["@type"], ld_type, "{file}: {ld}");
        assert_eq!(ld["url"], canonical.as_str(), "{file}: {ld}");
    }
}

#[test]
fn structured_data_ties_each_record_to_what_it_belongs_to() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    let recommendation = json_ld(&read(
        &out,
        "inspections/test-inspection/recommendations/2/index.html",
    ));
    assert_eq!(recommendation["isPartOf"]["@type"], "Report");
    assert_eq!(recommendation["isPartOf"]["name"], "A test inspection");
    assert_eq!(
        recommendation["isPartOf"]["url"],
        "https://example.org/sub/inspections/test-inspection/"
    );
    assert_eq!(recommendation["position"], 2);

    let response = json_ld(&read(&out, "responses/north-test/index.html"));
    assert_eq!(response["author"]["name"], "Nora North");
    assert_eq!(response["datePublished"], "2021-04-01");
    assert_eq!(response["about"]["@type"], "Report");

    let force = json_ld(&read(&out, "forces/north/index.html"));
    assert_eq!(force["memberOf"]["name"], "ALPHA");

    let home = json_ld(&read(&out, "index.html"));
    assert_eq!(home["publisher"]["name"], "Test publisher");
}

#[test]
fn recommendation_response_and_force_pages_have_a_citation_to_copy() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    for (file, path, title) in [
        (
            "inspections/test-inspection/recommendations/2/index.html",
            "inspections/test-inspection/recommendations/2/",
            "Recommendation 2: A test inspection",
        ),
        (
            "responses/north-test/index.html",
            "responses/north-test/",
            "North: response of 1 April 2021",
        ),
        ("forces/north/index.html", "forces/north/", "North"),
    ] {
        let html = read(&out, file);
        let heading = html
            .find("id=\"cite-this\"")
            .unwrap_or_else(|| panic!("{file}: no citation box"));
        let start = html[..heading].rfind("<section").unwrap();
        let end = html[start..].find("</section>").unwrap() + start;
        let cite = &html[start..end];
        let canonical = format!("https://example.org/sub/{path}");
        let text = text_of(cite);
        assert!(text.contains("Cite this page"), "{file}: {text}");
        assert!(text.contains(&format!("Title {title}")), "{file}: {text}");
        assert!(text.contains("Publisher Test publisher"), "{file}: {text}");
        assert!(text.contains(&format!("URL {canonical}")), "{file}: {text}");
        assert!(text.contains("Data as of 15 June 2021"), "{file}: {text}");
        assert!(has_href(cite, &canonical), "{file}");
        let pre = &cite[cite.find("<pre").unwrap()..];
        let plain = text_of(&pre[..pre.find("</pre>").unwrap()]);
        assert_eq!(
            plain,
            format!(
                "Test publisher, “{title}”, Fixture site, data as of 15 June 2021. {canonical}"
            ),
            "{file}"
        );
    }
    let inspection = read(&out, "inspections/test-inspection/index.html");
    assert!(!inspection.contains("Cite this page"));
}

#[test]
fn every_position_has_an_address_on_its_response_and_its_recommendation() {
    let site = copy_fixture("minimal");
    let out = build(site.path());
    // North on recommendation 2, on both pages, in the cite box too.
    for (path, anchor) in [
        ("responses/north-test/", "recommendation-2"),
        (
            "inspections/test-inspection/recommendations/2/",
            "force-north",
        ),
    ] {
        let html = read(&out, &format!("{path}index.html"));
        assert!(has_id(&html, anchor), "{path}: no #{anchor}");
        assert!(
            has_href(&html, &format!("#{anchor}")),
            "{path}: no link to #{anchor}"
        );
        let position = &html[html.find(&format!("id=\"{anchor}\"")).unwrap()..];
        let position = &position[..position.find("</article>").unwrap()];
        assert!(
            position.contains("Link to North on recommendation 2"),
            "{path}: {position}"
        );
        let cite = text_of(&html[html.find("id=\"cite-this\"").unwrap()..]);
        let address = format!("https://example.org/sub/{path}#{anchor}");
        assert!(
            cite.contains(&format!("North on recommendation 2: {address}")),
            "{path}: {cite}"
        );
    }
    // A force page cites the page only.
    let force = read(&out, "forces/north/index.html");
    assert!(!force.contains("cite-positions"));
}

#[test]
fn without_git_history_pages_show_the_date_the_data_gives() {
    // The fixture is copied outside any repository, so there is no history.
    let site = copy_fixture("minimal");
    let out = build(site.path());
    let response = read(&out, "responses/north-test/index.html");
    let text = text_of(&response);
    assert!(
        text.contains("The record on this page is dated 1 April 2021; when its data last changed is not known."),
        "{text}"
    );
    assert!(text.contains("Record dated 1 April 2021"), "{text}");
    assert_eq!(json_ld(&response)["dateModified"], "2021-04-01");
    let recommendation = text_of(&read(
        &out,
        "inspections/test-inspection/recommendations/2/index.html",
    ));
    assert!(
        recommendation.contains("The record on this page is dated February 2021"),
        "{recommendation}"
    );
    // A force has no date of its own: nothing is invented.
    let force = read(&out, "forces/north/index.html");
    assert!(!text_of(&force).contains("last changed"), "{force}");
    assert!(json_ld(&force).get("dateModified").is_none());
}

#[test]
fn commentary_headings_and_paragraphs_have_anchors_and_links_to_them() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        "content/forces/north.md",
        "North's commentary: it was *first* to respond.\n\n## What changed\n\nA second paragraph.\n",
    );
    let out = build(site.path());

    let about = read(&out, "about/index.html");
    assert!(has_id(&about, "who-we-are"), "{about}");
    assert!(has_href(&about, "#who-we-are"));
    assert!(
        about.contains("aria-label=\"Link to the section “Who we are”\""),
        "{about}"
    );
    assert!(has_id(&about, "p1") && has_href(&about, "#p1"), "{about}");
    assert!(
        about.contains("aria-label=\"Link to paragraph 1\""),
        "{about}"
    );
    // The link sits beside the heading, so the heading's name is its text.
    let h2 = &about[about.find("<h2").unwrap()..];
    assert_eq!(text_of(&h2[..h2.find("</h2>").unwrap()]), "Who we are");

    let force = read(&out, "forces/north/index.html");
    for id in ["commentary-p1", "commentary-p2", "what-changed"] {
        assert!(has_id(&force, id), "{id}: {force}");
        assert!(has_href(&force, &format!("#{id}")), "{id}: {force}");
    }

    let home = read(&out, "index.html");
    assert!(has_id(&home, "p1") && has_href(&home, "#p1"), "{home}");

    let source = read(&out, "sources/letter/index.html");
    assert!(has_id(&source, "p2") && has_href(&source, "#p2"));
    assert!(
        source.contains("aria-label=\"Link to paragraph 2\""),
        "{source}"
    );
}

#[test]
fn old_addresses_redirect_to_the_current_page() {
    let site = copy_fixture("minimal");
    let root = site.path();
    edit(
        root,
        "data/forces.toml",
        "name = \"North\"\n",
        "name = \"North\"\nredirect_from = [\"forces/old-north/\"]\n",
    );
    edit(
        root,
        "data/inspections/test-inspection.toml",
        "number = 2\n",
        "number = 2\nredirect_from = [\"/inspections/test-inspection/recommendations/9/\"]\n",
    );
    edit(
        root,
        "content/about.md",
        "weight = 5\n",
        "weight = 5\nredirect_from = [\"about-us\"]\n",
    );
    let out = build(root);
    for (old, new) in [
        ("forces/old-north/index.html", "forces/north/"),
        (
            "inspections/test-inspection/recommendations/9/index.html",
            "inspections/test-inspection/recommendations/2/",
        ),
        ("about-us/index.html", "about/"),
    ] {
        let html = read(&out, old);
        let canonical = format!("https://example.org/sub/{new}");
        let local = format!("/sub/{new}");
        assert!(
            canonical_links(&html)
                .iter()
                .any(|l| has_href(l, &canonical)),
            "{old}: {html}"
        );
        assert!(
            html.contains(&format!("content=\"0; url={local}\"")),
            "{old}: {html}"
        );
        assert!(has_href(&html, &local), "{old}: no plain link in {html}");
        assert!(html.contains("noindex"), "{old}");
        assert!(text_of(&html).contains("This page has moved"));
    }
    let sitemap = read(&out, "sitemap.xml");
    assert!(!sitemap.contains("old-north"), "{sitemap}");
}

#[test]
fn a_redirect_may_not_take_a_real_page_or_another_redirects_address() {
    let site = copy_fixture("minimal");
    let root = site.path();
    edit(
        root,
        "data/forces.toml",
        "name = \"North\"\n",
        "name = \"North\"\nredirect_from = [\"forces/east/\", \"forces/gone/\", \"responses/page/2/\"]\n",
    );
    edit(
        root,
        "data/rocus.toml",
        "name = \"BETA\"\n",
        "name = \"BETA\"\nredirect_from = [\"/forces/gone\", \"../up/\"]\n",
    );
    let errors = error_lines(&errors_of(root));
    assert_eq!(errors.len(), 4, "{errors:#?}");
    // Page 2 of the responses does not exist yet, but will as they grow.
    assert!(
        errors.iter().any(|e| e.starts_with("data/forces.toml:")
            && e.contains("`responses/page/2/` is kept for a numbered page of a long list")),
        "{errors:#?}"
    );
    assert!(
        errors[0].starts_with("data/forces.toml:")
            && errors[0].contains("`redirect_from`: `forces/east/` is the address of a page"),
        "{errors:#?}"
    );
    assert!(
        errors.iter().any(|e| e.starts_with("data/rocus.toml:")
            && e.contains("`forces/gone/` is already redirected elsewhere")
            && e.contains("data/forces.toml on line")),
        "{errors:#?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("not a path")),
        "{errors:#?}"
    );
}
