//! JUnit XML for CI dashboards: one test suite per file, one failing test case per finding at
//! warning or above (info findings are listed as passing cases with a system-out note).

use super::Report;
use crate::finding::Severity;
use std::io::Write;

pub fn escape(text: &str) -> String {
    // Characters XML 1.0 cannot hold become U+FFFD; the rest is escaped as in HTML.
    let legal: String = text
        .chars()
        .map(|c| if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') { '\u{fffd}' } else { c })
        .collect();
    let mut out = String::with_capacity(legal.len());
    super::push_escaped(&mut out, &legal);
    out
}

pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let failures = |f: &super::FileResult| f.findings.iter().filter(|x| x.severity >= Severity::Warning).count();
    let total_tests: usize = report.files.iter().map(|f| f.findings.len().max(1)).sum::<usize>() + report.errors.len();
    let total_failures: usize = report.files.iter().map(failures).sum();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="spinlint" tests="{total_tests}" failures="{total_failures}" errors="{}">"#,
        report.errors.len()
    )?;
    for file in &report.files {
        let path = escape(&file.path);
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
            let name = escape(&format!("{} at {}:{}", finding.rule, p.line, p.column));
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
                    escape(&finding.message),
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
            writeln!(out, r#"    <testcase name="{}" classname="spinlint">"#, escape(&error.path))?;
            writeln!(out, r#"      <error message="{}"/>"#, escape(&error.message))?;
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}
