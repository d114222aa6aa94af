//! Enumerations: items out of order or missing, and numeral systems mixed within one list. The lists
//! are the document's ([`crate::document::Document::enumerations`], built once for both rules).

pub mod numeral_style;
pub mod sequence;
