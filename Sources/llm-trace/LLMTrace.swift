import Foundation

/// The `llm-trace` command line.
@main
enum LLMTrace {
    static let usage = """
        usage: llm-trace <command>

        commands:
          demo    run an instrumented RAG pipeline offline and print its events and trace trees
        """

    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        switch arguments.first {
        case "demo":
            exit(await DemoCommand.run())
        case "-h", "--help", "help":
            print(usage)
        case let other:
            let message = other.map { "llm-trace: unknown command '\($0)'\n" } ?? "llm-trace: no command given\n"
            FileHandle.standardError.write(Data((message + usage + "\n").utf8))
            exit(2)
        }
    }
}
