//! Lining up the text a parser decoded with the bytes it came from.

use spinlint_core::span::Span;
use spinlint_core::view::ViewBuilder;

/// How far apart (bytes of both texts together) the two texts are looked at for the place where
/// they agree again after a difference this module does not know.
const RESYNC: usize = 24;

/// Writes `decoded` for `raw` (at `offset` in the file): the characters they share are copied,
/// each entity stands for what it decodes to (with or without its `;`), each backslash escape of
/// Markdown (`\*`) for the character it escapes, `\r\n` for `\n`. At any other difference, the
/// nearest place where the texts agree again is found, and what lies between stands for what
/// lies between; only when there is none is the rest written as one run.
pub fn align(builder: &mut ViewBuilder, raw: &str, offset: usize, decoded: &str) {
    let (mut i, mut j) = (0, 0);
    // The start of the run being copied.
    let mut run = 0;
    let flush = |builder: &mut ViewBuilder, from: usize, to: usize| builder.copy(&raw[from..to], offset + from);
    while i < raw.len() {
        let r = raw[i..].chars().next().unwrap_or('\0');
        let d = decoded[j..].chars().next();
        if d == Some(r) && !(r == '&' && entity_at(&raw[i..], &decoded[j..]).is_some()) {
            i += r.len_utf8();
            j += r.len_utf8();
            continue;
        }
        flush(builder, run, i);
        let (raw_len, decoded_len) = if r == '&' {
            entity_at(&raw[i..], &decoded[j..])
        } else if r == '\\' {
            escape_at(&raw[i..], &decoded[j..])
        } else if r == '\r' {
            // `\r\n` and a lone `\r` are read as `\n`.
            let raw_len = if raw[i + 1..].starts_with('\n') { 2 } else { 1 };
            Some((raw_len, usize::from(d == Some('\n'))))
        } else {
            None
        }
        .or_else(|| resync(&raw[i..], &decoded[j..]))
        .unwrap_or((raw.len() - i, decoded.len() - j));
        builder.replace(&decoded[j..j + decoded_len], Span::new(offset + i, offset + i + raw_len));
        i += raw_len;
        j += decoded_len;
        run = i;
    }
    flush(builder, run, i);
    if j < decoded.len() {
        builder.replace(&decoded[j..], Span::new(offset + raw.len(), offset + raw.len()));
    }
}

/// Whether the texts agree from here: their next few characters are the same (or both end).
fn agree(raw: &str, decoded: &str) -> bool {
    let mut r = raw.chars();
    let mut d = decoded.chars();
    for _ in 0..3 {
        match (r.next(), d.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a == b || (a == '\r' && b == '\n') => {}
            // Another entity or escape comes at once: it is lined up in its turn.
            (Some('&' | '\\'), Some(_)) => return true,
            _ => return false,
        }
    }
    true
}

/// At an `&` of the file, when `decoded` shows it was decoded: the length of the entity and of
/// what it decodes to. An entity is `&` and letters, digits or `#`, with a `;` or (as HTML allows
/// for some) without; it decodes to one or two characters, after which the texts agree again.
fn entity_at(raw: &str, decoded: &str) -> Option<(usize, usize)> {
    let name_len = raw[1..].bytes().take(40).take_while(|b| b.is_ascii_alphanumeric() || *b == b'#').count();
    if name_len == 0 {
        return None;
    }
    let with_semicolon = (raw.as_bytes().get(1 + name_len) == Some(&b';')).then_some(name_len + 2);
    // The whole name with its `;` first, then the name and its prefixes without one.
    let lengths = with_semicolon.into_iter().chain((2..=name_len + 1).rev());
    for entity_len in lengths {
        if decoded.starts_with(&raw[..entity_len]) {
            // Left as it is: not an entity the parser knows.
            continue;
        }
        let mut decoded_len = 0;
        for c in decoded.chars().take(2) {
            decoded_len += c.len_utf8();
            if agree(&raw[entity_len..], &decoded[decoded_len..]) {
                return Some((entity_len, decoded_len));
            }
        }
    }
    None
}

/// At a `\` of Markdown: the escape and the character it stands for.
fn escape_at(raw: &str, decoded: &str) -> Option<(usize, usize)> {
    let escaped = raw[1..].chars().next()?;
    (escaped.is_ascii_punctuation() && decoded.starts_with(escaped))
        .then(|| (1 + escaped.len_utf8(), escaped.len_utf8()))
}

/// The shortest pair of lengths (raw, decoded) after which the texts agree again, within
/// `RESYNC` bytes; at least one is not zero.
fn resync(raw: &str, decoded: &str) -> Option<(usize, usize)> {
    for total in 1..=RESYNC {
        for raw_len in 0..=total.min(raw.len()) {
            let decoded_len = total - raw_len;
            if decoded_len > decoded.len() || !raw.is_char_boundary(raw_len) || !decoded.is_char_boundary(decoded_len) {
                continue;
            }
            let (raw_rest, decoded_rest) = (&raw[raw_len..], &decoded[decoded_len..]);
            if !(raw_rest.is_empty() && decoded_rest.is_empty())
                && raw_rest.chars().next() != decoded_rest.chars().next()
            {
                continue;
            }
            if agree(raw_rest, decoded_rest) {
                return Some((raw_len, decoded_len));
            }
        }
    }
    None
}
