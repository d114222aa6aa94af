use crate::declare_rule;
use crate::document::{Document, RunScript, run_script_of};
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};
use std::ops::Range;

declare_rule! {
    /// ## What it does
    /// Finds a word or phrase written twice in a row (ほぼ、ほぼ; 重要な重要な) and keeps one.
    ///
    /// ## Why is this bad?
    /// Two overlapping translation chunks both kept the word. The doubled word reads as a stammer and
    /// skews word counts.
    ///
    /// ## How it decides
    /// Phrases of two to eight characters, repeated at once or across a `、`. Left alone: repetition inside
    /// quotes (「もっと、もっと」), reduplicated words (two kana repeated with nothing between, as in ますます
    /// or いろいろ; anything written with 々), distributives (一つ一つ), numbers, and the words the
    /// repetition table allows (src/data/repetition.toml).
    ///
    /// ## Example
    /// ```text
    /// 協定草案がほぼ、ほぼ準備完了であり
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 協定草案がほぼ準備完了であり
    /// ```
    pub struct RepeatedWord {
        id: "repetition/repeated-word",
        category: Repetition,
        severity: Warning,
        fixability: Always,
        summary: "a word or phrase written twice in a row",
    }
}

const MIN_CHARS: usize = 2;
const MAX_CHARS: usize = 8;

fn is_word_char(c: char) -> bool {
    matches!(
        run_script_of(c),
        RunScript::Han | RunScript::Hiragana | RunScript::Katakana | RunScript::Latin
    )
}

impl Rule for RepeatedWord {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, document: &Document, context: &Context, findings: &mut Vec<Finding>) {
        check_in_segments(document, context, findings, SEGMENT_BYTES);
    }
}

/// Lines longer than this are searched a segment at a time, each ending after a character no reported
/// repetition holds: the search's buffers take about ten bytes a byte of what it searches (keys,
/// characters and their offsets), which made a 10 MB line cost 139 MB.
const SEGMENT_BYTES: usize = 64 << 10;

/// The rule, with lines cut into segments of about `segment_bytes` (a parameter for the tests, which
/// hold small segments to the same findings as whole lines).
fn check_in_segments(
    document: &Document,
    context: &Context,
    findings: &mut Vec<Finding>,
    segment_bytes: usize,
) {
    let text = document.text;
    // Most lines are one segment, taken without cutting.
    let longest = document
        .line_spans()
        .map(|line| {
            if line.len() <= segment_bytes {
                line.len()
            } else {
                segments(text, line, segment_bytes)
                    .map(|segment| segment.len())
                    .max()
                    .unwrap_or(0)
            }
        })
        .max()
        .unwrap_or(0);
    let mut search = SegmentSearch {
        allowed: &context.knowledge.repetition_allowed,
        text,
        offsets: Vec::new(),
        chars: Vec::new(),
        candidates: Vec::new(),
        keys: vec![0; longest],
        low_keys: vec![0; longest + WIDE_WINDOW],
        wide: wide_compares(),
    };
    for line in document.line_spans() {
        if line.len() <= segment_bytes {
            search.search(line, 0, findings);
            continue;
        }
        // The quote depth where the segment starts, carried from the segments before it.
        let mut depth = 0;
        for segment in segments(text, line, segment_bytes) {
            let depth_before = depth;
            depth = text[segment.clone()].chars().fold(depth, quote_depth_after);
            search.search(segment, depth_before, findings);
        }
    }
}

/// A document's search, with buffers reused across segments: one allocation per document, not per
/// line. The key buffers are sized once for the longest segment (growing them line by line copied and
/// cleared them each time).
struct SegmentSearch<'a> {
    allowed: &'a [String],
    text: &'a str,
    offsets: Vec<usize>,
    chars: Vec<char>,
    candidates: Vec<Candidate>,
    keys: Vec<u32>,
    low_keys: Vec<u16>,
    wide: Option<Wide>,
}

impl SegmentSearch<'_> {
    /// The repetitions of `segment`, which starts `depth` deep in quotes. Inlined into its two callers:
    /// called once a line, as a function it cost 0.2 % of the instructions on small clean articles.
    #[inline(always)]
    fn search(&mut self, segment: Range<usize>, depth: u8, findings: &mut Vec<Finding>) {
        let segment_text = &self.text[segment.clone()];
        let candidates = &mut self.candidates;
        candidates.clear();
        repetitions(
            segment_text,
            &mut self.keys,
            &mut self.low_keys,
            self.wide,
            candidates,
        );
        if candidates.is_empty() {
            return;
        }
        let (offsets, chars) = (&mut self.offsets, &mut self.chars);
        offsets.clear();
        chars.clear();
        // Sized once for a segment of three-byte characters (most of a Japanese line).
        offsets.reserve(segment_text.len().div_ceil(3));
        chars.reserve(segment_text.len().div_ceil(3));
        for (offset, c) in segment_text.char_indices() {
            offsets.push(offset);
            chars.push(c);
        }
        let offset = |i: usize| offsets.get(i).copied().unwrap_or(segment_text.len());
        // Earliest start first, longest first: a found repetition hides those inside it. (Of the
        // same start and length, the one repeated at once before the one across a `、`.)
        candidates.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        let quote_depth = quote_depths(chars, depth);
        let mut covered_until = 0;
        for &(start, length, second_end) in candidates.iter() {
            if start < covered_until || quote_depth[start] > 0 {
                continue;
            }
            if !accept(chars, start, length, second_end, self.allowed) {
                continue;
            }
            let word = &segment_text[offset(start)..offset(start + length)];
            let span = segment.start + offset(start + length)..segment.start + offset(second_end);
            findings.push(
                Finding::new(
                    &RepeatedWord::META,
                    self.text,
                    span,
                    format!("`{word}` written twice in a row"),
                )
                .with_replacement(""),
            );
            covered_until = second_end;
        }
    }
}

