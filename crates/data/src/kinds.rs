//! The kinds of TOML file a site holds, and where each kind sits.

/// A kind of TOML file in a site, each with its own schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Site,
    Vocabulary,
    Sources,
    Rocus,
    Forces,
    Tiles,
    Inspection,
    Response,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Site,
        Kind::Vocabulary,
        Kind::Sources,
        Kind::Rocus,
        Kind::Forces,
        Kind::Tiles,
        Kind::Inspection,
        Kind::Response,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Site => "site",
            Kind::Vocabulary => "vocabulary",
            Kind::Sources => "sources",
            Kind::Rocus => "rocus",
            Kind::Forces => "forces",
            Kind::Tiles => "tiles",
            Kind::Inspection => "inspection",
            Kind::Response => "response",
        }
    }

    /// The schema's file name in `schemas/`.
    pub fn file_name(self) -> String {
        format!("{}.schema.json", self.name())
    }

    /// Where files of this kind sit, as the schema's title says it.
    pub(crate) fn pattern(self) -> &'static str {
        match self {
            Kind::Site => "site.toml",
            Kind::Vocabulary => "data/vocabulary.toml",
            Kind::Sources => "data/sources.toml",
            Kind::Rocus => "data/rocus.toml",
            Kind::Forces => "data/forces.toml",
            Kind::Tiles => "data/tiles.toml",
            Kind::Inspection => "data/inspections/<id>.toml",
            Kind::Response => "data/responses/<force>-<inspection>.toml",
        }
    }

    /// The kind of the TOML file at `relative` (to the site root, with `/`
    /// separators), if the loader reads it.
    pub fn of_file(relative: &str) -> Option<Kind> {
        let in_folder = |folder: &str| {
            relative
                .strip_prefix(folder)
                .is_some_and(|name| name.ends_with(".toml") && !name.contains('/'))
        };
        Some(match relative {
            "site.toml" => Kind::Site,
            "data/vocabulary.toml" => Kind::Vocabulary,
            "data/sources.toml" => Kind::Sources,
            "data/rocus.toml" => Kind::Rocus,
            "data/forces.toml" => Kind::Forces,
            "data/tiles.toml" => Kind::Tiles,
            _ if in_folder("data/inspections/") => Kind::Inspection,
            _ if in_folder("data/responses/") => Kind::Response,
            _ => return None,
        })
    }
}
