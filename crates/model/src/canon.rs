//! Canonical URLs: one key per page, however the sites spell its address.
//!
//! Real sites link to one page under many addresses: tracking parameters
//! (`utm_*`, `fbclid`), fragments, query parameters in a different order,
//! WordPress's `?p=ID&post_type=post` next to `?p=ID`, AMP variants. The
//! frontier, the validators and the documents are all keyed by the canonical
//! form so that each page is fetched and stored once.

use url::Url;

/// Query parameters that never change the page served.
fn is_tracking_param(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("utm_")
        || matches!(
            lower.as_str(),
            "fbclid" | "gclid" | "yclid" | "mc_cid" | "mc_eid" | "_ga" | "ref_src" | "amp"
        )
}

/// The canonical form of `url`, or `None` when it is not an http(s) URL.
pub fn canonicalize(url: &str) -> Option<Url> {
    let mut parsed = Url::parse(url.trim()).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return None;
    }
    parsed.set_fragment(None);
    let mut params: Vec<(String, String)> = parsed
        .query_pairs()
        .filter(|(k, _)| !is_tracking_param(k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    // WordPress serves `?p=ID` for every post type; `post_type=post` is noise.
    if params.iter().any(|(k, _)| k == "p") {
        params.retain(|(k, v)| !(k == "post_type" && v == "post"));
    }
    params.sort();
    if params.is_empty() {
        parsed.set_query(None);
    } else {
        parsed.query_pairs_mut().clear().extend_pairs(&params);
    }
    let path = parsed.path().to_string();
    if let Some(stripped) = path
        .strip_suffix("/amp/")
        .or_else(|| path.strip_suffix("/amp"))
    {
        let new_path = format!("{stripped}/");
        parsed.set_path(&new_path);
    }
    if parsed.path().is_empty() {
        parsed.set_path("/");
    }
    Some(parsed)
}

/// Canonical form as a string (the key used in the crawl tables).
pub fn canonical_string(url: &str) -> Option<String> {
    canonicalize(url).map(String::from)
}

/// Host of a URL without a leading `www.`, lower-case.
pub fn site_host(url: &Url) -> String {
    url.host_str()
        .unwrap_or_default()
        .trim_start_matches("www.")
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_params_and_fragments_go_and_order_does_not_matter() {
        let a = canonical_string("https://www.hrw.org/news/2021/07/07/x?utm_source=tw&b=2&a=1#top");
        let b = canonical_string("https://WWW.HRW.ORG:443/news/2021/07/07/x?a=1&b=2&fbclid=zz");
        assert_eq!(
            a.as_deref(),
            Some("https://www.hrw.org/news/2021/07/07/x?a=1&b=2")
        );
        assert_eq!(a, b);
    }

    #[test]
    fn wordpress_p_forms_collapse() {
        let forms = [
            "https://bureau.kz/?p=44991",
            "https://bureau.kz/?post_type=post&p=44991",
            "https://bureau.kz/?p=44991&post_type=post&utm_medium=rss",
            "https://bureau.kz?p=44991",
        ];
        for f in forms {
            assert_eq!(
                canonical_string(f).as_deref(),
                Some("https://bureau.kz/?p=44991"),
                "{f}"
            );
        }
        // A real post type other than `post` is a different page.
        assert_ne!(
            canonical_string("https://bureau.kz/?p=1&post_type=page"),
            canonical_string("https://bureau.kz/?p=1")
        );
    }

    #[test]
    fn amp_variants_and_cyrillic_slugs() {
        assert_eq!(
            canonical_string("https://acca.media/post/amp/").as_deref(),
            Some("https://acca.media/post/")
        );
        let cyr = canonical_string("https://acca.media/новости/");
        let enc =
            canonical_string("https://acca.media/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/");
        assert_eq!(cyr, enc);
        assert!(canonical_string("mailto:x@y.z").is_none());
        assert!(canonical_string("not a url").is_none());
    }
}
