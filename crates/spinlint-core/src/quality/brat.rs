//! Standoff annotations with character offsets (brat's `.ann`, SemEval's technique labels) read
//! against their text: offsets count characters (code points), spans here are byte ranges.

use crate::span::Span;

/// Byte offsets of character offsets in `text`: `of(n)` is where the `n`th character starts
/// (`text.len()` for the end).
pub struct CharOffsets {
    starts: Vec<usize>,
}

impl CharOffsets {
    pub fn new(text: &str) -> CharOffsets {
        let mut starts: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
        starts.push(text.len());
        CharOffsets { starts }
    }

    /// The byte offset of character offset `chars`; `None` past the end.
    pub fn of(&self, chars: usize) -> Option<usize> {
        self.starts.get(chars).copied()
    }

    /// A span given in characters, as bytes.
    pub fn span(&self, start: usize, end: usize) -> Option<Span> {
        Some(Span::new(self.of(start)?, self.of(end.max(start))?))
    }
}

/// One attribution of a brat file: who (source), the cue (`said`), and what (content), each
/// possibly in several fragments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attribution {
    pub source: Vec<Span>,
    pub cue: Vec<Span>,
    pub content: Vec<Span>,
}

/// The attributions of a brat standoff file (`T` text-bound lines and the `E` events that tie
/// Source, Cue and Content together). Lines of other kinds are skipped; a span that does not
/// match its text is an error (the wrong text, or offsets that are not characters).
pub fn parse_attributions(ann: &str, text: &str) -> Result<Vec<Attribution>, String> {
    let offsets = CharOffsets::new(text);
    let mut spans: std::collections::HashMap<&str, Vec<Span>> = std::collections::HashMap::new();
    let mut events = Vec::new();
    for (number, line) in ann.lines().enumerate() {
        let mut fields = line.split('\t');
        let (Some(id), Some(body)) = (fields.next(), fields.next()) else { continue };
        if id.starts_with('T') {
            let (_, ranges) = body.split_once(' ').ok_or_else(|| format!("line {}: no offsets", number + 1))?;
            let mut fragments = Vec::new();
            for range in ranges.split(';') {
                let mut ends = range.split(' ').map(str::parse::<usize>);
                let (Some(Ok(start)), Some(Ok(end))) = (ends.next(), ends.next()) else {
                    return Err(format!("line {}: bad offsets `{range}`", number + 1));
                };
                let span =
                    offsets.span(start, end).ok_or_else(|| format!("line {}: offsets past the text", number + 1))?;
                fragments.push(span);
            }
            if let (Some(expected), [only]) = (fields.next(), fragments.as_slice()) {
                if only.text(text) != expected {
                    return Err(format!("line {}: `{}` is not `{expected}`", number + 1, only.text(text)));
                }
            }
            spans.insert(id, fragments);
        } else if id.starts_with('E') {
            events.push(body);
        }
    }
    let mut attributions = Vec::new();
    for event in events {
        let mut attribution = Attribution::default();
        for argument in event.split(' ') {
            let Some((role, id)) = argument.split_once(':') else { continue };
            let fragments = spans.get(id).cloned().unwrap_or_default();
            match role.trim_end_matches(|c: char| c.is_ascii_digit()) {
                "Source" => attribution.source.extend(fragments),
                "Cue" => attribution.cue.extend(fragments),
                "Content" => attribution.content.extend(fragments),
                _ => {}
            }
        }
        attributions.push(attribution);
    }
    Ok(attributions)
}

/// Technique spans of a SemEval-2020 task 2 labels file: `ID<TAB>technique<TAB>start<TAB>end`.
pub fn parse_technique_labels(labels: &str, text: &str) -> Result<Vec<(String, Span)>, String> {
    let offsets = CharOffsets::new(text);
    let mut out = Vec::new();
    for (number, line) in labels.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [_, technique, start, end] = fields.as_slice() else {
            return Err(format!("line {}: not ID, technique, start, end", number + 1));
        };
        let (Ok(start), Ok(end)) = (start.trim().parse::<usize>(), end.trim().parse::<usize>()) else {
            return Err(format!("line {}: bad offsets", number + 1));
        };
        let span = offsets.span(start, end).ok_or_else(|| format!("line {}: offsets past the text", number + 1))?;
        out.push((technique.to_string(), span));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brat_attributions_with_character_offsets() {
        let text = "Café owner Ann Lee said “prices rise.”";
        let ann = "T1\tSource 11 18\tAnn Lee\nT2\tCue 19 23\tsaid\nT3\tContent 24 38\t“prices rise.”\n\
                   T4\tAttribution 19 23\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n";
        let attributions = parse_attributions(ann, text).unwrap();
        assert_eq!(attributions.len(), 1);
        let a = &attributions[0];
        assert_eq!(a.source[0].text(text), "Ann Lee");
        assert_eq!(a.cue[0].text(text), "said");
        assert_eq!(a.content[0].text(text), "“prices rise.”");
        assert!(parse_attributions("T1\tSource 0 3\tAnn\n", text).is_err(), "the wrong text is an error");
    }

    #[test]
    fn technique_labels() {
        let text = "Ça, the traitors!";
        let labels = parse_technique_labels("1\tName_Calling,Labeling\t8\t16\n", text).unwrap();
        assert_eq!(labels[0].0, "Name_Calling,Labeling");
        assert_eq!(labels[0].1.text(text), "traitors");
        assert!(parse_technique_labels("1\tX\t8\n", text).is_err());
    }
}
