// The C allocator's settings for a process that loads large snapshots (the explorer's engine process, and the
// benchmarks that measure it). Node allocates typed arrays with malloc; glibc raises its mmap threshold up to 32 MB
// as large blocks are freed, so from then on arrays of a few MB to 32 MB come from the heap or a thread's arena,
// and freed ones in the middle stay resident: 40–110 MB measured after an 800 MB load. A fixed threshold maps every
// block from 128 KiB on by itself, returned to the system when freed. Read by glibc at start: set in the
// environment of the process being started, not of one already running.
export const ENGINE_PROCESS_ENV: Readonly<Record<string, string>> = {
  MALLOC_MMAP_THRESHOLD_: String(128 << 10),
};
