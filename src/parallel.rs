//! Independent pieces of work spread over the machine's cores with scoped threads, results kept in input
//! order so that parallel runs give exactly the sequential results. Used where merging and agreement do the
//! same work for every pair of annotators (or every label, or every file).

use std::thread;

/// How many threads to use for `items` pieces of work.
fn threads_for(items: usize) -> usize {
    thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items)
        .max(1)
}

/// `items.iter().map(f).collect()`, computed on several threads; the order of the results is the order of
/// the items.
pub(crate) fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads_for(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// Runs two computations, on two threads when the machine has more than one core.
pub(crate) fn join<A: Send, B: Send>(
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    if threads_for(2) <= 1 {
        return (a(), b());
    }
    thread::scope(|scope| {
        let other = scope.spawn(b);
        let first = a();
        let second = other
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (first, second)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_input_order() {
        let items: Vec<u64> = (0..1000).collect();
        assert_eq!(
            map(&items, |x| x * x),
            items.iter().map(|x| x * x).collect::<Vec<_>>()
        );
        assert_eq!(map(&[] as &[u64], |x| *x), Vec::<u64>::new());
        assert_eq!(join(|| 1, || "two"), (1, "two"));
    }
}
