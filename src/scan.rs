//! Where a class of characters starts in UTF-8 text, found 16 bytes a step (32 where the processor has
//! AVX2) into a bitmask that the scans walk with `trailing_zeros`, instead of decoding every character:
//! in Japanese text the bytes of the characters a scan wants (katakana letters, sentence marks) recur
//! inside other characters, so a byte search stops falsely and a character walk mispredicts at every
//! change of script. Also a substring search for needles searched once ([`any_occurrence`]).

use std::ops::ControlFlow;

/// A class of characters recognised by their UTF-8 bytes: the same test one place at a time and, on
/// x86-64, a vector of places at once.
pub trait ByteClass {
    /// Whether a character of the class starts at `at`.
    fn starts_at(bytes: &[u8], at: usize) -> bool;

    /// All ones in each lane where a character of the class starts, from each place's first, second
    /// and third byte. Written once over [`Lanes`], it runs sixteen places at a time with SSE2 and
    /// thirty-two with AVX2.
    fn members<L: Lanes>(first: L, second: L, third: L) -> L;
}

/// Bit `i % 64` of word `i / 64` is set when a character of the class starts at byte `i`.
pub fn starts<C: ByteClass>(bytes: &[u8]) -> Vec<u64> {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2.
        return unsafe { avx2::starts::<C>(bytes) };
    }
    starts_by::<C, Portable>(bytes)
}

/// [`starts`] with the lanes of one vector width.
#[inline(always)]
fn starts_by<C: ByteClass, L: Lanes>(bytes: &[u8]) -> Vec<u64> {
    // Filled in place: a push in the loop tested the capacity and kept the length in memory. (Writing
    // into the reserved capacity instead of zeros, with `set_len`, saved only 0.3 %.)
    let mut words = vec![0; bytes.len().div_ceil(64)];
    let mut slots = words.iter_mut();
    let _: ControlFlow<()> = each_word::<C, L, ()>(bytes, |_, word| {
        *slots.next().expect("a word per 64 bytes") = word;
        ControlFlow::Continue(())
    });
    words
}

/// How many bits of `starts` are set for the bytes of `range`: [`count`] of a piece of the text the
/// bits were found for, when the piece ends at a character boundary.
pub fn count_in(starts: &[u64], range: std::ops::Range<usize>) -> usize {
    if range.is_empty() {
        return 0;
    }
    let (first, last) = (range.start / 64, (range.end - 1) / 64);
    // The first word's bits from the range's start on, the last word's up to its end.
    let from_start = u64::MAX << (range.start % 64);
    let to_end = u64::MAX >> (63 - (range.end - 1) % 64);
    let word = |index: usize| starts.get(index).copied().unwrap_or(0);
    if first == last {
        return (word(first) & from_start & to_end).count_ones() as usize;
    }
    let inner: u32 = (first + 1..last)
        .map(|index| word(index).count_ones())
        .sum();
    ((word(first) & from_start).count_ones() + inner + (word(last) & to_end).count_ones()) as usize
}

/// How many characters of the class start in `bytes`: [`starts`]' bits counted, without keeping them.
pub fn count<C: ByteClass>(bytes: &[u8]) -> usize {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2.
        return unsafe { avx2::count::<C>(bytes) };
    }
    count_by::<C, Portable>(bytes)
}

/// [`count`] with the lanes of one vector width.
#[inline(always)]
fn count_by<C: ByteClass, L: Lanes>(bytes: &[u8]) -> usize {
    let mut count = 0;
    let _: ControlFlow<()> = each_word::<C, L, ()>(bytes, |_, word| {
        count += word.count_ones() as usize;
        ControlFlow::Continue(())
    });
    count
}

