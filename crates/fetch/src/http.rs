//! One HTTP GET with every limit enforced, keeping what the archive needs.
//!
//! Redirects are not followed here (the crawler follows them itself so each
//! hop is archived, checked against robots.txt and loop-detected), and
//! content codings are undone by [`crate::content`] so the archived body is
//! the one on the wire.

use crate::content::{DecodeError, decode_body};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::net::IpAddr;
use std::time::Duration;
use url::Url;

/// Limits and identity of the HTTP client.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    /// Full `User-Agent` header: product, version and a contact URL.
    pub user_agent: String,
    pub connect_timeout: Duration,
    /// Whole exchange, from connecting to the last body byte: a server
    /// that trickles its answer is cut off here.
    pub total_timeout: Duration,
    /// Largest body accepted, before and after decompression.
    pub max_body: usize,
    /// Hosts (`host` or `host:port`) served from another origin, e.g.
    /// `www.hrw.org` → `http://127.0.0.1:8080`. Requests keep the original
    /// `Host` header, so a local server can stand in for the real sites.
    pub host_map: HashMap<String, Url>,
    /// Refuse any host that is not in `host_map` or a loopback address, so
    /// tests can never reach the Internet.
    pub offline: bool,
}

/// Why a request produced no usable response.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HttpError {
    #[error("offline: host {0} is not mapped to a local server")]
    Offline(String),
    #[error("connect failed: {0}")]
    Connect(String),
    #[error("timed out: {0}")]
    Timeout(String),
    #[error("request failed: {0}")]
    Request(String),
    #[error("body cut short or connection reset: {0}")]
    Body(String),
    #[error("body larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("{0}")]
    Decode(#[from] DecodeError),
}

impl HttpError {
    /// Worth retrying later in the same run.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            HttpError::Connect(_)
                | HttpError::Timeout(_)
                | HttpError::Request(_)
                | HttpError::Body(_)
        )
    }
}

/// Validators from an earlier response, for a conditional GET.
#[derive(Debug, Clone, Default)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A response with everything the archive and the parser need.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// Body as transferred (content-encoded); what the archive keeps.
    pub raw_body: Vec<u8>,
    /// Body with content codings undone; what the parser gets.
    pub body: Vec<u8>,
    pub ip: Option<IpAddr>,
    pub request_head: Vec<u8>,
    pub response_head: Vec<u8>,
    pub fetched_at: DateTime<Utc>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub struct HttpClient {
    client: reqwest::Client,
    /// Drives the exchanges: a timer over the whole of one is what bounds
    /// a server that trickles its body, which a per-read timeout never does.
    runtime: tokio::runtime::Runtime,
    options: HttpOptions,
}

fn authority(url: &Url) -> String {
    match url.port() {
        Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
        None => url.host_str().unwrap_or_default().to_string(),
    }
}

