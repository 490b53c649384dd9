//! Lines that are chrome whatever element holds them: share and print
//! labels, calls to subscribe or follow, comment policies, photo credits.

use std::collections::HashSet;
use std::sync::LazyLock;

/// Lower-cased text with only letters and digits, for comparing headlines and
/// stop lines regardless of punctuation and spacing.
pub(crate) fn fold_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

static BOILERPLATE_LINES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    [
        "share",
        "sharethis",
        "sharethisarticle",
        "shareonfacebook",
        "shareontwitter",
        "tweet",
        "email",
        "print",
        "advertisement",
        "advertising",
        "readmore",
        "continuereading",
        "relatedarticles",
        "relatedcontent",
        "relatedstories",
        "related",
        "subscribe",
        "signup",
        "facebook",
        "twitter",
        "linkedin",
        "whatsapp",
        "telegram",
        "comments",
        "leaveacomment",
        "skiptocontent",
        "skiptomaincontent",
        "backtotop",
        "download",
        "caption",
        "close",
        "likethis",
        "clicktotweet",
        "tweetthis",
        "likeloading",
        "explorefurther",
        "tags",
        "youmayalsolike",
        "youmightalsolike",
        "trendingnews",
        "alsoread",
        "теги",
        "тэги",
        "поделиться",
        "читатьдалее",
        "читайтетакже",
        "реклама",
        "подписаться",
        "комментарии",
        "распечатать",
        "печать",
        "наверх",
        "похожиематериалы",
        "ещепотеме",
        // The same lines in the other languages of the web's larger
        // publishers: a page from a source nobody configured is as often
        // German, French, Spanish, Italian, Portuguese, Polish or Dutch.
        // Share, print, advertisement:
        "teilen",
        "partager",
        "compartir",
        "condividi",
        "compartilhar",
        "partilhar",
        "udostępnij",
        "delen",
        "drucken",
        "imprimer",
        "imprimir",
        "stampa",
        "drukuj",
        "afdrukken",
        "anzeige",
        "werbung",
        "publicité",
        "publicidad",
        "pubblicità",
        "publicidade",
        "reklama",
        "advertentie",
        // Read more, read also, related articles, you may also like:
        "weiterlesen",
        "mehrlesen",
        "lirelasuite",
        "leermás",
        "leggidipiù",
        "continuaaleggere",
        "leiamais",
        "lermais",
        "czytajwięcej",
        "czytajdalej",
        "leesmeer",
        "verderlezen",
        "lesensieauch",
        "lireaussi",
        "àlireaussi",
        "leetambién",
        "leggianche",
        "leiatambém",
        "zobacztakże",
        "czytajtakże",
        "leesook",
        "ähnlicheartikel",
        "verwandteartikel",
        "articlessimilaires",
        "artículosrelacionados",
        "articolicorrelati",
        "artigosrelacionados",
        "podobneartykuły",
        "gerelateerdeartikelen",
        "mehrzumthema",
        "surlemêmesujet",
        "daskönntesieauchinteressieren",
        // Comments, leave a comment, like:
        "kommentare",
        "commentaires",
        "comentarios",
        "commenti",
        "comentários",
        "komentarze",
        "reacties",
        "kommentarschreiben",
        "laisseruncommentaire",
        "dejauncomentario",
        "lasciauncommento",
        "deixeumcomentário",
        "dodajkomentarz",
        "gefälltmir",
        "jaime",
        "megusta",
        "mipiace",
        "curtir",
        "lubięto",
        // Tags, back to top, subscribe, skip to content, close:
        "schlagwörter",
        "étiquettes",
        "etiquetas",
        "tagi",
        "nachoben",
        "zurücknachoben",
        "retourenhaut",
        "volverarriba",
        "tornasu",
        "voltaraotopo",
        "dogóry",
        "terugnaarboven",
        "abonnieren",
        "sabonner",
        "suscríbete",
        "iscriviti",
        "inscrevase",
        "subskrybuj",
        "abonneren",
        "zuminhaltspringen",
        // A shop's buttons and badges, and a list's controls:
        "compare",
        "addtocart",
        "addtobag",
        "addtobasket",
        "addtowishlist",
        "wishlist",
        "quantity",
        "bestseller",
        "newarrival",
        "instock",
        "freeshipping",
        "quickview",
        "viewdetails",
        "selectsize",
        "sizeguide",
        "shopnow",
        "buynow",
        "viewall",
        "seeall",
        "filters",
        "sortby",
        "clearall",
        "loadmore",
        "showmore",
        // A forum's ranks and labels beside each post, and its buttons:
        "messages",
        "member",
        "reactionscore",
        "points",
        "newmember",
        "juniormember",
        "seniormember",
        "activemember",
        "wellknownmember",
        "author",
        "youranswer",
        "signin",
        "login",
        // Account buttons in the four languages, and an app's or a list's
        // controls:
        "register",
        "openinapp",
        "pagetools",
        "resultsperpage",
        "trendingtopics",
        "trendingsearches",
        "trendingnow",
        "anmelden",
        "einloggen",
        "registrieren",
        "seconnecter",
        "connexion",
        "sinscrire",
        "iniciarsesión",
        "registrarse",
        "search",
        "applynow",
        // Table of contents toggles, loading placeholders, sponsor labels:
        "tableofcontents",
        "inthisarticle",
        "onthispage",
        "inhaltsverzeichnis",
        "sommaire",
        "содержание",
        "loading",
        "sponsored",
        "alleraucontenu",
        "iralcontenido",
        "schließen",
        "fermer",
        "cerrar",
        "chiudi",
        "fechar",
        "zamknij",
        "sluiten",
        // Pin and comment buttons, and the placeholder of an embed the
        // reader has not consented to:
        "pinit",
        "pinnen",
        "épingler",
        "kommentieren",
        "commenter",
        "comentar",
        "externalcontent",
        "externerinhalt",
        "contenuexterne",
        "contenidoexterno",
    ]
    .into_iter()
    .collect()
});

