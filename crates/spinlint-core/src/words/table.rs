//! A table from words to numbers, looked up case-insensitively with ’ and ' alike: the one
//! lookup done for every word of every sentence (the rules' vocabulary) and behind every word set.

use super::normalise_literal;
use crate::swar::{bytes_in_range, load8};

/// A table from words to numbers, looked up case-insensitively with ’ and ' alike, built for
/// the one operation done for every word of every sentence: an ASCII word is lowercased into a
/// buffer and hashed eight bytes at a time, and the table compares stored hashes before bytes.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
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

#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
struct Slot {
    hash: u64,
    value: u32,
    key_start: u32,
    key_len: u32,
    /// The key's first sixteen bytes, zero-padded: a short key compares as two integers.
    head: [u64; 2],
}

const EMPTY: Slot = Slot { hash: 0, value: u32::MAX, key_start: 0, key_len: 0, head: [0; 2] };
/// Keys up to this long compare by `Slot::head` alone.
const HEAD: usize = 16;
const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
/// Words up to this long are folded in a stack buffer; longer ones are allocated.
const SHORT: usize = 48;

/// `hash_bytes` of a key of `len` bytes at most sixteen long, given as `Slot::head`.
fn hash_head(head: [u64; 2], len: usize) -> u64 {
    let mut hash = len as u64;
    if len > 0 {
        hash = (hash.rotate_left(5) ^ head[0]).wrapping_mul(SEED);
    }
    if len > 8 {
        hash = (hash.rotate_left(5) ^ head[1]).wrapping_mul(SEED);
    }
    hash ^ (hash >> 29)
}

/// Up to eight bytes as a little-endian integer, zero-padded, without a copy loop.
fn load_partial(bytes: &[u8]) -> u64 {
    let len = bytes.len();
    let byte = |i: usize| u64::from(bytes[i]) << (8 * i);
    let word4 =
        |i: usize| u64::from(u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]])) << (8 * i);
    match len {
        0 => 0,
        1..=3 => byte(0) | byte(len / 2) | byte(len - 1),
        4..=7 => word4(0) | word4(len - 4),
        _ => load8(bytes, 0),
    }
}

/// A key's first sixteen bytes, zero-padded.
fn head_of(bytes: &[u8]) -> [u64; 2] {
    let first = bytes.len().min(8);
    let second = bytes.len().min(HEAD);
    [load_partial(&bytes[..first]), load_partial(&bytes[first..second])]
}

/// For a key of `n` bytes (at most sixteen), the masks that keep its bytes of two 8-byte loads.
const HEAD_MASKS: [[u64; 2]; HEAD + 1] = {
    let mut masks = [[0u64; 2]; HEAD + 1];
    let mut n = 0;
    while n <= HEAD {
        let low = if n >= 8 { u64::MAX } else { (1u64 << (8 * n)) - 1 };
        let high = if n >= 16 {
            u64::MAX
        } else if n <= 8 {
            0
        } else {
            (1u64 << (8 * (n - 8))) - 1
        };
        masks[n] = [low, high];
        n += 1;
    }
    masks
};

