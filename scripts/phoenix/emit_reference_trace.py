"""Sends Phoenix a reference trace: the demo's trace as the real TracingBridge should export it,
with every attribute check_traces.py --expect full looks for. A self-test of the check: e2e.sh
sends it to a project of its own and requires that `check_traces.py --expect full` passes on it,
so the full expectations are known to work (and to match how Phoenix stores attributes) before
the bridge lands.

    .build-phoenix-venv/bin/python scripts/phoenix/emit_reference_trace.py --project NAME [--url URL]

Runs with the Phoenix venv's Python, which has opentelemetry-sdk and the OTLP/HTTP exporter.
"""

import argparse

from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.trace import Status, StatusCode

DOCUMENTS = [
    ("task-locals", "Task-local values are inherited by child tasks but not by detached tasks or threads.", 0.93),
    ("swift-concurrency", "Swift concurrency uses async/await, tasks and actors.", 0.88),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:6006")
    parser.add_argument("--project", required=True)
    args = parser.parse_args()

    provider = TracerProvider(
        resource=Resource.create({"service.name": "reference-trace", "openinference.project.name": args.project})
    )
    provider.add_span_processor(SimpleSpanProcessor(OTLPSpanExporter(endpoint=f"{args.url.rstrip('/')}/v1/traces")))
    tracer = provider.get_tracer("emit_reference_trace")

    def span(name, kind, **attributes):
        return tracer.start_as_current_span(
            name, attributes={"openinference.span.kind": kind, **attributes}, record_exception=False,
            set_status_on_exception=False,
        )

    def fail(current, message):
        current.set_status(Status(StatusCode.ERROR, message))

    with span("PhoenixDemo.query", "CHAIN"):
        for question in ["How do task-local values reach child tasks?", "   "]:
            failing = not question.strip()
            with span("RAGPipeline.query", "CHAIN", **{"input.value": question}) as query:
                with span("RAGPipeline.validate", "CHAIN"):
                    pass
                documents = {}
                for index, (doc_id, content, score) in enumerate(DOCUMENTS):
                    prefix = f"retrieval.documents.{index}.document."
                    documents |= {prefix + "id": doc_id, prefix + "content": content, prefix + "score": score}
                with span("VectorRetriever.retrieve", "RETRIEVER", **documents):
                    with span("LetterEmbeddingModel.embed", "EMBEDDING", **{"embedding.model_name": "letters-26"}):
                        pass
                with span("WordOverlapReranker.rerank", "RERANKER"):
                    pass
                with span("RAGPipeline.synthesize", "CHAIN") as synthesize:
                    with span("QuotingChatModel.streamPredict", "LLM") as predict:
                        with span("QuotingChatModel.streamChat", "LLM", **{"llm.model_name": "quoting-1"}) as chat:
                            if failing:
                                fail(chat, "the question is empty")
                            else:
                                chat.set_attribute("llm.token_count.prompt", 21)
                                chat.set_attribute("llm.token_count.completion", 18)
                                chat.set_attribute("llm.token_count.total", 39)
                                chat.set_attribute("output.value", "As the documents say: ...")
                        if failing:
                            fail(predict, "the question is empty")
                    if failing:
                        fail(synthesize, "the question is empty")
                if failing:
                    fail(query, "the question is empty")
                else:
                    query.set_attribute("output.value", "As the documents say: ...")
        with span("WordCountingAgent.step", "AGENT"):
            with span("WordCountTool.call", "TOOL", **{"output.value": "18"}):
                pass
    provider.shutdown()


if __name__ == "__main__":
    main()
