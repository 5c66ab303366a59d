//! The rule language from the outside: custom rules, `spinlint test`, errors in rule files.

mod common;
use common::*;

#[test]
fn builtin_examples_all_pass() {
    let output = spinlint(&["test"]);
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{out}");
    assert!(out.trim_end().ends_with(" 0 failed"), "{out}");
}

#[test]
fn worked_example_of_the_docs_is_a_tested_rule() {
    let output = spinlint(&["test", "fixtures/custom-rules"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let docs = std::fs::read_to_string(root().join("docs/rules.md")).unwrap();
    let rule = std::fs::read_to_string(root().join("fixtures/custom-rules/sources-say.toml")).unwrap();
    for line in [
        "patterns = [\"(sources | insiders) (say | said | tell | told | claim | claimed)\"]",
        "scope = [\"prose\", \"heading\"]",
    ] {
        assert!(docs.contains(line) && rule.contains(line), "docs and rule differ on {line}");
    }
    let dir = TempDir::new("worked");
    let article = dir.write("a.md", "Sources say the mayor will resign.\n");
    let output =
        spinlint(&["check", "--format", "json", "--rules", "fixtures/custom-rules", article.to_str().unwrap()]);
    let rules: Vec<String> = json(&output)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect();
    assert!(rules.contains(&"newsroom-sources-say".to_string()), "{rules:?}");
}

#[test]
fn failing_example_is_reported_and_exits_one() {
    let dir = TempDir::new("failing-example");
    dir.write(
        "r.toml",
        r#"id = "local-rule"
category = "loaded-language"
severity = "warning"
message = "loaded"
help = "tone it down"
phrases = ["outrageous"]
flag = ["This is [[shameful]]."]
pass = ["A calm sentence."]
"#,
    );
    let output = spinlint(&["test", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let out = stdout(&output);
    assert!(out.contains("FAIL local-rule"), "{out}");
    assert!(out.contains(" 1 failed"), "{out}");
}

/// Every problem of a broken file is reported at once, each at its line and column.
#[test]
fn rule_file_errors_point_at_the_toml() {
    let cases: &[(&str, &str, &str)] = &[
        ("unknown-field.toml", "id = \"x-rule\"\ncategory = \"doubt\"\nseverity = \"warning\"\nmessage = \"m\"\nhelp = \"h\"\nphrases = [\"a b\"]\nflagg = [\"[[a b]]\"]\n", "unknown-field.toml:7:1"),
        ("bad-severity.toml", "id = \"x-rule\"\ncategory = \"doubt\"\nseverity = \"fatal\"\nmessage = \"m\"\nhelp = \"h\"\nphrases = [\"a\"]\n", "bad-severity.toml:3:12"),
        ("bad-regex.toml", "id = \"x-rule\"\ncategory = \"doubt\"\nseverity = \"info\"\nmessage = \"m\"\nhelp = \"h\"\npatterns = [\n  \"/(unclosed/ word\",\n]\n", "bad-regex.toml:7:"),
        ("no-mark.toml", "id = \"x-rule\"\ncategory = \"doubt\"\nseverity = \"info\"\nmessage = \"m\"\nhelp = \"h\"\nphrases = [\"word\"]\nflag = [\"a word here\"]\n", "no-mark.toml:7:"),
        ("empty-match.toml", "id = \"x-rule\"\ncategory = \"doubt\"\nseverity = \"info\"\nmessage = \"m\"\nhelp = \"h\"\npatterns = [\"<any>?\"]\n", "empty-match.toml:6:"),
    ];
    for (name, text, expected) in cases {
        let dir = TempDir::new(&format!("bad-{name}"));
        dir.write(name, text);
        let article = dir.write("a.txt", "Hello.\n");
        let output = spinlint(&["check", "--rules", dir.path().to_str().unwrap(), article.to_str().unwrap()]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{name}: {err}");
        assert!(err.contains(expected), "{name}: expected {expected} in\n{err}");
    }
}

#[test]
fn all_problems_of_a_file_at_once_and_duplicate_ids() {
    let dir = TempDir::new("many-problems");
    dir.write(
        "many.toml",
        r#"[[rule]]
id = "dup-rule"
category = "doubt"
severity = "info"
message = "m"
help = "h"
phrases = ["a (b"]

[[rule]]
id = "dup-rule"
category = "doubt"
severity = "info"
message = "m"
help = "h"
phrases = ["c"]

[[rule]]
id = "no-evidence-none-exists"
category = "doubt"
severity = "info"
message = "m"
help = "h"
phrases = ["d"]
"#,
    );
    let article = dir.write("a.txt", "Hello.\n");
    let output = spinlint(&["check", "--rules", dir.path().to_str().unwrap(), article.to_str().unwrap()]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2));
    assert!(err.contains("many.toml:7:"), "bad phrase: {err}");
    assert!(err.contains("many.toml:10:"), "duplicate in file: {err}");
    assert!(err.contains("many.toml:18:"), "duplicate of a built-in: {err}");
    assert!(err.contains("3 problems"), "{err}");
}

#[test]
fn rules_lists_and_explain_explains() {
    let output = spinlint(&["rules"]);
    let out = stdout(&output);
    assert!(out.lines().filter(|l| !l.starts_with('#')).count() >= 15, "{out}");
    assert!(out.contains("quote-unattributed") && out.contains("rules/fabricated-quote.toml:"));
    let output = spinlint(&["explain", "quote-unattributed"]);
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(0));
    assert!(out.contains("Why it matters") && out.contains("What to do") && out.contains("Flags"), "{out}");
    let output = spinlint(&["explain", "no-such-rule"]);
    assert_eq!(output.status.code(), Some(2));
}

/// Every built-in rule documents itself: help, at least two examples that fire and two that do not.
#[test]
fn every_builtin_rule_has_help_and_examples() {
    let rules = spinlint_core::rules::RuleSet::builtin().unwrap();
    let categories: Vec<&str> = spinlint_core::category::builtin().iter().map(|c| c.name.as_str()).collect();
    for rule in &rules.rules {
        assert!(rule.flag.len() >= 2, "{} has {} flag examples", rule.id, rule.flag.len());
        assert!(rule.pass.len() >= 2, "{} has {} pass examples", rule.id, rule.pass.len());
        assert!(rule.help.split_whitespace().count() >= 5, "{} has no real help text", rule.id);
        assert!(categories.contains(&&*rule.category), "{}: category {}", rule.id, rule.category);
    }
    for category in &categories {
        assert!(rules.rules.iter().any(|r| &*r.category == *category), "no rule for {category}");
    }
}

/// `quotation = { attributed, vague, speaker }` narrows a rule to quotations with those facts, and
/// `requires` needs its pattern nearby.
#[test]
fn quotation_facts_and_requires() {
    let dir = TempDir::new("quotation-facts");
    dir.write(
        "r.toml",
        r#"id = "minister-deflects"
category = "blame-deflection"
severity = "warning"
message = "{speaker} blames others: `{match}`"
help = "Give the reader the record."
patterns = ["(their | his | her) fault"]
quotation = { attributed = true, vague = false, speaker = "Minister|Cole" }
requires = [{ within = "paragraph", phrases = ["shortages"] }]
flag = ["The shortages grew. “It is [[their fault]],” Minister Ann Cole said."]
pass = [
  "“It is their fault,” a source close to the ministry said, as the shortages grew.",
  "“It is their fault,” Minister Ann Cole said of the weather.",
  "It is their fault, the shortages show.",
]
"#,
    );
    let output = spinlint(&["test", dir.path().to_str().unwrap()]);
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{out}");
    let article = dir.write("a.md", "Shortages again. “It is their fault,” Minister Ann Cole said.\n");
    let output =
        spinlint(&["check", "--format", "json", "--rules", dir.path().to_str().unwrap(), article.to_str().unwrap()]);
    let doc = json(&output);
    let finding =
        doc["diagnostics"].as_array().unwrap().iter().find(|d| d["rule"] == "minister-deflects").expect("fires");
    assert_eq!(finding["message"], "Minister Ann Cole blames others: `their fault`");
    // Inside an attributed quotation the default quoted severity applies.
    assert_eq!(finding["severity"], "info");
}

/// A misspelt category is an error with a did-you-mean, at the category's line and column; a
/// category the newsroom declares in `categories.toml` is accepted, its label used and its name
/// reachable from the configuration.
#[test]
fn categories_are_built_in_or_declared() {
    let rule = |category: &str| {
        format!(
            "id = \"desk-rule\"\ncategory = \"{category}\"\nseverity = \"warning\"\nmessage = \"m\"\nhelp = \"h\"\n\
             phrases = [\"blue widgets\"]\n"
        )
    };
    let dir = TempDir::new("categories");
    dir.write("rules/desk.toml", rule("vague-sources"));
    dir.write("a.txt", "We sell blue widgets.\n");
    let output = spinlint_in(&["check", "--rules", "rules", "a.txt"], Some(dir.path()), None);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("unknown category `vague-sources`: did you mean `vague-source`?"), "{err}");
    assert!(err.contains("desk.toml:2:12"), "at the value: {err}");

    dir.write("rules/desk.toml", rule("desk-standards"));
    let output = spinlint_in(&["check", "--rules", "rules", "a.txt"], Some(dir.path()), None);
    assert!(stderr(&output).contains("unknown category `desk-standards`"), "{}", stderr(&output));

    dir.write(
        "rules/categories.toml",
        "[[category]]\nname = \"desk-standards\"\nlabel = \"against our standards guide\"\ncolour = \"#123456\"\n\
         description = \"What our guide forbids.\"\n\n[[category]]\nname = \"desk-later\"\nlabel = \"l\"\n\
         colour = \"#654321\"\ndescription = \"No rule has it yet.\"\n",
    );
    // A declared category no rule uses yet is a name all the same.
    let output = spinlint_in(&["check", "--select", "desk-later", "--rules", "rules", "a.txt"], Some(dir.path()), None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = spinlint_in(&["check", "--format", "json", "--rules", "rules", "a.txt"], Some(dir.path()), None);
    let doc = json(&output);
    assert_eq!(doc["diagnostics"][0]["category"], "desk-standards", "{doc}");
    let output = spinlint_in(&["check", "--rules", "rules", "a.txt"], Some(dir.path()), None);
    assert!(stdout(&output).contains("^^^^^^^^^^^^ against our standards guide"), "{}", stdout(&output));
    // The HTML report colours it as declared (#123456).
    let output = spinlint_in(&["check", "--format", "html", "--rules", "rules", "a.txt"], Some(dir.path()), None);
    assert!(stdout(&output).contains("--c:rgb(18 52 86)"), "{}", stdout(&output));
    dir.write("spinlint.toml", "disable = [\"desk-standards\"]\n");
    let output = spinlint_in(&["check", "--format", "json", "--rules", "rules", "a.txt"], Some(dir.path()), None);
    assert_eq!(json(&output)["diagnostics"].as_array().map(Vec::len), Some(0), "{}", stderr(&output));
    let output = spinlint_in(&["test", "rules"], Some(dir.path()), None);
    assert_eq!(output.status.code(), Some(0), "spinlint test reads the folder too: {}", stderr(&output));
}

/// Misspelt keys and values get a did-you-mean.
#[test]
fn misspelt_keys_and_values_are_suggested() {
    let dir = TempDir::new("misspelt-key");
    dir.write("rules/r.toml", "id = \"x-rule\"\ncategory = \"doubt\"\nsevrity = \"warning\"\nmessage = \"m\"\nhelp = \"h\"\nphrases = [\"a b\"]\n");
    dir.write("a.txt", "Hello.\n");
    let output = spinlint_in(&["check", "--rules", "rules", "a.txt"], Some(dir.path()), None);
    assert!(stderr(&output).contains("did you mean `severity`?"), "{}", stderr(&output));
    dir.write("rules/r.toml", "id = \"x-rule\"\ncategory = \"doubt\"\nseverity = \"warn\"\nmessage = \"m\"\nhelp = \"h\"\nphrases = [\"a b\"]\n");
    let output = spinlint_in(&["check", "--rules", "rules", "a.txt"], Some(dir.path()), None);
    assert!(stderr(&output).contains("did you mean `warning`?"), "{}", stderr(&output));
}

/// A value of the wrong type or an unknown key stops serde at once; the file's other problems
/// (in the same rule or the next) are still reported, in the file's order, without echoes of
/// the first (no "matches nothing" for a rule whose `phrases` had the wrong type).
#[test]
fn a_type_error_does_not_hide_the_files_other_problems() {
    let dir = TempDir::new("type-error");
    dir.write(
        "rules/many.toml",
        "[[rule]]\nid = \"first-rule\"\ncategory = \"doubt\"\nseverity = \"warning\"\nmessage = 3\nhelp = \"h\"\n\
         phrases = [\"a b\"]\nflagg = [\"x\"]\n\n[[rule]]\nid = \"second-rule\"\ncategory = \"vague-sources\"\n\
         severity = \"warning\"\nmessage = \"m\"\nhelp = \"h\"\nphrases = \"not a list\"\n",
    );
    dir.write("a.txt", "Hello.\n");
    let output = spinlint_in(&["check", "--rules", "rules", "a.txt"], Some(dir.path()), None);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    let positions: Vec<&str> = err.lines().filter_map(|l| l.trim().strip_prefix("--> rules/many.toml:")).collect();
    assert_eq!(positions, ["5:11", "8:1", "12:12", "16:11"], "{err}");
    assert!(err.contains("4 problems"), "{err}");
    assert!(!err.contains("matches nothing"), "{err}");

    dir.write(
        "rules/many.toml",
        "id = \"one-rule\"\ncategory = \"vague-sources\"\nseverity = \"warn\"\nmessage = \"m\"\nhelp = \"h\"\n\
         phrases = [\"a b\"]\nflagg = [\"x\"]\n",
    );
    let output = spinlint_in(&["check", "--rules", "rules", "a.txt"], Some(dir.path()), None);
    let err = stderr(&output);
    let positions: Vec<&str> = err.lines().filter_map(|l| l.trim().strip_prefix("--> rules/many.toml:")).collect();
    assert_eq!(positions, ["2:12", "3:12", "7:1"], "{err}");
}
