//! The command line's arguments (clap).

use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "spinlint",
    version,
    about = "A linter for news articles: flags the rhetorical patterns of disinformation on the exact words."
)]
#[command(
    after_help = "Exit codes: 0 no finding at warning or above, 1 findings, 2 usage, configuration or I/O error.\nExamples:\n  spinlint check draft.md\n  spinlint check --format json articles/\n  spinlint explain no-evidence-none-exists"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Clone)]
pub struct RuleArgs {
    /// A folder of custom rule files (*.toml), added to the built-in rules. Repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// The configuration file (default: spinlint.toml or .spinlint.toml in this folder or the
    /// nearest parent).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore any spinlint.toml: built-in defaults only.
    #[arg(long, conflicts_with = "config")]
    pub isolated: bool,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Encoding {
    /// Only valid UTF-8; anything else is an error naming the file and the byte offset.
    Utf8,
    /// Invalid bytes become U+FFFD; spans still point at the original bytes.
    Lossy,
}

/// The format to read inputs in, whatever their extension.
#[derive(Clone, Copy, ValueEnum)]
pub enum InputFormat {
    /// Plain text (Markdown's headings, quotes and lists are known by their lines).
    Text,
    /// CommonMark with GitHub's tables and footnotes; front matter, code and HTML are skipped.
    Markdown,
    /// An HTML page: its <article> or <main>, else its <body>; scripts, navigation and tags skipped.
    Html,
    /// A Word document: its paragraphs and footnotes; findings are located by paragraph.
    Docx,
}

impl InputFormat {
    pub fn format(self) -> spinlint_formats::Format {
        match self {
            InputFormat::Text => spinlint_formats::Format::Text,
            InputFormat::Markdown => spinlint_formats::Format::Markdown,
            InputFormat::Html => spinlint_formats::Format::Html,
            InputFormat::Docx => spinlint_formats::Format::Docx,
        }
    }
}

/// The format `check` reads its inputs in: an article format, or JSON Lines records.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum CheckInputFormat {
    /// Plain text (Markdown's headings, quotes and lists are known by their lines).
    Text,
    /// CommonMark with GitHub's tables and footnotes; front matter, code and HTML are skipped.
    Markdown,
    /// An HTML page: its <article> or <main>, else its <body>; scripts, navigation and tags skipped.
    Html,
    /// A Word document: its paragraphs and footnotes; findings are located by paragraph.
    Docx,
    /// JSON Lines, as news crawls ship them: an object per line with an id and a plain-text
    /// field (--id-field, --text-field), read as a stream; each record is an article. See
    /// docs/archives.md.
    Jsonl,
}

impl CheckInputFormat {
    /// The article format, or `None` for JSON Lines.
    pub fn format(self) -> Option<spinlint_formats::Format> {
        match self {
            CheckInputFormat::Text => Some(InputFormat::Text.format()),
            CheckInputFormat::Markdown => Some(InputFormat::Markdown.format()),
            CheckInputFormat::Html => Some(InputFormat::Html.format()),
            CheckInputFormat::Docx => Some(InputFormat::Docx.format()),
            CheckInputFormat::Jsonl => None,
        }
    }
}

/// An output format, one of the report crate's registry.
#[derive(Clone, Copy)]
pub struct Format(pub &'static spinlint_report::Format);

impl ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        static VARIANTS: std::sync::OnceLock<Vec<Format>> = std::sync::OnceLock::new();
        VARIANTS.get_or_init(|| spinlint_report::FORMATS.iter().map(|f| Format(f)).collect())
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.name).help(self.0.help))
    }
}

#[derive(Args)]
pub struct CheckArgs {
    /// Files or folders to lint; `-` reads standard input. Default: the current folder.
    pub paths: Vec<PathBuf>,
    /// Output format. The human format cuts each article line it shows to the width, around the
    /// finding: COLUMNS when set, else the terminal's width, else 100 columns.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Write the report to this file instead of standard output (notes and errors still go to
    /// standard error).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// When to colour the human output. auto: on a terminal, unless NO_COLOR is set and not
    /// empty; CLICOLOR_FORCE or FORCE_COLOR (not 0) colour it anywhere.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// How to read files that are not valid UTF-8.
    #[arg(long, value_enum, default_value = "utf8")]
    pub encoding: Encoding,
    /// Read every input in this format (default: by extension: .md and .markdown Markdown, .html,
    /// .htm and .xhtml HTML, .docx Word, anything else plain text). jsonl: each file named (or
    /// `-`) is a stream of records, one JSON object per line; reports name a record `FILE#ID`,
    /// the jsonl format gives `path` and `id`; a bad line is an error on standard error (with
    /// its line number) and is skipped, and makes the exit code 2.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<CheckInputFormat>,
    /// With --input-format jsonl: the field of each record that holds its id (a string or a
    /// number).
    #[arg(long, default_value = "id", value_name = "NAME")]
    pub id_field: String,
    /// With --input-format jsonl: the field of each record that holds its text (a string,
    /// linted as plain text).
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_field: String,
    /// With --input-format jsonl: the longest line read as a record (64 MiB by default); a
    /// longer one is skipped without being held, and reported as a bad line.
    #[arg(long, default_value_t = crate::records::MAX_RECORD_BYTES, value_name = "BYTES")]
    pub max_record_bytes: usize,
    /// The file name standard input stands for: reports show it, the configuration's overrides
    /// apply to it, and its extension gives the format.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
    /// Report only these rules, by category or id (comma-separated or repeated): a category
    /// keeps its rules as the configuration has them, a rule id turns that rule on whatever the
    /// configuration says.
    #[arg(long, value_delimiter = ',', value_name = "RULE|CATEGORY")]
    pub select: Vec<String>,
    /// Do not report these rules, by id or category (comma-separated or repeated), over the
    /// configuration and --select.
    #[arg(long, value_delimiter = ',', value_name = "RULE|CATEGORY")]
    pub ignore: Vec<String>,
    /// Skip files named on the command line (and --stdin-filename) that the configuration's
    /// `exclude` globs match, as a folder's files are: for hooks and editors that pass every
    /// changed file.
    #[arg(long)]
    pub force_exclude: bool,
    /// Show only warnings and errors, and no summary when there are none.
    #[arg(long, short)]
    pub quiet: bool,
    /// Which findings make the exit code 1.
    #[arg(long, value_enum, default_value = "warning")]
    pub fail_on: FailOn,
    /// Exit 0 whatever the findings (a file or configuration error still exits 2).
    #[arg(long, conflicts_with = "fail_on")]
    pub exit_zero: bool,
    /// Print the number of findings per rule instead of each finding. With any format but
    /// human the report is still written, whole, to standard output, and the counts go to
    /// standard error.
    #[arg(long)]
    pub statistics: bool,
    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file (then report as usual).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Threads to lint with (default: all cores; at most 4 per core, as more only slow a run).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Subcommand)]
