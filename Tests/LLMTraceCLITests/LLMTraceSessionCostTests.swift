import Foundation
import LLMInstrumentation
import LLMInstrumentationReading
import Testing

/// A chat model that reports a fixed usage, under the model name it is given.
struct UsageReportingChatModel: ChatModel {
    var model: String
    var usage: TokenUsage

    var modelDict: [String: JSONValue] { ["model": .string(model)] }

    func chat(_ messages: [ChatMessage], options: [String: JSONValue]) async throws -> ChatResponse {
        var response = ChatResponse(message: ChatMessage(role: .assistant, content: "ok"))
        response.tokenUsage = usage
        return response
    }

    func streamChat(_ messages: [ChatMessage], options: [String: JSONValue]) -> AsyncStream<ChatResponse> {
        AsyncStream { $0.finish() }
    }
}

extension LLMTraceCLITests {
    /// Writes, through the real exporter, three requests: session s-1 of alice on gpt-4o twice
    /// (one with a dated model id), session s-2 of bob on claude-sonnet-4, and one call of a model
    /// without a price outside any session.
    func writeSessionTrace(to url: URL) async throws {
        let dispatcher = Dispatcher.named("LLMTraceSessionCostTests.\(UUID().uuidString)")
        let exporter = try JSONLinesExporter(url: url)
        exporter.install(on: dispatcher)
        let usage = TokenUsage(promptTokens: 1000, completionTokens: 100)
        let calls: [(session: String?, user: String?, model: String)] = [
            ("s-1", "alice", "gpt-4o"), ("s-1", "alice", "gpt-4o-2024-08-06"),
            ("s-2", "bob", "claude-sonnet-4-20250514"),
            (nil, nil, "homegrown-1"),
        ]
        for call in calls {
            let model = UsageReportingChatModel(model: call.model, usage: usage).instrumented(dispatcher: dispatcher)
            try await withRequestContext(session: call.session, user: call.user) {
                try await dispatcher.span("request") { _ = try await model.chat([]) }
            }
        }
        exporter.close()
    }

    @Test("show puts the cost on each LLM span and keeps only the traces of --session or --user")
    func showBySessionAndUser() async throws {
        let file = try temporaryFile("sessions.jsonl")
        try await writeSessionTrace(to: file)
        let gpt4o = "cost=$0.003500"  // 1,000 × $2.50 + 100 × $10 per million
        let sonnet = "cost=$0.004500"  // 1,000 × $3 + 100 × $15 per million

        let all = try run(["show", file.path])
        #expect(all.status == 0)
        #expect(all.output.components(separatedBy: gpt4o).count == 3)
        #expect(all.output.contains(sonnet))
        #expect(all.output.contains("model=homegrown-1  tokens=1000+100  in:"), "no cost for a model without a price")

        let session = try run(["show", file.path, "--session", "s-1"])
        #expect(session.output.components(separatedBy: "\n").filter { $0.hasPrefix("request") }.count == 2)
        #expect(!session.output.contains("claude") && !session.output.contains("homegrown"))
        let user = try run(["show", file.path, "--user", "bob"])
        #expect(user.output.contains(sonnet) && !user.output.contains("gpt-4o"))
        let nobody = try run(["show", file.path, "--session", "s-9"])
        #expect(nobody.status != 0)
        #expect(nobody.errors.contains("no span of session s-9 in"))
    }

    @Test("stats has the cost per model, per session, per user on request, and in total")
    func statsCost() async throws {
        let file = try temporaryFile("sessions.jsonl")
        try await writeSessionTrace(to: file)

        let table = try run(["stats", file.path, "--by", "session", "--by", "user"])
        #expect(table.status == 0)
        let lines = table.output.split(separator: "\n").map(String.init)
        func row(_ name: String, after header: String) -> String? {
            guard let start = lines.firstIndex(where: { $0.hasPrefix(header) }) else { return nil }
            return lines[(start + 1)...].first { $0.hasPrefix(name + " ") }
        }
        #expect(
            row("gpt-4o", after: "model")
                == "gpt-4o                  1           1000                100    $0.003500            -"
        )
        #expect(row("gpt-4o-2024-08-06", after: "model")?.contains("$0.003500") == true, "priced as gpt-4o")
        #expect(row("homegrown-1", after: "model")?.contains("   -   ") == true)
        #expect(
            row("total", after: "model") == "total                   4           4000                400      $0.0115"
        )
        #expect(
            row("s-1", after: "session") == "s-1                     2           2000                200    $0.007000"
        )
        #expect(
            row("s-2", after: "session") == "s-2                     1           1000                100    $0.004500"
        )
        #expect(row("bob", after: "user") == "bob                     1           1000                100    $0.004500")

        let json = try run(["stats", file.path, "--json", "--by", "user"])
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(json.output.utf8))
        let total = try #require(value["total"]?["cost"]?.doubleValue)
        #expect(abs(total - 0.0115) < 1e-12)
        #expect(value["models"]?["homegrown-1"]?["cost"] == .null)
        #expect(value["users"]?["alice"]?["calls"] == 2)
        #expect(value["sessions"] == nil, "only the groupings asked for")
    }

    @Test(
        "OPENINFERENCE_HIDE_INPUTS and _OUTPUTS in the environment of a real process keep its questions and answers out of the trace"
    )
    func environmentPolicy() throws {
        let file = try temporaryFile("hidden.jsonl")
        let demo = try run(
            ["demo", "--output", file.path],
            environment: ["OPENINFERENCE_HIDE_INPUTS": "true", "OPENINFERENCE_HIDE_OUTPUTS": "true"]
        )
        #expect(demo.status == 0)
        #expect(demo.output.contains("answer 1: As the documents say"), "the program itself is unchanged")
        let trace = try String(contentsOf: file, encoding: .utf8)
        #expect(trace.contains("LLMChatEndEvent") && trace.contains(ContentPolicy.redacted))
        for secret in ["task-local values reach child tasks", "As the documents say", "inherited by child tasks"] {
            #expect(!trace.contains(secret), "\(secret)")
        }
        #expect(trace.contains(#""prompt_tokens":34"#), "token counts stay")
        let open = try run(["demo", "--output", file.path])
        #expect(open.status == 0)
        #expect(try String(contentsOf: file, encoding: .utf8).contains("task-local values reach child tasks"))
    }

    @Test("a session or user id that is not a string (a file from elsewhere) is reported, and the span joins no group")
    func nonStringSession() throws {
        let file = try temporaryFile("numeric-session.jsonl")
        try #"""
        {"record":"span","id":"a-1","name":"a","parent_id":null,"start":"2026-12-01T00:00:00.000000Z","duration":0.001,"status":"ok","tags":{"session.id":42,"user.id":"carol"}}
        {"record":"span","id":"b-1","name":"b","parent_id":null,"start":"2026-12-01T00:00:01.000000Z","duration":0.001,"status":"ok","tags":{"session.id":"s-7"}}

        """#.write(to: file, atomically: true, encoding: .utf8)
        let shown = try run(["show", file.path, "--session", "s-7"])
        #expect(shown.status == 0)
        #expect(shown.output == "b  1.0 ms  ok\n")
        #expect(
            shown.errors.contains(
                "1 span(s) of \(file.path) have a session.id that is not a string (a-1); they belong to no session"
            )
        )
        let byUser = try run(["show", file.path, "--user", "carol"])
        #expect(byUser.output == "a  1.0 ms  ok\n")
        let stats = try run(["stats", file.path, "--json"])
        #expect(stats.status == 0)
    }
}
