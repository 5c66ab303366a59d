//! Helpers shared by the command line's tests: run the built CLI, from the workspace's root (where
//! `fixtures/`, `rules/` and `docs/` are) unless told otherwise.

#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The workspace's root folder.
pub fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

pub fn spinlint(args: &[&str]) -> Output {
    spinlint_in(args, None, None)
}

pub fn spinlint_in(args: &[&str], dir: Option<&Path>, stdin: Option<&str>) -> Output {
    spinlint_with_env(args, dir, stdin, &[])
}

/// Runs the CLI with environment variables `env` set (and the colour and width ones of the
/// terminal running the tests unset, so that the output does not depend on it).
pub fn spinlint_with_env(args: &[&str], dir: Option<&Path>, stdin: Option<&str>, env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_spinlint"));
    command.args(args).env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE").env_remove("FORCE_COLOR");
    command.env_remove("COLUMNS").envs(env.iter().copied());
    command.current_dir(dir.unwrap_or(root()));
    command
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("the spinlint binary runs");
    if let Some(input) = stdin {
        child.stdin.take().expect("stdin is piped").write_all(input.as_bytes()).expect("stdin accepts the text");
    }
    child.wait_with_output().expect("spinlint finishes")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("stdout is JSON ({e}): {}", stdout(output)))
}

/// A fresh temporary folder, removed when dropped.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("spinlint-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("temp dir is writable");
        TempDir(path)
    }

    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> std::path::PathBuf {
        let path = self.0.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("temp subfolder is writable");
        }
        std::fs::write(&path, contents).expect("temp file is writable");
        path
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
