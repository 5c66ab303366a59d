//! `spinlint completions SHELL` and `spinlint man`: the shell completions and the manual page,
//! generated from the same clap definition as `--help`, so they never drift from it.

use crate::cli::Cli;
use crate::exit::Error;
use clap::CommandFactory;
use std::process::ExitCode;

pub fn completions(shell: clap_complete::Shell) -> Result<ExitCode, Error> {
    super::print(|out| {
        clap_complete::generate(shell, &mut Cli::command(), "spinlint", out);
        Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// One page: the command, then a subsection per subcommand (its synopsis, description and
/// options), as a single `man spinlint` reads best.
pub fn man() -> Result<ExitCode, Error> {
    let command = Cli::command();
    super::print(|out| {
        let man = clap_mangen::Man::new(command.clone());
        man.render_title(out)?;
        man.render_name_section(out)?;
        man.render_synopsis_section(out)?;
        man.render_description_section(out)?;
        man.render_options_section(out)?;
        writeln!(out, ".SH COMMANDS")?;
        for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
            let name = format!("spinlint {}", sub.get_name());
            let page = clap_mangen::Man::new(sub.clone().bin_name(&name));
            let mut section = Vec::new();
            page.render_synopsis_section(&mut section)?;
            page.render_description_section(&mut section)?;
            page.render_options_section(&mut section)?;
            // Under its own subheading, the subcommand's sections are paragraphs.
            let section = String::from_utf8_lossy(&section)
                .replace(".SH SYNOPSIS\n", "")
                .replace(".SH DESCRIPTION\n", ".PP\n")
                .replace(".SH OPTIONS\n", ".PP\nOptions:\n");
            writeln!(out, ".SS \"{name}\"")?;
            out.write_all(section.as_bytes())?;
        }
        man.render_extra_section(out)?;
        man.render_version_section(out)?;
        Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}
