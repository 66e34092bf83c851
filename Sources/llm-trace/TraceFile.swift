import ArgumentParser
import Foundation
import LLMInstrumentation
import LLMInstrumentationReading

/// A trace file read for `show`, `stats` and `tail`: its spans as trees and the LLM facts of each
/// span (model, tokens), with clear errors for files that are missing, empty or not traces.
struct TraceFile {
    let contents: JSONLinesReader.Contents

    /// Reads `path`, reporting unreadable lines on standard error.
    init(path: String) throws {
        let url = URL(fileURLWithPath: path)
        do {
            contents = try JSONLinesReader.read(contentsOf: url)
        } catch {
            throw TraceFileError(message: error.description)
        }
        if contents.spans.isEmpty && contents.events.isEmpty {
            if contents.problems.isEmpty {
                throw TraceFileError(message: "\(path) is empty: no spans or events")
            }
            throw TraceFileError(message: "\(path) is not a trace file (\(contents.problems[0]))")
        }
        for problem in contents.problems {
            FileHandle.standardError.write(Data("llm-trace: skipping \(path) \(problem)\n".utf8))
        }
        for key in [RequestContext.sessionIDKey, RequestContext.userIDKey] {
            let wrong = contents.spans.filter { span in span.tags[key].map { $0.stringValue == nil } ?? false }
            if let first = wrong.first {
                FileHandle.standardError.write(
                    Data(
                        "llm-trace: \(wrong.count) span(s) of \(path) have a \(key) that is not a string (\(first.id)); they belong to no \(key == RequestContext.sessionIDKey ? "session" : "user")\n"
                            .utf8
                    )
                )
            }
        }
    }

    /// The LLM facts of a span: the model it called, the tokens it used and what they cost
    /// (`nil` when no cost was recorded).
    struct LLMFacts {
        var model: String?
        var promptTokens = 0
        var completionTokens = 0
        var cost: Double?

        mutating func add(_ usage: TokenUsage?, _ cost: TokenCost?) {
            if let usage {
                promptTokens += usage.promptTokens
                completionTokens += usage.completionTokens
            }
            if let cost { self.cost = (self.cost ?? 0) + cost.total }
        }
    }

    /// LLM facts by span id, from the chat and completion events.
    var llmFacts: [String: LLMFacts] {
        var facts: [String: LLMFacts] = [:]
        for event in contents.events {
            guard let spanID = event.spanID else { continue }
            switch event {
            case let start as LLMChatStartEvent:
                facts[spanID, default: LLMFacts()].model = start.modelDict["model"]?.stringValue
            case let start as LLMCompletionStartEvent:
                facts[spanID, default: LLMFacts()].model = start.modelDict["model"]?.stringValue
            case let end as LLMChatEndEvent:
                facts[spanID, default: LLMFacts()].add(end.response?.tokenUsage, end.response?.cost)
            case let end as LLMCompletionEndEvent:
                facts[spanID, default: LLMFacts()].add(end.response.tokenUsage, end.response.cost)
            default:
                break
            }
        }
        return facts
    }
}

extension SpanRecord {
    /// The session id of the span's request context, if it has one.
    var sessionID: String? { tags[RequestContext.sessionIDKey]?.stringValue }
    /// The user id of the span's request context, if it has one.
    var userID: String? { tags[RequestContext.userIDKey]?.stringValue }
}

/// Formats a cost in US dollars with enough digits for a single cheap call.
func formattedCost(_ dollars: Double) -> String {
    String(format: dollars < 0.01 ? "$%.6f" : "$%.4f", dollars)
}

/// A trace file problem, printed as `llm-trace: <message>` with a non-zero exit.
struct TraceFileError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
