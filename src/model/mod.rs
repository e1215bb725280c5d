//! The data rapporteur reasons about, as plain serde + schemars types: the catalog
//! (`schemas/*.yaml`), the edition metadata (`drafts/report.yaml`), a section's front
//! matter and the sign-offs (`drafts/signoffs.yaml`). No I/O here; `load` reads these
//! from files or git.
//!
//! Doc comments on fields become descriptions in the generated JSON Schemas, which
//! drafters read in their editor: they are written for drafters.

pub mod catalog;
pub mod edition;
pub mod fingerprint;
pub mod review;
pub mod section;
pub mod signoff;
pub mod translation;

pub use catalog::{Acronym, DoubtfulWording, LanguageTerms, PreferredTerm, Termbase};
pub use catalog::{Area, Catalog, Domain, DomainCatalog, Proposal, ProposalRegistry, ProposalSet};
pub use edition::{
    Apostrophe, EditionMeta, HouseStyle, Nbsp, Period, Punctuation, SignOffPolicy, Waiver,
};
pub use review::{Review, ThreadState};
pub use section::{FrontMatter, Status};
pub use signoff::{SignOff, SignOffs};
pub use translation::{CommitId, Fingerprint, TranslationRecord};

/// A language code as used in folder names and catalog keys (`fr`, `en`).
pub type Lang = String;
