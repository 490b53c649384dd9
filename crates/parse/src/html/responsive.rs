//! What a desktop window, 1,280 pixels wide, shows of an element, read from
//! its responsive display classes. Sites ship a copy of a part for each
//! screen size and let the stylesheet pick one; a page's gold is what a
//! reader sees on a desktop, so the copies for narrow screens are not its
//! text, and a part hidden only on phones is.
//!
//! Three families of names are read, each by the breakpoints its framework
//! documents:
//! - width variants, where the widest one applying decides: Tailwind's
//!   (`hidden lg:block`, `md:hidden`) and Bootstrap's display classes
//!   (`d-none d-lg-block`, `d-md-none`);
//! - a device with a word that hides or shows: Bootstrap 3 (`hidden-xs`,
//!   `visible-sm-block`), Elementor (`elementor-hidden-mobile`) and many
//!   themes (`mobile-only`, `hide-on-desktop`), each device a range of
//!   widths;
//! - the same with a size that runs upwards unless `only` bounds it:
//!   Foundation (`show-for-small-only`, `hide-for-large`) and Bulma
//!   (`is-hidden-touch`, `is-hidden-desktop-only`).

/// The desktop width the page is read at.
const DESKTOP: u32 = 1280;

/// Whether the element's responsive classes show it (`Some(true)`) or hide
/// it (`Some(false)`) at a desktop's width; `None` when none decides (a
/// plain `hidden` or `d-none` is left to the chrome words). A hiding
/// device class wins over a showing one, as it would in the stylesheet.
pub(crate) fn shown_at_desktop_width(el: &scraper::node::Element) -> Option<bool> {
    let class = el.attr("class").filter(|c| may_decide(c))?;
    let mut variant: Option<(u8, bool)> = None;
    let mut device: Option<bool> = None;
    for name in class.split_whitespace() {
        if let Some((rank, shown)) = width_variant(name) {
            // The widest applicable variant wins, as in the stylesheet's order.
            if variant.is_none_or(|(r, _)| rank >= r) {
                variant = Some((rank, shown));
            }
        } else if let Some(shown) = device_class(name) {
            device = Some(device.unwrap_or(true) && shown);
        }
    }
    let variant = variant.and_then(|(rank, shown)| (rank > 0).then_some(shown));
    match (device, variant) {
        (Some(false), _) => Some(false),
        (_, Some(shown)) => Some(shown),
        (device, None) => device,
    }
}

/// Whether a class attribute holds what every name read here holds: a
/// width variant's `:` or leading `d-`, or a word that hides or shows. One
/// pass over the bytes, as it runs on every element of a page.
fn may_decide(class: &str) -> bool {
    let b = class.as_bytes();
    (0..b.len()).any(|i| {
        let at = |word: &[u8]| {
            b[i..]
                .get(..word.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(word))
        };
        match b[i].to_ascii_lowercase() {
            b':' => true,
            b'd' => (i == 0 || b[i - 1].is_ascii_whitespace()) && b.get(i + 1) == Some(&b'-'),
            b'h' => at(b"hid"),
            b'v' => at(b"visible"),
            b's' => at(b"show"),
            b'o' => at(b"only"),
            _ => false,
        }
    })
}

/// Whether a class name (as its lower-cased words) is one of the device
/// classes read here: it states where the element shows, not what it is,
/// so its `hidden` is no chrome word.
pub(crate) fn is_device_class(words: &[String]) -> bool {
    device_words(words.iter().map(String::as_str)).is_some()
}

/// Breakpoint rank and display of a width variant (`lg:hidden`,
/// `d-md-block`, the plain `hidden` and `d-none` at rank 0); `None` for any
/// other name, or a breakpoint wider than a desktop (`2xl:`, `d-xxl-`).
fn width_variant(name: &str) -> Option<(u8, bool)> {
    let (width, display) = match name.rsplit_once(':') {
        Some((width, utility)) => (width, tailwind_display(utility)?),
        None => {
            let rest = name.strip_prefix("d-")?;
            match rest.split_once('-') {
                Some((width, display)) => (width, bootstrap_display(display)?),
                None => ("", bootstrap_display(rest)?),
            }
        }
    };
    let rank = match width {
        "" => 0,
        "sm" => 1,
        "md" => 2,
        "lg" => 3,
        "xl" => 4,
        _ => return None,
    };
    Some((rank, display))
}

fn tailwind_display(utility: &str) -> Option<bool> {
    match utility {
        "hidden" => Some(false),
        "block" | "flex" | "grid" | "inline" | "inline-block" | "inline-flex" | "table"
        | "contents" => Some(true),
        _ => None,
    }
}

fn bootstrap_display(display: &str) -> Option<bool> {
    match display {
        "none" => Some(false),
        "block" | "flex" | "grid" | "inline" | "inline-block" | "inline-flex" | "table"
        | "table-cell" | "table-row" | "contents" => Some(true),
        _ => None,
    }
}

