//! Measured quality: precision and recall per category over the annotated fixtures, and few
//! warnings on neutral wire copy. `spinlint quality` prints the same table.

use spinlint_core::category;
use spinlint_core::quality::evaluate;
use spinlint_core::rules::RuleSet;
use spinlint_suite::root;

#[test]
fn precision_and_recall_over_the_annotated_articles() {
    let rules = RuleSet::builtin().unwrap();
    let evaluation = evaluate(&root().join("fixtures/quality"), &rules).unwrap();
    println!("{}", evaluation.table());
    // The five seeds and at least 30 articles written for the project.
    assert!(evaluation.articles >= 35, "{} annotated articles", evaluation.articles);
    for category in category::builtin() {
        let name = &category.name;
        assert!(evaluation.by_category[name].expected > 0, "no expected finding of {name}");
    }
    let overall = evaluation.overall();
    assert!(overall.precision() >= 0.9, "precision {:.3} < 0.9\n{}", overall.precision(), evaluation.table());
    assert!(overall.recall() >= 0.8, "recall {:.3} < 0.8\n{}", overall.recall(), evaluation.table());
}

#[test]
fn neutral_articles_raise_at_most_one_warning_per_2000_words() {
    let rules = RuleSet::builtin().unwrap();
    let evaluation = evaluate(&root().join("fixtures/quality"), &rules).unwrap();
    assert!(evaluation.neutral_articles >= 10, "{} neutral articles", evaluation.neutral_articles);
    assert!(evaluation.neutral_words >= 5000, "{} neutral words", evaluation.neutral_words);
    assert!(
        evaluation.neutral_warning_rate() <= 1.0,
        "{} warnings in {} neutral words ({:.2} per 2,000)",
        evaluation.neutral_warnings,
        evaluation.neutral_words,
        evaluation.neutral_warning_rate()
    );
}
