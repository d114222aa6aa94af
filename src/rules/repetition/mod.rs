//! Words or phrases the translation wrote twice in a row.

pub mod repeated_word;
