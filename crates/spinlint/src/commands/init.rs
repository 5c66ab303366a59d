//! `spinlint init`: a commented starter configuration.

use crate::exit::Error;
use spinlint_core::config;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(force: bool) -> Result<ExitCode, Error> {
    let path = PathBuf::from(config::FILE_NAME);
    if path.exists() && !force {
        return Err(Error::Usage(format!("{} already exists; use --force to overwrite it", path.display())));
    }
    std::fs::write(&path, config::STARTER).map_err(|source| Error::Io { path: path.clone(), source })?;
    crate::exit::say!("wrote {}", path.display());
    Ok(ExitCode::SUCCESS)
}
