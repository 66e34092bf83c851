// swift-tools-version:6.1

import CompilerPluginSupport
import PackageDescription

let package = Package(
    name: "swift-llm-instrumentation",
    platforms: [.macOS(.v15), .iOS(.v18)],
    products: [
        .library(name: "LLMInstrumentation", targets: ["LLMInstrumentation"]),
        .library(name: "LLMInstrumentationReading", targets: ["LLMInstrumentationReading"]),
        .library(name: "LLMInstrumentationMacros", targets: ["LLMInstrumentationMacros"]),
        .library(name: "LLMInstrumentationLogging", targets: ["LLMInstrumentationLogging"]),
        .library(name: "LLMInstrumentationMetrics", targets: ["LLMInstrumentationMetrics"]),
        .library(name: "LLMInstrumentationTracing", targets: ["LLMInstrumentationTracing"]),
        .library(name: "LLMModelClients", targets: ["LLMModelClients"]),
        // The demo pipeline of `llm-trace demo` and Examples/PhoenixTracing: not public API.
        .library(name: "_LLMInstrumentationDemo", targets: ["LLMInstrumentationDemo"]),
        .executable(name: "llm-trace", targets: ["llm-trace"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swiftlang/swift-syntax.git", from: "603.0.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        // The model clients (LLMModelClients). Their Server-Sent Events parser is the package's
        // own: mattt/EventSource 1.1.1 does not build on Linux (`URLSession.bytes`).
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // `swift package generate-documentation` (scripts/docs.sh): a command plugin, linked into no product.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .target(
            name: "LLMInstrumentation",
            dependencies: [.product(name: "Logging", package: "swift-log")]
        ),
        .target(name: "LLMInstrumentationReading", dependencies: ["LLMInstrumentation"]),
        .target(
            name: "LLMInstrumentationLogging",
            dependencies: ["LLMInstrumentation", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "LLMInstrumentationMetrics",
            dependencies: ["LLMInstrumentation", .product(name: "Metrics", package: "swift-metrics")]
        ),
        .target(
            name: "LLMInstrumentationTracing",
            dependencies: [
                "LLMInstrumentation",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "LLMModelClients",
            dependencies: [
                "LLMInstrumentation",
                "LLMInstrumentationReading",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .macro(
            name: "LLMInstrumentationMacrosPlugin",
            dependencies: [
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftSyntaxMacros", package: "swift-syntax"),
                .product(name: "SwiftSyntaxBuilder", package: "swift-syntax"),
                .product(name: "SwiftDiagnostics", package: "swift-syntax"),
                .product(name: "SwiftCompilerPlugin", package: "swift-syntax"),
            ]
        ),
        .target(
            name: "LLMInstrumentationMacros",
            dependencies: ["LLMInstrumentation", "LLMInstrumentationMacrosPlugin"]
        ),
        .target(
            name: "LLMInstrumentationDemo",
            dependencies: ["LLMInstrumentation", "LLMInstrumentationMacros"]
        ),
        .executableTarget(
            name: "llm-trace",
            dependencies: [
                "LLMInstrumentation",
                "LLMInstrumentationReading",
                "LLMInstrumentationDemo",
                "LLMModelClients",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "LLMInstrumentationTests",
            dependencies: [
                "LLMInstrumentation",
                "LLMInstrumentationReading",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "LLMInstrumentationReadingTests",
            dependencies: ["LLMInstrumentation", "LLMInstrumentationReading"]
        ),
        .testTarget(
            name: "LLMInstrumentationLoggingTests",
            dependencies: [
                "LLMInstrumentation",
                "LLMInstrumentationLogging",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "LLMInstrumentationMetricsTests",
            dependencies: [
                "LLMInstrumentation",
                "LLMInstrumentationMetrics",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ]
        ),
        .testTarget(
            name: "LLMInstrumentationTracingTests",
            dependencies: [
                "LLMInstrumentation",
                "LLMInstrumentationTracing",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "LLMModelClientsTests",
            dependencies: [
                "llm-trace",
                "LLMInstrumentation",
                "LLMModelClients",
                "LLMInstrumentationLogging",
                "LLMInstrumentationTracing",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "NamesBesideTracingTests",
            dependencies: [
                "LLMInstrumentation",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        .testTarget(
            name: "LLMTraceCLITests",
            dependencies: ["llm-trace", "LLMInstrumentation", "LLMInstrumentationReading"]
        ),
        .testTarget(
            name: "LLMInstrumentationMacrosTests",
            dependencies: [
                "LLMInstrumentation",
                "LLMInstrumentationMacros",
                "LLMInstrumentationMacrosPlugin",
                .product(name: "SwiftSyntaxMacrosTestSupport", package: "swift-syntax"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
