import LLMInstrumentation

/// Retrieved or reranked nodes as OpenInference document attributes, as the Python handler's
/// `_process_nodes` writes them: `<prefix>.N.document.id`, `.document.content` (when not empty),
/// `.document.score` (when known) and `.document.metadata` (JSON, when not empty).
enum DocumentAttributes {
    static func add(_ nodes: [NodeWithScore], prefix: String, into attributes: inout PendingAttributes) {
        for (index, node) in nodes.enumerated() {
            let nodePrefix = "\(prefix).\(index)."
            attributes.set(nodePrefix + OpenInference.documentID, node.id)
            if !node.text.isEmpty {
                attributes.set(nodePrefix + OpenInference.documentContent, node.text)
            }
            attributes.set(nodePrefix + OpenInference.documentScore, node.score)
            if !node.metadata.isEmpty {
                attributes.set(
                    nodePrefix + OpenInference.documentMetadata,
                    JSONValue.object(node.metadata).jsonString()
                )
            }
        }
    }
}
