import Foundation
import Testing
import TestSupport

/// Each fuzz target (scripts/fuzz) runs briefly on every test run, so a crash that comes
/// back shows in CI; long runs are `scripts/fuzz TARGET SECONDS`. A fixed seed makes a
/// failure here reproducible with the same arguments.
struct FuzzTargetTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test(arguments: ["parser", "eval", "print", "pth"])
    func targetRunsWithoutCrashOrHang(_ target: String) throws {
        let fuzzer = URL(fileURLWithPath: Terminal.tshPath).deletingLastPathComponent().appendingPathComponent("tsh-fuzz").path
        let out = NSTemporaryDirectory() + "tsh-fuzz-findings-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: out) }
        var arguments = [target, "3", "--seed", "11", "--out", out,
                         "--corpus", FuzzTargetTests.root + "/tutorials", "--corpus", FuzzTargetTests.root + "/Tests"]
        let shared = FuzzTargetTests.root + "/../shared"
        if FileManager.default.fileExists(atPath: shared) {
            arguments += ["--corpus", shared + "/parity/cases", "--corpus", shared + "/spec/vectors"]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: fuzzer)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("no crash, no hang"), "\(text)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).isEmpty)
    }
}
