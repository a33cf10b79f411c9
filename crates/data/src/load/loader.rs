//! Reading each file of a site into its part of the dataset.

use rayon::prelude::*;

use super::*;

/// [`load_site`], taking each file whose size and modification time have
/// not changed from `memo` rather than reading it again, and leaving in
/// `memo` what this load made.
pub fn load_site_with(root: &Path, overrides: &Overrides, mut memo: Option<&mut Memo>) -> Loaded {
    let remember = memo.is_some();
    let (found, layout, changed) = match memo.as_mut() {
        Some(memo) => {
            let changed = memo.take_changes(root);
            let (found, layout) = match (&changed, memo.found.take(), memo.layout.take()) {
                (Some(changed), Some(mut found), Some(layout)) => {
                    let added_or_removed = layout::update(root, &mut found, changed);
                    let layout = if layout.still_holds(changed, added_or_removed) {
                        layout
                    } else {
                        layout::sort(root, &found)
                    };
                    (found, layout)
                }
                _ => found_and_sorted(root),
            };
            (found, layout, changed)
        }
        None => {
            let (found, layout) = found_and_sorted(root);
            (found, layout, None)
        }
    };
    let mut previous = (memo.as_mut())
        .map(|m| std::mem::take(&mut m.files))
        .unwrap_or_default();
    // A file saved since its text was kept must be read again, even if
    // this load does not read it: a later one may.
    for path in changed.iter().flatten() {
        previous.remove(path.as_str());
    }
    let mut loader = Loader {
        next: remember.then(foldhash::HashMap::default),
        previous,
        changed,
        layout: layout.clone(),
        ..Loader::new(root.to_path_buf(), layout.unread.clone())
    };
    let config = loader.config(overrides);
    let vocabulary = loader.remembered(VOCABULARY, Loader::vocabulary);
    let kept_sources = memo.as_mut().and_then(|m| m.sources.take());
    let (sources, kept_sources) = loader.sources_and_texts(kept_sources);
    let rocus = loader.remembered(ROCUS, Loader::rocus);
    let forces = loader.remembered(FORCES, Loader::forces);
    let inspections = loader.inspections();
    let responses = loader.responses();
    let pages = loader.pages();
    let tiles = loader.remembered(TILES, Loader::tiles);
    let dataset = config.map(|config| Dataset {
        config,
        vocabulary,
        sources,
        rocus,
        forces,
        inspections,
        responses,
        pages,
        tiles,
        seeds: Arc::clone(&loader.layout.seeds),
    });
    if let (Some(memo), Some(next)) = (memo, loader.next) {
        memo.files = if loader.changed.is_some() {
            // Every file kept is one not saved since: see `remembered_with`.
            let mut files = loader.previous;
            files.extend(next);
            files
        } else {
            next
        };
        memo.found = Some(found);
        memo.layout = Some(layout);
        memo.sources = kept_sources;
    }
    Loaded {
        dataset,
        files: loader.files,
        diagnostics: one_per_spot(loader.diagnostics),
    }
}

/// Where the document `name` of `data/sources.toml` is read from.
fn seed_path(name: &str) -> String {
    format!("seeds/{name}")
}

fn found_and_sorted(root: &Path) -> (std::collections::BTreeSet<String>, layout::Layout) {
    let found = layout::find(root);
    let layout = layout::sort(root, &found);
    (found, layout)
}

/// The first problem found at each spot: a value is read by more than one
/// check (a blank `section_55` is both "empty" and "an unknown value"),
/// and the first says it best.
pub(crate) fn one_per_spot(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = std::collections::HashSet::new();
    (diagnostics.into_iter())
        .filter(|d| match &d.span {
            Some(span) => seen.insert((d.file.clone(), span.clone())),
            None => true,
        })
        .collect()
}

pub(crate) struct Loader {
    pub(crate) root: PathBuf,
    pub(crate) files: SourceFiles,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Files as the last load left them (see [`Memo`]), but those saved
    /// since, if known.
    pub(crate) previous: foldhash::HashMap<Arc<str>, Remembered>,
    /// Files this load read again, and, when what changed is not known,
    /// those it took from `previous`: with `previous`, what it leaves for
    /// the next, when remembering.
    pub(crate) next: Option<foldhash::HashMap<Arc<str>, Remembered>>,
    /// The only files that may have changed since the last load, if known
    /// (see [`Memo::changed`]).
    pub(crate) changed: Option<std::collections::BTreeSet<String>>,
    /// Which files there are to read.
    pub(crate) layout: layout::Layout,
}

