// Releasing a thread's cache of handler chains when the thread exits (see ThreadChainCache.swift).
#include "CLLMInstrumentationSupport.h"

#include <pthread.h>

_Thread_local llm_instrumentation_chain_cache_entry
    llm_instrumentation_chain_cache[LLM_INSTRUMENTATION_CHAIN_CACHE_ENTRIES] LLM_INSTRUMENTATION_TLS_MODEL;
_Thread_local int llm_instrumentation_chain_cache_registered LLM_INSTRUMENTATION_TLS_MODEL = 0;
_Thread_local uint64_t llm_instrumentation_chain_cache_emptied_at LLM_INSTRUMENTATION_TLS_MODEL = 0;
// Starts at 1, so that an empty entry (generation 0) never matches.
uint64_t llm_instrumentation_chain_generation = 1;

static pthread_once_t keyOnce = PTHREAD_ONCE_INIT;
static pthread_key_t key;
static void (*releaseChain)(void *) = 0;

/// Runs as the thread exits (a thread-local variable has no destructor of its own; a pthread key's
/// value does).
static void releaseCache(void *unused) {
    (void)unused;
    // A release below can run a handler's deinit, which may emit and fill the cache again; it then
    // registers again, and the thread's exit runs this again (POSIX repeats destructors whose value
    // was set again, a few times).
    llm_instrumentation_chain_cache_registered = 0;
    for (int index = 0; index < LLM_INSTRUMENTATION_CHAIN_CACHE_ENTRIES; index++) {
        llm_instrumentation_chain_cache_entry *entry = &llm_instrumentation_chain_cache[index];
        void *chain = entry->chain;
        entry->cell = 0;
        entry->generation = 0;
        entry->chain = 0;
        if (chain != 0) __atomic_load_n(&releaseChain, __ATOMIC_ACQUIRE)(chain);
    }
}

static void makeKey(void) {
    pthread_key_create(&key, releaseCache);
}

void llm_instrumentation_chain_cache_register_thread(void (*release)(void *chain)) {
    pthread_once(&keyOnce, makeKey);
    __atomic_store_n(&releaseChain, release, __ATOMIC_RELEASE);
    // Any non-null value: the destructor runs only for threads whose value is set.
    pthread_setspecific(key, (void *)1);
    llm_instrumentation_chain_cache_registered = 1;
}
