import CLLMInstrumentationSupport

/// Each thread's cache of the handler chains it delivered events with, so that an event reads its
/// dispatcher's chain without the chain cell's lock and without counting the chain: three atomic
/// operations, a sixth of an event's cost.
///
/// A thread keeps 8 entries (C thread-locals, see `CLLMInstrumentationSupport.h`), each a
/// chain cell, the chain it held, counted once by the cache, and the generation it was read at.
/// Replacing any chain, or making a cell, bumps one global generation, and an entry of an older
/// generation is not used: a dispatcher reconfigured on one thread is seen by the next event on
/// every thread, as with the cell itself. The first miss after a new generation empties the
/// thread's whole cache, so a chain (and the handlers only it holds) is released by each thread
/// at its next event after the change; a thread that exits releases its cache then.
///
/// Only the dispatcher's outermost delivery on a thread uses it (handler-call depth 0): a handler
/// that emits runs with a cached chain in hand, and a nested delivery must not change the cache
/// under it.
enum ThreadChainCache {
    /// The cache entry `cell` uses on every thread (entries are picked by the cell's address).
    static func entryIndex(of cell: HandlerChainCell) -> Int {
        // Key 0 picks the first entry.
        llm_instrumentation_chain_cache_entry_for(UInt(bitPattern: ObjectIdentifier(cell))) - llm_instrumentation_chain_cache_entry_for(0)
    }

    /// Calls `body` with the current chain of `cell`: the cached one, unretained, if current, else
    /// the cell's, which is then cached.
    @inline(__always)
    static func withCurrentChain<Result>(of cell: HandlerChainCell, _ body: (HandlerChain) -> Result) -> Result {
        let key = UInt(bitPattern: ObjectIdentifier(cell))
        if let cached = llm_instrumentation_chain_cache_lookup(key) {
            // The cache holds the chain, and nothing replaces the entry before `body` returns.
            return Unmanaged<HandlerChain>.fromOpaque(cached)._withUnsafeGuaranteedRef(body)
        }
        // Read before the chain: a chain replaced in between makes the entry stale at once.
        let generation = llm_instrumentation_chain_generation_get()
        let chain = cell.chain
        cache(chain, for: key, generation: generation)
        return body(chain)
    }

    /// Caches `chain` for the cell `key`, first emptying the cache if a chain was replaced since
    /// it was last emptied. What it releases is released last, once the entries are consistent
    /// again: a chain's release can run a handler's `deinit`, which may emit events itself.
    private static func cache(_ chain: HandlerChain, for key: UInt, generation: UInt64) {
        if llm_instrumentation_chain_cache_is_registered() == 0 {
            llm_instrumentation_chain_cache_register_thread { chain in
                if let chain { Unmanaged<HandlerChain>.fromOpaque(chain).release() }
            }
        }
        // Key 0 picks the first entry.
        let entries = UnsafeMutableBufferPointer(
            start: llm_instrumentation_chain_cache_entry_for(0),
            count: Int(LLM_INSTRUMENTATION_CHAIN_CACHE_ENTRIES)
        )
        let entry = llm_instrumentation_chain_cache_entry_for(key)!
        let emptying = llm_instrumentation_chain_cache_emptied_generation() != generation
        // On the stack: a miss must not allocate (with more dispatchers in use on a thread than
        // entries, misses are frequent).
        withUnsafeTemporaryAllocation(of: UnsafeMutableRawPointer?.self, capacity: entries.count) { released in
            for index in entries.indices {
                released[index] = emptying || entries.baseAddress! + index == entry ? entries[index].chain : nil
                if emptying { entries[index] = llm_instrumentation_chain_cache_entry() }
            }
            if emptying { llm_instrumentation_chain_cache_set_emptied_generation(generation) }
            entry.pointee = llm_instrumentation_chain_cache_entry(
                cell: key,
                generation: generation,
                chain: Unmanaged.passRetained(chain).toOpaque()
            )
            for old in released {
                if let old { Unmanaged<HandlerChain>.fromOpaque(old).release() }
            }
        }
    }
}