/// Words counted on a forum beside every post ("1,204 posts", "12 likes",
/// "Posts: 87"): the thread's furniture, never part of a post.
const COUNTER_WORDS: &[&str] = &[
    "posts",
    "likes",
    "like",
    "replies",
    "views",
    "messages",
    "reactions",
    "votes",
    "beiträge",
    "antworten",
    "сообщений",
    "сообщения",
    "ответов",
    "просмотров",
];

/// Words dating a member, a post or an answer ("Joined: Mar 2019",
/// "Edited 3 May", "answered Feb 3, 2024 at 10:12").
const DATED_WORDS: &[&str] = &[
    "joined",
    "edited",
    "answered",
    "asked",
    "registriert",
    "зарегистрирован",
];

/// A short line of a forum's counters: a number next to a counter word, a
/// dated word with a date, or "Joined" alone. A sentence or a heading
/// using the words ("5 things we like") is text.
pub(crate) fn is_counter_line(text: &str) -> bool {
    let t = text.trim();
    if t.chars().count() > 40 || t.ends_with(['.', '!', '?']) {
        return false;
    }
    let tokens: Vec<String> = t
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let words = tokens
        .iter()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    if words > 4 {
        return false;
    }
    let number = |i: Option<usize>| {
        i.and_then(|i| tokens.get(i))
            .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()))
    };
    let counted = tokens.iter().enumerate().any(|(i, w)| {
        COUNTER_WORDS.contains(&w.as_str()) && (number(i.checked_sub(1)) || number(Some(i + 1)))
    });
    let dated = tokens.iter().any(|w| DATED_WORDS.contains(&w.as_str()))
        && (t.chars().any(|c| c.is_ascii_digit()) || words == 1);
    counted || dated
}

