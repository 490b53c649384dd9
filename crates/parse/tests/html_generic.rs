//! The generic extraction layer on small hand-made pages, one template
//! habit each: articles split over cousin containers, digest lists, teaser
//! lists after the article, chrome-named layout wrappers, escaped titles,
//! class and id names read for what they describe, listings of links.

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

/// A reader's comment, which reads like the article's own prose.
const COMMENT: &str = "I was at the hearing myself, and the room was so full that many of us \
                       had to stand outside, waiting for news from the lawyers, until late.";

fn para(t: &str) -> String {
    format!("<p>{t}</p>")
}

/// The page's text, which must hold the article's three paragraphs.
fn article_body(html: &str) -> String {
    let body = extract(html).body();
    assert_holds_the_article(&body);
    body
}

fn assert_holds_the_article(body: &str) {
    for p in [P1, P2, P3] {
        assert!(body.contains(p), "{p:?} missing from {body:?}");
    }
}

/// The page's article extracted whole, and none of `chrome` with it.
fn assert_article_without(html: &str, chrome: &[&str]) {
    let body = extract(html).body();
    assert_holds_the_article(&body);
    for c in chrome {
        assert!(!body.contains(c), "{c:?} in {body:?}");
    }
}

#[test]
fn article_split_by_an_embed_is_joined() {
    let [p1, p2, p3] = [P1, P2, P3].map(para);
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a></nav>
        <article>
          <div class="body-text section"><div class="component"><div class="inner">{p1}</div></div></div>
          <div class="embed section"><div class="component"><iframe src="x"></iframe></div></div>
          <div class="body-text section"><div class="component"><div class="inner">{p2}{p3}</div></div></div>
        </article>
        <footer>Copyright</footer></body></html>"#,
    );
    let page = extract(&html);
    assert_eq!(page.paragraphs, vec![P1, P2, P3]);
}

#[test]
fn digest_items_stay_and_teaser_lists_go() {
    let item = r#"<li><strong><a href="/a">Police raided the office of the rights group in the capital</a>.</strong> Officers seized computers and documents, staff said.</li>"#;
    let [p1, p2] = [P1, P2].map(para);
    let html = format!(
        r#"<html><body><div class="story">{p1}<ol>{item}</ol>{p2}
        <p>Tickets: <br><a href="https://example.org/t">https://example.org/t</a></p>
        <h4>More:</h4>
        <ul><li><h4><a href="/b">Another story about something else entirely</a></h4></li></ul>
        <ul><li><h4><a href="/c">A third story that is only a link to elsewhere</a></h4></li></ul>
        </div></body></html>"#,
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
    let [p1, p2, p3] = [P1, P2, P3].map(para);
    let html = format!(
        r#"<html><body><div class="container penci_sidebar">
        <article class="post">
          <div class="post-entry">{p1}{p2}{p3}</div>
          <div class="post-comments" id="comments"><div class="comment-content">
            <p>Great article, thank you so much for writing it, I shared it with my friends.</p>
          </div></div>
        </article>
        <div class="widget">Popular posts</div>
        </div></body></html>"#,
    );
    let page = extract(&html);
    assert_eq!(page.paragraphs, vec![P1, P2, P3]);
}

#[test]
fn figure_captions_and_caption_chrome_are_not_text() {
    let [p1, p2, p3] = [P1, P2, P3].map(para);
    let html = format!(
        r#"<html><body><main>{p1}<figure><img src="a.jpg"><figcaption>The court building, 2019. Credit: Someone</figcaption></figure>
        <div class="photo"><span class="newsCaption">A protester holds a sign</span></div>{p2}{p3}</main></body></html>"#,
    );
    let page = extract(&html);
    assert_eq!(page.paragraphs, vec![P1, P2, P3]);
}

#[test]
fn entities_in_json_ld_and_double_escaped_titles_are_decoded() {
    let [p1, p2] = [P1, P2].map(para);
    let html = format!(
        r#"<html><head><script type="application/ld+json">
        {{"@type": "NewsArticle", "headline": "Kazakhstan &mdash; activist sentenced", "author": {{"name": "Anna &amp; Co"}}}}
        </script></head><body><main><h1>Kazakhstan — activist sentenced</h1>{p1}{p2}</main></body></html>"#,
    );
    let page = extract(&html);
    assert_eq!(page.title, "Kazakhstan — activist sentenced");
    assert_eq!(page.authors, vec!["Anna & Co"]);
    // The decoded headline matches the page's <h1>, which is not repeated.
    assert_eq!(page.paragraphs, vec![P1, P2]);

    let [p1, p2] = [P1, P2].map(para);
    let html = format!(
        r#"<html><head><meta property="og:title" content="Belarus &amp;ndash; a verdict"></head>
        <body><main>{p1}{p2}</main></body></html>"#,
    );
    assert_eq!(extract(&html).title, "Belarus – a verdict");
}

#[test]
fn newsletter_follow_and_bio_lines_go_but_prose_about_them_stays() {
    let bio = "Jane Doe covers Central Asia for the bureau. Follow her on Twitter @janedoe.";
    let news = "The ministry said on Twitter that it would follow the court's decision, \
                and several newspapers asked readers to subscribe to updates.";
    let [p1, p2, p3] = [P1, P2, P3].map(para);
    let html = format!(
        r#"<html><body><article>
        <p>Start your day with our briefing. Sign up for the free daily newsletter.</p>
        {p1}<p>{news}</p>{p2}{p3}
        <p>{bio}</p>
        <p>Follow us on Facebook and Instagram for more updates.</p>
        <p>Подписывайтесь на наш канал в Telegram.</p>
        <p>Click here to subscribe to the weekly newsletter</p>
        </article></body></html>"#,
    );
    let page = extract(&html);
    assert_eq!(page.paragraphs, vec![P1, news, P2, P3]);
}

#[test]
fn click_to_tweet_quotes_are_text_and_their_button_is_not() {
    let quote = "Every prisoner of conscience must be released without conditions.";
    let [p1, p2, p3] = [P1, P2, P3].map(para);
    let html = format!(
        r#"<html><body><article>{p1}
        <a href="https://twitter.com/intent/tweet?text=x"><span class="sw-click-to-tweet"><span class="sw-ctt-text">{quote}</span><span class="sw-ctt-btn">Click To Tweet</span></span></a>
        {p2}<span class="bctt-click-to-tweet"><span class="bctt-ctt-text"><a href="https://twitter.com/intent/tweet?text=y">{quote}</a></span><a href="https://twitter.com/intent/tweet?text=y" class="bctt-ctt-btn">Click To Tweet</a></span>
        {p3}</article></body></html>"#,
    );
    let page = extract(&html);
    assert_eq!(page.paragraphs, vec![P1, quote, P2, quote, P3]);
}

#[test]
fn leading_date_and_reading_time_lines_go_a_title_with_a_year_stays() {
    let [p1, p2] = [P1, P2].map(para);
    let html = format!(
        r#"<html><body><div class="post">
        <div>Monday, 22 January 2018 at 0:13</div>
        <div>Tempo de leitura: 1 minuto</div>
        <h2>Calendar of the hearings 2018</h2>{p1}{p2}</div></body></html>"#,
    );
    let page = extract(&html);
    assert_eq!(
        page.paragraphs,
        vec!["Calendar of the hearings 2018", P1, P2]
    );
    assert_eq!(page.published, chrono::NaiveDate::from_ymd_opt(2018, 1, 22));
}

#[test]
fn comment_policy_and_credited_captions_go() {
    let [p1, p2, p3] = [P1, P2, P3].map(para);
    let html = format!(
        r#"<html><body><article>
        <p>The courthouse in Almaty after the verdict on Tuesday. (credit: Jane Doe/Agency)</p>
        {p1}{p2}{p3}
        <p>Note: we are temporarily moderating all comments submitted to deal with a surge in spam.</p>
        </article></body></html>"#,
    );
    let page = extract(&html);
    assert_eq!(page.paragraphs, vec![P1, P2, P3]);
}

/// An article of nine paragraphs, long enough to win the vote against the
/// teasers below.
fn long_article() -> String {
    [P1, P2, P3].repeat(3).iter().map(|p| para(p)).collect()
}

fn teaser_cards(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                r#"<div class="card"><h3><a href="/story/{i}">Another headline number {i} about a different matter</a></h3>
                <p>A summary of the other story, which concerns events elsewhere, with some detail, names and places.</p></div>"#
            )
        })
        .collect()
}

