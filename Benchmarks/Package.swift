// swift-tools-version:6.1

import Foundation
import PackageDescription

/// The library's package is the folder above this one; a path dependency is known by its folder's
/// name, which depends on where the repository was cloned.
let libraryFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let libraryPackage = libraryFolder.lastPathComponent

let package = Package(
    name: "swift-llm-instrumentation-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: libraryFolder.path),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .target(
            name: "BenchmarkWorkloads",
            dependencies: [
                .product(name: "LLMInstrumentation", package: libraryPackage),
                .product(name: "LLMInstrumentationMacros", package: libraryPackage),
            ]
        ),
        .executableTarget(
            name: "AnchorWorkloads",
            dependencies: ["BenchmarkWorkloads", .product(name: "LLMInstrumentation", package: libraryPackage)]
        ),
        .executableTarget(
            name: "StreamWorkloads",
            dependencies: [
                .product(name: "LLMInstrumentation", package: libraryPackage),
                .product(name: "LLMModelClients", package: libraryPackage),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "ScaleWorkloads",
            dependencies: [.product(name: "LLMInstrumentation", package: libraryPackage)]
        ),
        .executableTarget(
            name: "InstrumentationBenchmarks",
            dependencies: [
                "BenchmarkWorkloads",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "LLMInstrumentation", package: libraryPackage),
            ],
            path: "Benchmarks/InstrumentationBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
