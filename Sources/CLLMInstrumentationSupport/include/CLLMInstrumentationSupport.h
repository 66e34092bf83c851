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

#endif
