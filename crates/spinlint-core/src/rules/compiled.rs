//! The built-in rules compiled at build time.
//!
//! Compiling the built-in rule files (TOML parsing, then about two thousand phrases and patterns)
//! cost about 60 million instructions at every start-up, most of a short run. The
//! `spinlint-builtin` crate's build script compiles them once, with this library, and stores the
//! result with [`compile_builtin`]; a front end hands those bytes to the engine
//! ([`BuiltinRules::Compiled`]), which reads them back with serde (postcard) instead of
//! compiling. The stored form holds the rule set ready to lint (built-in rules alone, the common
//! case) and the rules before linking, to which a newsroom's rules are added and linked.
//!
//! Bytes that do not match this library (another version, other rule files, a damaged file) are
//! not an error: the rules are then compiled from their TOML, as without them.

use super::{parallel, Rule, RuleErrors, RuleSet, RuleSource};
use serde::{Deserialize, Serialize};

/// Changed whenever the stored form changes in a way that still decodes (a field's meaning).
const FORMAT: u32 = 1;

/// Where the built-in rules come from.
#[derive(Debug, Clone, Copy, Default)]
pub enum BuiltinRules {
    /// Compiled from their TOML at start-up: what a library user without `spinlint-builtin`
    /// gets, and what the tests of this crate check.
    #[default]
    Compile,
    /// Read from the bytes [`compile_builtin`] made at build time (`spinlint_builtin::RULES`).
    Compiled(&'static [u8]),
}

impl BuiltinRules {
    /// Whether the engine reads these rules as they are, without compiling: the bytes were made
    /// by this library's version from its rule files (or there are none to read).
    pub fn is_current(&self) -> bool {
        match self {
            BuiltinRules::Compile => true,
            BuiltinRules::Compiled(bytes) => linked(bytes).is_some() && rules(bytes).is_some(),
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Stored<'a> {
    format: u32,
    version: &'a str,
    /// The build's `SOURCES_HASH`: the built-in rule files these bytes were compiled from.
    sources: u64,
    /// The rule set of the built-in rules alone, linked.
    linked: &'a [u8],
    /// The built-in rules before linking, for a set with other rules.
    rules: &'a [u8],
}

impl<'a> Stored<'a> {
    /// The stored form, if it was made by this library from these rule files.
    fn read(bytes: &'a [u8]) -> Option<Stored<'a>> {
        let stored: Stored = postcard::from_bytes(bytes).ok()?;
        (stored.format == FORMAT
            && stored.version == env!("CARGO_PKG_VERSION")
            && stored.sources == super::builtin::SOURCES_HASH)
            .then_some(stored)
    }
}

/// The built-in rules compiled, in the stored form: for a build script.
pub fn compile_builtin() -> Result<Vec<u8>, RuleErrors> {
    let (rules, _) = RuleSet::compile_sources(Vec::new(), RuleSource::builtin(), &parallel::Sequential)?;
    let linked = RuleSet::from_rules(rules.clone());
    let stored = Stored {
        format: FORMAT,
        version: env!("CARGO_PKG_VERSION"),
        sources: super::builtin::SOURCES_HASH,
        linked: &postcard::to_stdvec(&linked).expect("the compiled rules serialise"),
        rules: &postcard::to_stdvec(&rules).expect("the compiled rules serialise"),
    };
    Ok(postcard::to_stdvec(&stored).expect("the compiled rules serialise"))
}

/// The linked rule set of the built-in rules alone, if `bytes` are this library's.
pub(crate) fn linked(bytes: &[u8]) -> Option<RuleSet> {
    postcard::from_bytes(Stored::read(bytes)?.linked).ok()
}

/// The built-in rules before linking, if `bytes` are this library's.
pub(crate) fn rules(bytes: &[u8]) -> Option<Vec<Rule>> {
    postcard::from_bytes(Stored::read(bytes)?.rules).ok()
}

/// `#[serde(with = "compiled::speaker_regex")]`: a quotation filter's speaker regex is stored as
/// its source and built again, as `compile` builds it (case-insensitive), when read.
pub mod speaker_regex {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(regex: &Option<regex::Regex>, serializer: S) -> Result<S::Ok, S::Error> {
        // `build_regex` anchors the source; the source alone is stored.
        regex.as_ref().map(|regex| super::super::pattern::unanchored(regex.as_str())).serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<regex::Regex>, D::Error> {
        Option::<String>::deserialize(deserializer)?
            .map(|source| super::super::pattern::build_regex(&source, false).map_err(serde::de::Error::custom))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::super::{pattern, QuotationFacts};

    #[test]
    fn a_speaker_regex_is_built_again_as_it_was() {
        let regex = pattern::build_regex(".*(?:Lopez|Peskov).*", false).expect("a regex");
        let facts = QuotationFacts { attributed: Some(true), vague: None, speaker: Some(regex.clone()) };
        let bytes = postcard::to_stdvec(&facts).expect("serialised");
        let read: QuotationFacts = postcard::from_bytes(&bytes).expect("read back");
        let speaker = read.speaker.expect("a speaker regex");
        assert_eq!(speaker.as_str(), regex.as_str());
        assert!(speaker.is_match("said MARIA LOPEZ") && !speaker.is_match("said the minister"));
    }
}
