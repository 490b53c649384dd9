//! Undoing `Content-Encoding`, with a ceiling.
//!
//! We ask for gzip and brotli ourselves instead of letting the HTTP client
//! decode them, for two reasons: the WARC archive must hold the body exactly
//! as the server sent it (its payload digest is over those bytes), and a
//! small compressed body can expand to gigabytes (a "gzip bomb"), so the
//! decoded size is capped while decoding, not after.

use std::io::Read;

/// Why a body could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("decoded body exceeds {limit} bytes (compression bomb?)")]
    TooLarge { limit: usize },
    #[error("corrupt {encoding} body: {message}")]
    Corrupt { encoding: String, message: String },
    #[error("unsupported content-encoding {0:?}")]
    Unsupported(String),
}

/// Decode `raw` according to a `Content-Encoding` header value (possibly a
/// list such as `gzip, br`, applied in order), producing at most `limit` bytes.
pub fn decode_body(
    content_encoding: Option<&str>,
    raw: &[u8],
    limit: usize,
) -> Result<Vec<u8>, DecodeError> {
    let codings: Vec<String> = content_encoding
        .unwrap_or("")
        .split(',')
        .map(|c| c.trim().to_ascii_lowercase())
        .filter(|c| !c.is_empty() && c != "identity")
        .collect();
    if codings.is_empty() {
        if raw.len() > limit {
            return Err(DecodeError::TooLarge { limit });
        }
        return Ok(raw.to_vec());
    }
    let mut data = raw.to_vec();
    // Codings are listed in the order they were applied; undo in reverse.
    for coding in codings.iter().rev() {
        data = match coding.as_str() {
            "gzip" | "x-gzip" => {
                read_capped(flate2::read::MultiGzDecoder::new(&data[..]), coding, limit)?
            }
            "deflate" => {
                // Servers disagree on whether "deflate" means zlib or raw deflate.
                read_capped(flate2::read::ZlibDecoder::new(&data[..]), coding, limit).or_else(
                    |err| match err {
                        DecodeError::Corrupt { .. } => {
                            read_capped(flate2::read::DeflateDecoder::new(&data[..]), coding, limit)
                        }
                        other => Err(other),
                    },
                )?
            }
            "br" => read_capped(
                brotli_decompressor::Decompressor::new(&data[..], 64 * 1024),
                coding,
                limit,
            )?,
            other => return Err(DecodeError::Unsupported(other.to_string())),
        };
    }
    Ok(data)
}

fn read_capped(reader: impl Read, coding: &str, limit: usize) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::new();
    // One byte over the limit tells "exactly at the limit" from "too large".
    reader
        .take(limit as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| DecodeError::Corrupt {
            encoding: coding.to_string(),
            message: e.to_string(),
        })?;
    if out.len() > limit {
        return Err(DecodeError::TooLarge { limit });
    }
    Ok(out)
}

/// Remove HTTP/1.1 chunked transfer coding (for archived responses written
/// by other tools, which keep it).
pub fn dechunk(raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(raw.len());
    let mut rest = raw;
    loop {
        let line_end = rest.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&rest[..line_end]).ok()?;
        let size_text = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        if rest.len() < size {
            return None;
        }
        out.extend_from_slice(&rest[..size]);
        rest = rest.get(size + 2..)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    #[test]
    fn gzip_round_trip_and_bomb_is_refused() {
        let text = b"<html>hello</html>".repeat(10);
        assert_eq!(
            decode_body(Some("gzip"), &gzip(&text), 1 << 20).unwrap(),
            text
        );
        let bomb = gzip(&vec![0u8; 5 << 20]);
        assert!(bomb.len() < 20_000);
        assert_eq!(
            decode_body(Some("gzip"), &bomb, 1 << 20),
            Err(DecodeError::TooLarge { limit: 1 << 20 })
        );
    }

    #[test]
    fn identity_and_unknown_codings() {
        assert_eq!(decode_body(None, b"abc", 10).unwrap(), b"abc");
        assert!(matches!(
            decode_body(None, b"abcdef", 3),
            Err(DecodeError::TooLarge { .. })
        ));
        assert!(matches!(
            decode_body(Some("compress"), b"abc", 10),
            Err(DecodeError::Unsupported(_))
        ));
        assert!(matches!(
            decode_body(Some("gzip"), b"not gzip at all", 100),
            Err(DecodeError::Corrupt { .. })
        ));
    }

    #[test]
    fn dechunks() {
        assert_eq!(
            dechunk(b"3\r\nabc\r\n2;x=1\r\nde\r\n0\r\n\r\n").unwrap(),
            b"abcde"
        );
        assert!(dechunk(b"5\r\nab").is_none());
    }
}
