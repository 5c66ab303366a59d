//! Escaping, one escaper per markup language: HTML (the page report) and XML (JUnit).

/// The entity for a character that means something in HTML and XML markup (quotes included),
/// `None` for one that stands as itself: the one table both escapers read.
fn entity(c: char) -> Option<&'static str> {
    match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '"' => Some("&quot;"),
        '\'' => Some("&#39;"),
        _ => None,
    }
}

fn push_char(out: &mut String, c: char) {
    match entity(c) {
        Some(escaped) => out.push_str(escaped),
        None => out.push(c),
    }
}

pub mod html {
    /// Text content: `&`, `<` and `>` escaped (quotes can stay as written outside attributes).
    pub fn escape_text(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        push_text(&mut out, text);
        out
    }

    /// An attribute value (always written in double quotes): quotes escaped too.
    pub fn escape_attr(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        push_attr(&mut out, text);
        out
    }

    pub fn push_text(out: &mut String, text: &str) {
        for c in text.chars() {
            match c {
                '"' | '\'' => out.push(c),
                c => super::push_char(out, c),
            }
        }
    }

    pub fn push_attr(out: &mut String, text: &str) {
        for c in text.chars() {
            super::push_char(out, c);
        }
    }
}

pub mod xml {
    /// Text for content or an attribute value: characters XML 1.0 cannot hold become U+FFFD, and
    /// markup and quotes are escaped.
    pub fn escape(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
                c => super::push_char(&mut out, c),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_and_xml() {
        assert_eq!(html::escape_text(r#"<a href="x">'&'</a>"#), r#"&lt;a href="x"&gt;'&amp;'&lt;/a&gt;"#);
        assert_eq!(html::escape_attr(r#""><img onerror='x'>&"#), "&quot;&gt;&lt;img onerror=&#39;x&#39;&gt;&amp;");
        assert_eq!(xml::escape("a\u{1}b <c> \"d\"\t"), "a\u{fffd}b &lt;c&gt; &quot;d&quot;\t");
    }
}
