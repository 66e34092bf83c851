// swift-tools-version:6.1

import PackageDescription

let package = Package(
    name: "swift-llm-instrumentation",
    platforms: [.macOS(.v15), .iOS(.v18)],
    products: [
        .library(name: "LLMInstrumentation", targets: ["LLMInstrumentation"]),
        .executable(name: "llm-trace", targets: ["llm-trace"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2")
    ],
    targets: [
        .target(
            name: "LLMInstrumentation",
            dependencies: [.product(name: "Logging", package: "swift-log")]
        ),
        .executableTarget(
            name: "llm-trace",
            dependencies: ["LLMInstrumentation"]
        ),
        .testTarget(
            name: "LLMInstrumentationTests",
            dependencies: [
                "LLMInstrumentation",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
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
