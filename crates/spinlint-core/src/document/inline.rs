//! Inline regions that are not prose: URLs, e-mail addresses, bare domains, Markdown code and
//! link targets, HTML comments and parentheticals. Rules never match inside them.

use crate::lexicon::TOP_LEVEL_DOMAINS;
use crate::span::Span;
use crate::words::{ascii_alphanumeric_run, find_any_of};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SkipKind {
    Url,
    Email,
    Code,
    LinkTarget,
    Comment,
    Parenthetical,
    Marker,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Skip {
    pub kind: SkipKind,
    #[serde(flatten)]
    pub span: Span,
}

/// Longest parenthetical treated as an aside; a longer bracket is probably unbalanced.
const MAX_PARENTHETICAL: usize = 400;

fn is_url_char(c: u8) -> bool {
    !c.is_ascii_whitespace() && !matches!(c, b'<' | b'>' | b'"' | b'`')
}

fn trim_url_end(text: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && matches!(text[end - 1], b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b']' | b'\'' | b'*') {
        end -= 1;
    }
    end
}

/// The bytes that every skip region holds one of: `<!--`, `` ` ``, `](`, the `://` or `www.` of
/// a URL, the dot of a domain, the `@` of an address, `(`.
const TRIGGERS: [u8; 7] = [b'<', b'`', b']', b':', b'.', b'@', b'('];

/// Scans `range` of `text` for skip regions and appends them, sorted, to `out`.
pub fn scan_skips(text: &str, range: Span, out: &mut Vec<Skip>) {
    scan(text, range, out, true);
}

/// `scan_skips`; with `skip_plain_text`, the words before the last whitespace ahead of the next
/// trigger byte are passed over at once: a region that starts among them would hold a trigger
/// there, and a word run or address stops at the whitespace, so the byte-by-byte scan would
/// find nothing in them and come to the byte after that whitespace.
fn scan(text: &str, range: Span, out: &mut Vec<Skip>, skip_plain_text: bool) {
    let bytes = text.as_bytes();
    let end = range.end.min(bytes.len());
    let mut at = range.start;
    let mut found: Vec<Skip> = Vec::new();
    // Triggers are looked for again once the scan is past the last one found: each stretch
    // of text is searched once, whatever the scan does there.
    let mut search_from = if skip_plain_text { range.start } else { usize::MAX };
    while at < end {
        if at >= search_from {
            let trigger = find_any_of(&bytes[at..end], TRIGGERS).map_or(end, |i| at + i);
            if let Some(space) = bytes[at..trigger].iter().rposition(|b| b.is_ascii_whitespace()) {
                at += space + 1;
            }
            search_from = trigger + 1;
            if at >= end {
                break;
            }
        }
        let byte = bytes[at];
        match byte {
            b'<' if bytes[at..end].starts_with(b"<!--") => {
                let close = find(bytes, at + 4, end, b"-->").map_or(end, |c| c + 3);
                found.push(Skip { kind: SkipKind::Comment, span: Span::new(at, close) });
                at = close;
            }
            b'`' => {
                let ticks = bytes[at..end].iter().take_while(|&&b| b == b'`').count();
                let fence = &bytes[at..at + ticks];
                match find(bytes, at + ticks, end, fence) {
                    Some(close) => {
                        found.push(Skip { kind: SkipKind::Code, span: Span::new(at, close + ticks) });
                        at = close + ticks;
                    }
                    None => at += ticks,
                }
            }
            b']' if bytes.get(at + 1) == Some(&b'(') => {
                let close = memchr::memchr(b')', &bytes[at + 2..end]).map(|c| at + 2 + c);
                match close {
                    Some(close) if !bytes[at + 2..close].contains(&b'\n') => {
                        found.push(Skip { kind: SkipKind::LinkTarget, span: Span::new(at + 1, close + 1) });
                        at = close + 1;
                    }
                    _ => at += 1,
                }
            }
            b'h' | b'H' | b'w' | b'W' if starts_url(bytes, at, end) => {
                let stop = (at..end).find(|&i| !is_url_char(bytes[i])).unwrap_or(end);
                let stop = trim_url_end(bytes, at, stop);
                found.push(Skip { kind: SkipKind::Url, span: Span::new(at, stop) });
                at = stop.max(at + 1);
            }
            b'@' => {
                if let Some(span) = email_around(bytes, range.start, at, end) {
                    // An address found from its '@' may begin before the scan position.
                    found.retain(|s| !s.span.overlaps(span));
                    found.push(Skip { kind: SkipKind::Email, span });
                    at = span.end;
                } else {
                    at += 1;
                }
            }
            b'(' => {
                let limit = end.min(at + MAX_PARENTHETICAL);
                let mut depth = 0usize;
                let mut close = None;
                for (i, &b) in bytes.iter().enumerate().take(limit).skip(at) {
                    match b {
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                close = Some(i);
                                break;
                            }
                        }
                        b'\n' | b'\r' => break,
                        _ => {}
                    }
                }
                match close {
                    Some(close) => {
                        found.push(Skip { kind: SkipKind::Parenthetical, span: Span::new(at, close + 1) });
                        // URLs and codes inside a parenthetical are found too: scan inside.
                        at += 1;
                    }
                    None => at += 1,
                }
            }
            _ if byte.is_ascii_alphanumeric() && (at == range.start || !is_domain_char(bytes[at - 1])) => {
                let mut stop = at;
                let mut dotted = false;
                // The run of domain characters: letters and digits, eight at a time, and the rest.
                loop {
                    stop += ascii_alphanumeric_run(&bytes[stop..end]).0;
                    if stop < end && is_domain_char(bytes[stop]) {
                        dotted |= bytes[stop] == b'.';
                        stop += 1;
                    } else {
                        break;
                    }
                }
                // Most runs are plain words: without a dot, no domain.
                if dotted {
                    stop = trim_url_end(bytes, at, stop);
                    if is_bare_domain(&bytes[at..stop]) {
                        found.push(Skip { kind: SkipKind::Url, span: Span::new(at, stop) });
                    }
                }
                at = stop.max(at + 1);
            }
            _ => at += 1,
        }
    }
    found.sort_by_key(|s| (s.span.start, std::cmp::Reverse(s.span.end)));
    out.extend(found);
}

