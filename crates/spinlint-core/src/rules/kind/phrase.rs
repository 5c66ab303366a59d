//! `phrases`: words and phrases matched on whole words, case-insensitively unless
//! `case = "exact"`, with `( | )` alternatives and `?` optional words.

use crate::rules::pattern::Syntax;
use crate::rules::MatchPattern;
use std::ops::Range;
use toml::Spanned;

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
