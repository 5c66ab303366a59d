//! `spinlint quality`: precision and recall per category on annotated articles.

use crate::cli::RuleArgs;
use crate::exit::Error;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn run(args: &RuleArgs, dir: &Path, verbose: bool) -> Result<ExitCode, Error> {
    let engine = super::engine(args, None, Default::default())?;
    let evaluation = spinlint_core::quality::evaluate(dir, engine.rules()).map_err(Error::Usage)?;
    let mut out = std::io::stdout().lock();
    if verbose {
        for miss in &evaluation.false_findings {
            let _ = writeln!(
                out,
                "false  {:<26} {}:{} [{}] {:?}",
                miss.category,
                miss.article.display(),
                miss.line,
                miss.rule.as_deref().unwrap_or(""),
                miss.text
            );
        }
        for miss in &evaluation.missed {
            let _ =
                writeln!(out, "missed {:<26} {}:{} {:?}", miss.category, miss.article.display(), miss.line, miss.text);
        }
    }
    let _ = write!(out, "{}", evaluation.table());
    let _ = writeln!(
        out,
        "{} articles; neutral: {} articles, {} words, {} warnings ({:.2} per 2,000 words)",
        evaluation.articles,
        evaluation.neutral_articles,
        evaluation.neutral_words,
        evaluation.neutral_warnings,
        evaluation.neutral_warning_rate()
    );
    Ok(ExitCode::SUCCESS)
}