/// Headings that open the page's trailer: what follows them is other
/// articles, the author's box or the comments, never more of the article.
static TRAILER_HEADINGS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    [
        "related",
        "relatedarticles",
        "relatedcontent",
        "relatedstories",
        "relatedposts",
        "relatednews",
        "similarposts",
        "similararticles",
        "youmayalsolike",
        "youmightalsolike",
        "youmayalsobeinterestedin",
        "relatedreads",
        "youmightlike",
        "youmaylike",
        "recommendedposts",
        "recommendedarticles",
        "recommendedforyou",
        "moreforyou",
        "morestories",
        "morenews",
        "latestnews",
        "latestarticles",
        "latestposts",
        "recentposts",
        "abouttheauthor",
        "comments",
        "leaveacomment",
        "leaveareply",
        "похожиематериалы",
        "ещепотеме",
        "читайтетакже",
        "другиеновости",
        "последниеновости",
        "обавторе",
        "комментарии",
        "ähnlicheartikel",
        "ähnlichebeiträge",
        "verwandteartikel",
        "neuesteartikel",
        "neuestebeiträge",
        "mehrzumthema",
        "daskönntesieauchinteressieren",
        "daskönntedichauchinteressieren",
        "dieskönntesieauchinteressieren",
        "dieskönntedichauchinteressieren",
        "auchinteressant",
        "weitereartikel",
        // The same kinds of heading in German, French and Spanish ("More
        // topics", "Read on", "In the same section", "Latest news",
        // "Write a comment"; "Further information", the links closing a
        // German authority's page):
        "weiterebeiträge",
        "weiterethemen",
        "weiterenachrichten",
        "mehrthemen",
        "mehrnachrichten",
        "verwandtethemen",
        "empfohleneartikel",
        "empfohlenebeiträge",
        "neuestenachrichten",
        "schongelesen",
        "zumweiterlesen",
        "lesensieauch",
        "weitereinformationen",
        "kommentarschreiben",
        "kommentareschreiben",
        "danslamêmerubrique",
        "derniersarticles",
        "dernièresactualités",
        "vouspourriezaussiaimer",
        "àproposdelauteur",
        "laisseruncommentaire",
        "másnoticias",
        "últimasnoticias",
        "tambiénteinteresa",
        "tambiénpuedeinteresarte",
        "sobreelautor",
        "dejauncomentario",
        // A feedback prompt closing the article ("Was this article helpful?"):
        "wasthishelpful",
        "wasthispagehelpful",
        "wasthisarticlehelpful",
        "wasthearticleuseful",
        "warderartikelnützlich",
        "wardieserartikelhilfreich",
        "wiebewertensiediesenartikel",
        "überdenautor",
        "überdieautorin",
        "kommentare",
        "articlessimilaires",
        "surlemêmesujet",
        "àlireaussi",
        "commentaires",
        "artículosrelacionados",
        "noticiasrelacionadas",
        "comentarios",
        "articolicorrelati",
        "commenti",
        "artigosrelacionados",
        "comentários",
        "podobneartykuły",
        "komentarze",
        "gerelateerdeartikelen",
        "reacties",
        // "Related posts", "Related news", "You may be interested in" and
        // "Your reactions" in more languages. "Read also" ("Lee también",
        // "Leggi anche") heads a box inside the article, so it is a chrome
        // line above, not a trailer.
        "verwandtebeiträge",
        "ähnlichethemen",
        "tepuedeinteresar",
        "notasrelacionadas",
        "articlesliés",
        "vosréactions",
        "potrebbeinteressarti",
        "tipotrebbeinteressare",
        "notíciasrelacionadas",
        "powiązaneartykuły",
        "gerelateerdnieuws",
        "новостипотеме",
        "похожиезаписи",
        "другиестатьи",
    ]
    .into_iter()
    .collect()
});

/// A heading that opens the page's trailer ("Related articles", "Comments",
/// "Ähnliche Beiträge"), with or without a colon.
pub(crate) fn is_trailer_heading(text: &str) -> bool {
    text.chars().count() < 48 && TRAILER_HEADINGS.contains(fold_key(text).as_str())
}

