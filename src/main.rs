//! The command line: a thin layer over the library. Errors become messages and exit codes here
//! and nowhere else: 0 clean, 1 findings, 2 usage, configuration or I/O errors.

use clap::{Args, Parser, Subcommand, ValueEnum};
use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};
use spinlint::baseline::Baseline;
use spinlint::check::{self, CheckOptions, Engine, Input};
use spinlint::config::{self, Config};
use spinlint::document::Document;
use spinlint::finding::Severity;
use spinlint::report::{self, FileResult, Format, Report, Tally};
use spinlint::rules::{examples, Problem, RuleSet, RuleSource};
use spinlint::Error;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A line on standard error. When standard error is closed (`spinlint ... 2>&1 | head`), the
/// line is dropped: `eprintln!` would panic there.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// `say!` without the line end (the progress line redraws itself).
macro_rules! say_inline {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

#[derive(Parser)]
#[command(
    name = "spinlint",
    version,
    about = "A linter for news articles: flags the rhetorical patterns of disinformation on the exact words."
)]
#[command(
    after_help = "Exit codes: 0 no finding at warning or above, 1 findings, 2 usage, configuration or I/O error.\nExamples:\n  spinlint check draft.md\n  spinlint check --format json articles/\n  spinlint explain no-evidence-none-exists"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct RuleArgs {
    /// A folder of custom rule files (*.toml), added to the built-in rules. Repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    rules: Vec<PathBuf>,
    /// The configuration file (default: spinlint.toml in this folder or the nearest parent).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Ignore any spinlint.toml: built-in defaults only.
    #[arg(long, conflicts_with = "config")]
    isolated: bool,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum FailOn {
    Error,
    Warning,
    Info,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum Encoding {
    /// Only valid UTF-8; anything else is an error naming the file and the byte offset.
    Utf8,
    /// Invalid bytes become U+FFFD; spans still point at the original bytes.
    Lossy,
}

#[derive(Subcommand)]
enum Command {
    /// Lint articles: files, folders (recursive: .txt, .md, .markdown), or - for standard input.
    Check {
        /// Files or folders to lint; `-` reads standard input. Default: the current folder.
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// When to colour the human output (also off when NO_COLOR is set).
        #[arg(long, value_enum, default_value = "auto")]
        color: ColorChoice,
        /// How to read files that are not valid UTF-8.
        #[arg(long, value_enum, default_value = "utf8")]
        encoding: Encoding,
        /// Show only warnings and errors, and no summary when there are none.
        #[arg(long, short)]
        quiet: bool,
        /// Which findings make the exit code 1.
        #[arg(long, value_enum, default_value = "warning")]
        fail_on: FailOn,
        /// Print the number of findings per rule instead of each finding.
        #[arg(long)]
        statistics: bool,
        /// Report only findings that are not in this baseline file.
        #[arg(long, value_name = "FILE")]
        baseline: Option<PathBuf>,
        /// Record the current findings in this baseline file (then report as usual).
        #[arg(long, value_name = "FILE")]
        write_baseline: Option<PathBuf>,
        /// Threads to lint with (default: all cores).
        #[arg(long, short = 'j', value_name = "N")]
        threads: Option<usize>,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Write a commented starter spinlint.toml in the current folder.
    Init {
        /// Overwrite an existing spinlint.toml.
        #[arg(long)]
        force: bool,
    },
    /// Print the document model of an article as JSON: what the parser saw.
    Parse {
        /// The article; `-` reads standard input.
        file: PathBuf,
    },
    /// Run every rule's examples: flag examples must fire on their marked words, pass examples not at all.
    Test {
        /// A folder of custom rules to test with the built-in ones.
        dir: Option<PathBuf>,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// List the rules: id, category, severity, scope, where defined.
    Rules {
        /// Print the literal words the rules look for, one per line (for comparing with grep).
        #[arg(long)]
        phrases: bool,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Measure precision and recall per category on annotated articles (fixtures/quality).
    Quality {
        /// The folder of `*.expected.toml` files.
        #[arg(default_value = "fixtures/quality")]
        dir: PathBuf,
        /// Also list every false and missed finding.
        #[arg(long)]
        verbose: bool,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Explain a rule: what it flags, why it matters, what to do, with examples.
    Explain {
        /// The rule id, as shown in brackets in a diagnostic.
        id: String,
        #[command(flatten)]
        rules: RuleArgs,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            report_error(&error);
            ExitCode::from(2)
        }
    }
}

fn stderr_color() -> termcolor::ColorChoice {
    if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        termcolor::ColorChoice::Auto
    } else {
        termcolor::ColorChoice::Never
    }
}

fn report_error(error: &Error) {
    match error {
        Error::Rules(errors) => {
            for file in &errors.files {
                report_toml_problems(&file.name, &file.text, &file.problems, "invalid rule file");
            }
            let count: usize = errors.files.iter().map(|f| f.problems.len()).sum();
            say!("error: {} in rule files; no article was checked", report::plural(count, "problem"));
        }
        Error::Config(error) => {
            report_toml_problems(
                &error.path.display().to_string(),
                &error.text,
                &error.problems,
                "invalid configuration",
            );
            say!(
                "error: {} in {}; no article was checked",
                report::plural(error.problems.len(), "problem"),
                error.path.display()
            );
        }
        other => say!("error: {other}"),
    }
}

/// Problems in a TOML file as codespan diagnostics pointing at their line and column.
fn report_toml_problems(name: &str, text: &str, problems: &[Problem], what: &str) {
    let mut files = SimpleFiles::new();
    let id = files.add(name, text);
    let mut stream = termcolor::StandardStream::stderr(stderr_color());
    let config = report::human::config();
    for problem in problems {
        let diagnostic = Diagnostic::error()
            .with_message(format!("{what}: {}", first_line(&problem.message)))
            .with_labels(vec![Label::primary(id, problem.span.clone()).with_message(first_line(&problem.message))]);
        let _ = term::emit_to_write_style(&mut stream, &config, &files, &diagnostic);
    }
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or(text).trim().to_string()
}

fn load_config(args: &RuleArgs) -> Result<Config, Error> {
    if args.isolated {
        return Ok(Config::defaults(Path::new(".")));
    }
    let path = match &args.config {
        Some(path) if !path.is_file() => {
            return Err(Error::Usage(format!("--config {}: no such file", path.display())))
        }
        Some(path) => Some(path.clone()),
        None => Config::discover(Path::new(".")),
    };
    match path {
        Some(path) => Config::load(&path),
        None => Ok(Config::defaults(Path::new("."))),
    }
}

/// The rules and configuration: built-in rules, the config's rule folders, `--rules` folders.
fn load_engine(args: &RuleArgs, extra: Option<&PathBuf>) -> Result<Engine, Error> {
    let config = load_config(args)?;
    let mut dirs: Vec<PathBuf> = config.rule_dirs.clone();
    dirs.extend(args.rules.iter().cloned());
    dirs.extend(extra.cloned());
    let rules = load_rule_dirs(&dirs)?;
    config.validate(&rules)?;
    Ok(Engine::new(rules, config))
}

fn load_rules(args: &RuleArgs, extra: Option<&PathBuf>) -> Result<RuleSet, Error> {
    load_engine(args, extra).map(|engine| engine.rules)
}

fn load_rule_dirs(dirs: &[PathBuf]) -> Result<RuleSet, Error> {
    let mut sources = RuleSource::builtin();
    for dir in dirs {
        if !dir.is_dir() {
            return Err(Error::Usage(format!("--rules {}: not a folder of rule files", dir.display())));
        }
        sources.extend(RuleSource::from_dir(dir)?);
    }
    Ok(RuleSet::load(sources)?)
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    match cli.command {
        Command::Check {
            paths,
            format,
            color,
            encoding,
            quiet,
            fail_on,
            statistics,
            baseline,
            write_baseline,
            threads,
            rules,
        } => {
            if threads == Some(0) {
                return Err(Error::Usage("--threads must be at least 1".into()));
            }
            if let Some(threads) = threads {
                // Everything parallel in the run (rule compilation, sections, reports) stays in it.
                rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build_global()
                    .map_err(|e| Error::Usage(format!("cannot start {threads} threads: {e}")))?;
            }
            let engine = load_engine(&rules, None)?;
            let mut inputs = Vec::new();
            let paths = if paths.is_empty() { vec![PathBuf::from(".")] } else { paths };
            for path in paths {
                if path.as_os_str() == "-" {
                    inputs.push(Input::Stdin(read_stdin_text(matches!(encoding, Encoding::Lossy))?));
                } else {
                    inputs.push(Input::Path(path));
                }
            }
            let baseline = match &baseline {
                Some(path) => {
                    let text = spinlint::input::read_text(path)?;
                    Some(
                        serde_json::from_str::<Baseline>(&text)
                            .map_err(|e| Error::Usage(format!("{}: not a spinlint baseline: {e}", path.display())))?,
                    )
                }
                None => None,
            };
            let options = CheckOptions { lossy: matches!(encoding, Encoding::Lossy), threads, baseline };
            let progress = Progress::new();
            let show = |done: usize, total: usize| {
                if let Some(progress) = &progress {
                    progress.show(done, total);
                }
            };
            let color = match color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            };
            let stdout = std::io::stdout();
            // JSON and annotations for a pipe or a file are written as the files come: a run over
            // an archive of thousands of articles holds a few of them at a time. A terminal gets
            // its report whole, after the progress line; so does a run that writes a baseline,
            // which must not leave half a report behind if the baseline cannot be written.
            let streaming = !stdout.is_terminal() && write_baseline.is_none();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let mut sink = match format {
                Format::Json if streaming => {
                    Sink::Json(report::json::JsonWriter::start(&mut out).map_err(stdout_error)?)
                }
                Format::Github if streaming => Sink::Github,
                _ => Sink::Collect(Vec::new()),
            };
            let mut tally = Tally::default();
            let mut baseline = write_baseline.as_ref().map(|_| Baseline::from_files(&[]));
            let mut on_batch = |mut batch: Vec<FileResult>| -> std::io::Result<()> {
                if quiet {
                    // Quiet hides info findings in every format, not only on screen.
                    for file in &mut batch {
                        file.findings.retain(|f| f.severity >= Severity::Warning);
                    }
                }
                if let Some(baseline) = &mut baseline {
                    baseline.findings.extend(Baseline::from_files(&batch).findings);
                }
                tally.add(&batch);
                match &mut sink {
                    Sink::Json(writer) => writer.files(&mut out, &batch),
                    Sink::Github => report::github::write_files(&batch, &mut out),
                    Sink::Collect(files) => {
                        files.extend(batch);
                        Ok(())
                    }
                }
            };
            let run = check::run_each(&inputs, &engine, &options, Some(&show), &mut on_batch);
            if let Some(progress) = progress {
                progress.finish();
            }
            let mut report = run.map_err(stdout_error)?;
            if let (Some(path), Some(baseline)) = (&write_baseline, &baseline) {
                let json = serde_json::to_string_pretty(baseline).map_err(|e| Error::Usage(e.to_string()))?;
                std::fs::write(path, json + "\n").map_err(|source| Error::Io { path: path.clone(), source })?;
                say!("info: wrote {} to {}", report::plural(baseline.findings.len(), "finding"), path.display());
            }
            match sink {
                Sink::Json(writer) => writer.finish(&mut out, &report.errors).map_err(stdout_error)?,
                Sink::Github => {}
                // Statistics in place of the report, for people.
                Sink::Collect(_) if statistics && format == Format::Human => {
                    report::write_statistics(&tally, &mut out).map_err(stdout_error)?
                }
                Sink::Collect(files) => {
                    report.files = files;
                    emit(&report, &mut out, &engine.rules, format, color, quiet)?;
                }
            }
            out.flush().map_err(stdout_error)?;
            if statistics && format != Format::Human {
                report::write_statistics(&tally, &mut std::io::stderr()).map_err(stdout_error)?;
            }
            for error in &report.errors {
                say!("error: {}", error.message);
            }
            if !quiet {
                for note in &report.notes {
                    say!("info: {note}");
                }
            }
            let code = exit_code(&tally, &report, fail_on);
            // The process ends here: the system takes the memory back at once, while freeing
            // every compiled rule and finding one by one would take a noticeable part of a
            // short run.
            std::mem::forget(engine);
            std::mem::forget(report);
            Ok(code)
        }
        Command::Init { force } => {
            let path = PathBuf::from(config::FILE_NAME);
            if path.exists() && !force {
                return Err(Error::Usage(format!("{} already exists; use --force to overwrite it", path.display())));
            }
            std::fs::write(&path, config::STARTER).map_err(|source| Error::Io { path: path.clone(), source })?;
            println!("wrote {}", path.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Parse { file } => {
            let text = if file.as_os_str() == "-" { read_stdin()? } else { spinlint::input::read_text(&file)? };
            let doc = Document::parse(&text);
            let json = serde_json::to_string_pretty(&doc.to_model()).map_err(|e| Error::Usage(e.to_string()))?;
            println!("{json}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Test { dir, rules } => {
            let set = load_rules(&rules, dir.as_ref())?;
            let outcome = examples::run_examples(&set);
            let mut out = std::io::stdout().lock();
            for failure in &outcome.failures {
                let _ = writeln!(out, "FAIL {} ({})", failure.rule, failure.origin);
                let _ = writeln!(out, "  example:  {}", examples::mark(&failure.text, &failure.expected));
                let _ = writeln!(
                    out,
                    "  fired on: {}",
                    if failure.found.is_empty() {
                        "nothing".to_string()
                    } else {
                        examples::mark(&failure.text, &failure.found)
                    }
                );
            }
            let _ = writeln!(out, "{} rules tested", set.rules.len());
            let _ = writeln!(out, "{} passed, {} failed", outcome.passed, outcome.failures.len());
            Ok(if outcome.failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Rules { phrases, rules } => {
            let set = load_rules(&rules, None)?;
            let mut out = std::io::stdout().lock();
            if phrases {
                for word in set.anchor_words() {
                    let _ = writeln!(out, "{word}");
                }
                return Ok(ExitCode::SUCCESS);
            }
            let width = set.rules.iter().map(|r| r.id.len()).max().unwrap_or(10);
            let _ = writeln!(
                out,
                "# {:<w$}  {:<26}  {:<8}  {:<12}  {:<11}  defined in",
                "id",
                "category",
                "severity",
                "scope",
                "kind",
                w = width - 2
            );
            for rule in &set.rules {
                let enabled = if rule.enabled { "" } else { " (off by default)" };
                let _ = writeln!(
                    out,
                    "{:<width$}  {:<26}  {:<8}  {:<12}  {:<11}  {}:{}{enabled}",
                    rule.id,
                    rule.category,
                    rule.severity.as_str(),
                    rule.scope_names(),
                    rule.kind_name(),
                    rule.origin,
                    rule.line
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Quality { dir, verbose, rules } => {
            let set = load_rules(&rules, None)?;
            let evaluation =
                spinlint::quality::evaluate(&dir, &set, spinlint::rules::CATEGORIES).map_err(Error::Usage)?;
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
                    let _ = writeln!(
                        out,
                        "missed {:<26} {}:{} {:?}",
                        miss.category,
                        miss.article.display(),
                        miss.line,
                        miss.text
                    );
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
        Command::Explain { id, rules } => {
            let set = load_rules(&rules, None)?;
            let Some(rule) = set.get(&id) else {
                let close: Vec<&str> = set
                    .rules
                    .iter()
                    .map(|r| &*r.id)
                    .filter(|r| r.contains(id.as_str()) || id.contains(*r))
                    .take(5)
                    .collect();
                let hint = if close.is_empty() {
                    "see `spinlint rules`".to_string()
                } else {
                    format!("did you mean {}?", close.join(", "))
                };
                return Err(Error::Usage(format!("no rule `{id}`: {hint}")));
            };
            print!("{}", explain(rule));
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn explain(rule: &spinlint::rules::Rule) -> String {
    let mut out = String::new();
    let _ = std::fmt::Write::write_fmt(&mut out, format_args!("{}\n", rule.id));
    let mut line = |label: &str, value: &str| out.push_str(&format!("  {label:<10} {value}\n"));
    line("category", &rule.category);
    line("severity", &format!("{} (in an attributed quotation: {})", rule.severity, rule.quoted_severity));
    line("scope", &rule.scope_names());
    line("kind", rule.kind_name());
    line("enabled", if rule.enabled { "yes" } else { "no (enable it in spinlint.toml)" });
    line("defined", &format!("{}:{}", rule.origin, rule.line));
    out.push_str(&format!("\nMessage\n  {}\n", rule.message));
    if let Some(rationale) = &rule.rationale {
        out.push_str(&format!("\nWhy it matters\n  {}\n", rationale.trim()));
    }
    out.push_str(&format!("\nWhat to do\n  {}\n", rule.help.trim()));
    if !rule.flag.is_empty() {
        out.push_str("\nFlags\n");
        for example in &rule.flag {
            out.push_str(&format!("  - {}\n", examples::mark(&example.text, &example.expected)));
        }
    }
    if !rule.pass.is_empty() {
        out.push_str("\nDoes not flag\n");
        for example in &rule.pass {
            out.push_str(&format!("  - {}\n", example.text));
        }
    }
    if !rule.links.is_empty() {
        out.push_str("\nRead more\n");
        for link in &rule.links {
            out.push_str(&format!("  {link}\n"));
        }
    }
    out
}

fn read_stdin_text(lossy: bool) -> Result<spinlint::input::Text, Error> {
    let mut bytes = Vec::new();
    std::io::stdin().read_to_end(&mut bytes).map_err(|source| Error::Io { path: "-".into(), source })?;
    spinlint::input::decode(std::path::Path::new("-"), bytes, lossy)
}

fn read_stdin() -> Result<String, Error> {
    read_stdin_text(false).map(|t| t.text.into_string())
}

/// Where a check's files go as they are linted.
enum Sink {
    /// Written as they come.
    Json(report::json::JsonWriter),
    Github,
    /// Held for a report written whole at the end.
    Collect(Vec<FileResult>),
}

/// Writes a report held whole (the formats and outputs that are not written as files come).
fn emit(
    report: &Report,
    out: &mut dyn Write,
    rules: &RuleSet,
    format: Format,
    color: bool,
    quiet: bool,
) -> Result<(), Error> {
    match format {
        Format::Human => report::human::write(report, out, color, quiet),
        Format::Json => report::json::write(report, out),
        Format::Sarif => report::sarif::write(report, rules, out),
        Format::Github => report::github::write(report, out),
        Format::Junit => report::junit::write(report, out),
        Format::Html => report::html::write(report, out),
    }
    .map_err(stdout_error)
}

fn stdout_error(source: std::io::Error) -> Error {
    Error::Io { path: "<stdout>".into(), source }
}

fn exit_code(tally: &Tally, report: &Report, fail_on: FailOn) -> ExitCode {
    if !report.errors.is_empty() {
        return ExitCode::from(2);
    }
    let counts = tally.counts;
    let failing = match fail_on {
        FailOn::Error => counts.errors,
        FailOn::Warning => counts.errors + counts.warnings,
        FailOn::Info => counts.errors + counts.warnings + counts.infos,
    };
    if failing > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// A progress line on standard error for runs over a second, only on a terminal.
struct Progress {
    start: std::time::Instant,
    shown: std::sync::atomic::AtomicBool,
}

impl Progress {
    fn new() -> Option<Progress> {
        std::io::stderr().is_terminal().then(|| Progress { start: std::time::Instant::now(), shown: false.into() })
    }

    fn show(&self, done: usize, total: usize) {
        if self.start.elapsed() < std::time::Duration::from_secs(1) || total < 2 {
            return;
        }
        // Redraw at most every 1% (and on the last file).
        if done != total && !done.is_multiple_of((total / 100).max(1)) {
            return;
        }
        self.shown.store(true, std::sync::atomic::Ordering::Relaxed);
        let width = 30;
        let filled = done * width / total.max(1);
        say_inline!("\r[{}{}] {done}/{total} files", "#".repeat(filled), " ".repeat(width - filled));
    }

    fn finish(&self) {
        if self.shown.load(std::sync::atomic::Ordering::Relaxed) {
            say_inline!("\r{}\r", " ".repeat(60));
        }
    }
}