/// [`starts`]' words in order, one 64-byte stretch of `bytes` at a time, with the byte each starts at,
/// until `each` breaks. A plain loop, inlined into its callers: the AVX2 callers' code is compiled for
/// AVX2 only as far as it is inlined into them.
#[inline(always)]
fn each_word<C: ByteClass, L: Lanes, B>(
    bytes: &[u8],
    mut each: impl FnMut(usize, u64) -> ControlFlow<B>,
) -> ControlFlow<B> {
    let mut at = 0;
    // A word's 64 places in blocks of the vector's width, while the last block's two bytes after it
    // are in the text; the last places from a copy padded with zero bytes: no class has a character
    // with a zero byte (`assert_class` holds every class to that), so the padding sets no bit, and a
    // character cut off at the end is no member either way. (A scan of a short text, such as a line,
    // would otherwise test most of its places one at a time.)
    while let Some(chunk) = bytes.get(at..).and_then(|rest| rest.first_chunk()) {
        each(at, word_mask::<C, L>(chunk))?;
        at += 64;
    }
    // The last one or two words (65 bytes left make two).
    while at < bytes.len() {
        let rest = &bytes[at..];
        let mut chunk = [0u8; CHUNK];
        chunk[..rest.len()].copy_from_slice(rest);
        each(at, word_mask::<C, L>(&chunk))?;
        at += 64;
    }
    ControlFlow::Continue(())
}

/// The first place of `bytes` where a character of the class starts and `confirm` holds: [`starts`]'
/// bits looked at as each word of them is found, so that a scan ends at its first confirmed place
/// (a line's scan for stray Chinese ends at its first signal).
pub fn first_confirmed<C: ByteClass>(
    bytes: &[u8],
    confirm: impl FnMut(usize) -> bool,
) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2.
        return unsafe { avx2::first_confirmed::<C>(bytes, confirm) };
    }
    first_confirmed_by::<C, Portable>(bytes, confirm)
}

/// [`first_confirmed`] with the lanes of one vector width.
#[inline(always)]
fn first_confirmed_by<C: ByteClass, L: Lanes>(
    bytes: &[u8],
    mut confirm: impl FnMut(usize) -> bool,
) -> Option<usize> {
    let found = each_word::<C, L, usize>(
        bytes,
        #[inline(always)]
        |start, mut bits| {
            // The bits walked by hand: through `bits_of`, the signal scan took 4.9 M more
            // instructions on the README's generated 5 MB sample.
            while bits != 0 {
                let at = start + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                if confirm(at) {
                    return ControlFlow::Break(at);
                }
            }
            ControlFlow::Continue(())
        },
    );
    match found {
        ControlFlow::Break(at) => Some(at),
        ControlFlow::Continue(()) => None,
    }
}

/// A word's 64 places and the two bytes after them.
const CHUNK: usize = 64 + 2;

/// The word of class members starting in `chunk`'s first 64 places.
/// (A loop, not a fold: a closure would be a function of its own, compiled without AVX2, and the
/// vector operations inside it calls instead of instructions.)
#[inline(always)]
fn word_mask<C: ByteClass, L: Lanes>(chunk: &[u8; CHUNK]) -> u64 {
    let mut word = 0;
    for at in (0..64).step_by(L::WIDTH) {
        let members = C::members(
            L::load(chunk, at),
            L::load(chunk, at + 1),
            L::load(chunk, at + 2),
        );
        word |= members.mask() << at;
    }
    word
}

/// Vectors of byte lanes, compared at once, a lane a place: the operations [`ByteClass::members`] is
/// written in.
pub trait Lanes: Copy {
    /// Lanes a vector holds.
    const WIDTH: usize;
    /// The `WIDTH` bytes of `chunk` from `at` (`at + WIDTH` at most [`CHUNK`]).
    fn load(chunk: &[u8; CHUNK], at: usize) -> Self;
    /// One bit a lane: its top bit.
    fn mask(self) -> u64;
    /// All ones in the lanes equal to `value`.
    fn equal(self, value: u8) -> Self;
    /// All ones in the lanes in `low..=high`, unsigned.
    fn within(self, low: u8, high: u8) -> Self;
    fn and(self, other: Self) -> Self;
    fn or(self, other: Self) -> Self;
}