pub enum Command {
    /// Lint articles: files, folders (recursive: .txt, .md, .markdown, .html, .htm, .xhtml, .docx), or - for standard input.
    Check(CheckArgs),
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
        /// Read it in this format (default: by its extension; plain text for standard input).
        #[arg(long, value_enum, value_name = "FORMAT")]
        input_format: Option<InputFormat>,
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
    /// Measure the rules on annotated articles: fixtures (*.expected.toml), attributions (text/ and ann/, brat), or propaganda techniques (articles/ and labels/).
    Quality {
        /// The folder of annotated articles (see scripts/dev-corpora.sh for the real corpora);
        /// by default the repository's fixtures/quality, found from any of its folders.
        dir: Option<PathBuf>,
        /// Also list every false and missed finding.
        #[arg(long)]
        verbose: bool,
        /// The technique -> category map (TOML `[technique]` table) for technique spans.
        #[arg(long, value_name = "FILE")]
        techniques: Option<PathBuf>,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Serve the live editor page (GET /), a LanguageTool-compatible API (/v2/check) and a JSON
    /// API (/api/lint, /api/rules) over HTTP; see docs/server.md.
    Serve(ServeArgs),
    /// Run the language server (LSP over standard input and output) for editors: each open
    /// draft's findings as diagnostics, hovers, quick fixes; see docs/editors.md.
    #[command(
        long_about = "Run spinlint as a language server: an editor starts it and talks the Language Server Protocol \
over its standard input and output (nothing else is printed there; messages go to standard error).\n\n\
Open drafts (plain text, Markdown, HTML) get their findings as diagnostics, as you type; a hover on a \
finding explains its rule; code actions suppress a finding on its line with a reason, disable its rule \
for the file, or open the rule's definition. Custom rule files (*.toml with [[rule]] tables or a top-level id) get their \
errors and failing examples when saved. The configuration is the nearest spinlint.toml or \
.spinlint.toml from each document's folder up, as for `spinlint check`; changes to it or to rule files \
apply without a restart.",
        after_help = "Editor settings (initializationOptions, or workspace/didChangeConfiguration under \"spinlint\"), \
which add to spinlint.toml and never replace it:\n  \
select       [\"RULE|CATEGORY\", ...]  report only these\n  \
ignore       [\"RULE|CATEGORY\", ...]  do not report these\n  \
minSeverity  \"info\" | \"warning\" | \"error\"\n  \
rules        [\"DIR\", ...]  folders of custom rules, added to the configuration's\n  \
debounceMs   milliseconds from the last keystroke to the lint (default 150)\n\n\
Set-up for VS Code, Neovim, Helix and Zed: docs/editors.md.\n\
Example (Neovim 0.11): vim.lsp.config('spinlint', { cmd = { 'spinlint', 'lsp' }, filetypes = { 'markdown', 'text' } })"
    )]
    Lsp(LspArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell); see the README.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `spinlint man > spinlint.1`, or `spinlint man | man -l -`.
    Man,
    /// Explain a rule: what it flags, why it matters, what to do, with examples.
    Explain {
        /// The rule id, as shown in brackets in a diagnostic.
        id: String,
        #[command(flatten)]
        rules: RuleArgs,
    },
}

#[derive(Args)]
pub struct LspArgs {
    /// Talk over standard input and output, the only transport (accepted because many editors'
    /// clients pass it).
    #[arg(long)]
    pub stdio: bool,
}

#[derive(Args)]
pub struct ServeArgs {
    /// The address to listen on: localhost by default; another address (0.0.0.0:8081) opens the
    /// server to the network, which is then your choice.
    #[arg(long, default_value = "127.0.0.1:8081", value_name = "HOST:PORT")]
    pub addr: std::net::SocketAddr,
    /// The largest request body accepted, in bytes (larger: 413).
    #[arg(long, default_value_t = 1024 * 1024, value_name = "BYTES")]
    pub body_limit: usize,
    /// The longest a request may take, in seconds (longer: 408).
    #[arg(long, default_value_t = 10, value_name = "SECONDS")]
    pub timeout: u64,
    /// Requests handled at once; more wait their turn.
    #[arg(long, default_value_t = 64, value_name = "N")]
    pub max_in_flight: usize,
    /// A web origin whose pages may call the API (CORS), e.g. https://cms.example.org.
    /// Repeatable; none by default.
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    pub cors_origins: Vec<String>,
    /// No line per request on standard error.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub rules: RuleArgs,
}
