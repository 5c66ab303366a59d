//! The vocabulary of all the literal words of all rules. Each word of a sentence is looked up
//! once and becomes a number, so the pattern tests are integer comparisons and bit tests, not
//! string comparisons.

use crate::document::words::{normalise_literal, Word};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A word not in any rule.
pub const UNKNOWN: u32 = u32::MAX;

/// FNV-1a: short keys, no need for DoS resistance (the keys are the rules' own words).
#[derive(Default)]
pub struct FnvHasher(u64);

impl Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 { 0xcbf29ce484222325 } else { self.0 };
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x100000001b3);
        }
        self.0 = hash;
    }
}

#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    ids: HashMap<Box<str>, u32, BuildHasherDefault<FnvHasher>>,
}

impl Vocabulary {
    /// Adds a word (normalised: lowercase, straight apostrophes) and returns its id.
    pub fn intern(&mut self, word: &str) -> u32 {
        let word = normalise_literal(word);
        let next = self.ids.len() as u32;
        *self.ids.entry(word.into_boxed_str()).or_insert(next)
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The id of a word of the text, or `UNKNOWN`.
    pub fn id(&self, word: &str) -> u32 {
        let mut buffer = [0u8; 40];
        if word.is_ascii() && word.len() <= buffer.len() {
            for (slot, byte) in buffer.iter_mut().zip(word.bytes()) {
                *slot = byte.to_ascii_lowercase();
            }
            let lower = std::str::from_utf8(&buffer[..word.len()]).unwrap_or_default();
            return self.ids.get(lower).copied().unwrap_or(UNKNOWN);
        }
        if word.len() > 200 {
            return UNKNOWN;
        }
        self.ids.get(normalise_literal(word).as_str()).copied().unwrap_or(UNKNOWN)
    }

    /// The ids of a sentence's words, into `out`.
    pub fn ids_of(&self, text: &str, words: &[Word], out: &mut Vec<u32>) {
        out.clear();
        out.extend(words.iter().map(|w| self.id(w.span.text(text))));
    }
}

/// A set of word ids.
#[derive(Debug, Clone, Default)]
pub struct IdSet {
    bits: Vec<u64>,
}

impl IdSet {
    pub fn new(ids: impl IntoIterator<Item = u32>, size: usize) -> IdSet {
        let mut bits = vec![0u64; size.div_ceil(64)];
        for id in ids {
            if let Some(slot) = bits.get_mut(id as usize / 64) {
                *slot |= 1 << (id % 64);
            }
        }
        IdSet { bits }
    }

    pub fn contains(&self, id: u32) -> bool {
        self.bits.get(id as usize / 64).is_some_and(|slot| slot & (1 << (id % 64)) != 0)
    }
}
