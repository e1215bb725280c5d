//! The object layer of a PDF file: tokens, objects, streams and the table of numbered
//! objects. The file is untrusted, so every step is bounded: nesting depth, object
//! count, and the bytes that decompression may produce in all (a few kilobytes of
//! deflate can claim gigabytes).
//!
//! The table of objects is rebuilt by scanning the file for `N G obj` headers instead
//! of trusting the cross-reference table: published files are often edited, merged or
//! truncated, and a scan reads them all the same (the later definition wins, as with an
//! incremental update). Objects packed in object streams are read from those streams.

use std::collections::HashMap;
use std::io::Read;

/// Why a PDF could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfError(pub String);

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub type PdfResult<T> = Result<T, PdfError>;

fn err<T>(message: impl Into<String>) -> PdfResult<T> {
    Err(PdfError(message.into()))
}

/// Arrays and dictionaries nested deeper than this are refused (a real file nests a
/// handful of levels; a hostile one could exhaust the stack).
const MAX_DEPTH: usize = 64;
/// Numbered objects kept (a 500-page report has some tens of thousands).
const MAX_OBJECTS: usize = 1_000_000;
/// Bytes one stream may decompress to.
const MAX_STREAM_BYTES: usize = 32 * 1024 * 1024;
/// Bytes all streams together may decompress to.
const MAX_TOTAL_BYTES: usize = 128 * 1024 * 1024;

/// A PDF object. Strings and names are raw bytes; a stream keeps its dictionary and the
/// byte range of its (still encoded) data in the file.
#[derive(Debug, Clone, PartialEq)]
pub enum Object {
    Null,
    Bool(bool),
    Int(i64),
    Real(f64),
    Name(Vec<u8>),
    Str(Vec<u8>),
    Array(Vec<Object>),
    Dict(Dict),
    Ref(u32, u16),
    Stream(Dict, std::ops::Range<usize>),
    /// An operator of a content stream (`Tj`, `BT`): only the content lexer makes these.
    Op(Vec<u8>),
}

/// A dictionary, in file order (small: a linear search is fastest).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dict(pub Vec<(Vec<u8>, Object)>);

impl Dict {
    pub fn get(&self, key: &str) -> Option<&Object> {
        self.0
            .iter()
            .find(|(k, _)| k.as_slice() == key.as_bytes())
            .map(|(_, v)| v)
    }
}

impl Object {
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Object::Int(i) => Some(*i as f64),
            Object::Real(r) if r.is_finite() => Some(*r),
            _ => None,
        }
    }

    pub fn as_int(&self) -> Option<i64> {
        match self {
            Object::Int(i) => Some(*i),
            Object::Real(r) if r.is_finite() => Some(*r as i64),
            _ => None,
        }
    }

    pub fn as_name(&self) -> Option<&[u8]> {
        match self {
            Object::Name(n) => Some(n),
            _ => None,
        }
    }

    pub fn is_name(&self, name: &str) -> bool {
        self.as_name() == Some(name.as_bytes())
    }
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delim(b)
}

/// A cursor over PDF syntax (the file, a content stream or an object stream).
pub struct Lexer<'a> {
    pub data: &'a [u8],
    pub pos: usize,
}

