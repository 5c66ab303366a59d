//! `patterns`: sequences of word tests (literals, alternatives, `<any>`, `<cap>`, `<name>`,
//! `<num>`, `/regex/`, `<gap N..M>`, `?`, `+`, `*`) with named captures for the message.

use crate::rules::pattern::Syntax;
use crate::rules::{MatchPattern, RuleKind};
use std::ops::Range;
use toml::Spanned;

pub const KIND: super::KindSpec = super::KindSpec {
    key: "patterns",
    given: |def| def.patterns.as_ref().map(|list| list.span()),
    compile: |def, how, push| {
        let list = def.patterns.as_ref()?;
        compile(list.get_ref(), how.exact, how.trusted, push).map(RuleKind::Match)
    },
};

pub fn compile(
    patterns: &[Spanned<String>],
    exact: bool,
    trusted: bool,
    push: &mut dyn FnMut(Range<usize>, String),
) -> Option<Vec<MatchPattern>> {
    if patterns.is_empty() {
        push(0..0, "`patterns` is empty".into());
        return None;
    }
    super::compile_list(patterns, Syntax::Pattern, exact, trusted, push)
}
