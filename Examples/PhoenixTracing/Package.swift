// swift-tools-version:6.1

import PackageDescription

// The Phoenix example: the library's demo pipeline, traced through swift-distributed-tracing and
// exported by swift-otel over OTLP/HTTP to a local Arize Phoenix. A package of its own, so that
// the library's users and its test suite never build swift-otel.
let package = Package(
    name: "PhoenixTracing",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "swift-llm-instrumentation", path: "../.."),
        // Only the OTLP/HTTP exporter: the default traits would also build gRPC.
        .package(url: "https://github.com/swift-otel/swift-otel.git", exact: "1.6.0", traits: ["OTLPHTTP"]),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        .executableTarget(
            name: "phoenix-demo",
            dependencies: [
                .product(name: "LLMInstrumentation", package: "swift-llm-instrumentation"),
                .product(name: "_LLMInstrumentationDemo", package: "swift-llm-instrumentation"),
                .product(name: "LLMInstrumentationTracing", package: "swift-llm-instrumentation"),
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("InternalImportsByDefault"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
