/// One part of a chat message: text, an image, the model's reasoning, or a tool call. Encodes to
/// the reference's blocks, told apart by `block_type`.
public enum ContentBlock: Sendable, Hashable {
    /// Text.
    case text(String)
    /// An image, by URL or inline data.
    case image(ImageBlock)
    /// The model's visible reasoning.
    case thinking(ThinkingBlock)
    /// A call of a tool the model asks for.
    case toolCall(ToolCallBlock)

    /// The text of a text block, or `nil`.
    public var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }
}

/// An image in a chat message.
public struct ImageBlock: Sendable, Hashable {
    /// Where the image is, if it is not inline.
    public var url: String?
    /// The image itself, Base64-encoded, if inline.
    public var base64Data: String?
    /// The image's MIME type, such as `image/png`.
    public var mimeType: String?
    /// The detail level asked of the model (`low`, `high`, `auto`), if any.
    public var detail: String?

    /// Creates an image block.
    public init(url: String? = nil, base64Data: String? = nil, mimeType: String? = nil, detail: String? = nil) {
        self.url = url
        self.base64Data = base64Data
        self.mimeType = mimeType
        self.detail = detail
    }
}

/// The model's visible reasoning in a chat message.
public struct ThinkingBlock: Sendable, Hashable {
    /// The reasoning text.
    public var content: String?
    /// How many tokens it took, if known.
    public var tokenCount: Int?
    /// Provider-specific extras (signatures, ids).
    public var additionalInformation: [String: JSONValue]

    /// Creates a thinking block.
    public init(content: String?, tokenCount: Int? = nil, additionalInformation: [String: JSONValue] = [:]) {
        self.content = content
        self.tokenCount = tokenCount
        self.additionalInformation = additionalInformation
    }
}

/// A tool call in a chat message.
public struct ToolCallBlock: Sendable, Hashable {
    /// The provider's id of the call, matched by the tool's answer.
    public var toolCallID: String?
    /// The tool's name.
    public var toolName: String
    /// The arguments, as a JSON object or as the raw text the model wrote.
    public var toolArguments: JSONValue

    /// Creates a tool call block.
    public init(toolCallID: String?, toolName: String, toolArguments: JSONValue) {
        self.toolCallID = toolCallID
        self.toolName = toolName
        self.toolArguments = toolArguments
    }
}

extension ContentBlock: Codable {
    private enum CodingKeys: String, CodingKey {
        case blockType = "block_type"
        case text, image, path, url
        case imageMimetype = "image_mimetype"
        case detail, content
        case numTokens = "num_tokens"
        case additionalInformation = "additional_information"
        case toolCallID = "tool_call_id"
        case toolName = "tool_name"
        case toolKwargs = "tool_kwargs"
    }

    /// Encodes the block in the reference's shape, every field present.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .text(let text):
            try container.encode("text", forKey: .blockType)
            try container.encode(text, forKey: .text)
        case .image(let image):
            try container.encode("image", forKey: .blockType)
            try container.encode(image.base64Data, forKey: .image)
            try container.encodeNil(forKey: .path)
            try container.encode(image.url, forKey: .url)
            try container.encode(image.mimeType, forKey: .imageMimetype)
            try container.encode(image.detail, forKey: .detail)
        case .thinking(let thinking):
            try container.encode("thinking", forKey: .blockType)
            try container.encode(thinking.content, forKey: .content)
            try container.encode(thinking.tokenCount, forKey: .numTokens)
            try container.encode(thinking.additionalInformation, forKey: .additionalInformation)
        case .toolCall(let call):
            try container.encode("tool_call", forKey: .blockType)
            try container.encode(call.toolCallID, forKey: .toolCallID)
            try container.encode(call.toolName, forKey: .toolName)
            try container.encode(call.toolArguments, forKey: .toolKwargs)
        }
    }

    /// Decodes a block of the kinds above; another `block_type` is a decoding error.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .blockType)
        switch type {
        case "text":
            self = .text(try container.decode(String.self, forKey: .text))
        case "image":
            self = .image(
                ImageBlock(
                    url: try container.decodeIfPresent(String.self, forKey: .url),
                    base64Data: try container.decodeIfPresent(String.self, forKey: .image),
                    mimeType: try container.decodeIfPresent(String.self, forKey: .imageMimetype),
                    detail: try container.decodeIfPresent(String.self, forKey: .detail)
                )
            )
        case "thinking":
            self = .thinking(
                ThinkingBlock(
                    content: try container.decodeIfPresent(String.self, forKey: .content),
                    tokenCount: try container.decodeIfPresent(Int.self, forKey: .numTokens),
                    additionalInformation: try container.decodeIfPresent(
                        [String: JSONValue].self,
                        forKey: .additionalInformation
                    ) ?? [:]
                )
            )
        case "tool_call":
            self = .toolCall(
                ToolCallBlock(
                    toolCallID: try container.decodeIfPresent(String.self, forKey: .toolCallID),
                    toolName: try container.decode(String.self, forKey: .toolName),
                    toolArguments: try container.decodeIfPresent(JSONValue.self, forKey: .toolKwargs) ?? .object([:])
                )
            )
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .blockType,
                in: container,
                debugDescription: "unknown content block type '\(type)'"
            )
        }
    }
}
