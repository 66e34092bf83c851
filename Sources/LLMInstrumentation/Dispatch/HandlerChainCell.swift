import CLLMInstrumentationSupport
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Holds a dispatcher's current ``HandlerChain`` for the hot path.
///
/// Reading it takes a tiny spin lock held only while the reference is copied (a few
/// instructions, never while a handler runs), which costs far less than a mutex call on every
/// event and span; a new chain is swapped in the same way, and the old one is released after the
/// lock is let go. The lock is built on atomics that ThreadSanitizer sees.
final class HandlerChainCell: @unchecked Sendable {
    private let locked = Atomic<Bool>(false)
    private let storage: UnsafeMutablePointer<HandlerChain>

    init(_ chain: HandlerChain) {
        storage = UnsafeMutablePointer<HandlerChain>.allocate(capacity: 1)
        storage.initialize(to: chain)
        // A new cell may have the address of a freed one that threads still have cached chains
        // for (see ``ThreadChainCache``).
        llm_instrumentation_chain_generation_bump()
    }

    deinit {
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    @inline(__always)
    private func lock() {
        var spins = 0
        while !locked.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged {
            spins += 1
            if spins > 64 {
                // The holder was descheduled in its few instructions: let it run.
                sched_yield()
                spins = 0
            }
        }
    }

    @inline(__always)
    private func unlock() {
        locked.store(false, ordering: .releasing)
    }

    /// The current chain.
    var chain: HandlerChain {
        lock()
        let chain = storage.pointee
        unlock()
        return chain
    }

    /// Replaces the chain.
    func replace(with chain: HandlerChain) {
        lock()
        let old = storage.pointee
        storage.pointee = chain
        unlock()
        // After the new chain is in place: threads' cached chains are stale from here on.
        llm_instrumentation_chain_generation_bump()
        _ = old
    }
}
