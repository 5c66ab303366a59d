//! How wide the human output's lines may be: `COLUMNS` when set (as clap and many tools read
//! it), else the terminal's width when standard output is one, else the report's default.

/// The columns the human output fits its lines to. A `COLUMNS` that is not a positive number is
/// ignored, as shells leave it empty or stale at times.
pub fn columns(stdout_is_terminal: bool) -> usize {
    let from_env = std::env::var("COLUMNS").ok().and_then(|value| value.trim().parse::<usize>().ok());
    if let Some(columns) = from_env.filter(|&columns| columns > 0) {
        return columns;
    }
    let from_terminal = stdout_is_terminal
        .then(|| terminal_size::terminal_size_of(std::io::stdout()))
        .flatten()
        .map(|(terminal_size::Width(columns), _)| usize::from(columns));
    from_terminal.unwrap_or(spinlint_report::DEFAULT_WIDTH)
}
