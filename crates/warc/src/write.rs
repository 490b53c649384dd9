//! Writing WARC files: a `warcinfo` record per file, `request` + `response`
//! (or `revisit`) records per exchange.

use crate::{ROLE_HEADER, WarcError, new_record_id, sha1_digest};
use chrono::{DateTime, SecondsFormat, Utc};
use std::fs::File;
use std::io::{self, Write};
use std::net::IpAddr;
use std::path::{Path, PathBuf};

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
        self.write_exchange_in_role(ex, None)
    }

    /// Archive one exchange with the role its page played in the crawl
    /// (`article`, `listing`, `feed`, `sitemap`, `robots`, …) in a
    /// [`ROLE_HEADER`] field of the `response` (or `revisit`) record, so an
    /// import can tell an article from a listing page it passed through.
    pub fn write_exchange_in_role(
        &mut self,
        ex: &Exchange<'_>,
        role: Option<&str>,
    ) -> Result<String, WarcError> {
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
        // A field value is one line of text: a role that is not one
        // plain word is left out rather than written as a broken header.
        if let Some(role) = role.filter(|r| is_field_token(r)) {
            response_headers.push((ROLE_HEADER, role.to_string()));
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

/// Whether `value` can stand as a WARC field value without quoting: a
/// non-empty run of ASCII letters, digits, `-` and `_`.
fn is_field_token(value: &str) -> bool {
    !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

struct Record<'a> {
    headers: Vec<(&'static str, String)>,
    block: &'a [u8],
    payload: Option<&'a [u8]>,
}