impl<'a> Lexer<'a> {
    pub fn new(data: &'a [u8], pos: usize) -> Self {
        Lexer { data, pos }
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    pub fn skip_white(&mut self) {
        while let Some(b) = self.peek() {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// A bare word (`obj`, `R`, `true`, an operator) or a number, as bytes.
    fn word(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self.peek().is_some_and(is_regular) {
            self.pos += 1;
        }
        &self.data[start..self.pos]
    }

    /// The next object, or `None` at the end of the data. `ops` lets bare words through
    /// as operators (content streams); elsewhere they are an error. References
    /// (`12 0 R`) are recognised unless `ops` is set.
    pub fn object(&mut self, ops: bool, depth: usize) -> PdfResult<Option<Object>> {
        if depth > MAX_DEPTH {
            return err("objects nested too deeply");
        }
        self.skip_white();
        let Some(b) = self.peek() else {
            return Ok(None);
        };
        let object = match b {
            b'/' => {
                self.pos += 1;
                Object::Name(self.name())
            }
            b'(' => {
                self.pos += 1;
                Object::Str(self.literal_string())
            }
            b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                let dict = self.dict_body(ops, depth)?;
                // A stream follows its dictionary (not in content streams).
                if !ops {
                    let save = self.pos;
                    self.skip_white();
                    if self.data[self.pos..].starts_with(b"stream") {
                        let range = self.stream_range(&dict);
                        return Ok(Some(Object::Stream(dict, range)));
                    }
                    self.pos = save;
                }
                Object::Dict(dict)
            }
            b'<' => {
                self.pos += 1;
                Object::Str(self.hex_string())
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_white();
                    match self.peek() {
                        None => break,
                        Some(b']') => {
                            self.pos += 1;
                            break;
                        }
                        _ => {}
                    }
                    match self.object(ops, depth + 1)? {
                        Some(o) => items.push(o),
                        None => break,
                    }
                }
                Object::Array(items)
            }
            b']' | b'>' | b')' | b'{' | b'}' => {
                // Stray delimiters: skipped as a word would be.
                self.pos += 1;
                Object::Op(vec![b])
            }
            _ => {
                let word = self.word();
                if word.is_empty() {
                    self.pos += 1;
                    return Ok(Some(Object::Null));
                }
                if let Some(number) = parse_number(word) {
                    if !ops
                        && let Object::Int(n) = number
                        && let Some(reference) = self.try_reference(n)
                    {
                        return Ok(Some(reference));
                    }
                    number
                } else {
                    match word {
                        b"true" => Object::Bool(true),
                        b"false" => Object::Bool(false),
                        b"null" => Object::Null,
                        _ => Object::Op(word.to_vec()),
                    }
                }
            }
        };
        Ok(Some(object))
    }

    /// After an integer `n`: `G R` makes a reference; otherwise nothing is consumed.
    fn try_reference(&mut self, n: i64) -> Option<Object> {
        let save = self.pos;
        self.skip_white();
        let generation = self.word();
        if let Some(Object::Int(g)) = parse_number(generation) {
            self.skip_white();
            if self.word() == b"R"
                && let (Ok(n), Ok(g)) = (u32::try_from(n), u16::try_from(g))
            {
                return Some(Object::Ref(n, g));
            }
        }
        self.pos = save;
        None
    }

    fn name(&mut self) -> Vec<u8> {
        let raw = self.word();
        let mut out = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            if raw[i] == b'#'
                && let Some(v) = raw
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(v);
                i += 3;
                continue;
            }
            out.push(raw[i]);
            i += 1;
        }
        out
    }

    fn literal_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut depth = 1usize;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(b);
                }
                b'\\' => {
                    let Some(e) = self.peek() else { break };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xff) as u8);
                        }
                        other => out.push(other),
                    }
                }
                _ => out.push(b),
            }
        }
        out
    }

    fn hex_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(b) = self.peek() {
            self.pos += 1;
            if b == b'>' {
                break;
            }
            let v = match b {
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                b'A'..=b'F' => b - b'A' + 10,
                _ => continue,
            };
            match high.take() {
                Some(h) => out.push(h << 4 | v),
                None => high = Some(v),
            }
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
        out
    }

    fn dict_body(&mut self, ops: bool, depth: usize) -> PdfResult<Dict> {
        let mut entries = Vec::new();
        loop {
            self.skip_white();
            match self.peek() {
                None => break,
                Some(b'>') => {
                    self.pos += 1;
                    if self.peek() == Some(b'>') {
                        self.pos += 1;
                    }
                    break;
                }
                Some(b'/') => {
                    self.pos += 1;
                    let key = self.name();
                    match self.object(ops, depth + 1)? {
                        Some(value) => entries.push((key, value)),
                        None => break,
                    }
                }
                Some(_) => {
                    // Not a key: skip the value (a broken dictionary is read as far as
                    // it makes sense).
                    if self.object(ops, depth + 1)?.is_none() {
                        break;
                    }
                }
            }
        }
        Ok(Dict(entries))
    }

    /// The data of the stream whose `stream` keyword is at the cursor: by its direct
    /// `/Length` when `endstream` follows it, otherwise up to the next `endstream`.
    fn stream_range(&mut self, dict: &Dict) -> std::ops::Range<usize> {
        let mut start = self.pos + b"stream".len();
        if self.data.get(start) == Some(&b'\r') {
            start += 1;
        }
        if self.data.get(start) == Some(&b'\n') {
            start += 1;
        }
        let start = start.min(self.data.len());
        if let Some(len) = dict.get("Length").and_then(Object::as_int)
            && let Ok(len) = usize::try_from(len)
            && let Some(end) = start.checked_add(len)
            && end <= self.data.len()
        {
            let mut after = Lexer::new(self.data, end);
            after.skip_white();
            if self.data[after.pos..].starts_with(b"endstream") {
                self.pos = after.pos + b"endstream".len();
                return start..end;
            }
        }
        match memchr::memmem::find(&self.data[start..], b"endstream") {
            Some(i) => {
                let mut end = start + i;
                if end > start && self.data[end - 1] == b'\n' {
                    end -= 1;
                }
                if end > start && self.data[end - 1] == b'\r' {
                    end -= 1;
                }
                self.pos = start + i + b"endstream".len();
                start..end
            }
            None => {
                self.pos = self.data.len();
                start..self.data.len()
            }
        }
    }
}

