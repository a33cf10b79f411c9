//! What a stage hands on: the files of the finished site, the pages a later
//! stage asks `render` to draw, and where files go.

use std::io::{self, Write};

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
