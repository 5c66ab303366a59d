//! Eight bytes at a time in one `u64` ("SWAR"): the byte tests of the scans over a whole text
//! (words, sentence ends, quotation marks) and of the word table's keys.

/// One in each byte.
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of each byte.
pub(crate) const HIGH: u64 = ONES * 0x80;

/// The eight bytes at `at`, little-endian: the first byte is the lowest.
pub(crate) fn load8(bytes: &[u8], at: usize) -> u64 {
    let b = &bytes[at..at + 8];
    u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
}

/// For eight bytes each below 0x80, the high bit of each byte that lies in `low..=high`: the
/// sums do not carry from one byte into the next.
pub(crate) fn bytes_in_range(word: u64, low: u8, high: u8) -> u64 {
    (word + ONES * u64::from(0x80 - low)) & !(word + ONES * u64::from(0x7f - high)) & HIGH
}

/// The high bit of each byte equal to `byte`, exact for the lowest such byte (a borrow can flag
/// a byte above a true match, never below it).
pub(crate) fn bytes_equal_lowest(word: u64, byte: u8) -> u64 {
    let equal = word ^ (ONES * u64::from(byte));
    equal.wrapping_sub(ONES) & !equal & HIGH
}
