//! A forum's counters beside each post ("1,204 posts", "Joined: Mar 2019").

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::boilerplate::sorts;

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
}
