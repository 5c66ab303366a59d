//! `phrases`: words and phrases matched on whole words, case-insensitively unless
//! `case = "exact"`, with `( | )` alternatives and `?` optional words.

use crate::rules::pattern::Syntax;
use crate::rules::{MatchPattern, RuleKind};
use std::ops::Range;
use toml::Spanned;

pub const KIND: super::KindSpec = super::KindSpec {
    key: "phrases",
    given: |def| def.phrases.as_ref().map(|list| list.span()),
    compile: |def, how, push| {
        let list = def.phrases.as_ref()?;
        compile(list.get_ref(), how.exact, how.trusted, push).map(RuleKind::Match)
    },
};

pub fn compile(
    phrases: &[Spanned<String>],
    exact: bool,
    trusted: bool,
    push: &mut dyn FnMut(Range<usize>, String),
) -> Option<Vec<MatchPattern>> {
    if phrases.is_empty() {
        push(0..0, "`phrases` is empty".into());
        return None;
    }
    super::compile_list(phrases, Syntax::Phrase, exact, trusted, push)
}
