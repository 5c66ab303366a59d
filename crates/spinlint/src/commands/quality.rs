//! `spinlint quality`: how the rules do on annotated articles. The folder says which kind:
//! - `text/` and `ann/` (brat standoff, as `scripts/dev-corpora.sh` builds PolNeAR): who said
//!   what, and false alarms of `quote-unattributed`;
//! - `articles/` and `labels/` (SemEval-2020 technique spans): findings against propaganda
//!   techniques, through a technique -> category map;
//! - `*.expected.toml` (the fixtures): precision and recall per category.

use crate::cli::RuleArgs;
use crate::exit::Error;
use rayon::prelude::*;
use spinlint_core::document::Document;
use spinlint_core::quality::attribution::AttributionScore;
use spinlint_core::quality::brat::{parse_attributions, parse_technique_labels};
use spinlint_core::quality::techniques::{TechniqueMap, TechniqueScore, DEFAULT_MAP};
use spinlint_core::text::read_text;
use spinlint_core::Engine;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What `spinlint quality` reads, for the errors that say it.
const KINDS: &str = "articles with *.expected.toml beside them (the fixtures), text/ and ann/ (brat attributions, as scripts/dev-corpora.sh builds PolNeAR), or articles/ and labels/ (SemEval-2020 technique spans)";

/// The repository's annotated fixtures, the folder measured when none is given.
const FIXTURES: &str = "fixtures/quality";

pub fn run(args: &RuleArgs, dir: Option<&Path>, verbose: bool, techniques: Option<&Path>) -> Result<ExitCode, Error> {
    let dir = match dir {
        Some(dir) if dir.is_dir() => dir.to_path_buf(),
        Some(dir) => {
            return Err(Error::Usage(format!(
                "{}: no such folder; give a folder of annotated articles: {KINDS}",
                dir.display()
            )))
        }
        // From any folder of the repository, as `cargo test` runs from any of its crates.
        None => std::env::current_dir()
            .ok()
            .and_then(|here| here.ancestors().map(|folder| folder.join(FIXTURES)).find(|dir| dir.is_dir()))
            .ok_or_else(|| {
                Error::Usage(format!(
                    "no {FIXTURES} in this folder or above it (outside spinlint's repository); give a folder of \
                     annotated articles: {KINDS}"
                ))
            })?,
    };
    let dir = dir.as_path();
    let engine = super::engine(args, None, Default::default())?;
    if dir.join("text").is_dir() && dir.join("ann").is_dir() {
        return attributions(&engine, dir, verbose);
    }
    if dir.join("articles").is_dir() && dir.join("labels").is_dir() {
        let map = match techniques {
            Some(path) => TechniqueMap::parse(&read_text(path)?),
            None => TechniqueMap::parse(DEFAULT_MAP),
        }
        .map_err(|e| Error::Usage(format!("technique map: {e}")))?;
        return technique_spans(&engine, dir, &map, verbose);
    }
    let annotated = files(dir, "toml")?.iter().any(|p| p.to_string_lossy().ends_with(".expected.toml"));
    if !annotated {
        // Scores of nothing read as perfect ones.
        return Err(Error::Usage(format!("{}: no annotated articles; a folder holds {KINDS}", dir.display())));
    }
    fixtures(&engine, dir, verbose)
}

/// The files of `folder` with extension `ext`, sorted.
fn files(folder: &Path, ext: &str) -> Result<Vec<PathBuf>, Error> {
    let entries = std::fs::read_dir(folder).map_err(|source| Error::Io { path: folder.to_path_buf(), source })?;
    let mut paths: Vec<PathBuf> =
        entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == ext)).collect();
    paths.sort();
    Ok(paths)
}

fn stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

fn attributions(engine: &Engine, dir: &Path, verbose: bool) -> Result<ExitCode, Error> {
    let texts = files(&dir.join("text"), "txt")?;
    let scored: Vec<Result<AttributionScore, Error>> = texts
        .par_iter()
        .map(|path| {
            let name = stem(path);
            let text = read_text(path)?;
            let ann = read_text(&dir.join("ann").join(format!("{name}.ann")))?;
            let gold = parse_attributions(&ann, &text).map_err(|e| Error::Usage(format!("{name}.ann: {e}")))?;
            let doc = Document::parse(&text);
            let result = engine.lint(path.display().to_string(), Some(path), text.as_str());
            let mut score = AttributionScore::default();
            score.add(&name, &text, &gold, &doc, &result.findings);
            Ok(score)
        })
        .collect();
    let mut total = AttributionScore::default();
    for score in scored {
        total.merge(score?);
    }
    super::print(|out| {
        if verbose {
            for (article, line, method, found, gold) in &total.wrong {
                writeln!(out, "speaker {article}:{line} by {method} found {found:?}, annotated {gold:?}")?;
            }
            for (article, line) in &total.false_alarms {
                writeln!(out, "alarm   {article}:{line} quote-unattributed on an attributed quotation")?;
            }
        }
        write!(out, "{}", total.table())?;
        writeln!(out, "{} articles", total.articles)
    })?;
    Ok(ExitCode::SUCCESS)
}

fn technique_spans(engine: &Engine, dir: &Path, map: &TechniqueMap, verbose: bool) -> Result<ExitCode, Error> {
    let mut score = TechniqueScore::default();
    for path in files(&dir.join("articles"), "txt")? {
        let name = stem(&path);
        let text = read_text(&path)?;
        let labels = read_text(&dir.join("labels").join(format!("{name}.labels")))?;
        let spans = parse_technique_labels(&labels, &text).map_err(|e| Error::Usage(format!("{name}.labels: {e}")))?;
        let result = engine.lint(path.display().to_string(), Some(&path), text.as_str());
        score.add(&name, &text, &spans, &result.findings, map);
    }
    super::print(|out| {
        if verbose {
            for (article, category, text) in &score.false_findings {
                writeln!(out, "false  {category:<26} {article} {text:?}")?;
            }
        }
        write!(out, "{}", score.table())
    })?;
    Ok(ExitCode::SUCCESS)
}

fn fixtures(engine: &Engine, dir: &Path, verbose: bool) -> Result<ExitCode, Error> {
    let evaluation = spinlint_core::quality::evaluate(dir, engine.rules()).map_err(Error::Usage)?;
    super::print(|out| {
        if verbose {
            for miss in &evaluation.false_findings {
                writeln!(
                    out,
                    "false  {:<26} {}:{} [{}] {:?}",
                    miss.category,
                    miss.article.display(),
                    miss.line,
                    miss.rule.as_deref().unwrap_or(""),
                    miss.text
                )?;
            }
            for miss in &evaluation.missed {
                writeln!(out, "missed {:<26} {}:{} {:?}", miss.category, miss.article.display(), miss.line, miss.text)?;
            }
        }
        write!(out, "{}", evaluation.table())?;
        writeln!(
            out,
            "{} articles; neutral: {} articles, {} words, {} warnings ({:.2} per 2,000 words)",
            evaluation.articles,
            evaluation.neutral_articles,
            evaluation.neutral_words,
            evaluation.neutral_warnings,
            evaluation.neutral_warning_rate()
        )
    })?;
    Ok(ExitCode::SUCCESS)
}