/// What a device class says of a desktop: `Some(true)` shown, `Some(false)`
/// hidden, `None` for any other name. Cheap for the common name, which
/// holds none of the words that hide or show.
fn device_class(name: &str) -> Option<bool> {
    if name.len() > 40 || !may_decide(name) {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    device_words(lower.split(['-', '_']).filter(|w| !w.is_empty()))
}

/// The device class a name's words make, read as in the module's doc.
fn device_words<'w>(words: impl Iterator<Item = &'w str>) -> Option<bool> {
    let (mut hides, mut shows, mut only, mut upwards) = (false, false, false, false);
    let mut device = None;
    for w in words {
        match w {
            "hidden" | "hide" => hides = true,
            "visible" | "show" => shows = true,
            "only" => only = true,
            // Foundation's `show-for-`, Bulma's `is-hidden-`: sizes run up.
            "for" | "is" => upwards = true,
            "elementor" | "on" | "block" | "inline" | "flex" => {}
            _ if device.is_none() && DEVICES.iter().any(|(d, ..)| *d == w) => device = Some(w),
            _ => return None,
        }
    }
    let device = device?;
    let &(_, from, named, bounded) = DEVICES.iter().find(|(d, ..)| *d == device)?;
    if hides == shows && !only {
        return None;
    }
    // With `for` or `is` a size runs up from its lower bound, unless `only`
    // keeps it to its range or it names screens below a width (Bulma's
    // `mobile` and `touch`); elsewhere `only` is a word that shows.
    let to = match (upwards, only) {
        (true, true) => bounded,
        (true, false) if !matches!(device, "mobile" | "touch") => u32::MAX,
        _ => named,
    };
    let at_desktop = (from..=to).contains(&DESKTOP);
    Some(if hides { !at_desktop } else { at_desktop })
}

/// Devices and the widths they name, in pixels (from, to, and to when
/// `only` bounds a size that runs up): Bootstrap 3's and most themes'
/// devices, then Foundation's sizes; Bulma's names share the themes'.
const DEVICES: &[(&str, u32, u32, u32)] = &[
    ("xs", 0, 767, 767),
    ("sm", 768, 991, 991),
    ("md", 992, 1199, 1199),
    ("lg", 1200, u32::MAX, u32::MAX),
    ("mobile", 0, 768, 768),
    ("phone", 0, 767, 767),
    ("touch", 0, 1023, 1023),
    ("tablet", 769, 1023, 1023),
    ("desktop", 1024, u32::MAX, 1215),
    ("widescreen", 1216, u32::MAX, 1407),
    ("small", 0, 639, 639),
    ("medium", 640, 1023, 1023),
    ("large", 1024, 1199, 1199),
    ("xlarge", 1200, 1439, 1439),
];

#[cfg(test)]
mod tests {
    use super::shown_at_desktop_width;
    use crate::html::parse_document;

    fn shown(class: &str) -> Option<bool> {
        let doc = parse_document(&format!(r#"<div class="{class}">x</div>"#));
        let div = doc.tree.nodes().find_map(|n| {
            n.value()
                .as_element()
                .filter(|e| e.name() == "div")
                .cloned()
        });
        shown_at_desktop_width(&div.expect("a div"))
    }

    #[test]
    fn the_widest_width_variant_up_to_xl_decides() {
        assert_eq!(shown("hidden lg:block"), Some(true));
        assert_eq!(shown("block md:hidden"), Some(false));
        assert_eq!(shown("hidden sm:flex xl:hidden"), Some(false));
        assert_eq!(shown("d-none d-lg-block"), Some(true));
        assert_eq!(shown("d-block d-md-none"), Some(false));
        assert_eq!(shown("d-flex d-sm-none d-xl-flex"), Some(true));
        // Beyond a desktop's width, or not a width at all: undecided.
        assert_eq!(shown("hidden 2xl:block"), None);
        assert_eq!(shown("d-none d-xxl-block"), None);
        assert_eq!(shown("dark:hidden print:block"), None);
        assert_eq!(shown("hidden"), None);
        assert_eq!(shown("d-none"), None);
        assert_eq!(shown("article-body"), None);
    }

    #[test]
    fn device_classes_say_what_a_desktop_shows() {
        // Copies for narrow screens.
        for class in [
            "visible-xs",
            "visible-sm-block",
            "mobile-only",
            "show-mobile",
            "hidden-lg",
            "hide-on-desktop",
            "elementor-hidden-desktop",
            "show-for-small-only",
            "hide-for-large",
            "hide-for-small",
            "is-hidden-desktop",
            "is-hidden-tablet",
            "is-hidden-widescreen-only",
            "text-center hidden-md hidden-lg",
        ] {
            assert_eq!(shown(class), Some(false), "{class}");
        }
        // Parts hidden on narrow screens only, or shown on a desktop.
        for class in [
            "hidden-xs",
            "hidden-xs hidden-sm",
            "hidden-mobile",
            "elementor-hidden-mobile elementor-hidden-tablet",
            "desktop-only",
            "visible-lg",
            "show-for-medium",
            "show-for-small",
            "hide-for-small-only",
            "is-hidden-touch",
            "is-hidden-desktop-only",
        ] {
            assert_eq!(shown(class), Some(true), "{class}");
        }
        // A hiding device class wins; names that only hold a device word
        // say nothing.
        assert_eq!(shown("hidden-xs visible-sm"), Some(false));
        for class in [
            "mobile-menu",
            "menu-hidden",
            "tablet",
            "only-child",
            "hidden",
        ] {
            assert_eq!(shown(class), None, "{class}");
        }
    }
}
