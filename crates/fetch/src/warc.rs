//! WARC 1.1 archive of every HTTP exchange, and reading it back.
//!
//! Each run writes a new `.warc.gz` file (one gzip member per record, as
//! web archives customarily do, so a reader can seek and a torn tail loses
//! only its last record) starting with a `warcinfo` record. A fetch adds a
//! `request` and a `response` record, or a `revisit` (profile
//! *server-not-modified*) for a 304. Digests are SHA-1 in base32, the form
//! every WARC tool expects: the block digest over the whole record block
//! (HTTP head + body), the payload digest over the body as transferred
//! (still content-encoded, never chunked).
//!
//! We write our own rather than use the `warc` crate: it computes no
//! digests, knows nothing of HTTP heads, and the writer is a small part of
//! this crate compared with getting the record semantics right.

use crate::content::{dechunk, decode_body};
use chrono::{DateTime, SecondsFormat, Utc};
use sha1::{Digest, Sha1};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::IpAddr;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum WarcError {
    #[error("WARC file {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("WARC file {path}: malformed record at byte {offset}: {message}")]
    Malformed {
        path: PathBuf,
        offset: u64,
        message: String,
    },
}

/// `sha1:BASE32`, as in `WARC-Block-Digest` / `WARC-Payload-Digest`.
pub fn sha1_digest(data: &[u8]) -> String {
    format!("sha1:{}", data_encoding::BASE32.encode(&Sha1::digest(data)))
}

/// A new `<urn:uuid:…>` record id.
pub fn new_record_id() -> String {
    format!("<urn:uuid:{}>", uuid::Uuid::new_v4())
}

fn warc_date(date: DateTime<Utc>) -> String {
    date.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// One HTTP exchange to archive.
pub struct Exchange<'a> {
    pub target_uri: &'a str,
    pub date: DateTime<Utc>,
    /// Request line and headers, ending with the blank line.
    pub request_head: &'a [u8],
    /// Status line and headers, ending with the blank line.
    pub response_head: &'a [u8],
    /// Body exactly as transferred (content-encoded, not chunked).
    pub body: &'a [u8],
    pub status: u16,
    pub ip: Option<IpAddr>,
    /// For a 304: the earlier response record it revisits, when known.
    pub refers_to: Option<&'a str>,
}

/// Appends records to `<dir>/pressroom-<time>-<pid>.warc.gz`.
pub struct WarcWriter {
    file: File,
    path: PathBuf,
    warcinfo_id: String,
}

