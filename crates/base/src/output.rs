//! What a stage hands on: the files of the finished site, the pages a later
//! stage asks `render` to draw, and where files go.

use std::io::{self, Write};

/// "1.2 kB", "812.4 MB": a size in decimal units, as hosts state their
/// limits (GitHub Pages: 1 GB).
pub fn human_size(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1_000_000_000, "GB"), (1_000_000, "MB"), (1000, "kB")];
    match UNITS.iter().find(|(unit, _)| bytes >= *unit) {
        Some((unit, name)) => format!("{:.1} {name}", bytes as f64 / *unit as f64),
        None => format!("{bytes} bytes"),
    }
}

/// A file of the finished site, by path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A page made by a later stage (the open-data page, the feeds), rendered
/// with the same templates, context and error reporting as the others.
pub struct ExtraPage {
    pub output: String,
    pub template: &'static str,
    pub title: String,
    pub description: String,
    /// Path relative to the base path.
    pub path: String,
    pub kind: &'static str,
    /// Values for the template, by name.
    pub values: Vec<(&'static str, serde_json::Value)>,
}

/// Where the files a build makes go, from any thread.
pub trait Sink: Sync {
    /// Takes one finished file. A later file at the same path replaces an
    /// earlier one (a site's `static/` overrides the theme's files).
    fn put(&self, file: OutputFile);

    /// Makes a large file (never a page) by writing it through `write`,
    /// so that it need not be held whole, and returns its size in bytes.
    fn put_with(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> usize;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_decimal_units() {
        assert_eq!(human_size(12), "12 bytes");
        assert_eq!(human_size(12_345), "12.3 kB");
        assert_eq!(human_size(2_500_000), "2.5 MB");
        assert_eq!(human_size(1_000_000_000), "1.0 GB");
    }
}
