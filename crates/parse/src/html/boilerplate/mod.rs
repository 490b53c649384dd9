//! Lines that are chrome whatever element holds them, one kind a module:
//! [`lines`] (share and print labels, buttons, copyright notices),
//! [`counters`] (a forum's counters beside each post), [`trailer`] (what
//! opens the page's trailer), [`calls`] (calls to subscribe or follow,
//! comment policies), [`captions`] (photo credits).

mod calls;
mod captions;
mod counters;
mod lines;
mod trailer;

pub(crate) use calls::{is_call_to_action, is_comment_policy};
pub(crate) use captions::is_credited_caption;
pub(crate) use counters::is_counter_line;
pub(crate) use lines::is_boilerplate_line;
pub(crate) use trailer::{is_comment_count, is_trailer_heading};

/// Lower-cased text with only letters and digits, for comparing headlines and
/// stop lines regardless of punctuation and spacing.
pub(crate) fn fold_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// `says` holds for every line of `yes` and for none of `no`.
#[cfg(test)]
fn sorts(says: fn(&str) -> bool, yes: &[&str], no: &[&str]) {
    for line in yes {
        assert!(says(line), "{line:?} should be read as one");
    }
    for line in no {
        assert!(!says(line), "{line:?} should not be read as one");
    }
}