impl Loader {
    /// A loader that keeps nothing, with these problems found already.
    fn new(root: PathBuf, diagnostics: Vec<Diagnostic>) -> Self {
        Loader {
            root,
            files: SourceFiles::default(),
            diagnostics,
            previous: Default::default(),
            next: None,
            changed: None,
            layout: Default::default(),
        }
    }

    /// What `make` makes of the file at `relative`, which it reads: taken
    /// from the last load instead if the file has not changed since. What
    /// `make` makes must depend on nothing but the file.
    fn remembered<T>(&mut self, relative: &str, make: impl FnOnce(&mut Self) -> T) -> T
    where
        T: Clone + Send + Sync + 'static,
    {
        self.remembered_with(relative, None, make)
    }

    /// [`Loader::remembered`], for a file whose metadata the caller has
    /// already read.
    fn remembered_with<T>(
        &mut self,
        relative: &str,
        metadata: Option<&fs::Metadata>,
        make: impl FnOnce(&mut Self) -> T,
    ) -> T
    where
        T: Clone + Send + Sync + 'static,
    {
        if self.next.is_none() {
            return make(self);
        }
        // A file the watcher saw no change to is taken as it was, without
        // a look, and left where it is: on a save, that is every file but
        // one, so nothing is done for each file that need not be.
        if self.unchanged(relative)
            && let Some((path, kept)) = self.previous.get_key_value(relative)
            && let Some(made) = kept.made.downcast_ref::<T>()
        {
            if let Some(text) = &kept.text {
                self.files.insert_at(Arc::clone(path), Arc::clone(text));
            }
            self.diagnostics.extend(kept.diagnostics.iter().cloned());
            return made.clone();
        }
        // Any other file is kept only if its stamp is the same. The stamp
        // is taken before reading, so that a save during the read is seen
        // next time. The path is kept as the last load allocated it,
        // shared by the memo and the files.
        let (path, previous) = match self.previous.remove_entry(relative) {
            Some((path, kept)) => (path, Some(kept)),
            None => (Arc::from(relative), None),
        };
        let stamp = match metadata {
            Some(metadata) => memo::stamp(metadata),
            None => fs::metadata(self.root.join(relative))
                .ok()
                .as_ref()
                .and_then(memo::stamp),
        };
        if let Some(kept) = previous.filter(|r| r.settled && Some(r.stamp) == stamp)
            && let Some(made) = kept.made.downcast_ref::<T>()
        {
            let made = made.clone();
            if let Some(text) = &kept.text {
                self.files.insert_at(Arc::clone(&path), Arc::clone(text));
            }
            self.diagnostics.extend(kept.diagnostics.iter().cloned());
            self.keep(path, kept);
            return made;
        }
        let before = self.diagnostics.len();
        let made = make(self);
        if let Some(stamp) = stamp {
            // Modification times are coarse (a few milliseconds on Linux):
            // a file saved again within the same tick, at the same size,
            // would keep its stamp. So, as git does, a file modified just
            // before it was read is read again next time.
            let age = SystemTime::now().duration_since(stamp.1);
            let remembered = Remembered {
                stamp,
                settled: age.is_ok_and(|age| age > SETTLED),
                text: self.files.shared(relative),
                made: Box::new(made.clone()),
                diagnostics: self.diagnostics[before..].to_vec(),
            };
            self.keep(path, remembered);
        }
        made
    }

