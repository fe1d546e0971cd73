#!/usr/bin/env python3
"""Strict check of `svcsim run --traces` output against the official OTLP protos.

Usage: check_otlp_proto.py GENERATED_DIR TRACES.jsonl...

GENERATED_DIR holds the Python modules protoc made from tests/data/otlp-proto.
Every line is parsed with google.protobuf.json_format.Parse (unknown fields
are errors) into ExportTraceServiceRequest and TracesData, after the one
conversion OTLP's JSON encoding prescribes: trace and span ids are hex
strings in OTLP/JSON, where protobuf's JSON mapping of `bytes` expects
base64. Then ids, parent links, the root, and times are checked.
"""
import base64
import json
import sys

sys.path.insert(0, sys.argv[1])
from google.protobuf import json_format  # noqa: E402
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2  # noqa: E402
from opentelemetry.proto.trace.v1 import trace_pb2  # noqa: E402

HEX = set("0123456789abcdef")
ID_LENGTHS = {"traceId": 32, "spanId": 16, "parentSpanId": 16}
UNANSWERED = {"timed_out", "cancelled", "lost", "unfinished", "failed", "rejected"}


def fail(where, message):
    sys.exit(f"{where}: {message}")


def hex_ids_to_base64(document, where):
    """OTLP/JSON: ids are hex (lower case here); protobuf JSON wants base64 bytes."""
    for rs in document.get("resourceSpans", []):
        for ss in rs.get("scopeSpans", []):
            for span in ss.get("spans", []):
                for key, length in ID_LENGTHS.items():
                    if key not in span:
                        continue
                    text = span[key]
                    if len(text) != length or not set(text) <= HEX:
                        fail(where, f"{key} {text!r} is not {length} lower-case hex digits")
                    span[key] = base64.b64encode(bytes.fromhex(text)).decode()


def outcome(span):
    for a in span.attributes:
        if a.key == "svcsim.outcome":
            return a.value.string_value
    return None


def check_request(request, where):
    spans = []
    for rs in request.resource_spans:
        names = {a.key: a.value.string_value for a in rs.resource.attributes}
        if not names.get("service.name"):
            fail(where, "a resource without service.name")
        if names["service.name"] != "client" and not names.get("service.instance.id", "").startswith(
                names["service.name"] + "["):
            fail(where, f"resource {names}: service.instance.id is not node[i]")
        for ss in rs.scope_spans:
            spans.extend((names["service.name"], s) for s in ss.spans)
    if not spans:
        fail(where, "no spans")
    trace_ids = {s.trace_id for _, s in spans}
    if len(trace_ids) != 1 or len(next(iter(trace_ids))) != 16 or next(iter(trace_ids)) == bytes(16):
        fail(where, "not one valid trace id")
    by_id = {}
    for _, s in spans:
        if len(s.span_id) != 8 or s.span_id == bytes(8) or s.span_id in by_id:
            fail(where, f"span id {s.span_id.hex()} invalid or repeated")
        by_id[s.span_id] = s
    roots = [(service, s) for service, s in spans if not s.parent_span_id]
    if len(roots) != 1:
        fail(where, f"{len(roots)} roots")
    root_service, root = roots[0]
    if root_service != "client" or root.kind != trace_pb2.Span.SPAN_KIND_CLIENT:
        fail(where, "the root is not a CLIENT span of `client`")
    clean = all(outcome(s) not in UNANSWERED for _, s in spans)
    for _, s in spans:
        if s.start_time_unix_nano > s.end_time_unix_nano:
            fail(where, f"span {s.name} ends before it starts")
        if s.kind not in (trace_pb2.Span.SPAN_KIND_CLIENT, trace_pb2.Span.SPAN_KIND_SERVER):
            fail(where, f"span {s.name}: kind {s.kind}")
        if s.status.code == trace_pb2.Status.STATUS_CODE_ERROR and not s.status.message:
            fail(where, f"span {s.name}: ERROR without a message")
        if (s.status.code == trace_pb2.Status.STATUS_CODE_ERROR) != (outcome(s) in UNANSWERED - {"cancelled", "unfinished"}):
            fail(where, f"span {s.name}: status {s.status.code} and outcome {outcome(s)}")
        if s.start_time_unix_nano < root.start_time_unix_nano:
            fail(where, f"span {s.name} starts before its request")
        if not s.parent_span_id:
            continue
        parent = by_id.get(s.parent_span_id)
        if parent is None:
            fail(where, f"span {s.name}: parent {s.parent_span_id.hex()} not in the trace")
        if s.start_time_unix_nano < parent.start_time_unix_nano:
            fail(where, f"span {s.name} starts before its parent {parent.name}")
        # Where every call was answered, each span lies within its parent (and so within the request).
        if clean and s.end_time_unix_nano > parent.end_time_unix_nano:
            fail(where, f"span {s.name} ends after its parent {parent.name}")
    return len(spans)


def main():
    lines = spans = 0
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                where = f"{path}:{number}"
                document = json.loads(line)
                hex_ids_to_base64(document, where)
                text = json.dumps(document)
                request = trace_service_pb2.ExportTraceServiceRequest()
                try:
                    json_format.Parse(text, request)  # strict: unknown fields are errors
                    json_format.Parse(text, trace_pb2.TracesData())
                except json_format.ParseError as e:
                    fail(where, f"not valid OTLP: {e}")
                spans += check_request(request, where)
                lines += 1
    if lines == 0:
        sys.exit("no traces to check")
    print(f"check_otlp_proto: {lines} requests, {spans} spans: valid OTLP, ids, parents, one root each, times")


if __name__ == "__main__":
    main()
