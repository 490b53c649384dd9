//! Non-article pages on small hand-made pages: a forum thread keeps every
//! post, a page shipped only inside `<noscript>` is read, a service page's
//! sections all stay, a job board keeps its linked listings, a product
//! page's customer reviews stay out while a description only its JSON-LD
//! states comes in, a thread's member counters stay out, a short results
//! table is text even when only the copyright line votes, a list under a
//! few paragraphs of introduction stays when it is most of the page, a
//! question set apart from its answers is kept with them, a collection's
//! linked titles stay beside their descriptions, and none of it lets
//! teaser lists back in.

use pressroom_parse::html::{ExtractedPage, extract_html};

fn extract(html: &str) -> ExtractedPage {
    extract_html(html, Some("https://example.org/t/1"), None).expect("text extracted")
}

const POSTS: [&str; 4] = [
    "I run a small newsroom and we are moving our archive to a new system, which \
     should keep the old addresses working. Has anyone done this before?",
    "We did it last year. Keep a table of old and new addresses, and redirect every \
     old one, or search engines will drop half of your pages.",
    "Also export the comments, if you have any, because the new system may not \
     import them, and readers notice when their words disappear.",
    "Thanks, both of you. We kept the table, redirected everything, and the \
     traffic came back within a month, so it worked out well.",
];

fn thread(posts: &[&str]) -> String {
    posts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            format!(
                r#"<div class="topic-post post-{i}"><div class="post-author"><a href="/u/{i}">user{i}</a></div>
                <div class="post-body"><div class="cooked"><p>{p}</p></div></div>
                <div class="post-footer">{i} likes</div></div>"#
            )
        })
        .collect()
}

const RELATED: &str = r#"<div class="suggested"><h3>Suggested topics</h3><ul>
    <li><a href="/t/2">Moving a forum to a new host</a></li>
    <li><a href="/t/3">Which CMS for a newsroom?</a></li>
    <li><a href="/t/4">Redirects and search engines</a></li></ul></div>"#;

#[test]
fn every_post_of_a_forum_thread_is_kept() {
    let html = format!(
        r#"<html><body><header><a href="/">Forum</a></header>
        <div class="topic"><h1>Moving an archive</h1><div class="posts">{}</div>{RELATED}</div>
        </body></html>"#,
        thread(&POSTS)
    );
    let body = extract(&html).body();
    for p in POSTS {
        assert!(body.contains(p), "{p:?} missing from {body}");
    }
    assert!(!body.contains("Which CMS for a newsroom?"), "{body}");
}

#[test]
fn a_page_shipped_inside_noscript_is_read() {
    // A script-rendered forum: an empty shell, the thread in <noscript>.
    let html = format!(
        r#"<html><head><noscript><img src="/pixel.gif"></noscript></head><body>
        <div id="app"></div><noscript data-path="/t/1"><h1>Moving an archive</h1>{}</noscript>
        </body></html>"#,
        thread(&POSTS)
    );
    let body = extract(&html).body();
    for p in POSTS {
        assert!(body.contains(p), "{p:?} missing from {body}");
    }

    // An ordinary page keeps ignoring its "enable JavaScript" line.
    let html = format!(
        r#"<html><body><noscript>Please enable JavaScript to use all features of this site.</noscript>
        <article><p>{}</p><p>{}</p></article></body></html>"#,
        POSTS[0], POSTS[1]
    );
    let body = extract(&html).body();
    assert!(body.contains(POSTS[1]), "{body}");
    assert!(!body.contains("enable JavaScript"), "{body}");
}

const SECTIONS: [(&str, &str); 4] = [
    (
        "Bookkeeping without the busywork",
        "Connect your bank accounts and every transaction lands in your books, sorted and ready.",
    ),
    (
        "Invoices that get paid",
        "Send invoices in minutes, take card payments, and see at a glance who still owes you.",
    ),
    (
        "Ready for tax time",
        "Reports for income, expenses and sales tax are one click away, in the format your accountant expects.",
    ),
    (
        "Frequently asked questions",
        "Is the software web-based? Yes, it runs in your browser, so there is nothing to install, and your data is backed up every night, with connections encrypted end to end.",
    ),
];

