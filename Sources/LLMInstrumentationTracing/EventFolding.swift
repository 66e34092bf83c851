import LLMInstrumentation
import Tracing

/// Decides what each built-in event sets on its span, following OpenInference's LlamaIndex
/// handler (`_Span._process_event`), with the OpenTelemetry GenAI attributes beside.
///
/// Events are told apart by their type's identity in a table, so that an event costs one lookup
/// and one cast whatever its kind.
enum EventFolding {
    private enum Kind {
        case agentChatWithStepStart, agentChatWithStepEnd, agentRunStepStart, agentRunStepEnd, agentToolCall
        case embeddingStart, embeddingEnd, sparseEmbeddingStart, sparseEmbeddingEnd
        case streamChatStart, streamChatDelta, streamChatError, streamChatEnd
        case predictStart, predictEnd, structuredPredictStart, structuredPredictInProgress, structuredPredictEnd
        case completionStart, completionInProgress, completionEnd
        case chatStart, chatInProgress, chatEnd
        case queryStart, queryEnd, rerankStart, rerankEnd, retrievalStart, retrievalEnd
        case synthesizeStart, synthesizeEnd, getResponseStart, getResponseEnd
        case getMessageResponseStart, getMessageResponseEnd, exception, spanDrop
    }

    private static let kinds: [ObjectIdentifier: Kind] = [
        ObjectIdentifier(AgentChatWithStepStartEvent.self): .agentChatWithStepStart,
        ObjectIdentifier(AgentChatWithStepEndEvent.self): .agentChatWithStepEnd,
        ObjectIdentifier(AgentRunStepStartEvent.self): .agentRunStepStart,
        ObjectIdentifier(AgentRunStepEndEvent.self): .agentRunStepEnd,
        ObjectIdentifier(AgentToolCallEvent.self): .agentToolCall,
        ObjectIdentifier(EmbeddingStartEvent.self): .embeddingStart,
        ObjectIdentifier(EmbeddingEndEvent.self): .embeddingEnd,
        ObjectIdentifier(SparseEmbeddingStartEvent.self): .sparseEmbeddingStart,
        ObjectIdentifier(SparseEmbeddingEndEvent.self): .sparseEmbeddingEnd,
        ObjectIdentifier(StreamChatStartEvent.self): .streamChatStart,
        ObjectIdentifier(StreamChatDeltaReceivedEvent.self): .streamChatDelta,
        ObjectIdentifier(StreamChatErrorEvent.self): .streamChatError,
        ObjectIdentifier(StreamChatEndEvent.self): .streamChatEnd,
        ObjectIdentifier(LLMPredictStartEvent.self): .predictStart,
        ObjectIdentifier(LLMPredictEndEvent.self): .predictEnd,
        ObjectIdentifier(LLMStructuredPredictStartEvent.self): .structuredPredictStart,
        ObjectIdentifier(LLMStructuredPredictInProgressEvent.self): .structuredPredictInProgress,
        ObjectIdentifier(LLMStructuredPredictEndEvent.self): .structuredPredictEnd,
        ObjectIdentifier(LLMCompletionStartEvent.self): .completionStart,
        ObjectIdentifier(LLMCompletionInProgressEvent.self): .completionInProgress,
        ObjectIdentifier(LLMCompletionEndEvent.self): .completionEnd,
        ObjectIdentifier(LLMChatStartEvent.self): .chatStart,
        ObjectIdentifier(LLMChatInProgressEvent.self): .chatInProgress,
        ObjectIdentifier(LLMChatEndEvent.self): .chatEnd,
        ObjectIdentifier(QueryStartEvent.self): .queryStart,
        ObjectIdentifier(QueryEndEvent.self): .queryEnd,
        ObjectIdentifier(ReRankStartEvent.self): .rerankStart,
        ObjectIdentifier(ReRankEndEvent.self): .rerankEnd,
        ObjectIdentifier(RetrievalStartEvent.self): .retrievalStart,
        ObjectIdentifier(RetrievalEndEvent.self): .retrievalEnd,
        ObjectIdentifier(SynthesizeStartEvent.self): .synthesizeStart,
        ObjectIdentifier(SynthesizeEndEvent.self): .synthesizeEnd,
        ObjectIdentifier(GetResponseStartEvent.self): .getResponseStart,
        ObjectIdentifier(GetResponseEndEvent.self): .getResponseEnd,
        ObjectIdentifier(GetMessageResponseStartEvent.self): .getMessageResponseStart,
        ObjectIdentifier(GetMessageResponseEndEvent.self): .getMessageResponseEnd,
        ObjectIdentifier(ExceptionEvent.self): .exception,
        ObjectIdentifier(SpanDropEvent.self): .spanDrop,
    ]

