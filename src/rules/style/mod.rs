//! Register: です/ます sentences in an article written in だ/である, or the reverse.

pub mod mixed_politeness;
