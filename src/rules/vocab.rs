//! The vocabulary of all the literal words of all rules. Each word of a sentence is looked up
//! once and becomes a number, so the pattern tests are integer comparisons and bit tests, not
//! string comparisons.

use crate::document::words::{normalise_literal, Word};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A word not in any rule.
pub const UNKNOWN: u32 = u32::MAX;

/// A multiply-rotate hash over eight bytes at a time (as in rustc's FxHash): the keys are short
/// words, and no one chooses them to collide (they are the rules' own words).
#[derive(Default, Clone, Copy)]
pub struct WordHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl WordHasher {
    fn add(&mut self, chunk: u64) {
        self.0 = (self.0.rotate_left(5) ^ chunk).wrapping_mul(SEED);
    }
}

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }
}

pub type WordHash = BuildHasherDefault<WordHasher>;

#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    ids: HashMap<Box<str>, u32, WordHash>,
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
