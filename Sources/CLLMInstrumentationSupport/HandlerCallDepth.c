#include "CLLMInstrumentationSupport.h"

_Thread_local intptr_t llm_instrumentation_handler_call_depth LLM_INSTRUMENTATION_TLS_MODEL = 0;
