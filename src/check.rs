//! A check run: find the files, read, parse and lint each, collect the report.

use crate::document::Document;
use crate::error::Error;
use crate::input;
use crate::lint::{lint_with, Selection};
use crate::report::{FileError, FileResult, Report};
use crate::rules::RuleSet;
use std::path::{Path, PathBuf};

/// Extensions linted when walking a folder.
pub const DEFAULT_EXTENSIONS: &[&str] = &["txt", "md", "markdown"];

#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub lossy: bool,
}

/// One input: a path, or standard input's text.
#[derive(Debug, Clone)]
pub enum Input {
    Path(PathBuf),
    Stdin(String),
}

/// The files under `paths`: files as named, folders walked (honouring `.gitignore`).
/// Problems (a missing path, an unreadable folder) are collected, the walk goes on.
pub fn discover(paths: &[PathBuf], errors: &mut Vec<FileError>, notes: &mut Vec<String>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if !path.exists() {
            errors.push(FileError {
                path: path.display().to_string(),
                message: Error::NotFound { path: path.clone() }.to_string(),
            });
            continue;
        }
        if !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        let walker = ignore::WalkBuilder::new(path).hidden(true).follow_links(false).require_git(false).build();
        let mut found = Vec::new();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    let p = entry.path();
                    if entry.file_type().is_some_and(|t| t.is_file()) && has_default_extension(p) {
                        found.push(p.to_path_buf());
                    }
                }
                Err(error) => notes.push(format!("skipped: {error}")),
            }
        }
        found.sort();
        files.extend(found);
    }
    files
}

fn has_default_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| DEFAULT_EXTENSIONS.iter().any(|d| e.eq_ignore_ascii_case(d)))
}

/// Lints one text.
pub fn lint_text(
    path: String,
    text: String,
    replacements: Vec<(usize, usize, usize)>,
    rules: &RuleSet,
    selection: &Selection,
) -> FileResult {
    let findings = {
        let doc = Document::parse(&text);
        lint_with(&doc, rules, selection)
    };
    FileResult::new(path, text, findings, replacements)
}

/// Reads and lints one file.
pub fn lint_path(
    path: &Path,
    rules: &RuleSet,
    selection: &Selection,
    options: &CheckOptions,
) -> Result<FileResult, Error> {
    let text = input::read_article(path, options.lossy)?;
    Ok(lint_text(path.display().to_string(), text.text, text.replacements, rules, selection))
}

pub fn run(inputs: &[Input], rules: &RuleSet, options: &CheckOptions) -> Report {
    let selection = Selection::defaults(rules);
    let mut report = Report::default();
    let paths: Vec<PathBuf> =
        inputs.iter().filter_map(|i| if let Input::Path(p) = i { Some(p.clone()) } else { None }).collect();
    let files = discover(&paths, &mut report.errors, &mut report.notes);
    for input in inputs {
        if let Input::Stdin(text) = input {
            report.files.push(lint_text("-".into(), text.clone(), Vec::new(), rules, &selection));
        }
    }
    for path in files {
        match lint_path(&path, rules, &selection, options) {
            Ok(result) => report.files.push(result),
            Err(error) => {
                report.errors.push(FileError { path: path.display().to_string(), message: error.to_string() })
            }
        }
    }
    report
}
