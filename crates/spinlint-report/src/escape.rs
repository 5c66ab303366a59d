//! Escaping, one escaper per output language: HTML (the page report), XML (JUnit), and the
//! terminal (human output, GitHub's log).

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

    /// An attribute value: as `escape`, with tab and line ends as character references too (a
    /// parser turns raw ones into spaces).
    pub fn escape_attr(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in escape(text).chars() {
            match c {
                '\t' => out.push_str("&#9;"),
                '\n' => out.push_str("&#10;"),
                '\r' => out.push_str("&#13;"),
                c => out.push(c),
            }
        }
        out
    }
}

pub mod terminal {
    use std::borrow::Cow;

    /// A character a terminal acts on rather than shows: C0 controls other than tab and line
    /// ends, DEL, and the C1 controls (U+009B starts an escape sequence on many terminals). An
    /// article's `ESC ] 0 ; ... BEL` would retitle the terminal, `ESC [ 2 J` clear it.
    pub fn is_control(c: char) -> bool {
        matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
    }

    /// Text with each control character written as its escape, `\u{1b}`: for messages and names.
    pub fn escape(text: &str) -> Cow<'_, str> {
        if !text.chars().any(is_control) {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len() + 8);
        for c in text.chars() {
            if is_control(c) {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            } else {
                out.push(c);
            }
        }
        Cow::Owned(out)
    }

    /// Text with each byte of a control character shown as `?`: the same bytes at the same
    /// offsets, so that spans into the text still point at their words (for source snippets).
    pub fn placeholders(text: &str) -> Cow<'_, str> {
        if !text.chars().any(is_control) {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if is_control(c) {
                out.extend(std::iter::repeat_n('?', c.len_utf8()));
            } else {
                out.push(c);
            }
        }
        Cow::Owned(out)
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

    #[test]
    fn terminal() {
        let text = "a\u{1b}]0;title\u{7}b\u{9b}2J\tc\r\n";
        assert_eq!(terminal::escape(text), "a\\u{1b}]0;title\\u{7}b\\u{9b}2J\tc\r\n");
        let shown = terminal::placeholders(text);
        assert_eq!(shown, "a?]0;title?b??2J\tc\r\n");
        assert_eq!(shown.len(), text.len());
        assert!(matches!(terminal::placeholders("plain “text”"), std::borrow::Cow::Borrowed(_)));
    }
}