/// The lanes every processor of the target has: SSE2's sixteen on x86-64; elsewhere one place at a
/// time.
#[cfg(target_arch = "x86_64")]
type Portable = sse2::Sse2;
#[cfg(not(target_arch = "x86_64"))]
type Portable = OnePlace;

/// One lane: the class's test one place at a time, where there are no vectors (and in tests, a third
/// reading of every class).
#[derive(Clone, Copy)]
pub struct OnePlace(u8);

impl Lanes for OnePlace {
    const WIDTH: usize = 1;
    #[inline(always)]
    fn load(chunk: &[u8; CHUNK], at: usize) -> Self {
        OnePlace(chunk[at])
    }
    #[inline(always)]
    fn mask(self) -> u64 {
        u64::from(self.0 >> 7)
    }
    #[inline(always)]
    fn equal(self, value: u8) -> Self {
        OnePlace(if self.0 == value { 0xFF } else { 0 })
    }
    #[inline(always)]
    fn within(self, low: u8, high: u8) -> Self {
        OnePlace(if (low..=high).contains(&self.0) {
            0xFF
        } else {
            0
        })
    }
    #[inline(always)]
    fn and(self, other: Self) -> Self {
        OnePlace(self.0 & other.0)
    }
    #[inline(always)]
    fn or(self, other: Self) -> Self {
        OnePlace(self.0 | other.0)
    }
}

/// The first set bit at or after `from`.
pub fn next_start(starts: &[u64], from: usize) -> Option<usize> {
    let mut word = from / 64;
    let mut bits = *starts.get(word)? & (u64::MAX << (from % 64));
    while bits == 0 {
        word += 1;
        bits = *starts.get(word)?;
    }
    Some(word * 64 + bits.trailing_zeros() as usize)
}

/// Whether the bit for byte `at` is set (false past the end).
#[inline]
pub fn is_start(starts: &[u64], at: usize) -> bool {
    starts
        .get(at / 64)
        .is_some_and(|word| (word >> (at % 64)) & 1 != 0)
}

/// Every set bit of bits kept elsewhere, in order.
pub fn each_set(starts: &[u64]) -> impl Iterator<Item = usize> + '_ {
    starts
        .iter()
        .enumerate()
        .flat_map(|(word, &bits)| bits_of(word, bits))
}

/// Every set bit, in order.
pub fn each_start(starts: Vec<u64>) -> impl Iterator<Item = usize> {
    starts
        .into_iter()
        .enumerate()
        .flat_map(|(word, bits)| bits_of(word, bits))
}

/// The places of the set bits of word `word`.
pub fn bits_of(word: usize, mut bits: u64) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        (bits != 0).then(|| {
            let bit = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            word * 64 + bit
        })
    })
}

/// Whether `accept` holds for a start of `needle` in `haystack` (the starts in order, not overlapping,
/// as `memchr::memmem::find_iter` gives them). For a needle searched for once: memmem's searcher costs
/// more to build (a byte pair chosen by ranking every byte of the needle, and the tables of its other
/// searches) than a short article costs to search. This searches with the memchr crate's packed-pair
/// finder (AVX2 where the processor has it) on a pair picked without ranking: the needle's last byte
/// and its first character's last byte, which in Japanese are continuation bytes, the most varied.
pub fn any_occurrence(haystack: &[u8], needle: &[u8], accept: impl FnMut(usize) -> bool) -> bool {
    let last = needle.len().wrapping_sub(1);
    let first_char_last = match needle.first() {
        Some(&lead) => (lead.leading_ones().max(1) - 1) as usize,
        None => 0,
    };
    let other = if last == first_char_last {
        0
    } else {
        first_char_last
    };
    any_occurrence_by_pair(haystack, needle, (last, other), accept)
}

