#!/usr/bin/env python3
"""Checks, through Phoenix's REST API, the trace that `phoenix-demo query` and `phoenix-demo agent`
(Examples/PhoenixTracing) exported: every expected span arrived, once per expected call, in one
trace spanning both processes, linked to the right parents, with the right OpenInference span
kinds, statuses and attributes. Prints a report; exits 1 on any failed check, 2 on a usage or
connection error.

    scripts/phoenix/check_traces.py --project NAME [--url http://127.0.0.1:6006] [--expect full|standin]

--expect full     everything below, as the real TracingBridge (LLMInstrumentationTracing) should export it
--expect standin  names, counts, one trace, parent links, span kinds and error statuses only: what the
                  temporary BridgeStandIn of the example exports (no model names, tokens, documents)

Uses GET /v1/projects/{project}/spans (Phoenix 20.x): pages of `{"data": [span...], "next_cursor":
str|null}` where a span is `{"name", "context": {"trace_id", "span_id"}, "parent_id", "span_kind",
"status_code" ("OK"|"ERROR"|"UNSET"), "status_message", "attributes" (flattened: "a.b.0.c"), ...}`;
Phoenix moves the `openinference.span.kind` attribute into `span_kind`. Export and ingestion are
asynchronous, so it polls until the expected number of spans has arrived and stopped growing.
Only the standard library: it runs with any python3.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass(frozen=True)
class Matcher:
    """A named test on an attribute value."""

    description: str
    test: Callable[[Any], bool]


STRING = Matcher("a string", lambda v: isinstance(v, str))
TEXT = Matcher("a non-empty string", lambda v: isinstance(v, str) and v.strip() != "")
NUMBER = Matcher("a number", lambda v: isinstance(v, (int, float)) and not isinstance(v, bool))
POSITIVE = Matcher("a number > 0", lambda v: NUMBER.test(v) and v > 0)


@dataclass(frozen=True)
class Expect:
    """One row of the expectations: the spans of one name."""

    name: str
    count: int  # how many spans of this name, across both processes
    parent: str | None  # the name of their parent span; None for the root
    kinds: frozenset[str]  # accepted openinference.span.kind values
    errors: int = 0  # how many of them end with status ERROR (the others OK or UNSET)
    error_message: str | None = None  # text the ERROR spans' status message contains
    attributes: dict[str, Any] = field(default_factory=dict)  # on every span (full mode)
    ok_attributes: dict[str, Any] = field(default_factory=dict)  # on the non-ERROR spans (full mode)


def kinds(*names: str) -> frozenset[str]:
    return frozenset(names)


# ---------------------------------------------------------------------------------------------------
# The expectations. `phoenix-demo query` runs RAGPipeline.query twice inside the root span
# PhoenixDemo.query: the first question succeeds, the second is blank (so its input.value may be
# blank too) and the chat model throws "the question is empty". `phoenix-demo agent`, another
# process, restores the propagation context captured inside the root span and runs one agent
# step, whose spans join the same trace. Adjust the rows to what the real bridge exports.
ROOT = "PhoenixDemo.query"
EMPTY_QUESTION = "the question is empty"
DOCUMENT = "retrieval.documents.0.document."
EXPECTED: list[Expect] = [
    #      name                           count parent                         span kinds
    Expect(ROOT,                              1, None,                          kinds("CHAIN")),
    Expect("RAGPipeline.query",               2, ROOT,                          kinds("CHAIN"), errors=1,
           attributes={"input.value": STRING}, ok_attributes={"output.value": TEXT}),
    Expect("RAGPipeline.validate",            2, "RAGPipeline.query",           kinds("CHAIN")),
    Expect("VectorRetriever.retrieve",        2, "RAGPipeline.query",           kinds("RETRIEVER"),
           ok_attributes={DOCUMENT + "id": TEXT, DOCUMENT + "score": NUMBER, DOCUMENT + "content": TEXT}),
    Expect("LetterEmbeddingModel.embed",      2, "VectorRetriever.retrieve",    kinds("EMBEDDING"),
           attributes={"embedding.model_name": "letters-26"}),
    Expect("WordOverlapReranker.rerank",      2, "RAGPipeline.query",           kinds("RERANKER")),
    Expect("RAGPipeline.synthesize",          2, "RAGPipeline.query",           kinds("CHAIN"), errors=1),
    Expect("QuotingChatModel.streamPredict",  2, "RAGPipeline.synthesize",      kinds("LLM"), errors=1,
           error_message=EMPTY_QUESTION),
    Expect("QuotingChatModel.streamChat",     2, "QuotingChatModel.streamPredict", kinds("LLM"), errors=1,
           error_message=EMPTY_QUESTION,
           attributes={"llm.model_name": "quoting-1"},
           ok_attributes={"llm.token_count.prompt": POSITIVE, "llm.token_count.completion": POSITIVE,
                          "llm.token_count.total": POSITIVE, "output.value": TEXT}),
    Expect("WordCountingAgent.step",          1, ROOT,                          kinds("AGENT", "CHAIN")),
    Expect("WordCountTool.call",              1, "WordCountingAgent.step",      kinds("TOOL"),
           ok_attributes={"output.value": TEXT}),
]
# ---------------------------------------------------------------------------------------------------


class Report:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def check(self, ok: bool, what: str, detail: str = "") -> None:
        if ok:
            self.passed += 1
            print(f"  PASS  {what}")
        else:
            self.failed += 1
            print(f"  FAIL  {what}" + (f": {detail}" if detail else ""))


def fetch_spans(base_url: str, project: str, page_size: int) -> list[dict[str, Any]] | None:
    """Every span of the project, following next_cursor; None while the project does not exist."""
    spans: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        query = {"limit": str(page_size)}
        if cursor:
            query["cursor"] = cursor
        url = f"{base_url}/v1/projects/{urllib.parse.quote(project, safe='')}/spans?{urllib.parse.urlencode(query)}"
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                page = json.load(response)
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return None  # no span of this project has been ingested yet
            raise
        spans.extend(page.get("data") or [])
        cursor = page.get("next_cursor")
        if not cursor:
            return spans


def wait_for_spans(base_url: str, project: str, expected: int, timeout: float, page_size: int) -> list[dict[str, Any]]:
    """Polls until at least `expected` spans are there and two polls in a row agree, or `timeout`."""
    deadline = time.monotonic() + timeout
    previous = -1
    spans: list[dict[str, Any]] = []
    while True:
        spans = fetch_spans(base_url, project, page_size) or []
        if len(spans) >= expected and len(spans) == previous:
            return spans
        if time.monotonic() >= deadline:
            return spans
        previous = len(spans)
        time.sleep(1.0)


def attribute_problem(value: Any, want: Any) -> str | None:
    if isinstance(want, Matcher):
        return None if want.test(value) else f"is {value!r}, expected {want.description}"
    return None if value == want else f"is {value!r}, expected {want!r}"


def print_tree(spans: list[dict[str, Any]]) -> None:
    by_id = {s["context"]["span_id"]: s for s in spans}
    children: dict[str | None, list[dict[str, Any]]] = {}
    for span in spans:
        parent = span.get("parent_id")
        children.setdefault(parent if parent in by_id else None, []).append(span)
    for group in children.values():
        group.sort(key=lambda s: s.get("start_time") or "")

    def show(span: dict[str, Any], depth: int) -> None:
        status = span.get("status_code", "?")
        if status == "ERROR":
            status += f" ({span.get('status_message', '')})"
        orphan = "" if depth or not span.get("parent_id") else f"  [parent {span['parent_id']} not in the trace]"
        print(f"    {'  ' * depth}{span['name']}  {span.get('span_kind')}  {status}{orphan}")
        for child in children.get(span["context"]["span_id"], []):
            show(child, depth + 1)

    for root in children.get(None, []):
        show(root, 0)


def check(spans: list[dict[str, Any]], mode: str, report: Report) -> None:
    full = mode == "full"
    by_id = {s["context"]["span_id"]: s for s in spans}
    by_name: dict[str, list[dict[str, Any]]] = {}
    for span in spans:
        by_name.setdefault(span["name"], []).append(span)

    print("\nspans arrived:")
    for expect in EXPECTED:
        got = len(by_name.get(expect.name, []))
        report.check(got == expect.count, f"{expect.name}: {expect.count} span(s)", f"found {got}")
    unexpected = sorted(set(by_name) - {e.name for e in EXPECTED})
    report.check(not unexpected, "no unexpected span names",
                 ", ".join(f"{n} x{len(by_name[n])}" for n in unexpected))

    print("\none trace, linked:")
    trace_ids = sorted({s["context"]["trace_id"] for s in spans})
    report.check(len(trace_ids) == 1, "exactly one trace id across the spans of both processes",
                 f"found {len(trace_ids)}: {', '.join(trace_ids)}")
    roots = [s for s in spans if not s.get("parent_id")]
    report.check(len(roots) == 1 and roots[0]["name"] == ROOT, f"a single root span, {ROOT}",
                 f"roots: {[r['name'] for r in roots]}")
    dangling = [s for s in spans if s.get("parent_id") and s["parent_id"] not in by_id]
    report.check(not dangling, "every parent link resolves to a span of the trace",
                 ", ".join(f"{s['name']} -> {s['parent_id']}" for s in dangling))
    for expect in EXPECTED:
        if expect.parent is None:
            continue
        wrong = [
            by_id[s["parent_id"]]["name"] if s.get("parent_id") in by_id else s.get("parent_id")
            for s in by_name.get(expect.name, [])
            if not (s.get("parent_id") in by_id and by_id[s["parent_id"]]["name"] == expect.parent)
        ]
        if by_name.get(expect.name):
            report.check(not wrong, f"{expect.name}: child of {expect.parent}", f"parents: {wrong}")

    print("\nspan kinds and statuses:")
    for expect in EXPECTED:
        found = by_name.get(expect.name, [])
        if not found:
            continue
        bad_kinds = sorted({str(s.get("span_kind")) for s in found} - expect.kinds)
        report.check(not bad_kinds, f"{expect.name}: kind {'/'.join(sorted(expect.kinds))}",
                     f"found {bad_kinds}")
        errors = [s for s in found if s.get("status_code") == "ERROR"]
        others = sorted({s.get("status_code") for s in found if s.get("status_code") != "ERROR"} - {"OK", "UNSET"})
        report.check(len(errors) == expect.errors and not others,
                     f"{expect.name}: {expect.errors} ERROR, the rest OK",
                     f"{len(errors)} ERROR, other statuses {others}")
        if expect.error_message and errors:
            messages = [s.get("status_message", "") for s in errors]
            report.check(all(expect.error_message in m for m in messages),
                         f"{expect.name}: error says {expect.error_message!r}", f"messages: {messages}")

    if not full:
        print("\nattributes: not checked (--expect standin)")
        return
    print("\nattributes:")
    for expect in EXPECTED:
        found = by_name.get(expect.name, [])
        for span in found:
            wanted = dict(expect.attributes)
            if span.get("status_code") != "ERROR":
                wanted.update(expect.ok_attributes)
            if not wanted:
                continue
            attributes = span.get("attributes") or {}
            problems = []
            for key, want in wanted.items():
                if key not in attributes:
                    problems.append(f"{key} missing")
                elif (problem := attribute_problem(attributes[key], want)) is not None:
                    problems.append(f"{key} {problem}")
            report.check(not problems, f"{expect.name} ({span.get('status_code')}): {', '.join(sorted(wanted))}",
                         "; ".join(problems))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:6006", help="Phoenix's base URL")
    parser.add_argument("--project", required=True, help="the Phoenix project (phoenix-demo --project)")
    parser.add_argument("--expect", choices=["full", "standin"], default="full",
                        help="full: the real bridge; standin: the example's temporary BridgeStandIn")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for the spans")
    parser.add_argument("--page-size", type=int, default=100, help="spans per REST page (1 to 1000)")
    args = parser.parse_args()

    expected_total = sum(e.count for e in EXPECTED)
    started = time.monotonic()
    try:
        spans = wait_for_spans(args.url.rstrip("/"), args.project, expected_total, args.timeout, args.page_size)
    except (urllib.error.URLError, OSError, json.JSONDecodeError) as error:
        print(f"check_traces: cannot read spans from {args.url}: {error}", file=sys.stderr)
        return 2
    print(f"check_traces: project {args.project!r} at {args.url}, expectations {args.expect!r}: "
          f"{len(spans)} span(s) after {time.monotonic() - started:.1f} s ({expected_total} expected)")
    print_tree(spans)

    report = Report()
    check(spans, args.expect, report)
    print(f"\ncheck_traces: {report.passed} passed, {report.failed} failed")
    return 0 if report.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