    /// What `event` does to its span. An event of a kind the bridge does not know (a custom
    /// event) only becomes a span event.
    static func effect<E: Event>(of event: E) -> EventEffect {
        var effect = EventEffect()
        guard let kind = kinds[ObjectIdentifier(E.self)] else { return effect }
        switch kind {
        case .agentChatWithStepStart:
            let event = event as! AgentChatWithStepStartEvent
            effect.kind = .agent
            effect.attributes.set(OpenInference.genAIOperationName, "invoke_agent")
            setTextInput(event.userMsg, &effect)
        case .agentChatWithStepEnd:
            let event = event as! AgentChatWithStepEndEvent
            effect.attributes.set(OpenInference.outputValue, event.response?.response ?? "None")
        case .agentRunStepStart:
            let event = event as! AgentRunStepStartEvent
            effect.kind = .agent
            effect.attributes.set(OpenInference.genAIOperationName, "invoke_agent")
            if let input = event.input, !input.isEmpty {
                setTextInput(input, &effect)
            }
        case .agentRunStepEnd:
            break
        case .agentToolCall:
            toolCall(event as! AgentToolCallEvent, &effect)
        case .embeddingStart:
            embeddingStart(modelDict: (event as! EmbeddingStartEvent).modelDict, &effect)
        case .embeddingEnd:
            let event = event as! EmbeddingEndEvent
            // Vectors a content policy left out leave the texts.
            for (index, text) in event.chunks.enumerated() {
                effect.embeddings.append(
                    (text, index < event.embeddings.count ? .doubleArray(event.embeddings[index]) : nil)
                )
            }
        case .sparseEmbeddingStart:
            embeddingStart(modelDict: (event as! SparseEmbeddingStartEvent).modelDict, &effect)
        case .sparseEmbeddingEnd:
            let event = event as! SparseEmbeddingEndEvent
            for (index, text) in event.chunks.enumerated() {
                guard index < event.embeddings.count else {
                    effect.embeddings.append((text, nil))
                    continue
                }
                let members = Dictionary(
                    uniqueKeysWithValues: event.embeddings[index].map { (String($0.key), JSONValue.double($0.value)) }
                )
                effect.embeddings.append((text, .string(JSONValue.object(members).jsonString())))
            }
        case .streamChatStart:
            effect.kind = .llm
        case .streamChatDelta:
            effect.isStreamProgress = true
        case .streamChatError:
            let event = event as! StreamChatErrorEvent
            effect.error = DescribedError(description: event.exception)
            effect.spanEventAttributes["exception.message"] = SpanAttribute.string(event.exception)
        case .streamChatEnd:
            break
        case .predictStart:
            predictStart(event as! LLMPredictStartEvent, &effect)
        case .predictEnd:
            effect.attributes.set(OpenInference.outputValue, (event as! LLMPredictEndEvent).output)
        case .structuredPredictStart:
            effect.kind = .llm
        case .structuredPredictInProgress:
            effect.isStreamProgress = true
        case .structuredPredictEnd:
            let event = event as! LLMStructuredPredictEndEvent
            effect.attributes.set(OpenInference.outputValue, event.output.jsonString())
            effect.attributes.set(OpenInference.outputMimeType, OpenInference.mimeJSON)
        case .completionStart:
            let event = event as! LLMCompletionStartEvent
            effect.kind = .llm
            effect.attributes.set(OpenInference.llmPrompts, SpanAttribute.stringArray([event.prompt]))
            modelRequest(
                operation: "text_completion",
                modelDict: event.modelDict,
                options: event.additionalKwargs,
                &effect
            )
        case .completionInProgress:
            let event = event as! LLMCompletionInProgressEvent
            effect.isStreamProgress = true
            finishReason(raw: event.response.raw, kwargs: event.response.additionalKwargs, &effect)
        case .completionEnd:
            let event = event as! LLMCompletionEndEvent
            effect.attributes.set(OpenInference.outputValue, event.response.text)
            modelResponse(raw: event.response.raw, kwargs: event.response.additionalKwargs, &effect)
        case .chatStart:
            let event = event as! LLMChatStartEvent
            effect.kind = .llm
            MessageAttributes.add(event.messages, prefix: OpenInference.llmInputMessages, into: &effect.attributes)
            modelRequest(operation: "chat", modelDict: event.modelDict, options: event.additionalKwargs, &effect)
        case .chatInProgress:
            let event = event as! LLMChatInProgressEvent
            effect.isStreamProgress = true
            finishReason(raw: event.response.raw, kwargs: event.response.additionalKwargs, &effect)
        case .chatEnd:
            let event = event as! LLMChatEndEvent
            guard let response = event.response else { break }
            effect.attributes.set(OpenInference.outputValue, MessageAttributes.text(of: response.message))
            modelResponse(raw: response.raw, kwargs: response.additionalKwargs, &effect)
            MessageAttributes.add([response.message], prefix: OpenInference.llmOutputMessages, into: &effect.attributes)
        case .queryStart:
            queryInput((event as! QueryStartEvent).query, &effect)
        case .queryEnd:
            effect.attributes.set(OpenInference.outputValue, (event as! QueryEndEvent).response.response)
        case .rerankStart:
            let event = event as! ReRankStartEvent
            effect.kind = .reranker
            if let query = event.query {
                queryInput(query, &effect)
                effect.attributes.set(OpenInference.rerankerQuery, query.queryText)
            }
            effect.attributes.set(OpenInference.rerankerTopK, event.topN)
            effect.attributes.set(OpenInference.rerankerModelName, event.modelName)
            DocumentAttributes.add(event.nodes, prefix: OpenInference.rerankerInputDocuments, into: &effect.attributes)
        case .rerankEnd:
            let event = event as! ReRankEndEvent
            DocumentAttributes.add(event.nodes, prefix: OpenInference.rerankerOutputDocuments, into: &effect.attributes)
        case .retrievalStart:
            effect.kind = .retriever
            queryInput((event as! RetrievalStartEvent).strOrQueryBundle, &effect)
        case .retrievalEnd:
            let event = event as! RetrievalEndEvent
            DocumentAttributes.add(event.nodes, prefix: OpenInference.retrievalDocuments, into: &effect.attributes)
        case .synthesizeStart:
            effect.kind = .chain
            queryInput((event as! SynthesizeStartEvent).query, &effect)
        case .synthesizeEnd:
            effect.attributes.set(OpenInference.outputValue, (event as! SynthesizeEndEvent).response.response)
        case .getResponseStart:
            effect.kind = .chain
            setTextInput((event as! GetResponseStartEvent).queryStr, &effect)
        case .getMessageResponseStart:
            effect.kind = .chain
            setTextInput((event as! GetMessageResponseStartEvent).queryStr, &effect)
        case .getResponseEnd, .getMessageResponseEnd, .spanDrop:
            break
        case .exception:
            effect.spanEventAttributes["exception.message"] = SpanAttribute.string((event as! ExceptionEvent).exception)
        }
        return effect
    }

