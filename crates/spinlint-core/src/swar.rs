//! Eight bytes at a time in one `u64` ("SWAR"): the byte tests of the scans over a whole text
//! (words, sentence ends, quotation marks) and of the word table's keys; and sixteen at a
//! time with SSE2 on x86-64, for the search for a few bytes.

/// One in each byte.
pub const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of each byte.
pub const HIGH: u64 = ONES * 0x80;

/// The eight bytes at `at`, little-endian: the first byte is the lowest.
pub fn load8(bytes: &[u8], at: usize) -> u64 {
    let b = &bytes[at..at + 8];
    u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
}

/// For eight bytes each below 0x80, the high bit of each byte that lies in `low..=high`: the
/// sums do not carry from one byte into the next.
pub fn bytes_in_range(word: u64, low: u8, high: u8) -> u64 {
    (word + ONES * u64::from(0x80 - low)) & !(word + ONES * u64::from(0x7f - high)) & HIGH
}

/// The high bit of each byte equal to `byte`, exact for the lowest such byte (a borrow can flag
/// a byte above a true match, never below it).
pub fn bytes_equal_lowest(word: u64, byte: u8) -> u64 {
    let equal = word ^ (ONES * u64::from(byte));
    equal.wrapping_sub(ONES) & !equal & HIGH
}

/// Calls `on_block` with the start of each whole block of sixteen bytes of `bytes` and the bit
/// mask of its bytes that are one of `targets` (bit `i` for byte `start + i`), with SSE2 (part
/// of every x86-64 processor), until `on_block` says to stop; returns where it stopped: the block
/// it stopped at, or the end of the whole blocks (the bytes after that, fewer than sixteen, are
/// the caller's to search).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn target_masks_sse2<const N: usize>(
    bytes: &[u8],
    targets: [u8; N],
    on_block: &mut impl FnMut(usize, u32) -> bool,
) -> usize {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_setzero_si128,
    };
    let mut needles = [_mm_setzero_si128(); N];
    for (needle, &target) in needles.iter_mut().zip(&targets) {
        *needle = _mm_set1_epi8(target as i8);
    }
    let (blocks, _) = bytes.as_chunks::<16>();
    for (index, block) in blocks.iter().enumerate() {
        // SAFETY: the load reads the sixteen bytes of `block`, with no alignment required.
        let chunk = unsafe { _mm_loadu_si128(block.as_ptr().cast::<__m128i>()) };
        let mut hits = _mm_setzero_si128();
        for &needle in &needles {
            hits = _mm_or_si128(hits, _mm_cmpeq_epi8(chunk, needle));
        }
        if !on_block(index * 16, _mm_movemask_epi8(hits) as u32) {
            return index * 16;
        }
    }
    blocks.len() * 16
}

/// The first byte of `bytes` that is one of `targets`, searched sixteen bytes at a time, and how
/// far the search went: the bytes after that, fewer than sixteen, are the caller's to search.
#[cfg(target_arch = "x86_64")]
pub fn find_any_of_sse2<const N: usize>(bytes: &[u8], targets: [u8; N]) -> (Option<usize>, usize) {
    let mut found = None;
    let mut first_hit = |start: usize, mask: u32| {
        if mask != 0 {
            found = Some(start + mask.trailing_zeros() as usize);
        }
        found.is_none()
    };
    // SAFETY: every x86-64 processor has SSE2 (a build setting does not make the intrinsics'
    // `#[target_feature]` calls safe: the function states the feature).
    let searched = unsafe { target_masks_sse2(bytes, targets, &mut first_hit) };
    (found, searched)
}

/// Calls `found` with the index of each byte of `bytes` that is one of `targets`, in order:
/// for bytes that recur every line or so (line ends), where a search call per match would cost
/// more than the scan.
pub fn for_each_position_of_any<const N: usize>(bytes: &[u8], targets: [u8; N], mut found: impl FnMut(usize)) {
    #[cfg(target_arch = "x86_64")]
    let searched = {
        let mut every_hit = |start: usize, mut mask: u32| {
            while mask != 0 {
                found(start + mask.trailing_zeros() as usize);
                mask &= mask - 1;
            }
            true
        };
        // SAFETY: as in `find_any_of_sse2`.
        unsafe { target_masks_sse2(bytes, targets, &mut every_hit) }
    };
    #[cfg(not(target_arch = "x86_64"))]
    let searched = 0;
    for (index, byte) in bytes.iter().enumerate().skip(searched) {
        if targets.contains(byte) {
            found(index);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 1000, failure_persistence: None, ..Default::default() })]

        #[test]
        fn every_position_of_any_is_a_byte_walk(
            bytes in proptest::collection::vec(proptest::sample::select(vec![b'\n', b'\r', b'a', b' ', 0x80, 0xff]), 0..80),
        ) {
            let expected: Vec<usize> = (0..bytes.len()).filter(|&i| matches!(bytes[i], b'\n' | b'\r')).collect();
            let mut positions = Vec::new();
            for_each_position_of_any(&bytes, [b'\n', b'\r'], |at| positions.push(at));
            proptest::prop_assert_eq!(positions, expected);
        }
    }
}
