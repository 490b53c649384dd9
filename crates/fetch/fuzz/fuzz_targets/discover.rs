//! What a crawled site answers, read for links: the same bytes sniffed, and
//! read as a sitemap, a feed and a listing page (with the default link
//! choice and a source's selectors). Each may fail with an error; none may
//! panic, whatever the server sends.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pressroom_fetch::Url;
use pressroom_fetch::discover::{feed_links, listing_links, sitemap_links, sniff};
use std::sync::OnceLock;

fn base() -> &'static Url {
    static BASE: OnceLock<Url> = OnceLock::new();
    BASE.get_or_init(|| Url::parse("https://www.hrw.org/news/").expect("a valid URL"))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = sniff(&text);
    let _ = sitemap_links(&text, base());
    let _ = feed_links(data, base());
    let _ = listing_links(&text, base(), None, None);
    let _ = listing_links(&text, base(), Some("article h3 a"), Some("a[rel=next]"));
});