#[test]
fn every_section_of_a_service_page_is_kept() {
    let sections: String = SECTIONS
        .iter()
        .enumerate()
        .map(|(i, (h, p))| {
            format!(r#"<section class="band band-{i} tone-{}"><div class="inner"><h2>{h}</h2><p>{p}</p></div></section>"#,
                ["light", "dark", "mint", "plain"][i])
        })
        .collect();
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a> <a href="/pricing">Pricing</a></nav>
        <main>{sections}</main><footer>Copyright, terms and privacy</footer></body></html>"#
    );
    let body = extract(&html).body();
    for (h, p) in SECTIONS {
        assert!(
            body.contains(h) && body.contains(p),
            "{h:?} missing from {body}"
        );
    }
    assert!(!body.contains("Pricing"), "{body}");
    assert!(!body.contains("Copyright"), "{body}");
}

#[test]
fn a_page_of_sections_in_two_groups_keeps_both() {
    // Five sections, each a weak candidate of its own, in two groups of a
    // page without `<main>`: the first group, with a row of links, holds
    // two thirds of the prose; the page's wrapper holds all of it.
    let sections = [
        (
            "overview",
            "Payroll in minutes",
            "Run payroll for a team of any size in a few clicks, with taxes, \
          filings and payslips handled for you, and every payment on time, every month.",
        ),
        (
            "features",
            "Every country you hire in",
            "Pay people in forty countries in their own currency, \
          with local contracts, holidays and benefits set up by specialists who know the rules.",
        ),
        (
            "security",
            "Your data, protected",
            "Bank-grade encryption, two-factor sign-in and audits \
          every year keep salaries private, so only the people you choose ever see them.",
        ),
        (
            "support",
            "People who answer",
            "Write or call at any hour and a payroll expert answers, \
          usually within minutes, in your language.",
        ),
        (
            "pricing",
            "One price per person",
            "Pay a flat monthly fee for each employee, with no \
          setup costs, no hidden charges and no contract.",
        ),
    ];
    let html_of = |i: usize| {
        let (class, h, p) = sections[i];
        format!(
            r#"<div class="{class}"><div class="inner"><div class="text"><h2>{h}</h2><p>{p}</p></div></div></div>"#
        )
    };
    let links: String = "Careers Press Partners Investors Events Blog Customers Guides Webinars \
                         Status Developers Community"
        .split_whitespace()
        .map(|l| format!(r#"<a href="/{l}">{l} at the company</a> "#))
        .collect();
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a></nav><div class="site">
        <div class="upper">{}{}{}<div class="row">{links}</div></div>
        <div class="lower">{}{}</div></div>
        <footer>Copyright, terms and privacy</footer></body></html>"#,
        html_of(0),
        html_of(1),
        html_of(2),
        html_of(3),
        html_of(4),
    );
    let body = extract(&html).body();
    for (_, h, p) in sections {
        assert!(
            body.contains(h) && body.contains(p),
            "{h:?} missing from {body}"
        );
    }
}

#[test]
fn the_main_landmark_does_not_take_in_teaser_cards() {
    let cards: String = (0..6)
        .map(|i| {
            format!(
                r#"<div class="card"><h3><a href="/story/{i}">Another headline number {i} about a different matter</a></h3>
                <p><a href="/story/{i}">A summary of the other story, which concerns events elsewhere.</a></p></div>"#
            )
        })
        .collect();
    let html = format!(
        r#"<html><body><main><div class="article-body"><p>{}</p><p>{}</p><p>{}</p></div>
        <div class="more"><h2>Read next</h2>{cards}</div></main></body></html>"#,
        POSTS[0], POSTS[1], POSTS[3]
    );
    let body = extract(&html).body();
    assert!(body.contains(POSTS[3]), "{body}");
    assert!(!body.contains("A summary of the other story"), "{body}");
}

#[test]
fn the_main_landmark_does_not_take_in_what_trails_an_article() {
    // Blog teasers after a post: linked headlines over summaries in plain
    // prose, so the text `<main>` adds is neither link-heavy nor chrome by
    // name; all of it comes after the article, whose own wrapper (headline,
    // byline) keeps widening from reaching `<main>`.
    let teasers: String = [
        "Standing desks, two years on: what changed in our posture, our focus and our back pain after the switch.",
        "Cable management without drilling: clips, trays and sleeves that keep a small desk calm and tidy all week.",
        "Why we finish oak with oil and not lacquer, and how to look after the surface of a desk that you use daily.",
    ]
    .iter()
    .enumerate()
    .map(|(i, summary)| {
        format!(r#"<div class="post-card"><h3><a href="/blog/{i}">Post number {i}</a></h3><p>{summary}</p></div>"#)
    })
    .collect();
    let html = format!(
        r#"<html><body><main><div class="post"><h1>Neck pain at your desk</h1><div class="byline">By Ada, 3 min read</div>
        <div class="post-content"><p>{}</p><p>{}</p><p>{}</p><p>{}</p></div></div>
        <div class="from-the-shop"><h2>From our shop</h2>{teasers}</div></main></body></html>"#,
        POSTS[0], POSTS[1], POSTS[2], POSTS[3]
    );
    let body = extract(&html).body();
    assert!(body.contains(POSTS[3]), "{body}");
    assert!(
        !body.contains("Cable management without drilling"),
        "{body}"
    );
}

#[test]
fn a_landing_page_led_by_its_longest_section_keeps_the_others() {
    // The first section wins the vote and everything else follows it, as
    // text trailing an article would: its sibling sections still join it.
    let mut sections: Vec<(&str, String)> = SECTIONS
        .iter()
        .map(|(h, p)| (*h, (*p).to_string()))
        .collect();
    sections[0].1 = format!(
        "{} Rules you write once file the rest, receipts attach themselves from \
         your inbox, and a month closes in minutes rather than in a weekend.",
        SECTIONS[0].1
    );
    let html: String = sections
        .iter()
        .map(|(h, p)| format!(r#"<section><h2>{h}</h2><p>{p}</p></section>"#))
        .collect();
    let html = format!("<html><body><main>{html}</main></body></html>");
    let body = extract(&html).body();
    for (h, p) in &sections {
        assert!(
            body.contains(h) && body.contains(p.as_str()),
            "{h:?} missing from {body}"
        );
    }
}

#[test]
fn a_page_of_linked_items_in_main_is_not_left_nearly_empty() {
    // An index of names, every item a link: nothing votes, so the chosen
    // text would be a stray line; the page's main landmark is the answer.
    let names = [
        "ABC",
        "Ada",
        "ALGOL 60",
        "APL",
        "AWK",
        "BASIC",
        "BCPL",
        "C",
        "COBOL",
        "Common Lisp",
        "Eiffel",
        "Fortran",
        "Haskell",
        "Modula-2",
        "Oberon",
        "Pascal",
        "Prolog",
        "Simula",
        "Smalltalk",
        "Standard ML",
        "Icon",
        "Java",
        "JavaScript",
        "Lua",
        "Objective-C",
        "OCaml",
        "Perl",
        "PHP",
        "PostScript",
        "Python",
        "Racket",
        "Ruby",
        "Rust",
        "Scheme",
        "SNOBOL",
        "Swift",
        "Tcl",
        "TypeScript",
    ];
    let items: String = names
        .iter()
        .map(|n| format!(r#"<li><a href="/wiki/{n}">{n}</a></li>"#))
        .collect();
    let html = format!(
        r#"<html><body><nav><a href="/">Main page</a> <a href="/random">Random article</a></nav>
        <main><h1>List of programming languages</h1><div class="note">From the free encyclopedia</div>
        <h2>A to Z</h2><ul>{items}</ul></main><footer>Text is available under a licence.</footer></body></html>"#
    );
    let body = extract(&html).body();
    for n in names {
        assert!(body.contains(n), "{n:?} missing from {body}");
    }
    assert!(!body.contains("Random article"), "{body}");
    assert!(!body.contains("licence"), "{body}");
}

#[test]
fn a_job_board_keeps_its_linked_listings_beside_a_paragraph_of_prose() {
    // The page's one paragraph of prose wins the vote, and every listing is
    // a link card: the listings are the content, not the paragraph alone.
    let intro = "Looking for remote work? Advance your career with remote roles at \
                 companies that hire across time zones, posted by the employers \
                 themselves and checked by our editors every morning before they go live.";
    let jobs = [
        ("Software Engineer", "Northwind Traders"),
        ("Senior Backend Developer", "Contoso"),
        ("Data Analyst", "Fabrikam"),
        ("Product Designer", "Tailspin Toys"),
        ("Site Reliability Engineer", "Wide World Importers"),
        ("Technical Writer", "Adventure Works"),
        ("Support Specialist", "Litware"),
        ("Frontend Developer", "Proseware"),
        ("Mobile Developer", "Blue Yonder Airlines"),
        ("Security Engineer", "Coho Winery"),
        ("Machine Learning Engineer", "Lucerne Publishing"),
        ("Engineering Manager", "Graphic Design Institute"),
        ("QA Engineer", "Margie's Travel"),
        ("DevOps Engineer", "Alpine Ski House"),
    ];
    let cards: String = jobs
        .iter()
        .enumerate()
        .map(|(i, (title, company))| {
            format!(
                r#"<li class="listing"><a href="/jobs/{i}"><span class="title">{title}</span>
                <span class="company">{company}</span><span class="region">Anywhere in the world</span>
                <span class="pay">$50,000 - $74,999 USD</span><span class="type">Full-time</span></a></li>"#
            )
        })
        .collect();
    let html = format!(
        r#"<html><body><header><nav><a href="/">Home</a> <a href="/post">Post a job</a></nav></header>
        <div class="content"><section class="hero"><p>{intro}</p></section>
        <section class="jobs"><h2>Full-stack programming jobs</h2><ul>{cards}</ul></section></div>
        <footer><a href="/about">About us</a> <a href="/privacy">Privacy</a></footer></body></html>"#
    );
    let body = extract(&html).body();
    for (title, company) in jobs {
        assert!(body.contains(title), "{title:?} missing from {body}");
        assert!(body.contains(company), "{company:?} missing from {body}");
    }
    assert!(!body.contains("Post a job"), "{body}");
    assert!(!body.contains("Privacy"), "{body}");
}

#[test]
fn a_list_under_a_few_paragraphs_of_introduction_is_kept_when_it_holds_ten_times_as_much() {
    // Two paragraphs of introduction win the vote, and the winners, each
    // one link, vote for nothing: the list is the page's content when it
    // holds ten times the introduction's text. Teasers beside it holding
    // less (here six times) stay out.
    let intro = [
        "The twentieth annual awards recognised standout projects and products across the \
         design industry, with winners revealed by the editor during a ceremony in the city, \
         in front of an audience of architects, designers, manufacturers, students and the \
         many readers who had followed the shortlist all year.",
        "See who took home top honours this year, including the special award recognising the \
         most iconic products and projects of the past two decades, chosen by a jury of past \
         winners, critics and editors after three rounds of votes and two public debates, \
         held this spring in front of the shortlisted studios.",
    ];
    let links = |n: usize, path: &str, text: &str| -> String {
        (1..=n)
            .map(|i| format!(r#"<div class="entry"><a href="/{path}/{i}">{text} {i:02}</a></div>"#))
            .collect()
    };
    let page = |list: &str| {
        format!(
            r#"<html><body><nav><a href="/">Home</a></nav><main>
            <section class="intro"><h1>Awards</h1><p>{}</p><p>{}</p></section>
            <section class="list">{list}</section></main>
            <footer>Contact</footer></body></html>"#,
            intro[0], intro[1]
        )
    };
    let winner = "Winner of the hospitality award: Studio of architects and interior designers";
    let body = extract(&page(&links(90, "winners", winner))).body();
    assert!(body.contains(intro[0]), "{body}");
    for i in ["01", "45", "90"] {
        assert!(
            body.contains(&format!("{winner} {i}")),
            "{i} missing from {body}"
        );
    }

    let teaser = "Another story from the newsroom about this year's awards season";
    let body = extract(&page(&links(45, "news", teaser))).body();
    assert!(body.contains(intro[1]), "{body}");
    assert!(!body.contains(teaser), "{body}");
}

#[test]
fn a_product_page_keeps_its_description_and_leaves_customer_reviews_out() {
    let description = "This field recorder captures interviews in noisy places: two \
        directional microphones, a limiter that catches sudden shouts, and a battery \
        that lasts a full day of hearings, with files saved twice in case one card fails.";
    let specs = "Weight 180 g, two memory cards, twenty hours of battery, and a case \
        that survives rain, dust and being dropped on a courthouse floor.";
    let reviews: String = [
        "Bought it for a trial that lasted three weeks, and it never once ran out of \
         battery, although the menus take a while to learn, which annoyed me at first.",
        "Good sound in crowded rooms, but the case scratches easily, and the manual, \
         which is only online, could explain the limiter settings much better.",
        "Our newsroom ordered five of them, and two arrived with the wrong charger, \
         which support replaced within a week, so we would buy them again.",
    ]
    .iter()
    .map(|r| format!(r#"<div class="review-item"><span class="stars">4/5</span><p>{r}</p></div>"#))
    .collect();
    let html = format!(
        r#"<html><body><nav><a href="/">Shop</a></nav>
        <div class="product"><h1>Field recorder</h1><div class="price">$199</div>
        <div class="product-description"><p>{description}</p><p>{specs}</p></div>
        <div class="product-reviews"><h2>Customer reviews</h2>{reviews}</div></div>
        <footer>Shipping and returns</footer></body></html>"#
    );
    let body = extract(&html).body();
    assert!(body.contains(description) && body.contains(specs), "{body}");
    assert!(!body.contains("Bought it for a trial"), "{body}");
    assert!(!body.contains("Our newsroom ordered"), "{body}");
}

#[test]
fn a_product_description_only_its_json_ld_states_is_kept_but_not_a_listings() {
    // The description sits in a collapsed tab, hidden until clicked; the
    // page's JSON-LD Product states it. A collection page's JSON-LD lists
    // several products, none of them the page's own.
    let description = "This field recorder captures interviews in noisy places: two \
        directional microphones, a limiter that catches sudden shouts, and a battery \
        that lasts a full day of hearings, with files saved twice in case one card fails.";
    let intro = "Built for reporters who record hearings, press conferences and \
        interviews far from a studio, in any weather, for a whole day.";
    let product = |ld: &str| {
        format!(
            r#"<html><head><script type="application/ld+json">{ld}</script></head><body>
            <nav><a href="/">Shop</a></nav>
            <div class="product"><h1>Field recorder</h1><p>{intro}</p>
            <button aria-controls="tab-1">Description</button>
            <div id="tab-1" hidden><p>{description}</p></div></div>
            <footer>Shipping and returns</footer></body></html>"#
        )
    };
    let one = format!(
        r#"{{"@context":"https://schema.org","@type":"Product","name":"Field recorder","description":"{description}"}}"#
    );
    let body = extract(&product(&one)).body();
    assert!(body.contains(description) && body.contains(intro), "{body}");

    let two = format!(
        r#"[{{"@type":"Product","name":"Field recorder","description":"{description}"}},
            {{"@type":"Product","name":"Spare battery","description":"A spare battery."}}]"#
    );
    let body = extract(&product(&two)).body();
    assert!(body.contains(intro), "{body}");
    assert!(!body.contains(description), "{body}");
}

#[test]
fn a_short_results_table_is_kept_when_only_the_copyright_line_votes() {
    // No cell is long enough to vote, so the footer's copyright line wins
    // and the filter drops it: the page's little content is still its
    // text, not "no article text".
    let html = r#"<html><body><nav><a href="/">Home</a> <a href="/scores">Scores</a> <a href="/teams">Teams</a></nav>
        <main><h1>League schedule</h1><table>
        <tr><td>Sunday, February 8</td></tr>
        <tr><th>Matchup</th><th>Result</th><th>Top scorer</th></tr>
        <tr><td>Seattle v New England</td><td>SEA 29, NE 13</td><td>Kenneth Walker</td></tr>
        <tr><td>Denver v Buffalo</td><td>DEN 17, BUF 20</td><td>James Cook</td></tr>
        </table></main>
        <div class="site-footer"><div class="copyright">© Example Enterprises, Inc. All rights reserved.</div></div></body></html>"#;
    let body = extract(html).body();
    for t in ["Seattle v New England", "SEA 29, NE 13", "DEN 17, BUF 20"] {
        assert!(body.contains(t), "{t:?} missing from {body}");
    }
    assert!(!body.contains("All rights reserved"), "{body}");
}

#[test]
fn a_threads_member_counters_stay_out_of_its_posts() {
    // Counters under plain class names: nothing marks them as chrome but
    // what they say.
    let posts: String = POSTS
        .iter()
        .enumerate()
        .map(|(i, p)| {
            format!(
                r#"<div class="message"><div class="member"><a href="/u/{i}">user{i}</a>
                <div>{} posts</div><div>Joined: Mar 201{i}</div></div>
                <div class="message-text"><p>{p}</p></div><div>{i} likes</div></div>"#,
                1200 + i
            )
        })
        .collect();
    let html = format!(
        r#"<html><body><main><h1>Moving a newsroom archive</h1>{posts}</main></body></html>"#
    );
    let body = extract(&html).body();
    for p in POSTS {
        assert!(body.contains(p), "{p:?} missing from {body}");
    }
    for counter in ["1201 posts", "Joined: Mar 2012", "3 likes"] {
        assert!(!body.contains(counter), "{counter:?} kept in {body}");
    }
}

/// A question set apart from its answers, as Q&A sites and many forums
/// build them: the question's post in its own box before the answers'
/// list, on the same post template as each answer.
fn question_and_answers(question_box: &str, teasers: &str) -> String {
    let answers: String = POSTS[1..]
        .iter()
        .enumerate()
        .map(|(i, p)| {
            format!(
                r#"<div class="answer"><div class="votes">{i}</div>
                <div class="post-text"><p>{p}</p></div></div>"#
            )
        })
        .collect();
    format!(
        r#"<html><body><header><a href="/">Q&amp;A</a></header><div id="content">
        <h1>Moving an archive</h1>{teasers}
        <div class="{question_box}"><div class="votes">7</div>
        <div class="post-text"><p>{}</p></div><div class="tags"><a href="/t/cms">cms</a></div></div>
        <div id="answers"><h2>3 answers</h2>{answers}</div>{RELATED}</div></body></html>"#,
        POSTS[0]
    )
}

#[test]
fn a_question_set_apart_from_its_answers_is_kept_with_them() {
    for question_box in ["question", "first-post pinned"] {
        let body = extract(&question_and_answers(question_box, "")).body();
        for p in POSTS {
            assert!(body.contains(p), "{p:?} missing from {body}");
        }
        assert!(body.find(POSTS[0]) < body.find(POSTS[1]), "{body}");
        assert!(!body.contains("Which CMS for a newsroom?"), "{body}");
    }
    // Teasers of other threads on the same template are links, not a post.
    let teasers: String = (0..3)
        .map(|i| {
            format!(
                r#"<div class="hot"><div class="post-text"><a href="/q/{i}">How do other newsrooms
                keep their old addresses working after they move to a new system? ({i})</a></div></div>"#
            )
        })
        .collect();
    let body = extract(&question_and_answers("question", &teasers)).body();
    assert!(body.contains(POSTS[0]), "{body}");
    assert!(!body.contains("How do other newsrooms"), "{body}");
    // The accepted answer set apart before the others, on the same post
    // template, does not hide the question above the list.
    let accepted = question_and_answers("question", "").replacen(
        r#"<div class="answer">"#,
        r#"<div class="answer accepted-answer">"#,
        1,
    );
    let body = extract(&accepted).body();
    for p in POSTS {
        assert!(body.contains(p), "{p:?} missing from {body}");
    }
}

#[test]
fn a_collections_linked_titles_stay_beside_their_descriptions_and_bare_headlines_go() {
    // Each card is a linked title over a description and a price: more
    // text than its title, so an entry of the collection. A list of linked
    // headlines and nothing else is still a teaser list.
    let bowls = [
        (
            "Bamboo Dog Bowl",
            "made from plant fibre that will not crack when it falls",
        ),
        (
            "Steel Travel Bowl",
            "folds flat into a pocket and holds a litre of fresh water",
        ),
        (
            "Ceramic Cat Bowl",
            "is glazed by hand and tilted so that whiskers stay clean",
        ),
        (
            "Raised Feeder",
            "stands at elbow height for large dogs with stiff joints",
        ),
    ];
    let cards: String = bowls
        .iter()
        .enumerate()
        .map(|(i, (title, what))| {
            format!(
                r#"<li><h3><a href="/p/{i}">{title}</a></h3>
                <p>{what}, and every one ships within two days. From $24.00</p></li>"#
            )
        })
        .collect();
    let html = format!(
        r#"<html><body><nav><a href="/">Shop</a> <a href="/cart">Cart</a></nav>
        <main><h1>Bowls and feeders</h1>
        <p>Bowls for dogs and cats of every size, chosen by our staff for how they hold up to
        daily use, washing and the occasional fall from the kitchen counter onto a tiled floor.</p>
        <ul>{cards}</ul>
        <h4>More:</h4>
        <ul><li><h3><a href="/blog/1">How to choose a bowl for a puppy that is still growing</a></h3></li>
        <li><h3><a href="/blog/2">Why a raised feeder helps older dogs with sore joints</a></h3></li></ul>
        </main></body></html>"#
    );
    let body = extract(&html).body();
    for (title, _) in bowls {
        assert!(body.contains(title), "{title:?} missing from {body}");
    }
    assert!(!body.contains("choose a bowl for a puppy"), "{body}");
}
