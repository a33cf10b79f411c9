//! Markdown and code to safe HTML: commentary, pages and the "data behind
//! this page" panels.
//!
//! [`markdown`] turns pulldown-cmark's events into HTML with raw HTML shown
//! as text, only safe link schemes, short references (`force:essex`)
//! resolved, and anchors on headings and paragraphs; [`highlight`] colours
//! code with syntect. [`Memos`] keeps both stages' results between builds.
//!
//! *Never:* reads a file or knows a page's template; every string it
//! returns is already safe to insert into HTML.

pub mod highlight;
pub mod markdown;

use std::sync::Arc;

use answerable_base::memo::Memo;

/// What markdown and highlighting keep from one build to the next.
pub struct Memos {
    /// Shared, so that a record's TOML can be highlighted when its page is
    /// made rather than held highlighted by its view.
    pub highlighting: Arc<Highlighting>,
    pub markdown: Memo<markdown::Rendered>,
    /// What `validate` found wrong in each piece of markdown.
    pub problems: Memo<Vec<markdown::Problem>>,
}

/// The highlighter and the records it has highlighted.
pub struct Highlighting {
    /// syntect's grammars take a noticeable time to load: once per session.
    pub highlighter: highlight::Highlighter,
    /// Highlighted records for the "data behind this page" panels.
    highlighted: Memo<String>,
}

impl Highlighting {
    /// A record's TOML, highlighted.
    pub fn toml(&self, text: &str) -> String {
        (self.highlighted).get_or(answerable_base::memo::key(&text), || {
            self.highlighter.highlight(text, "toml")
        })
    }
}

impl Memos {
    /// `remember`: keep results for the next build (`serve`), or not.
    pub fn new(remember: bool) -> Self {
        Memos {
            highlighting: Arc::new(Highlighting {
                highlighter: highlight::Highlighter::new(),
                highlighted: Memo::new(remember),
            }),
            markdown: Memo::new(remember),
            problems: Memo::new(remember),
        }
    }

    /// Forgets what the build that just finished did not use.
    pub fn finish_build(&self) {
        self.highlighting.highlighted.finish_build();
        self.markdown.finish_build();
        self.problems.finish_build();
    }
}
