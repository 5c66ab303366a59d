//! Finding the files to lint: files as named, folders walked (honouring `.gitignore` and the
//! configuration's include/exclude).

use spinlint_core::config::Config;
use spinlint_core::text::TextError;
use spinlint_report::{FileError, Report};
use std::path::PathBuf;

/// A file to lint, and how it was named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub path: PathBuf,
    /// Found by walking a folder: if it turns out to be binary it is skipped with a note, where a
    /// binary file named on the command line is an error.
    pub walked: bool,
    /// Its size in bytes when found (0 if unknown): the files linted at once are held to a total.
    pub size: u64,
}

/// The files under `paths`: files as named, folders walked (honouring `.gitignore` and the
/// config's include/exclude). Problems (a missing path, a symlink loop, an unreadable folder) are
/// collected and the walk goes on. Files are not opened here: each is read once, when linted.
pub fn discover(paths: &[PathBuf], config: &Config, report: &mut Report) -> Vec<Target> {
    let mut files = Vec::new();
    for path in paths {
        let metadata = match std::fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(error) => {
                let message = TextError::io(path, error).to_string();
                report.errors.push(FileError { path: path.display().to_string(), message });
                continue;
            }
        };
        if !metadata.is_dir() {
            files.push(Target { path: path.clone(), walked: false, size: metadata.len() });
            continue;
        }
        let walker = ignore::WalkBuilder::new(path)
            .hidden(true)
            .follow_links(false)
            .git_ignore(config.gitignore)
            .git_exclude(config.gitignore)
            .ignore(config.gitignore)
            .require_git(false)
            .build();
        let mut found = Vec::new();
        let mut files_seen = 0usize;
        for entry in walker {
            match entry {
                Ok(entry) => {
                    let p = entry.path();
                    if entry.path_is_symlink() {
                        // Links are not followed (no loops, no file linted twice); say so.
                        let why = match std::fs::metadata(p) {
                            Ok(target) if target.is_dir() => "a symbolic link to a folder, not followed".to_string(),
                            Ok(_) if !config.is_included(p) => continue,
                            Ok(_) => "a symbolic link, not followed".to_string(),
                            Err(error) => format!("a symbolic link that cannot be followed ({error})"),
                        };
                        report.notes.push(format!("{}: skipped, {why}", p.display()));
                        continue;
                    }
                    let is_file = entry.file_type().is_some_and(|t| t.is_file());
                    files_seen += usize::from(is_file);
                    if is_file && config.is_included(p) && is_word_lock_file(p) {
                        // Word's owner file beside an open document (`~$draft.docx`): not a
                        // document, though its name says `.docx`.
                        report.notes.push(format!("{}: skipped, a Word lock file", p.display()));
                    } else if is_file && config.is_included(p) {
                        found.push(Target {
                            path: p.to_path_buf(),
                            walked: true,
                            size: entry.metadata().map_or(0, |m| m.len()),
                        });
                    }
                }
                Err(error) => report.errors.push(FileError {
                    path: path.display().to_string(),
                    message: format!("{}: {error}", path.display()),
                }),
            }
        }
        if found.is_empty() {
            // "No findings in 0 files" alone reads as a clean run: a glob that matches nothing
            // (a typo in `include`) must say so.
            report.notes.push(nothing_matched(path, files_seen, config));
        }
        found.sort_by(|a, b| a.path.cmp(&b.path));
        files.extend(found);
    }
    files
}

fn is_word_lock_file(path: &std::path::Path) -> bool {
    path.file_name().is_some_and(|name| name.to_string_lossy().starts_with("~$"))
}

/// Why a walked folder gave no file to lint.
fn nothing_matched(folder: &std::path::Path, files_seen: usize, config: &Config) -> String {
    let folder = folder.display();
    if files_seen == 0 {
        return format!("{folder}: nothing matched, no file in this folder (hidden and ignored files are not read)");
    }
    let of =
        if files_seen == 1 { "its one file is not".to_string() } else { format!("none of its {files_seen} files is") };
    let why = match (&config.path, config.include.is_some() || config.exclude.is_some()) {
        (Some(file), true) => format!("by the `include` and `exclude` globs of {}", file.display()),
        _ => "by default, which lints .md, .markdown, .txt, .html, .htm, .xhtml and .docx files (`include` in spinlint.toml lints others)".into(),
    };
    format!("{folder}: nothing matched, {of} included {why}")
}
