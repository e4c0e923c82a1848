//! A small JSON reader for datasets: the text becomes a tree borrowed from it
//! (`Node`: plain strings and keys are slices of the text, each object or array one
//! allocation) that the validator walks; [`parse`] gives the owned [`Value`].
//!
//! Why not serde_json: in the browser build every kilobyte is the reader's download, and
//! this reader is a fraction of its size. It reads RFC 8259 JSON and says what is wrong
//! the way serde_json does ("trailing comma at line 1 column 22"), so messages are the
//! same natively and in the browser. A [`Value`]'s objects keep their keys sorted, the
//! last of a duplicated key winning (serde_json's default map); a `Node`'s keep them as
//! written and are read the same way. Numbers are read with integer
//! arithmetic: exact for every figure the schema holds (at most 15 significant digits,
//! the decimal exponent within ±22), within one unit in the last place beyond.

use std::borrow::Cow;

/// Deepest nesting accepted (as serde_json).
pub const MAX_DEPTH: usize = 128;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Value>),
    Object(Map),
}

/// A JSON number: its value, and whether it was written as an integer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    value: f64,
    integer: bool,
}

impl Number {
    pub fn from_f64(value: f64) -> Option<Number> {
        value.is_finite().then_some(Number {
            value,
            integer: false,
        })
    }
    pub fn as_f64(&self) -> Option<f64> {
        Some(self.value)
    }
    /// The number as a non-negative integer, if it was written as one.
    pub fn as_u64(&self) -> Option<u64> {
        (self.integer && self.value >= 0.0 && self.value < 18_446_744_073_709_551_616.0)
            .then_some(self.value as u64)
    }
}

/// An object's members, sorted by key. (Generic only so that `Map<String, Value>` reads
/// as it does with serde_json; the reader makes no other kind.)
#[derive(Debug, Clone, PartialEq)]
pub struct Map<K = String, V = Value>(Vec<(K, V)>);

impl Default for Map {
    fn default() -> Map {
        Map(Vec::new())
    }
}

impl Map {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0
            .binary_search_by(|(k, _)| k.as_str().cmp(key))
            .ok()
            .and_then(|i| self.0.get(i))
            .map(|(_, v)| v)
    }
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
    /// Builds a map from members in any order; of a repeated key the last one wins.
    pub fn from_members(mut members: Vec<(String, Value)>) -> Map {
        // Stable: equal keys keep their order, so the last written is last.
        members.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out: Vec<(String, Value)> = Vec::with_capacity(members.len());
        for (k, v) in members {
            match out.last_mut() {
                Some(last) if last.0 == k => last.1 = v,
                _ => out.push((k, v)),
            }
        }
        Map(out)
    }
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => n.as_f64(),
            _ => None,
        }
    }
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object().and_then(|m| m.get(key))
    }
}

/// The reader's own tree, borrowed from the text: a string without escapes is a slice of
/// the input, and an object keeps its members as written (the last of a repeated key
/// wins when looked up). What the validator walks: no copy of a key or of a plain string
/// is made while reading, and each object or array is one allocation of its exact size.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node<'a> {
    Null,
    Bool(bool),
    Number(Number),
    Str(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    Object(Members<'a>),
}

/// An object's members in the order written.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Members<'a>(Vec<(Cow<'a, str>, Node<'a>)>);

impl<'a> Members<'a> {
    /// The value of `key`: of a repeated key the last one (as [`Map`] keeps).
    pub(crate) fn get(&self, key: &str) -> Option<&Node<'a>> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| same(k, key))
            .map(|(_, v)| v)
    }
    /// The members as written.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &Node<'a>)> {
        self.0.iter().map(|(k, v)| (k.as_ref(), v))
    }
    /// Every key not in `allowed`, each once, sorted (the order [`Map::keys`] lists them).
    pub(crate) fn keys_not_in(&self, allowed: &[&str]) -> Vec<&str> {
        // As (key, 0) pairs: sorted by the validator's own sort of (id, index) pairs, so
        // the wasm carries one sort instead of two.
        let mut out: Vec<(&str, usize)> = self
            .0
            .iter()
            .map(|(k, _)| (k.as_ref(), 0))
            .filter(|(k, _)| !allowed.iter().any(|a| same(a, k)))
            .collect();
        if out.len() > 1 {
            sort(&mut out);
            out.dedup();
        }
        out.into_iter().map(|(k, _)| k).collect()
    }
}

