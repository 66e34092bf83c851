// libFuzzer target: `PropagationContext(jsonString:)` on arbitrary text, as a header from another
// process would arrive.
//
// A context that decodes must survive a round trip through `jsonString()` with the same values (or
// be refused only for its size: re-encoding can grow a number, "1e-7" becomes "1e-07"): the same
// values, as JSON has one kind of number and a whole number read back is an `.int` even when it was
// a `.double` (see `JSONValue.int`); the first run of this target found that. Restoring it on a
// dispatcher must give exactly the tags and active span it carries when they are well formed, with
// the spans entered inside it parented to that span. The registry is a fresh one made for this
// process (registries and their dispatchers hold each other, so one per input would only pile up),
// with its diagnostics discarded. Build and run with `Fuzz/run.sh`.

import Foundation
import LLMInstrumentation
import Logging

let registry = DispatcherRegistry(diagnosticLogger: Logger(label: "fuzz") { _ in SwiftLogNoOpLogHandler() })
let dispatcher = registry.dispatcher(named: "fuzz.receiver")
let spans: SimpleSpanHandler = {
    let handler = SimpleSpanHandler(capacity: 1, logger: Logger(label: "fuzz") { _ in SwiftLogNoOpLogHandler() })
    dispatcher.addSpanHandler(handler)
    return handler
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let text = bytes.map { String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self) } ?? ""
    let context: PropagationContext
    do {
        context = try PropagationContext(jsonString: text)
    } catch {
        precondition(!error.description.isEmpty)
        return 0
    }

    let wire = context.jsonString()
    do {
        let again = try PropagationContext(jsonString: wire)
        precondition(
            sameJSON(.object(again.values), .object(context.values)),
            "the round trip changed the context: \(text.prefix(200)) -> \(wire.prefix(200))"
        )
    } catch .tooLarge {
        precondition(wire.utf8.count > PropagationContext.maximumEncodedSize)
    } catch {
        preconditionFailure("the context's own text was refused: \(error); \(wire.prefix(300))")
    }

    let restored = dispatcher.restorePropagationContext(context)
    if case .object(let tags)? = context.values[PropagationContext.tagsKey] {
        precondition(restored.tags == tags, "tags not restored")
    } else {
        precondition(restored.tags.isEmpty, "tags restored from a malformed member")
    }
    if case .string(let spanID)? = context.values[PropagationContext.spanIDKey], !spanID.isEmpty {
        precondition(restored.spanID == spanID, "active span not restored")
    } else {
        precondition(restored.spanID == nil, "active span restored from a malformed member")
    }

    let recaptured = dispatcher.restorePropagationContext(context) { () -> PropagationContext in
        dispatcher.span("fuzz") {}
        return dispatcher.capturePropagationContext()
    }
    precondition(spans.completedSpans.last?.parentID == restored.spanID, "the next span's parent is not the restored span")
    precondition(recaptured.values[PropagationContext.tagsKey]?.objectValue ?? [:] == restored.tags)
    return 0
}

/// Whether two values are the same JSON: numbers compare by value, whatever their case.
func sameJSON(_ first: JSONValue, _ second: JSONValue) -> Bool {
    switch (first, second) {
    case (.int, .double), (.double, .int), (.double, .double):
        return first.doubleValue == second.doubleValue
    case (.array(let firstElements), .array(let secondElements)):
        return firstElements.count == secondElements.count && zip(firstElements, secondElements).allSatisfy(sameJSON)
    case (.object(let firstMembers), .object(let secondMembers)):
        return firstMembers.count == secondMembers.count
            && firstMembers.allSatisfy { key, value in secondMembers[key].map { sameJSON(value, $0) } ?? false }
    default:
        return first == second
    }
}
