//! The allocator policy of the suite's programs, set first thing in each
//! `main`: a process-wide choice that belongs to a program, never to the
//! library (`deepdive_core` has no `unsafe`), which any other program may
//! link.

/// Tells glibc to serve every allocation from its heap.
///
/// glibc serves an allocation above its mmap threshold (128 KiB at first,
/// 32 MiB at most) with a mapping of its own, which goes back to the kernel
/// when freed. The input buffer (8 MiB for a 2,000-chapter book, 128 MiB for
/// 20,000) is such an allocation: after parsing, its pages are gone, and all
/// a member allocates afterwards faults in fresh pages instead (about 1,300
/// more page faults, a tenth of the index's time, on the smaller book).
/// Allowing no mappings keeps every allocation in the heap; glibc still maps
/// memory when the heap cannot grow. A short-lived process loses nothing by
/// it. Elsewhere than glibc on Linux this does nothing.
pub fn keep_large_buffers_in_the_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[allow(
        unsafe_code,
        reason = "mallopt is a C function; this is the suite's one unsafe call"
    )]
    // SAFETY: `mallopt` sets one of glibc's allocator parameters under the
    // allocator's own lock; it touches no memory of ours. If glibc refuses
    // the value, the default stays, which is only slower.
    unsafe {
        libc::mallopt(libc::M_MMAP_MAX, 0);
    }
}