impl<'a> Node<'a> {
    /// A [`Value`] seen as a tree borrowed from it (its maps are sorted, keys unique).
    pub(crate) fn of_value(v: &'a Value) -> Node<'a> {
        match v {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(*b),
            Value::Number(n) => Node::Number(*n),
            Value::String(s) => Node::Str(Cow::Borrowed(s)),
            Value::Array(a) => Node::Array(a.iter().map(Node::of_value).collect()),
            Value::Object(m) => Node::Object(Members(
                m.0.iter()
                    .map(|(k, v)| (Cow::Borrowed(k.as_str()), Node::of_value(v)))
                    .collect(),
            )),
        }
    }

    /// The owned [`Value`] of this tree.
    fn into_value(self) -> Value {
        match self {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(b),
            Node::Number(n) => Value::Number(n),
            Node::Str(s) => Value::String(s.into_owned()),
            Node::Array(a) => Value::Array(a.into_iter().map(Node::into_value).collect()),
            Node::Object(m) => Value::Object(Map::from_members(
                m.0.into_iter()
                    .map(|(k, v)| (k.into_owned(), v.into_value()))
                    .collect(),
            )),
        }
    }

    pub(crate) fn as_f64(&self) -> Option<f64> {
        match self {
            Node::Number(n) => n.as_f64(),
            _ => None,
        }
    }
    pub(crate) fn as_u64(&self) -> Option<u64> {
        match self {
            Node::Number(n) => n.as_u64(),
            _ => None,
        }
    }
    pub(crate) fn is_null(&self) -> bool {
        matches!(self, Node::Null)
    }
}

/// A `serde_json` value as a [`Value`] (native builds only: the browser never links serde_json).
#[cfg(not(target_arch = "wasm32"))]
pub fn from_serde(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Number(Number {
            value: n.as_f64().unwrap_or(f64::NAN),
            integer: n.is_u64() || n.is_i64(),
        }),
        serde_json::Value::String(s) => Value::String(s.clone()),
        serde_json::Value::Array(a) => Value::Array(a.iter().map(from_serde).collect()),
        serde_json::Value::Object(m) => Value::Object(Map::from_members(
            m.iter().map(|(k, v)| (k.clone(), from_serde(v))).collect(),
        )),
    }
}