/// Words that stand for a count of one, or none, before a comment word.
const COUNT_WORDS: &[&str] = &[
    "no", "one", "ein", "eine", "un", "une", "uno", "una", "один", "одна", "нет",
];
/// What the readers wrote, as a thread's count names it.
const COMMENT_WORDS: &[&str] = &[
    "comment",
    "comments",
    "response",
    "responses",
    "reply",
    "replies",
    "thought",
    "thoughts",
    "kommentar",
    "kommentare",
    "antwort",
    "antworten",
    "gedanke",
    "gedanken",
    "reaktion",
    "reaktionen",
    "commentaire",
    "commentaires",
    "réponse",
    "réponses",
    "comentario",
    "comentarios",
    "respuesta",
    "respuestas",
    "commento",
    "commenti",
    "comentário",
    "comentários",
    "komentarz",
    "komentarze",
    "reactie",
    "reacties",
    "комментарий",
    "комментария",
    "комментариев",
    "ответ",
    "ответа",
    "ответов",
];
/// Words joining the count to the title it comments on ("12 thoughts on
/// …", "3 Antworten zu …", "5 комментариев к …").
const ON_WORDS: &[&str] = &[
    "to", "on", "for", "zu", "auf", "über", "sur", "à", "a", "en", "op", "di", "per", "do", "на",
    "к",
];
/// A comment count longer than this is a sentence about comments.
const COMMENT_COUNT_MAX_CHARS: usize = 200;

/// A line counting a thread's comments ("12 Comments", "One response to
/// “Title”", "3 Antworten zu „Titel“"). Numbered items ("16. Thought", a
/// brand in a list) and zero counts (a post's "0 Reply" button) are not.
pub(crate) fn is_comment_count(text: &str) -> bool {
    if text.chars().count() > COMMENT_COUNT_MAX_CHARS {
        return false;
    }
    let lower = text.trim_start().to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let [count, what, rest @ ..] = words.as_slice() else {
        return false;
    };
    let spaced = lower
        .strip_prefix(*count)
        .is_some_and(|r| r.starts_with(char::is_whitespace));
    let counted = count.parse::<u32>().is_ok_and(|n| n >= 1) || COUNT_WORDS.contains(count);
    // The title may follow, after a joining word; other words make a
    // sentence ("3 comments so far").
    let then = rest.first().is_none_or(|w| ON_WORDS.contains(w));
    spaced && counted && COMMENT_WORDS.contains(what) && then
}

/// Lines that are chrome wherever they appear ("Share", "Advertisement").
pub(crate) fn is_boilerplate_line(text: &str) -> bool {
    let n = text.chars().count();
    (n < 40 && BOILERPLATE_LINES.contains(fold_key(text).as_str()))
        || (n < COPYRIGHT_MAX_CHARS && is_copyright_line(text))
        || (n < 40 && is_slide_counter(text))
}

/// Words a slideshow names its pictures by in its counter ("Image 3 of 12").
const SLIDE_WORDS: &[&str] = &[
    "image",
    "photo",
    "picture",
    "slide",
    "bild",
    "foto",
    "фото",
    "снимок",
];
/// Words between a counter's place and its total ("3 of 12", "3 von 12").
const SLIDE_OF_WORDS: &[&str] = &["of", "von", "из", "sur", "di"];

/// A slideshow's counter: "Image 3 of 12", "Photo 2/5", "3 of 12". A bare
/// "2/5" is a score or a table's cell, and stays.
fn is_slide_counter(text: &str) -> bool {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let spaced = text.replace('/', " / ").to_lowercase();
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let counts = |place: &str, total: &str| match (place.parse::<u32>(), total.parse::<u32>()) {
        (Ok(place), Ok(total)) => place <= total,
        _ => false,
    };
    match tokens.as_slice() {
        [word, place, of, total] if SLIDE_WORDS.contains(word) => {
            (*of == "/" || SLIDE_OF_WORDS.contains(of)) && counts(place, total)
        }
        [place, of, total] => SLIDE_OF_WORDS.contains(of) && counts(place, total),
        _ => false,
    }
}

