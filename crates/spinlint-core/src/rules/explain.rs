//! What `spinlint explain ID` prints about a rule, as text: every front end that explains a rule
//! (the command line, the Python package) says the same.

use super::marks::mark;
use super::Rule;
use std::fmt::Write as _;

impl Rule {
    /// What the rule flags, why it matters, what to do, with its examples and links.
    pub fn explain(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}", self.id);
        let mut line = |label: &str, value: &str| {
            let _ = writeln!(out, "  {label:<10} {value}");
        };
        line("category", &self.category);
        line("severity", &format!("{} (in an attributed quotation: {})", self.severity, self.quoted_severity));
        line("scope", &self.scope_names());
        line("kind", self.kind_name());
        line("enabled", if self.enabled { "yes" } else { "no (enable it in spinlint.toml)" });
        line("defined", &format!("{}:{}", self.origin, self.line));
        let _ = write!(out, "\nMessage\n  {}\n", self.message);
        if let Some(rationale) = &self.rationale {
            let _ = write!(out, "\nWhy it matters\n  {}\n", rationale.trim());
        }
        let _ = write!(out, "\nWhat to do\n  {}\n", self.help.trim());
        if !self.flag.is_empty() {
            out.push_str("\nFlags\n");
            for example in &self.flag {
                let _ = writeln!(out, "  - {}", mark(&example.text, &example.expected));
            }
        }
        if !self.pass.is_empty() {
            out.push_str("\nDoes not flag\n");
            for example in &self.pass {
                let _ = writeln!(out, "  - {}", example.text);
            }
        }
        if !self.links.is_empty() {
            out.push_str("\nRead more\n");
            for link in &self.links {
                let _ = writeln!(out, "  {link}");
            }
        }
        out
    }
}