/// Lowercases the ASCII letters of eight ASCII bytes at once.
fn ascii_lower(word: u64) -> u64 {
    word | (bytes_in_range(word, b'A', b'Z') >> 2)
}

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

    /// The value of the slot with this hash whose key `is_key` accepts.
    fn find(&self, hash: u64, is_key: impl Fn(&Slot) -> bool) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let tag = tag_of(hash);
        let mut index = hash as usize & mask;
        loop {
            let found = self.tags[index];
            if found == 0 {
                return None;
            }
            let slot = &self.slots[index];
            if found == tag && slot.hash == hash && is_key(slot) {
                return Some(slot.value);
            }
            index = (index + 1) & mask;
        }
    }

    /// `get_folded` for a key of at most sixteen bytes, given as its head.
    #[inline]
    fn get_head(&self, head: [u64; 2], len: usize) -> Option<u32> {
        self.find(hash_head(head, len), |slot| slot.key_len as usize == len && slot.head == head)
    }

    /// The value of a folded key (lowercase, straight apostrophes).
    fn get_folded(&self, key: &[u8]) -> Option<u32> {
        if key.len() <= HEAD {
            return self.get_head(head_of(key), key.len());
        }
        self.find(hash_bytes(key), |slot| {
            let start = slot.key_start as usize;
            self.keys.get(start..start + slot.key_len as usize) == Some(key)
        })
    }

    /// Adds a word (folded here) with a value, unless it is there; returns its value.
    pub fn insert(&mut self, word: &str, value: u32) -> u32 {
        // The rules' words come folded already: no copy for them (start-up time).
        let folded: std::borrow::Cow<str> = if word.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
            std::borrow::Cow::Borrowed(word)
        } else {
            std::borrow::Cow::Owned(normalise_literal(word))
        };
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
            head: head_of(folded.as_bytes()),
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

    /// `get` of `text[span]`: a short word is read with two loads from the text around it,
    /// where the text goes on long enough, instead of byte by byte.
    pub fn get_in(&self, text: &str, start: usize, end: usize) -> Option<u32> {
        let bytes = text.as_bytes();
        let len = end - start;
        if len <= HEAD && start + HEAD <= bytes.len() {
            let [low, high] = HEAD_MASKS[len];
            let head = [load8(bytes, start) & low, load8(bytes, start + 8) & high];
            if (head[0] | head[1]) & 0x8080_8080_8080_8080 == 0 {
                return self.get_head([ascii_lower(head[0]), ascii_lower(head[1])], len);
            }
        }
        self.get(&text[start..end])
    }

    /// The value of a word of the text, compared case-insensitively, ’ and ' alike.
    pub fn get(&self, word: &str) -> Option<u32> {
        let bytes = word.as_bytes();
        if bytes.len() <= HEAD {
            let head = head_of(bytes);
            if (head[0] | head[1]) & 0x8080_8080_8080_8080 == 0 {
                return self.get_head([ascii_lower(head[0]), ascii_lower(head[1])], bytes.len());
            }
        }
        if bytes.len() <= SHORT && bytes.is_ascii() {
            let mut buffer = [0u8; SHORT];
            for (slot, byte) in buffer.iter_mut().zip(bytes) {
                *slot = byte.to_ascii_lowercase();
            }
            return self.get_folded(&buffer[..bytes.len()]);
        }
        if super::fold::needs_folding(word) {
            // Hidden or lookalike characters, accents: the folded form, as rule literals have it.
            return self.get_folded(super::fold::fold(word).as_bytes());
        }
        if bytes.len() <= SHORT {
            // A word with a curly apostrophe or a letter beyond ASCII: folded on the stack.
            let mut buffer = [0u8; 2 * SHORT];
            if let Some(len) = fold_into(word, &mut buffer) {
                return self.get_folded(&buffer[..len]);
            }
        }
        self.get_folded(normalise_literal(word).as_bytes())
    }
}

/// `normalise_literal(word)` written into `buffer`, and its length; `None` when it does not fit.
fn fold_into(word: &str, buffer: &mut [u8]) -> Option<usize> {
    let mut len = 0;
    for c in word.chars() {
        let c = if c == '’' { '\'' } else { c };
        for lower in c.to_lowercase() {
            let end = len + lower.len_utf8();
            lower.encode_utf8(buffer.get_mut(len..end)?);
            len = end;
        }
    }
    Some(len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_on_the_stack_is_normalise_literal() {
        // Words that need no folding beyond lowercase (the others go through `fold`).
        let long = "Ж".repeat(SHORT);
        for word in ["Don’t", "ЖУРНАЛ", "ẞ", "Ω’s", "Москва’s", long.as_str()] {
            assert!(!super::super::fold::needs_folding(word), "{word}");
            let mut buffer = [0u8; 2 * SHORT];
            let folded = fold_into(word, &mut buffer).map(|len| buffer[..len].to_vec());
            assert_eq!(folded, Some(normalise_literal(word).into_bytes()), "{word}");
        }
        let mut small = [0u8; 3];
        assert_eq!(fold_into("ẞẞ", &mut small), None, "does not fit: ẞẞ lowercases to four bytes");
        let mut table = WordTable::default();
        let value = table.insert("i̇stanbul’s", 7);
        assert_eq!(table.get("İstanbul’s"), Some(value));
        assert_eq!(table.get(&format!("{long}’")), None);
    }

    #[test]
    fn a_word_read_in_its_text_is_the_word_read_alone() {
        let mut table = WordTable::default();
        for (value, word) in
            ["don't", "État", "WORD7", "word499", "abcdefghijklmnopqrstuvwxyz", "y", "z", "padding"].iter().enumerate()
        {
            table.insert(word, value as u32);
        }
        let text = "x DON’T Word499 État WORD7 abcdefghijklmnopqrstuvwxyz don't x y z padding padding";
        for word in ["DON’T", "Word499", "État", "WORD7", "abcdefghijklmnopqrstuvwxyz", "don't", "y", "z"] {
            // The word standing alone, not inside a longer one.
            let start = text.find(&format!(" {word} ")).unwrap() + 1;
            assert_eq!(table.get_in(text, start, start + word.len()), table.get(word), "{word}");
            assert!(table.get(word).is_some(), "{word}");
        }
        let end = text.len();
        assert_eq!(table.get_in(text, end - 7, end), table.get("padding"));
    }

    #[test]
    fn eight_bytes_lowercase_as_one_by_one() {
        for byte in 0..0x80u8 {
            let word = u64::from_le_bytes([byte, b'A', b'z', b'Z', b'@', b'[', byte, 0]);
            let expected: Vec<u8> = word.to_le_bytes().iter().map(u8::to_ascii_lowercase).collect();
            assert_eq!(ascii_lower(word).to_le_bytes().to_vec(), expected, "{byte}");
        }
    }
}