fn parse_number(word: &[u8]) -> Option<Object> {
    let first = *word.first()?;
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.')) {
        return None;
    }
    let text = std::str::from_utf8(word).ok()?;
    if let Ok(i) = text.parse::<i64>() {
        return Some(Object::Int(i));
    }
    // `1.` and `.5` are reals; so is `--5` in some writers' eyes: read it as -5.
    let trimmed = text.trim_start_matches('+');
    let normalised = trimmed
        .strip_prefix("--")
        .map_or(trimmed.to_string(), |r| format!("-{r}"));
    normalised
        .parse::<f64>()
        .ok()
        .filter(|r| r.is_finite())
        .map(Object::Real)
}

/// A parsed PDF file: its bytes and where each numbered object is.
pub struct Document<'a> {
    data: &'a [u8],
    objects: HashMap<u32, Object>,
    /// Bytes decompressed so far, against [`MAX_TOTAL_BYTES`].
    inflated: std::cell::Cell<usize>,
}

impl<'a> Document<'a> {
    /// Reads the objects of `data` (which starts with `%PDF-`).
    pub fn parse(data: &'a [u8]) -> PdfResult<Self> {
        let mut doc = Document {
            data,
            objects: HashMap::new(),
            inflated: std::cell::Cell::new(0),
        };
        doc.scan()?;
        doc.unpack_object_streams()?;
        if doc.objects.is_empty() {
            return err("no object found: the file is not a complete PDF");
        }
        Ok(doc)
    }

    /// Finds every `N G obj` in the file, in order, and reads the object after it.
    fn scan(&mut self) -> PdfResult<()> {
        let data = self.data;
        let finder = memchr::memmem::Finder::new(b"obj");
        let mut from = 0;
        while let Some(i) = finder.find(&data[from..]) {
            let at = from + i;
            from = at + 3;
            // `obj` must stand alone (not `endobj`, not `objects`).
            if data.get(at + 3).is_some_and(|&b| is_regular(b)) {
                continue;
            }
            let Some((number, _)) = header_before(data, at) else {
                continue;
            };
            let mut lexer = Lexer::new(data, at + 3);
            let object = match lexer.object(false, 0) {
                Ok(Some(o)) => o,
                Ok(None) => break,
                // What a broken object spans is not looked at again: each byte of the
                // file is parsed once, whatever `obj` words a hostile file scatters.
                Err(_) => {
                    from = from.max(lexer.pos);
                    continue;
                }
            };
            if self.objects.len() >= MAX_OBJECTS && !self.objects.contains_key(&number) {
                return err(format!("more than {MAX_OBJECTS} objects"));
            }
            self.objects.insert(number, object);
            from = from.max(lexer.pos);
        }
        Ok(())
    }

