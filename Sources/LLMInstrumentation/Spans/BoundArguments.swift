/// The arguments a spanned call was made with, by name and in order: the Swift form of the
/// reference's `inspect.BoundArguments`.
///
/// Built with a dictionary literal, which keeps the order written:
///
/// ```swift
/// dispatcher.span("retrieve", instance: self, arguments: ["query": query, "topK": topK]) { ... }
/// ```
///
/// The dispatcher evaluates the arguments only when a handler will receive them.
public struct BoundArguments: Sendable, ExpressibleByDictionaryLiteral {
    /// One named argument.
    public struct Argument: Sendable {
        /// The parameter's name.
        public var name: String
        /// The value the call received.
        public var value: any Sendable

        /// Creates an argument.
        public init(name: String, value: any Sendable) {
            self.name = name
            self.value = value
        }

        /// Captures a `Sendable` argument as it is. The `@Spanned` macro builds arguments with
        /// this, so that each keeps its value whatever its type.
        ///
        /// For a `Sendable` value this overload is the more specific one and wins; for any other
        /// value it does not apply, and the text overload below does.
        public static func capture<Value: Sendable>(_ name: String, _ value: Value) -> Argument {
            Argument(name: name, value: value)
        }

        /// Captures an argument that is not `Sendable` (a class instance, `some Sequence<Int>`, an
        /// escaping closure) as its text (`String(describing:)`), since its value may not cross
        /// to a handler on another thread.
        ///
        /// Not disfavoured: the type checker treats a missing `Sendable` conformance as a
        /// warning-level mismatch rather than a failure, so a disfavoured overload here lost to the
        /// `Sendable` one and the call did not compile in Swift 6 mode.
        public static func capture<Value>(_ name: String, _ value: Value) -> Argument {
            Argument(name: name, value: String(describing: value))
        }
    }

    /// The arguments in the order of the parameters.
    public var arguments: [Argument]

    /// Creates bound arguments from named values, in order.
    public init(_ arguments: [Argument] = []) {
        self.arguments = arguments
    }

    /// Creates bound arguments from a literal, in the order written.
    public init(dictionaryLiteral elements: (String, any Sendable)...) {
        self.arguments = elements.map { Argument(name: $0.0, value: $0.1) }
    }

    /// The value of the argument named `name`, if there is one.
    public subscript(name: String) -> (any Sendable)? {
        arguments.first { $0.name == name }?.value
    }

    /// The argument names in order.
    public var names: [String] { arguments.map(\.name) }

    /// Whether there are no arguments.
    public var isEmpty: Bool { arguments.isEmpty }
}