#[test]
fn widening_stops_at_teaser_cards_in_a_cousin_column() {
    let html = format!(
        r#"<html><body><div class="wrap">
        <div class="col"><div class="article-body">{}</div></div>
        <div class="col2"><h2>Read next</h2>{}</div>
        </div></body></html>"#,
        long_article(),
        teaser_cards(6)
    );
    let body = extract(&html).body();
    assert!(body.contains(P3), "{body}");
    assert!(!body.contains("A summary of the other story"), "{body}");
    assert!(!body.contains("Another headline"), "{body}");
    assert!(!body.contains("Read next"), "{body}");
}

#[test]
fn siblings_holding_teaser_cards_are_not_joined() {
    let html = format!(
        r#"<html><body><div class="wrap"><div class="article-body">{}</div><div class="list">{}</div></div>
        <div class="wrap"><div class="text">x</div></div></body></html>"#,
        long_article(),
        teaser_cards(6)
    );
    let body = extract(&html).body();
    assert!(body.contains(P3), "{body}");
    assert!(!body.contains("A summary of the other story"), "{body}");

    // Linked headlines and summaries in paragraphs of their own.
    let items: String = (0..5)
        .map(|i| {
            format!(
                r#"<p><a href="/s/{i}">Headline {i} of another story entirely</a><br>Summary of that story, with detail, names and places.</p>"#
            )
        })
        .collect();
    let rest = long_article();
    let html = format!(
        r#"<html><body><div class="wrap"><div class="text">{rest}</div><div class="x">{items}</div></div></body></html>"#,
    );
    let body = extract(&html).body();
    assert!(body.contains(P3), "{body}");
    assert!(!body.contains("Summary of that story"), "{body}");
}