fn find(bytes: &[u8], from: usize, end: usize, needle: &[u8]) -> Option<usize> {
    if from >= end {
        return None;
    }
    memchr::memmem::find(&bytes[from..end], needle).map(|i| from + i)
}

fn starts_url(bytes: &[u8], at: usize, end: usize) -> bool {
    let rest = &bytes[at..end];
    let lower = |prefix: &[u8]| rest.len() > prefix.len() && rest[..prefix.len()].eq_ignore_ascii_case(prefix);
    (lower(b"http://") || lower(b"https://") || lower(b"www.")) && (at == 0 || !bytes[at - 1].is_ascii_alphanumeric())
}

fn is_domain_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'/' || b == b'_'
}

/// `stephenlendman.org`, `www.presstv.ir`, `globalresearch.ca/page`: labels joined by dots, the
/// last a known top-level domain. `U.S.` and `3.5` are not domains.
fn is_bare_domain(candidate: &[u8]) -> bool {
    let host_end = candidate.iter().position(|&b| b == b'/').unwrap_or(candidate.len());
    let host = &candidate[..host_end];
    // Most candidates are plain words: no dot, no domain.
    let (Some(first_dot), Some(last_dot)) =
        (host.iter().position(|&b| b == b'.'), host.iter().rposition(|&b| b == b'.'))
    else {
        return false;
    };
    let (first, top) = (&host[..first_dot], &host[last_dot + 1..]);
    if host.split(|&b| b == b'.').any(|label| label.is_empty()) {
        return false;
    }
    first.len() >= 2
        && first.iter().any(|b| b.is_ascii_alphabetic())
        && top.iter().all(|b| b.is_ascii_lowercase())
        && TOP_LEVEL_DOMAINS.iter().any(|domain| domain.as_bytes() == top)
}

fn email_around(bytes: &[u8], floor: usize, at: usize, end: usize) -> Option<Span> {
    let local = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-');
    let mut start = at;
    while start > floor && local(bytes[start - 1]) {
        start -= 1;
    }
    let mut stop = at + 1;
    while stop < end && (bytes[stop].is_ascii_alphanumeric() || matches!(bytes[stop], b'.' | b'-')) {
        stop += 1;
    }
    let stop = trim_url_end(bytes, at + 1, stop);
    let domain = &bytes[at + 1..stop];
    (start < at && domain.contains(&b'.')).then_some(Span::new(start, stop))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skips(text: &str) -> Vec<(SkipKind, &str)> {
        let mut out = Vec::new();
        scan_skips(text, Span::new(0, text.len()), &mut out);
        out.iter().map(|s| (s.kind, s.span.text(text))).collect()
    }

    #[test]
    fn finds_urls_emails_and_domains() {
        let found = skips("Visit https://example.com/a?b=c. Mail lendman@sbcglobal.net or www.presstv.ir and stephenlendman.org, not the U.S. or 3.5.");
        assert_eq!(
            found,
            vec![
                (SkipKind::Url, "https://example.com/a?b=c"),
                (SkipKind::Email, "lendman@sbcglobal.net"),
                (SkipKind::Url, "www.presstv.ir"),
                (SkipKind::Url, "stephenlendman.org"),
            ]
        );
    }

    #[test]
    fn finds_markdown_code_links_comments_and_parentheticals() {
        let found = skips("A [link](http://x.org) with `code` <!-- note --> and (sic).");
        assert_eq!(
            found,
            vec![
                (SkipKind::LinkTarget, "(http://x.org)"),
                (SkipKind::Code, "`code`"),
                (SkipKind::Comment, "<!-- note -->"),
                (SkipKind::Parenthetical, "(sic)"),
            ]
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 3000, failure_persistence: None, ..Default::default() })]

        #[test]
        fn passing_over_plain_text_finds_what_the_byte_scan_finds(
            text in "(https?://|www\\.|<!--|-->|`|\\]\\(|[ \n@().:/_\\-]|org|com|Hw|WWW\\.|ht|\t|\r|x|é|a1|U\\.S\\.){0,40}",
            cut in 0usize..80,
        ) {
            let start = (0..=cut.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            for range in [Span::new(0, text.len()), Span::new(start, text.len())] {
                let (mut fast, mut slow) = (Vec::new(), Vec::new());
                scan(&text, range, &mut fast, true);
                scan(&text, range, &mut slow, false);
                proptest::prop_assert_eq!(fast, slow);
            }
        }
    }

    #[test]
    fn passing_over_plain_text_still_finds_every_kind() {
        let text = "Plain words (aside) and more plain words https://a.org/x then more words x@y.com, \
                    words `code` words [t](u) words <!-- c --> words stephenlendman.org words.";
        let (mut fast, mut slow) = (Vec::new(), Vec::new());
        scan(text, Span::new(0, text.len()), &mut fast, true);
        scan(text, Span::new(0, text.len()), &mut slow, false);
        assert_eq!(fast.len(), 7);
        assert_eq!(fast, slow);
    }

    #[test]
    fn unclosed_parenthesis_is_not_a_parenthetical() {
        assert!(skips("An aside (never closed.").is_empty());
    }
}