/// A string as JSON writes it: quoted, with `"`, `\` and control characters escaped.
pub fn write_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let n = c as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX[n >> 4]));
                out.push(char::from(HEX[n & 15]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Parses JSON text; on failure says what and where, as serde_json does.
pub fn parse(text: &str) -> Result<Value, String> {
    parse_node(text).map(Node::into_value)
}

/// [`parse`] into the borrowed tree the validator walks.
pub(crate) fn parse_node(text: &str) -> Result<Node<'_>, String> {
    let mut p = Parser {
        s: text,
        b: text.as_bytes(),
        i: 0,
        depth: 0,
        items: Vec::new(),
        members: Vec::new(),
    };
    let v = p.value()?;
    p.ws();
    if p.i < p.b.len() {
        return Err(p.err_here("trailing characters"));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    depth: usize,
    /// Items of the arrays being read, innermost last: each array takes its own off the
    /// top when it closes (one allocation of the exact size per array).
    items: Vec<Node<'a>>,
    /// Members of the objects being read, likewise.
    members: Vec<(Cow<'a, str>, Node<'a>)>,
}

impl<'a> Parser<'a> {
    /// "msg at line L column C": the line and column of the last byte read (1-based).
    fn err(&self, msg: &str) -> String {
        let upto = self.i.min(self.b.len());
        let mut line = 1;
        let mut col = 0;
        for &c in &self.b[..upto] {
            if c == b'\n' {
                line += 1;
                col = 0;
            } else {
                col += 1;
            }
        }
        format!("{msg} at line {line} column {col}")
    }

    /// Error about the byte at `self.i` (counted as read).
    fn err_here(&mut self, msg: &str) -> String {
        self.i = (self.i + 1).min(self.b.len());
        self.err(msg)
    }

    // Inlined (the release build optimises for size and would call these per byte).
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    #[inline(always)]
    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.i += 1;
        }
    }

    fn value(&mut self) -> Result<Node<'a>, String> {
        self.ws();
        let Some(c) = self.peek() else {
            return Err(self.err("EOF while parsing a value"));
        };
        match c {
            b'{' => self.object(),
            b'[' => self.array(),
            b'"' => {
                self.i += 1;
                self.string().map(Node::Str)
            }
            b't' => self.word(b"true", Node::Bool(true)),
            b'f' => self.word(b"false", Node::Bool(false)),
            b'n' => self.word(b"null", Node::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => Err(self.err_here("expected value")),
        }
    }

    fn word(&mut self, w: &[u8], v: Node<'a>) -> Result<Node<'a>, String> {
        for &expected in w {
            match self.peek() {
                None => return Err(self.err("EOF while parsing a value")),
                Some(c) if c == expected => self.i += 1,
                Some(_) => return Err(self.err_here("expected ident")),
            }
        }
        Ok(v)
    }

    fn enter(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err_here("recursion limit exceeded"));
        }
        Ok(())
    }

    fn array(&mut self) -> Result<Node<'a>, String> {
        self.enter()?;
        self.i += 1;
        let start = self.items.len();
        self.ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            self.depth -= 1;
            return Ok(Node::Array(Vec::new()));
        }
        loop {
            if self.peek().is_none() && self.items.len() == start {
                return Err(self.err("EOF while parsing a list"));
            }
            let v = self.value()?;
            self.items.push(v);
            self.ws();
            match self.peek() {
                None => return Err(self.err("EOF while parsing a list")),
                Some(b',') => {
                    self.i += 1;
                    self.ws();
                    if self.peek() == Some(b']') {
                        return Err(self.err_here("trailing comma"));
                    }
                }
                Some(b']') => {
                    self.i += 1;
                    self.depth -= 1;
                    let items: Vec<Node<'a>> = self.items.drain(start..).collect();
                    return Ok(Node::Array(items));
                }
                Some(_) => return Err(self.err_here("expected `,` or `]`")),
            }
        }
    }

    fn object(&mut self) -> Result<Node<'a>, String> {
        self.enter()?;
        self.i += 1;
        let start = self.members.len();
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            self.depth -= 1;
            return Ok(Node::Object(Members::default()));
        }
        loop {
            self.ws();
            match self.peek() {
                None => return Err(self.err("EOF while parsing an object")),
                Some(b'"') => self.i += 1,
                Some(_) => return Err(self.err_here("key must be a string")),
            }
            let key = self.string()?;
            self.ws();
            match self.peek() {
                None => return Err(self.err("EOF while parsing an object")),
                Some(b':') => self.i += 1,
                Some(_) => return Err(self.err_here("expected `:`")),
            }
            let v = self.value()?;
            self.members.push((key, v));
            self.ws();
            match self.peek() {
                None => return Err(self.err("EOF while parsing an object")),
                Some(b',') => {
                    self.i += 1;
                    self.ws();
                    match self.peek() {
                        Some(b'}') => return Err(self.err_here("trailing comma")),
                        None => return Err(self.err("EOF while parsing a value")),
                        Some(_) => {}
                    }
                }
                Some(b'}') => {
                    self.i += 1;
                    self.depth -= 1;
                    let members: Vec<_> = self.members.drain(start..).collect();
                    return Ok(Node::Object(Members(members)));
                }
                Some(_) => return Err(self.err_here("expected `,` or `}`")),
            }
        }
    }

    /// The rest of a string whose opening quote was read: a slice of the input when it
    /// holds no escape.
    fn string(&mut self) -> Result<Cow<'a, str>, String> {
        let start = self.i;
        let rest = self.b.get(start..).unwrap_or_default();
        let n = plain_run(rest);
        if rest.get(n) == Some(&b'"') {
            self.i = start + n + 1;
            // Both ends are at ASCII bytes (after a quote, at a quote): character boundaries.
            return Ok(Cow::Borrowed(
                self.s.get(start..start + n).unwrap_or_default(),
            ));
        }
        let mut out: Vec<u8> = Vec::with_capacity(n + 8);
        out.extend_from_slice(rest.get(..n).unwrap_or_default());
        self.i = start + n;
        loop {
            let Some(c) = self.peek() else {
                return Err(self.err("EOF while parsing a string"));
            };
            match c {
                b'"' => {
                    self.i += 1;
                    // The input is a &str and escapes write whole characters: valid UTF-8.
                    return String::from_utf8(out)
                        .map(Cow::Owned)
                        .map_err(|_| self.err("invalid unicode code point"));
                }
                b'\\' => {
                    self.i += 1;
                    let Some(e) = self.peek() else {
                        return Err(self.err("EOF while parsing a string"));
                    };
                    self.i += 1;
                    let ch = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return Err(self.err("invalid escape")),
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                0..=0x1f => {
                    return Err(self.err_here(
                        "control character (\\u0000-\\u001F) found while parsing a string",
                    ))
                }
                _ => {
                    // The run of plain bytes up to the next quote, escape or control
                    // character, copied at once.
                    let rest = self.b.get(self.i..).unwrap_or_default();
                    let n = plain_run(rest);
                    out.extend_from_slice(rest.get(..n).unwrap_or_default());
                    self.i += n.max(1);
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let mut n = 0u32;
        for _ in 0..4 {
            let Some(c) = self.peek() else {
                return Err(self.err("EOF while parsing a string"));
            };
            let d = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => return Err(self.err_here("invalid escape")),
            };
            self.i += 1;
            n = n * 16 + u32::from(d);
        }
        Ok(n)
    }

    fn unicode_escape(&mut self) -> Result<char, String> {
        let n = self.hex4()?;
        let code = match n {
            0xD800..=0xDBFF => {
                if self.b.get(self.i..self.i + 2) != Some(b"\\u") {
                    return Err(self.err("lone leading surrogate in hex escape"));
                }
                self.i += 2;
                let lo = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&lo) {
                    return Err(self.err("lone leading surrogate in hex escape"));
                }
                0x10000 + ((n - 0xD800) << 10) + (lo - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.err("lone leading surrogate in hex escape")),
            n => n,
        };
        char::from_u32(code).ok_or_else(|| self.err("invalid unicode code point"))
    }

    fn number(&mut self) -> Result<Node<'a>, String> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.i += 1;
        }
        // Up to 19 significant digits in `mantissa`; further digits only scale it.
        let mut mantissa: u64 = 0;
        let mut digits = 0usize;
        let mut exp10: i64 = 0;
        let mut integer = true;
        match self.peek() {
            Some(b'0') => {
                self.i += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.err_here("invalid number"));
                }
            }
            Some(b'1'..=b'9') => {
                while let Some(c @ b'0'..=b'9') = self.peek() {
                    self.i += 1;
                    if digits < 19 {
                        mantissa = mantissa * 10 + u64::from(c - b'0');
                        if mantissa > 0 {
                            digits += 1;
                        }
                    } else {
                        exp10 += 1;
                    }
                }
            }
            None => return Err(self.err("EOF while parsing a value")),
            Some(_) => return Err(self.err_here("invalid number")),
        }
        if self.peek() == Some(b'.') {
            integer = false;
            self.i += 1;
            let mut any = false;
            while let Some(c @ b'0'..=b'9') = self.peek() {
                any = true;
                self.i += 1;
                if digits < 19 {
                    mantissa = mantissa * 10 + u64::from(c - b'0');
                    if mantissa > 0 {
                        digits += 1;
                    }
                    exp10 -= 1;
                }
            }
            if !any {
                return Err(match self.peek() {
                    None => self.err("EOF while parsing a value"),
                    Some(_) => self.err_here("invalid number"),
                });
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            integer = false;
            self.i += 1;
            let mut neg_exp = false;
            if let Some(s @ (b'+' | b'-')) = self.peek() {
                neg_exp = s == b'-';
                self.i += 1;
            }
            let mut e: i64 = 0;
            let mut any = false;
            while let Some(c @ b'0'..=b'9') = self.peek() {
                any = true;
                self.i += 1;
                e = (e * 10 + i64::from(c - b'0')).min(1_000_000);
            }
            if !any {
                return Err(match self.peek() {
                    None => self.err("EOF while parsing a value"),
                    Some(_) => self.err_here("invalid number"),
                });
            }
            exp10 += if neg_exp { -e } else { e };
        }
        let magnitude = scale(mantissa, exp10);
        if magnitude.is_infinite() {
            return Err(self.err("number out of range"));
        }
        let value = if negative { -magnitude } else { magnitude };
        Ok(Node::Number(Number { value, integer }))
    }
}