    /// Reads the objects packed in object streams (`/Type /ObjStm`). An object defined
    /// directly in the file keeps that definition.
    fn unpack_object_streams(&mut self) -> PdfResult<()> {
        let streams: Vec<(Dict, std::ops::Range<usize>)> = self
            .objects
            .values()
            .filter_map(|o| match o {
                Object::Stream(d, r) if d.get("Type").is_some_and(|t| t.is_name("ObjStm")) => {
                    Some((d.clone(), r.clone()))
                }
                _ => None,
            })
            .collect();
        for (dict, range) in streams {
            let Ok(bytes) = self.decode(&dict, range) else {
                continue;
            };
            let count = dict.get("N").and_then(Object::as_int).unwrap_or(0).max(0) as usize;
            let first = dict
                .get("First")
                .and_then(Object::as_int)
                .unwrap_or(0)
                .max(0) as usize;
            let mut header = Lexer::new(&bytes, 0);
            let mut pairs = Vec::new();
            for _ in 0..count.min(bytes.len()) {
                let (Ok(Some(Object::Int(n))), Ok(Some(Object::Int(off)))) =
                    (header.object(true, 0), header.object(true, 0))
                else {
                    break;
                };
                pairs.push((n, off));
            }
            // Each object is read within its own span (up to the next one's offset), so
            // that offsets pointing into one another cannot make the work quadratic.
            let mut spans: Vec<(u32, usize)> = pairs
                .into_iter()
                .filter_map(|(n, off)| {
                    let n = u32::try_from(n).ok()?;
                    let at = first.checked_add(usize::try_from(off).ok()?)?;
                    (at < bytes.len()).then_some((n, at))
                })
                .collect();
            spans.sort_by_key(|&(_, at)| at);
            spans.dedup_by_key(|&mut (_, at)| at);
            let ends: Vec<usize> = spans
                .iter()
                .skip(1)
                .map(|&(_, at)| at)
                .chain(std::iter::once(bytes.len()))
                .collect();
            for ((n, at), end) in spans.into_iter().zip(ends) {
                if self.objects.contains_key(&n) {
                    continue;
                }
                if self.objects.len() >= MAX_OBJECTS {
                    return err(format!("more than {MAX_OBJECTS} objects"));
                }
                if let Ok(Some(object)) = Lexer::new(&bytes[..end], at).object(false, 0) {
                    // A stream cannot live in an object stream; its range would point
                    // into the decoded bytes, not the file.
                    if !matches!(object, Object::Stream(..)) {
                        self.objects.insert(n, object);
                    }
                }
            }
        }
        Ok(())
    }

    /// The object a reference points to (following chains of references a few steps);
    /// other objects as they are.
    pub fn resolve<'o>(&'o self, mut object: &'o Object) -> &'o Object {
        for _ in 0..8 {
            match object {
                Object::Ref(n, _) => match self.objects.get(n) {
                    Some(o) => object = o,
                    None => return &Object::Null,
                },
                _ => return object,
            }
        }
        &Object::Null
    }

    /// A dictionary entry, resolved.
    pub fn get<'o>(&'o self, dict: &'o Dict, key: &str) -> &'o Object {
        dict.get(key).map_or(&Object::Null, |o| self.resolve(o))
    }

    /// A dictionary, or a stream's dictionary.
    pub fn dict<'o>(&'o self, object: &'o Object) -> Option<&'o Dict> {
        match self.resolve(object) {
            Object::Dict(d) | Object::Stream(d, _) => Some(d),
            _ => None,
        }
    }

    /// Every numbered object.
    pub fn objects(&self) -> impl Iterator<Item = &Object> {
        self.objects.values()
    }