#[test]
fn linked_items_of_a_listing_are_its_content() {
    // A report list: each item is a linked title with a short note, so half
    // of it is link text; unlike a menu, the list is what the page is for.
    let items = [
        ("Kazakhstan: trial monitoring report", "PDF, 40 pages, 2024"),
        (
            "Belarus: detention conditions survey",
            "PDF, 32 pages, 2023",
        ),
        ("Russia: press freedom index notes", "PDF, 32 pages, 2023"),
        ("Uzbekistan: lawyers under pressure", "PDF, 28 pages, 2022"),
    ];
    let list: String = items
        .iter()
        .map(|(t, n)| format!(r#"<li><a href="/r/{}">{t}</a> — {n}</li>"#, t.len()))
        .collect();
    let p1 = para(P1);
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a> <a href="/about">About</a></nav>
        <main><h1>Reports</h1>{p1}<ul class="reports">{list}</ul></main></body></html>"#,
    );
    let page = extract(&html);
    let body = page.paragraphs.join("\n");
    for (title, _) in items {
        assert!(body.contains(title), "{title} missing from {body}");
    }
    assert!(!body.contains("About"), "{body}");
}

#[test]
fn a_streamed_page_keeps_its_segments_and_hidden_chrome_stays_out() {
    // React's streaming shell: a placeholder where the article goes, the
    // article itself sent later in a hidden segment (numbered in
    // hexadecimal) that a script moves into place; a hidden menu panel is
    // still chrome. No `<article>`
    // landmark, which the nearly-empty rescue would read whatever hides it.
    let [p1, p2, p3] = [P1, P2, P3].map(para);
    let html = format!(
        r#"<html><body><header><a href="/">Home</a></header>
        <main><template id="B:0"></template><p>Loading…</p></main>
        <div hidden class="drawer"><p>Menu panel with every section of the site, our partners,
          our offices, our job offers and our annual reports, opened by a button.</p></div>
        <div hidden id="S:1f"><div class="story"><h1>Activist sentenced</h1>{p1}{p2}{p3}</div></div>
        <script>$RC("B:0","S:1f")</script></body></html>"#,
    );
    let body = article_body(&html);
    assert!(!body.contains("Menu panel"), "{body:?}");
}

#[test]
fn a_streamed_article_is_read_with_its_parts_in_their_places() {
    // The shell holds the headline and the first paragraph; each later
    // paragraph arrives hidden at the end of the body, and the page's
    // script moves it over its "Loading…" fallback. A reader sees the
    // article whole, in order, and no fallback.
    let part = |n: usize, p: &str| {
        format!(
            r#"<div hidden id="S:{n}"><div class="prose">{}</div></div>"#,
            para(p)
        )
    };
    let html = format!(
        r#"<html><body><header><a href="/">Home</a></header><main><article>
        <h1>Activist sentenced</h1>{}
        <!--$?--><template id="B:0"></template><div>Loading paragraph...</div><!--/$-->
        <aside><a href="/a">Another story</a></aside>
        <!--$?--><template id="B:1"></template><div>Loading paragraph...</div><!--/$-->
        </article></main>{}{}
        <script>$RC("B:0","S:0");$RC("B:1","S:1")</script></body></html>"#,
        para(P1),
        part(0, P2),
        part(1, P3),
    );
    let body = article_body(&html);
    assert!(
        body.find(P1) < body.find(P2) && body.find(P2) < body.find(P3),
        "{body:?}"
    );
    assert!(!body.contains("Loading"), "{body:?}");
}

#[test]
fn an_editor_widget_inside_the_article_is_part_of_it() {
    // CKEditor 5 leaves its `ck-widget` classes on a grid of pictures with
    // their captions, written as paragraphs of the article.
    let [p1, p2, p3] = [P1, P2, P3].map(para);
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a></nav><article><div class="field--body">{p1}
        <div class="ck-widget bs_grid" contenteditable="false"><div class="col">
        <img src="a.jpg" alt=""><h6>The courtroom</h6>{p2}</div></div>{p3}</div></article>
        <footer>Contact us</footer></body></html>"#,
    );
    article_body(&html);
}

#[test]
fn the_lead_in_the_article_header_is_kept_and_a_link_row_before_the_body_is_not() {
    let lead = "Rights groups say the verdict, handed down after a closed trial, \
                punishes an activist for her peaceful reporting on prison conditions.";
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a></nav>
        <article><header class="article-head"><h1>Activist sentenced</h1>
          <p class="standfirst">{lead}</p><p>5 March 2024</p></header>
          <div class="article-body"><div class="text">{}{}</div></div></article>
        <footer>Contact us</footer></body></html>"#,
        long_article(),
        long_article()
    );
    let body = extract(&html).body();
    assert!(body.starts_with(lead), "{body:?}");
    assert_holds_the_article(&body);
    // Before the body, a row of links is no lead.
    let rest = long_article();
    let html = format!(
        r#"<html><body><article><div class="topics"><a href="/t/1">Kazakhstan and Central Asia</a>
          <a href="/t/2">Freedom of expression and the press</a> <a href="/t/3">Prisons</a></div>
          <div class="article-body"><div class="text">{rest}</div></div></article></body></html>"#,
    );
    let body = extract(&html).body();
    assert!(body.starts_with(P1), "{body:?}");
}

#[test]
fn a_page_hidden_until_its_scripts_run_is_read_and_so_are_its_folded_sections() {
    // A framework's anti-flicker wrapper hides the whole page until its
    // scripts have run, and an accordion folds a section with the same
    // style: `visibility: hidden` is a state scripts change, not chrome.
    // The popup beside the article stays out by its name.
    let folded = "The organisation has documented forty cases of torture in pre-trial \
                  detention since January, most of them in the capital's police stations.";
    let rest = long_article();
    let html = format!(
        r#"<html><body><div id="__next"><div style="visibility: hidden; min-height: 100vh">
        <nav><a href="/">Home</a></nav><div class="content"><h1>Activist sentenced</h1>{rest}
        <h2>Background</h2><div height="0" style="visibility:hidden"><p>{folded}</p></div></div>
        <div style="visibility:hidden" class="popup"><p>Sign in to save this article to your
          reading list, follow its authors and get an email whenever they publish.</p></div>
        </div></div></body></html>"#,
    );
    let body = article_body(&html);
    assert!(body.contains(folded), "{body:?}");
    assert!(!body.contains("Sign in"), "{body:?}");
}

