"""Writes Tests/Fixtures/builtin-events.json: the built-in events of llama-index-core 0.14.25 dumped with
model_dump(mode="json") (plus class_name), made with fixed values so that the Swift tests can make
the same events and compare them field by field.

Run once, and again only when the reference version changes:
    python3 -m venv .build-llamaindex-venv
    .build-llamaindex-venv/bin/pip install "llama-index-core==0.14.25"
    .build-llamaindex-venv/bin/python Tests/Fixtures/generate_builtin_events.py
"""
import datetime
import json
import pathlib

from llama_index.core.base.llms.types import (
    ChatMessage,
    ChatResponse,
    CompletionResponse,
    ImageBlock,
    LogProb,
    TextBlock,
    ThinkingBlock,
    ToolCallBlock,
)
from llama_index.core.base.response.schema import Response
from llama_index.core.chat_engine.types import AgentChatResponse
from llama_index.core.instrumentation.events import (
    agent,
    chat_engine,
    embedding,
    exception,
    llm,
    query,
    rerank,
    retrieval,
    synthesis,
)
from llama_index.core.prompts import PromptTemplate
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode
from llama_index.core.tools.types import ToolMetadata

BASE = dict(
    id_="event-fixed-id",
    span_id="Pipeline.answer-0000",
    tags={"request": "r-1"},
    timestamp=datetime.datetime(2025, 1, 2, 3, 4, 5, 123456),
)

system = ChatMessage(role="system", content="You are terse.")
user = ChatMessage(
    role="user",
    blocks=[
        TextBlock(text="What is in this picture?"),
        ImageBlock(url="https://example.com/cat.png", image_mimetype="image/png", detail="low"),
    ],
)
assistant = ChatMessage(
    role="assistant",
    blocks=[
        ThinkingBlock(content="It looks like a cat.", num_tokens=6),
        ToolCallBlock(tool_call_id="call-1", tool_name="lookup", tool_kwargs={"animal": "cat"}),
        TextBlock(text="A cat."),
    ],
    additional_kwargs={"name": "vision"},
)
usage = {"prompt_tokens": 12, "completion_tokens": 3, "total_tokens": 15}
chat_response = ChatResponse(
    message=assistant,
    raw={"id": "resp-1", "model": "fake-vision"},
    delta="cat.",
    logprobs=[[LogProb(token="A", logprob=-0.25, bytes=[65])]],
    additional_kwargs=usage,
)
completion = CompletionResponse(text="Paris", additional_kwargs=usage, raw={"id": "c-1"}, delta="Paris")
template = PromptTemplate("Answer {question} briefly.")

events = [
    llm.LLMChatStartEvent(
        messages=[system, user],
        additional_kwargs={"temperature": 0.2},
        model_dict={"model": "fake-vision", "context_window": 8192},
        **BASE,
    ),
    llm.LLMChatInProgressEvent(messages=[system, user], response=chat_response, **BASE),
    llm.LLMChatEndEvent(messages=[system, user], response=chat_response, **BASE),
    llm.LLMChatEndEvent(messages=[user], response=None, **BASE),
    llm.LLMCompletionStartEvent(prompt="Capital of France?", additional_kwargs={}, model_dict={"model": "fake"}, **BASE),
    llm.LLMCompletionInProgressEvent(prompt="Capital of France?", response=completion, **BASE),
    llm.LLMCompletionEndEvent(prompt="Capital of France?", response=completion, **BASE),
    llm.LLMPredictStartEvent(template=template, template_args={"question": "why"}, **BASE),
    llm.LLMPredictEndEvent(output="Because.", **BASE),
    llm.LLMStructuredPredictStartEvent(output_cls="Answer", template=template, template_args=None, **BASE),
    llm.LLMStructuredPredictInProgressEvent(output={"answer": "Bec"}, **BASE),
    llm.LLMStructuredPredictEndEvent(output={"answer": "Because."}, **BASE),
]

node = NodeWithScore(node=TextNode(id_="n1", text="Paris is the capital of France.", metadata={"source": "wiki"}), score=0.87)
bundle = QueryBundle(query_str="capital of France?", custom_embedding_strs=["capital France"])
answer = Response(response="Paris", source_nodes=[node], metadata={"model": "fake"})
tool = ToolMetadata(name="lookup", description="Looks an animal up.", fn_schema=None)

events += [
    embedding.EmbeddingStartEvent(model_dict={"model_name": "letters", "embed_batch_size": 10}, **BASE),
    embedding.EmbeddingEndEvent(chunks=["a cat"], embeddings=[[0.5, 0.25]], **BASE),
    embedding.SparseEmbeddingStartEvent(model_dict={"model_name": "splade"}, **BASE),
    embedding.SparseEmbeddingEndEvent(chunks=["a cat"], embeddings=[{3: 0.5, 17: 1.25}], **BASE),
    retrieval.RetrievalStartEvent(str_or_query_bundle="capital of France?", **BASE),
    retrieval.RetrievalEndEvent(str_or_query_bundle=bundle, nodes=[node], **BASE),
    query.QueryStartEvent(query=bundle, **BASE),
    query.QueryEndEvent(query="capital of France?", response=answer, **BASE),
    synthesis.SynthesizeStartEvent(query="capital of France?", **BASE),
    synthesis.SynthesizeEndEvent(query="capital of France?", response=answer, **BASE),
    synthesis.GetResponseStartEvent(query_str="capital?", text_chunks=["Paris is the capital."], **BASE),
    synthesis.GetResponseEndEvent(**BASE),
    synthesis.GetMessageResponseStartEvent(query_str="capital?", message_chunks=[system], **BASE),
    synthesis.GetMessageResponseEndEvent(**BASE),
    rerank.ReRankStartEvent(query=None, nodes=[node], top_n=1, model_name="fake-rerank", **BASE),
    rerank.ReRankEndEvent(nodes=[node], **BASE),
    agent.AgentRunStepStartEvent(task_id="task-1", step=None, input="find a cat", **BASE),
    agent.AgentRunStepEndEvent(step_output={"output": "found"}, **BASE),
    agent.AgentChatWithStepStartEvent(user_msg="find a cat", **BASE),
    agent.AgentChatWithStepEndEvent(response=AgentChatResponse(response="A cat.", source_nodes=[node]), **BASE),
    agent.AgentToolCallEvent(arguments='{"animal": "cat"}', tool=tool, **BASE),
    chat_engine.StreamChatStartEvent(**BASE),
    chat_engine.StreamChatEndEvent(**BASE),
    chat_engine.StreamChatDeltaReceivedEvent(delta="A c", **BASE),
    # The reference cannot dump an exception (pydantic: "Unable to serialize unknown type"); with
    # fallback=str it writes the exception's text, which is what the Swift events keep.
    exception.ExceptionEvent(exception=TimeoutError("timed out after 30 s"), **BASE),
    chat_engine.StreamChatErrorEvent(exception=TimeoutError("timed out after 30 s"), **BASE),
]

dumps = []
for event in events:
    dump = event.model_dump(mode="json", fallback=str)
    dump["class_name"] = event.class_name()
    dumps.append(dump)

out = pathlib.Path(__file__).with_name("builtin-events.json")
out.write_text(json.dumps(dumps, indent=1, sort_keys=True) + "\n")
print(f"wrote {len(dumps)} events to {out}")