/// [`any_occurrence`], the candidates found by the needle's bytes at the two indexes of `pair`: for a
/// needle whose likeliest bytes the caller knows (a doubled mark's copies differ from a single mark
/// in their second bytes, where memmem's ranks pick the first copy's two last bytes and stop at
/// every single mark). An index outside the needle, or the same index twice, searches with memmem.
pub fn any_occurrence_by_pair(
    haystack: &[u8],
    needle: &[u8],
    pair: (usize, usize),
    accept: impl FnMut(usize) -> bool,
) -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        use memchr::arch::{all::packedpair::Pair, x86_64};
        let pair = u8::try_from(pair.0).ok().zip(u8::try_from(pair.1).ok());
        if let Some(pair) =
            pair.and_then(|(first, second)| Pair::with_indices(needle, first, second))
        {
            // Two finder types, one per vector width: AVX2 where the processor has it.
            if let Some(finder) = x86_64::avx2::packedpair::Finder::with_pair(needle, pair) {
                let find = |rest: &[u8]| finder.find(rest, needle);
                return any_found(haystack, needle, finder.min_haystack_len(), accept, find);
            }
            if let Some(finder) = x86_64::sse2::packedpair::Finder::with_pair(needle, pair) {
                let find = |rest: &[u8]| finder.find(rest, needle);
                return any_found(haystack, needle, finder.min_haystack_len(), accept, find);
            }
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = pair;
    memchr::memmem::find_iter(haystack, needle).any(accept)
}

/// [`any_occurrence`] with a finder that reads `min_haystack_len` bytes at least.
#[cfg(target_arch = "x86_64")]
fn any_found(
    haystack: &[u8],
    needle: &[u8],
    min_haystack_len: usize,
    mut accept: impl FnMut(usize) -> bool,
    find: impl Fn(&[u8]) -> Option<usize>,
) -> bool {
    let mut from = 0;
    while haystack.len() - from >= min_haystack_len {
        let Some(found) = find(&haystack[from..]) else {
            return false;
        };
        if accept(from + found) {
            return true;
        }
        from += found + needle.len();
    }
    // A tail shorter than the finder reads at once: compared place by place.
    while from + needle.len() <= haystack.len() {
        if haystack[from..].starts_with(needle) {
            if accept(from) {
                return true;
            }
            from += needle.len();
        } else {
            from += 1;
        }
    }
    false
}

/// SSE2, part of every x86-64 processor: comparisons of sixteen bytes at once.
#[cfg(target_arch = "x86_64")]
pub mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_cmpeq_epi16, _mm_loadu_si128, _mm_max_epu8,
        _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };

    /// Sixteen byte lanes.
    #[derive(Clone, Copy)]
    pub struct Sse2(__m128i);

    impl super::Lanes for Sse2 {
        const WIDTH: usize = 16;
        #[inline(always)]
        fn load(chunk: &[u8; super::CHUNK], at: usize) -> Self {
            let lanes: &[u8; 16] = chunk[at..at + 16].try_into().expect("16 bytes");
            // SAFETY: an unaligned load of the array's 16 bytes.
            Sse2(unsafe { _mm_loadu_si128(lanes.as_ptr().cast()) })
        }
        #[inline(always)]
        fn mask(self) -> u64 {
            u64::from(mask(self.0))
        }
        #[inline(always)]
        fn equal(self, value: u8) -> Self {
            Sse2(equal(self.0, value))
        }
        #[inline(always)]
        fn within(self, low: u8, high: u8) -> Self {
            Sse2(within(self.0, low, high))
        }
        #[inline(always)]
        fn and(self, other: Self) -> Self {
            Sse2(and(self.0, other.0))
        }
        #[inline(always)]
        fn or(self, other: Self) -> Self {
            Sse2(or(self.0, other.0))
        }
    }

    // SAFETY (every function below): SSE2 is enabled on every x86-64 target, so its intrinsics can be
    // called; none of them touches memory.

    /// Lanes equal to `value`.
    #[inline]
    pub fn equal(lanes: __m128i, value: u8) -> __m128i {
        unsafe { _mm_cmpeq_epi8(lanes, _mm_set1_epi8(value as i8)) }
    }

    /// Lanes in `low..=high`, unsigned.
    #[inline]
    pub fn within(lanes: __m128i, low: u8, high: u8) -> __m128i {
        unsafe {
            let at_least = _mm_cmpeq_epi8(_mm_max_epu8(lanes, _mm_set1_epi8(low as i8)), lanes);
            let at_most = _mm_cmpeq_epi8(_mm_min_epu8(lanes, _mm_set1_epi8(high as i8)), lanes);
            _mm_and_si128(at_least, at_most)
        }
    }

    /// Eight 16-bit values in one vector.
    #[inline]
    pub fn load_u16(values: &[u16; 8]) -> __m128i {
        // SAFETY: an unaligned load of the array's 16 bytes.
        unsafe { _mm_loadu_si128(values.as_ptr().cast()) }
    }

    /// 16-bit lanes equal in `a` and `b` (all ones there).
    #[inline]
    pub fn equal_u16(a: __m128i, b: __m128i) -> __m128i {
        unsafe { _mm_cmpeq_epi16(a, b) }
    }

    #[inline]
    pub fn and(a: __m128i, b: __m128i) -> __m128i {
        unsafe { _mm_and_si128(a, b) }
    }

    #[inline]
    pub fn or(a: __m128i, b: __m128i) -> __m128i {
        unsafe { _mm_or_si128(a, b) }
    }

    /// One bit a lane: its top bit.
    #[inline]
    pub fn mask(lanes: __m128i) -> u16 {
        unsafe { _mm_movemask_epi8(lanes) as u16 }
    }
}