    /// `input.value` as plain text: the input's MIME type is removed, as the Python handler does.
    private static func setTextInput(_ text: String, _ effect: inout EventEffect) {
        effect.attributes.set(OpenInference.inputValue, text)
        effect.attributes.remove(OpenInference.inputMimeType)
    }

    /// `_process_query_type`: a string, or a bundle that is only its text, is plain text; a bundle
    /// with more is JSON (without its embedding).
    private static func queryInput(_ query: QueryInput, _ effect: inout EventEffect) {
        switch query {
        case .text(let text):
            setTextInput(text, &effect)
        case .bundle(let bundle):
            var fields: [String: JSONValue] = ["query_str": .string(bundle.queryStr)]
            if let path = bundle.imagePath { fields["image_path"] = .string(path) }
            if let strings = bundle.customEmbeddingStrs {
                fields["custom_embedding_strs"] = .array(strings.map(JSONValue.string))
            }
            if fields.count == 1, !bundle.queryStr.isEmpty {
                setTextInput(bundle.queryStr, &effect)
            } else {
                effect.attributes.set(OpenInference.inputValue, JSONValue.object(fields).jsonString())
                effect.attributes.set(OpenInference.inputMimeType, OpenInference.mimeJSON)
            }
        }
    }

    private static func toolCall(_ event: AgentToolCallEvent, _ effect: inout EventEffect) {
        let tool = event.tool
        effect.kind = .tool
        if !tool.name.isEmpty {
            effect.attributes.set(OpenInference.toolName, tool.name)
            effect.attributes.set(OpenInference.genAIToolName, tool.name)
            effect.spanEventAttributes["tool.name"] = SpanAttribute.string(tool.name)
        }
        effect.attributes.set(OpenInference.toolDescription, tool.description)
        effect.attributes.set(OpenInference.toolParameters, parametersDictionary(tool.parametersSchema).jsonString())
        effect.attributes.set(OpenInference.genAIOperationName, "execute_tool")
        effect.attributes.set(OpenInference.genAIToolDescription, tool.description)
        effect.attributes.set(OpenInference.genAIToolCallArguments, event.arguments)
    }

