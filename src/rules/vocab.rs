//! The vocabulary of all the literal words of all rules. Each word of a sentence is looked up
//! once and becomes a number, so the pattern tests are integer comparisons and bit tests, not
//! string comparisons.

use crate::document::words::{normalise_literal, Word};

/// A word not in any rule.
pub const UNKNOWN: u32 = u32::MAX;

/// A table from words to numbers, looked up case-insensitively with ’ and ' alike, built for
/// the one operation done for every word of every sentence: an ASCII word is lowercased into a
/// buffer and hashed eight bytes at a time, and the table compares stored hashes before bytes.
#[derive(Debug, Clone)]
pub struct WordTable {
    /// Open addressing, a power of two long, at most half full: sixteen bits of each slot's
    /// hash (never 0; 0 is an empty slot). Most words of a text are in no rule, and their lookup
    /// ends in this small array, which stays in the fastest cache.
    tags: Vec<u16>,
    slots: Vec<Slot>,
    /// The keys, one after another.
    keys: Vec<u8>,
    len: usize,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    hash: u64,
    value: u32,
    key_start: u32,
    key_len: u32,
}

const EMPTY: Slot = Slot { hash: 0, value: u32::MAX, key_start: 0, key_len: 0 };
const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
/// Words up to this long are folded in a stack buffer; longer ones are allocated.
const SHORT: usize = 48;

fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hash = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        hash = (hash.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(SEED);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        hash = (hash.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(SEED);
    }
    // The low bits pick the slot (the top sixteen are the tag): mix the high bits down.
    hash ^ (hash >> 29)
}

fn tag_of(hash: u64) -> u16 {
    (hash >> 48) as u16 | 1
}

impl Default for WordTable {
    fn default() -> Self {
        WordTable { tags: vec![0; 16], slots: vec![EMPTY; 16], keys: Vec::new(), len: 0 }
    }
}

impl WordTable {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The value of a folded key (lowercase, straight apostrophes).
    fn get_folded(&self, key: &[u8]) -> Option<u32> {
        let hash = hash_bytes(key);
        let mask = self.slots.len() - 1;
        let tag = tag_of(hash);
        let mut index = hash as usize & mask;
        loop {
            let found = self.tags[index];
            if found == 0 {
                return None;
            }
            let slot = &self.slots[index];
            if found == tag && slot.hash == hash {
                let start = slot.key_start as usize;
                if self.keys.get(start..start + slot.key_len as usize) == Some(key) {
                    return Some(slot.value);
                }
            }
            index = (index + 1) & mask;
        }
    }

    /// Adds a word (folded here) with a value, unless it is there; returns its value.
    pub fn insert(&mut self, word: &str, value: u32) -> u32 {
        let folded = normalise_literal(word);
        if let Some(existing) = self.get_folded(folded.as_bytes()) {
            return existing;
        }
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let slot = Slot {
            hash: hash_bytes(folded.as_bytes()),
            value,
            key_start: self.keys.len() as u32,
            key_len: folded.len() as u32,
        };
        self.keys.extend_from_slice(folded.as_bytes());
        self.place(slot);
        self.len += 1;
        value
    }

    fn place(&mut self, slot: Slot) {
        let mask = self.slots.len() - 1;
        let mut index = slot.hash as usize & mask;
        while self.tags[index] != 0 {
            index = (index + 1) & mask;
        }
        self.tags[index] = tag_of(slot.hash);
        self.slots[index] = slot;
    }

    fn grow(&mut self) {
        let doubled = vec![EMPTY; self.slots.len() * 2];
        let old_tags = std::mem::replace(&mut self.tags, vec![0; doubled.len()]);
        let old = std::mem::replace(&mut self.slots, doubled);
        for (slot, tag) in old.into_iter().zip(old_tags) {
            if tag != 0 {
                self.place(slot);
            }
        }
    }

    /// The value of a word of the text, compared case-insensitively, ’ and ' alike.
    pub fn get(&self, word: &str) -> Option<u32> {
        let bytes = word.as_bytes();
        if bytes.len() <= SHORT && bytes.is_ascii() {
            let mut buffer = [0u8; SHORT];
            for (slot, byte) in buffer.iter_mut().zip(bytes) {
                *slot = byte.to_ascii_lowercase();
            }
            return self.get_folded(&buffer[..bytes.len()]);
        }
        self.get_folded(normalise_literal(word).as_bytes())
    }
}

#[derive(Debug, Clone, Default)]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_finds_its_words_whatever_the_case_and_apostrophe() {
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
    }
}
