//! The rules read from the build's compiled form are the rules compiled from their TOML: the
//! same rule set, field by field (their `Debug` text holds every field, programs and tables
//! included), alone and with a newsroom's rules.

use spinlint_core::parallel::Sequential;
use spinlint_core::rules::{BuiltinRules, RuleSet, RuleSource};
use std::path::Path;

#[test]
fn the_compiled_rules_are_read_not_compiled_again() {
    assert!(spinlint_builtin::RULES.is_current(), "the build's compiled rules do not match the library");
}

#[test]
fn the_compiled_rules_are_the_rules_compiled_from_toml() {
    let read = RuleSet::load_with(spinlint_builtin::RULES, Vec::new(), &Sequential).expect("the compiled rules");
    let compiled = RuleSet::builtin().expect("the built-in rules");
    assert_eq!(read.rules.len(), compiled.rules.len());
    assert_eq!(format!("{read:#?}"), format!("{compiled:#?}"));
}

#[test]
fn a_newsrooms_rules_are_added_to_the_compiled_rules_as_to_the_toml() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/custom-rules");
    let custom = RuleSource::from_dir(&dir).expect("the custom rules of the fixtures");
    assert!(!custom.is_empty());
    let read = RuleSet::load_with(spinlint_builtin::RULES, custom.clone(), &Sequential).expect("with custom rules");
    let compiled = RuleSet::load_with(BuiltinRules::Compile, custom, &Sequential).expect("with custom rules");
    assert!(read.rules.len() > RuleSet::builtin().expect("the built-in rules").rules.len());
    assert_eq!(format!("{read:#?}"), format!("{compiled:#?}"));
    assert_eq!(format!("{:?}", read.declared_categories), format!("{:?}", compiled.declared_categories));
}

#[test]
fn a_custom_rule_with_a_built_in_id_is_reported_as_a_duplicate() {
    let text = "[[rule]]\nid = \"no-evidence-baseless\"\ncategory = \"doubt\"\nseverity = \"warning\"\n\
                message = \"m\"\nhelp = \"h\"\nphrases = [\"zzq\"]\n";
    let source = RuleSource { name: "newsroom.toml".into(), text: text.into(), builtin: false };
    let errors =
        RuleSet::load_with(spinlint_builtin::RULES, vec![source.clone()], &Sequential).expect_err("a duplicate id");
    let compiled = RuleSet::load_with(BuiltinRules::Compile, vec![source], &Sequential).expect_err("a duplicate id");
    assert_eq!(format!("{errors:?}"), format!("{compiled:?}"));
    assert!(format!("{errors:?}").contains("duplicate rule id"), "{errors:?}");
}

#[test]
fn bytes_of_another_build_are_compiled_from_toml_instead() {
    static DAMAGED: [u8; 4] = [1, 2, 3, 4];
    let damaged = BuiltinRules::Compiled(&DAMAGED);
    assert!(!damaged.is_current());
    let set = RuleSet::load_with(damaged, Vec::new(), &Sequential).expect("compiled from TOML instead");
    assert_eq!(format!("{set:#?}"), format!("{:#?}", RuleSet::builtin().expect("the built-in rules")));
}

#[test]
fn a_newsrooms_declared_categories_are_known_to_its_rules_over_the_compiled_rules() {
    let categories = "[[category]]\nname = \"desk-style\"\nlabel = \"against the guide\"\ncolour = \"#123456\"\n\
                      description = \"What the guide forbids.\"\n";
    let rule = "[[rule]]\nid = \"desk-zzq\"\ncategory = \"desk-style\"\nseverity = \"warning\"\n\
                message = \"m\"\nhelp = \"h\"\nphrases = [\"zzq\"]\n";
    let sources = vec![
        RuleSource { name: "desk/categories.toml".into(), text: categories.into(), builtin: false },
        RuleSource { name: "desk/style.toml".into(), text: rule.into(), builtin: false },
    ];
    let read = RuleSet::load_with(spinlint_builtin::RULES, sources.clone(), &Sequential).expect("with a category");
    let compiled = RuleSet::load_with(BuiltinRules::Compile, sources, &Sequential).expect("with a category");
    assert_eq!(read.declared_categories.len(), 1);
    assert_eq!(format!("{:?}", read.declared_categories), format!("{:?}", compiled.declared_categories));
    assert_eq!(format!("{read:#?}"), format!("{compiled:#?}"));
}