/// AVX2, on most x86-64 processors since 2013, found at run time: thirty-two bytes at once for the
/// class scans. Everything here is inlined into the three `target_feature` functions, so that it is
/// compiled with AVX2 on.
#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::{ByteClass, CHUNK, Lanes};
    use std::arch::x86_64::{
        __m256i, _mm256_and_si256, _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_max_epu8,
        _mm256_min_epu8, _mm256_or_si256, _mm256_set1_epi8,
    };

    /// [`super::starts`] with AVX2.
    ///
    /// # Safety
    /// The processor must have AVX2.
    #[target_feature(enable = "avx2")]
    pub unsafe fn starts<C: ByteClass>(bytes: &[u8]) -> Vec<u64> {
        super::starts_by::<C, Avx2>(bytes)
    }

    /// [`super::count`] with AVX2.
    ///
    /// # Safety
    /// The processor must have AVX2.
    #[target_feature(enable = "avx2")]
    pub unsafe fn count<C: ByteClass>(bytes: &[u8]) -> usize {
        super::count_by::<C, Avx2>(bytes)
    }

    /// [`super::first_confirmed`] with AVX2.
    ///
    /// # Safety
    /// The processor must have AVX2.
    #[target_feature(enable = "avx2")]
    pub unsafe fn first_confirmed<C: ByteClass>(
        bytes: &[u8],
        confirm: impl FnMut(usize) -> bool,
    ) -> Option<usize> {
        super::first_confirmed_by::<C, Avx2>(bytes, confirm)
    }

    /// `vpmovmskb` as an instruction LLVM cannot see into. Through the intrinsic, LLVM took the
    /// word's two masks for one 64-lane vector of bits, which AVX2 has no register for, and moved them
    /// a bit at a time (four times the instructions of the SSE2 scan).
    #[target_feature(enable = "avx2")]
    #[inline]
    fn movemask(lanes: __m256i) -> u32 {
        let mask: u32;
        // SAFETY: reads a register, writes a register; AVX2 is on.
        unsafe {
            std::arch::asm!(
                "vpmovmskb {mask:e}, {lanes}",
                lanes = in(ymm_reg) lanes,
                mask = lateout(reg) mask,
                options(pure, nomem, nostack, preserves_flags),
            );
        }
        mask
    }

    /// Thirty-two byte lanes. Made only by `load`, called only from the functions above: the
    /// processor has AVX2 wherever one exists.
    #[derive(Clone, Copy)]
    pub struct Avx2(__m256i);

    // SAFETY (every method): an `Avx2` exists only where the processor has AVX2 (above), and the
    // methods are inlined into functions compiled for it; only `load` touches memory.
    impl Lanes for Avx2 {
        const WIDTH: usize = 32;
        #[inline(always)]
        fn load(chunk: &[u8; CHUNK], at: usize) -> Self {
            let lanes: &[u8; 32] = chunk[at..at + 32].try_into().expect("32 bytes");
            // SAFETY: an unaligned load of the array's 32 bytes.
            Avx2(unsafe { _mm256_loadu_si256(lanes.as_ptr().cast()) })
        }
        #[inline(always)]
        fn mask(self) -> u64 {
            u64::from(unsafe { movemask(self.0) })
        }
        #[inline(always)]
        fn equal(self, value: u8) -> Self {
            Avx2(unsafe { _mm256_cmpeq_epi8(self.0, _mm256_set1_epi8(value as i8)) })
        }
        #[inline(always)]
        fn within(self, low: u8, high: u8) -> Self {
            unsafe {
                let lanes = self.0;
                let at_least =
                    _mm256_cmpeq_epi8(_mm256_max_epu8(lanes, _mm256_set1_epi8(low as i8)), lanes);
                let at_most =
                    _mm256_cmpeq_epi8(_mm256_min_epu8(lanes, _mm256_set1_epi8(high as i8)), lanes);
                Avx2(_mm256_and_si256(at_least, at_most))
            }
        }
        #[inline(always)]
        fn and(self, other: Self) -> Self {
            Avx2(unsafe { _mm256_and_si256(self.0, other.0) })
        }
        #[inline(always)]
        fn or(self, other: Self) -> Self {
            Avx2(unsafe { _mm256_or_si256(self.0, other.0) })
        }
    }
}

