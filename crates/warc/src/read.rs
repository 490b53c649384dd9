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

/// Bodies larger than this are skipped when reading archives back.
const MAX_READ_BODY: usize = 64 << 20;

/// The `response` records of a `.warc` or `.warc.gz` file, in order.
/// Other record types are skipped; a malformed record ends the iteration
/// with an error.
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

    /// Next record: its WARC headers and block; `None` at a clean end.
    fn next_record(&mut self) -> Result<Option<(Headers, Vec<u8>)>, WarcError> {
        let Some(reader) = self.reader.as_mut() else {
            return Ok(None);
        };
        let path = self.path.clone();
        let io_err = |source| WarcError::Io {
            path: path.clone(),
            source,
        };
        // Skip blank lines between records.
        let mut line = Vec::new();
        loop {
            line.clear();
            let n = reader.read_until(b'\n', &mut line).map_err(io_err)?;
            if n == 0 {
                return Ok(None);
            }
            self.offset += n as u64;
            if !line.iter().all(u8::is_ascii_whitespace) {
                break;
            }
        }
        if !line.starts_with(b"WARC/") {
            return Err(self.malformed("expected a WARC/1.x version line"));
        }
        let reader = self.reader.as_mut().expect("checked above");
        let mut headers = Vec::new();
        loop {
            line.clear();
            let n = reader.read_until(b'\n', &mut line).map_err(io_err)?;
            self.offset += n as u64;
            if n == 0 {
                return Err(self.malformed("end of file inside record header"));
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                break;
            }
            if let Some((name, value)) = text.split_once(':') {
                headers.push((name.trim().to_string(), value.trim().to_string()));
            }
        }
        let length: u64 = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("Content-Length"))
            .and_then(|(_, v)| v.parse().ok())
            .ok_or_else(|| self.malformed("record without Content-Length"))?;
        let reader = self.reader.as_mut().expect("checked above");
        let mut block = Vec::new();
        let read = reader
            .take(length)
            .read_to_end(&mut block)
            .map_err(io_err)?;
        self.offset += read as u64;
        if (read as u64) < length {
            return Err(self.malformed("record block cut short"));
        }
        Ok(Some((headers, block)))
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
    let mut body = block[head_end + 4..].to_vec();
    if warc_header(&headers, "Transfer-Encoding").is_some_and(|t| t.eq_ignore_ascii_case("chunked"))
    {
        body = dechunk(&body).ok_or("bad chunked body")?;
    }
    let body = decode_body(
        warc_header(&headers, "Content-Encoding"),
        &body,
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
            let (headers, block) = match self.next_record() {
                Ok(Some(record)) => record,
                Ok(None) => return None,
                Err(err) => {
                    self.reader = None;
                    return Some(Err(err));
                }
            };
            let is_response = warc_header(&headers, "WARC-Type") == Some("response")
                && warc_header(&headers, "Content-Type")
                    .is_some_and(|t| t.starts_with("application/http"));
            if !is_response {
                continue;
            }
            let (status, http_headers, body) = match parse_http_response(&block) {
                Ok(parts) => parts,
                Err(message) => {
                    self.reader = None;
                    return Some(Err(self.malformed(message)));
                }
            };
            return Some(Ok(WarcResponse {
                record_id: warc_header(&headers, "WARC-Record-ID")
                    .unwrap_or_default()
                    .to_string(),
                target_uri: warc_header(&headers, "WARC-Target-URI")
                    .unwrap_or_default()
                    .trim_matches(['<', '>'])
                    .to_string(),
                date: warc_header(&headers, "WARC-Date")
                    .and_then(|d| DateTime::parse_from_rfc3339(d).ok())
                    .map(|d| d.with_timezone(&Utc)),
                status,
                headers: http_headers,
                body,
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Exchange, WarcWriter, sha1_digest};

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
}
