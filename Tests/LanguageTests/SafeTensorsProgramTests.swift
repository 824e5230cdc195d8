import Foundation
import Testing
import TestSupport

/// `safetensors.torch` from the language, against what safetensors 0.8.0 with PyTorch 2.15
/// printed for the same program (Vectors/safetensors/roundtrip.out, with the folder written
/// as ROOT): a state_dict saved and loaded back into a model, safe_open, save/load of bytes,
/// and the library's refusals; a failed save leaves the old file as it was.
struct SafeTensorsProgramTests {
    @Test func roundTripPrintsWhatPyTorchPrints() throws {
        let dir = try #require(Bundle.module.url(forResource: "safetensors", withExtension: nil, subdirectory: "Vectors"))
        let program = try String(contentsOf: dir.appendingPathComponent("roundtrip.py"), encoding: .utf8)
        let expected = try String(contentsOf: dir.appendingPathComponent("roundtrip.out"), encoding: .utf8)
        let root = NSTemporaryDirectory() + "tsh-safetensors-\(getpid())"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (output, error) = runProgram("ROOT = \"\(root)\"\n" + program)
        #expect(error == nil)
        #expect(output == expected.replacingOccurrences(of: "ROOT", with: root))
    }
}
