//! What a font tells the text reader: how a string's bytes split into character codes,
//! what Unicode text each code stands for (the `/ToUnicode` map, or the simple font's
//! encoding), and how far each glyph advances (its width), so that words and lines are
//! placed where the page shows them.

use std::collections::HashMap;

use super::object::{Dict, Document, Lexer, Object};

/// Entries of a `/ToUnicode` map or a `/W` array read at most (a font of a real
/// document has some thousands).
const MAX_MAP_ENTRIES: usize = 200_000;

/// A font as the text reader uses it.
#[derive(Debug, Default)]
pub struct Font {
    /// Two-byte codes (composite fonts with an Identity encoding) or one-byte codes.
    two_byte: bool,
    to_unicode: HashMap<u32, String>,
    /// The simple font's own encoding, when it has no `/ToUnicode` entry for a code.
    encoding: Option<[char; 256]>,
    widths: HashMap<u32, f64>,
    default_width: f64,
    /// Glyph space to text space (1/1000 for all but Type 3 fonts).
    scale: f64,
}

impl Font {
    /// Reads a font; its maps take entries from `budget`, shared by all fonts of the
    /// document (a hostile file could declare thousands of fonts of full maps).
    pub fn load(doc: &Document, object: &Object, budget: &mut usize) -> Font {
        let Some(dict) = doc.dict(object) else {
            return Font {
                scale: 0.001,
                default_width: 500.0,
                ..Font::default()
            };
        };
        let subtype = doc
            .get(dict, "Subtype")
            .as_name()
            .unwrap_or_default()
            .to_vec();
        let mut font = Font {
            scale: 0.001,
            ..Font::default()
        };
        if subtype == b"Type0" {
            font.two_byte = match doc.get(dict, "Encoding") {
                Object::Name(n) => n.starts_with(b"Identity") || n.ends_with(b"UCS2-H"),
                // An embedded CMap: assume two bytes, as nearly every writer uses.
                _ => true,
            };
            font.default_width = 1000.0;
            if let Object::Array(descendants) = doc.get(dict, "DescendantFonts")
                && let Some(cid) = descendants.first().and_then(|d| doc.dict(d))
            {
                font.default_width = doc.get(cid, "DW").as_f64().unwrap_or(1000.0);
                if let Object::Array(w) = doc.get(cid, "W") {
                    font.widths = cid_widths(doc, w, budget);
                }
            }
        } else {
            let first = doc.get(dict, "FirstChar").as_int().unwrap_or(0);
            if let Object::Array(widths) = doc.get(dict, "Widths") {
                for (i, w) in widths.iter().take(256).enumerate() {
                    if let Some(w) = doc.resolve(w).as_f64() {
                        font.widths
                            .insert((first + i as i64).clamp(0, 255) as u32, w);
                    }
                }
            }
            font.default_width = doc
                .dict(doc.get(dict, "FontDescriptor"))
                .and_then(|fd| doc.get(fd, "MissingWidth").as_f64())
                .unwrap_or(500.0);
            if subtype == b"Type3"
                && let Object::Array(m) = doc.get(dict, "FontMatrix")
                && let Some(a) = m.first().and_then(|a| doc.resolve(a).as_f64())
            {
                font.scale = a.abs().clamp(1e-6, 1.0);
            }
            font.encoding = Some(simple_encoding(doc, dict));
        }
        if let Ok(data) = doc.stream_data(doc.get(dict, "ToUnicode")) {
            font.to_unicode = parse_cmap(&data, budget);
        }
        font
    }

    /// The codes of a shown string, each with its text and its advance in glyph units.
    pub fn decode<'f>(&'f self, bytes: &'f [u8]) -> impl Iterator<Item = (u32, String, f64)> + 'f {
        let step = if self.two_byte { 2 } else { 1 };
        bytes.chunks(step).map(move |chunk| {
            let code = chunk.iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b));
            let text = match self.to_unicode.get(&code) {
                Some(t) => t.clone(),
                None => match &self.encoding {
                    Some(table) if code < 256 => {
                        let c = table[code as usize];
                        if c == '\0' {
                            String::new()
                        } else {
                            c.to_string()
                        }
                    }
                    // A composite font without a map: the code may be Unicode itself
                    // (Identity-H over a Unicode-ordered font); control codes are not.
                    _ => char::from_u32(code)
                        .filter(|c| !c.is_control())
                        .map(String::from)
                        .unwrap_or_default(),
                },
            };
            let width = self
                .widths
                .get(&code)
                .copied()
                .unwrap_or(self.default_width);
            (code, text, width * self.scale)
        })
    }

    /// Whether the code is the single-byte space, to which word spacing applies.
    pub fn is_word_space(&self, code: u32) -> bool {
        !self.two_byte && code == 32
    }
}

