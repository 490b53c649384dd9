//! Calls to subscribe, follow or consent, and the comment form's
//! moderation note.

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
    // German, French, Spanish, Italian, Portuguese and Polish.
    "jetzt newsletter",
    "newsletter abonnieren",
    "jetzt abonnieren",
    "abonnieren sie",
    "abonniere unseren",
    "abonniere den",
    "melden sie sich für",
    "melden sie sich jetzt",
    "melde dich für",
    "melde dich jetzt",
    "kostenlos zum newsletter",
    "zum newsletter anmelden",
    "abonnez-vous",
    "inscrivez-vous à",
    "inscrivez-vous dès",
    "suscríbete",
    "suscríbase",
    "suscribite",
    "iscriviti alla",
    "iscriviti ora",
    "assine a nossa",
    "assine nossa",
    "inscreva-se",
    "zapisz się",
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
    "mit der anmeldung",
    "mit ihrer anmeldung",
    "mit dem absenden",
    "mit dem klick auf",
    "en vous inscrivant",
    "en cliquant sur",
    "al suscribirte",
    "al suscribirse",
    "al hacer clic",
    "подписываясь",
    "нажимая кнопку",
    "нажимая на кнопку",
];
const CONSENT_WORDS: &[&str] = &[
    "agree",
    "consent",
    "terms",
    "privacy",
    "datenschutz",
    "einverstanden",
    "einwilligung",
    "confidentialité",
    "acceptez",
    "privacidad",
    "aceptas",
    "acepta",
    "соглаша",
    "согласие",
];

/// Openings of a sign-up form's confirmation ("Thanks for signing up!").
const SIGNED_UP_STARTS: &[&str] = &[
    "thanks for signing up",
    "thank you for signing up",
    "thanks for subscribing",
    "thank you for subscribing",
    "danke für deine anmeldung",
    "danke für ihre anmeldung",
    "vielen dank für ihre anmeldung",
    "merci pour votre inscription",
    "gracias por suscribirte",
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
    "folgen sie uns",
    "folge uns",
    "folgt uns",
    "suivez-nous",
    "síguenos",
    "seguici",
    "siga-nos",
    "obserwuj nas",
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

#[cfg(test)]
mod tests {
    use super::*;

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
            "Nichts Neues verpassen! - Newsletter abonnieren",
            "Abonnieren Sie jetzt unseren Newsletter.",
            "Folgen Sie uns auf Twitter",
            "Mit der Anmeldung erklären Sie sich mit der Datenschutzerklärung einverstanden.",
            "Abonnez-vous à notre lettre d'information.",
            "Los comentarios son exclusivos para suscriptores. Suscríbase aquí.",
            "O conhecimento liberta. Siga-nos no Telegram.",
        ] {
            assert!(is_call_to_action(t), "{t:?}");
        }
        for t in [
            "By clicking the link, victims installed the spyware on their phones.",
            "Follow the money, he said on Twitter.",
            "Join us on 5 May at the rally outside the court.",
            "Click here to download the full report.",
            "Folgen Sie uns durch die Altstadt bis zum Dom.",
            "En cliquant sur le lien, les victimes ont installé le logiciel espion.",
            "The minister told reporters to subscribe to his channel, which critics called propaganda, \
             and the court ordered the newspaper closed. Sign up for the free daily newsletter. "
                .repeat(4)
                .as_str(),
        ] {
            assert!(!is_call_to_action(t), "{t:?}");
        }
    }

    #[test]
    fn comment_policies() {
        assert!(is_comment_policy(
            "ATENÇÃO: Comentários com textos ininteligíveis não serão aprovados pelo moderador."
        ));
        assert!(!is_comment_policy(
            "The platform said it had hired more moderators to remove hateful posts."
        ));
    }
}
