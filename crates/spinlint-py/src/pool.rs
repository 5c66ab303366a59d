//! The thread pools `lint_many` runs on: one per thread count, made on first use and never at
//! import. A pool belongs to the process that made it: after `fork()` the child has the
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
    let pool = ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("spinlint-{i}"))
        .build()
        .map_err(|e| format!("could not start {threads} threads: {e}"))?;
    let pool = Arc::new(pool);
    pools.pools.push((threads, pool.clone()));
    Ok(pool)
}
