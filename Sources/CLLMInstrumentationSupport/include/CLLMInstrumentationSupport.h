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

#endif