impl WarcWriter {
    /// Start a new WARC file in `dir` with a `warcinfo` record describing the crawler.
    pub fn create(dir: &Path, software: &str, user_agent: &str) -> Result<WarcWriter, WarcError> {
        let io_err = |path: &Path| {
            let path = path.to_path_buf();
            move |source| WarcError::Io { path, source }
        };
        std::fs::create_dir_all(dir).map_err(io_err(dir))?;
        let stamp = Utc::now().format("%Y%m%d%H%M%S%3f");
        let path = dir.join(format!("pressroom-{stamp}-{}.warc.gz", std::process::id()));
        let file = File::options()
            .create_new(true)
            .append(true)
            .open(&path)
            .map_err(io_err(&path))?;
        let warcinfo_id = new_record_id();
        let mut writer = WarcWriter {
            file,
            path,
            warcinfo_id: warcinfo_id.clone(),
        };
        let info = format!(
            "software: {software}\r\nformat: WARC File Format 1.1\r\n\
             conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n\
             robots: obey\r\nhttp-header-user-agent: {user_agent}\r\n"
        );
        let filename = writer
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        writer.write_records(&[Record {
            headers: vec![
                ("WARC-Type", "warcinfo".into()),
                ("WARC-Record-ID", warcinfo_id),
                ("WARC-Date", warc_date(Utc::now())),
                ("WARC-Filename", filename),
                ("Content-Type", "application/warc-fields".into()),
            ],
            block: info.as_bytes(),
            payload: None,
        }])?;
        Ok(writer)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Archive one exchange; returns the id of the `response` (or `revisit`) record.
    pub fn write_exchange(&mut self, ex: &Exchange<'_>) -> Result<String, WarcError> {
        let date = warc_date(ex.date);
        let request_id = new_record_id();
        let response_id = new_record_id();
        let mut response_block = Vec::with_capacity(ex.response_head.len() + ex.body.len());
        response_block.extend_from_slice(ex.response_head);
        let revisit = ex.status == 304;
        let mut response_headers = vec![
            ("WARC-Record-ID", response_id.clone()),
            ("WARC-Date", date.clone()),
            ("WARC-Target-URI", ex.target_uri.to_string()),
            ("WARC-Warcinfo-ID", self.warcinfo_id.clone()),
            ("Content-Type", "application/http;msgtype=response".into()),
        ];
        if let Some(ip) = ex.ip {
            response_headers.push(("WARC-IP-Address", ip.to_string()));
        }
        let payload = if revisit {
            response_headers.insert(0, ("WARC-Type", "revisit".into()));
            response_headers.push((
                "WARC-Profile",
                "http://netpreserve.org/warc/1.1/revisit/server-not-modified".into(),
            ));
            response_headers.push(("WARC-Refers-To-Target-URI", ex.target_uri.to_string()));
            if let Some(id) = ex.refers_to {
                response_headers.push(("WARC-Refers-To", id.to_string()));
            }
            None
        } else {
            response_headers.insert(0, ("WARC-Type", "response".into()));
            response_block.extend_from_slice(ex.body);
            Some(ex.body)
        };
        let request_headers = vec![
            ("WARC-Type", "request".into()),
            ("WARC-Record-ID", request_id),
            ("WARC-Date", date),
            ("WARC-Target-URI", ex.target_uri.to_string()),
            ("WARC-Warcinfo-ID", self.warcinfo_id.clone()),
            ("WARC-Concurrent-To", response_id.clone()),
            ("Content-Type", "application/http;msgtype=request".into()),
        ];
        self.write_records(&[
            Record {
                headers: request_headers,
                block: ex.request_head,
                payload: None,
            },
            Record {
                headers: response_headers,
                block: &response_block,
                payload,
            },
        ])?;
        Ok(response_id)
    }

    /// Encode all records first, then append them with one write, so a crash
    /// tears at most the tail of the file.
    fn write_records(&mut self, records: &[Record<'_>]) -> Result<(), WarcError> {
        let mut out = Vec::new();
        for record in records {
            let mut head = String::from("WARC/1.1\r\n");
            for (name, value) in &record.headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            if let Some(payload) = record.payload {
                head.push_str(&format!(
                    "WARC-Payload-Digest: {}\r\n",
                    sha1_digest(payload)
                ));
            }
            head.push_str(&format!(
                "WARC-Block-Digest: {}\r\n",
                sha1_digest(record.block)
            ));
            head.push_str(&format!("Content-Length: {}\r\n\r\n", record.block.len()));
            let mut gz = flate2::write::GzEncoder::new(&mut out, flate2::Compression::fast());
            let written = gz
                .write_all(head.as_bytes())
                .and_then(|()| gz.write_all(record.block))
                .and_then(|()| gz.write_all(b"\r\n\r\n"))
                .and_then(|()| gz.finish().map(|_| ()));
            written.map_err(|source| self.io_error(source))?;
        }
        self.file
            .write_all(&out)
            .and_then(|()| self.file.flush())
            .map_err(|source| self.io_error(source))
    }

    fn io_error(&self, source: io::Error) -> WarcError {
        WarcError::Io {
            path: self.path.clone(),
            source,
        }
    }
}

struct Record<'a> {
    headers: Vec<(&'static str, String)>,
    block: &'a [u8],
    payload: Option<&'a [u8]>,
}

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