/// `/W [c [w1 w2 …] c1 c2 w …]`.
fn cid_widths(doc: &Document, w: &[Object], budget: &mut usize) -> HashMap<u32, f64> {
    let mut out = HashMap::new();
    let mut i = 0;
    let limit = MAX_MAP_ENTRIES.min(*budget);
    while i < w.len() && out.len() < limit {
        let Some(first) = doc.resolve(&w[i]).as_int() else {
            i += 1;
            continue;
        };
        match w.get(i + 1).map(|o| doc.resolve(o)) {
            Some(Object::Array(list)) => {
                for (k, v) in list.iter().enumerate().take(limit) {
                    if let Some(v) = doc.resolve(v).as_f64() {
                        out.insert((first + k as i64).clamp(0, u32::MAX as i64) as u32, v);
                    }
                }
                i += 2;
            }
            Some(last) => {
                let (Some(last), Some(v)) = (
                    last.as_int(),
                    w.get(i + 2).and_then(|o| doc.resolve(o).as_f64()),
                ) else {
                    i += 3;
                    continue;
                };
                let last = last.min(first + (limit - out.len()) as i64);
                for c in first..=last {
                    out.insert(c.clamp(0, u32::MAX as i64) as u32, v);
                }
                i += 3;
            }
            None => break,
        }
    }
    *budget = budget.saturating_sub(out.len());
    out
}

/// The `bfchar` and `bfrange` entries of a ToUnicode CMap.
fn parse_cmap(data: &[u8], budget: &mut usize) -> HashMap<u32, String> {
    let limit = MAX_MAP_ENTRIES.min(*budget);
    let mut out = HashMap::new();
    let mut lexer = Lexer::new(data, 0);
    let mut tokens: Vec<Object> = Vec::new();
    while let Ok(Some(o)) = lexer.object(true, 0) {
        match &o {
            Object::Op(op) if op == b"endbfchar" => {
                for pair in tokens.chunks(2) {
                    if let [Object::Str(src), Object::Str(dst)] = pair {
                        out.insert(code_of(src), utf16(dst));
                    }
                }
                tokens.clear();
            }
            Object::Op(op) if op == b"endbfrange" => {
                for triple in tokens.chunks(3) {
                    let [Object::Str(lo), Object::Str(hi), dst] = triple else {
                        continue;
                    };
                    let (lo, hi) = (code_of(lo), code_of(hi));
                    if hi < lo || hi - lo > 0xffff {
                        continue;
                    }
                    for (k, code) in (lo..=hi).enumerate() {
                        if out.len() >= limit {
                            break;
                        }
                        let text = match dst {
                            Object::Str(start) => {
                                // The last UTF-16 unit counts up along the range.
                                let mut units: Vec<u16> = start
                                    .chunks(2)
                                    .map(|c| c.iter().fold(0u16, |a, &b| a << 8 | u16::from(b)))
                                    .collect();
                                if let Some(last) = units.last_mut() {
                                    *last = last.wrapping_add(k as u16);
                                }
                                String::from_utf16_lossy(&units)
                            }
                            Object::Array(list) => match list.get(k) {
                                Some(Object::Str(s)) => utf16(s),
                                _ => continue,
                            },
                            _ => continue,
                        };
                        out.insert(code, text);
                    }
                }
                tokens.clear();
            }
            Object::Op(op) if op == b"beginbfchar" || op == b"beginbfrange" => tokens.clear(),
            Object::Op(_) => {}
            _ => {
                if tokens.len() < 3 * MAX_MAP_ENTRIES {
                    tokens.push(o);
                }
            }
        }
        if out.len() >= limit {
            break;
        }
    }
    *budget = budget.saturating_sub(out.len());
    out
}

fn code_of(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .fold(0u32, |acc, &b| acc << 8 | u32::from(b))
}

fn utf16(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|c| c.iter().fold(0u16, |a, &b| a << 8 | u16::from(b)))
        .collect();
    String::from_utf16_lossy(&units)
        .chars()
        .filter(|&c| c != '\u{fffd}' && c != '\0')
        .collect()
}

/// A simple font's code → character table: its base encoding (WinAnsi unless it says
/// MacRoman or Standard, which differ from it only in the upper half a report uses
/// little) and its `/Differences`.
fn simple_encoding(doc: &Document, font: &Dict) -> [char; 256] {
    let mut table = ['\0'; 256];
    for (code, slot) in table.iter_mut().enumerate() {
        *slot = win_ansi(code as u8);
    }
    if let Some(enc) = doc.dict(doc.get(font, "Encoding"))
        && let Object::Array(diffs) = doc.get(enc, "Differences")
    {
        let mut code: i64 = 0;
        for item in diffs {
            match doc.resolve(item) {
                Object::Int(c) => code = *c,
                Object::Name(name) => {
                    if (0..256).contains(&code)
                        && let Some(c) = glyph_char(name)
                    {
                        table[code as usize] = c;
                    }
                    code += 1;
                }
                _ => {}
            }
        }
    }
    table
}

/// Windows-1252, the encoding of nearly every simple font in office documents.
fn win_ansi(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0',
        '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
    ];
    match b {
        0x20..=0x7e | 0xa0..=0xff => char::from(b),
        0x80..=0x9f => HIGH[usize::from(b - 0x80)],
        _ => '\0',
    }
}