#[test]
fn forms_for_the_reader_to_fill_in_are_not_text_whatever_their_names() {
    // A comment box and a newsletter sign-up after the article, in a
    // template whose names say nothing: their fields give them away.
    let rest = long_article();
    let html = format!(
        r#"<html><body><div class="c1"><div class="c2"><h1>Activist sentenced</h1>{rest}</div>
        <div class="c3"><form action="/subscribe" method="post">
          <p>Get our weekly round-up of court cases and statements in your inbox.</p>
          <label>Email address</label> <input type="email" name="addr">
          <input type="submit" value="Sign up"></form></div>
        <div class="c4"><form action="/post-comment" method="post">
          <p>Your email address will not be published. Required fields are marked.</p>
          <p><label>Comment</label> <textarea name="text"></textarea></p>
          <p><label>Save my name, email, and website in this browser for the next time.</label></p>
        </form></div></div></body></html>"#,
    );
    assert_article_without(
        &html,
        &["round-up", "will not be published", "Save my name"],
    );
}

#[test]
fn a_sign_up_box_whose_address_field_is_typed_as_text_is_still_a_form() {
    // Inside the post, as blog platforms put it: the address field is
    // `type="text"`, and only its name and placeholder ask for a mail address.
    let p1 = para(P1);
    let rest = long_article();
    let html = format!(
        r#"<html><body><div class="c1"><h1>Activist sentenced</h1>{rest}
        <div class="c2"><form action="/follow" method="post">
          <p>Our editors write to readers each Friday with the week's verdicts from the region.</p>
          <input type="text" name="EMAIL" placeholder="Your address">
          <button type="submit">Go</button></form></div>
        {p1}</div></body></html>"#,
    );
    assert_article_without(&html, &["each Friday"]);
}

#[test]
fn an_overlay_after_the_pages_footer_never_outvotes_the_article() {
    // A privacy policy's dialog, which a script opens, sent after the
    // page's footer and longer than a short article: with names that say
    // nothing, only its place tells it apart.
    let policy = "We gather some information about you and your device during your visit, \
                  such as your address, your browser and the pages you read, and we keep it, \
                  protect it and use it only as this policy says.";
    let html = format!(
        r#"<html><body><div class="c0"><div class="c1"><h1>Activist sentenced</h1>{}{}{}</div>
        <aside class="c2"><a href="/a">Recent posts</a></aside></div>
        <footer class="c3"><a href="/about">About us</a> <a href="/privacy">Privacy</a></footer>
        <div class="c4"><div class="c5"><h2>Privacy policy</h2>{}</div></div></body></html>"#,
        para(P1),
        para(P2),
        para(P3),
        para(policy).repeat(6)
    );
    assert_article_without(&html, &["We gather some information", "Privacy policy"]);
    // A footer element used for a bar near the top ends nothing: the
    // notice before it does not win for being the only text ahead of it.
    let rest = long_article();
    let html = format!(
        r#"<html><body><div class="c9"><p>Our offices are closed for the holidays, and replies
        to messages may take longer than usual.</p></div>
        <footer class="c3"><a href="/about">About us</a> Updated daily</footer>
        <div class="c4"><div class="c5"><div class="c0"><div class="c1"><h1>Activist sentenced</h1>{rest}
        </div></div></div></div></body></html>"#,
    );
    assert_article_without(&html, &["Our offices are closed"]);
}

#[test]
fn a_page_wrapped_whole_in_one_form_is_still_read() {
    // Older server frameworks put the whole page, search box included,
    // inside a single form.
    let rest = long_article();
    let html = format!(
        r#"<html><body><form method="post" action="/Default.aspx">
        <div class="c0"><input type="search" name="q"></div>
        <div class="c1"><h1>Activist sentenced</h1>{rest}</div></form></body></html>"#,
    );
    assert_holds_the_article(&extract(&html).body());
}

#[test]
fn what_the_page_declares_is_not_its_text_is_left_out_whatever_its_names() {
    // Inside the article's own container, in a template whose names say
    // nothing: a sign-up band the site asks search engines not to quote,
    // and a consent box marked as a modal dialog only by `aria-modal`.
    let [p1, p2, p3] = [P1, P2, P3].map(para);
    let rest = long_article();
    let html = format!(
        r#"<html><body><div class="c1"><h1>Activist sentenced</h1>{p1}{p2}
        <div class="c3" data-nosnippet><p>Every Friday we send a round-up of court cases,
          statements and campaigns to the supporters who keep our work independent.</p></div>
        {p3}
        <div class="c5" aria-modal="true"><p>We and our partners store and access
          information on your device to measure audiences and to show you relevant ads.</p></div>
        {rest}</div></body></html>"#,
    );
    assert_article_without(&html, &["round-up", "audiences"]);
}

