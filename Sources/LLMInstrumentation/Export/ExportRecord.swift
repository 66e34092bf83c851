import Foundation

/// One record waiting to be written: an event, or a finished span. Turned into JSON on the
/// writer's thread, never on the caller's.
enum ExportRecord: Sendable {
    case event(any Event)
    case span(ExportedSpan)

    /// Appends the record as one line of JSON, with its newline.
    func appendJSONLine(to output: inout JSONByteBuffer, maximumValueLength: Int) {
        switch self {
        case .event(let event):
            var fields: [String: JSONValue]
            do {
                fields = try event.jsonValue().objectValue ?? [:]
            } catch {
                // An event whose own encoding fails still leaves a valid record saying so.
                fields = event.metadata.baseFields
                fields["class_name"] = .string(event.className)
                fields["encoding_error"] = .string(String(describing: error))
            }
            fields["record"] = "event"
            JSONTextWriter.write(.object(fields), into: &output)
        case .span(let span):
            span.appendJSONLine(to: &output, maximumValueLength: maximumValueLength)
        }
        output.append(UInt8(ascii: "\n"))
    }
}