/// String equality for the short keys and ids of a dataset, inlined: length and first
/// byte decide most comparisons without a call to memcmp.
#[inline(always)]
pub(crate) fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.first() == b.first() && a == b
}

/// How many bytes of `b` are plain string content: up to the first quote, backslash or
/// control character (or the end).
fn plain_run(b: &[u8]) -> usize {
    b.iter()
        .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
        .unwrap_or(b.len())
}

/// `mantissa × 10^exp10` as the nearest f64 (exactly so while both fit the fast path).
fn scale(mantissa: u64, exp10: i64) -> f64 {
    const POW10: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    if mantissa == 0 {
        return 0.0;
    }
    let m = mantissa as f64;
    if mantissa < (1u64 << 53) && exp10.abs() <= 22 {
        let p = POW10
            .get(exp10.unsigned_abs() as usize)
            .copied()
            .unwrap_or(1.0);
        return if exp10 < 0 { m / p } else { m * p };
    }
    // Beyond the fast path: steps of 10^22 (a rounding step or two: well within a unit
    // in the last place for any figure a dataset could hold).
    let mut v = m;
    let mut e = exp10;
    while e > 22 {
        v *= 1e22;
        e -= 22;
        if v.is_infinite() {
            return v;
        }
    }
    while e < -22 {
        v /= 1e22;
        e += 22;
        if v == 0.0 {
            return 0.0;
        }
    }
    let p = POW10.get(e.unsigned_abs() as usize).copied().unwrap_or(1.0);
    if e < 0 {
        v / p
    } else {
        v * p
    }
}