/// A copyright notice longer than this is a paragraph about copyright.
const COPYRIGHT_MAX_CHARS: usize = 160;

/// A site's copyright notice: "© 2020 General Mills. All Rights Reserved",
/// "Copyright 2021 …", in the languages of the chrome lines above.
fn is_copyright_line(text: &str) -> bool {
    let t = text.trim_start();
    let lower = t.to_lowercase();
    t.starts_with('©')
        || lower.starts_with("copyright ©")
        || lower.starts_with("(c) ")
        || [
            "all rights reserved",
            "alle rechte vorbehalten",
            "tous droits réservés",
            "todos los derechos reservados",
            "tutti i diritti riservati",
            "todos os direitos reservados",
            "wszelkie prawa zastrzeżone",
            "alle rechten voorbehouden",
            "все права защищены",
        ]
        .iter()
        .any(|notice| lower.trim_end_matches(['.', ' ']).ends_with(notice))
}

/// A block longer than this is article text even when one of its sentences
/// asks the reader to subscribe: only short promotional paragraphs go.
const CALL_TO_ACTION_MAX_CHARS: usize = 400;

/// Openings of sentences that ask the reader to sign up or subscribe ("Sign
/// up for the free daily newsletter.", "Подписывайтесь на наш канал").
const SUBSCRIBE_STARTS: &[&str] = &[
    "sign up for",
    "sign up to",
    "sign up today",
    "sign up now",
    "sign up here",
    "subscribe to",
    "subscribe now",
    "subscribe today",
    "subscribe here",
    "subscribe for",
    "join our newsletter",
    "get our newsletter",
    "подписывайтесь",
    "подпишитесь",
];

/// Openings of a sign-up form's consent line ("By clicking Sign Me Up, you
/// agree to our Terms of Use"); they count only with the agreement in the
/// same sentence, since "By clicking the link, victims …" is reporting.
const CONSENT_STARTS: &[&str] = &[
    "by signing up",
    "by subscribing",
    "by clicking",
    "by submitting",
    "by entering your",
    "by registering",
    "подписываясь",
    "нажимая кнопку",
    "нажимая на кнопку",
];
const CONSENT_WORDS: &[&str] = &[
    "agree",
    "consent",
    "terms",
    "privacy",
    "соглаша",
    "согласие",
];

/// Openings of a sign-up form's confirmation ("Thanks for signing up!").
const SIGNED_UP_STARTS: &[&str] = &[
    "thanks for signing up",
    "thank you for signing up",
    "thanks for subscribing",
    "thank you for subscribing",
    "you're subscribed",
    "you are subscribed",
    "спасибо за подписку",
];

/// Openings of sentences that ask the reader to follow the publisher or the
/// author; they count only when the sentence names a network or a handle
/// ("Follow us on Twitter @…", "Follow him on Instagram").
const FOLLOW_STARTS: &[&str] = &[
    "follow us",
    "follow me",
    "follow him",
    "follow her",
    "follow them",
    "follow @",
    "like us on",
    "join us on",
    "find us on",
    "connect with us",
    "следите за нами",
    "присоединяйтесь к нам",
    "читайте нас",
];

const NETWORKS: &[&str] = &[
    "twitter",
    "facebook",
    "instagram",
    "linkedin",
    "telegram",
    "youtube",
    "tiktok",
    "vk",
    "вконтакте",
    "телеграм",
    "фейсбук",
];

