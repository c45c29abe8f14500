//! One sort for every list the desk orders.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, keeping equal items in their order.
// Each `sort_by` on a new element type puts another copy of the standard library's sort in
// the browser's wasm (2.6 KB each, nine of them). Here the one sort works on positions,
// through a `dyn` comparison, and only the reordering is per type.
pub fn sort_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    let order = positions_in_order(items.len(), &|a, b| compare(&items[a], &items[b]));
    let mut taken: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|at| taken[at].take()));
}

/// Sorts `items` and drops repeats.
pub fn sort_and_dedup<T: Ord>(items: &mut Vec<T>) {
    sort_by(items, T::cmp);
    items.dedup();
}

fn positions_in_order(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    // Ties broken by position: stable, with the unstable sort's smaller code.
    order.sort_unstable_by(|&a, &b| compare(a, b).then(a.cmp(&b)));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_and_keeps_equal_items_in_their_order() {
        let mut items = vec![(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd'), (1, 'e')];
        sort_by(&mut items, |a, b| a.0.cmp(&b.0));
        assert_eq!(items, [(0, 'd'), (1, 'b'), (1, 'e'), (2, 'a'), (2, 'c')]);
        let mut newest_first = vec![1, 3, 2];
        sort_by(&mut newest_first, |a, b| b.cmp(a));
        assert_eq!(newest_first, [3, 2, 1]);
        let mut empty: Vec<u8> = Vec::new();
        sort_by(&mut empty, u8::cmp);
        assert!(empty.is_empty());
    }

    #[test]
    fn sort_and_dedup_leaves_each_value_once() {
        let mut markets = vec!["DE", "AU", "DE", "BR", "AU"];
        sort_and_dedup(&mut markets);
        assert_eq!(markets, ["AU", "BR", "DE"]);
    }
}
