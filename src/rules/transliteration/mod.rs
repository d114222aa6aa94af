//! One name spelled several ways, in one article or across the corpus.

pub mod variant_spelling;
