//! The vocabulary of all the literal words of all rules. Each word of a sentence is looked up
//! once and becomes a number, so the pattern tests are integer comparisons and bit tests, not
//! string comparisons.

use crate::words::table::WordTable;
use crate::words::Word;

/// A word not in any rule.
pub const UNKNOWN: u32 = u32::MAX;

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Vocabulary {
    table: WordTable,
}

impl Vocabulary {
    /// Adds a word (normalised: lowercase, straight apostrophes) and returns its id.
    pub fn intern(&mut self, word: &str) -> u32 {
        let next = self.table.len() as u32;
        self.table.insert(word, next)
    }

    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// The id of a word of the text, or `UNKNOWN`.
    pub fn id(&self, word: &str) -> u32 {
        self.table.get(word).unwrap_or(UNKNOWN)
    }

    /// The ids of a sentence's words, into `out`.
    pub fn ids_of(&self, text: &str, words: &[Word], out: &mut Vec<u32>) {
        out.clear();
        out.extend(words.iter().map(|w| self.table.get_in(text, w.span.start, w.span.end).unwrap_or(UNKNOWN)));
    }
}

/// A set of word ids.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct IdSet {
    bits: Vec<u64>,
}

impl IdSet {
    /// The set of `ids`: as many bits as its largest id needs (a larger id is not in it).
    pub fn new(ids: impl IntoIterator<Item = u32>) -> IdSet {
        let mut bits: Vec<u64> = Vec::new();
        for id in ids.into_iter().filter(|&id| id != UNKNOWN) {
            let slot = id as usize / 64;
            if slot >= bits.len() {
                bits.resize(slot + 1, 0);
            }
            bits[slot] |= 1 << (id % 64);
        }
        IdSet { bits }
    }

    pub fn contains(&self, id: u32) -> bool {
        self.bits.get(id as usize / 64).is_some_and(|slot| slot & (1 << (id % 64)) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vocabulary_finds_its_words_whatever_the_case_and_apostrophe() {
        let mut vocabulary = Vocabulary::default();
        let words: Vec<String> = (0..500).map(|i| format!("word{i}")).collect();
        for word in &words {
            vocabulary.intern(word);
        }
        let dont = vocabulary.intern("don't");
        let etat = vocabulary.intern("État");
        assert_eq!(vocabulary.intern("WORD7"), vocabulary.id("word7"), "interned once");
        assert_eq!(vocabulary.len(), 502);
        assert_eq!(vocabulary.id("DON’T"), dont);
        assert_eq!(vocabulary.id("état"), etat);
        assert_eq!(vocabulary.id("Word499"), 499);
        assert_eq!(vocabulary.id("word500"), UNKNOWN);
        assert_eq!(vocabulary.id(&"x".repeat(300)), UNKNOWN);
        assert_eq!(vocabulary.id(""), UNKNOWN);
        for length in 0..=40 {
            let word: String = "AbCdEfGhIjKlMnOpQrStUvWxYz@[`{0123456789'".chars().take(length).collect();
            let id = vocabulary.intern(&word);
            assert_eq!(vocabulary.id(&word.to_lowercase()), id, "{word}");
            assert_eq!(vocabulary.id(&word.to_uppercase()), id, "{word}");
        }
        assert_eq!(vocabulary.id("a@"), UNKNOWN, "@ is not a capital `");
        let id = vocabulary.intern("i̇stanbul’s");
        assert_eq!(vocabulary.id("İstanbul’s"), id);
    }
}
