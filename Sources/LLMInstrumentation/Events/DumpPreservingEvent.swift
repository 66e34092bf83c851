/// An event that keeps the dump it was read from (LLMInstrumentationReading's `RecordedEvent`):
/// ``Event/jsonValue()`` gives that dump as it is, its own `class_name` included, rather than
/// encoding the event's fields under the type's name.
package protocol DumpPreservingEvent: Event {
    /// The dump the event was read from, with every field and its `class_name`.
    var dump: JSONValue { get }
}
