import Foundation
import Testing
import TestSupport

/// torchvision.io.read_image of PNG files (grey, grey+alpha, RGB, RGBA, palette, 1-bit,
/// stored and maximally compressed), in every ImageReadMode, against what torchvision 0.29
/// printed for the same program (Vectors/vision/read_image.out); damaged files are errors.
struct ReadImageTests {
    func vectors() throws -> URL {
        try #require(Bundle.module.url(forResource: "vision", withExtension: nil, subdirectory: "Vectors"))
    }

    @Test func pngImagesDecodeAsTorchvisionDecodesThem() throws {
        let dir = try vectors()
        let program = try String(contentsOf: dir.appendingPathComponent("read_image.py"), encoding: .utf8)
        let expected = try String(contentsOf: dir.appendingPathComponent("read_image.out"), encoding: .utf8)
        let (output, error) = runProgram("ROOT = \"\(dir.appendingPathComponent("png").path)\"\n" + program)
        #expect(error == nil)
        #expect(output == expected)
    }

    @Test func damagedFilesAreErrorsNotCrashes() throws {
        let png = try [UInt8](Data(contentsOf: try vectors().appendingPathComponent("png/big.png")))
        let dir = NSTemporaryDirectory() + "tsh-png-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var cases: [[UInt8]] = [Array(png.prefix(40)), Array(png.prefix(png.count / 2)), [0xFF, 0xD8, 0xFF, 0xE0], Array("hello".utf8)]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<40 {
            var damaged = png
            for _ in 0..<8 { damaged[Int.random(in: 8..<damaged.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng) }
            cases.append(damaged)
        }
        for (k, bytes) in cases.enumerated() {
            let path = dir + "/\(k).png"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let (_, error) = runProgram("from torchvision.io import read_image\nx = read_image('\(path)')\nprint(x.shape)")
            if k < 4 { #expect(error != nil) }
            if let error { #expect(error.hasPrefix("RuntimeError: ") || error.hasPrefix("NotImplementedError: "), "\(error)") }
        }
    }
}