/// Whether `c` can stand between segments: no repetition [`accept`] takes holds it (its word and copy
/// are word characters, with at most a `、` between them), and as [`accept`]'s neighbour of a Latin
/// word it is not Latin. So a segment ends after one, and every repetition reported lies inside a
/// segment, with the same neighbours.
fn ends_a_segment(c: char) -> bool {
    c != '、' && !is_word_char(c)
}

/// The segments of `line`: the line itself when it is at most `most_bytes` long; otherwise pieces that
/// each end just after the last character that [`ends_a_segment`] within `most_bytes` (or, where there
/// is none, the first after), the last piece ending with the line.
fn segments(
    text: &str,
    line: Range<usize>,
    most_bytes: usize,
) -> impl Iterator<Item = Range<usize>> {
    let mut start = line.start;
    std::iter::from_fn(move || {
        if start >= line.end {
            return None;
        }
        let mut window_end = start.saturating_add(most_bytes).min(line.end);
        while !text.is_char_boundary(window_end) {
            window_end -= 1;
        }
        let end = if window_end == line.end {
            line.end
        } else {
            let last_in_window = text[start..window_end]
                .char_indices()
                .rev()
                .find(|&(_, c)| ends_a_segment(c))
                .map(|(at, c)| start + at + c.len_utf8());
            last_in_window.unwrap_or_else(|| {
                text[window_end..line.end]
                    .char_indices()
                    .find(|&(_, c)| ends_a_segment(c))
                    .map_or(line.end, |(at, c)| window_end + at + c.len_utf8())
            })
        };
        let segment = start..end;
        start = end;
        Some(segment)
    })
}

/// A repetition: where its word starts, the word's length and where its copy ends (in characters).
type Candidate = (usize, usize, usize);

/// Every place of a line where `length` characters (`MIN_CHARS..=MAX_CHARS`) are repeated at once or
/// across a `、`, pushed to `candidates` in no set order.
///
/// A repetition has a pair of characters seen again `distance` places on: `MIN_CHARS` to `MAX_CHARS` for
/// copies at once, one more across a `、`. The pairs are compared eight places at a time, for every
/// distance at once, on the keys' low 16 bits (all of a kana's or kanji's bits but its lead byte's);
/// only in a block where a pair may have been seen again (four to seven blocks in a hundred) are the
/// places and distances looked at one by one, and the copies compared on the whole keys. So the
/// characters are decoded only for the few lines that hold a repetition, and no line is searched
/// once for each length. (A chain of earlier occurrences, walked instead, mispredicted on every
/// common character; a test one character at a time cost about 40 % more instructions; a yes-or-no
/// test here followed by a search of each length over the line's characters cost 2.7 % more
/// instructions in all on the README's generated 5 MB sample.)
///
/// `wide`: the processor's AVX2, found once per document, with which the pairs are compared sixteen
/// places at a time first; `None` compares eight (the tests take both ways).
fn repetitions(
    line: &str,
    keys: &mut Vec<u32>,
    low_keys: &mut Vec<u16>,
    wide: Option<Wide>,
    candidates: &mut Vec<Candidate>,
) {
    let (keys, low_keys) = fill_character_keys(line, keys, low_keys, wide);
    let copy_of = |first: usize, second: usize, length: usize| {
        keys.get(second..second + length)
            .is_some_and(|copy| copy == &keys[first..first + length])
    };
    // Blocks from every pair that can be seen again; the padding after the keys covers the last one.
    let places = keys.len().saturating_sub(1 + MIN_CHARS);
    let search_block = |first: usize| {
        let window = low_keys[first..first + WINDOW]
            .try_into()
            .expect("padded by WINDOW");
        if !any_pair_seen_again(window) {
            return;
        }
        for distance in MIN_CHARS..=MAX_DISTANCE {
            let mut places = places_seen_again(window, distance);
            while places != 0 {
                let place = first + places.trailing_zeros() as usize;
                places &= places - 1;
                let second = place + distance;
                // `distance` characters repeated at once, or the `distance - 1` before a comma
                // repeated after it.
                if distance <= MAX_CHARS && copy_of(place, second, distance) {
                    candidates.push((place, distance, second + distance));
                }
                if distance > MIN_CHARS
                    && keys[second - 1] == COMMA_KEY
                    && copy_of(place, second, distance - 1)
                {
                    candidates.push((place, distance - 1, second + distance - 1));
                }
            }
        }
    };
    match wide {
        #[cfg(target_arch = "x86_64")]
        Some(avx2) => avx2.each_block_seen_again(low_keys, places, search_block),
        _ => (0..places).step_by(PAIR_BLOCK).for_each(search_block),
    }
}

