//! Stop words: the Snowball lists for English and Russian, minus numerals
//! (numbers carry meaning in press releases: "two activists", "три года").
//!
//! Stop words are dropped from the index but keep their position, so a
//! quoted phrase that contains one still matches.

use pressroom_model::Lang;
use std::collections::HashSet;
use std::sync::LazyLock;

const ENGLISH: &str = "i me my myself we our ours ourselves you your yours yourself yourselves \
he him his himself she her hers herself it its itself they them their theirs themselves what which \
who whom this that these those am is are was were be been being have has had having do does did \
doing would should could ought a an the and but if or because as until while of at by for with \
about against between into through during before after above below to from up down in out on off \
over under again further then once here there when where why how all any both each few more most \
other some such no nor not only own same so than too very s t";

const RUSSIAN: &str = "и в во не что он на я с со как а то все она так его но да ты к у же вы за бы \
по только ее мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть \
был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для \
мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому этого \
какой совсем ним здесь этом почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при \
наконец об другой хоть после над больше тот через эти нас про всего них какая много разве эту моя \
впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю между";

static EN: LazyLock<HashSet<&'static str>> = LazyLock::new(|| ENGLISH.split_whitespace().collect());
static RU: LazyLock<HashSet<&'static str>> = LazyLock::new(|| RUSSIAN.split_whitespace().collect());

/// Whether the folded (lowercase, `ё`→`е`) word is a stop word of `lang`.
/// Languages without a list have no stop words.
pub fn is_stop_word(folded: &str, lang: Lang) -> bool {
    match lang {
        Lang::En => EN.contains(folded),
        Lang::Ru => RU.contains(folded),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_hold_function_words_not_numerals() {
        assert!(is_stop_word("the", Lang::En));
        assert!(is_stop_word("еще", Lang::Ru), "ё-folded form is listed");
        assert!(!is_stop_word("torture", Lang::En));
        assert!(!is_stop_word("два", Lang::Ru));
        assert!(!is_stop_word("the", Lang::Ru));
    }
}
