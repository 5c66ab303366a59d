//! `spinlint check`: lint articles and report, in the format asked for.

use crate::cli::{CheckArgs, ColorChoice, Encoding, FailOn};
use crate::exit::{say, stdout_error, Error, FAILURE, FINDINGS};
use crate::progress::Progress;
use crate::run::{run_each, CheckOptions, Input};
use spinlint_core::config::CallerSelection;
use spinlint_core::finding::Severity;
use spinlint_core::suppress::Baseline;
use spinlint_core::{FileResult, Options};
use spinlint_report::{plural, write_statistics, End, Settings, Tally};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(args: CheckArgs) -> Result<ExitCode, Error> {
    if args.threads == Some(0) {
        return Err(Error::Usage("--threads must be at least 1".into()));
    }
    let threads = args.threads.map(crate::run::capped_threads);
    if let Some(threads) = threads {
        // Everything parallel in the run (rule compilation, sections, reports) stays in it.
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()
            .map_err(|e| Error::Usage(format!("cannot start {threads} threads: {e}")))?;
    }
    // Quiet hides info findings in every format, not only on screen; a baseline written in a
    // quiet run still records them (they are left out of the report after), or a later run
    // without --quiet would report them all as new.
    let floor = (args.quiet && args.write_baseline.is_none()).then_some(Severity::Warning);
    let selection = CallerSelection { select: args.select.clone(), ignore: args.ignore.clone() };
    let engine = super::engine(&args.rules, None, Options { min_severity: floor, selection, ..Default::default() })?;
    let lossy = matches!(args.encoding, Encoding::Lossy);
    let mut inputs = Vec::new();
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths };
    let config = engine.config();
    let excluded = |path: &std::path::Path| args.force_exclude && config.is_excluded(path);
    for path in paths {
        if path.as_os_str() == "-" {
            // Read whole even when excluded: the writer at the other end expects it taken.
            let bytes = crate::read::read_stdin_bytes()?;
            if args.stdin_filename.as_deref().is_some_and(excluded) {
                continue;
            }
            inputs.push(Input::Stdin { bytes, name: args.stdin_filename.clone() });
        } else if !excluded(&path) {
            inputs.push(Input::Path(path));
        }
    }
    let baseline = match &args.baseline {
        Some(path) => Some((path.clone(), crate::baseline::read(path)?)),
        None => None,
    };
    let format = args.input_format.map(|f| f.format());
    let output_file = args.output_file.clone();
    let options = CheckOptions { lossy, threads, baseline, format, output_file };
    let progress = Progress::new();
    let show = |done: usize, total: usize| {
        if let Some(progress) = &progress {
            progress.show(done, total);
        }
    };
    let stdout = std::io::stdout();
    // The report goes to --output-file if given: never a terminal, so no colour (unless asked)
    // and written as the files come.
    let to_terminal = args.output_file.is_none() && stdout.is_terminal();
    let out_error = |source: std::io::Error| match &args.output_file {
        Some(path) => Error::Io { path: path.clone(), source },
        None => stdout_error(source),
    };
    // Creating the report file empties it: never one of the articles named to be linted.
    if let Some(output) = args.output_file.as_ref().and_then(|path| path.canonicalize().ok()) {
        let named = inputs.iter().filter_map(|input| match input {
            Input::Path(path) => path.canonicalize().ok(),
            Input::Stdin { .. } => None,
        });
        if let Some(same) = named.into_iter().find(|path| *path == output) {
            return Err(Error::Usage(format!("--output-file {}: that is an article to lint", same.display())));
        }
    }
    let out: Box<dyn Write> = match &args.output_file {
        Some(path) => Box::new(std::fs::File::create(path).map_err(out_error)?),
        None => Box::new(stdout.lock()),
    };
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => crate::color::auto(to_terminal),
    };
    // A pipe or a file takes the report as the files come (formats that can, stream): a run over
    // an archive of thousands of articles holds a few of them at a time. A terminal gets its
    // report whole, after the progress line; so does a run that writes a baseline, which must
    // not leave half a report behind if the baseline cannot be written.
    let stream = !to_terminal && args.write_baseline.is_none();
    let width = crate::width::columns(to_terminal);
    let settings = Settings { color, quiet: args.quiet, stream, width };
    let is_human = args.format.0.name == spinlint_report::human::FORMAT.name;
    // Statistics in place of the report, for people; beside it on standard error otherwise.
    let mut emitter = (!(args.statistics && is_human)).then(|| (args.format.0.new)(&settings));
    let mut out = std::io::BufWriter::new(out);
    if let Some(emitter) = &mut emitter {
        emitter.begin(&mut out).map_err(&out_error)?;
    }
    let mut tally = Tally::default();
    let mut recorded = args.write_baseline.as_ref().map(|_| Baseline::from_files(&[], engine.config()));
    let mut on_batch = |mut batch: Vec<FileResult>| -> std::io::Result<()> {
        if let Some(recorded) = &mut recorded {
            recorded.findings.extend(Baseline::from_files(&batch, engine.config()).findings);
            if args.quiet {
                for file in &mut batch {
                    file.findings.retain(|finding| finding.severity >= Severity::Warning);
                }
            }
        }
        tally.add(&batch);
        match &mut emitter {
            Some(emitter) => emitter.files(&mut out, batch),
            None => Ok(()),
        }
    };
    let run = run_each(&inputs, &engine, &options, Some(&show), &mut on_batch);
    if let Some(progress) = progress {
        progress.finish();
    }
    let report = run.map_err(&out_error)?;
    if let (Some(path), Some(recorded)) = (&args.write_baseline, &recorded) {
        crate::baseline::write(path, recorded)?;
        if !args.quiet {
            say!("info: wrote {} to {}", plural(recorded.findings.len(), "finding"), path.display());
        }
    }
    let end = End { rules: engine.rules(), errors: &report.errors, notes: &report.notes };
    match &mut emitter {
        Some(emitter) => emitter.finish(&mut out, &end).map_err(&out_error)?,
        None => write_statistics(&tally, &mut out).map_err(&out_error)?,
    }
    out.flush().map_err(&out_error)?;
    if args.statistics && !is_human {
        write_statistics(&tally, &mut std::io::stderr()).map_err(stdout_error)?;
    }
    for error in &report.errors {
        say!("error: {}", error.message);
    }
    if !args.quiet {
        for note in &report.notes {
            say!("info: {note}");
        }
    }
    let code = match exit_code(&tally, !report.errors.is_empty(), args.fail_on) {
        code if args.exit_zero && code == ExitCode::from(FINDINGS) => ExitCode::SUCCESS,
        code => code,
    };
    // The process ends here: the system takes the memory back at once, while freeing every
    // compiled rule and finding one by one would take a noticeable part of a short run.
    std::mem::forget(engine);
    std::mem::forget(emitter);
    std::mem::forget(report);
    Ok(code)
}

fn exit_code(tally: &Tally, file_errors: bool, fail_on: FailOn) -> ExitCode {
    if file_errors {
        return ExitCode::from(FAILURE);
    }
    let counts = tally.counts;
    let failing = match fail_on {
        FailOn::Error => counts.errors,
        FailOn::Warning => counts.errors + counts.warnings,
        FailOn::Info => counts.errors + counts.warnings + counts.infos,
    };
    if failing > 0 {
        ExitCode::from(FINDINGS)
    } else {
        ExitCode::SUCCESS
    }
}
