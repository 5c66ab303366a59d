//! Work shared among threads, without a thread pool in the library: the front end that owns the
//! threads (the command line's rayon pool, a server's runtime, Python's) passes a [`Parallel`],
//! and the library runs sequentially when given [`Sequential`]. The library's parallel steps are
//! compiling rule files, linting the sections of a long text, and building a file's line index
//! beside its findings.

use std::sync::Mutex;

/// Runs jobs on the caller's threads.
pub trait Parallel: Sync {
    /// Calls `job(i)` for each `i` in `0..count`, in any order and on any threads, and returns
    /// when all are done.
    fn for_each(&self, count: usize, job: &(dyn Fn(usize) + Sync));

    /// How many jobs run at once: the library hands out about this many at a time.
    fn threads(&self) -> usize;
}

/// One job after another on the calling thread.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sequential;

impl Parallel for Sequential {
    fn for_each(&self, count: usize, job: &(dyn Fn(usize) + Sync)) {
        (0..count).for_each(job);
    }

    fn threads(&self) -> usize {
        1
    }
}

/// `f` of each item, computed in parallel, in the items' order.
pub fn map<I: Sync, T: Send>(parallel: &dyn Parallel, items: &[I], f: impl Fn(&I) -> T + Sync) -> Vec<T> {
    if items.len() <= 1 {
        return items.iter().map(f).collect();
    }
    let slots: Vec<Mutex<Option<T>>> = items.iter().map(|_| Mutex::new(None)).collect();
    parallel.for_each(items.len(), &|i| {
        let value = f(&items[i]);
        *lock(&slots[i]) = Some(value);
    });
    // `for_each` returns after every job, and each job fills its slot.
    slots.into_iter().filter_map(into_inner).collect()
}

/// `a()` and `b()`, run at once.
pub fn join<A: Send, B: Send>(
    parallel: &dyn Parallel,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    if parallel.threads() <= 1 {
        return (a(), b());
    }
    let (a, b) = (Mutex::new(Some(a)), Mutex::new(Some(b)));
    let (left, right) = (Mutex::new(None), Mutex::new(None));
    parallel.for_each(2, &|i| {
        if i == 0 {
            if let Some(a) = lock(&a).take() {
                let value = a();
                *lock(&left) = Some(value);
            }
        } else if let Some(b) = lock(&b).take() {
            let value = b();
            *lock(&right) = Some(value);
        }
    });
    match (into_inner(left), into_inner(right)) {
        (Some(left), Some(right)) => (left, right),
        _ => panic!("a Parallel's for_each returned before running every job"),
    }
}

fn into_inner<T>(mutex: Mutex<T>) -> T {
    mutex.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs jobs on scoped threads, two at a time: a stand-in for a front end's pool.
    struct Threads;

    impl Parallel for Threads {
        fn for_each(&self, count: usize, job: &(dyn Fn(usize) + Sync)) {
            std::thread::scope(|scope| {
                for i in 0..count {
                    scope.spawn(move || job(i));
                }
            });
        }

        fn threads(&self) -> usize {
            2
        }
    }

    #[test]
    fn map_keeps_the_order_of_the_items_whoever_runs_them() {
        let items: Vec<usize> = (0..50).collect();
        let squares: Vec<usize> = items.iter().map(|i| i * i).collect();
        assert_eq!(map(&Threads, &items, |i| i * i), squares);
        assert_eq!(map(&Sequential, &items, |i| i * i), squares);
        assert_eq!(map(&Threads, &[] as &[usize], |i| *i), Vec::<usize>::new());
    }

    #[test]
    fn join_returns_both_results() {
        assert_eq!(join(&Threads, || 1, || "two"), (1, "two"));
        assert_eq!(join(&Sequential, || 1, || "two"), (1, "two"));
    }
}
