//! Text inside a PNG: the chart's title and description as `iTXt` chunks (UTF-8, so
//! Vietnamese survives; `tEXt` is Latin-1 only), put right after `IHDR`, so an image
//! saved, shared or uploaded on its own still carries its alt text. Pure byte work, no
//! crate: CRC-32 and base64 (for the browser's `data:` URLs) are written out here.

/// The eight bytes every PNG starts with.
const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];
const DATA_URL_PREFIX: &str = "data:image/png;base64,";

/// CRC-32 (ISO 3309, polynomial 0xEDB88320, as PNG uses it) of `bytes`.
pub fn crc32(bytes: &[u8]) -> u32 {
    crc32_of(&[bytes])
}

fn crc32_of(parts: &[&[u8]]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for part in parts {
        for &b in *part {
            crc ^= u32::from(b);
            for _ in 0..8 {
                let mask = (crc & 1).wrapping_neg();
                crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
            }
        }
    }
    !crc
}

/// One `iTXt` chunk (length, type, data, CRC): uncompressed UTF-8 `text` under `keyword`
/// (1–79 printable ASCII characters, as PNG requires), with a language tag (ASCII letters,
/// digits and `-`).
fn itxt_chunk(keyword: &str, lang: &str, text: &str) -> Result<Vec<u8>, String> {
    let keyword_ok = (1..=79).contains(&keyword.len())
        && keyword
            .bytes()
            .all(|b| (0x21..=0x7e).contains(&b) || b == b' ');
    if !keyword_ok || !lang.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err("PNG: bad text keyword or language tag".into());
    }
    let mut data = Vec::with_capacity(keyword.len() + lang.len() + text.len() + 5);
    data.extend_from_slice(keyword.as_bytes());
    // Null separator, compression flag 0 (none), compression method 0.
    data.extend_from_slice(&[0, 0, 0]);
    data.extend_from_slice(lang.as_bytes());
    data.push(0);
    // No translated keyword.
    data.push(0);
    // A NUL inside the text would end it early for some readers: dropped.
    data.extend(text.bytes().filter(|b| *b != 0));
    let len = u32::try_from(data.len()).map_err(|_| "PNG: text too long".to_string())?;
    let mut chunk = Vec::with_capacity(data.len() + 12);
    chunk.extend_from_slice(&len.to_be_bytes());
    chunk.extend_from_slice(b"iTXt");
    chunk.extend_from_slice(&data);
    chunk.extend_from_slice(&crc32_of(&[b"iTXt", &data]).to_be_bytes());
    Ok(chunk)
}

/// Where the first chunk after `IHDR` starts, after checking the signature and `IHDR`.
fn after_ihdr(png: &[u8]) -> Result<usize, String> {
    if png.get(..8) != Some(&SIGNATURE[..]) {
        return Err("PNG: not a PNG (bad signature)".into());
    }
    let head = png.get(8..16).ok_or("PNG: truncated before IHDR")?;
    if &head[4..8] != b"IHDR" || head[..4] != 13u32.to_be_bytes() {
        return Err("PNG: the first chunk is not IHDR".into());
    }
    let end = 8 + 12 + 13;
    if png.len() < end {
        return Err("PNG: truncated IHDR".into());
    }
    Ok(end)
}

/// `png` with one `iTXt` chunk per `(keyword, text)` inserted right after `IHDR`, in
/// order, tagged with language `lang` ("vi", "en"). The image data is unchanged.
pub fn with_text(png: &[u8], lang: &str, entries: &[(&str, &str)]) -> Result<Vec<u8>, String> {
    let at = after_ihdr(png)?;
    let mut chunks = Vec::new();
    for (keyword, text) in entries {
        chunks.extend(itxt_chunk(keyword, lang, text)?);
    }
    let mut out = Vec::with_capacity(png.len() + chunks.len());
    out.extend_from_slice(&png[..at]);
    out.extend_from_slice(&chunks);
    out.extend_from_slice(&png[at..]);
    Ok(out)
}

/// A chunk read back: its type and data (CRC checked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    pub kind: [u8; 4],
    pub data: Vec<u8>,
}

/// Every chunk of a PNG, in order; an error for a bad signature, a truncated chunk or a
/// CRC that does not match.
pub fn chunks(png: &[u8]) -> Result<Vec<Chunk>, String> {
    if png.get(..8) != Some(&SIGNATURE[..]) {
        return Err("PNG: not a PNG (bad signature)".into());
    }
    let mut out = Vec::new();
    let mut at = 8usize;
    while at < png.len() {
        let head = png.get(at..at + 8).ok_or("PNG: truncated chunk header")?;
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let kind = [head[4], head[5], head[6], head[7]];
        let data = png
            .get(at + 8..at + 8 + len)
            .ok_or("PNG: truncated chunk data")?;
        let crc = png
            .get(at + 8 + len..at + 12 + len)
            .ok_or("PNG: truncated chunk CRC")?;
        let want = crc32_of(&[&kind, data]);
        if crc != want.to_be_bytes() {
            return Err(format!(
                "PNG: bad CRC in chunk {}",
                String::from_utf8_lossy(&kind)
            ));
        }
        out.push(Chunk {
            kind,
            data: data.to_vec(),
        });
        at += 12 + len;
    }
    Ok(out)
}