#[test]
fn panels_the_pages_own_controls_reveal_are_read_though_hidden() {
    // A FAQ's answers behind its questions' buttons or headers, and a
    // tab's panel behind its tab: hidden until a click, and the page's text.
    let answer = "Yes: the organisation accepts testimonies in Kazakh, Russian and English, \
                  and a lawyer reads every one of them before anything is published.";
    let reader = "Two lawyers of the bureau read each testimony, check the dates and places \
                  it gives, and ask the witness before a single word of it is quoted.";
    let tab = "The report covers forty-two cases documented between 2019 and 2024, in \
               eleven regions, with the names of officials withheld at the victims' request.";
    let html = format!(
        r#"<html><body><div class="c1"><h1>Activist sentenced</h1>{article}
        <h2>Questions</h2>
        <h3><button aria-expanded="false" aria-controls="faq-1">Can I send a testimony in Kazakh?</button></h3>
        <div id="faq-1" hidden><p>{answer}</p></div>
        <h3 id="faq-2-head">Who reads it?</h3>
        <div role="region" aria-labelledby="faq-2-head" tabindex="-1" aria-hidden="true"><p>{reader}</p></div>
        <div role="tablist"><button role="tab" aria-controls="tab-2">Method</button></div>
        <div id="tab-2" role="tabpanel" style="display: none"><p>{tab}</p></div>
        </div></body></html>"#,
        article = long_article()
    );
    let body = article_body(&html);
    for panel in [answer, reader, tab] {
        assert!(body.contains(panel), "{panel:?} missing from {body:?}");
    }
}

#[test]
fn a_modal_a_popover_and_a_closed_dialog_stay_hidden() {
    // A sign-up modal opened by a button naming it (it traps focus:
    // `tabindex="-1"`), a popover and a dialog, all inside the article's
    // container and written like prose.
    let [p1, p2, p3] = [P1, P2, P3].map(para);
    let rest = long_article();
    let html = format!(
        r#"<html><body><div class="c1"><h1>Activist sentenced</h1>{p1}{p2}
        <button aria-expanded="false" aria-controls="join">Join us</button>
        <div id="join" tabindex="-1" aria-hidden="true" aria-labelledby="join-title"><p>Every
          Friday we send a round-up of court cases, statements and campaigns to supporters.</p></div>
        <div popover id="install"><p>Add this site to your home screen, and you will be told
          of every new statement, report and campaign as soon as it is published.</p></div>
        <dialog><p>Before you go, would you answer three short questions about how you
          found this page, what you read here, and what you would like to read next?</p></dialog>
        {p3}{rest}</div></body></html>"#,
    );
    assert_article_without(&html, &["round-up", "home screen", "three short questions"]);
}

#[test]
fn a_related_stories_heading_ends_the_article_and_an_inline_related_line_does_not() {
    // The related stories' summaries and a reader's comment read like the
    // article's own prose; only the trailer heading tells them apart.
    let summary = "In another case, a court in the capital fined a journalist for a post \
                   about the elections, which her editor called an attack on the press.";
    let [p1, p2, p3] = [P1, P2, P3].map(para);
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a></nav>
        <div class="post"><h1>Activist sentenced</h1>
          {p1}
          <p><strong>Related:</strong> <a href="/news/0">Trial opens in Almaty</a></p>
          {p2}{p3}
          <h2>Related stories</h2>
          <h3><a href="/news/2">Journalist fined</a></h3><p>{summary}</p>
          <h2>Comments</h2><p>{COMMENT}</p>
        </div><footer>Contact</footer></body></html>"#,
    );
    let body = article_body(&html);
    assert!(!body.contains("fined a journalist"), "{body}");
    assert!(!body.contains("I was at the hearing"), "{body}");
}

#[test]
fn a_count_of_the_comments_ends_the_article_unless_every_answer_has_one() {
    // No class names say "comments" here: only the count heading opens the
    // thread, as WordPress themes print it.
    let [p1, p2, p3] = [P1, P2, P3].map(para);
    let html = format!(
        r#"<html><body><div><div><h1>Activist sentenced</h1>{p1}{p2}{p3}
          <h3>2 Antworten zu „Activist sentenced“</h3>
          <div><b>Anna</b><p>{COMMENT}</p></div>
          <div><b>Ben</b><p>The same happened to my brother last year, and nobody was ever held to account for what the guards did to him.</p></div>
        </div></div></body></html>"#,
    );
    let body = article_body(&html);
    assert!(!body.contains("I was at the hearing"), "{body}");
    assert!(!body.contains("my brother"), "{body}");

    // On a question-and-answer page each answer counts its own comments,
    // and the last answer's comments belong to the thread as much as the
    // first's do.
    let answer = |text: &str, remark: &str| {
        format!("<div>{}<h2>1 Comment</h2><p>{remark}</p></div>", para(text))
    };
    let html = format!(
        r#"<html><body><div><h1>Why does the appeal take so long?</h1>{q}
          {a1}{a2}{a3}</div></body></html>"#,
        q = para(P1),
        a1 = answer(
            P2,
            "Thanks, that explains the delay in the regional court very well."
        ),
        a2 = answer(
            P3,
            "Does the same hold when the prosecutor appeals, not the defence?"
        ),
        a3 = answer(
            "Appeals are slow because the regional court hears them in the order they \
             arrive, and each one needs the full record of the trial, which is copied by hand.",
            "The record is no longer copied by hand since last year, as far as I know."
        ),
    );
    let body = article_body(&html);
    assert!(body.contains("no longer copied by hand"), "{body}");
}

