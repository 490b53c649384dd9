//! Pages streamed by React: parts of the page arrive after the shell.
//!
//! A server that streams (React's `renderToPipeableStream`, Next.js's app
//! router) first sends the page with a placeholder where each slow part
//! goes, then each part hidden at the end of the body, and a one-line
//! script that moves it into its place: `<template id="B:0">` followed by a
//! fallback ("Loading…") up to the boundary's closing `<!--/$-->`, filled
//! by `<div hidden id="S:0">` (`$RC("B:0","S:0")`), or a bare
//! `<template id="P:1">` filled by `<div hidden id="S:1">`
//! (`$RS("S:1","P:1")`). A reader sees each part in its place, in the
//! article, and no fallback; so the page is read with the moves made. The
//! page's own calls pair parts with places; without them (a runtime that
//! moves parts otherwise), a part and its place share their number.

use ego_tree::NodeId;
use scraper::{Html, Node};
use std::collections::{HashMap, HashSet};

/// Whether a page's markup may hold a streamed part (`id="S:`, quoted or
/// not): one fast scan of the text before the tree is walked, as most
/// pages hold none.
pub(crate) fn may_hold_parts(html: &str) -> bool {
    let bytes = html.as_bytes();
    memchr::memmem::find_iter(bytes, b"S:").any(|at| {
        let before = &bytes[..at];
        let before = before
            .strip_suffix(b"\"")
            .or_else(|| before.strip_suffix(b"'"))
            .unwrap_or(before);
        before.ends_with(b"id=")
    })
}

/// Moves each streamed part into its placeholder, dropping the placeholder
/// and a boundary's fallback. A part whose placeholder is missing, or lies
/// inside the part itself (no browser would run that move), stays where it
/// is, read as a streamed segment ([`super::blocks::is_streamed_segment`]).
pub(crate) fn place_streamed_parts(doc: &mut Html) {
    let mut parts: HashMap<&str, NodeId> = HashMap::new();
    let mut places: Vec<(NodeId, &str, &str)> = Vec::new();
    // Place (`B:0`, `P:2`) → part number, from the page's `$RC`/`$RS` calls.
    let mut calls: HashMap<String, String> = HashMap::new();
    for node in doc.tree.root().descendants() {
        if let Some(t) = node.value().as_text()
            && node
                .parent()
                .and_then(|p| p.value().as_element())
                .is_some_and(|e| e.name() == "script")
        {
            read_calls(t, &mut calls);
            continue;
        }
        let Some(el) = node.value().as_element() else {
            continue;
        };
        let Some((kind, number)) = el.attr("id").and_then(streaming_id) else {
            continue;
        };
        match (el.name(), kind) {
            ("div", "S") if el.attr("hidden").is_some() => {
                parts.entry(number).or_insert(node.id());
            }
            ("template", "B" | "P") => places.push((node.id(), kind, number)),
            _ => {}
        }
    }
    if parts.is_empty() || places.is_empty() {
        return;
    }
    let mut moves: Vec<(NodeId, NodeId, Vec<NodeId>)> = Vec::new();
    let mut used: HashSet<NodeId> = HashSet::new();
    for (place, kind, number) in places {
        let paired = calls
            .get(&format!("{kind}:{number}"))
            .map(String::as_str)
            .unwrap_or(number);
        let Some(&part) = parts.get(paired) else {
            continue;
        };
        if !placeable(doc, place, part) || !used.insert(part) {
            continue;
        }
        let fallback = match doc.tree.get(place) {
            Some(place_node) if kind == "B" => boundary_fallback(place_node),
            _ => Vec::new(),
        };
        moves.push((place, part, fallback));
    }
    // Strings borrowed from the tree end here; the moves change it.
    for (place, part, fallback) in moves {
        // An earlier move may have carried this place into a part that is
        // itself moved later, which is fine, but never into this part, and
        // an earlier fallback may have taken it out of the page.
        if !placeable(doc, place, part) {
            continue;
        }
        let children: Vec<NodeId> = doc
            .tree
            .get(part)
            .map(|p| p.children().map(|c| c.id()).collect())
            .unwrap_or_default();
        if let Some(mut place_mut) = doc.tree.get_mut(place) {
            for child in children {
                place_mut.insert_id_before(child);
            }
        }
        for id in fallback.into_iter().chain([place, part]) {
            if let Some(mut node) = doc.tree.get_mut(id) {
                node.detach();
            }
        }
    }
}

