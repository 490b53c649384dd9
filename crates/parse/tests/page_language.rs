//! The main text is chosen in the page's own language: an article in the
//! language the page declares does not lose to a longer block in another
//! language, such as the translation of a petition beside it, whether the
//! page declares it in `<html lang>`, only in `og:locale`, or only in the
//! `hreflang` entry naming the page itself.

use pressroom_model::Lang;
use pressroom_model::sources::SourcesConfig;
use pressroom_parse::{ContentKind, Input, Parsed, parse};

const ARTICLE: [&str; 8] = [
    "For more than a decade the prison outside the capital has held people who did nothing but speak out against the government. Many of them were never charged.",
    "Former detainees describe cells so crowded that prisoners sleep in turns and guards who beat them for asking to see a doctor. Some lost the use of their hands.",
    "Families travel for hours to the gates only to be told that visits are suspended without any explanation at all. Letters are returned unopened.",
    "Lawyers say they have been refused access to their clients for months in breach of the country's own laws and its constitution. Their complaints go unanswered.",
    "At least four prisoners have died in custody since last year and no one has been held to account for their deaths. Their families were not told how they died.",
    "Medical care is withheld as a punishment, according to testimony gathered from eleven former prisoners and their relatives. Several have lost a great deal of weight.",
    "Some of those held were arrested for a single post on social media that criticised the price of bread in the capital. He was sentenced to five years in prison.",
    "The authorities have not answered our requests for comment on the conditions described in this report. We will publish their answers in full.",
];

/// The petition's Arabic translation (on the real page 2,200 characters
/// beside a longer article): shorter than the article but with the commas
/// the scorer likes, so that it outscores the article on its own.
const ARABIC: [&str; 6] = [
    "إلى وزير الداخلية، نحن الموقعين أدناه، نطالبكم بالإفراج الفوري، ودون قيد أو شرط، عن جميع المعتقلين بسبب تعبيرهم السلمي عن آرائهم.",
    "ندعوكم، بصفتكم المسؤول عن السجون، إلى ضمان معاملة جميع المحتجزين معاملة إنسانية، وتوفير الرعاية الطبية اللازمة لهم، دون تأخير.",
    "كما نطالبكم، في انتظار الإفراج عنهم، بالسماح لعائلاتهم بزيارتهم بانتظام، وبتمكين محاميهم من الوصول إليهم، وفقاً للقانون.",
    "ونحثكم، علاوة على ذلك، على فتح تحقيق مستقل، ونزيه، وفعال، في جميع حالات الوفاة أثناء الاحتجاز، ومحاسبة المسؤولين عنها.",
    "إن الاكتظاظ، والضرب، والحرمان من العلاج، كلها انتهاكات جسيمة، تتعارض مع التزامات بلدكم الدولية، ومع دستوره الوطني.",
    "مع فائق الاحترام، والتقدير، نحن الموقعين أدناه، من أنحاء العالم كافة، نتابع هذه القضية، ونقف مع المعتقلين، وعائلاتهم.",
];

fn campaign_page() -> String {
    let paragraphs = |ps: &[&str]| ps.iter().map(|p| format!("<p>{p}</p>")).collect::<String>();
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>Free the prisoners of conscience</title></head>\
         <body><header><a href=\"/\">Home</a> <a href=\"/campaigns\">Campaigns</a></header>\
         <main><div class=\"campaign\">\
           <div class=\"campaign-story\"><h1>Free the prisoners of conscience</h1>{}</div>\
           <div class=\"campaign-petition\"><h2>Sign the petition</h2>\
             <p>Call on the Minister of the Interior to release them now.</p>\
             <form><input name=\"email\"><button>Sign now</button></form></div>\
           <div class=\"campaign-petition-translation\" lang=\"ar\" dir=\"rtl\">{}</div>\
         </div></main><footer>Amnesty International</footer></body></html>",
        paragraphs(&ARTICLE),
        paragraphs(&ARABIC)
    )
}

fn parse_page(html: &str) -> Parsed {
    parse(
        &Input {
            bytes: html.as_bytes(),
            origin: "campaigns/prison.html",
            url: Some("https://campaigns.example.org/prison"),
            content_type: None,
            kind: ContentKind::Html,
        },
        &SourcesConfig::default(),
    )
    .expect("the page parses")
}

#[test]
fn the_article_in_the_declared_language_wins_over_a_translated_petition_that_outscores_it() {
    assert_article_kept(&campaign_page(), "<html lang=\"en\">");
}

/// The page's first document is the English article, whole, and no
/// document holds the Arabic petition. `declared`: where the page says it
/// is English, for the messages.
fn assert_article_kept(html: &str, declared: &str) {
    let parsed = parse_page(html);
    let first = &parsed.documents[0];
    assert_eq!(first.lang, Lang::En, "{declared}: {:?}", parsed.documents);
    for sentence in ARTICLE {
        assert!(
            first.body.contains(sentence),
            "{declared}: {sentence:?} lost: {:?}",
            first.body
        );
    }
    assert!(
        parsed.documents.iter().all(|d| !d.body.contains("وزير")),
        "{declared}: the Arabic petition was kept as main text: {:?}",
        parsed.documents
    );
}

/// A page with no `<html lang>`, declaring English in `head` only, whose
/// petition translation (printed twice, above and below the form)
/// outweighs the article: the bulk of the prose alone would pick it.
fn assert_article_kept_when_declared_in(head: &str) {
    let paragraphs = |ps: &[&str]| ps.iter().map(|p| format!("<p>{p}</p>")).collect::<String>();
    let html = format!(
        "<!DOCTYPE html><html><head>{head}\
         <title>Free the prisoners of conscience</title></head><body>\
         <main><div class=\"campaign-story\"><h1>Free the prisoners of conscience</h1>{}</div></main>\
         <section class=\"campaign-translation\" lang=\"ar\" dir=\"rtl\">{}<form><button>وقّع</button></form>{}</section>\
         </body></html>",
        paragraphs(&ARTICLE),
        paragraphs(&ARABIC),
        paragraphs(&ARABIC)
    );
    assert_article_kept(&html, head);
}

#[test]
fn a_language_declared_only_in_og_locale_still_names_the_article() {
    assert_article_kept_when_declared_in(r#"<meta property="og:locale" content="en_GB">"#);
}

#[test]
fn a_language_declared_only_by_the_pages_own_hreflang_entry_still_names_the_article() {
    // The versions list names this page (its own address) as English.
    assert_article_kept_when_declared_in(
        r#"<link rel="alternate" hreflang="x-default" href="https://campaigns.example.org/prison">
           <link rel="alternate" hreflang="ar" href="https://campaigns.example.org/ar/prison">
           <link rel="alternate" hreflang="en" href="https://campaigns.example.org/prison">"#,
    );
}
