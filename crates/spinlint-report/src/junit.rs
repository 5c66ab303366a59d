//! JUnit XML for CI dashboards: one test suite per file, one failing test case per finding at
//! warning or above (info findings are listed as passing cases with a system-out note).

use crate::{FileResult, Report};
use spinlint_core::finding::Severity;
use std::io::Write;

pub const FORMAT: crate::Format = crate::Format { name: "junit", help: "JUnit XML for CI dashboards", new: emitter };

fn emitter(settings: &crate::Settings) -> Box<dyn crate::Emitter> {
    crate::Whole::boxed(settings, |report, _, _, out| write(report, out))
}

use crate::escape::xml::{escape, escape_attr};

pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let failures = |f: &FileResult| f.findings.iter().filter(|x| x.severity >= Severity::Warning).count();
    let total_tests: usize = report.files.iter().map(|f| f.findings.len().max(1)).sum::<usize>() + report.errors.len();
    let total_failures: usize = report.files.iter().map(failures).sum();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="spinlint" tests="{total_tests}" failures="{total_failures}" errors="{}">"#,
        report.errors.len()
    )?;
    for file in &report.files {
        let path = escape_attr(&file.path);
        writeln!(
            out,
            r#"  <testsuite name="{path}" tests="{}" failures="{}" errors="0">"#,
            file.findings.len().max(1),
            failures(file)
        )?;
        if file.findings.is_empty() {
            writeln!(out, r#"    <testcase name="no findings" classname="{path}"/>"#)?;
        }
        for finding in &file.findings {
            let p = file.position(finding.span);
            let name = escape_attr(&format!("{} at {}:{}", finding.rule, p.line, p.column));
            write!(out, r#"    <testcase name="{name}" classname="{path}""#)?;
            let body = escape(&format!(
                "{}:{}:{}: {}[{}] {}\n{}\nhelp: {}",
                file.path,
                p.line,
                p.column,
                finding.severity,
                finding.rule,
                finding.message,
                finding.span.text(&file.text),
                finding.help
            ));
            if finding.severity >= Severity::Warning {
                writeln!(out, ">")?;
                writeln!(
                    out,
                    r#"      <failure message="{}" type="{}">{body}</failure>"#,
                    escape_attr(&finding.message),
                    finding.severity
                )?;
                writeln!(out, "    </testcase>")?;
            } else {
                writeln!(out, ">")?;
                writeln!(out, "      <system-out>{body}</system-out>")?;
                writeln!(out, "    </testcase>")?;
            }
        }
        writeln!(out, "  </testsuite>")?;
    }
    if !report.errors.is_empty() {
        writeln!(
            out,
            r#"  <testsuite name="unreadable files" tests="{}" failures="0" errors="{}">"#,
            report.errors.len(),
            report.errors.len()
        )?;
        for error in &report.errors {
            writeln!(out, r#"    <testcase name="{}" classname="spinlint">"#, escape_attr(&error.path))?;
            writeln!(out, r#"      <error message="{}"/>"#, escape_attr(&error.message))?;
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}
