//! Work split over the machine's cores, for the parts of a run that grow with
//! the book: on a small book one thread is faster, so callers decide by size.

/// How much work a pass over the chapters does per byte of their text,
/// which decides from what size of book a second core pays for its thread
/// (a thread of its own costs the allocator a fresh arena).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkPerByte {
    /// A look at each chapter (its front matter, its directives): on the
    /// benchmark's 2,000-chapter book (7 MB) one thread is faster; on its
    /// 20,000-chapter book (70 MB) the second core wins.
    Light,
    /// A reading of every line and word of each chapter (the review's
    /// evidence): tens of instructions a byte, which a second core halves
    /// from a book of a megabyte or so.
    Reading,
}

impl WorkPerByte {
    /// The text from which the pass runs on every core.
    pub fn parallel_from_bytes(self) -> usize {
        match self {
            WorkPerByte::Light => 16 << 20,
            WorkPerByte::Reading => 1 << 20,
        }
    }
}

/// How many of `count` chapters holding `bytes` of text each thread takes
/// for work of `cost`: all of them for a small book, else an even share per
/// core.
pub fn chunk_len(count: usize, bytes: usize, cost: WorkPerByte) -> usize {
    count
        .div_ceil(threads_for(bytes, cost.parallel_from_bytes()))
        .max(1)
}

/// Runs `work` on each chunk, the first on this thread and each other on a
/// thread of its own, and returns the results in chunk order.
pub fn in_parallel<C: Send, R: Send>(
    chunks: impl Iterator<Item = C>,
    work: impl Fn(C) -> R + Sync,
) -> Vec<R> {
    let mut chunks = chunks.fuse();
    let Some(first) = chunks.next() else {
        return Vec::new();
    };
    let work = &work;
    std::thread::scope(|scope| {
        let others: Vec<_> = chunks
            .map(|c| {
                scope.spawn(move || {
                    let _held = hold_spawn_leftovers();
                    work(c)
                })
            })
            .collect();
        let mut results = vec![work(first)];
        results.extend(others.into_iter().map(|w| {
            w.join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        }));
        results
    })
}

/// How many threads work of `size` gets: one below `enough`, else one per
/// core (at most 8).
pub fn threads_for(size: usize, enough: usize) -> usize {
    if size < enough {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
    }
}

/// Takes out of this new thread's allocation cache the small blocks its
/// spawning left there, and holds them for as long as the thread works.
///
/// A spawned thread starts by freeing what the spawning thread allocated for
/// it (the boxed closure). glibc caches that block on the new thread even
/// though it belongs to the spawning thread's arena; the thread's next small
/// allocation of that size gets it back, and every `realloc` of it (a
/// `String` growing) takes that other arena's lock, and the new block it
/// moves to comes from that arena too, so the foreign blocks spread over the
/// thread's whole cache. On the synthetic 20,000-chapter book that was
/// 20,000 to 66,000 `futex` calls of the status member's two threads waiting
/// on each other. Allocating one block of each small size first takes the
/// leftovers out of circulation (a cache hands back the block freed last).
fn hold_spawn_leftovers() -> Vec<Vec<u8>> {
    (1..=16)
        .map(|units| Vec::with_capacity(units * 16))
        .collect()
}
