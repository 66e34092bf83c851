/// Identifies one handler added to one dispatcher, to remove it later with
/// ``Dispatcher/removeHandler(_:)``.
public struct HandlerID: Sendable, Hashable {
    private let raw: UInt64

    init() {
        raw = UniqueID.nextRaw()
    }
}
