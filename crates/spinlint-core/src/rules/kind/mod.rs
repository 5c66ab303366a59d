//! The kinds of rule, one file each.

pub mod density;
pub mod pattern;
pub mod phrase;
pub mod quote_check;

use super::pattern::{parse, required_words, Program, Syntax};
use super::MatchPattern;
use std::ops::Range;
use toml::Spanned;

/// Compiles one `phrases` or `patterns` entry, reporting a problem at its place in the TOML.
/// A `trusted` (built-in) entry's regexes are compiled at their first use.
pub fn compile_one(
    source: &Spanned<String>,
    syntax: Syntax,
    exact: bool,
    trusted: bool,
    push: &mut dyn FnMut(Range<usize>, String),
) -> Option<MatchPattern> {
    let text = source.get_ref();
    let at = source.span();
    // The string's content starts after its opening quote.
    let content_start = at.start + 1;
    let ast = match parse(text, syntax) {
        Ok(ast) => ast,
        Err(error) => {
            let start = (content_start + error.offset).min(at.end);
            push(start..(start + 1).min(at.end).max(start), format!("in `{text}`: {}", error.message));
            return None;
        }
    };
    let program = if trusted { Program::compile_trusted(&ast, exact) } else { Program::compile(&ast, exact) };
    match program {
        Ok(program) => Some(MatchPattern { source: text.clone(), anchors: required_words(&ast), program }),
        Err(error) => {
            push(at, format!("in `{text}`: {}", error.message));
            None
        }
    }
}

/// Compiles a list of entries; `None` when any of them is wrong (all are reported).
pub fn compile_list(
    list: &[Spanned<String>],
    syntax: Syntax,
    exact: bool,
    trusted: bool,
    push: &mut dyn FnMut(Range<usize>, String),
) -> Option<Vec<MatchPattern>> {
    let compiled: Vec<MatchPattern> =
        list.iter().filter_map(|p| compile_one(p, syntax, exact, trusted, push)).collect();
    (compiled.len() == list.len() && !compiled.is_empty()).then_some(compiled)
}
