//! What opens the page's trailer: a heading such as "Related articles" or
//! "Comments", or a count of the comments.

use super::fold_key;
use std::collections::HashSet;
use std::sync::LazyLock;

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
        // Left out, since each heads a box inside an article or a part of
        // a listing as often as a trailer: "Recommended reading", "Related
        // topics", "Keep reading", "Up next", "Most read".
        "relatedproducts",
        "relatedarticlesthatmayinterestyou",
        "readthisnext",
        "readnext",
        "whattoreadnext",
        "moretoread",
        "morelikethis",
        "morearticles",
        "morearticleslikethis",
        "morepostslikethis",
        "morefromthisauthor",
        "morefromtheauthor",
        "morebythisauthor",
        "youmayalsoenjoy",
        "youmightalsoenjoy",
        "latestinsights",
        "trendingnow",
        "popularposts",
        "populararticles",
        "mostpopular",
        "editorspicks",
        "morestories",
        "morenews",
        "latestnews",
        "latestarticles",
        "latestposts",
        "recentposts",
        "abouttheauthor",
        "abouttheauthors",
        "aboutthewriter",
        "authorbio",
        "writtenby",
        "reviewedby",
        "contributingwriter",
        "meettheauthor",
        "meetyourguide",
        "meetthetesters",
        "meettheexpert",
        "meettheexperts",
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
        // line (`lines`), not a trailer.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::boilerplate::sorts;

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
                "Read this next",
                "More from the author",
                "Editor's picks",
                "Meet the testers",
                "Reviewed by",
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
}
