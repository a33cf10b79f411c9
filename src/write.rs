//! Stage 5: write the finished site, all or nothing.
//!
//! Every stage hands the files it makes to a [`Sink`]: [`Collect`] keeps
//! them in memory (for `check` and `serve`); [`Staging`] minifies and writes
//! each one as it comes (for `build`), keeping only what the link check
//! needs, so a large site is never held in memory whole. Files are written
//! to a fresh folder beside the output folder; only when the build has
//! succeeded is it swapped in place of the old output. A failed or
//! interrupted build therefore leaves the previously published site exactly
//! as it was, and files from earlier builds never survive into a new one.
//! [`guard`] decides which folders a build may replace at all.

pub mod guard;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::linkcheck::{Found, Links};
use answerable_base::output::OutputFile;
use answerable_base::output::Sink;

/// Writing to memory cannot fail; an error here is a fault in `write`.
pub(crate) fn in_memory(write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>) -> Vec<u8> {
    let mut bytes = Vec::new();
    write(&mut bytes).expect("writing to memory");
    bytes
}

/// Keeps every file in memory.
#[derive(Default)]
pub struct Collect(Mutex<Vec<OutputFile>>);

impl Sink for Collect {
    fn put(&self, file: OutputFile) {
        self.0.lock().expect("not poisoned").push(file);
    }

    fn put_with(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> usize {
        let bytes = in_memory(write);
        let size = bytes.len();
        self.put(OutputFile {
            path: path.to_string(),
            bytes,
        });
        size
    }
}

impl Collect {
    /// The files by path, the last put at each path winning.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.0.into_inner().expect("not poisoned");
        // Stable, so files put at one path stay in the order they came.
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let mut kept: Vec<OutputFile> = Vec::with_capacity(files.len());
        for file in files {
            match kept.last_mut() {
                Some(last) if last.path == file.path => *last = file,
                _ => kept.push(file),
            }
        }
        kept
    }
}

/// A new output folder being written beside the published one. Dropped
/// without [`Staging::publish`], it is removed and the published site is
/// left as it was.
pub struct Staging {
    out: PathBuf,
    staging: PathBuf,
    /// Whether pages are minified as they are written (`minify_html`).
    minify: bool,
    written: Mutex<Written>,
}

#[derive(Default)]
struct Written {
    /// Each path written, with its size on disk (a path written again
    /// counts once, at its last size).
    sizes: BTreeMap<String, u64>,
    links: Links,
    error: Option<io::Error>,
}

/// What [`Staging`] wrote: every path, each page's links and ids, and
/// the size of it all.
pub struct WrittenFiles {
    pub paths: BTreeSet<String>,
    pub links: Links,
    pub bytes: u64,
}

impl Staging {
    /// Starts a new output folder for `out`, a folder [`guard::check`]
    /// allowed.
    pub fn begin(out: &Path) -> io::Result<Staging> {
        let staging = sibling(out, "new");
        let previous = sibling(out, "old");
        // A build interrupted between the two renames in `publish` leaves
        // the last good site at `previous`: put it back before anything else.
        if !out.exists() && is_ours(&previous)? {
            fs::rename(&previous, out)?;
        }
        remove_leftover(&staging)?;
        remove_leftover(&previous)?;
        fs::create_dir_all(&staging)?;
        // First, so that a build interrupted at any point leaves a folder
        // the next build knows it may remove.
        fs::write(staging.join(guard::MARKER), guard::MARKER_TEXT)?;
        Ok(Staging {
            out: out.to_path_buf(),
            staging,
            minify: false,
            written: Mutex::default(),
        })
    }

    /// Minify every page written from now on (`minify_html`).
    pub fn minify_pages(&mut self, on: bool) {
        self.minify = on;
    }

