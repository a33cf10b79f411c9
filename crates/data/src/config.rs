//! Reads `site.toml`: the site's title, base URL, language, publisher and the
//! "as of" date every date comparison uses.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::diagnostics::{Diagnostic, WARNINGS, suggest};
use crate::model::SiteConfig;
use crate::toml_file::{parse_toml, toml_date};

pub const FILE: &str = "site.toml";

// Its doc comments are what editors see when hovering in VS Code (see
// `crate::schemas`): they are written for them.

/// `site.toml`: the site's settings.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Site")]
pub(crate) struct RawConfig {
    /// The site's name, shown in every page's header and title.
    title: String,
    /// One sentence used in the home page's metadata.
    description: Option<String>,
    /// Where the site is published, ending in `/`; may include a sub-path,
    /// e.g. `https://org.github.io/repo/`. `--base-url` overrides it.
    #[schemars(with = "String", extend("pattern" = "^https?://[^/?# ]+"))]
    base_url: toml::Spanned<String>,
    /// The pages' language tag; `en-GB` if left out.
    language: Option<String>,
    /// Who publishes the site (shown in the footer).
    publisher: String,
    /// The date the data is current to, written without quotes:
    /// `2026-11-23`. Every deadline is compared with it, never with the
    /// clock. `--as-of` overrides it.
    #[schemars(with = "ExactDate")]
    as_of: toml::Spanned<toml::Value>,
    /// Where readers report a mistake: a web address (such as the
    /// repository's `https://github.com/<owner>/<repo>/issues/new`) or a
    /// `mailto:` address. Every page links to it.
    #[schemars(with = "Option<String>", extend("pattern" = "^(https?://|mailto:)"))]
    report_mistakes: Option<toml::Spanned<String>>,
    /// The most the host will publish, as a number and a unit (`kB`, `MB`
    /// or `GB`); `1 GB`, GitHub Pages' limit, if left out. The build
    /// warns (`site-size`) once the site passes 80% of it and fails past it.
    #[schemars(
        with = "Option<String>",
        extend("pattern" = "^[0-9]+(\\.[0-9]+)? ?([kKMG]B)$")
    )]
    host_size_limit: Option<toml::Spanned<String>>,
    /// Minify every page with minify-html: about 4% fewer bytes of HTML
    /// (2% of the whole site) than the theme's compacted templates write,
    /// for about a third more build time. Off if left out; worth turning on
    /// for a site near `host_size_limit`.
    minify_html: Option<bool>,
    /// Warnings this site accepts.
    #[serde(default)]
    warnings: RawWarnings,
}

/// Warnings the site accepts, so `--strict` does not fail on them.
#[derive(Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Warnings")]
struct RawWarnings {
    /// Names of warnings not to report (docs/errors.md lists them).
    #[serde(default)]
    #[schemars(with = "Vec<WarningName>")]
    allow: Vec<toml::Spanned<String>>,
}

/// A full date. Taplo turns a TOML date into a `YYYY-MM-DD` string before
/// validating, so that is what the schema describes.
struct ExactDate;

impl JsonSchema for ExactDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ExactDate".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        })
    }
}

/// One of the names in [`WARNINGS`].
struct WarningName;

impl JsonSchema for WarningName {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "WarningName".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let names: Vec<&str> = WARNINGS.iter().map(|(name, _)| *name).collect();
        schemars::json_schema!({
            "type": "string",
            "enum": names,
        })
    }
}

/// Settings given on the command line that take precedence over `site.toml`.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub base_url: Option<String>,
    pub as_of: Option<time::Date>,
    /// Where readers report a mistake (the Pages workflow names the
    /// repository's issues).
    pub report_mistakes: Option<String>,
}

pub fn parse(text: &str, overrides: &Overrides) -> Result<SiteConfig, Vec<Diagnostic>> {
    let raw: RawConfig = parse_toml(FILE, text)?;
    let mut problems = Vec::new();
    let as_of = match overrides.as_of {
        Some(date) => Some(date),
        None => toml_date(raw.as_of.get_ref()).or_else(|| {
            problems.push(
                Diagnostic::error(FILE, "`as_of` must be a full date")
                    .with_span(raw.as_of.span())
                    .with_field("as_of")
                    .with_hint("write it as a TOML date without quotes, e.g. `as_of = 2026-11-23`"),
            );
            None
        }),
    };
    let base_url = overrides
        .base_url
        .clone()
        .unwrap_or_else(|| raw.base_url.get_ref().clone());
    if let Err(message) = check_base_url(&base_url) {
        let mut d = Diagnostic::error(FILE, message)
            .with_field("base_url")
            .with_hint("e.g. `https://org.github.io/repo/` or `http://localhost:8000/`");
        if overrides.base_url.is_none() {
            d = d.with_span(raw.base_url.span());
        }
        problems.push(d);
    }
    if let Some(address) = &raw.report_mistakes
        && let Err(problem) = check_report_mistakes(address.get_ref())
    {
        problems.push(
            Diagnostic::error(FILE, problem)
                .with_span(address.span())
                .with_field("report_mistakes")
                .with_hint(
                    "write where readers can report a mistake, starting `https://` or `mailto:`",
                ),
        );
    }
    let host_size_limit = match &raw.host_size_limit {
        None => DEFAULT_HOST_SIZE_LIMIT,
        Some(text) => parse_size(text.get_ref()).unwrap_or_else(|| {
            problems.push(
                Diagnostic::error(FILE, "`host_size_limit` is not a size")
                    .with_span(text.span())
                    .with_field("host_size_limit")
                    .with_hint("write a number and a unit, e.g. \"1 GB\" or \"500 MB\""),
            );
            DEFAULT_HOST_SIZE_LIMIT
        }),
    };
    for name in &raw.warnings.allow {
        if !WARNINGS.iter().any(|(known, _)| known == name.get_ref()) {
            let names: Vec<&str> = WARNINGS.iter().map(|(known, _)| *known).collect();
            problems.push(
                Diagnostic::error(FILE, format!("unknown warning `{}`", name.get_ref()))
                    .with_span(name.span())
                    .with_field("allow")
                    .with_hint(suggest(name.get_ref(), &names)),
            );
        }
    }
    match as_of {
        Some(as_of) if problems.is_empty() => Ok(SiteConfig {
            title: raw.title,
            description: raw.description,
            base_url: with_trailing_slash(&base_url),
            language: raw.language.unwrap_or_else(|| "en-GB".to_string()),
            publisher: raw.publisher,
            report_mistakes: (overrides.report_mistakes.clone())
                .or(raw.report_mistakes.map(toml::Spanned::into_inner)),
            as_of,
            host_size_limit,
            minify_html: raw.minify_html.unwrap_or(false),
            allowed_warnings: raw
                .warnings
                .allow
                .into_iter()
                .map(|n| n.into_inner())
                .collect(),
        }),
        _ => Err(problems),
    }
}

