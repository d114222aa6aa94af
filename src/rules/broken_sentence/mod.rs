//! Clauses cut where the translator's chunks met, left as two broken sentences.

pub mod hard_wrap;
pub mod polite_split;