    /// What `make` makes of each of `files`, in order, through
    /// [`Loader::remembered`]. A build that keeps nothing for the next
    /// reads and parses them side by side, each into a loader of its own,
    /// and then takes what each made, file by file, as one at a time
    /// would: on one core, reading was a twentieth of a 10,000-page build.
    /// When remembering, a file's stamp must be taken before it is read,
    /// so one at a time, as few are read again on a save.
    fn each_made<T>(
        &mut self,
        files: &[String],
        make: impl Fn(&mut Self, &str) -> T + Sync,
    ) -> Vec<T>
    where
        T: Clone + Send + Sync + 'static,
    {
        if self.next.is_some() {
            return (files.iter())
                .map(|file| self.remembered(file, |loader| make(loader, file)))
                .collect();
        }
        let root = &self.root;
        let made: Vec<(T, Loader)> = (files.par_iter())
            .map(|file| {
                let mut own = Loader::new(root.clone(), Vec::new());
                (make(&mut own, file), own)
            })
            .collect();
        (made.into_iter())
            .map(|(made, own)| {
                self.files.extend(own.files);
                self.diagnostics.extend(own.diagnostics);
                made
            })
            .collect()
    }

    /// Whether the file at `relative` is known not to have changed since
    /// the last load (see [`Memo::changed`]).
    fn unchanged(&self, relative: &str) -> bool {
        (self.changed.as_ref()).is_some_and(|changed| !changed.contains(relative))
    }

    fn keep(&mut self, path: Arc<str>, remembered: Remembered) {
        if let Some(next) = &mut self.next {
            next.insert(path, remembered);
        }
    }