#[test]
fn widget_wrappers_round_every_section_are_layout_and_chrome_inside_them_stays_out() {
    // A page builder wraps each section in `elementor-widget`: skipped as
    // chrome, they leave nothing. The word is the page's layout, so every
    // section is read, while its share buttons and related posts, marked
    // by their own chrome words, stay out.
    let section = |t: &str| {
        format!(
            r#"<div class="elementor-element elementor-widget elementor-widget-text-editor">
            <div class="elementor-widget-container"><p>{t}</p></div></div>"#
        )
    };
    let teaser = "In another case, a court in the capital fined a journalist for a post \
                  about the elections, which her editor called an attack on the press.";
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a> <a href="/about">About</a></nav>
        <div class="elementor elementor-44902"><div class="e-con-inner">
          {s1}{s2}{s3}
          <div class="elementor-element elementor-widget elementor-widget-share-buttons">
            <div class="elementor-share-buttons"><a href="/s/fb">Share on Facebook</a> <a href="/s/x">Share on X</a></div></div>
          <div class="elementor-element elementor-widget related-posts"><h3>More from us</h3><p>{teaser}</p></div>
        </div></div><footer>Contact us</footer></body></html>"#,
        s1 = section(P1),
        s2 = section(P2),
        s3 = section(P3),
    );
    let body = article_body(&html);
    assert!(!body.contains("Share on"), "{body}");
    assert!(!body.contains("fined a journalist"), "{body}");
}

#[test]
fn a_dateline_inside_the_first_sentence_stays_and_screen_reader_text_goes() {
    // `dateline`, `author` and `sr-only` are chrome words. A span carrying
    // one inside a sentence is part of the sentence, unless it is hidden
    // text or a byline's name.
    let p2 = para(P2);
    let p3 = para(P3);
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a></nav>
        <article><h1>Activist sentenced</h1>
          <div class="info">Text by <span class="author">Jane Doe</span> and photographs by the agency</div>
          <p><span class="dateline">ALMATY – </span>{P1}</p>{p2}{p3}
          <p>Read the verdict <a href="/v">here<span class="sr-only"> (opens in a new tab)</span></a>.</p>
        </article><footer>Contact</footer></body></html>"#,
    );
    let body = extract(&html).body();
    assert!(body.contains(&format!("ALMATY – {P1}")), "{body}");
    assert_holds_the_article(&body);
    assert!(body.contains("Read the verdict here."), "{body}");
    assert!(!body.contains("opens in a new tab"), "{body}");
    assert!(!body.contains("Jane Doe"), "{body}");
}

#[test]
fn highlighted_code_keeps_its_comments_and_markup() {
    // Highlighters name their tokens with chrome words: highlight.js
    // `hljs-comment` and `hljs-meta`, Prism `token comment` and `token
    // tag` round an HTML example's `<div`. Inside code they are the code.
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a></nav>
        <article><h1>Effects</h1><p>{P1}</p>
          <pre><code class="language-jsx"><span class="token keyword">function</span> Example() {{
  <span class="token comment">// Update the title with the browser API</span>
  <span class="hljs-meta">'use strict'</span>;
  <span class="token keyword">return</span> <span class="token tag">&lt;button&gt;</span>Click me<span class="token tag">&lt;/button&gt;</span>;
}}</code></pre><p>{P2}</p><p>{P3}</p>
        </article><footer>Contact</footer></body></html>"#
    );
    let body = article_body(&html);
    assert!(
        body.contains("// Update the title with the browser API"),
        "{body}"
    );
    assert!(body.contains("'use strict'"), "{body}");
    assert!(body.contains("<button>Click me</button>"), "{body}");
}

#[test]
fn a_section_id_spelled_from_its_heading_names_its_topic_not_chrome() {
    // Documentation generators derive section ids from headings:
    // `more-on-lists` holds the word `more`, a chrome word, and is still
    // the page's text. An id spelling a trailer heading ("Related posts")
    // is what it says, even where it stands before the article's end.
    let teaser = "In another case, a court in the capital fined a journalist for a post \
                  about the elections, which her editor called an attack on the press.";
    let [p1, p2, p3] = [P1, P2, P3].map(para);
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a> <a href="/docs">Docs</a></nav>
        <div class="body" role="main"><section id="data-structures"><h1>5. Data Structures</h1>{p1}
          <div id="related-posts"><h3>Related posts</h3><p>{teaser}</p></div>
          <section id="more-on-lists"><h2>5.1. More on Lists¶</h2>{p2}</section>
          <section id="the-del-statement"><h2>5.2. The del statement</h2>{p3}</section>
        </section></div><footer>Contact</footer></body></html>"#,
    );
    let body = article_body(&html);
    assert!(body.contains("5.1. More on Lists"), "{body}");
    assert!(!body.contains("fined a journalist"), "{body}");
}

#[test]
fn a_heading_id_with_a_generator_prefix_names_its_topic_not_chrome() {
    // Generators prefix or number the heading words they make an id of:
    // `nav_…__1` (an anchor for the table of contents) holds `nav`, a
    // chrome word, and the heading is still the article's.
    let [p1, p2, p3] = [P1, P2, P3].map(para);
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a> <a href="/tech">Tech</a></nav>
        <article><h1>Batteries recycled</h1>{p1}
          <h3 class="subheading" id="nav_only_the_film_remains__1">Only the film remains</h3>{p2}{p3}
        </article><footer>Contact</footer></body></html>"#,
    );
    let body = article_body(&html);
    assert!(body.contains("Only the film remains"), "{body}");
}