/// Proof that the processor has the wider compares: made only where it does.
#[cfg(target_arch = "x86_64")]
type Wide = avx2::Avx2;
#[cfg(not(target_arch = "x86_64"))]
#[derive(Clone, Copy)]
enum Wide {}

/// The processor's wider compares, if it has them.
fn wide_compares() -> Option<Wide> {
    #[cfg(target_arch = "x86_64")]
    return avx2::Avx2::detect();
    #[cfg(not(target_arch = "x86_64"))]
    None
}

/// Where the processor has AVX2, the pairs are first compared sixteen places at a time: a block of two
/// of [`PAIR_BLOCK`] places each, looked at as before only where a pair may have been seen again.
#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::{MAX_DISTANCE, MIN_CHARS, PAIR_BLOCK, WIDE_WINDOW, add_character_key};
    use std::arch::x86_64::{
        __m128i, __m256i, _mm_loadu_si128, _mm_storeu_si128, _mm256_and_si256,
        _mm256_castsi256_si128, _mm256_cmpeq_epi8, _mm256_cmpeq_epi16, _mm256_loadu_si256,
        _mm256_movemask_epi8, _mm256_or_si256, _mm256_permute4x64_epi64, _mm256_set_m128i,
        _mm256_setr_epi8, _mm256_setzero_si256, _mm256_shuffle_epi8, _mm256_storeu_si256,
        _mm256_testz_si256,
    };

    /// The processor has AVX2: made only by `detect`.
    #[derive(Clone, Copy)]
    pub struct Avx2(());

    impl Avx2 {
        pub fn detect() -> Option<Avx2> {
            std::is_x86_feature_detected!("avx2").then_some(Avx2(()))
        }

        /// `(0..places).step_by(PAIR_BLOCK).for_each(search_block)`, the blocks skipped two at a
        /// time where no pair of their places is seen again. `low_keys` holds `WIDE_WINDOW` values
        /// after the last place.
        pub fn each_block_seen_again(
            self,
            low_keys: &[u16],
            places: usize,
            search_block: impl FnMut(usize),
        ) {
            // SAFETY: an `Avx2` exists only where the processor has AVX2.
            unsafe { each_block_seen_again(low_keys, places, search_block) }
        }

        /// The keys of `bytes`' characters from the first, as [`super::fill_character_keys`] writes
        /// them, until 28 bytes are left: where the next characters all have three bytes, eight at a
        /// time. The byte and the place it stopped at.
        pub fn fill_character_keys(
            self,
            bytes: &[u8],
            keys: &mut [u32],
            low_keys: &mut [u16],
        ) -> (usize, usize) {
            // SAFETY: an `Avx2` exists only where the processor has AVX2.
            unsafe { fill_character_keys(bytes, keys, low_keys) }
        }
    }

    /// Each step loads 24 bytes as two lanes of twelve (the lanes' last four bytes unused) and tests
    /// them for four three-byte characters a lane: leads `1110xxxx`, then `10xxxxxx` twice. The
    /// characters that pass from the first are packed by shuffles into their keys; all eight keys are
    /// stored, and those past the passing ones are written over by the next step. A step where the
    /// first character is not a three-byte one takes that character one at a time.
    #[target_feature(enable = "avx2")]
    fn fill_character_keys(bytes: &[u8], keys: &mut [u32], low_keys: &mut [u16]) -> (usize, usize) {
        const LEAD: i8 = 0xF0_u8 as i8;
        const FOLLOW: i8 = 0xC0_u8 as i8;
        const THREE_LEAD: i8 = 0xE0_u8 as i8;
        const FOLLOWING: i8 = 0x80_u8 as i8;
        // Zero in a shuffle index's top bit: the lane's byte at that index; set: a zero byte.
        const ZERO: i8 = -128;
        #[rustfmt::skip]
        let (high_bits, expected) = (
            _mm256_setr_epi8(
                LEAD, FOLLOW, FOLLOW, LEAD, FOLLOW, FOLLOW, LEAD, FOLLOW, FOLLOW, LEAD, FOLLOW, FOLLOW, 0, 0, 0, 0,
                LEAD, FOLLOW, FOLLOW, LEAD, FOLLOW, FOLLOW, LEAD, FOLLOW, FOLLOW, LEAD, FOLLOW, FOLLOW, 0, 0, 0, 0,
            ),
            _mm256_setr_epi8(
                THREE_LEAD, FOLLOWING, FOLLOWING, THREE_LEAD, FOLLOWING, FOLLOWING,
                THREE_LEAD, FOLLOWING, FOLLOWING, THREE_LEAD, FOLLOWING, FOLLOWING, 0, 0, 0, 0,
                THREE_LEAD, FOLLOWING, FOLLOWING, THREE_LEAD, FOLLOWING, FOLLOWING,
                THREE_LEAD, FOLLOWING, FOLLOWING, THREE_LEAD, FOLLOWING, FOLLOWING, 0, 0, 0, 0,
            ),
        );
        // A key is the bytes as a big-endian number: in memory (little-endian), third, second, first, 0.
        #[rustfmt::skip]
        let (key_order, low_key_order) = (
            _mm256_setr_epi8(
                2, 1, 0, ZERO, 5, 4, 3, ZERO, 8, 7, 6, ZERO, 11, 10, 9, ZERO,
                2, 1, 0, ZERO, 5, 4, 3, ZERO, 8, 7, 6, ZERO, 11, 10, 9, ZERO,
            ),
            _mm256_setr_epi8(
                2, 1, 5, 4, 8, 7, 11, 10, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO,
                2, 1, 5, 4, 8, 7, 11, 10, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO,
            ),
        );
        let load = |at: usize| -> __m128i {
            let lanes: &[u8; 16] = bytes[at..at + 16].try_into().expect("16 bytes");
            // SAFETY: an unaligned load of the array's 16 bytes.
            unsafe { _mm_loadu_si128(lanes.as_ptr().cast()) }
        };
        let (mut at, mut count) = (0, 0);
        // `count <= at`, so the eight places a step stores are within the line's places.
        while at + 28 <= bytes.len() {
            let lanes = _mm256_set_m128i(load(at + 12), load(at));
            let passing = _mm256_movemask_epi8(_mm256_cmpeq_epi8(
                _mm256_and_si256(lanes, high_bits),
                expected,
            )) as u32;
            // The twelve tested bytes of each lane, together.
            let passing = passing & 0xFFF | passing >> 4 & 0xFF_F000;
            let characters = (passing.trailing_ones() / 3) as usize;
            if characters == 0 {
                let four = bytes[at..at + 4].try_into().expect("4 bytes");
                at += add_character_key(keys, low_keys, count, four);
                count += 1;
                continue;
            }
            let key_places: &mut [u32; 8] =
                (&mut keys[count..count + 8]).try_into().expect("8 places");
            let low_places: &mut [u16; 8] = (&mut low_keys[count..count + 8])
                .try_into()
                .expect("8 places");
            // The low keys' two lanes hold four each in their first eight bytes: brought together.
            let low = _mm256_permute4x64_epi64::<0b1000>(_mm256_shuffle_epi8(lanes, low_key_order));
            // SAFETY: unaligned stores of the arrays' 32 and 16 bytes.
            unsafe {
                _mm256_storeu_si256(
                    key_places.as_mut_ptr().cast(),
                    _mm256_shuffle_epi8(lanes, key_order),
                );
                _mm_storeu_si128(low_places.as_mut_ptr().cast(), _mm256_castsi256_si128(low));
            }
            at += 3 * characters;
            count += characters;
        }
        (at, count)
    }

    #[target_feature(enable = "avx2")]
    fn each_block_seen_again(low_keys: &[u16], places: usize, mut search_block: impl FnMut(usize)) {
        let mut first = 0;
        while first < places {
            let window: &[u16; WIDE_WINDOW] = low_keys[first..first + WIDE_WINDOW]
                .try_into()
                .expect("padded by WIDE_WINDOW");
            if any_pair_seen_again(window) {
                search_block(first);
                if first + PAIR_BLOCK < places {
                    search_block(first + PAIR_BLOCK);
                }
            }
            first += 2 * PAIR_BLOCK;
        }
    }

    /// Whether, at any of the sixteen places starting the window, the pair of keys there is seen
    /// again a distance of `MIN_CHARS..=MAX_DISTANCE` on. (A loop, not a fold: a closure would be
    /// compiled without AVX2, and the vector operations calls.)
    #[target_feature(enable = "avx2")]
    #[inline]
    pub(super) fn any_pair_seen_again(window: &[u16; WIDE_WINDOW]) -> bool {
        let load = |at: usize| -> __m256i {
            let lanes: &[u16; 16] = window[at..at + 16].try_into().expect("inside the window");
            // SAFETY: an unaligned load of the array's 32 bytes.
            unsafe { _mm256_loadu_si256(lanes.as_ptr().cast()) }
        };
        let (first, second) = (load(0), load(1));
        let mut seen_again = _mm256_setzero_si256();
        let mut distance = MIN_CHARS;
        while distance <= MAX_DISTANCE {
            let pair_seen = _mm256_and_si256(
                _mm256_cmpeq_epi16(first, load(distance)),
                _mm256_cmpeq_epi16(second, load(distance + 1)),
            );
            seen_again = _mm256_or_si256(seen_again, pair_seen);
            distance += 1;
        }
        _mm256_testz_si256(seen_again, seen_again) == 0
    }
}

