//! The writing system of a text or a language tag, told apart by code
//! point: enough to see that a block is not in the page's language.

/// Writing systems, told apart cheaply by code point: enough to see that a
/// block is not in the page's language without detecting languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Script {
    Latin,
    Cyrillic,
    Greek,
    Arabic,
    Hebrew,
    Devanagari,
    Cjk,
    Hangul,
    Thai,
    Other,
}

fn script_of_char(c: char) -> Script {
    match c as u32 {
        0x41..=0x5a | 0x61..=0x7a | 0xc0..=0x24f | 0x1e00..=0x1eff => Script::Latin,
        0x370..=0x3ff | 0x1f00..=0x1fff => Script::Greek,
        0x400..=0x52f => Script::Cyrillic,
        0x590..=0x5ff => Script::Hebrew,
        0x600..=0x6ff | 0x750..=0x77f | 0xfb50..=0xfdff | 0xfe70..=0xfeff => Script::Arabic,
        0x900..=0x97f => Script::Devanagari,
        0xe00..=0xe7f => Script::Thai,
        0x3040..=0x30ff | 0x3400..=0x9fff | 0xf900..=0xfaff => Script::Cjk,
        0xac00..=0xd7af | 0x1100..=0x11ff => Script::Hangul,
        _ => Script::Other,
    }
}

/// The script of most of a text's letters (`None` without letters).
pub(super) fn dominant_script(text: &str) -> Option<Script> {
    const ALL: [Script; 10] = [
        Script::Latin,
        Script::Cyrillic,
        Script::Greek,
        Script::Arabic,
        Script::Hebrew,
        Script::Devanagari,
        Script::Cjk,
        Script::Hangul,
        Script::Thai,
        Script::Other,
    ];
    let mut counts = [0usize; ALL.len()];
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        counts[script_of_char(c) as usize] += 1;
    }
    let (i, &n) = counts.iter().enumerate().max_by_key(|&(_, n)| *n)?;
    (n > 0).then_some(ALL[i])
}

/// The script a language tag (`en`, `ar-EG`, `ru_RU`) is written in.
pub(super) fn script_of_lang(tag: &str) -> Option<Script> {
    let tag = tag.trim().to_ascii_lowercase();
    let primary = tag.split(['-', '_']).next().unwrap_or("");
    Some(match primary {
        "ru" | "uk" | "be" | "bg" | "kk" | "ky" | "mk" | "mn" | "tg" | "sr" => Script::Cyrillic,
        "ar" | "fa" | "ur" | "ps" => Script::Arabic,
        "he" | "yi" => Script::Hebrew,
        "el" => Script::Greek,
        "hi" | "mr" | "ne" => Script::Devanagari,
        "zh" | "ja" => Script::Cjk,
        "ko" => Script::Hangul,
        "th" => Script::Thai,
        "" => return None,
        p if p.len() == 2 || p.len() == 3 => Script::Latin,
        _ => return None,
    })
}