/// A short paragraph holding a sentence that asks the reader to sign up,
/// subscribe or follow: newsletter boxes, "follow us" lines and the social
/// handles closing an author's bio.
pub(crate) fn is_call_to_action(text: &str) -> bool {
    if text.chars().count() > CALL_TO_ACTION_MAX_CHARS {
        return false;
    }
    let lower = text.to_lowercase();
    sentences(&lower).any(|s| {
        let s = s.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '@');
        let social = || {
            s.contains('@')
                || s.split(|c: char| !c.is_alphanumeric())
                    .any(|w| NETWORKS.contains(&w))
        };
        SUBSCRIBE_STARTS.iter().any(|p| s.starts_with(p))
            || SIGNED_UP_STARTS.iter().any(|p| s.starts_with(p))
            || (CONSENT_STARTS.iter().any(|p| s.starts_with(p))
                && CONSENT_WORDS.iter().any(|w| s.contains(w)))
            || (FOLLOW_STARTS.iter().any(|p| s.starts_with(p)) && social())
            // "Click here to download the report" is the article's own
            // link; "Click here to subscribe" is not.
            || (s.starts_with("click here")
                && ["subscribe", "sign up", "newsletter"]
                    .iter()
                    .any(|w| s.contains(w)))
    })
}

/// Sentences of a short text, cut after `.`, `!` or `?` followed by a space.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let cut = rest
            .char_indices()
            .find(|&(i, c)| {
                matches!(c, '.' | '!' | '?') && rest[i + c.len_utf8()..].starts_with(' ')
            })
            .map_or(rest.len(), |(i, c)| i + c.len_utf8());
        let (s, r) = rest.split_at(cut);
        rest = r.trim_start();
        Some(s)
    })
}

/// A short note on how comments are moderated ("Note: we are temporarily
/// moderating all comments", "Comentários … não serão aprovados pelo
/// moderador"): the comment form's furniture.
pub(crate) fn is_comment_policy(text: &str) -> bool {
    if text.chars().count() > 200 {
        return false;
    }
    let lower = text.to_lowercase();
    ["comment", "comentári", "comentari", "коммент"]
        .iter()
        .any(|w| lower.contains(w))
        && ["moderat", "moderad", "модер"]
            .iter()
            .any(|w| lower.contains(w))
}

/// A picture's caption ending in its credit in brackets ("… four RS-25
/// engines. (credit: NASA/Jude Guidry)").
pub(crate) fn is_credited_caption(text: &str) -> bool {
    let t = text.trim_end();
    if t.chars().count() > 300 || !t.ends_with(')') {
        return false;
    }
    let Some(open) = t.rfind('(') else {
        return false;
    };
    let inner = t[open + 1..].trim_start().to_lowercase();
    [
        "credit:",
        "credits:",
        "photo:",
        "photo credit:",
        "image:",
        "image credit:",
        "фото:",
    ]
    .iter()
    .any(|p| inner.starts_with(p))
        || is_agency_credit(inner.trim_end_matches(')'))
}