    /// LlamaIndex's `ToolMetadata.get_parameters_dict()`: the schema's `type`, `properties`,
    /// `required`, `definitions` and `$defs`, or a single string `input` when there is no schema.
    private static func parametersDictionary(_ schema: JSONValue?) -> JSONValue {
        guard case .object(let members)? = schema else {
            return [
                "type": "object",
                "properties": ["input": ["title": "input query string", "type": "string"]],
                "required": ["input"],
            ]
        }
        let kept: Set<String> = ["type", "properties", "required", "definitions", "$defs"]
        return .object(members.filter { kept.contains($0.key) })
    }

    private static func embeddingStart(modelDict: [String: JSONValue], _ effect: inout EventEffect) {
        effect.kind = .embedding
        effect.attributes.set(OpenInference.genAIOperationName, "embeddings")
        if let name = modelDict["model_name"]?.stringValue, !name.isEmpty {
            effect.attributes.set(OpenInference.embeddingModelName, name)
            effect.attributes.set(OpenInference.genAIRequestModel, name)
        }
    }

    /// The template (`llm.prompt_template.template`) and the values of its variables
    /// (`llm.prompt_template.variables`, JSON), from the template's own `kwargs` and the call's
    /// arguments.
    private static func predictStart(_ event: LLMPredictStartEvent, _ effect: inout EventEffect) {
        effect.kind = .llm
        let template = event.template
        let text: String? = template.stringValue ?? template["template"]?.stringValue
        effect.attributes.set(OpenInference.llmPromptTemplate, text)
        var values = template["kwargs"]?.objectValue ?? [:]
        values.merge(event.templateArgs ?? [:]) { _, given in given }
        let names = template["template_vars"]?.arrayValue?.compactMap(\.stringValue) ?? Array(values.keys)
        var variables: [String: JSONValue] = [:]
        for name in names {
            if let value = values[name], value != .null { variables[name] = value }
        }
        if !variables.isEmpty {
            effect.attributes.set(OpenInference.llmPromptTemplateVariables, JSONValue.object(variables).jsonString())
        }
    }

    /// What a chat or completion start tells about the request: the model (`llm.model_name`,
    /// `gen_ai.request.model`), the settings and options (`llm.invocation_parameters`, and the
    /// GenAI request parameters), and the operation.
    private static func modelRequest(
        operation: String,
        modelDict: [String: JSONValue],
        options: [String: JSONValue],
        _ effect: inout EventEffect
    ) {
        effect.attributes.set(OpenInference.genAIOperationName, operation)
        let model = modelDict["model"]?.stringValue ?? modelDict["model_name"]?.stringValue
        if let model, !model.isEmpty {
            effect.attributes.set(OpenInference.llmModelName, model)
            effect.attributes.set(OpenInference.genAIRequestModel, model)
        }
        let parameters = modelDict.merging(options) { _, option in option }
        if !parameters.isEmpty {
            effect.attributes.set(OpenInference.llmInvocationParameters, JSONValue.object(parameters).jsonString())
        }
        effect.attributes.set(OpenInference.genAIRequestTemperature, parameters["temperature"]?.doubleValue)
        effect.attributes.set(OpenInference.genAIRequestTopP, parameters["top_p"]?.doubleValue)
        effect.attributes.set(OpenInference.genAIRequestMaxTokens, AttributeJSON.integer(parameters["max_tokens"]))
        effect.attributes.set(OpenInference.genAIRequestTopK, parameters["top_k"]?.doubleValue)
    }

    /// What a final response tells: finish reason, token counts, cost, and the model and id that
    /// answered when the raw response has them.
    private static func modelResponse(raw: JSONValue?, kwargs: [String: JSONValue], _ effect: inout EventEffect) {
        finishReason(raw: raw, kwargs: kwargs, &effect)
        TokenCounts(raw: raw, additionalKwargs: kwargs).attributes(into: &effect.attributes)
        if let cost = TokenCost(kwargs[TokenCost.additionalKwargsKey]) {
            effect.attributes.set(OpenInference.llmCostPrompt, cost.prompt)
            effect.attributes.set(OpenInference.llmCostCompletion, cost.completion)
            effect.attributes.set(OpenInference.llmCostTotal, cost.total)
        }
        if let model = raw?["model"]?.stringValue, !model.isEmpty {
            effect.attributes.set(OpenInference.genAIResponseModel, model)
        }
        if let id = raw?["id"]?.stringValue, !id.isEmpty {
            effect.attributes.set(OpenInference.genAIResponseID, id)
        }
    }

    private static func finishReason(raw: JSONValue?, kwargs: [String: JSONValue], _ effect: inout EventEffect) {
        guard let reason = FinishReason.of(raw: raw, additionalKwargs: kwargs) else { return }
        effect.attributes.set(OpenInference.llmFinishReason, reason)
        effect.attributes.set(OpenInference.genAIResponseFinishReasons, SpanAttribute.stringArray([reason]))
    }
}