/// Places compared at once.
const PAIR_BLOCK: usize = 8;
/// The farthest a pair is seen again: a word of `MAX_CHARS` and its `、`.
const MAX_DISTANCE: usize = MAX_CHARS + 1;
/// The low keys a block's compares read: its places, and the pairs `MAX_DISTANCE` on from the last.
const WINDOW: usize = PAIR_BLOCK + MAX_DISTANCE + 1;
/// [`WINDOW`] for two blocks at once; the padding after a line's keys.
const WIDE_WINDOW: usize = 2 * PAIR_BLOCK + MAX_DISTANCE + 1;
/// Pairs of characters need two of them.
const _: () = assert!(MIN_CHARS >= 2);

/// Whether, at any place `k` of the block starting the window, the pair (`window[k]`, `window[k + 1]`)
/// equals (`window[k + distance]`, `window[k + distance + 1]`) for a distance in
/// `MIN_CHARS..=MAX_DISTANCE`.
fn any_pair_seen_again(window: &[u16; WINDOW]) -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        use crate::scan::sse2::{mask, or};
        let seen_again = (MIN_CHARS + 1..=MAX_DISTANCE).fold(
            sse2_pairs_seen_again(window, MIN_CHARS),
            |seen, distance| or(seen, sse2_pairs_seen_again(window, distance)),
        );
        mask(seen_again) != 0
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        (MIN_CHARS..=MAX_DISTANCE).any(|distance| portable_places_seen_again(window, distance) != 0)
    }
}