fn describe(err: &reqwest::Error) -> String {
    // The outermost message alone ("error sending request") hides the cause.
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

fn request_error(e: &reqwest::Error) -> HttpError {
    if e.is_timeout() {
        HttpError::Timeout(describe(e))
    } else if e.is_connect() {
        HttpError::Connect(describe(e))
    } else {
        HttpError::Request(describe(e))
    }
}

/// The head of a GET as sent, and the headers to send.
struct Request {
    head: String,
    headers: Vec<(&'static str, String)>,
}

impl HttpClient {
    pub fn new(options: HttpOptions) -> Result<HttpClient, HttpError> {
        // Several crates may race to install a provider; any installed one will do.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(options.connect_timeout)
            .pool_max_idle_per_host(1)
            .no_proxy()
            .build()
            .map_err(|e| HttpError::Request(describe(&e)))?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| HttpError::Request(format!("cannot start the HTTP runtime: {e}")))?;
        Ok(HttpClient {
            client,
            runtime,
            options,
        })
    }

    pub fn options(&self) -> &HttpOptions {
        &self.options
    }

    /// Where the request really goes: the mapped origin, or the URL itself.
    fn route(&self, url: &Url) -> Result<Url, HttpError> {
        let key = authority(url);
        let mapped = self.options.host_map.get(&key).or_else(|| {
            self.options
                .host_map
                .get(url.host_str().unwrap_or_default())
        });
        if let Some(base) = mapped {
            let mut target = base.clone();
            target.set_path(url.path());
            target.set_query(url.query());
            return Ok(target);
        }
        let loopback = match url.host() {
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            Some(url::Host::Domain(d)) => d == "localhost",
            None => false,
        };
        if self.options.offline && !loopback {
            return Err(HttpError::Offline(key));
        }
        Ok(url.clone())
    }

    fn request(&self, url: &Url, validators: &Validators) -> Request {
        let mut headers: Vec<(&'static str, String)> = vec![
            ("Host", authority(url)),
            ("User-Agent", self.options.user_agent.clone()),
            (
                "Accept",
                "text/html,application/xhtml+xml,application/xml;q=0.9,application/rss+xml,application/atom+xml,text/plain;q=0.8,*/*;q=0.1"
                    .into(),
            ),
            ("Accept-Encoding", "gzip, br".into()),
            ("Accept-Language", "en, ru;q=0.9".into()),
        ];
        if let Some(etag) = &validators.etag {
            headers.push(("If-None-Match", etag.clone()));
        }
        if let Some(lm) = &validators.last_modified {
            headers.push(("If-Modified-Since", lm.clone()));
        }
        let mut path = url.path().to_string();
        if let Some(q) = url.query() {
            path.push('?');
            path.push_str(q);
        }
        let mut head = format!("GET {path} HTTP/1.1\r\n");
        for (name, value) in &headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        Request { head, headers }
    }

    /// GET `url`. `accept` says which content types are wanted: a 200 with
    /// another type is returned with an empty body (its bytes never read).
    /// `total_timeout` bounds the whole exchange, from connecting to the
    /// last body byte.
    pub fn get(
        &self,
        url: &Url,
        validators: &Validators,
        accept: &dyn Fn(&str) -> bool,
    ) -> Result<Response, HttpError> {
        let target = self.route(url)?;
        let request = self.request(url, validators);
        let limit = self.options.total_timeout;
        let exchange = self.exchange(target, request, accept);
        self.runtime.block_on(async {
            tokio::time::timeout(limit, exchange)
                .await
                .unwrap_or_else(|_| {
                    Err(HttpError::Timeout(format!(
                        "no complete answer within {}s",
                        limit.as_secs_f32()
                    )))
                })
        })
    }

    async fn exchange(
        &self,
        target: Url,
        request: Request,
        accept: &dyn Fn(&str) -> bool,
    ) -> Result<Response, HttpError> {
        let mut builder = self.client.get(target.as_str());
        for (name, value) in &request.headers {
            builder = builder.header(*name, value.as_str());
        }
        let fetched_at = Utc::now();
        let mut response = builder.send().await.map_err(|e| request_error(&e))?;
        let status = response.status();
        let ip = response.remote_addr().map(|a| a.ip());
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let limit = self.options.max_body;
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let wanted = status.as_u16() != 200 || accept(&content_type);
        let mut raw_body = Vec::new();
        if wanted {
            if response
                .content_length()
                .is_some_and(|len| len > limit as u64)
            {
                return Err(HttpError::TooLarge { limit });
            }
            loop {
                match response.chunk().await {
                    Ok(Some(chunk)) => {
                        if raw_body.len() + chunk.len() > limit {
                            return Err(HttpError::TooLarge { limit });
                        }
                        raw_body.extend_from_slice(&chunk);
                    }
                    Ok(None) => break,
                    Err(e) if e.is_timeout() => {
                        return Err(HttpError::Timeout(format!(
                            "reading body: {}",
                            describe(&e)
                        )));
                    }
                    Err(e) => return Err(HttpError::Body(describe(&e))),
                }
            }
        }
        let content_encoding = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-encoding"))
            .map(|(_, v)| v.as_str());
        let body = decode_body(content_encoding, &raw_body, limit)?;

        let reason = status.canonical_reason().unwrap_or("");
        let mut response_head = format!("HTTP/1.1 {} {reason}\r\n", status.as_u16());
        for (name, value) in &headers {
            // The body is archived de-chunked, so the framing header must go.
            if name.eq_ignore_ascii_case("transfer-encoding") {
                continue;
            }
            response_head.push_str(&format!("{name}: {value}\r\n"));
        }
        response_head.push_str("\r\n");
        Ok(Response {
            status: status.as_u16(),
            headers,
            raw_body,
            body,
            ip,
            request_head: request.head.into_bytes(),
            response_head: response_head.into_bytes(),
            fetched_at,
        })
    }
}

/// `Retry-After` as a duration: delta-seconds or an HTTP date.
pub fn retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        let now = std::time::SystemTime::now();
        assert_eq!(retry_after("120", now), Some(Duration::from_secs(120)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        let d = retry_after(&later, now).unwrap();
        assert!(
            d <= Duration::from_secs(30) && d >= Duration::from_secs(28),
            "{d:?}"
        );
        assert_eq!(retry_after("soon", now), None);
    }

    #[test]
    fn offline_refuses_unmapped_hosts() {
        let client = HttpClient::new(HttpOptions {
            user_agent: "t".into(),
            connect_timeout: Duration::from_secs(1),
            total_timeout: Duration::from_secs(1),
            max_body: 1000,
            host_map: HashMap::new(),
            offline: true,
        })
        .unwrap();
        let url = Url::parse("https://www.hrw.org/").unwrap();
        let err = client
            .get(&url, &Validators::default(), &|_| true)
            .unwrap_err();
        assert_eq!(err, HttpError::Offline("www.hrw.org".into()));
    }
}
