//! Words hidden from the rules (issue 24, item 9): every built-in rule's flag examples, with a
//! word of each flagged passage disguised by an invisible character, a lookalike letter, fullwidth
//! letters or a combining accent, are flagged still, at the same place; and the disguise itself
//! is reported.

use spinlint_core::document::Document;
use spinlint_core::lint::{lint_with, Selection};
use spinlint_core::rules::{RuleKind, RuleSet};
use spinlint_core::span::Span;

/// A way of disguising a word: its name, and the word disguised (`None`: it does not apply).
type Disguise = (&'static str, fn(&str) -> Option<String>);

/// The ways of disguising a word, each as a function of the word (ASCII letters, at least four).
fn disguises() -> Vec<Disguise> {
    fn insert_after_second(word: &str, c: char) -> String {
        format!("{}{c}{}", &word[..2], &word[2..])
    }
    vec![
        ("soft hyphen", |w| Some(insert_after_second(w, '\u{ad}'))),
        ("zero-width space", |w| Some(insert_after_second(w, '\u{200b}'))),
        ("zero-width joiner", |w| Some(insert_after_second(w, '\u{200d}'))),
        ("word joiner", |w| Some(insert_after_second(w, '\u{2060}'))),
        ("byte-order mark", |w| Some(insert_after_second(w, '\u{feff}'))),
        ("combining accent", |w| Some(insert_after_second(w, '\u{301}'))),
        ("Cyrillic lookalike", |w| {
            let (at, c) = w.char_indices().find(|(_, c)| matches!(c, 'e' | 'o' | 'a' | 'c' | 'p' | 'x' | 'y'))?;
            let lookalike = match c {
                'e' => 'е',
                'o' => 'о',
                'a' => 'а',
                'c' => 'с',
                'p' => 'р',
                'x' => 'х',
                _ => 'у',
            };
            Some(format!("{}{lookalike}{}", &w[..at], &w[at + 1..]))
        }),
        ("Greek omicron", |w| {
            let at = w.find('o')?;
            Some(format!("{}ο{}", &w[..at], &w[at + 1..]))
        }),
        ("fullwidth", |w| Some(w.chars().map(|c| char::from_u32(c as u32 + 0xfee0).unwrap_or(c)).collect())),
    ]
}

/// The first word of letters only, at least four long, inside `span`.
fn word_in(text: &str, span: Span) -> Option<Span> {
    let words = spinlint_core::words::tokenize(text, span);
    words.into_iter().map(|w| w.span).find(|w| w.len() >= 4 && w.text(text).bytes().all(|b| b.is_ascii_lowercase()))
}

#[test]
fn disguised_words_are_flagged_where_the_plain_ones_are() {
    let rules = RuleSet::builtin().expect("the built-in rules load");
    let mut selection = Selection::defaults(&rules);
    selection.enabled.iter_mut().for_each(|e| *e = true);
    let (mut tried, mut missed) = (0, Vec::new());
    for rule in &rules.rules {
        if !matches!(rule.kind, RuleKind::Match(_)) {
            continue;
        }
        for example in &rule.flag {
            for &expected in &example.expected {
                let Some(word) = word_in(&example.text, expected) else { continue };
                for (name, disguise) in disguises() {
                    let Some(disguised) = disguise(word.text(&example.text)) else { continue };
                    let text = format!("{}{disguised}{}", &example.text[..word.start], &example.text[word.end..]);
                    let grown = disguised.len() - word.len();
                    let place = Span::new(expected.start, expected.end + grown);
                    let doc = Document::parse(&text);
                    let found = lint_with(&doc, &rules, &selection)
                        .into_iter()
                        .any(|f| f.rule == rule.id && f.span.overlaps(place) && f.span.start >= expected.start);
                    tried += 1;
                    if !found {
                        missed.push(format!("{} ({name}): {text:?}", rule.id));
                    }
                }
            }
        }
    }
    assert!(tried > 500, "only {tried} disguised examples");
    assert!(missed.is_empty(), "{} of {tried} disguised examples missed:\n{}", missed.len(), missed.join("\n"));
}

fn rules_found(rules: &RuleSet, text: &str) -> Vec<String> {
    let mut selection = Selection::defaults(rules);
    selection.enabled.iter_mut().for_each(|e| *e = true);
    lint_with(&Document::parse(text), rules, &selection).into_iter().map(|f| f.rule.to_string()).collect()
}

#[test]
fn exact_case_rules_with_accents_still_match_their_words() {
    let source = spinlint_core::rules::RuleSource {
        name: "x.toml".into(),
        text: "id = \"x-exact\"\ncategory = \"loaded-language\"\nseverity = \"warning\"\ncase = \"exact\"\n\
               message = \"m\"\nhelp = \"h\"\nphrases = [\"Québec separatists\"]\n"
            .into(),
        builtin: false,
    };
    let rules = RuleSet::load(vec![source], &spinlint_core::parallel::Sequential).expect("the rule loads");
    for text in
        ["The Québec separatists met.", "The Que\u{301}bec separatists met.", "The Qu\u{435}bec separatists met."]
    {
        assert!(rules_found(&rules, text).iter().any(|r| r == "x-exact"), "{text:?}");
    }
    assert!(
        !rules_found(&rules, "The québec separatists met.").iter().any(|r| r == "x-exact"),
        "the case still counts"
    );
}

#[test]
fn invisible_characters_beside_a_hyphen_hide_nothing_and_other_scripts_are_not_disguises() {
    let rules = RuleSet::builtin().expect("the built-in rules load");
    for text in ["The so\u{200b}-called experts left.", "The so-\u{200b}called experts left."] {
        let found = rules_found(&rules, text);
        assert!(found.iter().any(|r| r == "doubt-so-called"), "{text:?}: {found:?}");
        assert!(found.iter().any(|r| r == "disguise-invisible-characters"), "{text:?}: {found:?}");
    }
    let text = "The α-helix study and a Москва-based fund were cited by Москва’s mayor.";
    let found = rules_found(&rules, text);
    assert!(!found.iter().any(|r| r.starts_with("disguise-")), "{found:?}");
}
