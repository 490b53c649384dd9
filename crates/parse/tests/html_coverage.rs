//! Pages whose content is spread over many small units: the winner of the
//! vote is one unit, and the content is their common ancestor when that
//! ancestor holds most of the page's prose. Articles, whose container holds
//! most of the page's prose already, keep their teaser lists out. A
//! short result falls back to the body; utility classes hide
//! nothing; a heading left over at the end of the text goes.

use pressroom_parse::html::extract_html;

fn body(html: &str) -> String {
    extract_html(html, Some("https://example.org/t/1"), None)
        .expect("text extracted")
        .body()
}

const POSTS: [&str; 8] = [
    "Our union has asked the ministry twice for the inspection reports, and we \
     still have no answer, so we are thinking of going to court.",
    "Before going to court, file a formal request under the access law; the \
     ministry then has thirty days to answer, or to explain why it refuses.",
    "We did exactly that last spring. The answer came after six weeks, with \
     half the pages blacked out, but it was enough to start a case.",
    "Ask the ombudsman as well. It costs nothing, and a letter from that office \
     often moves a ministry faster than a judge would.",
    "Thanks to all of you. We filed the request this morning, and we wrote to \
     the ombudsman, so we will see which one answers first.",
    "Keep copies of everything you send, with dates, because the court will \
     ask for them if the ministry lets the deadline pass.",
    "The ombudsman answered within a week and wrote to the ministry, which now \
     promises the reports by the end of the month, blacked out or not.",
    "Good news. Post the reports here when they arrive, because other unions in \
     the region have been asking for the same ones for years.",
];

/// A long quoted reply inside one post: the post that quotes it wins the
/// vote by itself.
const QUOTE: &str = "The reports list every site inspected in the region, with the \
    date, the inspector, the breaches found, the fines imposed, and whether the \
    employer appealed, which is exactly what a union needs, because without them \
    nobody can say how often the same employers break the same rules, or how \
    rarely a fine is ever paid, and the ministry knows that very well.";

/// Posts wrapped deeper than any look-alike test climbs, each with its own
/// class (the first post of a thread is often styled apart).
fn thread() -> String {
    POSTS
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let quote = if i == 1 {
                format!("<blockquote><div>{QUOTE}</div></blockquote>")
            } else {
                String::new()
            };
            format!(
                r#"<div class="msg msg-{i}"><div class="msg-inner"><div class="msg-user"><a href="/u/{i}">member{i}</a></div>
                <div class="msg-cell"><div class="msg-main"><div class="msg-content"><div class="msg-text">
                <div class="wrap">{quote}<div>{p}</div></div></div></div></div></div>
                <div class="msg-actions"><a href="/r/{i}">Reply</a> <a href="/l/{i}">Like</a></div></div></div>"#
            )
        })
        .collect()
}

const NAV: &str = r#"<div class="top"><ul>
    <li><a href="/">Home</a></li><li><a href="/forums">Forums</a></li>
    <li><a href="/new">What's new</a></li><li><a href="/members">Members</a></li></ul></div>"#;

const SIMILAR: &str = r#"<div class="box"><h3>Similar threads</h3><ul>
    <li><a href="/t/2">Access requests that never get an answer</a></li>
    <li><a href="/t/3">Which court for a freedom of information case?</a></li>
    <li><a href="/t/4">Ombudsman or court first?</a></li></ul></div>"#;

#[test]
fn every_post_of_a_deeply_nested_thread_is_kept() {
    let html = format!(
        r#"<html><body>{NAV}<div class="page"><div class="page-inner"><h1>Inspection reports</h1>
        <div class="thread">{}</div>{SIMILAR}</div></div></body></html>"#,
        thread()
    );
    let body = body(&html);
    for p in POSTS {
        assert!(body.contains(p), "{p:?} missing from {body}");
    }
    assert!(body.contains("nobody can say how often"), "{body}");
    for chrome in ["What's new", "Which court for a freedom", "Reply"] {
        assert!(!body.contains(chrome), "{chrome:?} kept in {body}");
    }
}

const ARTICLE: [&str; 4] = [
    "The regional court ordered the ministry on Tuesday to publish five years of \
     labour inspection reports, ruling that the public interest in workplace \
     safety outweighs the employers' claim to confidentiality.",
    "The case was brought by the builders' union, which had asked for the reports \
     in 2022 and received, after six weeks, a copy with half of the pages blacked \
     out, including the names of employers fined more than once.",
    "In its ruling, the court said that a fine imposed by a public authority is \
     not a business secret, and that the ministry had given no reason for \
     withholding the names other than the employers' wish.",
    "The ministry said it would study the ruling before deciding whether to \
     appeal. The union said it would publish the reports, with a map of the \
     sites inspected, as soon as it receives them.",
];

