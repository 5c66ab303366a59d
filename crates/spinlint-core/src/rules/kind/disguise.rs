//! `disguised-words`: a word written so that a reader or a filter does not see it as it is:
//! Cyrillic or Greek letters drawn like Latin ones among Latin letters, an invisible character
//! inside it, or fullwidth letters. The rules match such words in their folded form (see
//! `words::fold`); this kind reports the disguise itself, which is a signal on its own: copy
//! that hides words from moderation filters has usually been made to spread.

use crate::document::Document;
use crate::finding::Finding;
use crate::rules::kind::{DocumentKind, Hit, Value};
use crate::rules::schema::DisguiseName;
use crate::rules::RuleKind;
use crate::words::fold::{disguise, Disguise};
use std::sync::Arc;

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct DisguisedWords {
    pub disguises: Vec<Disguise>,
}

pub const KIND: super::KindSpec = super::KindSpec {
    key: "disguised-words",
    given: |def| def.disguised_words.as_ref().map(|list| list.span()),
    compile: |def, _, push| {
        let list = def.disguised_words.as_ref()?;
        if list.get_ref().is_empty() {
            push(list.span(), "`disguised-words` is empty: name mixed-scripts, invisible or fullwidth".into());
            return None;
        }
        let disguises = list
            .get_ref()
            .iter()
            .map(|name| match name {
                DisguiseName::MixedScripts => Disguise::MixedScripts,
                DisguiseName::Invisible => Disguise::Invisible,
                DisguiseName::Fullwidth => Disguise::Fullwidth,
            })
            .collect();
        Some(RuleKind::Document(Arc::new(DisguisedWords { disguises })))
    },
};

/// What a disguise is, in a message.
fn described(disguise: Disguise) -> &'static str {
    match disguise {
        Disguise::MixedScripts => "Cyrillic or Greek letters that look like Latin ones",
        Disguise::Invisible => "an invisible character inside the word",
        Disguise::Fullwidth => "fullwidth letters",
    }
}

impl DocumentKind for DisguisedWords {
    fn stored(&self) -> super::Stored {
        super::Stored::DisguisedWords(self.clone())
    }

    fn name(&self) -> &'static str {
        "disguised-words"
    }

    fn run(&self, doc: &Document, _findings: &[Finding]) -> Vec<Hit> {
        // Nearly every English text is ASCII: one scan, and nothing to look at.
        if doc.text.is_ascii() {
            return Vec::new();
        }
        doc.words
            .iter()
            .filter(|word| word.non_ascii)
            .filter_map(|word| {
                // The skip regions are looked up only for a disguised word.
                let found = disguise(word.span.text(doc.text)).filter(|d| self.disguises.contains(d))?;
                if doc.in_skip(word.span) {
                    return None;
                }
                Some(Hit {
                    span: word.span,
                    labels: Vec::new(),
                    values: vec![
                        ("match", Value::Text(word.span)),
                        ("disguise", Value::Plain(described(found).into())),
                    ],
                    label: Some(described(found).into()),
                    attributed: false,
                })
            })
            .collect()
    }
}
