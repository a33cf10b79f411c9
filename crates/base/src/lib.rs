//! Small types every stage after loading shares, so that no stage has to
//! import a later one: a file of the finished site and where files go
//! ([`output`]), HTML escaping ([`html`]), results kept from one build to
//! the next ([`memo`]), compressed bytes kept between builds ([`packed`])
//! and progress reports ([`progress`]).
//!
//! *Never:* knows the domain model, a template or the file system. Anything
//! here is used by two stages or more; what only one stage uses lives there.

pub mod html;
pub mod memo;
pub mod output;
pub mod packed;
pub mod progress;
