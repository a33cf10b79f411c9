//! Stage 5: write the finished site, all or nothing.
//!
//! Pages are minified, then written to a fresh folder beside the output
//! folder; only when every file is written is it swapped in place of the old
//! output. A failed or interrupted build therefore leaves the previously
//! published site exactly as it was, and files from earlier builds never
//! survive into a new one.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::progress::Progress;
use crate::render::OutputFile;

/// Minifies HTML pages; other files are left as they are.
pub fn minify(file: &OutputFile) -> Vec<u8> {
    if !file.path.ends_with(".html") {
        return file.bytes.clone();
    }
    let mut cfg = minify_html::Cfg::new();
    // Closing tags and quoted attributes keep the output valid XML-ish HTML
    // that tools and tests can read; the saving from dropping them is small.
    cfg.keep_closing_tags = true;
    cfg.keep_html_and_head_opening_tags = true;
    cfg.minify_css = true;
    minify_html::minify(&file.bytes, &cfg)
}

/// Writes `files` to `out`, replacing whatever was there, atomically.
pub fn write_site(out: &Path, files: &[OutputFile], progress: &dyn Progress) -> io::Result<()> {
    let staging = sibling(out, "new");
    let previous = sibling(out, "old");
    // A build interrupted between the two renames below leaves the last
    // good site at `previous`: put it back before anything else.
    if !out.exists() && previous.exists() {
        fs::rename(&previous, out)?;
    }
    remove_if_exists(&staging)?;
    remove_if_exists(&previous)?;
    fs::create_dir_all(&staging)?;
    // Minifying takes most of this stage's time, so files are minified
    // and written in parallel; each goes to its own path, so the result is
    // the same in any order.
    files.par_iter().try_for_each(|file| {
        let path = staging.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, minify(file))?;
        progress.step();
        io::Result::Ok(())
    })?;
    if out.exists() {
        fs::rename(out, &previous)?;
    }
    if let Err(e) = fs::rename(&staging, out) {
        // Put the old site back rather than leave nothing published.
        if previous.exists() {
            let _ = fs::rename(&previous, out);
        }
        return Err(e);
    }
    remove_if_exists(&previous)
}

/// `public` → `.public.new` in the same folder, so the final rename never
/// crosses file systems.
fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".{name}.{suffix}"))
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
    use crate::progress::Silent;

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
            &Silent,
        )
        .unwrap();
        write_site(&out, &[file("a/index.html", "<p>two</p>")], &Silent).unwrap();
        assert_eq!(
            fs::read_to_string(out.join("a/index.html")).unwrap(),
            "<p>two</p>"
        );
        assert!(!out.join("old.txt").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn a_site_left_aside_by_an_interrupted_swap_is_restored_first() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("index.html", "<p>good</p>")], &Silent).unwrap();
        fs::rename(&out, dir.path().join(".public.old")).unwrap();
        fs::create_dir_all(dir.path().join(".public.new")).unwrap();
        write_site(&out, &[file("index.html", "<p>next</p>")], &Silent).unwrap();
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "<p>next</p>"
        );
        assert!(!dir.path().join(".public.old").exists());
    }

    #[test]
    fn minifying_keeps_the_space_between_words_and_closing_tags() {
        let html = minify(&file(
            "x.html",
            "<p>A <a href=\"/x/\">b</a> <a href=\"/y/\">c</a></p>\n\n<ul>\n <li>x</li>\n</ul>",
        ));
        let html = String::from_utf8(html).unwrap();
        assert!(html.contains("</a> <a"), "{html}");
        assert!(html.contains("</li>"), "{html}");
    }
}
