//! "Did you mean ...?": the closest of the names a misspelt one could have meant.

/// The candidate closest to `word`, if one is close enough to be a likely misspelling: within a
/// third of the word's length in edits (at least 1, at most 3), a shortening of it (`warn` for
/// `warning`), or differing only in case, `_` for `-`, or a plural `s`.
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let folded = fold(word);
    let limit = (word.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .filter(|candidate| *candidate != word)
        .map(|candidate| {
            let distance = if fold(candidate) == folded {
                0
            } else if word.len() >= 3 && candidate.starts_with(word) {
                1
            } else {
                strsim::damerau_levenshtein(word, candidate)
            };
            (distance, candidate)
        })
        .filter(|&(distance, _)| distance <= limit)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

fn fold(word: &str) -> String {
    let word = word.to_lowercase().replace('_', "-");
    word.strip_suffix('s').map(str::to_string).unwrap_or(word)
}

/// A serde message about an unknown key or value (`unknown field `sevrity`, expected one of
/// `id`, `severity`, ...`; also `unknown variant`) with the likely intended one added.
pub fn unknown_name_hint(message: &str) -> String {
    let message = message.trim();
    let Some(rest) = ["unknown field `", "unknown variant `"].iter().find_map(|p| message.strip_prefix(p)) else {
        return message.to_string();
    };
    let Some((word, expected)) = rest.split_once('`') else { return message.to_string() };
    let candidates = expected.split('`').skip(1).step_by(2);
    match closest(word, candidates) {
        Some(meant) => format!("{message}: did you mean `{meant}`?"),
        None => message.to_string(),
    }
}

/// `no rule `id``, with what the caller may have meant: the ids that contain the name when there
/// are several (`loaded` names the loaded-language rules), else the closest id if one is a likely
/// misspelling, else where to look (`see`).
pub fn unknown_rule<'c>(id: &str, ids: impl IntoIterator<Item = &'c str>, see: &str) -> String {
    let ids: Vec<&str> = ids.into_iter().collect();
    // A name of a letter or two is part of every id: no list of those.
    let related: Vec<&str> =
        ids.iter().copied().filter(|other| id.len() >= 3 && (other.contains(id) || id.contains(*other))).collect();
    let (meant, more): (Vec<&str>, usize) = match (related.len(), closest(id, ids.iter().copied())) {
        (2.., _) => (related.iter().copied().take(5).collect(), related.len().saturating_sub(5)),
        (_, Some(meant)) => (vec![meant], 0),
        _ => (related, 0),
    };
    if meant.is_empty() {
        return format!("no rule `{id}`: see {see}");
    }
    let mut meant: Vec<String> = meant.iter().map(|m| format!("`{m}`")).collect();
    if more > 0 {
        meant.push(format!("and {more} more ({see})"));
    }
    format!("no rule `{id}`: did you mean {}?", meant.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_rule_names_the_likely_ones() {
        let ids = ["loaded-adjectives", "loaded-nouns", "no-evidence-baseless"];
        assert_eq!(unknown_rule("loaded-noun", ids, "x"), "no rule `loaded-noun`: did you mean `loaded-nouns`?");
        assert_eq!(
            unknown_rule("loaded", ids, "x"),
            "no rule `loaded`: did you mean `loaded-adjectives`, `loaded-nouns`?"
        );
        assert_eq!(unknown_rule("zzz", ids, "/api/rules"), "no rule `zzz`: see /api/rules");
        assert_eq!(unknown_rule("", ids, "/api/rules"), "no rule ``: see /api/rules");
        assert_eq!(unknown_rule("e", ids, "/api/rules"), "no rule `e`: see /api/rules");
        let many: Vec<String> = (0..8).map(|i| format!("loaded-{i}")).collect();
        assert_eq!(
            unknown_rule("loaded", many.iter().map(String::as_str), "x"),
            "no rule `loaded`: did you mean `loaded-0`, `loaded-1`, `loaded-2`, `loaded-3`, `loaded-4`, and 3 more (x)?"
        );
    }

    #[test]
    fn near_misses_are_suggested_and_strangers_are_not() {
        let names = ["severity", "scope", "message", "vague-source", "no-evidence"];
        assert_eq!(closest("sevrity", names), Some("severity"));
        assert_eq!(closest("vague-sources", names), Some("vague-source"));
        assert_eq!(closest("vague_source", names), Some("vague-source"));
        assert_eq!(closest("Message", names), Some("message"));
        assert_eq!(closest("colour", names), None);
        assert_eq!(closest("s", names), None);
    }

    #[test]
    fn serde_messages_get_a_hint() {
        let message = "unknown field `sevrity`, expected one of `id`, `category`, `severity`";
        assert_eq!(unknown_name_hint(message), format!("{message}: did you mean `severity`?"));
        let message = "unknown variant `warn`, expected one of `info`, `warning`, `error`";
        assert_eq!(unknown_name_hint(message), format!("{message}: did you mean `warning`?"));
        let message = "unknown field `zzz`, expected `files`";
        assert_eq!(unknown_name_hint(message), message);
        assert_eq!(
            unknown_name_hint("invalid type: integer `3`, expected a string"),
            "invalid type: integer `3`, expected a string"
        );
    }
}