/// The character of a glyph name: `uniXXXX`, `uXXXX`, a single letter, or one of the
/// Adobe names a French or English text uses.
fn glyph_char(name: &[u8]) -> Option<char> {
    let name = std::str::from_utf8(name).ok()?;
    let base = name.split('.').next().unwrap_or(name);
    if let Some(hex) = base.strip_prefix("uni").or_else(|| base.strip_prefix('u'))
        && (4..=6).contains(&hex.len())
        && let Ok(v) = u32::from_str_radix(&hex[..hex.len().min(6)], 16)
    {
        return char::from_u32(v);
    }
    let mut chars = base.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_ascii_alphanumeric()
    {
        return Some(c);
    }
    const NAMES: &[(&str, char)] = &[
        ("space", ' '),
        ("exclam", '!'),
        ("quotedbl", '"'),
        ("numbersign", '#'),
        ("dollar", '$'),
        ("percent", '%'),
        ("ampersand", '&'),
        ("quotesingle", '\''),
        ("quoteright", '’'),
        ("quoteleft", '‘'),
        ("parenleft", '('),
        ("parenright", ')'),
        ("asterisk", '*'),
        ("plus", '+'),
        ("comma", ','),
        ("hyphen", '-'),
        ("period", '.'),
        ("slash", '/'),
        ("zero", '0'),
        ("one", '1'),
        ("two", '2'),
        ("three", '3'),
        ("four", '4'),
        ("five", '5'),
        ("six", '6'),
        ("seven", '7'),
        ("eight", '8'),
        ("nine", '9'),
        ("colon", ':'),
        ("semicolon", ';'),
        ("less", '<'),
        ("equal", '='),
        ("greater", '>'),
        ("question", '?'),
        ("at", '@'),
        ("bracketleft", '['),
        ("backslash", '\\'),
        ("bracketright", ']'),
        ("underscore", '_'),
        ("grave", '`'),
        ("braceleft", '{'),
        ("bar", '|'),
        ("braceright", '}'),
        ("asciitilde", '~'),
        ("guillemotleft", '«'),
        ("guillemotright", '»'),
        ("guilsinglleft", '‹'),
        ("guilsinglright", '›'),
        ("endash", '–'),
        ("emdash", '—'),
        ("ellipsis", '…'),
        ("quotedblleft", '“'),
        ("quotedblright", '”'),
        ("quotedblbase", '„'),
        ("bullet", '•'),
        ("degree", '°'),
        ("euro", '€'),
        ("section", '§'),
        ("nbspace", '\u{a0}'),
        ("uni00A0", '\u{a0}'),
        ("fi", 'ﬁ'),
        ("fl", 'ﬂ'),
        ("ff", 'ﬀ'),
        ("ffi", 'ﬃ'),
        ("ffl", 'ﬄ'),
        ("oe", 'œ'),
        ("OE", 'Œ'),
        ("ae", 'æ'),
        ("AE", 'Æ'),
        ("germandbls", 'ß'),
        ("agrave", 'à'),
        ("aacute", 'á'),
        ("acircumflex", 'â'),
        ("adieresis", 'ä'),
        ("ccedilla", 'ç'),
        ("egrave", 'è'),
        ("eacute", 'é'),
        ("ecircumflex", 'ê'),
        ("edieresis", 'ë'),
        ("igrave", 'ì'),
        ("iacute", 'í'),
        ("icircumflex", 'î'),
        ("idieresis", 'ï'),
        ("ntilde", 'ñ'),
        ("ograve", 'ò'),
        ("oacute", 'ó'),
        ("ocircumflex", 'ô'),
        ("odieresis", 'ö'),
        ("ugrave", 'ù'),
        ("uacute", 'ú'),
        ("ucircumflex", 'û'),
        ("udieresis", 'ü'),
        ("ydieresis", 'ÿ'),
        ("Agrave", 'À'),
        ("Aacute", 'Á'),
        ("Acircumflex", 'Â'),
        ("Adieresis", 'Ä'),
        ("Ccedilla", 'Ç'),
        ("Egrave", 'È'),
        ("Eacute", 'É'),
        ("Ecircumflex", 'Ê'),
        ("Edieresis", 'Ë'),
        ("Icircumflex", 'Î'),
        ("Idieresis", 'Ï'),
        ("Ocircumflex", 'Ô'),
        ("Odieresis", 'Ö'),
        ("Ugrave", 'Ù'),
        ("Ucircumflex", 'Û'),
        ("Udieresis", 'Ü'),
        ("softhyphen", '\u{ad}'),
        ("minus", '−'),
    ];
    NAMES.iter().find(|(n, _)| *n == base).map(|(_, c)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmap_ranges_and_chars() {
        let cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
            2 beginbfchar <0003> <0020> <0010> <00E9> endbfchar\n\
            1 beginbfrange <0020> <0022> <0041> endbfrange\n\
            1 beginbfrange <0030> <0031> [<0066006C> <0078>] endbfrange";
        let map = parse_cmap(cmap, &mut 1000);
        assert_eq!(map[&3], " ");
        assert_eq!(map[&0x10], "é");
        assert_eq!(map[&0x22], "C");
        assert_eq!(map[&0x30], "fl");
        assert_eq!(map[&0x31], "x");
    }
}
