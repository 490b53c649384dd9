//! Links out of feeds, sitemaps and listing pages.

use chrono::{DateTime, NaiveDate, Utc};
use quick_xml::events::Event;
use scraper::Selector;
use url::Url;

/// What a fetched non-article page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Feed,
    Sitemap,
    Listing,
}

/// Tell a feed, a sitemap and an HTML page apart by their first elements.
pub fn sniff(text: &str) -> PageKind {
    let head: String = text
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    if head.contains("<urlset") || head.contains("<sitemapindex") {
        PageKind::Sitemap
    } else if head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf") {
        PageKind::Feed
    } else {
        PageKind::Listing
    }
}

/// One link found, with the date the listing gives for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub url: Url,
    pub date: Option<NaiveDate>,
}

/// A sitemap's entries: child sitemaps (of an index) and pages.
#[derive(Debug, Default)]
pub struct SitemapLinks {
    pub sitemaps: Vec<Found>,
    pub pages: Vec<Found>,
}

fn parse_lastmod(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    DateTime::parse_from_rfc3339(text)
        .map(|d| d.with_timezone(&Utc).date_naive())
        .ok()
        .or_else(|| NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok())
}

/// Entries of a sitemap or sitemap index (sitemaps.org 0.9).
pub fn sitemap_links(xml: &str, base: &Url) -> Result<SitemapLinks, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = SitemapLinks::default();
    let mut in_sitemap = false;
    let mut field: Option<&'static str> = None;
    let mut loc = String::new();
    let mut lastmod = String::new();
    loop {
        match reader.read_event() {
            Err(e) => return Err(format!("sitemap XML: {e}")),
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                "sitemap" => {
                    in_sitemap = true;
                    loc.clear();
                    lastmod.clear();
                }
                "url" => {
                    in_sitemap = false;
                    loc.clear();
                    lastmod.clear();
                }
                "loc" => field = Some("loc"),
                "lastmod" => field = Some("lastmod"),
                _ => field = None,
            },
            Ok(Event::Text(t)) => {
                let text = t.xml10_content();
                match field {
                    Some("loc") => loc.push_str(&text),
                    Some("lastmod") => lastmod.push_str(&text),
                    _ => {}
                }
            }
            Ok(Event::CData(t)) => {
                if field == Some("loc") {
                    loc.push_str(&t.into_inner());
                }
            }
            Ok(Event::GeneralRef(r)) => {
                // `&amp;` inside <loc> arrives as a separate reference event.
                if field == Some("loc") {
                    let reference = format!("&{};", r.into_inner());
                    let resolved =
                        quick_xml::escape::unescape(&reference).map_err(|e| e.to_string())?;
                    loc.push_str(&resolved);
                }
            }
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                "sitemap" | "url" => {
                    if let Ok(url) = base.join(loc.trim()) {
                        let found = Found {
                            url,
                            date: parse_lastmod(&lastmod),
                        };
                        if in_sitemap {
                            out.sitemaps.push(found);
                        } else {
                            out.pages.push(found);
                        }
                    }
                    field = None;
                }
                _ => field = None,
            },
            Ok(_) => {}
        }
    }
    Ok(out)
}

/// Items of an RSS or Atom feed.
pub fn feed_links(bytes: &[u8], base: &Url) -> Result<Vec<Found>, String> {
    let feed = feed_rs::parser::Builder::new()
        .base_uri(Some(base.as_str()))
        .build()
        .parse(bytes)
        .map_err(|e| format!("feed: {e}"))?;
    Ok(feed
        .entries
        .iter()
        .filter_map(|entry| {
            let href = entry
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .map(|l| l.href.as_str())
                .or_else(|| entry.id.starts_with("http").then_some(entry.id.as_str()))?;
            Some(Found {
                url: base.join(href).ok()?,
                date: entry.published.or(entry.updated).map(|d| d.date_naive()),
            })
        })
        .collect())
}

/// Article links and the next page of an HTML listing.
#[derive(Debug, Default)]
pub struct ListingLinks {
    pub links: Vec<Found>,
    pub next: Option<Url>,
}

const NEXT_WORDS: [&str; 6] = ["next", "older", "следующая", "далее", "вперед", "вперёд"];

