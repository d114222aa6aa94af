//! Counters the translation left without their numeral.

pub mod bare_counter;
