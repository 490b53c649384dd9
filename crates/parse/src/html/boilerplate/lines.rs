//! Short lines that are chrome by their words: share and print labels,
//! shop and forum buttons, copyright notices, a slideshow's counter.

use super::fold_key;
use std::collections::HashSet;
use std::sync::LazyLock;

/// Whole lines of chrome, folded by [`fold_key`].
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::boilerplate::sorts;

    #[test]
    fn copyright_notices_are_chrome_and_prose_about_copyright_is_not() {
        sorts(
            is_boilerplate_line,
            &[
                "© 2020 ®/TM General Mills All Rights Reserved",
                "Copyright © 2021 Example Media",
                "Alle Rechte vorbehalten.",
                "© ТОО «Бюро», 2024. Все права защищены",
            ],
            &[
                "The court ruled that the photographs, although published without a notice, were \
                 protected, and that the agency had kept all rights reserved by its contract \
                 with the photographer, so the newspaper owed damages.",
                "Copyright law was amended in 2021.",
            ],
        );
    }

    #[test]
    fn a_slideshows_counter_is_chrome_and_a_score_is_not() {
        sorts(
            is_boilerplate_line,
            &[
                "Image 1 of 13",
                "Photo 2/5",
                "3 of 12",
                "Bild 4 von 9",
                "Фото 2 из 7",
            ],
            &[
                "2/5",
                "23/16",
                "Image 14 of 7",
                "1 of 3 judges dissented",
                "Top 10 of 2024",
            ],
        );
    }

    #[test]
    fn boilerplate_lines_in_other_languages() {
        // A sentence or a heading using the word is text.
        sorts(
            is_boilerplate_line,
            &[
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
            ],
            &["Die Regierung will teilen.", "Kommentare zum Urteil"],
        );
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
}