    /// The paths written so far and the links of every page, for the link
    /// check; or the first error met in writing.
    pub fn written(&self) -> io::Result<WrittenFiles> {
        let mut written = self.written.lock().expect("not poisoned");
        if let Some(error) = written.error.take() {
            return Err(error);
        }
        Ok(WrittenFiles {
            bytes: written.sizes.values().sum(),
            paths: std::mem::take(&mut written.sizes).into_keys().collect(),
            links: std::mem::take(&mut written.links),
        })
    }

    /// Swaps the new folder in place of the published one.
    pub fn publish(self) -> io::Result<()> {
        let previous = sibling(&self.out, "old");
        if self.out.exists() {
            fs::rename(&self.out, &previous)?;
        }
        if let Err(e) = fs::rename(&self.staging, &self.out) {
            // Put the old site back rather than leave nothing published.
            if previous.exists() {
                let _ = fs::rename(&previous, &self.out);
            }
            return Err(e);
        }
        remove_if_exists(&previous)
    }

    fn create(&self, path: &str) -> io::Result<fs::File> {
        let path = self.staging.join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::File::create(path)
    }

    fn record(&self, path: &str, result: io::Result<u64>, found: Option<Found<'_>>) {
        let mut written = self.written.lock().expect("not poisoned");
        match result {
            Ok(size) => {
                written.sizes.insert(path.to_string(), size);
                // A later file at the same path replaces an earlier one.
                match found {
                    Some(found) => written.links.add(path, found),
                    None => written.links.remove(path),
                }
            }
            Err(e) => {
                written.error.get_or_insert(e);
            }
        }
    }
}

impl Sink for Staging {
    fn put(&self, file: OutputFile) {
        let found = Found::of(&file);
        let bytes = published_bytes(&file, self.minify);
        let result = (self.create(&file.path))
            .and_then(|mut f| f.write_all(&bytes))
            .map(|()| bytes.len() as u64);
        self.record(&file.path, result, found);
    }

    fn put_with(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> usize {
        let mut size = 0;
        let result = self.create(path).and_then(|file| {
            let mut counted = Counted {
                inner: io::BufWriter::new(file),
                bytes: &mut size,
            };
            write(&mut counted)?;
            counted.inner.flush()
        });
        self.record(path, result.map(|()| size as u64), None);
        size
    }
}

/// A writer that counts what passes through it.
struct Counted<'s, W> {
    inner: W,
    bytes: &'s mut usize,
}

impl<W: Write> Write for Counted<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        *self.bytes += n;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // After `publish` the folder is gone and this does nothing.
        let _ = remove_if_exists(&self.staging);
    }
}

/// What is published of `file`: an HTML page minified if `minify`
/// (`minify_html`); otherwise, and any other file, as it is. Without
/// minifying, pages are as the theme's compacted templates draw them
/// (`crates/render/src/compact.rs`).
pub fn published_bytes(file: &OutputFile, minify: bool) -> Cow<'_, [u8]> {
    if !minify || !file.path.ends_with(".html") {
        return Cow::Borrowed(&file.bytes);
    }
    let mut cfg = minify_html::Cfg::new();
    // Closing tags and quoted attributes keep the output valid XML-ish HTML
    // that tools and tests can read; the saving from dropping them is small.
    cfg.keep_closing_tags = true;
    cfg.keep_html_and_head_opening_tags = true;
    cfg.minify_css = true;
    Cow::Owned(minify_html::minify(&file.bytes, &cfg))
}

/// `public` → `.public.new` in the same folder, so the final rename never
/// crosses file systems.
fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".{name}.{suffix}"))
}

/// Whether `folder` exists and is a build's output.
fn is_ours(folder: &Path) -> io::Result<bool> {
    Ok(folder.is_dir() && guard::foreign_files(folder)?.is_empty())
}

/// Removes what an earlier build left beside the output, but never a
/// folder of someone else's that happens to have the same name.
fn remove_leftover(folder: &Path) -> io::Result<()> {
    if folder.is_dir() && !is_ours(folder)? {
        return Err(io::Error::other(format!(
            "{} is in the way and was not written by answerable; move it elsewhere",
            folder.display()
        )));
    }
    remove_if_exists(folder)
}

