//! Chinese the translation left in Japanese text: whole sentences, fragments, quoted lines.

pub mod chinese_span;
