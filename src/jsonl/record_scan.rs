//! A record line's `text`, `id` and `kintsugi` fields, found by one pass over the line for the record a
//! corpus holds: one JSON object whose keys have no escapes. Its strings are skipped from stop to stop
//! (quote, backslash or control character), found for the whole line a vector of bytes at a time;
//! serde_json's string scan went eight bytes at a time and began again after every escape, and the
//! texts of a corpus are most of its bytes and hold an escape about every two hundred bytes (the
//! 5 MB sample of the generated corpus: 24,059, of which 23,635 are line breaks).
//!
//! The scan vouches only for lines serde_json reads without error into the same fields. Anything else
//! (an escape in a key, a field given twice, nesting deeper than [`MAX_DEPTH`], invalid JSON) gives
//! `None`, and serde_json reads the line and says what is wrong; `scanned_records_are_serde_json_s`
//! holds the two together over mutations of valid records.

use crate::scan::{self, ByteClass, Lanes};

/// The fields kintsugi reads of a record, as slices of the line: each value's JSON text, `None` for a
/// field that is missing or `null` (as serde_json gives an `Option` field).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Fields<'a> {
    pub text: Option<&'a str>,
    pub id: Option<&'a str>,
    /// Whether a `kintsugi` field (an earlier run's) is there.
    pub has_previous: bool,
}

/// Objects and arrays nested deeper than this are left to serde_json (whose limit is 128).
const MAX_DEPTH: usize = 100;

/// The bytes a JSON string stops at: its closing quote, a backslash, or a control character (which
/// JSON allows only escaped).
struct StringStops;

impl ByteClass for StringStops {
    fn starts_at(bytes: &[u8], at: usize) -> bool {
        matches!(bytes[at], b'"' | b'\\' | 0x00..=0x1F)
    }

    fn members<L: Lanes>(first: L, _second: L, _third: L) -> L {
        first
            .equal(b'"')
            .or(first.equal(b'\\'))
            .or(first.within(0x00, 0x1F))
    }
}

/// The fields of `json`, a record line without its byte-order mark, when the scan can vouch for it;
/// with the line's string stops (bit `i % 64` of word `i / 64` for byte `i`), where the text's
/// backslashes are.
pub fn scan(json: &str) -> Option<(Fields<'_>, Vec<u64>)> {
    let mut reader = Reader {
        bytes: json.as_bytes(),
        at: 0,
        stops: scan::starts::<StringStops>(json.as_bytes()),
    };
    let mut fields = Fields::default();
    // Which of text, id and kintsugi were seen: serde_json refuses a field given twice.
    let mut seen = [false; 3];
    reader.skip_whitespace();
    reader.eat(b'{')?;
    reader.skip_whitespace();
    if reader.eat(b'}').is_none() {
        loop {
            let key_start = reader.at + 1;
            if reader.string()? {
                return None; // an escaped key: serde_json decodes it
            }
            let key = &json[key_start..reader.at - 1];
            reader.skip_whitespace();
            reader.eat(b':')?;
            reader.skip_whitespace();
            let value_start = reader.at;
            reader.value(0)?;
            let value = Some(&json[value_start..reader.at]).filter(|value| *value != "null");
            let field = ["text", "id", super::FIELD]
                .iter()
                .position(|name| *name == key);
            if let Some(field) = field {
                if std::mem::replace(&mut seen[field], true) {
                    return None;
                }
                match field {
                    0 => fields.text = value,
                    1 => fields.id = value,
                    _ => fields.has_previous = value.is_some(),
                }
            }
            reader.skip_whitespace();
            match reader.next()? {
                b',' => reader.skip_whitespace(),
                b'}' => break,
                _ => return None,
            }
        }
    }
    reader.skip_whitespace();
    (reader.at == json.len()).then_some((fields, reader.stops))
}

/// A position in a line, and where the line's string stops are.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    stops: Vec<u64>,
}

