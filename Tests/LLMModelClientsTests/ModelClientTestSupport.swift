import Foundation
import LLMInstrumentation
import Logging
import Synchronization

/// An event handler that keeps every event it receives, in order.
final class RecordingEventHandler: EventHandler {
    private let recorded = Mutex<[any Event]>([])

    func handle(_ event: some Event) {
        recorded.withLock { $0.append(event) }
    }

    var events: [any Event] { recorded.withLock { $0 } }

    func events<E: Event>(of type: E.Type) -> [E] {
        events.compactMap { $0 as? E }
    }

    /// Every event's dump (`model_dump(mode="json")`), as JSON text.
    var dumps: [String] {
        events.map { (try? JSONValueEncoder().encode($0).jsonString()) ?? "" }
    }
}

/// A dispatcher of its own, with a recording event handler, a simple span handler and a
/// JSON-lines exporter writing to a temporary file.
struct TracedWorld {
    let dispatcher: Dispatcher
    let events = RecordingEventHandler()
    let spans = SimpleSpanHandler()
    let exporter: JSONLinesExporter
    let exportURL: URL

    init(diagnosticLogger: Logger? = nil) throws {
        dispatcher = DispatcherRegistry(diagnosticLogger: diagnosticLogger).dispatcher(named: "clients.test")
        dispatcher.propagate = false
        exportURL = FileManager.default.temporaryDirectory.appendingPathComponent("clients-\(UUID().uuidString).jsonl")
        exporter = try JSONLinesExporter(url: exportURL)
        dispatcher.addEventHandler(events)
        dispatcher.addSpanHandler(spans)
        exporter.install(on: dispatcher)
    }

    /// The export file's text, after a flush.
    func exportedText() throws -> String {
        exporter.flush()
        return try String(contentsOf: exportURL, encoding: .utf8)
    }
}

/// The text of one Server-Sent Event carrying `json` as its data.
func sse(_ json: String) -> String {
    "data: \(json)\n\n"
}