/// Test support: a class's one-place test names the characters `is_member` names, and its masks (with
/// the processor's widest vectors, with SSE2, and one lane at a time) agree with the one-place test at
/// every place, over the seeds and fixtures, over `neighbours` (the class's characters among those that
/// share bytes with them) shifted to every place of a vector, and over every BMP character: a
/// character added to `is_member` and not to the byte tests fails here.
#[cfg(test)]
pub fn assert_class<C: ByteClass>(neighbours: &str, is_member: impl Fn(char) -> bool) {
    // `starts` pads a text's last places with zero bytes, which must never start a member.
    assert!(!C::starts_at(&[0; 3], 0));
    assert_eq!(word_mask::<C, OnePlace>(&[0; CHUNK]), 0);
    let mut texts = crate::files::reference_texts(&["seeds", "fixtures"]);
    // Every place of a 32-byte vector, and the two bytes after it.
    for shift in 0..32 + 2 {
        texts.push(format!("{}{neighbours}", "x".repeat(shift)));
    }
    texts.push(('\0'..='\u{FFFF}').collect());
    for text in texts {
        let bytes = text.as_bytes();
        for (at, c) in text.char_indices() {
            assert_eq!(C::starts_at(bytes, at), is_member(c), "{c:?} at {at}");
        }
        let starts = starts::<C>(bytes);
        // The vectors this processor has (AVX2 if it has it) against SSE2 and one place at a time.
        assert_eq!(starts, starts_by::<C, Portable>(bytes));
        assert_eq!(starts, starts_by::<C, OnePlace>(bytes));
        for at in 0..bytes.len() {
            let bit = starts[at / 64] >> (at % 64) & 1 == 1;
            assert_eq!(bit, C::starts_at(bytes, at), "byte {at} of {text:?}");
        }
        // Every length, a character cut off at the end among them: the last places take another way.
        for length in 0..bytes.len().min(3 * 64) {
            let prefix = &bytes[..length];
            let prefix_starts = crate::scan::starts::<C>(prefix);
            for at in 0..length {
                let bit = prefix_starts[at / 64] >> (at % 64) & 1 == 1;
                assert_eq!(bit, C::starts_at(prefix, at), "byte {at} of {length}");
            }
        }
        let listed: Vec<usize> = each_start(starts.clone()).collect();
        let walked: Vec<usize> = (0..bytes.len())
            .filter(|&at| C::starts_at(bytes, at))
            .collect();
        assert_eq!(count::<C>(bytes), walked.len());
        assert_eq!(listed, walked);
        let mut next = walked.iter().copied().peekable();
        for from in 0..=bytes.len() {
            while next.next_if(|&at| at < from).is_some() {}
            assert_eq!(
                next_start(&starts, from),
                next.peek().copied(),
                "from {from}"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bits counted in a range are the bits a scan of that piece alone sets: every range of texts
    /// with characters of one to four bytes, across word edges.
    #[test]
    fn counts_in_ranges_are_counts_of_the_pieces() {
        struct Kana;
        impl ByteClass for Kana {
            fn starts_at(bytes: &[u8], at: usize) -> bool {
                matches!(bytes.get(at..at + 2), Some([0xE3, 0x81 | 0x82]))
            }
            fn members<L: Lanes>(first: L, second: L, _: L) -> L {
                first.equal(0xE3).and(second.within(0x81, 0x82))
            }
        }
        let text = "かなa漢字é😀カナ、".repeat(12);
        let starts = starts::<Kana>(text.as_bytes());
        let boundaries: Vec<usize> = text
            .char_indices()
            .map(|(at, _)| at)
            .chain([text.len()])
            .collect();
        for (index, &start) in boundaries.iter().enumerate() {
            for &end in &boundaries[index..] {
                assert_eq!(
                    count_in(&starts, start..end),
                    count::<Kana>(&text.as_bytes()[start..end]),
                    "{start}..{end}"
                );
            }
        }
    }

    /// The starts `any_occurrence` offers, in order, are memmem's: long and short haystacks (a short one,
    /// or the tail of a long one, is compared place by place), overlapping copies, every kind of needle.
    #[test]
    fn occurrences_are_memmem_s() {
        let mut texts = crate::files::reference_texts(&["seeds", "fixtures"]);
        texts.extend(["ラララ", "aaaaa", "ab", "é", ""].map(str::to_string));
        // Overlapping copies past the finders' minimum length.
        texts.extend(["ラ".repeat(40), "a".repeat(90)]);
        let mut needles: Vec<String> = ["ララ", "aa", "a", "é", "会談", "ウィトコフ", "。\n"]
            .map(str::to_string)
            .to_vec();
        needles.push("長".repeat(100));
        for text in &texts {
            needles.extend(
                crate::rules::boilerplate::content_words(text)
                    .into_iter()
                    .step_by(7)
                    .map(str::to_string),
            );
        }
        for text in &texts {
            let bytes = text.as_bytes();
            // Whole texts, and pieces around the finders' minimum length.
            let lengths = [bytes.len(), 17, 40, 70];
            for length in lengths.map(|length| length.min(bytes.len())) {
                let haystack = &bytes[..length];
                for needle in &needles {
                    let expected: Vec<usize> =
                        memchr::memmem::find_iter(haystack, needle.as_bytes()).collect();
                    let mut offered = Vec::new();
                    let found = any_occurrence(haystack, needle.as_bytes(), |at| {
                        offered.push(at);
                        false
                    });
                    assert!(!found);
                    assert_eq!(offered, expected, "{needle:?} in {length} bytes");
                    // Any pair of indexes finds the same starts, an unusable one through memmem.
                    let last = needle.len() - 1;
                    for pair in [(0, last), (last / 2, last), (1, 1), (0, 300)] {
                        let mut offered = Vec::new();
                        any_occurrence_by_pair(haystack, needle.as_bytes(), pair, |at| {
                            offered.push(at);
                            false
                        });
                        assert_eq!(offered, expected, "{needle:?} by {pair:?}");
                    }
                    // The search stops at the first start accepted.
                    if let Some(&second) = expected.get(1) {
                        let mut offered = Vec::new();
                        assert!(any_occurrence(haystack, needle.as_bytes(), |at| {
                            offered.push(at);
                            at == second
                        }));
                        assert_eq!(offered, expected[..2]);
                    }
                }
            }
        }
    }
}