/// The kind and number of a streaming id (`S:1f`, `B:0`, `P:2`), numbered
/// in hexadecimal.
pub(crate) fn streaming_id(id: &str) -> Option<(&str, &str)> {
    id.split_once(':')
        .filter(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Whether `part` can fill `place`: the place is in the page (not in a
/// fallback already dropped) and not inside the part, which no browser
/// would move into itself. One walk up from the place.
fn placeable(doc: &Html, place: NodeId, part: NodeId) -> bool {
    let Some(node) = doc.tree.get(place) else {
        return false;
    };
    let mut top = place;
    for a in node.ancestors() {
        if a.id() == part {
            return false;
        }
        top = a.id();
    }
    top == doc.tree.root().id()
}

/// The pairs a script's calls make: `$RC("B:0","S:1f")` fills boundary `0`
/// with part `1f`, `$RS("S:2","P:2")` fills place `2` with part `2`.
fn read_calls(script: &str, calls: &mut HashMap<String, String>) {
    for (call, place_first) in [("$RC(", true), ("$RS(", false)] {
        for (at, _) in script.match_indices(call) {
            let args = &script[at + call.len()..];
            let Some((first, rest)) = quoted(args) else {
                continue;
            };
            let Some((second, _)) = rest
                .trim_start()
                .strip_prefix(',')
                .and_then(|r| quoted(r.trim_start()))
            else {
                continue;
            };
            let (place, part) = if place_first {
                (first, second)
            } else {
                (second, first)
            };
            let Some((_, part)) = part.split_once(':') else {
                continue;
            };
            calls.insert(place.to_string(), part.to_string());
        }
    }
}

/// A string in quotes at the start of `s`, and what follows it.
fn quoted(s: &str) -> Option<(&str, &str)> {
    let quote = s.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let body = &s[1..];
    let end = body.find(quote)?;
    Some((&body[..end], &body[end + 1..]))
}

/// The most text a boundary's fallback holds when the page was saved
/// without its comments: a "Loading…" line or an empty skeleton.
const FALLBACK_MAX_CHARS: usize = 60;

/// What follows a boundary's placeholder up to the boundary's closing
/// comment (`<!--/$-->`), nested boundaries (`<!--$-->`, `<!--$?-->`,
/// `<!--$!-->`) included: the fallback shown until the part arrives. A page
/// saved without its comments has no such bound; then the fallback is the
/// next element, when it holds no more than a "Loading…" line, and nothing
/// otherwise, so no text of the page is lost to a broken boundary.
fn boundary_fallback(place: ego_tree::NodeRef<'_, Node>) -> Vec<NodeId> {
    let mut fallback = Vec::new();
    let mut open = 0usize;
    for sibling in place.next_siblings() {
        if let Node::Comment(c) = sibling.value() {
            let mark = c.trim();
            if mark == "/$" {
                if open == 0 {
                    return fallback;
                }
                open -= 1;
            } else if mark.starts_with('$') {
                open += 1;
            }
        }
        fallback.push(sibling.id());
    }
    // A boundary opened by its comment and never closed is broken, not
    // saved without comments: nothing is dropped.
    let opened = place
        .prev_siblings()
        .find(|s| !s.value().as_text().is_some_and(|t| t.trim().is_empty()))
        .is_some_and(|s| matches!(s.value(), Node::Comment(c) if c.trim().starts_with('$')));
    if opened {
        return Vec::new();
    }
    let next = place.next_siblings().find(|s| {
        s.value().is_element() || s.value().as_text().is_some_and(|t| !t.trim().is_empty())
    });
    next.filter(|n| {
        n.value().is_element()
            && n.descendants()
                .filter_map(|d| d.value().as_text())
                .map(|t| t.trim().chars().count())
                .sum::<usize>()
                <= FALLBACK_MAX_CHARS
    })
    .map(|n| vec![n.id()])
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::place_streamed_parts;
    use crate::html::parse_document;

    fn placed(html: &str) -> String {
        let mut doc = parse_document(html);
        place_streamed_parts(&mut doc);
        doc.root_element()
            .text()
            .flat_map(str::split_whitespace)
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn parts_go_to_their_places_and_fallbacks_go() {
        let page = r#"<html><body><main><h1>Title</h1>
            <!--$?--><template id="B:0"></template><div>Loading paragraph...</div><!--/$-->
            <p>Middle.</p><template id="P:1"></template><p>End.</p></main>
            <div hidden id="S:0"><p>First part.</p><p>Second part.</p></div>
            <div hidden id="S:1"><p>Late part.</p></div></body></html>"#;
        assert_eq!(
            placed(page),
            "Title First part. Second part. Middle. Late part. End."
        );
    }

    #[test]
    fn a_place_inside_its_own_part_or_without_a_closing_comment_changes_little() {
        // The place is inside the part: the part stays where it is.
        let page = r#"<html><body><p>Shell.</p>
            <div hidden id="S:0"><p>Part.</p><template id="P:0"></template></div></body></html>"#;
        assert_eq!(placed(page), "Shell. Part.");
        // No closing comment: the part is placed, nothing after it dropped.
        let page = r#"<html><body><!--$?--><template id="B:2"></template><p>Tail.</p>
            <div hidden id="S:2"><p>Part.</p></div></body></html>"#;
        assert_eq!(placed(page), "Part. Tail.");
    }

    #[test]
    fn the_pages_calls_pair_parts_with_places_and_a_saved_page_loses_its_loading_line() {
        // Numbered apart, paired by the call; no boundary comments, as a
        // page saved without them: the short fallback goes, the text after
        // it stays.
        let page = r#"<html><body><main><template id="B:0"></template><div>Loading paragraph...</div>
            <p>After.</p><template id="B:1"></template>
            <div>A paragraph of the page itself, longer than any loading line would be.</div></main>
            <div hidden id="S:1f"><p>Part.</p></div><div hidden id="S:1"><p>Other.</p></div>
            <script>$RC("B:0","S:1f");$RC("B:1","S:1")</script></body></html>"#;
        assert_eq!(
            placed(page),
            "Part. After. Other. A paragraph of the page itself, longer than any loading line \
             would be. $RC(\"B:0\",\"S:1f\");$RC(\"B:1\",\"S:1\")"
        );
    }

    #[test]
    fn only_markup_naming_a_part_is_walked() {
        use super::may_hold_parts;
        assert!(may_hold_parts(r#"<div hidden id="S:1f">"#));
        assert!(may_hold_parts("<div hidden id='S:0'>"));
        assert!(may_hold_parts("<div hidden id=S:0>"));
        assert!(!may_hold_parts(
            r#"<p>HTTPS: <a href="https://x">S: 1</a></p>"#
        ));
    }

    #[test]
    fn a_place_inside_a_dropped_fallback_leaves_its_part_where_it_stands() {
        let page = r#"<html><body><main><!--$?--><template id="B:0"></template>
            <div><template id="P:0"></template></div><!--/$--></main>
            <div hidden id="S:0"><p>Outer.</p></div><div hidden id="S:1"><p>Inner.</p></div>
            <script>$RC("B:0","S:0");$RS("S:1","P:0")</script></body></html>"#;
        assert_eq!(
            placed(page),
            r#"Outer. Inner. $RC("B:0","S:0");$RS("S:1","P:0")"#
        );
    }

    #[test]
    fn a_part_fills_one_place_only() {
        let page = r#"<html><body><template id="P:3"></template><p>Between.</p>
            <template id="P:3"></template><div hidden id="S:3"><p>Part.</p></div></body></html>"#;
        assert_eq!(placed(page), "Part. Between.");
    }
}