/// A news agency's picture credit as captions end ("(AP Photo/Jane Doe)",
/// "(NASA via AP, File)", "(Getty Images)").
fn is_agency_credit(inner: &str) -> bool {
    const AGENCIES: &[&str] = &[
        "ap",
        "afp",
        "reuters",
        "epa",
        "getty images",
        "tass",
        "ria novosti",
    ];
    let inner = inner.trim_end_matches(", file").trim();
    inner.starts_with("ap photo")
        || inner.starts_with("photo by ")
        || AGENCIES.iter().any(|a| {
            inner == *a
                || inner
                    .strip_suffix(a)
                    .is_some_and(|rest| rest.ends_with(" via ") || rest.ends_with('/'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agency_picture_credits_end_a_caption() {
        for caption in [
            "Astronauts during a space walk. (NASA via AP, File)",
            "The minister in Almaty on Monday. (AP Photo/Jane Doe)",
            "Protesters outside the court. (Getty Images)",
        ] {
            assert!(is_credited_caption(caption), "{caption:?}");
        }
        for text in [
            "The agency said so in a statement (via AP).",
            "He was released on bail (a rare decision in such cases)",
        ] {
            assert!(!is_credited_caption(text), "{text:?}");
        }
    }

    #[test]
    fn copyright_notices_are_chrome_and_prose_about_copyright_is_not() {
        for line in [
            "© 2020 ®/TM General Mills All Rights Reserved",
            "Copyright © 2021 Example Media",
            "Alle Rechte vorbehalten.",
            "© ТОО «Бюро», 2024. Все права защищены",
        ] {
            assert!(is_boilerplate_line(line), "{line:?}");
        }
        for line in [
            "The court ruled that the photographs, although published without a notice, were \
             protected, and that the agency had kept all rights reserved by its contract with \
             the photographer, so the newspaper owed damages.",
            "Copyright law was amended in 2021.",
        ] {
            assert!(!is_boilerplate_line(line), "{line:?}");
        }
    }

    #[test]
    fn a_slideshows_counter_is_chrome_and_a_score_is_not() {
        for line in [
            "Image 1 of 13",
            "Photo 2/5",
            "3 of 12",
            "Bild 4 von 9",
            "Фото 2 из 7",
        ] {
            assert!(is_boilerplate_line(line), "{line:?}");
        }
        for line in [
            "2/5",
            "23/16",
            "Image 14 of 7",
            "1 of 3 judges dissented",
            "Top 10 of 2024",
        ] {
            assert!(!is_boilerplate_line(line), "{line:?}");
        }
    }

    #[test]
    fn boilerplate_lines_in_other_languages() {
        for line in [
            "Weiterlesen »",
            "Lire la suite",
            "Zobacz także:",
            "Gefällt mir",
            "Artículos relacionados",
            "Das könnte Sie auch interessieren",
            "Nach oben ↑",
            "Teilen",
            "Pin it",
            "Kommentieren",
            "Externer Inhalt",
        ] {
            assert!(is_boilerplate_line(line), "{line:?}");
        }
        // A sentence or a heading using the word is text.
        for line in ["Die Regierung will teilen.", "Kommentare zum Urteil"] {
            assert!(!is_boilerplate_line(line), "{line:?}");
        }
    }

    #[test]
    fn comment_counts_are_told_from_numbered_items_and_sentences() {
        for count in [
            "12 Comments",
            "One response to “Activist sentenced”",
            "3 Antworten zu „Urlaub im Winter“",
            "2 thoughts on \"Supermarket\"",
            "5 комментариев к записи",
            "1 Reply",
        ] {
            assert!(is_comment_count(count), "{count}");
        }
        for not in [
            "16. Thought",
            "0 Reply",
            "3 comments so far",
            "Comments",
            "12 Comments and 4 shares on a story that the whole town read",
        ] {
            assert!(!is_comment_count(not), "{not}");
        }
    }

    #[test]
    fn related_headings_and_feedback_prompts_open_the_trailer() {
        sorts(
            is_trailer_heading,
            &[
                "Das könnte Dich auch interessieren:",
                "Auch interessant",
                "War der Artikel nützlich?",
                "Was this article helpful?",
                "Related reads",
                "You might like",
                "Recommended posts",
                "Zum Weiterlesen",
                "Mehr Themen:",
                "Weitere Informationen",
                "Schon gelesen?",
                "Dans la même rubrique",
                "Últimas noticias",
                "Verwandte Beiträge",
                "Articles liés",
                "Vos réactions",
                "Te puede interesar",
                "Notícias relacionadas",
                "Powiązane artykuły",
                "Новости по теме",
            ],
            &[
                "Auch interessant ist die Rolle der Gerichte",
                "Mehr Themen als je zuvor auf der Tagesordnung",
                "Weitere Informationen finden Sie im Bericht",
                "Was this helpful to the defence?",
            ],
        );
    }

    /// `says` holds for every line of `yes` and for none of `no`.
    fn sorts(says: fn(&str) -> bool, yes: &[&str], no: &[&str]) {
        for line in yes {
            assert!(says(line), "{line:?} should be read as one");
        }
        for line in no {
            assert!(!says(line), "{line:?} should not be read as one");
        }
    }

    #[test]
    fn contents_toggles_and_placeholders_are_chrome_and_headings_about_them_are_not() {
        sorts(
            is_boilerplate_line,
            &[
                "Table of Contents",
                "In this article",
                "Inhaltsverzeichnis",
                "Содержание",
                "Loading...",
                "Sponsored",
            ],
            &[
                "The contents of the report",
                "Loading the ferry took four hours.",
                "Sponsored by the state, the trial went ahead",
            ],
        );
    }

    #[test]
    fn a_shops_buttons_and_badges_are_chrome_lines_and_sentences_using_them_are_not() {
        sorts(
            is_boilerplate_line,
            &[
                "Compare",
                "Add to cart",
                "Best Seller",
                "New Arrival",
                "Free shipping",
                "View all",
                "Sort by:",
            ],
            &[
                "Compare the two reports",
                "Free shipping of aid was blocked at the border.",
            ],
        );
    }

    #[test]
    fn a_forums_ranks_and_labels_are_chrome_lines() {
        sorts(
            is_boilerplate_line,
            &[
                "Senior Member",
                "New member",
                "Messages",
                "Reaction score",
                "Points",
                "Author",
                "Your Answer",
                "Sign in",
                "Register",
                "Anmelden",
                "Open in app",
                "Results per page:",
            ],
            &[
                "A member of the commission",
                "The author was detained.",
                "Points of order",
            ],
        );
    }

    #[test]
    fn forum_counters_are_chrome_and_sentences_about_posts_are_not() {
        sorts(
            is_counter_line,
            &[
                "1,204 posts",
                "Joined: Mar 2019",
                "Joined",
                "12 likes",
                "Posts: 87",
                "Edited 3 May",
                "Beiträge: 512",
                "Сообщений: 1 024",
                "answered Feb 3, 2024 at 10:12",
                "asked 2 days ago",
            ],
            &[
                "Posts",
                "He joined in 2019.",
                "The agency posts 300 statements a year on its site",
                "5 things we like",
            ],
        );
    }

    #[test]
    fn calls_to_action() {
        for t in [
            "Start your day with our briefing. Sign up for the free daily newsletter.",
            "Mike's book is out now. Follow him on Twitter @mike. Follow us on Facebook.",
            "Follow @BGRDeals on Twitter to keep up with the latest deals.",
            "Click here to subscribe to The Paradigm Newsletter",
            "Подписывайтесь на наш канал в Telegram.",
            "Следите за нами во ВКонтакте.",
            "By clicking Sign Me Up, you confirm you are 16+ and agree to our Terms of Use.",
            "Thanks for signing up!",
            "Нажимая кнопку, вы соглашаетесь с политикой конфиденциальности.",
        ] {
            assert!(is_call_to_action(t), "{t:?}");
        }
        for t in [
            "By clicking the link, victims installed the spyware on their phones.",
            "Follow the money, he said on Twitter.",
            "Join us on 5 May at the rally outside the court.",
            "Click here to download the full report.",
            "The minister told reporters to subscribe to his channel, which critics called propaganda, \
             and the court ordered the newspaper closed. Sign up for the free daily newsletter. "
                .repeat(4)
                .as_str(),
        ] {
            assert!(!is_call_to_action(t), "{t:?}");
        }
    }

    #[test]
    fn comment_policies_and_captions() {
        assert!(is_comment_policy(
            "ATENÇÃO: Comentários com textos ininteligíveis não serão aprovados pelo moderador."
        ));
        assert!(!is_comment_policy(
            "The platform said it had hired more moderators to remove hateful posts."
        ));
        assert!(is_credited_caption(
            "The core stage at Michoud. (credit: NASA/Jude Guidry)"
        ));
        assert!(is_credited_caption("Protesters in Almaty (Photo: Reuters)"));
        assert!(!is_credited_caption(
            "The fund gave the group a grant (credited to its 2019 budget)"
        ));
    }
}