/// Sorts in place: a merge sort over the runs already in order (a few hundred bytes of
/// wasm once, where each type given to std's `sort_unstable` instantiates a
/// pattern-defeating quicksort of kilobytes). Used for every sort of the browser build
/// (the reader, the validator, the model's `sort_by_key4`). Input already in order costs
/// one pass; otherwise it reads and writes sequentially (a heapsort here took 46 of the
/// 211 ms of an update of 24 000 figures, in cache misses).
pub(crate) fn sort<T: Ord + Copy>(v: &mut [T]) {
    let n = v.len();
    // Where each run in order starts, then the end.
    let mut bounds: Vec<usize> = vec![0];
    bounds.extend((1..n).filter(|&i| v.get(i - 1) > v.get(i)));
    bounds.push(n);
    if bounds.len() <= 2 {
        return;
    }
    let mut buf = v.to_vec();
    let mut in_buf = false;
    while bounds.len() > 2 {
        let (src, dst): (&[T], &mut [T]) = if in_buf {
            (&buf, &mut *v)
        } else {
            (&*v, &mut buf)
        };
        let mut next = Vec::with_capacity(bounds.len() / 2 + 1);
        for pair in bounds.windows(3).step_by(2) {
            let &[lo, mid, hi] = pair else { break };
            merge(src.get(lo..mid), src.get(mid..hi), dst.get_mut(lo..hi));
            next.push(lo);
        }
        // An odd run out stays as it is.
        if bounds.len() % 2 == 0 {
            if let [.., lo, hi] = bounds[..] {
                if let (Some(from), Some(to)) = (src.get(lo..hi), dst.get_mut(lo..hi)) {
                    to.copy_from_slice(from);
                }
                next.push(lo);
            }
        }
        next.push(n);
        bounds = next;
        in_buf = !in_buf;
    }
    if in_buf {
        v.copy_from_slice(&buf);
    }
}