    /// Whether some trailer or cross-reference stream names an `/Encrypt` dictionary.
    pub fn is_encrypted(&self) -> bool {
        // The last trailers only (a file has one per update): each is parsed, and a
        // hostile file could hold millions of the word.
        let trailers: Vec<usize> = memchr::memmem::find_iter(self.data, b"trailer").collect();
        let trailer_encrypted = trailers.iter().rev().take(16).any(|&at| {
            let mut lexer = Lexer::new(self.data, at + b"trailer".len());
            matches!(lexer.object(false, 0), Ok(Some(Object::Dict(d))) if d.get("Encrypt").is_some())
        });
        trailer_encrypted
            || self.objects.values().any(|o| {
                matches!(o, Object::Stream(d, _)
                    if d.get("Type").is_some_and(|t| t.is_name("XRef")) && d.get("Encrypt").is_some())
            })
    }

    /// A stream's data, decoded (Flate and ASCIIHex; other filters are refused).
    pub fn stream_data(&self, object: &Object) -> PdfResult<Vec<u8>> {
        match self.resolve(object) {
            Object::Stream(dict, range) => self.decode(dict, range.clone()),
            _ => err("not a stream"),
        }
    }

    fn decode(&self, dict: &Dict, range: std::ops::Range<usize>) -> PdfResult<Vec<u8>> {
        let mut bytes = self
            .data
            .get(range)
            .ok_or_else(|| PdfError("a stream runs past the end of the file".into()))?
            .to_vec();
        let filters: Vec<Vec<u8>> = match self.get(dict, "Filter") {
            Object::Name(n) => vec![n.clone()],
            Object::Array(items) => items
                .iter()
                .filter_map(|i| self.resolve(i).as_name().map(<[u8]>::to_vec))
                .collect(),
            _ => Vec::new(),
        };
        let params: Vec<Option<&Dict>> = match self.get(dict, "DecodeParms") {
            Object::Array(items) => items.iter().map(|i| self.dict(i)).collect(),
            Object::Dict(d) => vec![Some(d)],
            _ => Vec::new(),
        };
        for (i, filter) in filters.iter().enumerate() {
            bytes = match filter.as_slice() {
                b"FlateDecode" | b"Fl" => {
                    let inflated = self.inflate(&bytes)?;
                    match params.get(i).copied().flatten() {
                        Some(p) => self.unpredict(inflated, p)?,
                        None => inflated,
                    }
                }
                b"ASCIIHexDecode" | b"AHx" => Lexer::new(&bytes, 0).hex_string(),
                other => {
                    return err(format!(
                        "a stream uses the {} filter, which the reader does not decode",
                        String::from_utf8_lossy(other)
                    ));
                }
            };
        }
        Ok(bytes)
    }

