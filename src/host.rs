//! The host's size limit. GitHub Pages refuses to publish a site over
//! 1 GB, so a build says how big the site is, warns by name (`site-size`)
//! once it passes 80% of the limit `site.toml` gives, and fails past it:
//! the previously published site stays, rather than a deploy failing later.

use answerable_base::output::human_size;
use answerable_data::diagnostics::Diagnostic;

/// The share of the limit, in percent, past which the build warns.
pub const WARN_AT_PERCENT: u64 = 80;

/// What to say of a site of `bytes` on a host that publishes at most
/// `limit` bytes: nothing, a warning, or an error.
pub fn size_check(bytes: u64, limit: u64) -> Option<Diagnostic> {
    let (site, most) = (human_size(bytes), human_size(limit));
    let percent = u128::from(bytes) * 100 / u128::from(limit.max(1));
    let hint = "docs/performance.md says where the bytes go and how many pages fit; \
                `minify_html = true` in site.toml saves about 2%; \
                if your host takes more, raise `host_size_limit` in site.toml";
    if bytes > limit {
        Some(
            Diagnostic::error(
                "site.toml",
                format!("the built site is {site}, over the host's limit of {most}: the host would refuse to publish it"),
            )
            .with_field("host_size_limit")
            .with_hint(hint),
        )
    } else if u128::from(bytes) * 100 > u128::from(limit) * u128::from(WARN_AT_PERCENT) {
        Some(
            Diagnostic::warning(
                "site-size",
                "site.toml",
                format!("the built site is {site}, {percent}% of the host's limit of {most}"),
            )
            .with_field("host_size_limit")
            .with_hint(hint),
        )
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use answerable_data::diagnostics::Severity;

    #[test]
    fn warns_past_four_fifths_and_fails_past_the_limit() {
        let limit = 1_000_000_000;
        assert!(size_check(800_000_000, limit).is_none());
        let warning = size_check(800_000_001, limit).unwrap();
        assert_eq!(warning.severity, Severity::Warning);
        assert_eq!(warning.lint, Some("site-size"));
        assert_eq!(
            warning.message,
            "the built site is 800.0 MB, 80% of the host's limit of 1.0 GB"
        );
        assert!(size_check(1_000_000_000, limit).is_some_and(|d| d.severity == Severity::Warning));
        let error = size_check(1_000_000_001, limit).unwrap();
        assert_eq!(error.severity, Severity::Error);
        assert!(
            error.message.contains("over the host's limit of 1.0 GB"),
            "{}",
            error.message
        );
    }
}