fn remove_if_exists(path: &Path) -> io::Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Nothing but the output folder stands beside it: no staging folder,
    /// no old site.
    fn assert_only_public_is_left(dir: &Path) {
        let leftovers: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    fn write_site(out: &Path, files: &[OutputFile]) -> io::Result<()> {
        let mut staging = Staging::begin(out)?;
        staging.minify_pages(true);
        for file in files {
            staging.put(file.clone());
        }
        staging.written()?;
        staging.publish()
    }

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn replaces_the_output_and_leaves_no_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(
            &out,
            &[file("a/index.html", "<p>one</p>"), file("old.txt", "x")],
        )
        .unwrap();
        write_site(&out, &[file("a/index.html", "<p>two</p>")]).unwrap();
        assert_eq!(
            fs::read_to_string(out.join("a/index.html")).unwrap(),
            "<p>two</p>"
        );
        assert!(!out.join("old.txt").exists());
        assert_only_public_is_left(dir.path());
    }

    #[test]
    fn a_site_left_aside_by_an_interrupted_swap_is_restored_first() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("index.html", "<p>good</p>")]).unwrap();
        fs::rename(&out, dir.path().join(".public.old")).unwrap();
        fs::create_dir_all(dir.path().join(".public.new")).unwrap();
        write_site(&out, &[file("index.html", "<p>next</p>")]).unwrap();
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "<p>next</p>"
        );
        assert!(!dir.path().join(".public.old").exists());
    }

    #[test]
    fn a_build_that_stops_before_publishing_leaves_the_site_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("index.html", "<p>good</p>")]).unwrap();
        let staging = Staging::begin(&out).unwrap();
        staging.put(file("index.html", "<p>half</p>"));
        drop(staging);
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "<p>good</p>"
        );
        assert_only_public_is_left(dir.path());
    }

    #[test]
    fn the_output_says_it_was_written_by_a_build() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("index.html", "<p>good</p>")]).unwrap();
        assert!(guard::foreign_files(&out).unwrap().is_empty());
        assert!(out.join(guard::MARKER).is_file());
    }

    #[test]
    fn a_folder_of_someone_elses_beside_the_output_is_never_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        for leftover in [".public.new", ".public.old"] {
            let mine = dir.path().join(leftover);
            fs::create_dir_all(&mine).unwrap();
            fs::write(mine.join("notes.md"), "mine").unwrap();
            let error = write_site(&out, &[file("index.html", "<p>x</p>")]).unwrap_err();
            assert!(error.to_string().contains("in the way"), "{error}");
            assert_eq!(fs::read_to_string(mine.join("notes.md")).unwrap(), "mine");
            assert!(!out.exists());
            fs::remove_dir_all(&mine).unwrap();
        }
    }

    #[test]
    fn the_last_file_put_at_a_path_wins() {
        let collect = Collect::default();
        collect.put(file("b.html", "page"));
        collect.put(file("a.css", "theme"));
        collect.put(file("b.html", "static"));
        let files = collect.into_files();
        let texts: Vec<_> = files
            .iter()
            .map(|f| (f.path.as_str(), String::from_utf8_lossy(&f.bytes)))
            .collect();
        assert_eq!(
            texts,
            [("a.css", "theme".into()), ("b.html", "static".into())]
        );
    }

    #[test]
    fn minifying_keeps_the_space_between_words_and_closing_tags() {
        let page = file(
            "x.html",
            "<p>A <a href=\"/x/\">b</a> <a href=\"/y/\">c</a></p>\n\n<ul>\n <li>x</li>\n</ul>",
        );
        let html = String::from_utf8(published_bytes(&page, true).into_owned()).unwrap();
        assert!(html.contains("</a> <a"), "{html}");
        assert!(html.contains("</li>"), "{html}");
    }
}