/// Bit `k` set when the pair at place `k` of the block is seen again `distance` places on.
fn places_seen_again(window: &[u16; WINDOW], distance: usize) -> u32 {
    #[cfg(target_arch = "x86_64")]
    {
        // Two mask bits a 16-bit lane: keep one, then the lane is the bit's index halved.
        let bits = u32::from(crate::scan::sse2::mask(sse2_pairs_seen_again(
            window, distance,
        )));
        (0..PAIR_BLOCK).fold(0, |places, k| places | (bits >> k) & (1 << k))
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        portable_places_seen_again(window, distance)
    }
}

/// [`places_seen_again`] one place at a time: where there are no vector compares, and in tests.
#[cfg(any(test, not(target_arch = "x86_64")))]
fn portable_places_seen_again(window: &[u16; WINDOW], distance: usize) -> u32 {
    (0..PAIR_BLOCK).fold(0, |places, k| {
        let seen = window[k..k + 2] == window[k + distance..k + distance + 2];
        places | u32::from(seen) << k
    })
}

/// The pairs at the block's places seen again `distance` places on, as all-ones 16-bit lanes.
#[cfg(target_arch = "x86_64")]
fn sse2_pairs_seen_again(window: &[u16; WINDOW], distance: usize) -> std::arch::x86_64::__m128i {
    use crate::scan::sse2::{and, equal_u16, load_u16};
    let at = |from: usize| -> &[u16; PAIR_BLOCK] {
        window[from..from + PAIR_BLOCK]
            .try_into()
            .expect("inside the window")
    };
    let later = equal_u16(load_u16(at(0)), load_u16(at(distance)));
    and(
        later,
        equal_u16(load_u16(at(1)), load_u16(at(distance + 1))),
    )
}

/// `、` as [`fill_character_keys`] gives it.
const COMMA_KEY: u32 = 0xE3_80_81;

/// Each character of `line` as its UTF-8 bytes in a number (`keys`; equal numbers are equal
/// characters, and packing the bytes costs less than decoding them), and the numbers' low 16 bits
/// (`low_keys`) followed by `WIDE_WINDOW` padding values. Branch-free: the length comes from the lead
/// byte's high half, and the key from four bytes read at once and shifted down to the character's
/// own, so mixed scripts cost no mispredicted branch. With `wide` (AVX2), runs of three-byte
/// characters (kana and kanji, most of a Japanese line) are packed eight at a time first. (Not
/// inlined: inside the rule's check, the loop kept the text's address and length on the stack and
/// read them at every character.)
#[inline(never)]
fn fill_character_keys<'a>(
    line: &str,
    keys: &'a mut Vec<u32>,
    low_keys: &'a mut Vec<u16>,
    wide: Option<Wide>,
) -> (&'a [u32], &'a [u16]) {
    let bytes = line.as_bytes();
    // Written in place over what earlier lines left, then cut to the count: a line has at most one
    // character per byte. (The buffers only grow, so most lines write no zeros first.)
    if keys.len() < bytes.len() {
        keys.resize(bytes.len(), 0);
    }
    if low_keys.len() < bytes.len() + WIDE_WINDOW {
        low_keys.resize(bytes.len() + WIDE_WINDOW, 0);
    }
    // One place per byte, exactly: the places a line fills (`count`) are fewer than its bytes, so
    // looping over them bounds the stores without a check.
    let (key_places, low_places) = (&mut keys[..bytes.len()], &mut low_keys[..bytes.len()]);
    let (mut at, mut count) = match wide {
        #[cfg(target_arch = "x86_64")]
        Some(avx2) => avx2.fill_character_keys(bytes, key_places, low_places),
        _ => (0, 0),
    };
    while count < bytes.len() {
        let Some(four) = bytes.get(at..).and_then(<[u8]>::first_chunk::<4>) else {
            break;
        };
        at += add_character_key(key_places, low_places, count, *four);
        count += 1;
    }
    // The line's last characters: their bytes, zero-padded.
    while count < bytes.len() && at < bytes.len() {
        let mut padded = [0u8; 4];
        padded[..bytes.len() - at].copy_from_slice(&bytes[at..]);
        at += add_character_key(key_places, low_places, count, padded);
        count += 1;
    }
    // Past the keys, values for a block's loads to read that no pair reaching them can match: no
    // character's low 16 bits reach 0xE000 (they hold no lead byte, and a two-byte character's lead is
    // below 0xE0), and no two of these are equal.
    for (index, padding) in low_keys[count..count + WIDE_WINDOW].iter_mut().enumerate() {
        *padding = u16::MAX - index as u16;
    }
    (&keys[..count], &low_keys[..count + WIDE_WINDOW])
}

