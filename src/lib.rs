//! The kit of the workspace's own test suite (`tests/`) and benchmarks (`benches/`): the
//! articles they run on. The suite is not published; the library is `spinlint-core`.

use spinlint_core::parallel::Parallel;
use std::path::{Path, PathBuf};

/// The folders of fixture articles whose output is snapshotted. The held-out sets
/// (`fixtures/holdout*`) are measured by `spinlint quality`, never snapshotted: a rule change
/// must not be tuned by watching its effect on them.
pub const SNAPSHOT_FOLDERS: &[&str] = &["fixtures", "fixtures/cases", "fixtures/quality"];

/// The workspace's root folder.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The articles (`*.txt`, `*.md`) directly in `folder` (relative to the root), sorted.
pub fn articles_in(folder: &str) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join(folder))
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.retain(|p| p.is_file() && matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "md")));
    paths.sort();
    paths
}

/// Rayon's threads for the engine, as the command line gives them: benchmarks measure the
/// engine as `spinlint check` runs it.
pub struct Rayon;

impl Parallel for Rayon {
    fn for_each(&self, count: usize, job: &(dyn Fn(usize) + Sync)) {
        use rayon::prelude::*;
        (0..count).into_par_iter().for_each(job);
    }

    fn threads(&self) -> usize {
        rayon::current_num_threads()
    }
}
