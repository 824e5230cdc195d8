import Foundation
import Autograd
import Interpreter
import PythonSyntax
import Shell
import TensorCore

/// One thing to fuzz: where its seed inputs come from, how an input is mutated, and how
/// it runs (returning a short outcome: the error it ended with, or "ok").
struct FuzzTarget {
    let name: String
    let seeds: ([String]) -> [[UInt8]]
    let mutate: ([UInt8], inout SplitMix, [UInt8]) -> [UInt8]
    let run: ([UInt8]) -> String
}

enum FuzzTargets {
    static let all = [parser, evaluator, printing, pth]

    static func sourceSeeds(_ paths: [String]) -> [[UInt8]] {
        files(under: paths, extensions: [".py", ".tsh"]).compactMap { FileManager.default.contents(atPath: $0).map { Array($0) } }
    }

    /// The parser and compiler alone, on mutated programs.
    static let parser = FuzzTarget(name: "parser", seeds: sourceSeeds, mutate: Mutation.program) { input in
        let text = String(decoding: input, as: UTF8.self)
        do {
            _ = try Parser.parse(Source(name: "<fuzz>", text: text))
            return "ok"
        } catch let e as SyntaxError {
            return "\(e.kind): \(e.message.prefix(40))"
        } catch {
            return "\(type(of: error))"
        }
    }

    /// Whole programs run by a fresh interpreter with torch (output discarded); the
    /// watchdog interrupts one that runs past its budget.
    static let evaluator = FuzzTarget(name: "eval", seeds: sourceSeeds, mutate: Mutation.program) { input in
        let interp = Interpreter()
        interp.write = { _ in }
        TorchBindingsInstaller.install(interp)
        defer { interp.shutdown() }
        do {
            try interp.run(source: Source(name: "<fuzz>", text: String(decoding: input, as: UTF8.self)))
            return "ok"
        } catch let e as PyError {
            return String(e.headline.prefix(50))
        } catch let e as SyntaxError {
            return "\(e.kind): \(e.message.prefix(40))"
        } catch {
            return String(Interpreter.convert(error).headline.prefix(50))
        }
    }

    /// Tensor printing: the input's first bytes choose a dtype, a shape and the print
    /// options, the rest are the elements' raw bytes (every NaN, infinity, subnormal and
    /// extreme a dtype has).
    static let printing = FuzzTarget(name: "print", seeds: { _ in
        var random = SplitMix(seed: 1)
        return (0..<64).map { _ in (0..<(8 + random.below(600))).map { _ in UInt8(truncatingIfNeeded: random.next()) } }
    }, mutate: Mutation.bytes) { input in
        guard input.count >= 8 else { return "short" }
        let dtype = DType.allCases[Int(input[0]) % DType.allCases.count]
        let rank = Int(input[1]) % 5
        var shape: [Int] = []
        for d in 0..<rank { shape.append(Int(input[2 + d]) % (d == rank - 1 ? 40 : 7)) }
        var options = PrintOptions()
        options.precision = Int(input[7]) % 20
        options.threshold = [1000, 10, 0, 1 << 20][Int(input[6]) % 4]
        options.edgeItems = Int(input[6] >> 2) % 5
        options.lineWidth = [80, 1, 20, 200][Int(input[6] >> 5) % 4]
        let array = NDArray(zeros: shape, dtype: dtype)
        let bytes = array.count * dtype.itemSize
        let payload = input.dropFirst(8)
        if !payload.isEmpty && bytes > 0 {
            let raw = array.baseAddress.assumingMemoryBound(to: UInt8.self)
            for k in 0..<bytes {
                let b = payload[payload.startIndex + k % payload.count]
                raw[k] = dtype == .bool ? b & 1 : b
            }
        }
        let tensor = Tensor(array)
        _ = TensorFormatter.repr(tensor, options: options)
        return "ok \(dtype) \(rank)"
    }

    /// torch.load on mutated .pth files (zip, pickle, storages), the result printed.
    static let pth = FuzzTarget(name: "pth", seeds: { paths in
        files(under: paths, extensions: [".pth", ".pt"]).compactMap { FileManager.default.contents(atPath: $0).map { Array($0) } }
    }, mutate: Mutation.bytes) { input in
        let path = "fuzz.pth"
        _ = FileManager.default.createFile(atPath: path, contents: Data(input))
        let interp = Interpreter()
        interp.write = { _ in }
        TorchBindingsInstaller.install(interp)
        defer { interp.shutdown() }
        do {
            try interp.run(source: Source(name: "<fuzz>", text: "import torch\nx = torch.load('fuzz.pth')\nprint(x)\n"))
            return "ok"
        } catch let e as PyError {
            return String(e.headline.prefix(50))
        } catch {
            return String(Interpreter.convert(error).headline.prefix(50))
        }
    }
}
