//! Reading the `response` records of a WARC file back.

use crate::WarcError;
use crate::content::{dechunk, decode_body};
use chrono::{DateTime, Utc};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// An archived HTTP response, ready to parse again.
#[derive(Debug, Clone)]
pub struct WarcResponse {
    pub record_id: String,
    pub target_uri: String,
    pub date: Option<DateTime<Utc>>,
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// The role the page played in the crawl that archived it
    /// ([`crate::ROLE_HEADER`]); `None` in archives of other crawlers.
    pub role: Option<String>,
    /// Body with transfer and content codings removed.
    pub body: Vec<u8>,
}

impl WarcResponse {
    /// First value of an HTTP header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Bodies larger than this, decoded, are refused when reading archives back.
pub const MAX_READ_BODY: usize = 64 << 20;

/// Record blocks (HTTP head and body as transferred) larger than this are
/// skipped unread: the largest body accepted plus room for its head.
pub const MAX_RECORD_BLOCK: u64 = MAX_READ_BODY as u64 + (1 << 20);

/// Longest WARC header line, and most header lines in one record: a record
/// head is a few hundred bytes, and without a bound a stream without line
/// ends would be read into memory whole.
const MAX_HEADER_LINE: u64 = 64 << 10;
const MAX_HEADER_LINES: usize = 1024;

/// The `response` records of a `.warc` or `.warc.gz` file, in order.
/// Other record types are skipped. A record that cannot be used (too large,
/// or an HTTP response that does not parse or decode) gives an error and
/// the iteration goes on; an archive that cannot be read further (cut
/// short, or its framing is broken) gives an error and the iteration ends.
/// Memory stays bounded by [`MAX_RECORD_BLOCK`] and [`MAX_READ_BODY`]
/// whatever the archive declares or holds.
pub fn read_warc(path: &Path) -> impl Iterator<Item = Result<WarcResponse, WarcError>> {
    WarcResponses::open(path)
}

/// Header name/value pairs, in order.
type Headers = Vec<(String, String)>;

struct WarcResponses {
    path: PathBuf,
    reader: Option<Box<dyn BufRead>>,
    offset: u64,
    pending_error: Option<WarcError>,
}

/// A record's WARC headers and, unless it was skipped, its block.
struct RawRecord {
    headers: Headers,
    /// Where the record starts in the (uncompressed) archive.
    offset: u64,
    block: Result<Vec<u8>, WarcError>,
}

impl WarcResponses {
    fn open(path: &Path) -> WarcResponses {
        let mut this = WarcResponses {
            path: path.to_path_buf(),
            reader: None,
            offset: 0,
            pending_error: None,
        };
        match File::open(path) {
            Ok(file) => {
                let gz = path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
                this.reader = Some(if gz {
                    Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(
                        BufReader::new(file),
                    )))
                } else {
                    Box::new(BufReader::new(file))
                });
            }
            Err(source) => {
                this.pending_error = Some(WarcError::Io {
                    path: path.to_path_buf(),
                    source,
                })
            }
        }
        this
    }

    fn malformed(&self, message: impl Into<String>) -> WarcError {
        WarcError::Malformed {
            path: self.path.clone(),
            offset: self.offset,
            message: message.into(),
        }
    }

    fn truncated(&self) -> WarcError {
        WarcError::Truncated {
            path: self.path.clone(),
            offset: self.offset,
        }
    }

    /// A read error: a compressed stream that ends early is a cut archive.
    fn read_error(&self, source: std::io::Error) -> WarcError {
        if source.kind() == std::io::ErrorKind::UnexpectedEof {
            self.truncated()
        } else {
            WarcError::Io {
                path: self.path.clone(),
                source,
            }
        }
    }

    /// One line, at most [`MAX_HEADER_LINE`] bytes; empty at the end.
    fn read_line(&mut self, line: &mut Vec<u8>) -> Result<usize, WarcError> {
        line.clear();
        let reader = self.reader.as_mut().expect("called while open");
        let n = reader
            .by_ref()
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', line);
        let n = n.map_err(|e| self.read_error(e))?;
        self.offset += n as u64;
        if n as u64 == MAX_HEADER_LINE && line.last() != Some(&b'\n') {
            return Err(self.malformed("header line too long"));
        }
        Ok(n)
    }

    /// Next record; `None` at a clean end.
    fn next_record(&mut self) -> Result<Option<RawRecord>, WarcError> {
        if self.reader.is_none() {
            return Ok(None);
        }
        // Skip blank lines between records.
        let mut line = Vec::new();
        loop {
            if self.read_line(&mut line)? == 0 {
                return Ok(None);
            }
            if !line.iter().all(u8::is_ascii_whitespace) {
                break;
            }
        }
        let offset = self.offset - line.len() as u64;
        if !line.starts_with(b"WARC/") {
            return Err(self.malformed("expected a WARC/1.x version line"));
        }
        let mut headers = Vec::new();
        loop {
            if self.read_line(&mut line)? == 0 {
                return Err(self.truncated());
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                break;
            }
            if headers.len() >= MAX_HEADER_LINES {
                return Err(self.malformed("too many header lines"));
            }
            if let Some((name, value)) = text.split_once(':') {
                headers.push((name.trim().to_string(), value.trim().to_string()));
            }
        }
        let length: u64 = warc_header(&headers, "Content-Length")
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| self.malformed("record without Content-Length"))?;
        let reader = self.reader.as_mut().expect("checked above");
        let mut block = Vec::new();
        let too_large = length > MAX_RECORD_BLOCK;
        // A block too large to keep is read through (bounded memory) so
        // the records after it can still be read.
        let read = if too_large {
            std::io::copy(&mut reader.take(length), &mut std::io::sink())
        } else {
            reader
                .take(length)
                .read_to_end(&mut block)
                .map(|n| n as u64)
        };
        let read = read.map_err(|e| self.read_error(e))?;
        self.offset += read;
        if read < length {
            return Err(self.truncated());
        }
        let block = if too_large {
            Err(WarcError::RecordTooLarge {
                path: self.path.clone(),
                offset,
                length,
                limit: MAX_RECORD_BLOCK,
            })
        } else {
            Ok(block)
        };
        Ok(Some(RawRecord {
            headers,
            offset,
            block,
        }))
    }
}

