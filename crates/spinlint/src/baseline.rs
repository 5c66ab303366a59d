//! Baseline files: the findings of a run recorded as JSON (`--write-baseline`), read back to
//! report only new ones (`--baseline`). The matching is the core's; the files are here.

use crate::exit::Error;
use spinlint_core::suppress::Baseline;
use std::path::Path;

pub fn read(path: &Path) -> Result<Baseline, Error> {
    let text = spinlint_core::text::read_text(path)?;
    Baseline::parse(&text).map_err(|e| Error::Usage(format!("{}: {e}", path.display())))
}

pub fn write(path: &Path, baseline: &Baseline) -> Result<(), Error> {
    let json = serde_json::to_string_pretty(baseline).map_err(|e| Error::Usage(e.to_string()))?;
    std::fs::write(path, json + "\n").map_err(|source| Error::Io { path: path.to_path_buf(), source })
}
