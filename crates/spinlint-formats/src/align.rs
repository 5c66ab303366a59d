//! Lining up the text a parser decoded with the bytes it came from.

use spinlint_core::span::Span;
use spinlint_core::view::ViewBuilder;

/// Writes `decoded` for `raw` (at `offset` in the file): the characters they share are copied,
/// each entity stands for the character it decodes to, and each backslash escape of Markdown
/// (`\*`) for the character it escapes. Where the two cannot be lined up, the
/// rest is written as one run standing for the rest of `raw`.
pub fn align(builder: &mut ViewBuilder, raw: &str, offset: usize, decoded: &str) {
    let (mut i, mut j) = (0, 0);
    // The start of the run being copied.
    let mut run = 0;
    let flush = |builder: &mut ViewBuilder, from: usize, to: usize| builder.copy(&raw[from..to], offset + from);
    while i < raw.len() {
        let r = raw[i..].chars().next().unwrap_or('\0');
        let d = decoded[j..].chars().next();
        if r == '&' {
            if let Some((entity_len, decoded_len)) = entity_at(&raw[i..], &decoded[j..]) {
                flush(builder, run, i);
                builder.replace(&decoded[j..j + decoded_len], Span::new(offset + i, offset + i + entity_len));
                i += entity_len;
                j += decoded_len;
                run = i;
                continue;
            }
        }
        if r == '\\' && d != Some('\\') {
            let escaped = raw[i + 1..].chars().next();
            if escaped.is_some_and(|e| e.is_ascii_punctuation() && Some(e) == d) {
                flush(builder, run, i);
                let len = 1 + escaped.map_or(0, char::len_utf8);
                builder.replace(&decoded[j..j + len - 1], Span::new(offset + i, offset + i + len));
                i += len;
                j += len - 1;
                run = i;
                continue;
            }
        }
        if r == '\r' {
            // `\r\n` and a lone `\r` are read as `\n`.
            if raw[i + 1..].starts_with('\n') {
                flush(builder, run, i);
                builder.replace(" ", Span::new(offset + i, offset + i + 2));
                i += 2;
                run = i;
            } else {
                i += 1;
            }
            j += usize::from(d == Some('\n'));
            continue;
        }
        if d == Some(r) {
            i += r.len_utf8();
            j += r.len_utf8();
            continue;
        }
        flush(builder, run, i);
        builder.replace(&decoded[j..], Span::new(offset + i, offset + raw.len()));
        return;
    }
    flush(builder, run, i);
    if j < decoded.len() {
        builder.replace(&decoded[j..], Span::new(offset + raw.len(), offset + raw.len()));
    }
}

/// At an `&` of the file: the length of the entity there and of what it decodes to, when
/// `decoded` (the rest of the decoded text) shows it was decoded. The end of an entity is its
/// `;`; what it decodes to is one or two characters, after which the texts agree again.
fn entity_at(raw: &str, decoded: &str) -> Option<(usize, usize)> {
    let name_len = raw[1..].bytes().take(40).take_while(|b| b.is_ascii_alphanumeric() || *b == b'#').count();
    if name_len == 0 || raw.as_bytes().get(1 + name_len) != Some(&b';') {
        return None;
    }
    let entity_len = name_len + 2;
    if decoded.starts_with(&raw[..entity_len]) {
        // Not an entity the tokenizer knows: left as it is.
        return None;
    }
    let after = &raw[entity_len..];
    let mut decoded_len = 0;
    for c in decoded.chars().take(2) {
        decoded_len += c.len_utf8();
        let rest = &decoded[decoded_len..];
        let agrees = match (after.chars().next(), rest.chars().next()) {
            (None, None) => true,
            (Some(a), Some(b)) => a == b || (a == '\r' && b == '\n') || a == '&',
            _ => false,
        };
        if agrees {
            return Some((entity_len, decoded_len));
        }
    }
    None
}
