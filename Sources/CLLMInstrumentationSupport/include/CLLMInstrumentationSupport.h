// Small pieces of C that Swift has no direct form for. Internal to LLMInstrumentation.
#ifndef C_LLM_INSTRUMENTATION_SUPPORT_H
#define C_LLM_INSTRUMENTATION_SUPPORT_H

#include <stdint.h>

/// How many handler calls are nested on this thread (see HandlerCallDepth.swift): a C thread-local
/// variable, read and written in one or two instructions, where a pthread key costs a call each.
/// The initial-exec model addresses it from the thread pointer directly; the default model for
/// position-independent code calls `__tls_get_addr` on every access.
#define LLM_INSTRUMENTATION_TLS_MODEL __attribute__((tls_model("initial-exec")))
extern _Thread_local intptr_t llm_instrumentation_handler_call_depth LLM_INSTRUMENTATION_TLS_MODEL;

static inline intptr_t llm_instrumentation_handler_call_depth_get(void) {
    return llm_instrumentation_handler_call_depth;
}

static inline void llm_instrumentation_handler_call_depth_set(intptr_t depth) {
    llm_instrumentation_handler_call_depth = depth;
}

/// The next unique id this thread hands out, and the end of its reserved block (see
/// UniqueID.swift): a thread takes ids from a block of its own and touches the shared atomic
/// counter once per block, not once per id.
extern _Thread_local uint64_t llm_instrumentation_unique_id_next LLM_INSTRUMENTATION_TLS_MODEL;
extern _Thread_local uint64_t llm_instrumentation_unique_id_end LLM_INSTRUMENTATION_TLS_MODEL;

static inline uint64_t llm_instrumentation_unique_id_take(void) {
    uint64_t next = llm_instrumentation_unique_id_next;
    if (next == llm_instrumentation_unique_id_end) return 0;
    llm_instrumentation_unique_id_next = next + 1;
    return next;
}

static inline void llm_instrumentation_unique_id_reserve(uint64_t start, uint64_t end) {
    llm_instrumentation_unique_id_next = start;
    llm_instrumentation_unique_id_end = end;
}

/// The wall clock (see WallClock.swift): nanoseconds since 1970, as `clock_gettime(CLOCK_REALTIME)`
/// gives them, for a fraction of its cost where the CPU's time-stamp counter can stand in for it.
///
/// On x86-64 Linux whose kernel itself keeps time with the time-stamp counter (clocksource `tsc`),
/// a reading is the counter (about 10 ns here, where `clock_gettime` costs about 25 ns: the vDSO
/// orders its counter read with a fence) scaled from an anchor: a `clock_gettime` reading with
/// the counter beside it, taken again whenever the anchor is a millisecond old, so an
/// interpolated time is never more than a millisecond of counting away from the system clock. The
/// scale is measured against the system clock over 1 ms at first (the system clock is used until
/// then), then again at every anchor over the whole time since, up to 10 s before it starts
/// again, and so follows the system clock as it is slewed. An anchor's instant is known to a
/// fraction of a microsecond, so an interpolated time is within about a microsecond of the system
/// clock in the first milliseconds and within nanoseconds after. A counter that went backwards or
/// far ahead (reset by a suspend, a migration) falls back to the system clock at once; the one
/// case it cannot see is a counter that stood still while the system clock moved on (stopped
/// across a suspend and not reset): for at most a millisecond after it starts again, readings
/// are behind by the time it stood still. (Abseil, which interpolates between kernel readings seconds apart, keeps
/// its version off by default for that case; here it is a millisecond.) Everywhere else, or with
/// `LLM_INSTRUMENTATION_CLOCK=system` in the environment, every reading is `clock_gettime`.
typedef struct {
    /// Odd while the anchor is being written (a sequence lock: readers take no lock).
    _Atomic uint64_t sequence;
    /// The counter at the anchor.
    _Atomic uint64_t ticks;
    /// The system clock at the anchor, in nanoseconds since 1970.
    _Atomic int64_t nanoseconds;
    /// Nanoseconds per tick, in 32.32 fixed point.
    _Atomic uint64_t nanosecondsPerTick;
    /// How far past the anchor a reading may be interpolated, in ticks; 0 until the scale is known,
    /// and always 0 where the counter is not used.
    _Atomic uint64_t interpolationLimit;
} llm_instrumentation_clock_anchor;

extern llm_instrumentation_clock_anchor llm_instrumentation_clock;

/// The system clock, in nanoseconds since 1970.
int64_t llm_instrumentation_clock_system_now(void);

/// A reading the anchor cannot serve: the system clock, taken as a new anchor when it is time to.
int64_t llm_instrumentation_clock_now_slow(void);

/// Whether readings are interpolated from the counter: 0 not decided yet (no reading taken), 1
/// yes, 2 no (not x86-64 Linux, clocksource not `tsc`, or turned off in the environment).
int llm_instrumentation_clock_mode(void);

/// Whether the next reading can be interpolated: the scale is measured and an anchor published.
static inline int llm_instrumentation_clock_is_interpolating(void) {
    return __atomic_load_n((uint64_t *)&llm_instrumentation_clock.interpolationLimit, __ATOMIC_RELAXED) != 0;
}

