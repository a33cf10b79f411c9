//! The domain model of an answerable site and the loader that reads a site
//! folder into it: a library anyone can use to read the data.
//!
//! [`model`] is the plain data (inspections, recommendations, ROCUs,
//! forces, responses, sources); [`load`] reads `site.toml`, `data/`,
//! `content/` and `seeds/` into it, reporting every problem as a
//! [`diagnostics::Diagnostic`] that names the file, line and field. Beside
//! them: imprecise [`dates`], the URL scheme ([`urls`]), redirects
//! ([`redirects`]), quotation search in source documents ([`quote`]), when
//! each file last changed in git ([`history`]) and the files' JSON Schemas
//! ([`schemas`]).
//!
//! *Never:* checks references between files (that is validation), writes
//! HTML, or renders a template. Its modules are layers, each importing
//! only ones above it: `dates`; `model`; `diagnostics`, `urls`, `quote`,
//! `history`, `kinds`; `redirects`, `toml_file`; `config`; `load`;
//! `schemas` (tests/it/architecture.rs fails on any import cycle).

pub mod config;
pub mod dates;
pub mod diagnostics;
pub mod history;
pub mod kinds;
pub mod load;
pub mod model;
pub mod quote;
pub mod redirects;
pub mod schemas;
pub mod toml_file;
pub mod urls;