    /// Inflates zlib data, within the stream and total budgets. A truncated stream gives
    /// what it holds (writers sometimes leave off the checksum).
    fn inflate(&self, bytes: &[u8]) -> PdfResult<Vec<u8>> {
        let left = MAX_TOTAL_BYTES.saturating_sub(self.inflated.get());
        let limit = MAX_STREAM_BYTES.min(left);
        let mut out = Vec::new();
        let decoder = flate2::read::ZlibDecoder::new(bytes);
        let mut limited = decoder.take(limit as u64 + 1);
        let mut buf = [0u8; 16 * 1024];
        loop {
            match limited.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(_) => break,
            }
        }
        if out.len() > limit {
            return err(format!(
                "a stream inflates to more than {} MiB (a compression bomb, or a file far larger than a report)",
                limit / (1024 * 1024)
            ));
        }
        self.inflated.set(self.inflated.get() + out.len());
        Ok(out)
    }

    /// Undoes a PNG predictor (`/Predictor` 10–15), as cross-reference and object
    /// streams may use; TIFF predictor 2 is left as it is (text never uses it).
    fn unpredict(&self, data: Vec<u8>, params: &Dict) -> PdfResult<Vec<u8>> {
        let predictor = self.get(params, "Predictor").as_int().unwrap_or(1);
        if predictor < 10 {
            return Ok(data);
        }
        let columns = self
            .get(params, "Columns")
            .as_int()
            .unwrap_or(1)
            .clamp(1, 1 << 16) as usize;
        let colors = self
            .get(params, "Colors")
            .as_int()
            .unwrap_or(1)
            .clamp(1, 32) as usize;
        let bits = self
            .get(params, "BitsPerComponent")
            .as_int()
            .unwrap_or(8)
            .clamp(1, 16) as usize;
        let bpp = (colors * bits).div_ceil(8).max(1);
        let row = (columns * colors * bits).div_ceil(8);
        let mut out = Vec::with_capacity(data.len());
        let mut prev = vec![0u8; row];
        for chunk in data.chunks(row + 1) {
            let (kind, line) = (chunk[0], &chunk[1..]);
            let mut cur = line.to_vec();
            cur.resize(row, 0);
            for i in 0..row {
                let left = if i >= bpp { cur[i - bpp] } else { 0 };
                let up = prev[i];
                let upleft = if i >= bpp { prev[i - bpp] } else { 0 };
                cur[i] = match kind {
                    1 => cur[i].wrapping_add(left),
                    2 => cur[i].wrapping_add(up),
                    3 => cur[i].wrapping_add(((u16::from(left) + u16::from(up)) / 2) as u8),
                    4 => cur[i].wrapping_add(paeth(left, up, upleft)),
                    _ => cur[i],
                };
            }
            out.extend_from_slice(&cur[..line.len().min(row)]);
            prev = cur;
        }
        Ok(out)
    }
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

/// The object number of an `N G obj` header whose `obj` is at `at`.
fn header_before(data: &[u8], at: usize) -> Option<(u32, u16)> {
    let mut i = at;
    let skip_white_back = |i: &mut usize| {
        while *i > 0 && is_white(data[*i - 1]) {
            *i -= 1;
        }
    };
    let digits_back = |i: &mut usize| -> Option<&[u8]> {
        let end = *i;
        while *i > 0 && data[*i - 1].is_ascii_digit() && end - *i < 10 {
            *i -= 1;
        }
        (*i < end).then(|| &data[*i..end])
    };
    skip_white_back(&mut i);
    let generation = digits_back(&mut i)?;
    skip_white_back(&mut i);
    let number = digits_back(&mut i)?;
    if i > 0 && is_regular(data[i - 1]) {
        return None;
    }
    let number = std::str::from_utf8(number).ok()?.parse().ok()?;
    let generation = std::str::from_utf8(generation).ok()?.parse().ok()?;
    Some((number, generation))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_parse() {
        let mut l = Lexer::new(b"<< /A 1 /B [2 0 R (x\\)y) <41 42>] /C#20D 3.5 >>", 0);
        let o = l.object(false, 0).unwrap().unwrap();
        let Object::Dict(d) = o else { panic!() };
        assert_eq!(d.get("A"), Some(&Object::Int(1)));
        assert_eq!(
            d.get("B"),
            Some(&Object::Array(vec![
                Object::Ref(2, 0),
                Object::Str(b"x)y".to_vec()),
                Object::Str(b"AB".to_vec())
            ]))
        );
        assert_eq!(d.get("C D"), Some(&Object::Real(3.5)));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let data = "[".repeat(10_000);
        assert!(Lexer::new(data.as_bytes(), 0).object(false, 0).is_err());
    }

    #[test]
    fn a_deflate_bomb_is_refused() {
        use std::io::Write;
        let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..40 {
            enc.write_all(&zeros).unwrap();
        }
        let bomb = enc.finish().unwrap();
        let mut pdf = format!(
            "%PDF-1.4\n1 0 obj << /Length {} /Filter /FlateDecode >> stream\n",
            bomb.len()
        )
        .into_bytes();
        pdf.extend_from_slice(&bomb);
        pdf.extend_from_slice(b"\nendstream endobj\n");
        let doc = Document::parse(&pdf).unwrap();
        let stream = doc.objects().next().unwrap().clone();
        let e = doc.stream_data(&stream).unwrap_err();
        assert!(e.0.contains("bomb"), "{e}");
    }
}