    /// Reads a file relative to the root, remembering its text.
    fn read(&mut self, relative: &str) -> Option<Arc<str>> {
        match fs::read(self.root.join(relative)) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => {
                    let text = Arc::from(text);
                    self.files.insert_shared(relative, Arc::clone(&text));
                    Some(text)
                }
                Err(e) => {
                    // Keep a readable copy so the error can show the line.
                    self.files
                        .insert(relative, &String::from_utf8_lossy(e.as_bytes()));
                    self.diagnostics.push(
                        Diagnostic::error(relative, "the file is not valid UTF-8 text")
                            .with_span(e.utf8_error().valid_up_to()..e.utf8_error().valid_up_to())
                            .with_hint("save the file as UTF-8 (VS Code: \"Save with Encoding\")"),
                    );
                    None
                }
            },
            Err(e) => {
                self.diagnostics.push(Diagnostic::error(
                    relative,
                    format!("cannot read the file: {e}"),
                ));
                None
            }
        }
    }

    fn parse<T: DeserializeOwned>(&mut self, relative: &str) -> Option<(T, Arc<str>)> {
        let text = self.read(relative)?;
        // A file with mistakes still gives what it could, so that the
        // checks between files find the rest in the same run.
        let (value, problems) = toml_file::parse_toml_partial(relative, &text);
        self.diagnostics.extend(problems);
        Some((value?, text))
    }

    fn config(&mut self, overrides: &Overrides) -> Option<SiteConfig> {
        let text = self.read(config::FILE)?;
        match config::parse(&text, overrides) {
            Ok(config) => Some(config),
            Err(problems) => {
                self.diagnostics.extend(problems);
                None
            }
        }
    }

    fn vocabulary(&mut self) -> Vocabulary {
        const FILE: &str = VOCABULARY;
        let Some((raw, _)) = self.parse::<RawVocabulary>(FILE) else {
            return Vocabulary::default();
        };
        let term = |t: RawTerm| Term {
            id: located(FILE, t.id),
            label: t.label,
            description: t.description,
        };
        let deliveries = raw
            .delivery
            .into_iter()
            .map(|d| DeliveryTerm {
                term: Term {
                    id: located(FILE, d.id),
                    label: d.label,
                    description: d.description,
                },
                open: d.open,
            })
            .collect();
        let duties = raw.duty.into_iter().filter_map(|d| self.duty(d)).collect();
        Vocabulary {
            stances: raw.stance.into_iter().map(term).collect(),
            statuses: raw.status.into_iter().map(term).collect(),
            deliveries,
            duties,
        }
    }

    fn duty(&mut self, d: RawDuty) -> Option<Duty> {
        const FILE: &str = VOCABULARY;
        let counted_from = self.one_of(FILE, "counted_from", &COUNTED_FROM, &d.counted_from)?;
        Some(Duty {
            id: located(FILE, d.id),
            name: d.name,
            days: d.days,
            counted_from,
            law: d.law.map(|l| located(FILE, l)),
            description: d.description,
        })
    }

    /// The value of a closed set that `value` names, or an error listing them.
    fn one_of<T: Copy>(
        &mut self,
        file: &str,
        field: &str,
        table: &[(&str, T)],
        value: &Spanned<String>,
    ) -> Option<T> {
        let found = lookup(table, value.get_ref());
        if found.is_none() {
            self.diagnostics.push(
                Diagnostic::error(file, format!("unknown value `{}`", value.get_ref()))
                    .with_span(value.span())
                    .with_field(field)
                    .with_hint(format!("expected {}", one_of(table, "or"))),
            );
        }
        found
    }

    /// `data/sources.toml`'s documents with their texts from `seeds/`:
    /// taken whole from the last load (`kept`) when neither that file nor
    /// any in `seeds/` was saved since, as it would be on almost every
    /// save; each of thousands of documents read or checked on every save
    /// was a few milliseconds. Returns them, and what to keep for the next.
    fn sources_and_texts(
        &mut self,
        kept: Option<KeptSources>,
    ) -> (Vec<Arc<SourceDoc>>, Option<KeptSources>) {
        let untouched = (self.changed.as_ref()).is_some_and(|changed| {
            !(changed.iter()).any(|path| path == SOURCES || path.starts_with("seeds/"))
        });
        if untouched && let Some(kept) = kept {
            for (path, text) in &kept.files {
                self.files.insert_at(Arc::clone(path), Arc::clone(text));
            }
            self.diagnostics.extend(kept.diagnostics.iter().cloned());
            return (kept.sources.clone(), Some(kept));
        }
        let before = self.diagnostics.len();
        let mut sources = self.remembered(SOURCES, Loader::sources);
        self.read_seeds(&mut sources);
        let sources: Vec<Arc<SourceDoc>> = sources.into_iter().map(Arc::new).collect();
        let seeds =
            (sources.iter()).filter(|s| s.text.is_some() && s.kind != SourceKind::Legislation);
        let paths =
            std::iter::once(SOURCES.to_string()).chain(seeds.map(|s| seed_path(&s.file.value)));
        let kept = KeptSources {
            sources: sources.clone(),
            files: paths.filter_map(|path| self.files.entry(&path)).collect(),
            diagnostics: self.diagnostics[before..].to_vec(),
        };
        (sources, self.next.is_some().then_some(kept))
    }

    fn sources(&mut self) -> Vec<SourceDoc> {
        const FILE: &str = SOURCES;
        let Some((raw, _)) = self.parse::<RawSources>(FILE) else {
            return Vec::new();
        };
        let mut sources = Vec::new();
        for entry in raw.source {
            let origin = origin(FILE, entry.span());
            let s = entry.into_inner();
            let Some(kind) = lookup(&SOURCE_KINDS, s.kind.get_ref()) else {
                self.diagnostics.push(
                    Diagnostic::error(FILE, format!("unknown source kind `{}`", s.kind.get_ref()))
                        .with_span(s.kind.span())
                        .with_field("kind")
                        .with_hint(format!("expected {}", one_of(&SOURCE_KINDS, "or"))),
                );
                continue;
            };
            let Some(file) = self.source_name(&s, kind, &origin) else {
                continue;
            };
            let date = self.partial_date(FILE, "date", s.date.as_ref());
            let published_at = self.published_at(kind, s.published_at);
            sources.push(SourceDoc {
                file: located(FILE, file),
                title: s.title,
                untitled: s.untitled,
                url: s.url,
                author: s.author,
                date,
                kind,
                description: s.description,
                published_at,
                text: None,
                origin,
            });
        }
        sources
    }

    /// A document's public address, if it is one a reader can open.
    fn published_at(
        &mut self,
        kind: SourceKind,
        address: Option<Spanned<String>>,
    ) -> Option<Located<String>> {
        let address = address?;
        let problem = if kind == SourceKind::Legislation {
            Some((
                "`published_at` is not for legislation",
                "legislation gives where it is published in `url`",
            ))
        } else if !(address.get_ref().starts_with("https://")
            || address.get_ref().starts_with("http://"))
        {
            Some((
                "`published_at` is not a web address",
                "write the address of the document as published, starting `https://`, or leave `published_at` out",
            ))
        } else {
            None
        };
        match problem {
            Some((message, hint)) => {
                self.diagnostics.push(
                    Diagnostic::error(SOURCES, message)
                        .with_span(address.span())
                        .with_field("published_at")
                        .with_hint(hint),
                );
                None
            }
            None => Some(located(SOURCES, address)),
        }
    }

    /// What names a source: the file in `seeds/` of a document, or the id
    /// of legislation, which is not kept there but linked at its `url`.
    fn source_name(
        &mut self,
        s: &RawSource,
        kind: SourceKind,
        origin: &Origin,
    ) -> Option<Spanned<String>> {
        let problem = match (kind, &s.file, &s.id, &s.url) {
            (SourceKind::Legislation, None, Some(id), Some(_)) => return Some(id.clone()),
            (SourceKind::Legislation, Some(_), _, _) => (
                "file",
                "legislation is not kept in `seeds/`: give it an `id` and the `url` where it is published, instead of `file`",
            ),
            (SourceKind::Legislation, None, _, _) => (
                "id",
                "legislation needs an `id` (e.g. `police-act-1996-s55`) and the `url` where it is published",
            ),
            (_, Some(file), None, None) => return Some(file.clone()),
            (_, None, _, _) => ("file", "give the name of the document's file in `seeds/`"),
            (_, Some(_), _, _) => (
                "id",
                "`id` and `url` are for legislation only; a document in `seeds/` is named by its `file`",
            ),
        };
        let (field, hint) = problem;
        self.diagnostics.push(
            Diagnostic::at(
                origin,
                field,
                format!("this source's `{field}` is missing or does not belong"),
            )
            .with_hint(hint),
        );
        None
    }

    fn read_seeds(&mut self, sources: &mut [SourceDoc]) {
        for source in sources
            .iter_mut()
            .filter(|s| s.kind != SourceKind::Legislation)
        {
            let name = &source.file.value;
            if name.contains(['/', '\\']) || name.starts_with('.') {
                self.diagnostics.push(
                    Diagnostic::at(
                        &source.file.origin,
                        "file",
                        format!("`{name}` is not a plain file name"),
                    )
                    .with_hint("give the name of a file directly inside `seeds/`"),
                );
                continue;
            }
            if let Some(safe) = urls::safe_file_name(name) {
                self.diagnostics.push(
                    Diagnostic::at(
                        &source.file.origin,
                        "file",
                        format!("`{name}` cannot be part of a web address"),
                    )
                    .with_hint(format!(
                        "rename the document in `seeds/`, and here, to `{safe}`: its name is in the address of its page, so it may use only lowercase letters, digits, `-`, `_` and `.`"
                    )),
                );
                continue;
            }
            let path = seed_path(name);
            if self.unchanged(&path) && self.previous.contains_key(path.as_str()) {
                source.text = self.remembered_with(&path, None, |loader| loader.read(&path));
                continue;
            }
            let metadata = fs::metadata(self.root.join(&path)).ok();
            let Some(metadata) = metadata.filter(fs::Metadata::is_file) else {
                self.diagnostics.push(
                    Diagnostic::at(
                        &source.file.origin,
                        "file",
                        format!("`{path}` does not exist"),
                    )
                    .with_hint(self.missing_seed_hint(name)),
                );
                continue;
            };
            source.text = self.remembered_with(&path, Some(&metadata), |loader| loader.read(&path));
        }
    }

    /// A document listed but not in `seeds/` may be one there under a
    /// slightly different name.
    fn missing_seed_hint(&self, name: &str) -> String {
        let hint = "copy the document into `seeds/` unchanged, or fix the name";
        match closest(name, self.layout.seeds.iter().map(String::as_str)) {
            Some(near) => format!("{hint}: did you mean `{near}`?"),
            None => hint.to_string(),
        }
    }

    fn rocus(&mut self) -> Vec<Rocu> {
        const FILE: &str = ROCUS;
        let Some((raw, _)) = self.parse::<RawRocus>(FILE) else {
            return Vec::new();
        };
        raw.rocu
            .into_iter()
            .map(|entry| {
                let origin = origin(FILE, entry.span());
                let r = entry.into_inner();
                Rocu {
                    id: located(FILE, r.id),
                    name: r.name,
                    aliases: r.aliases,
                    region: r.region,
                    established: r.established,
                    status: r.status,
                    source: located(FILE, r.source),
                    notes: r.notes,
                    redirect_from: located_all(FILE, r.redirect_from),
                    origin,
                }
            })
            .collect()
    }

    fn forces(&mut self) -> Vec<Force> {
        const FILE: &str = FORCES;
        let Some((raw, _)) = self.parse::<RawForces>(FILE) else {
            return Vec::new();
        };
        let person = |p: RawPerson| Person {
            name: p.name,
            role: p.role,
            source: located(FILE, p.source),
        };
        raw.force
            .into_iter()
            .map(|entry| {
                let origin = origin(FILE, entry.span());
                let f = entry.into_inner();
                Force {
                    id: located(FILE, f.id),
                    name: f.name,
                    rocu: located(FILE, f.rocu),
                    source: located(FILE, f.source),
                    notes: f.notes,
                    commissioner: f.commissioner.map(person),
                    chief_constable: f.chief_constable.map(person),
                    redirect_from: located_all(FILE, f.redirect_from),
                    origin,
                }
            })
            .collect()
    }

    /// `data/tiles.toml`, which is optional: without it the force map
    /// places no tile and lists every force beside it.
    fn tiles(&mut self) -> Vec<Tile> {
        const FILE: &str = TILES;
        if !self.root.join(FILE).is_file() {
            return Vec::new();
        }
        let Some((raw, _)) = self.parse::<RawTiles>(FILE) else {
            return Vec::new();
        };
        raw.tile
            .into_iter()
            .map(|entry| {
                let origin = origin(FILE, entry.span());
                let t = entry.into_inner();
                Tile {
                    force: located(FILE, t.force),
                    column: located(FILE, t.column),
                    row: located(FILE, t.row),
                    label: t.label.map(|l| located(FILE, l)),
                    origin,
                }
            })
            .collect()
    }

    fn inspections(&mut self) -> Vec<Arc<Inspection>> {
        let files = Arc::clone(&self.layout.inspections);
        let made = self.each_made(&files, |loader, file| loader.inspection(file).map(Arc::new));
        made.into_iter().flatten().collect()
    }

    fn inspection(&mut self, file: &str) -> Option<Inspection> {
        let (raw, text) = self.parse::<RawInspection>(file)?;
        let section_55 = lookup(&SECTION_55, raw.section_55.get_ref()).unwrap_or_else(|| {
            self.diagnostics.push(
                Diagnostic::error(
                    file,
                    format!("unknown value `{}`", raw.section_55.get_ref()),
                )
                .with_span(raw.section_55.span())
                .with_field("section_55")
                .with_hint(format!("expected {}", one_of(&SECTION_55, "or"))),
            );
            Section55::Unsettled
        });
        let published = self.partial_date(file, "published", raw.published.as_ref());
        let recommendations = raw
            .recommendation
            .into_iter()
            .map(|entry| self.recommendation(file, entry))
            .collect();
        Some(Inspection {
            id: located(file, raw.id),
            title: raw.title,
            untitled: raw.untitled,
            inspectorate: raw.inspectorate,
            subject: raw.subject,
            published,
            fieldwork: raw.fieldwork,
            section_55,
            duty: raw.duty.map(|d| located(file, d)),
            source: located(file, raw.source),
            summary: located(file, raw.summary),
            causes_of_concern: raw
                .cause_of_concern
                .into_iter()
                .map(|c| CauseOfConcern {
                    id: located(file, c.id),
                    title: c.title,
                    text: c.text,
                })
                .collect(),
            areas_for_improvement: raw
                .area_for_improvement
                .into_iter()
                .map(|a| AreaForImprovement {
                    id: located(file, a.id),
                    text: a.text,
                })
                .collect(),
            recommendations,
            redirect_from: located_all(file, raw.redirect_from),
            origin: origin(file, 0..text.len()),
        })
    }

    fn recommendation(&mut self, file: &str, entry: Spanned<RawRecommendation>) -> Recommendation {
        let origin = origin(file, entry.span());
        let r = entry.into_inner();
        let due = r.due.as_ref().and_then(|due| match due.get_ref() {
            toml::Value::String(s) if s == "immediate" => Some(Due::Immediate),
            _ => self.partial_date(file, "due", Some(due)).map(Due::By),
        });
        let applies_to = self.actors(file, "applies_to", &r.applies_to);
        let encourages = self.actors(file, "encourages", &r.encourages);
        let history = r
            .history
            .into_iter()
            .filter_map(|entry| self.history_entry(file, entry))
            .collect();
        let revisions = r
            .deadline_revision
            .into_iter()
            .filter_map(|entry| self.revision(file, entry))
            .collect();
        Recommendation {
            number: located(file, r.number),
            text: r.text,
            due,
            due_text: r.due_text,
            addressees: r.addressees,
            applies_to,
            encourages,
            asked_in_report: r.asked_in_report,
            themes: r.themes,
            cause_of_concern: r.cause_of_concern.map(|c| located(file, c)),
            repeats: located_all(file, r.repeats),
            notes: r.notes,
            history,
            revisions,
            redirect_from: located_all(file, r.redirect_from),
            origin,
        }
    }

    fn history_entry(
        &mut self,
        file: &str,
        entry: Spanned<RawHistoryEntry>,
    ) -> Option<HistoryEntry> {
        let origin = origin(file, entry.span());
        let h = entry.into_inner();
        let date = self.partial_date(file, "date", Some(&h.date));
        let asserted_by = self.one_of(file, "asserted_by", &ASSERTERS, &h.asserted_by);
        let (date, asserted_by) = (date?, asserted_by?);
        let needs = match asserted_by {
            AssertedBy::Other if h.asserter.is_none() => Some((
                "asserter",
                "say who, as the source names them: add `asserter = \"…\"`",
            )),
            AssertedBy::Publisher if h.reasoning.is_none() => Some((
                "reasoning",
                "say why this site judges so: add `reasoning = \"…\"`, so that readers can weigh the judgement",
            )),
            _ => None,
        };
        if let Some((field, hint)) = needs {
            self.diagnostics.push(
                Diagnostic::error(
                    file,
                    format!("`asserted_by = \"{}\"` needs `{field}`", asserted_by.id()),
                )
                .with_span(h.asserted_by.span())
                .with_field("asserted_by")
                .with_hint(hint),
            );
            return None;
        }
        let body = located(file, h.body);
        Some(HistoryEntry {
            date,
            body: Located {
                value: Body::parse(&body.value),
                origin: body.origin,
            },
            delivery: located(file, h.delivery),
            asserted_by,
            asserter: h.asserter.map(|a| located(file, a)),
            reasoning: h.reasoning.map(|r| located(file, r)),
            source: located(file, h.source),
            quote: located(file, h.quote),
            note: h.note,
            origin,
        })
    }

    fn revision(&mut self, file: &str, entry: Spanned<RawRevision>) -> Option<DeadlineRevision> {
        let origin = origin(file, entry.span());
        let r = entry.into_inner();
        let date = self.partial_date(file, "date", Some(&r.date));
        let due = self.partial_date(file, "due", Some(&r.due));
        Some(DeadlineRevision {
            date: date?,
            due: due?,
            due_text: r.due_text,
            set_by: r.set_by,
            reason: r.reason,
            source: located(file, r.source),
            quote: located(file, r.quote),
            origin,
        })
    }

    /// The actors a list names (`applies_to`, `encourages`), each once.
    fn actors(&mut self, file: &str, field: &str, names: &[Spanned<String>]) -> Vec<Actor> {
        let mut actors = Vec::new();
        for actor in names {
            match lookup(&ACTORS, actor.get_ref()) {
                Some(known) => actors.push(known),
                None => self.diagnostics.push(
                    Diagnostic::error(file, format!("unknown value `{}`", actor.get_ref()))
                        .with_span(actor.span())
                        .with_field(field)
                        .with_hint(format!(
                            "expected any of {}",
                            ids(&ACTORS)
                                .iter()
                                .map(|id| format!("`{id}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                ),
            }
        }
        actors.sort();
        actors.dedup();
        actors
    }

    fn responses(&mut self) -> Vec<Arc<Response>> {
        let files = Arc::clone(&self.layout.responses);
        let made = self.each_made(&files, |loader, file| loader.response(file).map(Arc::new));
        made.into_iter().flatten().collect()
    }

    fn response(&mut self, file: &str) -> Option<Response> {
        let (raw, text) = self.parse::<RawResponse>(file)?;
        let id = file_stem(file);
        let date = self.partial_date(file, "date", raw.date.as_ref());
        Some(Response {
            id,
            inspection: located(file, raw.inspection),
            force: located(file, raw.force),
            author: raw.author,
            role: raw.role,
            date,
            reference: raw.reference,
            addressee: raw.addressee,
            source: located(file, raw.source),
            summary: located(file, raw.summary),
            positions: raw
                .position
                .into_iter()
                .map(|p| Position {
                    recommendation: located(file, p.recommendation),
                    stance: located(file, p.stance),
                    quote: located(file, p.quote),
                    note: p.note,
                })
                .collect(),
            points: raw
                .point
                .into_iter()
                .map(|p| Point {
                    topic: p.topic,
                    quote: located(file, p.quote),
                    cause_of_concern: p.cause_of_concern.map(|c| located(file, c)),
                })
                .collect(),
            redirect_from: located_all(file, raw.redirect_from),
            origin: origin(file, 0..text.len()),
        })
    }

    fn pages(&mut self) -> Vec<Arc<Page>> {
        let files = Arc::clone(&self.layout.pages);
        let made = self.each_made(&files, |loader, file| loader.page(file).map(Arc::new));
        made.into_iter().flatten().collect()
    }

    fn page(&mut self, relative: &str) -> Option<Page> {
        let text = self.read(relative)?;
        let Some(role) = page_role(relative) else {
            self.diagnostics.push(
                Diagnostic::error(relative, "this file is not where pages or commentary go")
                    .with_hint("see docs/data-format.md: pages sit at `content/<name>.md`, commentary at `content/<kind>/<id>.md`"),
            );
            return None;
        };
        match split_front_matter(relative, &text) {
            Ok((_, body_offset)) if text[body_offset..].trim().is_empty() => {
                self.diagnostics.push(empty_page(relative, &role));
                None
            }
            Ok((front, body_offset)) => Some(Page {
                role,
                title: front.title,
                description: front.description,
                weight: front.weight,
                body: text[body_offset..].to_string(),
                body_offset,
                redirect_from: front
                    .redirect_from
                    .into_iter()
                    .map(|x| located(relative, x))
                    .collect(),
                origin: origin(relative, 0..text.len()),
            }),
            Err(problems) => {
                self.diagnostics.extend(problems);
                None
            }
        }
    }

    /// Reads a date that may be a TOML date or a `"YYYY-MM"`/`"YYYY"` string.
    fn partial_date(
        &mut self,
        file: &str,
        field: &str,
        value: Option<&Spanned<toml::Value>>,
    ) -> Option<PartialDate> {
        let value = value?;
        let parsed = match value.get_ref() {
            toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
                dt.date.map(|d| PartialDate {
                    year: i32::from(d.year),
                    month: Some(d.month),
                    day: Some(d.day),
                })
            }
            toml::Value::String(s) => PartialDate::parse(s),
            _ => None,
        };
        if parsed.is_none() {
            let written = match value.get_ref() {
                toml::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let (message, hint) = crate::dates::advice(&written).unwrap_or_else(|| ("not a date".into(), "write a full date without quotes (`2021-04-07`), or a quoted month or year (`\"2021-02\"`, `\"2021\"`); leave the field out if no source gives the date".into()));
            self.diagnostics.push(
                Diagnostic::error(file, message)
                    .with_span(value.span())
                    .with_field(field)
                    .with_hint(hint),
            );
        }
        parsed
    }
}

/// A page or commentary with no text: published, it would be a heading
/// over nothing.
pub(crate) fn empty_page(relative: &str, role: &PageRole) -> Diagnostic {
    let (message, hint) = match role {
        PageRole::Commentary(_) => (
            "this commentary has no text",
            "write the commentary below the front matter, or delete the file: a record without commentary shows none",
        ),
        PageRole::Home | PageRole::Page(_) => (
            "this page has no text",
            "write the page below the front matter, or delete the file",
        ),
    };
    Diagnostic::error(relative, message).with_hint(hint)
}
