// swift-tools-version:6.0
import PackageDescription

/// Kernels are compiled optimized even in debug builds: SIMD and tight loops at -Onone
/// run about 1000x slower, which would make `swift test` crawl.
let optimizedInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "tsh",
    products: [
        .executable(name: "tsh", targets: ["tsh"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.0"),
    ],
    targets: [
        .target(name: "CBLAS", cSettings: [.unsafeFlags(["-O2"])], linkerSettings: [.linkedLibrary("dl")]),
        .systemLibrary(name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .target(name: "TensorKernels", dependencies: ["CBLAS"], swiftSettings: optimizedInDebug),
        .target(name: "CreationSite", cSettings: [.unsafeFlags(["-O2"])]),
        .target(name: "TensorCore", dependencies: ["TensorKernels"]),
        .target(name: "Autograd", dependencies: ["TensorCore", "CreationSite"]),
        .target(name: "Inspection", dependencies: ["Autograd"]),
        .target(name: "TorchNN", dependencies: ["Autograd"]),
        .target(name: "TorchOptim", dependencies: ["Autograd"]),
        .target(name: "TorchData", dependencies: ["Autograd"]),
        .target(name: "TorchSerialization", dependencies: ["TensorCore"]),
        .target(name: "PythonSyntax"),
        .target(name: "Interpreter", dependencies: ["PythonSyntax", "CreationSite", .product(name: "BigInt", package: "BigInt")]),
        .target(name: "TorchBindings", dependencies: ["CreationSite", "Inspection", "Interpreter", "PythonSyntax", "Autograd", "TorchNN", "TorchOptim", "TorchData", "TorchSerialization"]),
        .target(name: "LineEditing", dependencies: ["CLibEdit"]),
        .target(name: "Shell", dependencies: ["TorchBindings", "Interpreter", "PythonSyntax", "LineEditing", "Inspection"]),
        .executableTarget(
            name: "tsh",
            dependencies: ["Shell", "LineEditing", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "tsh-bench", dependencies: ["Autograd", "TensorKernels"]),
        .target(name: "TestSupport", dependencies: ["Autograd", "Inspection", "Shell", "Interpreter", "PythonSyntax"], path: "Tests/TestSupport"),
        .testTarget(name: "ShellTests", dependencies: ["Shell", "LineEditing", "TestSupport"], exclude: ["Lessons", "Views"]),
        .testTarget(
            name: "LanguageTests",
            dependencies: ["Interpreter", "PythonSyntax", "TorchBindings", "TestSupport"],
            resources: [.copy("Vectors")]
        ),
        .testTarget(
            name: "TensorCoreTests",
            dependencies: ["TensorCore", "TorchNN", "TestSupport"],
            resources: [.copy("Vectors")]
        ),
        .testTarget(name: "InspectionTests", dependencies: ["Inspection", "Autograd", "Interpreter", "PythonSyntax", "TorchBindings", "TestSupport"]),
        .testTarget(name: "TorchNNTests", dependencies: ["TorchNN", "TestSupport"]),
        .testTarget(name: "TorchSerializationTests", dependencies: ["TorchSerialization", "TestSupport"], resources: [.copy("Vectors")]),
        .testTarget(
            name: "AutogradTests",
            dependencies: ["Autograd", "TestSupport"],
            resources: [.copy("Vectors")]
        ),
    ],
    swiftLanguageModes: [.v5]
)
