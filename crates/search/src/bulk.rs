//! Helpers of a bulk load's final merge (`SearchIndex::merge_bulk_load`):
//! how many segments to merge into, which segments go together, and
//! giving the indexing threads' freed memory back first.

/// Segments a bulk load may leave unmerged: as many as tantivy's default
/// policy leaves. A small load (10k documents: a segment or two per
/// thread) would spend more time merging than its queries lose.
pub(crate) const BULK_LOAD_SEGMENTS_KEPT: usize = 8;

/// Segments a bulk load is merged into: one per core, as tantivy indexes
/// on a thread per core, but no more than a load may keep unmerged (on a
/// 32-core machine, 32 segments would be more than tantivy's own policy
/// leaves for a query to visit).
pub(crate) fn bulk_load_parts() -> usize {
    parts_for_cores(std::thread::available_parallelism().map_or(1, |n| n.get()))
}

fn parts_for_cores(cores: usize) -> usize {
    cores.clamp(1, BULK_LOAD_SEGMENTS_KEPT)
}

/// Return the heap memory freed since the last trim to the system.
///
/// The indexing threads' arenas are freed at the commit, but glibc keeps
/// freed memory in the arena of the thread that used it, and merges run
/// on other threads, with arenas of their own: without a trim the merges'
/// memory came on top of the indexing's, past the budget.
#[allow(unsafe_code)] // one FFI call into glibc
pub(crate) fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory of the allocator's own
    // arenas; it touches no memory the program holds.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Split `segments` into at most `parts` groups of about equal `docs`
/// counts: the largest first, each to the group with the fewest so far.
pub(crate) fn balanced_groups<S>(
    mut segments: Vec<S>,
    parts: usize,
    docs: impl Fn(&S) -> u64,
) -> Vec<Vec<S>> {
    segments.sort_by_key(|s| std::cmp::Reverse(docs(s)));
    let mut groups: Vec<(u64, Vec<S>)> = Vec::new();
    for segment in segments {
        let count = docs(&segment);
        if groups.len() < parts.max(1) {
            groups.push((count, vec![segment]));
            continue;
        }
        let lightest = groups
            .iter_mut()
            .min_by_key(|(total, _)| *total)
            .expect("at least one group");
        lightest.0 += count;
        lightest.1.push(segment);
    }
    groups.into_iter().map(|(_, group)| group).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_balanced_by_documents() {
        let docs =
            |groups: &[Vec<u32>]| -> Vec<u32> { groups.iter().map(|g| g.iter().sum()).collect() };
        let groups = balanced_groups(vec![5u32, 40, 10, 30, 20, 15], 2, |&n| n.into());
        assert_eq!(groups.len(), 2);
        assert_eq!(docs(&groups), vec![60, 60]);
        // Fewer segments than parts: each stays alone, so nothing merges.
        let alone = balanced_groups(vec![7u32, 3], 4, |&n| n.into());
        assert!(alone.iter().all(|g| g.len() == 1), "{alone:?}");
        assert_eq!(balanced_groups(vec![1u32, 2, 3], 0, |&n| n.into()).len(), 1);
    }

    #[test]
    fn a_bulk_load_merges_into_a_segment_per_core_but_no_more_than_it_may_keep() {
        assert_eq!(parts_for_cores(1), 1);
        assert_eq!(parts_for_cores(2), 2);
        assert_eq!(parts_for_cores(32), BULK_LOAD_SEGMENTS_KEPT);
    }
}
