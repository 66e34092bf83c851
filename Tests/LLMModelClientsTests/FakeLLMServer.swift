import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// fakellm (PyPI 0.3.5, a mock server of the OpenAI and Anthropic APIs configured in YAML) running
/// as a process of its own on 127.0.0.1. Its virtual environment is made by
/// `scripts/fakellm/setup.sh` the first time (`.ci/run` makes it before the tests).
final class FakeLLMServer: Sendable {
    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    private let process: Process
    /// `http://127.0.0.1:<port>`: the Anthropic API's base; the OpenAI API's is ``openAIBaseURL``.
    let baseURL: String
    var openAIBaseURL: String { baseURL + "/v1" }

    private init(process: Process, port: Int) {
        self.process = process
        self.baseURL = "http://127.0.0.1:\(port)"
    }

    deinit {
        stop()
    }

    private static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Starts fakellm with the rules of `configuration` (its YAML) and returns once it listens.
    static func start(configuration: String) async throws -> FakeLLMServer {
        let command = try run(packageRoot.appendingPathComponent("scripts/fakellm/setup.sh").path)
        let configURL = FileManager.default.temporaryDirectory.appendingPathComponent(
            "fakellm-\(UUID().uuidString).yaml"
        )
        try configuration.write(to: configURL, atomically: true, encoding: .utf8)
        let port = try await freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command)
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", String(port), "--config", configURL.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let server = FakeLLMServer(process: process, port: port)
        // uvicorn says on standard error when it listens (or why it could not start).
        let startup = try await waitForLine(containing: "Uvicorn running on", in: errors.fileHandleForReading)
        guard startup.isReady else {
            throw StartFailure(description: "fakellm did not start: \(startup.output)")
        }
        return server
    }

    /// A port of 127.0.0.1 that nothing listened on a moment ago.
    private static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress!.port!
        try await channel.close()
        return port
    }

    /// Reads `handle` on a thread of its own until a line contains `text` (ready) or it ends.
    private static func waitForLine(
        containing text: String,
        in handle: FileHandle
    ) async throws
        -> (isReady: Bool, output: String)
    {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var output = ""
                while true {
                    let data = handle.availableData
                    if data.isEmpty {
                        continuation.resume(returning: (false, output))
                        return
                    }
                    output += String(decoding: data, as: UTF8.self)
                    if output.contains(text) {
                        // Keep draining, so that the server never blocks on a full pipe.
                        Thread.detachNewThread { while !handle.availableData.isEmpty {} }
                        continuation.resume(returning: (true, output))
                        return
                    }
                }
            }
        }
    }

    /// Runs `path` and returns the last line it printed.
    private static func run(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw StartFailure(description: "\(path) exited with status \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
    }

    /// Stops the server. It is killed: on a polite signal uvicorn waits for the client's idle
    /// keep-alive connections to go, which the client's pool keeps.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
