//! `spinlint check`: lint articles and report, in the format asked for.

use crate::cli::{CheckArgs, CheckInputFormat, ColorChoice, Encoding, FailOn};
use crate::exit::{say, stdout_error, Error, FAILURE, FINDINGS};
use crate::progress::Progress;
use crate::records;
use crate::run::{run_each, CheckOptions, Input};
use spinlint_core::config::CallerSelection;
use spinlint_core::finding::Severity;
use spinlint_core::suppress::Baseline;
use spinlint_core::{FileResult, Options};
use spinlint_report::{plural, write_statistics, End, Records, Settings, Tally};
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
    let mut sources = Vec::new();
    let jsonl = args.input_format == Some(CheckInputFormat::Jsonl);
    if jsonl && args.id_field == args.text_field {
        return Err(Error::Usage(format!("--id-field and --text-field are both `{}`", args.id_field)));
    }
    let paths = if args.paths.is_empty() && !jsonl { vec![PathBuf::from(".")] } else { args.paths };
    if paths.is_empty() {
        return Err(Error::Usage("--input-format jsonl reads the files named, or - for standard input".into()));
    }
    let config = engine.config();
    let excluded = |path: &std::path::Path| args.force_exclude && config.is_excluded(path);
    for path in paths {
        if jsonl {
            // Records are read as a stream, as the run goes.
            if path.as_os_str() == "-" {
                // Named by --stdin-filename, standard input's records get its overrides and
                // exclusion as a file's would.
                if args.stdin_filename.as_deref().is_some_and(excluded) {
                    continue;
                }
                sources.push(records::Source::Stdin { name: args.stdin_filename.clone() });
            } else if !excluded(&path) {
                sources.push(records::Source::Path(path));
            }
        } else if path.as_os_str() == "-" {
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
    let format = args.input_format.and_then(|f| f.format());
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
        let named = inputs
            .iter()
            .filter_map(|input| match input {
                Input::Path(path) => path.canonicalize().ok(),
                Input::Stdin { .. } => None,
            })
            .chain(sources.iter().filter_map(|source| match source {
                records::Source::Path(path) => path.canonicalize().ok(),
                records::Source::Stdin { .. } => None,
            }));
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
    let mut on_batch = |mut batch: Batch| -> std::io::Result<()> {
        let files = match &mut batch {
            Batch::Files(files) => files,
            Batch::Records(records) => &mut records.files,
        };
        if let Some(recorded) = &mut recorded {
            recorded.findings.extend(Baseline::from_files(files, engine.config()).findings);
            if args.quiet {
                for file in files.iter_mut() {
                    file.findings.retain(|finding| finding.severity >= Severity::Warning);
                }
            }
        }
        tally.add(files);
        match (&mut emitter, batch) {
            (Some(emitter), Batch::Files(files)) => emitter.files(&mut out, files),
            (Some(emitter), Batch::Records(records)) => emitter.records(&mut out, records),
            (None, _) => Ok(()),
        }
    };
    let run = if jsonl {
        let fields = records::Fields {
            id: args.id_field.clone(),
            text: args.text_field.clone(),
            max_bytes: args.max_record_bytes,
        };
        records::run(&sources, &engine, &options, &fields, &mut |records| on_batch(Batch::Records(records)))
    } else {
        run_each(&inputs, &engine, &options, Some(&show), &mut |files| on_batch(Batch::Files(files)))
    };
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

/// What a run hands on: linted files, or records of a JSON Lines input.
enum Batch {
    Files(Vec<FileResult>),
    Records(Records),
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
