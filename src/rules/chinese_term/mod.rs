//! Chinese vocabulary and calques inside otherwise Japanese sentences.

pub mod known_term;
