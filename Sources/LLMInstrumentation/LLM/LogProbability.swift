/// The log probability the model gave one token, as the reference records it.
public struct LogProbability: Sendable, Hashable, Codable {
    /// The token's text.
    public var token: String
    /// Its natural-log probability.
    public var logprob: Double
    /// Its bytes.
    public var bytes: [Int]

    /// Creates a log probability.
    public init(token: String, logprob: Double, bytes: [Int] = []) {
        self.token = token
        self.logprob = logprob
        self.bytes = bytes
    }
}
