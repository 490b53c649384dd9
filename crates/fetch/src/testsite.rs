//! A real HTTP/1.1 server on 127.0.0.1 that stands in for the NGOs' sites
//! in tests and benchmarks, with faults on demand.
//!
//! It is written on plain sockets rather than with axum/hyper because its
//! job is to misbehave in ways a correct server library refuses to:
//! lying `Content-Length`, bodies cut off mid-way, connections reset or left
//! stalled. Routes are keyed by the *logical* URL (`https://www.hrw.org/…`),
//! matched on the request's `Host` header, so the crawler talks to it
//! through [`crate::HttpOptions::host_map`] exactly as it would to the real
//! hosts.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the server answers to one request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// 200 with a body; answers 304 to a matching `If-None-Match`.
    Page {
        content_type: String,
        body: Vec<u8>,
        etag: Option<String>,
        /// Send the body gzip-compressed (`Content-Encoding: gzip`).
        gzip: bool,
    },
    /// Any status with extra headers and a body.
    Status {
        code: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Close the connection with a TCP reset after reading the request.
    Reset,
    /// Send the head and part of the body, then stall for this long.
    Stall(Duration),
    /// Send the head, then the body one byte every `interval` (a server
    /// that keeps a connection alive without ever finishing).
    Trickle { body: Vec<u8>, interval: Duration },
    /// Claim `Content-Length: claimed` but send `body` and close.
    Truncated { claimed: usize, body: Vec<u8> },
    /// Stream this many bytes of filler HTML (a huge page).
    Huge(usize),
    /// `reply`, after waiting `latency` (a slow server).
    Delayed {
        latency: Duration,
        reply: Box<Reply>,
    },
    /// Successive requests get successive replies; the last one repeats.
    Sequence(Vec<Reply>),
}

impl Reply {
    pub fn html(body: impl Into<Vec<u8>>) -> Reply {
        Reply::Page {
            content_type: "text/html; charset=utf-8".into(),
            body: body.into(),
            etag: None,
            gzip: false,
        }
    }

    pub fn typed(content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply::Page {
            content_type: content_type.into(),
            body: body.into(),
            etag: None,
            gzip: false,
        }
    }

    /// The same page with an ETag derived from its bytes.
    pub fn with_etag(self) -> Reply {
        match self {
            Reply::Page {
                content_type,
                body,
                gzip,
                ..
            } => {
                let etag = format!("\"{}\"", &crate::warc::sha1_digest(&body)[5..17]);
                Reply::Page {
                    content_type,
                    body,
                    etag: Some(etag),
                    gzip,
                }
            }
            other => other,
        }
    }

    pub fn gzipped(self) -> Reply {
        match self {
            Reply::Page {
                content_type,
                body,
                etag,
                ..
            } => Reply::Page {
                content_type,
                body,
                etag,
                gzip: true,
            },
            other => other,
        }
    }

    pub fn status(code: u16) -> Reply {
        Reply::Status {
            code,
            headers: Vec::new(),
            body: format!("status {code}").into_bytes(),
        }
    }

    pub fn redirect(location: &str) -> Reply {
        Reply::Status {
            code: 301,
            headers: vec![("Location".into(), location.into())],
            body: Vec::new(),
        }
    }
}

/// Computes replies for URLs not in the route table (large generated sites).
pub type Generator = dyn Fn(&str) -> Option<Reply> + Send + Sync;

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Hit {
    /// Logical URL: `https://<Host header host><path>`.
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub status: u16,
}

#[derive(Default)]
struct Shared {
    routes: HashMap<String, (Reply, usize)>,
    hits: Vec<Hit>,
    log_hits: bool,
}

/// A running fixture server.
pub struct TestSite {
    addr: SocketAddr,
    shared: Arc<Mutex<Shared>>,
    generator: Arc<Mutex<Option<Arc<Generator>>>>,
}

fn route_key(url: &str) -> String {
    // Keyed without scheme and port so `https://www.hrw.org/x` matches a
    // request with `Host: www.hrw.org`.
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
    let path = if path.is_empty() { "/" } else { path };
    format!("{host}{path}")
}

