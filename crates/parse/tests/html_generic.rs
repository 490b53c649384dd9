//! The generic extraction layer on small hand-made pages, one template
//! habit each: articles split over cousin containers, digest lists, teaser
//! lists after the article, chrome-named layout wrappers, escaped titles.

use pressroom_parse::html::{ExtractedPage, extract_html};

fn extract(html: &str) -> ExtractedPage {
    extract_html(html, Some("https://example.org/news/1"), None).expect("text extracted")
}

const P1: &str = "The court in Almaty sentenced the activist to five years, despite \
                  protests from lawyers, relatives and several international observers.";
const P2: &str = "Her lawyer said the trial, which lasted three days, ignored the evidence \
                  of torture, and announced an appeal to the regional court.";
const P3: &str = "The organisation calls on the authorities to release her immediately, \
                  to investigate the allegations, and to end the prosecution of critics.";

fn para(t: &str) -> String {
    format!("<p>{t}</p>")
}

#[test]
fn article_split_by_an_embed_is_joined() {
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a></nav>
        <article>
          <div class="body-text section"><div class="component"><div class="inner">{}</div></div></div>
          <div class="embed section"><div class="component"><iframe src="x"></iframe></div></div>
          <div class="body-text section"><div class="component"><div class="inner">{}{}</div></div></div>
        </article>
        <footer>Copyright</footer></body></html>"#,
        para(P1),
        para(P2),
        para(P3)
    );
    let page = extract(&html);
    assert_eq!(page.paragraphs, vec![P1, P2, P3]);
}

#[test]
fn digest_items_stay_and_teaser_lists_go() {
    let item = r#"<li><strong><a href="/a">Police raided the office of the rights group in the capital</a>.</strong> Officers seized computers and documents, staff said.</li>"#;
    let html = format!(
        r#"<html><body><div class="story">{}<ol>{item}</ol>{}
        <p>Tickets: <br><a href="https://example.org/t">https://example.org/t</a></p>
        <h4>More:</h4>
        <ul><li><h4><a href="/b">Another story about something else entirely</a></h4></li></ul>
        <ul><li><h4><a href="/c">A third story that is only a link to elsewhere</a></h4></li></ul>
        </div></body></html>"#,
        para(P1),
        para(P2)
    );
    let page = extract(&html);
    let body = page.body();
    assert!(body.contains("Officers seized computers"), "{body}");
    assert!(body.contains("https://example.org/t"), "{body}");
    assert!(!body.contains("More:"), "{body}");
    assert!(!body.contains("Another story"), "{body}");
}

#[test]
fn chrome_named_layout_wrapper_and_comments_inside_it() {
    let html = format!(
        r#"<html><body><div class="container penci_sidebar">
        <article class="post">
          <div class="post-entry">{}{}{}</div>
          <div class="post-comments" id="comments"><div class="comment-content">
            <p>Great article, thank you so much for writing it, I shared it with my friends.</p>
          </div></div>
        </article>
        <div class="widget">Popular posts</div>
        </div></body></html>"#,
        para(P1),
        para(P2),
        para(P3)
    );
    let page = extract(&html);
    assert_eq!(page.paragraphs, vec![P1, P2, P3]);
}

#[test]
fn figure_captions_and_caption_chrome_are_not_text() {
    let html = format!(
        r#"<html><body><main>{}<figure><img src="a.jpg"><figcaption>The court building, 2019. Credit: Someone</figcaption></figure>
        <div class="photo"><span class="newsCaption">A protester holds a sign</span></div>{}{}</main></body></html>"#,
        para(P1),
        para(P2),
        para(P3)
    );
    let page = extract(&html);
    assert_eq!(page.paragraphs, vec![P1, P2, P3]);
}

#[test]
fn entities_in_json_ld_and_double_escaped_titles_are_decoded() {
    let html = format!(
        r#"<html><head><script type="application/ld+json">
        {{"@type": "NewsArticle", "headline": "Kazakhstan &mdash; activist sentenced", "author": {{"name": "Anna &amp; Co"}}}}
        </script></head><body><main><h1>Kazakhstan — activist sentenced</h1>{}{}</main></body></html>"#,
        para(P1),
        para(P2)
    );
    let page = extract(&html);
    assert_eq!(page.title, "Kazakhstan — activist sentenced");
    assert_eq!(page.authors, vec!["Anna & Co"]);
    // The decoded headline matches the page's <h1>, which is not repeated.
    assert_eq!(page.paragraphs, vec![P1, P2]);

    let html = format!(
        r#"<html><head><meta property="og:title" content="Belarus &amp;ndash; a verdict"></head>
        <body><main>{}{}</main></body></html>"#,
        para(P1),
        para(P2)
    );
    assert_eq!(extract(&html).title, "Belarus – a verdict");
}
