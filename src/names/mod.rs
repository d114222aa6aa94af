//! Katakana names: finding them, keying their spellings, measuring how far two spellings are apart, and
//! the corpus lexicon and gazetteer the name rules consult.

pub mod gazetteer;
pub mod katakana;
pub mod key;
pub mod lexicon;