/// Writes the key of the character whose bytes `four` starts with at place `count`; its length.
#[inline(always)]
fn add_character_key(keys: &mut [u32], low_keys: &mut [u16], count: usize, four: [u8; 4]) -> usize {
    // UTF-8 length by the lead byte's high four bits (continuation bytes never lead a character).
    const LENGTH: [usize; 16] = [1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 4];
    let length = LENGTH[usize::from(four[0] >> 4)];
    let key = u32::from_be_bytes(four) >> (32 - 8 * length);
    keys[count] = key;
    low_keys[count] = key as u16;
    length
}

/// Every (start, length, end of the repetition) where `length` characters are repeated at once or
/// across a `、`, found one length at a time over the characters: what [`repetitions`] must find, in
/// the tests. (It was the rule's search until the block compares took its place.)
#[cfg(test)]
fn repetition_candidates(chars: &[char]) -> Vec<Candidate> {
    let mut candidates = Vec::new();
    for length in MIN_CHARS..=MAX_CHARS {
        if chars.len() <= length {
            break;
        }
        // A repetition starts with two characters in a row equal to those `length` places ahead. That
        // test has no loop-carried state, so it runs vectorised; most lines fail it for most lengths.
        let ahead = &chars[length..];
        let pairs = chars
            .iter()
            .zip(&chars[1..])
            .zip(ahead.iter().zip(&ahead[1..]))
            .filter(|((a0, a1), (b0, b1))| (a0 == b0) & (a1 == b1))
            .count();
        if pairs == 0 {
            continue;
        }
        // `run` counts the characters in a row equal to the one `length` places ahead, without a
        // branch on the comparison (equal neighbours are common, and a mispredicted branch costs more).
        let mut run = 0;
        for (k, (a, b)) in chars.iter().zip(&chars[length..]).enumerate() {
            run = (run + 1) * usize::from(a == b);
            if run >= length {
                let start = k + 1 - length;
                candidates.push((start, length, start + 2 * length));
            }
        }
    }
    for (comma, _) in chars.iter().enumerate().filter(|&(_, &c)| c == '、') {
        for length in MIN_CHARS..=MAX_CHARS.min(comma) {
            let (start, second_end) = (comma - length, comma + 1 + length);
            if second_end <= chars.len() && chars[start..comma] == chars[comma + 1..second_end] {
                candidates.push((start, length, second_end));
            }
        }
    }
    candidates
}

/// How deep in quotes each character is, counted from `depth`.
fn quote_depths(chars: &[char], mut depth: u8) -> Vec<u8> {
    chars
        .iter()
        .map(|&c| {
            depth = quote_depth_after(depth, c);
            depth
        })
        .collect()
}

/// The quote depth after `c`, at `depth` before it.
fn quote_depth_after(depth: u8, c: char) -> u8 {
    match c {
        '「' | '『' | '“' => depth.saturating_add(1),
        '」' | '』' | '”' => depth.saturating_sub(1),
        _ => depth,
    }
}

/// Whether a candidate repetition is one to report: words, not reduplication, numbers or allowed words.
fn accept(
    chars: &[char],
    start: usize,
    length: usize,
    second_end: usize,
    allowed: &[String],
) -> bool {
    let word = &chars[start..start + length];
    if !word.iter().all(|&c| is_word_char(c)) || is_exempt(word, allowed) {
        return false;
    }
    let separated = second_end - start == 2 * length + 1;
    // Reduplicated two-kana words (ますます, いろいろ) are words of their own.
    let reduplication = !separated
        && length == 2
        && word
            .iter()
            .all(|&c| matches!(run_script_of(c), RunScript::Hiragana | RunScript::Katakana));
    // Latin has word boundaries: "in" inside "sidelining" is no repetition.
    let is_latin = |i: usize| {
        chars
            .get(i)
            .is_some_and(|&c| run_script_of(c) == RunScript::Latin)
    };
    let latin_inside_word = word.iter().any(|&c| run_script_of(c) == RunScript::Latin)
        && ((start > 0 && is_latin(start - 1)) || is_latin(second_end));
    !reduplication && !latin_inside_word
}

