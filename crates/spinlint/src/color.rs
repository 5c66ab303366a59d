//! Whether to colour: the conventions of no-color.org and bixense.com/clicolors, as ruff and
//! ripgrep read them.

/// An environment variable that is set to something other than empty or `0`.
fn set(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|value| !value.is_empty() && value != "0")
}

/// Whether output to a stream that `is_terminal` (or not) is coloured when nothing was asked on
/// the command line. `CLICOLOR_FORCE` or `FORCE_COLOR` colour anywhere; else `NO_COLOR` (when not
/// empty: an empty value is ignored) turns colour off; else a terminal is coloured.
pub fn auto(is_terminal: bool) -> bool {
    if set("CLICOLOR_FORCE") || set("FORCE_COLOR") {
        return true;
    }
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
    is_terminal && !no_color
}
