/// A value that encodes like a pydantic model's `model_dump`: every field, `null` for one that is
/// absent.
///
/// The compiler's synthesised `encode(to:)` leaves an absent optional out; ``JSONValueEncoder``
/// writes it as `null` for a conforming type, so that the type can use the synthesised
/// conformance and still dump every field, as the reference does. Every ``Event`` is one, and
/// so are the built-in payloads events carry (``ChatResponse``, ``QueryBundle``, ...); conform
/// your own payload types to it when they travel in events:
///
/// ```swift
/// struct Citation: ModelDumpEncodable {
///     var url: String
///     var page: Int?   // written as "page": null when nil
/// }
/// ```
///
/// Other encoders (`JSONEncoder`) use their own rules and leave absent optionals out. The
/// built-in payloads spell their snake_case keys out, so that `JSONDecoder` reads the reference's
/// dumps of them too; events leave the keys to ``JSONValueEncoder``.
public protocol ModelDumpEncodable: Encodable {}
