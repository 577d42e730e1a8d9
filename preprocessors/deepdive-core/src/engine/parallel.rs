//! Work split over the machine's cores, for the parts of a run that grow with
//! the book: on a small book one thread is faster, so callers decide by size.

/// Below this much text, one thread is faster than several: a thread of its
/// own costs the allocator a fresh arena, which on the benchmark's
/// 2,000-chapter book (7 MB) outweighs what a second core saves; on its
/// 20,000-chapter book (70 MB) the second core wins.
pub const PARALLEL_FROM_BYTES: usize = 16 << 20;

/// How many of `count` chapters holding `bytes` of text each thread takes:
/// all of them for a small book, else an even share per core.
pub fn chunk_len(count: usize, bytes: usize) -> usize {
    count
        .div_ceil(threads_for(bytes, PARALLEL_FROM_BYTES))
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
        let others: Vec<_> = chunks.map(|c| scope.spawn(move || work(c))).collect();
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