impl Reader<'_> {
    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn next(&mut self) -> Option<u8> {
        let byte = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(byte)
    }

    /// Moves past `byte` if it is next.
    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.bytes.get(self.at) == Some(&byte)).then(|| self.at += 1)
    }

    /// Moves past the string that starts here; whether it holds an escape. `None` for no string or
    /// one JSON does not allow.
    fn string(&mut self) -> Option<bool> {
        self.eat(b'"')?;
        let mut escaped = false;
        loop {
            // (Past the line's end, the scan's zero padding reads as control characters.)
            let stop = scan::next_start(&self.stops, self.at)?;
            match *self.bytes.get(stop)? {
                b'"' => {
                    self.at = stop + 1;
                    return Some(escaped);
                }
                b'\\' => {
                    escaped = true;
                    self.at = stop
                        + match self.bytes.get(stop + 1)? {
                            b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => 2,
                            b'u' => {
                                let hex = self.bytes.get(stop + 2..stop + 6)?;
                                hex.iter().all(u8::is_ascii_hexdigit).then_some(6)?
                            }
                            _ => return None,
                        };
                }
                _ => return None, // a raw control character
            }
        }
    }

    /// Moves past the value that starts here, checked as serde_json checks a value it skips.
    fn value(&mut self, depth: usize) -> Option<()> {
        match *self.bytes.get(self.at)? {
            b'"' => self.string().map(drop),
            b'{' | b'[' if depth < MAX_DEPTH => {
                let close = if self.next()? == b'{' { b'}' } else { b']' };
                self.skip_whitespace();
                if self.eat(close).is_some() {
                    return Some(());
                }
                loop {
                    if close == b'}' {
                        self.string()?;
                        self.skip_whitespace();
                        self.eat(b':')?;
                        self.skip_whitespace();
                    }
                    self.value(depth + 1)?;
                    self.skip_whitespace();
                    match self.next()? {
                        b',' => self.skip_whitespace(),
                        byte if byte == close => return Some(()),
                        _ => return None,
                    }
                }
            }
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        self.bytes[self.at..].starts_with(word).then(|| {
            self.at += word.len();
        })
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    fn number(&mut self) -> Option<()> {
        let _ = self.eat(b'-');
        match self.next()? {
            b'0' => {}
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.eat(b'.').is_some() {
            self.some_digits()?;
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.at) {
            self.at += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.at) {
                self.at += 1;
            }
            self.some_digits()?;
        }
        // A digit right after a leading zero (`01`) is no number.
        (!self.bytes.get(self.at).is_some_and(u8::is_ascii_digit)).then_some(())
    }

    fn digits(&mut self) {
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
    }

    fn some_digits(&mut self) -> Option<()> {
        let start = self.at;
        self.digits();
        (self.at > start).then_some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields_of(json: &str) -> Option<Fields<'_>> {
        scan(json).map(|(fields, _)| fields)
    }

    /// What serde_json reads of a line, as the record reader asks it.
    fn serde_json_fields(json: &str) -> Option<Fields<'_>> {
        serde_json::from_str::<super::super::RecordView>(json)
            .ok()
            .map(Fields::from)
    }

    const RECORDS: &[&str] = &[
        r#"{"id":"doc-1","text":"派遣した。\n団長は\"軍人\"である。\\ \/ \b\f\r\t \u3042\ud83d\ude00","meta":{"source":"web","n":[1,-2.5e+3,0,0.5E-2,true,false,null,{},[]]},"lang":"ja"}"#,
        " { \"text\" : \"a\" , \"id\" : 12 , \"kintsugi\" : {\"score\":1} } \r\n",
        r#"{"text":null,"id":null,"kintsugi":null}"#,
        r#"{"text":{"nested":"x"},"id":[1,2],"x":"\u00e9"}"#,
        "{}",
        r#"{"tex":"a","texts":"b","ID":"c"}"#,
    ];

    #[test]
    fn records_are_read_as_serde_json_reads_them() {
        for record in RECORDS {
            let fields = fields_of(record);
            assert!(fields.is_some(), "{record}");
            assert_eq!(fields, serde_json_fields(record), "{record}");
        }
        assert_eq!(
            fields_of(RECORDS[1]),
            Some(Fields {
                text: Some("\"a\""),
                id: Some("12"),
                has_previous: true,
            })
        );
        assert_eq!(fields_of(RECORDS[2]), Some(Fields::default()));
    }

    #[test]
    fn what_the_scan_cannot_vouch_for_is_left_to_serde_json() {
        for line in [
            r#"{"te\u0078t":"a"}"#,       // an escaped key, which serde_json decodes
            r#"{"text":"a","text":"b"}"#, // a field twice
            r#"{"id":1,"id":null}"#,      // also when one is null
            "{\"text\":\"a\tb\"}",        // a raw control character
            r#"{"text":"a\x"}"#,          // an escape JSON does not have
            r#"{"text":"\u30"}"#,         // a short \u escape
            r#"{"text":"a"} x"#,          // something after the object
            r#"{"text":"a",}"#,           // a trailing comma
            r#"{"n":01}"#,                // a leading zero
            r#"{"n":1.}"#,                // no digit after the point
            r#"{"n":-}"#,                 // no digit at all
            r#"{"n":1e}"#,                // no digit in the exponent
            r#"{"n":tru}"#,               // half a literal
            r#"{"n":[1 2]}"#,             // no comma
            r#"{"text":"a""#,             // no closing brace
            r#"{"text":"a}"#,             // no closing quote
            r#"["text","a"]"#,            // not an object
            "\u{3000}{\"text\":\"a\"}",   // whitespace JSON does not have
        ] {
            assert_eq!(fields_of(line), None, "{line}");
        }
        let deep = format!(
            "{{\"n\":{}{}}}",
            "[".repeat(MAX_DEPTH + 1),
            "]".repeat(MAX_DEPTH + 1)
        );
        assert_eq!(fields_of(&deep), None);
        let shallow = format!(
            "{{\"n\":{}{}}}",
            "[".repeat(MAX_DEPTH),
            "]".repeat(MAX_DEPTH)
        );
        assert_eq!(fields_of(&shallow), serde_json_fields(&shallow));
    }

    /// Every record above with bytes deleted, doubled and replaced, one at a time and in pairs (a
    /// seeded generator): where the scan vouches for a line, serde_json reads the same fields from it.
    #[test]
    fn scanned_records_are_serde_json_s() {
        let alphabet: &[u8] = b"{}[]\":,\\ \t\n01-.eE+utrfalsnx\x01a";
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut random = |below: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % below as u64) as usize
        };
        let (mut vouched, mut refused) = (0, 0);
        for record in RECORDS {
            for _ in 0..3000 {
                let mut bytes = record.as_bytes().to_vec();
                for _ in 0..1 + random(2) {
                    let at = random(bytes.len() + 1);
                    match random(3) {
                        0 if at < bytes.len() => {
                            bytes.remove(at);
                        }
                        1 if at < bytes.len() => bytes.insert(at, bytes[at]),
                        _ => bytes.insert(at, alphabet[random(alphabet.len())]),
                    }
                }
                let Ok(line) = String::from_utf8(bytes) else {
                    continue;
                };
                let scanned = fields_of(&line);
                if scanned.is_some() {
                    assert_eq!(scanned, serde_json_fields(&line), "{line}");
                    vouched += 1;
                } else {
                    refused += 1;
                }
            }
        }
        // Both ways are taken often enough for the comparison to mean something.
        assert!(vouched > 2000 && refused > 2000, "{vouched} {refused}");
    }
}