fn is_exempt(word: &[char], allowed: &[String]) -> bool {
    let text: String = word.iter().collect();
    word[0] == '一'
        || word.contains(&'々')
        || word.iter().all(|c| c.is_ascii_digit())
        || word.windows(2).all(|w| w[0] == w[1])
        || allowed.contains(&text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::run;

    #[test]
    fn keeps_one_of_a_doubled_word() {
        assert_eq!(
            run(&RepeatedWord, "草案がほぼ、ほぼ準備完了であり"),
            vec![("、ほぼ".into(), Some("".into()))]
        );
        assert_eq!(
            run(&RepeatedWord, "これは重要な重要な問題だ。"),
            vec![("重要な".into(), Some("".into()))]
        );
    }

    #[test]
    fn leaves_quotes_reduplication_and_distributives() {
        for text in [
            "「もっと、もっと」と叫んだ。",
            "時々、ますます、いろいろ、少しずつ、そろそろ。",
            "一つ一つ確かめる。一人一人に配る。",
            "2020年、ドンドン進む。",
            "まだまだ課題は多い。",
            "sidelining the EU",
        ] {
            assert!(
                run(&RepeatedWord, text).is_empty(),
                "{text}: {:?}",
                run(&RepeatedWord, text)
            );
        }
    }

    /// The findings of `text` with lines cut into segments of about `segment_bytes`: span and message.
    fn segmented(text: &str, segment_bytes: usize) -> Vec<(Range<usize>, String)> {
        let document = Document::new(text, crate::document::TextKind::Plain);
        let mut findings = Vec::new();
        check_in_segments(&document, &Context::default(), &mut findings, segment_bytes);
        findings.into_iter().map(|f| (f.span, f.message)).collect()
    }

    /// Segments of a few bytes report what whole lines report, on the seeds and fixtures as one line
    /// each and as they are, and on lines whose repetitions sit beside the places a line is cut: inside
    /// quotes opened segments before, beside Latin words, across a `、`.
    #[test]
    fn segments_report_what_whole_lines_report() {
        let lines = [
            "「前置き。そして重要な重要な話」。これは重要な重要な問題だ。",
            "「『一。二』三。重要な重要な」重要な重要な。",
            "sidelining in in the EU. in in. ほぼ、ほぼ準備完了。ほぼ、ほぼ",
            "まだまだ。ますます。一つ一つ。2020年2020年。重要な。重要な",
        ];
        let mut texts = crate::rules::test_support::reference_texts_and(&lines);
        let one_line: Vec<String> = texts.iter().map(|t| t.replace('\n', " ")).collect();
        texts.extend(one_line);
        let mut reported = 0;
        for text in &texts {
            let whole = segmented(text, usize::MAX);
            for segment_bytes in [1, 3, 7, 16, 40, 200] {
                assert_eq!(
                    segmented(text, segment_bytes),
                    whole,
                    "{segment_bytes}: {text}"
                );
            }
            reported += whole.len();
        }
        assert!(reported > 10, "{reported}");
        // The quotes opened in an earlier segment still hide the repetition after them.
        assert_eq!(segmented(lines[0], 8).len(), 1);
    }

    /// Segments cover their line in order; each ends after a character that may end one, or with the
    /// line; and each is at most the size asked for unless no such character lets it be.
    #[test]
    fn segments_cover_the_line_and_end_where_they_may() {
        let text = "前置きの文。そして重要な重要な話。abc def、ghi。最後の文";
        let line = 0..text.len();
        for most_bytes in [1, 2, 3, 5, 8, 13, 21, 34, text.len(), usize::MAX] {
            let pieces: Vec<Range<usize>> = segments(text, line.clone(), most_bytes).collect();
            assert_eq!(pieces.first().map(|p| p.start), Some(0));
            assert_eq!(pieces.last().map(|p| p.end), Some(text.len()));
            for (piece, next) in pieces.iter().zip(&pieces[1..]) {
                assert_eq!(piece.end, next.start);
                let last = text[piece.clone()].chars().next_back().unwrap();
                assert!(
                    ends_a_segment(last),
                    "{most_bytes}: {:?}",
                    &text[piece.clone()]
                );
                let no_earlier_end = !text[piece.start..piece.end - last.len_utf8()]
                    .chars()
                    .any(ends_a_segment);
                assert!(piece.len() <= most_bytes || no_earlier_end, "{most_bytes}");
            }
        }
    }

    #[test]
    fn character_keys_tell_characters_apart() {
        let text = "a、é漢𠮷、";
        let (mut key_buffer, mut low_key_buffer) = (vec![7; 64], vec![7; 64]);
        let (keys, low_keys) =
            fill_character_keys(text, &mut key_buffer, &mut low_key_buffer, None);
        assert_eq!(keys.len(), text.chars().count());
        assert_eq!((keys[1], keys[5]), (COMMA_KEY, COMMA_KEY));
        let distinct: std::collections::HashSet<u32> = keys.iter().copied().collect();
        assert_eq!(distinct.len(), 5);
        // The low 16 bits, then padding no character's low bits equal and no two padding values share.
        assert_eq!(low_keys.len(), keys.len() + WIDE_WINDOW);
        let (low, padding) = low_keys.split_at(keys.len());
        assert!(low.iter().zip(keys).all(|(&low, &key)| low == key as u16));
        assert!(low.iter().all(|low| !padding.contains(low)));
        assert_eq!(
            padding
                .iter()
                .collect::<std::collections::HashSet<_>>()
                .len(),
            WIDE_WINDOW
        );
    }

    /// The keys packed eight at a time (AVX2) are the keys packed one at a time, on every line of the
    /// seeds and fixtures and on lines of mixed scripts cut at every length.
    #[test]
    fn wide_character_keys_agree_with_one_at_a_time() {
        let Some(wide) = wide_compares() else {
            return;
        };
        let mut lines = crate::files::reference_lines(&["seeds", "fixtures"]);
        let mixed = "漢字とかなa、é漢𠮷カタカナ漢字ひらがなab漢字で書かれた長い文が続く。";
        lines.extend(
            (0..=mixed.len())
                .filter(|&end| mixed.is_char_boundary(end))
                .map(|end| mixed[..end].to_string()),
        );
        for line in &lines {
            let (mut keys, mut low_keys) = (Vec::new(), Vec::new());
            let (mut wide_keys, mut wide_low_keys) = (vec![9; 3], Vec::new());
            let one_at_a_time = fill_character_keys(line, &mut keys, &mut low_keys, None);
            let eight_at_a_time =
                fill_character_keys(line, &mut wide_keys, &mut wide_low_keys, Some(wide));
            assert_eq!(one_at_a_time, eight_at_a_time, "{line}");
        }
    }

    /// Numbers from a fixed seed, for windows of keys made up in the tests.
    fn xorshift(mut seed: u32) -> impl FnMut() -> u32 {
        move || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed
        }
    }

    /// The vector compare marks the places the one-at-a-time compare marks, for every distance, in
    /// windows where each place's pair is or is not seen again.
    #[test]
    fn block_compares_agree_with_one_place_at_a_time() {
        let mut next = xorshift(0x2545_F491_u32);
        let mut windows_with_a_pair = 0;
        for _ in 0..20_000 {
            // Few values, so that pairs are often seen again (in five windows of six).
            let window: [u16; WINDOW] = std::array::from_fn(|_| (next() % 6) as u16);
            for distance in MIN_CHARS..=MAX_DISTANCE {
                let expected = portable_places_seen_again(&window, distance);
                assert_eq!(
                    places_seen_again(&window, distance),
                    expected,
                    "{window:?} {distance}"
                );
            }
            let any = (MIN_CHARS..=MAX_DISTANCE)
                .any(|distance| portable_places_seen_again(&window, distance) != 0);
            assert_eq!(any_pair_seen_again(&window), any, "{window:?}");
            windows_with_a_pair += usize::from(any);
        }
        assert!(
            (10_000..19_000).contains(&windows_with_a_pair),
            "{windows_with_a_pair}"
        );
    }

    /// The sixteen-place compare (AVX2) finds a pair seen again exactly where one of its two blocks
    /// does.
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn the_wide_compare_agrees_with_its_two_blocks() {
        if avx2::Avx2::detect().is_none() {
            return;
        }
        let mut next = xorshift(0x9E37_79B9_u32);
        let mut windows_with_a_pair = 0;
        for _ in 0..20_000 {
            // Few enough values that about half the windows hold a pair seen again.
            let window: [u16; WIDE_WINDOW] = std::array::from_fn(|_| (next() % 12) as u16);
            let block = |first: usize| -> [u16; WINDOW] {
                window[first..first + WINDOW].try_into().unwrap()
            };
            let expected =
                any_pair_seen_again(&block(0)) || any_pair_seen_again(&block(PAIR_BLOCK));
            // SAFETY: the processor has AVX2.
            let wide = unsafe { avx2::any_pair_seen_again(&window) };
            assert_eq!(wide, expected, "{window:?}");
            windows_with_a_pair += usize::from(expected);
        }
        assert!(
            (4_000..16_000).contains(&windows_with_a_pair),
            "{windows_with_a_pair}"
        );
    }

    /// The block compares find every repetition the search one length at a time finds, and only
    /// those.
    #[test]
    fn the_block_compares_find_what_the_search_by_length_finds() {
        let mut lines: Vec<String> = crate::files::reference_lines(&["seeds", "fixtures"]);
        // Every repetition shape, at the start, the middle and the end of a line, and too long ones.
        for length in 1..=10 {
            let word: String = "漢字かなカナabc語句".chars().cycle().take(length).collect();
            for (before, after) in [("", ""), ("前の文、", "。"), ("x", "y")] {
                lines.push(format!("{before}{word}{word}{after}"));
                lines.push(format!("{before}{word}、{word}{after}"));
                lines.push(format!("{before}{word}、{word}"));
            }
        }
        // Pairs equal in their low 16 bits only (一 and 帀 differ in the lead byte alone): the block
        // compare sees them, the whole keys must not.
        for (before, after) in [("", ""), ("前の文、", "。")] {
            lines.push(format!("{before}一丁帀丁{after}"));
            lines.push(format!("{before}一丁、帀丁{after}"));
            lines.push(format!("{before}二一丁、二帀丁{after}"));
        }
        let (mut with_repetition, mut found) = (0, 0);
        for line in &lines {
            let chars: Vec<char> = line.chars().collect();
            let mut exact = repetition_candidates(&chars);
            exact.sort_unstable();
            // Sixteen places at a time where the processor can, and eight.
            for wide in [wide_compares(), None] {
                let mut candidates = Vec::new();
                repetitions(
                    line,
                    &mut Vec::new(),
                    &mut Vec::new(),
                    wide,
                    &mut candidates,
                );
                candidates.sort_unstable();
                assert_eq!(candidates, exact, "{line}");
            }
            with_repetition += usize::from(!exact.is_empty());
            found += exact.len();
        }
        assert!(found > with_repetition, "{found}");
        assert!(
            with_repetition > 50 && with_repetition < lines.len() / 2,
            "{with_repetition}"
        );
    }
}
