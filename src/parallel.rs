//! Independent pieces of work spread over the machine's cores (rayon's pool), results kept in input order so
//! that parallel runs give exactly the sequential results. Used where merging, agreement, export and the
//! document list do the same work for every pair of annotators, label, file or report. The one place that
//! names rayon, so the rest of the code says what runs in parallel, not how.

use rayon::prelude::*;

/// `items.iter().map(f).collect()`, computed on the machine's cores; the order of the results is the order of
/// the items. Work is handed out one item at a time (rayon's work stealing), so uneven items (five files on
/// two cores, one large label among three) keep every core busy.
pub(crate) fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    items.par_iter().with_max_len(1).map(f).collect()
}

/// `(0..n).map(f).collect()` for many small pieces of work (one per span, say), computed on the machine's
/// cores in batches; the results are in index order.
pub(crate) fn map_indices<R: Send>(n: usize, f: impl Fn(usize) -> R + Sync + Send) -> Vec<R> {
    (0..n).into_par_iter().with_min_len(1024).map(f).collect()
}

/// Runs `work` on a pool of threads of its own: for a long job in the background (an export started from the
/// app), so that parallel work the window asks for meanwhile (opening a workspace, agreement, adjudication) is
/// not held up. The shared pool takes such requests only once its current work has run out.
#[cfg_attr(not(feature = "gui"), allow(dead_code))] // only the app runs jobs in the background
pub(crate) fn on_own_pool<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    match rayon::ThreadPoolBuilder::new().build() {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

/// Runs `work` on a pool of its own with one thread fewer than the machine has cores (at least one): for a
/// background job while the window must keep drawing (the Figures window reading 10,000 reports), so that the
/// window's thread always has a core.
#[cfg_attr(not(feature = "gui"), allow(dead_code))] // only the app runs jobs in the background
pub(crate) fn on_own_pool_leaving_one<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    match rayon::ThreadPoolBuilder::new()
        .num_threads(cores.saturating_sub(1).max(1))
        .build()
    {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

/// Runs two computations, on two cores when the machine has more than one.
pub(crate) fn join<A: Send, B: Send>(
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    rayon::join(a, b)
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
        assert_eq!(on_own_pool(|| map(&[1, 2, 3], |x| x + 1)), [2, 3, 4]);
        assert_eq!(
            map_indices(5000, |i| i * 2),
            (0..5000).map(|i| i * 2).collect::<Vec<_>>()
        );
    }
}