#[test]
fn a_german_read_on_heading_ends_the_article() {
    // "Zum Weiterlesen" ("Read on") opens the teasers after a German
    // article, as "Related stories" does after an English one: the teasers
    // are prose, and only the heading tells them from the article.
    let teaser = "Plastikproduzenten ignorieren ihre Verantwortung für die Umwelt, sagt \
                  eine Markenanalyse, die die größten Verschmutzer je Kontinent nennt.";
    let [p1, p2, p3] = [P1, P2, P3].map(para);
    let html = format!(
        r#"<html lang="de"><body><nav><a href="/">Start</a></nav>
        <div class="entry"><h1>Aktivistin verurteilt</h1>{p1}{p2}{p3}
          <h3>Zum Weiterlesen</h3>
          <div class="teaser"><h4>Rangliste der Verschmutzer</h4><p>{teaser}</p></div>
        </div><footer>Kontakt</footer></body></html>"#,
    );
    let body = article_body(&html);
    assert!(!body.contains("Zum Weiterlesen"), "{body}");
    assert!(!body.contains("Plastikproduzenten"), "{body}");
}

#[test]
fn a_field_whose_label_is_hidden_is_shown() {
    // Drupal marks a field shown without its label `field--label-hidden`:
    // the label is hidden, the field's text is the page's.
    let field = |label: &str, text: &str| {
        format!(
            r#"<div class="field field--name-field-{label} field--type-string-long field--label-{shown}">
            {heading}<div class="field__item"><p>{text}</p></div></div>"#,
            shown = if label == "statement" {
                "hidden"
            } else {
                "above"
            },
            heading = if label == "statement" {
                String::new()
            } else {
                format!(r#"<div class="field__label">{label}</div>"#)
            },
        )
    };
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a></nav>
        <div class="node__content">{statement}{appeal}</div>
        <footer>Contact</footer></body></html>"#,
        statement = field("statement", P1),
        appeal = field("Appeal", &format!("{P2}</p><p>{P3}")),
    );
    article_body(&html);
}

#[test]
fn a_statements_index_keeps_its_linked_titles_beside_its_introduction() {
    // The page's text is its list of linked statement titles; a link
    // density that marks a teaser list after an article says nothing here,
    // where the linked items are most of what the page holds.
    let titles = [
        "Kazakhstan: activist sentenced to five years after a one-day trial",
        "Kyrgyzstan: journalists detained over reporting on the border conflict",
        "Tajikistan: lawyer's conviction upheld despite evidence of torture",
        "Uzbekistan: blogger forcibly confined to a psychiatric hospital again",
        "Kazakhstan: peaceful protesters fined in Almaty and Astana after rally",
        "Turkmenistan: relatives of exiled critics barred from leaving the country",
        "Kyrgyzstan: draft law on foreign representatives threatens civil society",
        "Kazakhstan: authorities must investigate January events deaths in custody",
        "Tajikistan: human rights defender transferred to a strict-regime colony",
        "Uzbekistan: independent media outlet blocked ahead of the elections",
        "Kazakhstan: court upholds ban on the opposition party's registration",
        "Kyrgyzstan: investigative reporters' offices raided and equipment seized",
    ];
    let items = linked_items(&titles, "/statements");
    let [p1, p2, p3] = [P1, P2, P3].map(para);
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a> <a href="/about">About</a></nav>
        <div class="content"><h1>Statements</h1>{p1}{p2}{p3}
          <ul class="statements">{items}</ul></div>
        <footer>Contact</footer></body></html>"#,
    );
    let body = article_body(&html);
    for t in titles {
        assert!(body.contains(t), "{t:?} missing from {body}");
    }
}

#[test]
fn a_list_a_sentence_announces_is_text_however_linked() {
    // Linked items are dropped as a link list, unless a sentence of the
    // article announces them; a label ("More:") announces a teaser list.
    let reports = [
        "Kazakhstan: torture in pre-trial detention, 2019–2023",
        "Kyrgyzstan: the closing space for independent media",
        "Tajikistan: lawyers prosecuted for defending their clients",
    ];
    let items = linked_items(&reports, "/reports");
    let [p1, p2, p3] = [P1, P2, P3].map(para);
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a></nav>
        <article><h1>Activist sentenced</h1>{p1}
          <p>The organisation's earlier reports document the same pattern of abuse:</p>
          <ul>{items}</ul>{p2}{p3}
          <p>More:</p><ul><li><a href="/n/1">Journalist fined in Astana</a></li>
          <li><a href="/n/2">Trial of bloggers opens in Bishkek</a></li></ul>
        </article><footer>Contact</footer></body></html>"#,
    );
    let body = article_body(&html);
    for r in reports {
        assert!(body.contains(r), "{r:?} missing from {body}");
    }
    assert!(!body.contains("Journalist fined"), "{body}");
}