/// Merges two sorted runs into `out` (their total length).
fn merge<T: Ord + Copy>(a: Option<&[T]>, b: Option<&[T]>, out: Option<&mut [T]>) {
    let (Some(a), Some(b), Some(out)) = (a, b, out) else {
        return;
    };
    let (mut i, mut j) = (0, 0);
    for slot in out {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if y < x => {
                *slot = *y;
                j += 1;
            }
            (Some(x), _) => {
                *slot = *x;
                i += 1;
            }
            (None, Some(y)) => {
                *slot = *y;
                j += 1;
            }
            (None, None) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sort_sorts_as_std_does() {
        // A small linear congruential generator: every length and many orders.
        let mut x: u64 = 12345;
        let mut next = || {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) as u32
        };
        for len in 0..200 {
            let mut v: Vec<(u32, usize)> = (0..len).map(|i| (next() % 17, i)).collect();
            let mut want = v.clone();
            want.sort();
            super::sort(&mut v);
            assert_eq!(v, want, "len {len}");
            // Runs already in order, reversed, and equal elements.
            for mut w in [
                want.clone(),
                want.iter().rev().copied().collect(),
                want.iter().map(|&(k, _)| (k % 3, 0)).collect::<Vec<_>>(),
                want.iter().chain(want.iter()).copied().collect(),
            ] {
                let mut std_sorted = w.clone();
                std_sorted.sort();
                super::sort(&mut w);
                assert_eq!(w, std_sorted, "len {len}");
            }
        }
    }

    use super::*;

    #[test]
    fn reads_what_the_datasets_hold() {
        let v = parse(r#"{"b": [1, 2.5, -3e2, true, null], "a": "x\"\u00e9\n", "c": {}}"#).unwrap();
        let m = v.as_object().unwrap();
        assert_eq!(
            m.keys().map(String::as_str).collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        assert_eq!(v.get("a").and_then(Value::as_str), Some("x\"é\n"));
        let b = v.get("b").and_then(Value::as_array).unwrap();
        assert_eq!(b[0].as_u64(), Some(1));
        assert_eq!(b[1].as_f64(), Some(2.5));
        assert_eq!(b[1].as_u64(), None);
        assert_eq!(b[2].as_f64(), Some(-300.0));
        assert_eq!(parse("974.1").unwrap().as_f64(), Some(974.1));
        assert_eq!(parse("20.85").unwrap().as_f64(), Some(20.85));
        assert_eq!(
            parse("1.7976931348623157e308")
                .unwrap()
                .as_f64()
                .map(f64::is_finite),
            Some(true)
        );
        assert_eq!(
            parse("5e-324").unwrap().as_f64().map(|v| v > 0.0),
            Some(true)
        );
        assert_eq!(parse(r#""\ud83d\ude00""#).unwrap().as_str(), Some("😀"));
        // The last of a repeated key wins.
        assert_eq!(
            parse(r#"{"k":1,"k":2}"#)
                .unwrap()
                .get("k")
                .and_then(Value::as_u64),
            Some(2)
        );
    }

    #[test]
    fn errors_say_what_and_where_as_serde_json_does() {
        for (text, want) in [
            ("", "EOF while parsing a value at line 1 column 0"),
            (r#"{"value": NaN}"#, "expected value at line 1 column 11"),
            (r#"{"value": 1e400}"#, "number out of range at line 1 column 15"),
            (r#"{"schema_version": 1,}"#, "trailing comma at line 1 column 22"),
            ("{\"a\": [\n", "EOF while parsing a list at line 2 column 0"),
            (r#"{"a" 1}"#, "expected `:` at line 1 column 6"),
            (r#"[1 2]"#, "expected `,` or `]` at line 1 column 4"),
            (r#"{1: 2}"#, "key must be a string at line 1 column 2"),
            ("\"a\u{1}\"", "control character (\\u0000-\\u001F) found while parsing a string at line 1 column 3"),
            ("[1] x", "trailing characters at line 1 column 5"),
        ] {
            assert_eq!(parse(text).unwrap_err(), want, "{text:?}");
        }
        let deep = "[".repeat(200);
        assert!(parse(&deep)
            .unwrap_err()
            .starts_with("recursion limit exceeded"));
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn every_prefix_of_the_dataset_is_judged_as_serde_json_judges_it() {
        // Minified (every byte) and as written, with its indentation and line breaks.
        let pretty = include_str!("../../data/khuyencong.json");
        let cuts = [(crate::data::EMBEDDED_JSON, 7), (pretty, 29)];
        for (text, step) in cuts {
            let cut: Vec<usize> = (0..text.len())
                .filter(|i| text.is_char_boundary(*i))
                .step_by(step)
                .collect();
            for i in cut {
                let part = &text[..i];
                let ours = parse(part);
                let theirs = serde_json::from_str::<serde_json::Value>(part);
                assert_eq!(ours.is_ok(), theirs.is_ok(), "prefix of {i} bytes");
                if let (Err(a), Err(b)) = (ours, theirs) {
                    let tail: String = part
                        .chars()
                        .rev()
                        .take(12)
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect();
                    assert_eq!(a, b.to_string(), "prefix of {i} bytes ending {tail:?}");
                }
            }
        }
        let text = crate::data::EMBEDDED_JSON;
        let whole = parse(text).unwrap();
        let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(whole, from_serde(&theirs));
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn agrees_with_serde_json_on_numbers_and_strings() {
        for text in [
            "0",
            "-0.5",
            "48331",
            "0.1788",
            "1.2085",
            "123456789012345678",
            "1e-7",
            "2.2250738585072014e-308",
            "9007199254740993",
            "0.30000000000000004",
        ] {
            let ours = parse(text).unwrap().as_f64().unwrap();
            let theirs: f64 = serde_json::from_str(text).unwrap();
            let ulps = (ours.to_bits() as i64 - theirs.to_bits() as i64).abs();
            assert!(ulps <= 1, "{text}: {ours} vs {theirs}");
        }
        for s in [
            "plain",
            "quote \" and \\ slash",
            "tab\tnew\nline\u{1}",
            "tiếng Việt",
        ] {
            assert_eq!(write_string(s), serde_json::to_string(s).unwrap());
        }
    }
}
