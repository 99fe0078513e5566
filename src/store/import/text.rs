//! Bytes of a text file to a string (UTF-8 with or without BOM, UTF-16 with BOM,
//! Windows-1252 otherwise), and the separator a CSV file uses.

use std::borrow::Cow;

/// Which encoding a file was read as (reported in the summary when not UTF-8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Encoding {
    Utf8,
    Utf16,
    Windows1252,
}

/// The text of a file. Never fails: bytes that are not UTF-8 are Windows-1252.
pub(crate) fn decode(bytes: &[u8]) -> (Cow<'_, str>, Encoding) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(s) => (Cow::Borrowed(s), Encoding::Utf8),
            Err(_) => (
                Cow::Owned(String::from_utf8_lossy(rest).into_owned()),
                Encoding::Utf8,
            ),
        };
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return (Cow::Owned(utf16(rest, u16::from_le_bytes)), Encoding::Utf16);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return (Cow::Owned(utf16(rest, u16::from_be_bytes)), Encoding::Utf16);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), Encoding::Utf8),
        Err(_) => (
            Cow::Owned(bytes.iter().map(|b| cp1252(*b)).collect()),
            Encoding::Windows1252,
        ),
    }
}

fn utf16(bytes: &[u8], f: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| f([c[0], c[1]]));
    char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// Windows-1252: Latin-1 except 0x80–0x9F (€, quotes, dashes, …).
fn cp1252(b: u8) -> char {
    const HIGH: [u16; 32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ];
    match b {
        0x80..=0x9F => char::from_u32(HIGH[(b - 0x80) as usize] as u32).unwrap_or('\u{FFFD}'),
        _ => b as char,
    }
}

/// The field separator of a CSV text: of `,`, `;` and tab, the one found most often
/// (outside quotes) in the first line that has any; `,` if none.
pub(crate) fn sniff_delimiter(text: &str) -> u8 {
    const CANDIDATES: [u8; 3] = [b'\t', b';', b','];
    let mut in_quotes = false;
    let mut counts = [0usize; 3];
    for &b in text.as_bytes().iter().take(64 * 1024) {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' | b'\r' if !in_quotes && counts.iter().any(|c| *c > 0) => break,
            _ if !in_quotes => {
                if let Some(i) = CANDIDATES.iter().position(|c| *c == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|i| (counts[*i], 3 - *i)).unwrap_or(2);
    if counts[best] == 0 {
        b','
    } else {
        CANDIDATES[best]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        assert_eq!(decode(b"\xEF\xBB\xBFsku").0, "sku");
        assert_eq!(decode(b"caf\xc3\xa9").1, Encoding::Utf8);
        let (s, e) = decode(b"caf\xe9 \x80 5");
        assert_eq!((s.as_ref(), e), ("café € 5", Encoding::Windows1252));
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("sku\tprix €".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(&utf16le).0, "sku\tprix €");
    }

    #[test]
    fn delimiters() {
        assert_eq!(sniff_delimiter("sku;price\nA;12,5\n"), b';');
        assert_eq!(sniff_delimiter("sku,price\nA,12.5\n"), b',');
        assert_eq!(sniff_delimiter("sku\tprice\n"), b'\t');
        assert_eq!(sniff_delimiter("\n\n\"a;b\",c\n"), b',');
        assert_eq!(sniff_delimiter("single"), b',');
        assert_eq!(sniff_delimiter("Report\nsku;name;price\n"), b';');
    }
}
