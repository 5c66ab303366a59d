//! The thread pool `lint_many` runs on: made on first use (never at import), kept for the next
//! call with the same thread count and replaced by a call with another (a pool per count ever
//! asked for would keep all their threads alive). A pool belongs to the process that made it: after `fork()` the child has the
//! parent's pool in memory but none of its threads (a job sent there would wait forever), so a
//! pool made by another process is forgotten (not dropped: dropping would signal threads that
//! are not there) and made again.

use rayon::{ThreadPool, ThreadPoolBuilder};
use std::sync::{Arc, Mutex};

struct Pools {
    pid: u32,
    pools: Vec<(usize, Arc<ThreadPool>)>,
}

static POOLS: Mutex<Option<Pools>> = Mutex::new(None);

/// The most threads `lint_many` starts: far more than any machine's cores, far fewer than would
/// take the process down.
pub const MOST_THREADS: i64 = 1024;

/// The pool of `threads` threads of this process.
pub fn get(threads: usize) -> Result<Arc<ThreadPool>, String> {
    let pid = std::process::id();
    let mut guard = POOLS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let pools = match guard.take() {
        Some(pools) if pools.pid == pid => guard.insert(pools),
        Some(inherited) => {
            std::mem::forget(inherited);
            guard.insert(Pools { pid, pools: Vec::new() })
        }
        None => guard.insert(Pools { pid, pools: Vec::new() }),
    };
    if let Some((_, pool)) = pools.pools.iter().find(|(n, _)| *n == threads) {
        return Ok(pool.clone());
    }
    // The pool of another count goes (its threads end once no call still runs on it).
    pools.pools.clear();
    let pool = ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("spinlint-{i}"))
        .build()
        .map_err(|e| format!("could not start {threads} threads: {e}"))?;
    let pool = Arc::new(pool);
    pools.pools.push((threads, pool.clone()));
    Ok(pool)
}