fn warc_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Split an archived HTTP response into status, headers and decoded body.
fn parse_http_response(block: &[u8]) -> Result<(u16, Headers, Vec<u8>), String> {
    let head_end = block
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("HTTP head without blank line")?;
    let head = String::from_utf8_lossy(&block[..head_end]);
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("bad status line {status_line:?}"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let body = &block[head_end + 4..];
    let dechunked;
    let body = if warc_header(&headers, "Transfer-Encoding")
        .is_some_and(|t| t.eq_ignore_ascii_case("chunked"))
    {
        dechunked = dechunk(body).ok_or("bad chunked body")?;
        &dechunked[..]
    } else {
        body
    };
    // Decoded with the cap enforced while decoding: a small compressed
    // body can expand to gigabytes.
    let body = decode_body(
        warc_header(&headers, "Content-Encoding"),
        body,
        MAX_READ_BODY,
    )
    .map_err(|e| e.to_string())?;
    Ok((status, headers, body))
}

impl Iterator for WarcResponses {
    type Item = Result<WarcResponse, WarcError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(err) = self.pending_error.take() {
            return Some(Err(err));
        }
        loop {
            let record = match self.next_record() {
                Ok(Some(record)) => record,
                Ok(None) => return None,
                Err(err) => {
                    self.reader = None;
                    return Some(Err(err));
                }
            };
            let headers = &record.headers;
            let is_response = warc_header(headers, "WARC-Type") == Some("response")
                && warc_header(headers, "Content-Type")
                    .is_some_and(|t| t.starts_with("application/http"));
            if !is_response {
                continue;
            }
            let block = match record.block {
                Ok(block) => block,
                Err(err) => return Some(Err(err)),
            };
            let (status, http_headers, body) = match parse_http_response(&block) {
                Ok(parts) => parts,
                Err(message) => {
                    return Some(Err(WarcError::BadRecord {
                        path: self.path.clone(),
                        offset: record.offset,
                        message,
                    }));
                }
            };
            return Some(Ok(WarcResponse {
                record_id: warc_header(headers, "WARC-Record-ID")
                    .unwrap_or_default()
                    .to_string(),
                target_uri: warc_header(headers, "WARC-Target-URI")
                    .unwrap_or_default()
                    .trim_matches(['<', '>'])
                    .to_string(),
                date: warc_header(headers, "WARC-Date")
                    .and_then(|d| DateTime::parse_from_rfc3339(d).ok())
                    .map(|d| d.with_timezone(&Utc)),
                status,
                headers: http_headers,
                role: warc_header(headers, crate::ROLE_HEADER).map(|r| r.trim().to_string()),
                body,
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Exchange, WarcWriter, sha1_digest};
    use std::path::PathBuf;

    #[test]
    fn digest_is_base32_sha1() {
        // sha1("") = da39a3ee5e6b4b0d3255bfef95601890afd80709
        assert_eq!(sha1_digest(b""), "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ");
    }

    #[test]
    fn written_exchanges_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = WarcWriter::create(dir.path(), "pressroom-test", "ua").unwrap();
        let body = "<html><title>Привет</title></html>".as_bytes();
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        let id = w
            .write_exchange(&Exchange {
                target_uri: "https://www.hrw.org/ru/news/2021/07/06/379156",
                date: Utc::now(),
                request_head:
                    b"GET /ru/news/2021/07/06/379156 HTTP/1.1\r\nHost: www.hrw.org\r\n\r\n",
                response_head: head.as_bytes(),
                body,
                status: 200,
                ip: Some("127.0.0.1".parse().unwrap()),
                refers_to: None,
            })
            .unwrap();
        w.write_exchange(&Exchange {
            target_uri: "https://www.hrw.org/ru/news/2021/07/06/379156",
            date: Utc::now(),
            request_head: b"GET / HTTP/1.1\r\n\r\n",
            response_head: b"HTTP/1.1 304 Not Modified\r\n\r\n",
            body: b"",
            status: 304,
            ip: None,
            refers_to: Some(&id),
        })
        .unwrap();
        let path = w.path().to_path_buf();
        let all: Vec<_> = read_warc(&path).collect::<Result<_, _>>().unwrap();
        assert_eq!(all.len(), 1, "only the response, not the revisit");
        assert_eq!(all[0].record_id, id);
        assert_eq!(all[0].status, 200);
        assert_eq!(all[0].body, body);
        assert_eq!(
            all[0].header("content-type"),
            Some("text/html; charset=utf-8")
        );
    }

    #[test]
    fn a_pages_role_reads_back_and_is_absent_when_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = WarcWriter::create(dir.path(), "pressroom-test", "ua").unwrap();
        let page = |uri| Exchange {
            target_uri: uri,
            date: Utc::now(),
            request_head: b"GET / HTTP/1.1\r\n\r\n",
            response_head: b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n",
            body: b"<html></html>",
            status: 200,
            ip: None,
            refers_to: None,
        };
        w.write_exchange_in_role(&page("https://example.org/news"), Some("listing"))
            .unwrap();
        w.write_exchange(&page("https://example.org/plain"))
            .unwrap();
        // Not a plain word: left out rather than breaking the record head.
        w.write_exchange_in_role(&page("https://example.org/odd"), Some("a\r\nb"))
            .unwrap();
        let all: Vec<_> = read_warc(w.path()).collect::<Result<_, _>>().unwrap();
        let roles: Vec<_> = all
            .iter()
            .map(|r| (r.target_uri.as_str(), r.role.as_deref()))
            .collect();
        assert_eq!(
            roles,
            [
                ("https://example.org/news", Some("listing")),
                ("https://example.org/plain", None),
                ("https://example.org/odd", None),
            ]
        );
    }

    #[test]
    fn missing_and_garbage_files_are_errors_not_panics() {
        let dir = tempfile::tempdir().unwrap();
        let missing: Vec<_> = read_warc(&dir.path().join("nope.warc")).collect();
        assert!(matches!(missing.as_slice(), [Err(WarcError::Io { .. })]));
        let junk = dir.path().join("junk.warc");
        std::fs::write(&junk, b"hello world\n").unwrap();
        let junk: Vec<_> = read_warc(&junk).collect();
        assert!(matches!(
            junk.as_slice(),
            [Err(WarcError::Malformed { .. })]
        ));
    }

    /// An archive holding one page, as the crawler writes it.
    fn archive_with_page(dir: &Path) -> PathBuf {
        let mut w = WarcWriter::create(dir, "pressroom-test", "ua").unwrap();
        let body = b"<html><title>First</title></html>";
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        w.write_exchange(&Exchange {
            target_uri: "https://example.org/first",
            date: Utc::now(),
            request_head: b"GET /first HTTP/1.1\r\n\r\n",
            response_head: head.as_bytes(),
            body,
            status: 200,
            ip: None,
            refers_to: None,
        })
        .unwrap();
        w.path().to_path_buf()
    }

    /// Append a gzip member holding a response record whose block is
    /// `head` then `zeros` zero bytes, compressed as it streams.
    fn append_record_of_zeros(path: &Path, head: &[u8], zeros: u64) {
        use std::io::Write;
        let file = File::options().append(true).open(path).unwrap();
        let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
        write!(
            gz,
            "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/bomb\r\n\
             Content-Type: application/http;msgtype=response\r\nContent-Length: {}\r\n\r\n",
            head.len() as u64 + zeros
        )
        .unwrap();
        gz.write_all(head).unwrap();
        let chunk = vec![0u8; 1 << 20];
        let mut left = zeros;
        while left > 0 {
            let n = left.min(chunk.len() as u64) as usize;
            gz.write_all(&chunk[..n]).unwrap();
            left -= n as u64;
        }
        gz.write_all(b"\r\n\r\n").unwrap();
        gz.finish().unwrap();
    }

    #[test]
    fn an_oversized_record_is_skipped_unread_and_the_next_one_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = archive_with_page(dir.path());
        append_record_of_zeros(&path, b"HTTP/1.1 200 OK\r\n\r\n", MAX_RECORD_BLOCK + 1);
        let good = std::fs::read(&path).unwrap();
        let more = archive_with_page(&dir.path().join("more"));
        let mut all = good;
        all.extend(std::fs::read(&more).unwrap());
        std::fs::write(&path, all).unwrap();
        let read: Vec<_> = read_warc(&path).collect();
        assert_eq!(read.len(), 3, "{read:?}");
        assert!(read[0].is_ok());
        assert!(
            matches!(&read[1], Err(e @ WarcError::RecordTooLarge { .. }) if e.is_per_record()),
            "{:?}",
            read[1]
        );
        assert!(read[2].is_ok(), "the record after the large one is read");
    }

    #[test]
    fn a_compressed_payload_past_the_cap_fails_its_record_alone() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let path = archive_with_page(dir.path());
        // A gzip body of 65 MB of zeros: 65 KB on disk.
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let chunk = vec![0u8; 1 << 20];
        for _ in 0..(MAX_READ_BODY >> 20) + 1 {
            gz.write_all(&chunk).unwrap();
        }
        let body = gz.finish().unwrap();
        let mut block = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        block.extend_from_slice(&body);
        append_record_of_zeros(&path, &block, 0);
        let read: Vec<_> = read_warc(&path).collect();
        assert_eq!(read.len(), 2, "{read:?}");
        let err = read[1].as_ref().unwrap_err();
        assert!(err.is_per_record(), "{err}");
        assert!(err.to_string().contains("exceeds"), "{err}");
    }

    #[test]
    fn a_cut_archive_keeps_the_records_before_the_cut() {
        let dir = tempfile::tempdir().unwrap();
        let path = archive_with_page(dir.path());
        let whole = std::fs::read(&path).unwrap();
        append_record_of_zeros(&path, b"HTTP/1.1 200 OK\r\n\r\n", 100_000);
        let longer = std::fs::read(&path).unwrap();
        // Cut in the middle of the second record's gzip member.
        let cut = whole.len() + (longer.len() - whole.len()) / 2;
        std::fs::write(&path, &longer[..cut]).unwrap();
        let read: Vec<_> = read_warc(&path).collect();
        assert_eq!(read.len(), 2, "{read:?}");
        assert!(read[0].is_ok());
        assert!(
            matches!(read[1], Err(WarcError::Truncated { .. })),
            "{:?}",
            read[1]
        );
    }

    #[test]
    fn a_stream_without_line_ends_is_refused_at_bounded_memory() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lines.warc");
        let mut data = b"WARC/1.1\r\nWARC-Type: response\r\nX: ".to_vec();
        data.resize(data.len() + (1 << 20), b'a');
        std::fs::write(&path, data).unwrap();
        let read: Vec<_> = read_warc(&path).collect();
        assert!(
            matches!(&read[..], [Err(WarcError::Malformed { message, .. })] if message.contains("too long")),
            "{read:?}"
        );
    }
}