/// List items, each a link to `{path}/{i}` reading only its title.
fn linked_items(titles: &[&str], path: &str) -> String {
    titles
        .iter()
        .enumerate()
        .map(|(i, t)| format!(r#"<li><a href="{path}/{i}">{t}</a></li>"#))
        .collect()
}

#[test]
fn a_page_is_read_at_a_desktop_width_by_its_responsive_display_classes() {
    // The key facts twice: a box for phones (`lg:hidden`) and one a
    // desktop shows (`hidden lg:block`). The reader of a desktop sees the
    // second only, once; a plain `hidden` box stays out.
    let facts = "Sentenced: 12 May 2025. Term: five years. Appeal: lodged with the regional court.";
    let rest = long_article();
    let html = format!(
        r#"<html><body><article class="flex flex-col"><h1>Activist sentenced</h1>
        <div class="lg:hidden"><p>{facts}</p></div>
        {rest}
        <div class="hidden lg:block"><p>{facts}</p></div>
        <div class="hidden"><p>Thank you for subscribing to our weekly digest of court cases.</p></div>
        </article></body></html>"#,
    );
    let body = article_body(&html);
    assert_eq!(body.matches(facts).count(), 1, "{body:?}");
    assert!(
        body.ends_with(facts),
        "the desktop box, after the text: {body:?}"
    );
    assert!(!body.contains("Thank you"), "{body:?}");
}

#[test]
fn the_device_classes_of_css_frameworks_are_read_at_a_desktop_width() {
    // Bootstrap's copy for phones (`d-lg-none`) and its desktop twin, a
    // page builder's section hidden on phones only, and one hidden on
    // every device.
    let facts = "Sentenced: 12 May 2025. Term: five years. Appeal: lodged with the regional court.";
    let appeal = "The appeal will be heard in June, and observers from three embassies \
                  have asked to attend the hearing in person.";
    let rest = long_article();
    let html = format!(
        r#"<html><body><article><h1>Activist sentenced</h1>
        <div class="d-block d-lg-none"><p>{facts}</p></div>
        <div class="visible-xs"><p>{facts}</p></div>
        {rest}
        <div class="d-none d-lg-block"><p>{facts}</p></div>
        <section class="elementor-section elementor-hidden-mobile"><p>{appeal}</p></section>
        <section class="elementor-section elementor-hidden-desktop elementor-hidden-tablet
          elementor-hidden-mobile"><p>Draft: the verdict as we expect it, to publish on the day.</p></section>
        </article></body></html>"#,
    );
    let body = article_body(&html);
    assert_eq!(body.matches(facts).count(), 1, "{body:?}");
    assert!(body.contains(appeal), "{body:?}");
    assert!(!body.contains("Draft"), "{body:?}");
}

#[test]
fn names_written_without_a_separator_read_as_their_two_words() {
    // `authorbox` is `author-box` run together, and `commentlist` is
    // `comment-list`; `shareholders` and `commentary` are words of their own.
    let bio = "Jane Doe researches detention conditions in Central Asia for the \
               organisation and has reported from the region since 2015.";
    let reader = "I was at the hearing myself, and the room was so full that many \
                  of us had to stand outside, waiting for news from the lawyers.";
    let html = format!(
        r#"<html><body><div class="post"><h1>Activist sentenced</h1>
        <div class="shareholders">{}</div><div class="commentary">{}</div>
        <div class="authorbox"><p>{bio}</p></div>
        <ol class="commentlist"><li><p>{reader}</p></li></ol>
        </div></body></html>"#,
        para(P1),
        [P2, P3].map(para).concat()
    );
    let body = article_body(&html);
    assert!(!body.contains("Jane Doe"), "{body:?}");
    assert!(!body.contains("at the hearing"), "{body:?}");
}

#[test]
fn the_lead_is_kept_when_the_whole_page_sits_in_a_chrome_named_wrapper() {
    let lead = "Rights groups say the verdict, handed down after a closed trial, \
                punishes an activist for her peaceful reporting on prison conditions.";
    let rest = long_article();
    let html = format!(
        r#"<html><body><div class="menu-push-wrapper"><nav><a href="/">Home</a></nav>
        <div class="story"><div class="head"><h1>Activist sentenced</h1><p>{lead}</p></div>
          <div class="story-main"><div class="article-body">{rest}</div>
          <div class="comments"><p>Reader: this is outrageous, and the court should be ashamed.</p></div>
        </div></div></div></body></html>"#,
    );
    let body = extract(&html).body();
    assert!(body.starts_with(lead), "{body:?}");
    assert_holds_the_article(&body);
    assert!(!body.contains("outrageous"), "{body:?}");
}

#[test]
fn a_notice_beside_the_article_stays_out_when_the_page_around_them_is_chrome() {
    // A box after the article's container, written in sentences: who
    // provides the page and whom it thanks. It votes like prose, but it is
    // the publisher's, not the article's; the page around both is link
    // lists, so the article is not widened to take it in either.
    let notice = "This content is provided as a service of the National Institute of \
                  Health Studies, which shares research findings with patients, their \
                  families and the public, and thanks the reviewers of this page.";
    let links: String = (0..30)
        .map(|i| format!(r#"<li><a href="/topics/{i}">Health topic number {i}</a></li>"#))
        .collect();
    let [p1, p2, p3] = [P1, P2, P3].map(para);
    let html = format!(
        r#"<html><body><div class="page">
        <div class="story"><h1>Activist sentenced</h1>{p1}{p2}{p3}</div>
        <div class="notice"><p>{notice}</p></div>
        <ul class="topics">{links}</ul>
        </div></body></html>"#,
    );
    let body = article_body(&html);
    assert!(!body.contains("provided as a service"), "{body}");
}