/// The uncompressed `iTXt` texts of a PNG as `(keyword, language, text)`, CRCs checked.
pub fn read_itxt(png: &[u8]) -> Result<Vec<(String, String, String)>, String> {
    let mut out = Vec::new();
    for c in chunks(png)? {
        if &c.kind != b"iTXt" {
            continue;
        }
        let mut parts = c.data.splitn(2, |b| *b == 0);
        let keyword = parts.next().unwrap_or_default();
        let rest = parts.next().unwrap_or_default();
        // Compressed texts are not written here; skipped when reading.
        if rest.first() != Some(&0) {
            continue;
        }
        let mut fields = rest.get(2..).unwrap_or_default().splitn(3, |b| *b == 0);
        let lang = fields.next().unwrap_or_default();
        let _translated = fields.next().unwrap_or_default();
        let text = fields.next().unwrap_or_default();
        let utf8 = |b: &[u8]| String::from_utf8(b.to_vec()).map_err(|e| format!("PNG: {e}"));
        out.push((utf8(keyword)?, utf8(lang)?, utf8(text)?));
    }
    Ok(out)
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with `=` padding.
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let b = [
            group[0],
            group.get(1).copied().unwrap_or(0),
            group.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= group.len() {
                out.push(char::from(B64[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Standard base64 (padding optional, ASCII whitespace ignored); an error for any other
/// character or data after the padding.
pub fn base64_decode(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut acc = 0u32;
    let mut bits = 0u32;
    let mut ended = false;
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                ended = true;
                continue;
            }
            b' ' | b'\t' | b'\r' | b'\n' => continue,
            _ => return Err("base64: not base64 text".into()),
        };
        if ended {
            return Err("base64: data after the padding".into());
        }
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
}

/// A `data:image/png;base64,…` URL with the texts inserted (see [`with_text`]).
pub fn data_url_with_text(
    url: &str,
    lang: &str,
    entries: &[(&str, &str)],
) -> Result<String, String> {
    let b64 = url
        .strip_prefix(DATA_URL_PREFIX)
        .ok_or("PNG: not a data:image/png;base64 URL")?;
    let png = base64_decode(b64)?;
    let out = with_text(&png, lang, entries)?;
    Ok(format!("{DATA_URL_PREFIX}{}", base64_encode(&out)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real 1 × 1 PNG (IHDR, IDAT, IEND).
    fn tiny_png() -> Vec<u8> {
        base64_decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
        )
        .unwrap()
    }

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
    }

    #[test]
    fn base64_round_trips_every_length_and_matches_known_values() {
        assert_eq!(base64_encode(b""), "");
        assert_eq!(base64_encode(b"f"), "Zg==");
        assert_eq!(base64_encode(b"fo"), "Zm8=");
        assert_eq!(base64_encode(b"foo"), "Zm9v");
        assert_eq!(base64_encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64_encode(&[0xfb, 0xff]), "+/8=");
        let bytes: Vec<u8> = (0..=255u8).chain(0..=255u8).collect();
        for n in 0..bytes.len() {
            let enc = base64_encode(&bytes[..n]);
            assert_eq!(base64_decode(&enc).unwrap(), &bytes[..n], "length {n}");
        }
        assert!(base64_decode("Zm9v!").is_err());
        assert!(base64_decode("Zg==Zg").is_err());
    }

    #[test]
    fn text_goes_right_after_ihdr_with_good_crcs_and_reads_back() {
        let png = tiny_png();
        let before = chunks(&png).unwrap();
        let alt = "Biểu đồ so sánh kinh phí khuyến công: đạt 17,88 % kế hoạch";
        let out = with_text(&png, "vi", &[("Title", "Kinh phí"), ("Description", alt)]).unwrap();
        let after = chunks(&out).unwrap();
        let kinds: Vec<&[u8; 4]> = after.iter().map(|c| &c.kind).collect();
        assert_eq!(kinds, [b"IHDR", b"iTXt", b"iTXt", b"IDAT", b"IEND"]);
        assert_eq!(after[0], before[0]);
        assert_eq!(after[3..], before[1..]);
        let texts = read_itxt(&out).unwrap();
        assert_eq!(
            texts,
            [
                ("Title".into(), "vi".into(), "Kinh phí".into()),
                ("Description".into(), "vi".into(), alt.to_string()),
            ]
        );
        // A flipped byte is caught by the CRC.
        let mut bad = out.clone();
        let i = bad.len() - 20;
        bad[i] ^= 1;
        assert!(chunks(&bad).is_err());
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        assert!(with_text(b"", "vi", &[]).is_err());
        assert!(with_text(b"GIF89a....", "vi", &[]).is_err());
        assert!(with_text(&tiny_png()[..20], "vi", &[]).is_err());
        assert!(with_text(&tiny_png(), "vi", &[("", "x")]).is_err());
        assert!(with_text(&tiny_png(), "vi", &[("Tiêu đề", "x")]).is_err());
        assert!(chunks(&tiny_png()[..30]).is_err());
        assert!(data_url_with_text("data:,", "vi", &[]).is_err());
        assert!(data_url_with_text("data:image/png;base64,@@@", "vi", &[]).is_err());
    }

    #[test]
    fn a_data_url_gets_its_text() {
        let url = format!("{DATA_URL_PREFIX}{}", base64_encode(&tiny_png()));
        let out = data_url_with_text(&url, "en", &[("Description", "A chart")]).unwrap();
        let png = base64_decode(out.strip_prefix(DATA_URL_PREFIX).unwrap()).unwrap();
        assert_eq!(
            read_itxt(&png).unwrap(),
            [("Description".into(), "en".into(), "A chart".into())]
        );
    }
}