#[test]
fn an_article_does_not_take_in_the_teasers_around_it() {
    let teasers: String = (0..3)
        .map(|i| {
            format!(
                r#"<div class="card"><h3><a href="/n/{i}">Union wins access case number {i}</a></h3>
                <p>The union said on Monday that a second court had ruled in its favour, and that it expected the ministry to comply.</p></div>"#
            )
        })
        .collect();
    let paragraphs: String = ARTICLE.iter().map(|p| format!("<p>{p}</p>")).collect();
    let html = format!(
        r#"<html><body>{NAV}<div class="page"><div class="col"><h1>Court orders reports published</h1>
        <div class="text">{paragraphs}</div></div><div class="col2"><h2>More news</h2>{teasers}</div></div>
        </body></html>"#
    );
    let body = body(&html);
    for p in ARTICLE {
        assert!(body.contains(p), "{p:?} missing from {body}");
    }
    assert!(!body.contains("a second court had ruled"), "{body}");
}

const STATEMENTS: [&str; 6] = [
    "Statement on the closure of the Almaty bureau",
    "Joint letter to the Ministry of Information on accreditation rules",
    "Reporters detained at the border must be released",
    "Comments on the draft law on mass media",
    "Court upholds the fine against an independent weekly",
    "Open letter on the blocking of news websites",
];

#[test]
fn a_list_of_statements_without_landmarks_is_not_left_nearly_empty() {
    // No <main>, no <article>: the content is a list of linked titles,
    // which gives the vote nothing to choose.
    let items: String = STATEMENTS
        .iter()
        .enumerate()
        .map(|(i, t)| format!(r#"<li><a href="/s/{i}">{t}</a></li>"#))
        .collect();
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a> <a href="/about">About us</a> <a href="/donate">Donate</a></nav>
        <div class="wrap"><h1>Statements</h1><ul class="items">{items}</ul></div>
        <footer><p>© 2024 The Press Freedom Centre. All rights reserved.</p></footer></body></html>"#
    );
    let body = body(&html);
    for t in STATEMENTS {
        assert!(body.contains(t), "{t:?} missing from {body}");
    }
    for chrome in ["About us", "Donate", "All rights reserved"] {
        assert!(!body.contains(chrome), "{chrome:?} kept in {body}");
    }
}

const SECTIONS: [&str; 4] = [
    "Our lawyers answer requests from journalists within two working days, and \
     help with access requests, defamation claims and accreditation disputes.",
    "Newsrooms under pressure can ask for an audit of their digital security, \
     done by our trainers on site, with a written plan the newsroom keeps.",
    "Reporters who cover protests can borrow protective equipment from our \
     office, free of charge, for as long as the assignment lasts.",
    "Every spring we hold a week of workshops on investigative methods, open \
     to freelancers as well as to staff reporters of member outlets.",
];

#[test]
fn utility_classes_do_not_hide_a_service_page() {
    // Utility-class markup: `max-lg:hidden` hides a panel on small screens
    // only, `overflow-hidden` clips a card; a plain `hidden` is still hidden.
    let sections: String = SECTIONS
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let card = if i == 3 {
                "rounded overflow-hidden"
            } else {
                "rounded"
            };
            format!(
                r#"<section class="py-16 lg:py-24"><div class="{card}"><h2>Service {i}</h2>
                <div class="max-lg:hidden lg:block"><p>{t}</p></div></div></section>"#
            )
        })
        .collect();
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a> <a href="/services">Services</a></nav>
        <div class="min-h-screen"><h1>What we do</h1><p>{INTRO}</p>{sections}</div>
        <div class="hidden">Your session is about to expire. Stay signed in to keep your changes safe.</div>
        </body></html>"#
    );
    let body = body(&html);
    for t in SECTIONS {
        assert!(body.contains(t), "{t:?} missing from {body}");
    }
    assert!(!body.contains("session is about to expire"), "{body}");
}

const INTRO: &str = "The Press Freedom Centre supports journalists and newsrooms \
    across the region with legal help, security training and equipment, and it \
    has done so since 2004, funded by its members and by foundations that have \
    no say in which cases it takes or which reporters it helps.";

#[test]
fn a_heading_left_over_at_the_end_is_dropped() {
    // A related-posts box filled in by script: in the HTML, only its
    // heading. A closing line ending in a colon introduces pictures and
    // stays.
    let paragraphs: String = ARTICLE.iter().map(|p| format!("<p>{p}</p>")).collect();
    let html = format!(
        r#"<html><body><div class="entry">{paragraphs}
        <div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>Ähnliche Beiträge</em></h3></div>
        </div></body></html>"#
    );
    let text = body(&html);
    assert!(text.contains(ARTICLE[3]), "{text}");
    assert!(!text.contains("Ähnliche Beiträge"), "{text}");

    let html = format!(
        r#"<html><body><div class="entry">{paragraphs}<p>See more photos:</p>
        <p><img src="/a.jpg"><img src="/b.jpg"></p></div></body></html>"#
    );
    let text = body(&html);
    assert!(text.ends_with("See more photos:"), "{text}");
}
