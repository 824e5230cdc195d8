// swift-tools-version:6.0
import PackageDescription

/// A compiler warning in tsh's own code fails the build: warnings here have hidden real
/// bugs (`dict[key] = .none` deleting the key instead of storing None).
let strict: [SwiftSetting] = [.unsafeFlags(["-warnings-as-errors"])]

/// The interpreter's loop, the bindings between it and the engine, and the backward engine
/// touch class-held state on every statement, op and node; Swift's run-time exclusivity checks cost about a tenth of that (measured
/// with perf), and the compile-time checks still apply.
let interpreterSettings: [SwiftSetting] = strict + [.unsafeFlags(["-enforce-exclusivity=unchecked"])]

/// Kernels are compiled optimized even in debug builds: SIMD and tight loops at -Onone
/// run about 1000x slower, which would make `swift test` crawl.
let optimizedInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))] + strict

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
        // Loops needing FMA/AVX2, chosen at run time (Swift cannot target one function).
        .target(name: "CVectorKernels", cSettings: [.unsafeFlags(["-O2", "-ffp-contract=off", "-fno-math-errno"])], linkerSettings: [.linkedLibrary("m")]),
        .target(name: "TensorKernels", dependencies: ["CBLAS", "CVectorKernels"], swiftSettings: optimizedInDebug),
        .target(name: "CreationSite", cSettings: [.unsafeFlags(["-O2"])]),
        .target(name: "TensorCore", dependencies: ["TensorKernels", "CreationSite"], swiftSettings: strict),
        .target(name: "Autograd", dependencies: ["TensorCore", "CreationSite"], swiftSettings: interpreterSettings),
        .target(name: "Inspection", dependencies: ["Autograd"], swiftSettings: strict),
        .target(name: "TorchNN", dependencies: ["Autograd"], swiftSettings: strict),
        .target(name: "TorchOptim", dependencies: ["Autograd"], swiftSettings: strict),
        // Optimized in debug too: the FashionMNIST stand-in renders 55 million pixels.
        .target(name: "TorchData", dependencies: ["Autograd"], swiftSettings: optimizedInDebug),
        .target(name: "TorchSerialization", dependencies: ["TensorCore"], swiftSettings: strict),
        .target(name: "PythonSyntax", swiftSettings: strict),
        .target(name: "Interpreter", dependencies: ["PythonSyntax", "CreationSite", .product(name: "BigInt", package: "BigInt")], swiftSettings: interpreterSettings),
        .target(name: "TorchBindings", dependencies: ["CreationSite", "Inspection", "Interpreter", "PythonSyntax", "Autograd", "TorchNN", "TorchOptim", "TorchData", "TorchSerialization"], swiftSettings: interpreterSettings),
        .target(name: "LineEditing", dependencies: ["CLibEdit"], swiftSettings: strict),
        .target(name: "Shell", dependencies: ["CreationSite", "TorchBindings", "Interpreter", "PythonSyntax", "LineEditing", "Inspection"], swiftSettings: strict),
        .executableTarget(
            name: "tsh",
            dependencies: ["Shell", "LineEditing", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),
        .executableTarget(name: "tsh-fuzz", dependencies: ["Shell", "Interpreter", "PythonSyntax", "Autograd", "TensorCore"], swiftSettings: strict),
        .executableTarget(name: "tsh-bench", dependencies: ["Autograd", "TensorKernels"], swiftSettings: strict),
        .target(name: "TestSupport", dependencies: ["Autograd", "Inspection", "Shell", "Interpreter", "PythonSyntax"], path: "Tests/TestSupport"),
        .testTarget(name: "ShellTests", dependencies: ["Shell", "LineEditing", "TestSupport"], exclude: ["Lessons", "Views", "Training"]),
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
        .testTarget(name: "TorchOptimTests", dependencies: ["TorchOptim", "TestSupport"]),
        .testTarget(name: "TorchDataTests", dependencies: ["TorchData", "TestSupport"]),
        .testTarget(name: "TorchSerializationTests", dependencies: ["TorchSerialization", "TestSupport"], resources: [.copy("Vectors")]),
        .testTarget(
            name: "AutogradTests",
            dependencies: ["Autograd", "TestSupport"],
            resources: [.copy("Vectors")]
        ),
    ],
    swiftLanguageModes: [.v5]
)