/// Why `url` cannot be the address a site is published under, if it cannot.
pub fn check_base_url(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("base URL `{url}` must start with `https://` or `http://`"))?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err(format!("base URL `{url}` has no host"));
    }
    if rest.contains(['?', '#', ' ', '"', '<', '>']) {
        return Err(format!(
            "base URL `{url}` must not contain a query, fragment or spaces"
        ));
    }
    Ok(())
}

/// GitHub Pages publishes a site of at most 1 GB.
pub const DEFAULT_HOST_SIZE_LIMIT: u64 = 1_000_000_000;

/// "1 GB", "500 MB", "1.5GB": bytes, in decimal units as hosts state them.
pub fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let digits = text.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    let (number, unit) = text.split_at(digits);
    let unit = match unit.trim() {
        "kB" | "KB" => 1e3,
        "MB" => 1e6,
        "GB" => 1e9,
        _ => return None,
    };
    let number: f64 = number.parse().ok()?;
    (number > 0.0).then(|| (number * unit).round() as u64)
}

/// Where readers report a mistake must be somewhere a link can take them.
pub fn check_report_mistakes(address: &str) -> Result<(), &'static str> {
    let schemes = ["https://", "http://", "mailto:"];
    if schemes.iter().any(|scheme| address.starts_with(scheme)) {
        Ok(())
    } else {
        Err("`report_mistakes` is not a web or e-mail address")
    }
}

fn with_trailing_slash(url: &str) -> String {
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "title = \"T\"\nbase_url = \"https://org.github.io/repo\"\npublisher = \"P\"\nas_of = 2026-11-23\n";

    #[test]
    fn reads_a_config_and_normalises_the_base_url() {
        let config = parse(GOOD, &Overrides::default()).unwrap();
        assert_eq!(config.base_url, "https://org.github.io/repo/");
        assert_eq!(config.base_path(), "/repo/");
        assert_eq!(config.language, "en-GB");
        assert_eq!(config.as_of.to_string(), "2026-11-23");
    }

    #[test]
    fn sizes_parse_in_decimal_units() {
        assert_eq!(parse_size("1 GB"), Some(1_000_000_000));
        assert_eq!(parse_size("1.5GB"), Some(1_500_000_000));
        assert_eq!(parse_size("500 MB"), Some(500_000_000));
        assert_eq!(parse_size("300 kB"), Some(300_000));
        for bad in ["1 GiB", "GB", "0 GB", "1", "one GB", "1.2.3 GB"] {
            assert_eq!(parse_size(bad), None, "{bad}");
        }
    }

    #[test]
    fn command_line_overrides_win() {
        let overrides = Overrides {
            base_url: Some("http://localhost:8000".into()),
            as_of: Some(time::Date::from_calendar_date(2030, time::Month::January, 2).unwrap()),
            report_mistakes: Some("mailto:corrections@example.org".into()),
        };
        let config = parse(GOOD, &overrides).unwrap();
        assert_eq!(config.base_path(), "/");
        assert_eq!(config.as_of.to_string(), "2030-01-02");
        assert_eq!(
            config.report_mistakes.as_deref(),
            Some("mailto:corrections@example.org")
        );
    }

    #[test]
    fn a_quoted_or_partial_as_of_date_is_refused_with_a_hint() {
        let text = GOOD.replace("as_of = 2026-11-23", "as_of = \"2026-11\"");
        let errors = parse(&text, &Overrides::default()).unwrap_err();
        assert_eq!(errors[0].field.as_deref(), Some("as_of"));
        assert!(
            errors[0]
                .hint
                .as_ref()
                .unwrap()
                .contains("as_of = 2026-11-23")
        );
    }

    #[test]
    fn a_base_url_without_scheme_is_refused() {
        let text = GOOD.replace("https://org.github.io/repo", "org.github.io/repo");
        let errors = parse(&text, &Overrides::default()).unwrap_err();
        assert_eq!(errors[0].field.as_deref(), Some("base_url"));
    }
}
