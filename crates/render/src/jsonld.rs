//! schema.org JSON-LD describing what each page is about, so that search
//! engines and citation tools know a recommendation from the report it
//! belongs to.
//!
//! Values are built with `serde_json` (never by joining strings) and made
//! safe to put inside `<script type="application/ld+json">` by [`embed`],
//! which escapes `<`, `>` and `&` so that no text from data can close the
//! script element or open a comment.

use serde_json::{Value, json};

use answerable_resolve::{
    ForceView, InspectionView, PageView, RecommendationView, ResponseView, RocuView, SiteInfo,
    SourceView,
};

const CONTEXT: &str = "https://schema.org";

/// JSON text safe to place between `<script type="application/ld+json">`
/// and `</script>`: `<`, `>` and `&` become `\u003c`, `\u003e` and
/// `\u0026`, which JSON parsers read back as the same characters.
pub fn embed(value: &Value) -> String {
    let text = value.to_string();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            // Line and paragraph separators are valid in JSON but not in
            // older JavaScript string literals; escape them too.
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            other => out.push(other),
        }
    }
    out
}

fn publisher(site: &SiteInfo) -> Value {
    json!({ "@type": "Organization", "name": site.publisher })
}

fn website(site: &SiteInfo) -> Value {
    json!({ "@type": "WebSite", "name": site.title, "url": site.base_url })
}

/// Adds `dateModified` when the page's data has a known last change.
fn with_modified(mut value: Value, modified: Option<&str>) -> Value {
    if let (Some(date), Some(map)) = (modified, value.as_object_mut()) {
        map.insert("dateModified".into(), Value::String(date.to_string()));
    }
    value
}

pub fn home(site: &SiteInfo) -> Value {
    json!({
        "@context": CONTEXT,
        "@type": "WebSite",
        "name": site.title,
        "description": site.description,
        "url": site.base_url,
        "inLanguage": site.language,
        "publisher": publisher(site),
    })
}

/// Index pages, the 404 page and anything else that lists or explains.
pub fn web_page(site: &SiteInfo, title: &str, description: &str, url: &str) -> Value {
    json!({
        "@context": CONTEXT,
        "@type": "WebPage",
        "name": title,
        "description": description,
        "url": url,
        "inLanguage": site.language,
        "isPartOf": website(site),
        "publisher": publisher(site),
    })
}

pub fn collection(site: &SiteInfo, title: &str, description: &str, url: &str) -> Value {
    let mut value = web_page(site, title, description, url);
    value["@type"] = json!("CollectionPage");
    value
}

pub fn page(site: &SiteInfo, page: &PageView, description: &str) -> Value {
    web_page(site, &page.title, description, &site.absolute(&page.url))
}

fn report(site: &SiteInfo, inspection: &InspectionView) -> Value {
    json!({
        "@type": "Report",
        "name": inspection.title,
        "url": site.absolute(&inspection.url),
        "author": { "@type": "GovernmentOrganization", "name": inspection.inspectorate },
        "datePublished": inspection.published_iso,
    })
}

pub fn inspection(site: &SiteInfo, inspection: &InspectionView, modified: Option<&str>) -> Value {
    let mut value = report(site, inspection);
    let map = value.as_object_mut().expect("an object");
    map.insert("@context".into(), json!(CONTEXT));
    map.insert("about".into(), json!(inspection.subject));
    map.insert("publisher".into(), publisher(site));
    map.insert(
        "hasPart".into(),
        json!(
            inspection
                .recommendations
                .iter()
                .map(|r| json!({
                    "@type": "CreativeWork",
                    "name": r.title,
                    "url": site.absolute(&r.url),
                }))
                .collect::<Vec<_>>()
        ),
    );
    with_modified(value, modified)
}

pub fn recommendation(
    site: &SiteInfo,
    inspection: &InspectionView,
    recommendation: &RecommendationView,
    title: &str,
    modified: Option<&str>,
) -> Value {
    with_modified(
        json!({
            "@context": CONTEXT,
            "@type": "CreativeWork",
            "name": title,
            "text": recommendation.text,
            "url": site.absolute(&recommendation.url),
            "position": recommendation.number,
            "isPartOf": report(site, inspection),
            "publisher": publisher(site),
        }),
        modified,
    )
}

pub fn rocu(site: &SiteInfo, rocu: &RocuView, modified: Option<&str>) -> Value {
    with_modified(
        json!({
            "@context": CONTEXT,
            "@type": "GovernmentOrganization",
            "name": rocu.name,
            "alternateName": rocu.aliases,
            "url": site.absolute(&rocu.url),
            "areaServed": rocu.region,
            "member": rocu
                .forces
                .iter()
                .map(|f| json!({
                    "@type": "GovernmentOrganization",
                    "name": f.force.title,
                    "url": site.absolute(&f.force.url),
                }))
                .collect::<Vec<_>>(),
        }),
        modified,
    )
}

pub fn force(site: &SiteInfo, force: &ForceView, modified: Option<&str>) -> Value {
    with_modified(
        json!({
            "@context": CONTEXT,
            "@type": "GovernmentOrganization",
            "name": force.name,
            "url": site.absolute(&force.url),
            "memberOf": {
                "@type": "GovernmentOrganization",
                "name": force.rocu.title,
                "url": site.absolute(&force.rocu.url),
            },
        }),
        modified,
    )
}

pub fn response(site: &SiteInfo, response: &ResponseView, modified: Option<&str>) -> Value {
    with_modified(
        json!({
            "@context": CONTEXT,
            // schema.org has no letter type; a response is a creative work
            // with an author, a date and the report it answers.
            "@type": "CreativeWork",
            "additionalType": "Letter",
            "name": response.title,
            "url": site.absolute(&response.url),
            "author": { "@type": "Person", "name": response.author, "jobTitle": response.role },
            "datePublished": response.date_iso,
            "about": {
                "@type": "Report",
                "name": response.inspection.title,
                "url": site.absolute(&response.inspection.url),
            },
            "sourceOrganization": {
                "@type": "GovernmentOrganization",
                "name": response.force.title,
                "url": site.absolute(&response.force.url),
            },
            "publisher": publisher(site),
        }),
        modified,
    )
}

pub fn source(site: &SiteInfo, source: &SourceView, modified: Option<&str>) -> Value {
    with_modified(
        json!({
            "@context": CONTEXT,
            "@type": "DigitalDocument",
            "name": source.title,
            "description": source.description,
            "url": site.absolute(&source.url),
            "author": { "@type": "Organization", "name": source.author },
            "encoding": {
                "@type": "MediaObject",
                "contentUrl": site.absolute(&source.raw_url),
                "encodingFormat": "text/plain",
            },
        }),
        modified,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_json_cannot_close_the_script_and_reads_back_the_same() {
        let hostile = "</script><script>alert(1)</script> <!-- & \u{2028}";
        let value = json!({ "name": hostile });
        let text = embed(&value);
        assert!(!text.contains('<'), "{text}");
        assert!(!text.contains('>'), "{text}");
        assert!(!text.contains('&'), "{text}");
        assert!(text.contains("\\u003c/script\\u003e"), "{text}");
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["name"], hostile);
    }
}