static inline int64_t llm_instrumentation_clock_now(void) {
#if defined(__x86_64__) && defined(__linux__)
    uint64_t limit = __atomic_load_n((uint64_t *)&llm_instrumentation_clock.interpolationLimit, __ATOMIC_RELAXED);
    if (limit == 0) return llm_instrumentation_clock_now_slow();
    uint64_t sequence = __atomic_load_n((uint64_t *)&llm_instrumentation_clock.sequence, __ATOMIC_ACQUIRE);
    uint64_t anchorTicks = __atomic_load_n((uint64_t *)&llm_instrumentation_clock.ticks, __ATOMIC_RELAXED);
    int64_t anchorNanoseconds = __atomic_load_n((int64_t *)&llm_instrumentation_clock.nanoseconds, __ATOMIC_RELAXED);
    uint64_t scale = __atomic_load_n((uint64_t *)&llm_instrumentation_clock.nanosecondsPerTick, __ATOMIC_RELAXED);
    limit = __atomic_load_n((uint64_t *)&llm_instrumentation_clock.interpolationLimit, __ATOMIC_RELAXED);
    uint64_t ticks = __builtin_ia32_rdtsc();
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    uint64_t elapsed = ticks - anchorTicks;
    // An odd or changed sequence is a torn anchor; `elapsed` past the limit (or "negative",
    // wrapped round) is an old anchor or a counter that jumped.
    if ((sequence & 1) != 0 || elapsed >= limit
        || __atomic_load_n((uint64_t *)&llm_instrumentation_clock.sequence, __ATOMIC_RELAXED) != sequence) {
        return llm_instrumentation_clock_now_slow();
    }
    // `elapsed` is below the limit (a millisecond of ticks), so the product cannot overflow.
    return anchorNanoseconds + (int64_t)((elapsed * scale) >> 32);
#else
    return llm_instrumentation_clock_system_now();
#endif
}


/// Each thread's cache of the handler chains it delivered events with (see ThreadChainCache.swift):
/// 8 entries, each a chain cell, the chain it held and the generation it was read at, the
/// chain counted once by the cache. Any chain replaced anywhere bumps the generation, which makes
/// every entry of every thread stale.
#define LLM_INSTRUMENTATION_CHAIN_CACHE_ENTRIES 8
typedef struct {
    uintptr_t cell;
    uint64_t generation;
    void *chain;
} llm_instrumentation_chain_cache_entry;

extern _Thread_local llm_instrumentation_chain_cache_entry
    llm_instrumentation_chain_cache[LLM_INSTRUMENTATION_CHAIN_CACHE_ENTRIES] LLM_INSTRUMENTATION_TLS_MODEL;
/// Whether this thread has registered its cache to be released when it exits.
extern _Thread_local int llm_instrumentation_chain_cache_registered LLM_INSTRUMENTATION_TLS_MODEL;
/// The generation this thread's cache was last emptied at.
extern _Thread_local uint64_t llm_instrumentation_chain_cache_emptied_at LLM_INSTRUMENTATION_TLS_MODEL;
extern uint64_t llm_instrumentation_chain_generation;

static inline int llm_instrumentation_chain_cache_is_registered(void) {
    return llm_instrumentation_chain_cache_registered;
}

static inline uint64_t llm_instrumentation_chain_cache_emptied_generation(void) {
    return llm_instrumentation_chain_cache_emptied_at;
}

static inline void llm_instrumentation_chain_cache_set_emptied_generation(uint64_t generation) {
    llm_instrumentation_chain_cache_emptied_at = generation;
}

static inline uint64_t llm_instrumentation_chain_generation_get(void) {
    return __atomic_load_n(&llm_instrumentation_chain_generation, __ATOMIC_ACQUIRE);
}

/// Called after a chain is replaced.
static inline void llm_instrumentation_chain_generation_bump(void) {
    __atomic_fetch_add(&llm_instrumentation_chain_generation, 1, __ATOMIC_RELEASE);
}

static inline llm_instrumentation_chain_cache_entry *llm_instrumentation_chain_cache_entry_for(uintptr_t cell) {
    // Cells are heap objects, 16-byte aligned at least; the higher bits are folded in so that
    // cells made one after another spread over the entries.
    return &llm_instrumentation_chain_cache[((cell >> 4) ^ (cell >> 10)) % LLM_INSTRUMENTATION_CHAIN_CACHE_ENTRIES];
}

/// The chain cached for `cell` if it is still current, else null.
static inline void *llm_instrumentation_chain_cache_lookup(uintptr_t cell) {
    llm_instrumentation_chain_cache_entry *entry = llm_instrumentation_chain_cache_entry_for(cell);
    if (entry->cell != cell || entry->generation != llm_instrumentation_chain_generation_get()) return 0;
    return entry->chain;
}

/// Registers this thread's cache to be released, with `release`, when the thread exits; once per
/// thread.
void llm_instrumentation_chain_cache_register_thread(void (*release)(void *chain));

#endif