pub fn listing_links(
    html: &str,
    base: &Url,
    link_selector: Option<&str>,
    next_selector: Option<&str>,
) -> Result<ListingLinks, String> {
    // Bounded nesting: a hostile listing page must not cost its depth squared.
    let doc = pressroom_parse::html::parse_document(html);
    let select = |css: &str| Selector::parse(css).map_err(|e| format!("bad selector {css:?}: {e}"));
    let base = doc
        .select(&select("base[href]")?)
        .next()
        .and_then(|b| base.join(b.value().attr("href")?).ok())
        .unwrap_or_else(|| base.clone());
    let link_sel = select(link_selector.unwrap_or("a[href]"))?;
    let mut out = ListingLinks::default();
    for a in doc.select(&link_sel) {
        let href = a.value().attr("href").or_else(|| {
            // A selector may name the container rather than the <a>.
            a.select(&Selector::parse("a[href]").ok()?)
                .next()?
                .value()
                .attr("href")
        });
        if let Some(url) = href.and_then(|h| base.join(h.trim()).ok()) {
            out.links.push(Found { url, date: None });
        }
    }
    let next_href = match next_selector {
        Some(css) => doc
            .select(&select(css)?)
            .next()
            .and_then(|e| e.value().attr("href").map(str::to_string)),
        None => doc
            .select(&select("link[rel~=next][href], a[rel~=next][href]")?)
            .next()
            .and_then(|e| e.value().attr("href").map(str::to_string))
            .or_else(|| {
                doc.select(&Selector::parse("a[href]").ok()?).find_map(|a| {
                    let text = a.text().collect::<String>().trim().to_lowercase();
                    let is_next = NEXT_WORDS.iter().any(|w| text.starts_with(w))
                        || text == "›"
                        || text == "»";
                    is_next.then(|| a.value().attr("href").map(str::to_string))?
                })
            }),
    };
    out.next = next_href.and_then(|h| base.join(h.trim()).ok());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://bureau.kz/").unwrap()
    }

    #[test]
    fn sitemap_index_and_urlset() {
        let index = r#"<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <sitemap><loc>https://bureau.kz/post-sitemap.xml</loc><lastmod>2024-01-02T10:00:00+00:00</lastmod></sitemap>
        </sitemapindex>"#;
        let links = sitemap_links(index, &base()).unwrap();
        assert_eq!(links.sitemaps.len(), 1);
        assert_eq!(links.sitemaps[0].date, NaiveDate::from_ymd_opt(2024, 1, 2));
        let set = r#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <url><loc>https://bureau.kz/?p=1&amp;post_type=post</loc><lastmod>2023-05-06</lastmod></url>
          <url><loc>/relative/</loc></url></urlset>"#;
        let links = sitemap_links(set, &base()).unwrap();
        assert_eq!(links.pages.len(), 2);
        assert_eq!(
            links.pages[0].url.as_str(),
            "https://bureau.kz/?p=1&post_type=post"
        );
        assert_eq!(links.pages[1].url.as_str(), "https://bureau.kz/relative/");
        assert!(sitemap_links("<urlset><url><loc>x</url>", &base()).is_err());
    }

    #[test]
    fn listing_with_selectors_and_fallback_next() {
        let html = r#"<html><body><div class=posts><h2><a href="/?p=5">A</a></h2><h2><a href="/?p=6">B</a></h2></div>
          <a href="/about">About</a><a href="/page/2/">Следующая »</a></body></html>"#;
        let l = listing_links(html, &base(), Some(".posts h2 a"), None).unwrap();
        assert_eq!(l.links.len(), 2);
        assert_eq!(l.next.unwrap().as_str(), "https://bureau.kz/page/2/");
        let l = listing_links(html, &base(), None, Some("a.nope")).unwrap();
        assert_eq!(l.links.len(), 4);
        assert!(l.next.is_none());
    }

    #[test]
    fn deeply_nested_pages_still_give_their_links() {
        // A hostile or broken server's page: 100,000 levels of markup, with
        // a link 500 levels down and the pager after the nesting closes.
        // It is parsed with nesting bounded, so in time linear in its size;
        // links nested past the bound would lose their tags.
        let depth = 100_000;
        let html = format!(
            "<html><body>{}<a href=\"/?p=7\">A</a>{}{}<a href=\"/page/2/\">next</a></body></html>",
            "<div>".repeat(500),
            "<div>".repeat(depth),
            "</div>".repeat(depth + 500)
        );
        let l = listing_links(&html, &base(), None, None).unwrap();
        let urls: Vec<&str> = l.links.iter().map(|f| f.url.as_str()).collect();
        assert!(urls.contains(&"https://bureau.kz/?p=7"), "{urls:?}");
        assert_eq!(l.next.unwrap().as_str(), "https://bureau.kz/page/2/");
        // A sitemap nested as deep is still read; as a feed it is refused.
        let xml = format!(
            "<urlset>{}<url><loc>/deep/</loc></url>{}</urlset>",
            "<x>".repeat(depth),
            "</x>".repeat(depth)
        );
        let links = sitemap_links(&xml, &base()).unwrap();
        let pages: Vec<&str> = links.pages.iter().map(|f| f.url.as_str()).collect();
        assert_eq!(pages, ["https://bureau.kz/deep/"]);
        assert!(feed_links(xml.as_bytes(), &base()).is_err());
    }

    #[test]
    fn feed_items_and_sniffing() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
          <item><title>x</title><link>https://www.hrw.org/news/2021/07/07/x</link><pubDate>Wed, 07 Jul 2021 10:00:00 GMT</pubDate></item>
        </channel></rss>"#;
        assert_eq!(sniff(rss), PageKind::Feed);
        let items = feed_links(rss.as_bytes(), &base()).unwrap();
        assert_eq!(
            items[0].url.as_str(),
            "https://www.hrw.org/news/2021/07/07/x"
        );
        assert_eq!(items[0].date, NaiveDate::from_ymd_opt(2021, 7, 7));
        assert_eq!(sniff("<urlset>"), PageKind::Sitemap);
        assert_eq!(sniff("<!doctype html><html>"), PageKind::Listing);
    }
}