impl TestSite {
    /// Start serving on 127.0.0.1 on a free port.
    pub fn start() -> std::io::Result<TestSite> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Mutex::new(Shared {
            log_hits: true,
            ..Shared::default()
        }));
        let generator: Arc<Mutex<Option<Arc<Generator>>>> = Arc::new(Mutex::new(None));
        let (s, g) = (shared.clone(), generator.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (s, g) = (s.clone(), g.clone());
                std::thread::spawn(move || {
                    let _ = serve(stream, &s, &g);
                });
            }
        });
        Ok(TestSite {
            addr,
            shared,
            generator,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, the origin to map hosts to.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Answer `url` (a logical URL such as `https://bureau.kz/?p=1`) with `reply`.
    pub fn put(&self, url: &str, reply: Reply) {
        let mut shared = self.shared.lock().expect("test site lock");
        shared.routes.insert(route_key(url), (reply, 0));
    }

    pub fn set_generator(&self, generator: Arc<Generator>) {
        *self.generator.lock().expect("test site lock") = Some(generator);
    }

    /// Stop recording hits (large crawls).
    pub fn quiet(&self) {
        self.shared.lock().expect("test site lock").log_hits = false;
    }

    pub fn hits(&self) -> Vec<Hit> {
        self.shared.lock().expect("test site lock").hits.clone()
    }

    pub fn clear_hits(&self) {
        self.shared.lock().expect("test site lock").hits.clear();
    }

    /// How many requests reached `url`.
    pub fn hit_count(&self, url: &str) -> usize {
        let key = route_key(url);
        self.hits()
            .iter()
            .filter(|h| route_key(&h.url) == key)
            .count()
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn serve(
    stream: TcpStream,
    shared: &Mutex<Shared>,
    generator: &Mutex<Option<Arc<Generator>>>,
) -> std::io::Result<()> {
    // Head and body go out in separate writes; without this, Nagle's
    // algorithm meets the client's delayed ACK and every reply waits ~40 ms.
    stream.set_nodelay(true)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut stream = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line)? == 0 {
            return Ok(());
        }
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line)? == 0 {
                return Ok(());
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((n, v)) = line.split_once(':') {
                headers.push((n.trim().to_string(), v.trim().to_string()));
            }
        }
        let path = request_line.split_whitespace().nth(1).unwrap_or("/");
        let host = header(&headers, "host").unwrap_or("localhost");
        let url = format!("https://{}{path}", host.split(':').next().unwrap_or(host));
        let key = route_key(&url);
        let reply = {
            let mut s = shared.lock().expect("test site lock");
            match s.routes.get_mut(&key) {
                Some((reply, count)) => {
                    *count += 1;
                    Some(match reply {
                        Reply::Sequence(list) => list[(*count - 1).min(list.len() - 1)].clone(),
                        other => other.clone(),
                    })
                }
                None => None,
            }
        };
        let reply = match reply {
            Some(r) => r,
            None => {
                let generated = generator.lock().expect("test site lock").clone();
                generated
                    .and_then(|g| g(&url))
                    .unwrap_or_else(|| Reply::status(404))
            }
        };
        // The hit is logged before the reply goes out: a client that has
        // its reply may return at once, and a test then counts the hits.
        let log = |status: u16| {
            let mut s = shared.lock().expect("test site lock");
            if s.log_hits {
                s.hits.push(Hit {
                    url,
                    headers: headers.clone(),
                    status,
                });
            }
        };
        let status = write_reply(&mut stream, &reply, &headers, log)?;
        if status == 0 {
            return Ok(());
        }
    }
}

fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// Write `reply`, calling `about_to_send` with its status (0 for a reply
/// without one) before the first byte; returns the status sent, or 0 when
/// the connection must close.
fn write_reply(
    stream: &mut TcpStream,
    reply: &Reply,
    request_headers: &[(String, String)],
    about_to_send: impl FnOnce(u16),
) -> std::io::Result<u16> {
    match reply {
        Reply::Page {
            content_type,
            body,
            etag,
            gzip,
        } => {
            if let Some(etag) = etag
                && header(request_headers, "if-none-match") == Some(etag.as_str())
            {
                about_to_send(304);
                write!(
                    stream,
                    "HTTP/1.1 304 Not Modified\r\nETag: {etag}\r\nContent-Length: 0\r\n\r\n"
                )?;
                return Ok(304);
            }
            about_to_send(200);
            let mut head = format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n");
            if let Some(etag) = etag {
                head.push_str(&format!("ETag: {etag}\r\n"));
            }
            let body = if *gzip {
                head.push_str("Content-Encoding: gzip\r\n");
                let mut enc =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
                enc.write_all(body)?;
                enc.finish()?
            } else {
                body.clone()
            };
            head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
            stream.write_all(head.as_bytes())?;
            stream.write_all(&body)?;
            Ok(200)
        }
        Reply::Status {
            code,
            headers,
            body,
        } => {
            about_to_send(*code);
            let mut head = format!("HTTP/1.1 {code} {}\r\n", reason(*code));
            for (n, v) in headers {
                head.push_str(&format!("{n}: {v}\r\n"));
            }
            head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
            stream.write_all(head.as_bytes())?;
            stream.write_all(body)?;
            Ok(*code)
        }
        Reply::Reset => {
            about_to_send(0);
            // Linger 0 makes close() send RST instead of FIN.
            socket2::SockRef::from(&*stream).set_linger(Some(Duration::ZERO))?;
            Ok(0)
        }
        Reply::Stall(duration) => {
            about_to_send(0);
            stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<html><body>",
            )?;
            stream.flush()?;
            std::thread::sleep(*duration);
            Ok(0)
        }
        Reply::Trickle { body, interval } => {
            about_to_send(200);
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
                body.len()
            )?;
            stream.flush()?;
            for byte in body {
                std::thread::sleep(*interval);
                // The client hangs up when its timeout strikes; that ends the reply.
                if stream
                    .write_all(&[*byte])
                    .and_then(|()| stream.flush())
                    .is_err()
                {
                    return Ok(0);
                }
            }
            Ok(200)
        }
        Reply::Truncated { claimed, body } => {
            about_to_send(0);
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {claimed}\r\n\r\n"
            )?;
            stream.write_all(body)?;
            stream.flush()?;
            Ok(0)
        }
        Reply::Huge(size) => {
            about_to_send(200);
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {size}\r\n\r\n"
            )?;
            let chunk = vec![b'x'; 64 * 1024];
            let mut left = *size;
            while left > 0 {
                let n = left.min(chunk.len());
                // The client hangs up once over its limit; that ends the reply.
                if stream.write_all(&chunk[..n]).is_err() {
                    return Ok(0);
                }
                left -= n;
            }
            Ok(200)
        }
        Reply::Delayed { latency, reply } => {
            std::thread::sleep(*latency);
            write_reply(stream, reply, request_headers, about_to_send)
        }
        Reply::Sequence(_) => {
            about_to_send(0);
            Ok(0)
        }
    }
}

/// A generated English news site of `articles` pages under `https://<host>/`:
/// an RSS feed of the newest 20, a paginated listing `/news?page=N` (20 per
/// page) and articles `/news/2024/MM/DD/story-N` with titles, dates and body
/// text. Deterministic, so two crawls see the same site.
pub fn generated_site(host: &str, articles: usize) -> Arc<Generator> {
    let host = host.to_string();
    let per_page = 20;
    Arc::new(move |url: &str| {
        let rest = url.split_once("://")?.1;
        let (h, path) = rest.split_at(rest.find('/')?);
        if h.trim_start_matches("www.") != host.trim_start_matches("www.") {
            return None;
        }
        let article_url = |i: usize| {
            let month = i % 12 + 1;
            let day = i % 28 + 1;
            format!("https://{host}/news/2024/{month:02}/{day:02}/story-{i}")
        };
        if path == "/robots.txt" {
            return Some(Reply::typed(
                "text/plain",
                "User-agent: *\nDisallow: /admin/\n",
            ));
        }
        if let Some(page) = path.strip_prefix("/news?page=") {
            let page: usize = page.parse().ok()?;
            let start = page * per_page;
            if start >= articles {
                return Some(Reply::status(404));
            }
            let mut html = String::from("<html><body><ul class=\"news\">");
            for i in start..(start + per_page).min(articles) {
                html.push_str(&format!(
                    "<li><a href=\"{}\">Story {i}</a></li>",
                    article_url(i)
                ));
            }
            html.push_str("</ul>");
            if start + per_page < articles {
                html.push_str(&format!(
                    "<a rel=\"next\" href=\"/news?page={}\">Next</a>",
                    page + 1
                ));
            }
            html.push_str("</body></html>");
            return Some(Reply::html(html).with_etag());
        }
        let i: usize = path.rsplit_once("/story-")?.1.parse().ok()?;
        if i >= articles || article_url(i) != format!("https://{host}{path}") {
            return None;
        }
        let month = i % 12 + 1;
        let day = i % 28 + 1;
        let mut body = String::new();
        for p in 0..4 {
            body.push_str(&format!(
                "<p>Paragraph {p} of story {i}. Human rights defenders in Kazakhstan reported \
                 that {} people were detained after the peaceful protest in Almaty; \
                 the authorities have not explained the charges.</p>",
                i * 7 + p
            ));
        }
        let html = format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <title>Story {i}: Kazakhstan detains activists</title>\
             <link rel=\"canonical\" href=\"{url}\">\
             <meta property=\"article:published_time\" content=\"2024-{month:02}-{day:02}T09:00:00Z\">\
             </head><body><nav><a href=\"/\">Home</a></nav><article><h1>Story {i}: Kazakhstan detains activists</h1>\
             <time datetime=\"2024-{month:02}-{day:02}\">{day} {month} 2024</time>{body}</article></body></html>",
            url = article_url(i)
        );
        Some(Reply::html(html).with_etag())
    })
}
