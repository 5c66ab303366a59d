//! The engine's errors as the command line words them: a problem in a configuration or a rule
//! file at its line and column (the command line draws it under the line; here it is one line
//! each), then the command line's last line; any other error as its message.

use spinlint_core::rules::Problem;
use spinlint_core::Error;

pub fn message(error: &Error) -> String {
    match error {
        Error::Rules(errors) => {
            let mut lines = Vec::new();
            for file in &errors.files {
                lines.extend(problems(&file.name, &file.text, &file.problems, "invalid rule file"));
            }
            let count = errors.files.iter().map(|f| f.problems.len()).sum();
            lines.push(format!("{} in rule files; no article was checked", plural(count, "problem")));
            lines.join("\n")
        }
        Error::Config(error) => {
            let path = error.path.display().to_string();
            let mut lines = problems(&path, &error.text, &error.problems, "invalid configuration");
            lines.push(format!("{} in {path}; no article was checked", plural(error.problems.len(), "problem")));
            lines.join("\n")
        }
        other => other.to_string(),
    }
}

fn problems(name: &str, text: &str, problems: &[Problem], what: &str) -> Vec<String> {
    problems
        .iter()
        .map(|problem| {
            let at = problem.span.start.min(text.len());
            let before = text.get(..at).unwrap_or("");
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            let message = problem.message.lines().next().unwrap_or("").trim();
            format!("{name}:{line}:{column}: {what}: {message}")
        })
        .collect()
}

fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("1 {word}")
    } else {
        format!("{count} {word}s")
    }
}
