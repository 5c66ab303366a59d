//! The suppress stage, between the findings and the report: what the newsroom said not to
//! report. In the order the engine applies them: allowed terms of the configuration
//! ([`allowed`]), suppression comments in the article ([`comments`]), the minimum severity (in
//! the engine), and findings already known to a baseline ([`baseline`]: matching only; reading and
//! writing baseline files is the front end's).

pub mod allowed;
pub mod baseline;
pub mod comments;

pub use allowed::filter_allowed;
pub use baseline::{Baseline, Fingerprints};
pub use comments::{apply, UNUSED_CATEGORY, UNUSED_RULE};
