import Foundation
import TestSupport
import Testing

/// `tsh < file` behaves as `tsh file` and as `python3 < file`: no prompts, no banner, the
/// same output, errors and exit status.
struct PipedModeTests {
    static let program = """
        import torch
        torch.manual_seed(0)
        x = torch.ones(2, requires_grad=True)
        for i in range(2):
            y = (x * (i + 1)).sum()
            y.backward()
        print(x.grad)
        print(torch.randn(3))
        torch.ones(2) @ torch.ones(3)
        print("not reached")

        """

    func run(_ arguments: [String], stdin: String?) throws -> (out: String, err: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Terminal.tshPath)
        process.arguments = arguments
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin.data(using: .utf8)!) }
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self), process.terminationStatus)
    }

    @Test func pipedInputRunsLikeAFile() throws {
        let path = NSTemporaryDirectory() + "tsh-piped-\(UUID().uuidString).py"
        try PipedModeTests.program.write(toFile: path, atomically: true, encoding: .utf8)
        defer { unlink(path) }
        let fromFile = try run([path], stdin: nil)
        let fromPipe = try run([], stdin: PipedModeTests.program)
        #expect(fromPipe.out == "tensor([3., 3.])\ntensor([ 1.5410, -0.2934, -2.1788])\n")
        #expect(fromPipe.out == fromFile.out)
        #expect(fromPipe.status == 1 && fromFile.status == 1)
        let message = "RuntimeError: inconsistent tensor size, expected tensor [2] and src [3] to have the same number of elements, but got 2 and 3 elements respectively"
        #expect(fromPipe.err.contains(message) && fromFile.err.contains(message))
        #expect(!fromPipe.out.contains("In [") && !fromPipe.err.contains("In ["))
    }

    @Test func exitAndQuitEndAScriptWithTheirStatus() throws {
        #expect(try runTsh(["-c", "print(1); exit(3); print(2)"]) == ("1\n", 3))
        #expect(try runTsh(["-c", "quit()"]) == ("", 0))
        #expect(try runTsh(["-c", "exit('bye')"]) == ("bye\n", 1))
    }

    @Test func nameAndAttributeErrorsSuggestTheNearestNameAsPython311() throws {
        #expect(try runTsh(["-c", "import torch\ntorch.matmull"]).out.hasSuffix(
            "AttributeError: module 'torch' has no attribute 'matmull'. Did you mean: 'matmul'?\n"))
        #expect(try runTsh(["-c", "import torch\nx = torch.ones(2)\nx.shap"]).out.hasSuffix(
            "AttributeError: 'Tensor' object has no attribute 'shap'. Did you mean: 'shape'?\n"))
        #expect(try runTsh(["-c", "total = 1\nprint(totl)"]).out.hasSuffix(
            "NameError: name 'totl' is not defined. Did you mean: 'total'?\n"))
        #expect(try runTsh(["-c", "pritn(1)"]).out.hasSuffix("NameError: name 'pritn' is not defined. Did you mean: 'print'?\n"))
        // Nothing near: no suggestion.
        #expect(try runTsh(["-c", "qqqqzz"]).out.hasSuffix("NameError: name 'qqqqzz' is not defined\n"))
    }

    @Test func anErrorInsideFunctionsPrintsEveryFrameAsPython() throws {
        let path = NSTemporaryDirectory() + "tsh-traceback-\(UUID().uuidString).py"
        try "def g(x):\n    y = x + 1\n    return y / 0\ndef f(x):\n    return g(x) * 2\nprint('start')\nf(2)\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try runTsh([path]) == ("""
            start
            Traceback (most recent call last):
              File "\(path)", line 7, in <module>
                f(2)
              File "\(path)", line 5, in f
                return g(x) * 2
              File "\(path)", line 3, in g
                return y / 0
            ZeroDivisionError: division by zero

            """, 1))
    }

    @Test(arguments: ["x = [i * j for i in range(10**10) for j in range(2)]", "x = sum(range(10**13))",
                      "import itertools\nx = list(itertools.product(range(10**6), repeat=3))"])
    func ctrlCStopsALongLoopInsideOneStatement(_ statement: String) throws {
        // Found by scripts/fuzz eval: a comprehension (or a builtin walking a range) never
        // reached a statement boundary, where Ctrl-C was looked at.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Terminal.tshPath)
        process.arguments = ["-c", statement]
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 1.0)
        kill(process.processIdentifier, SIGINT)
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(text.hasSuffix("KeyboardInterrupt\n"), "\(text)")
    }

    @Test func emitPythonImportsTheNamesTshPredefines() throws {
        let path = NSTemporaryDirectory() + "tsh-emit-\(UUID().uuidString).tsh"
        try "x = ones(2, requires_grad=True)\nz = matmul(x, randn(2, 2))\nprint(max([1, 2]))\nprint(F.relu(z), nn.Linear)\n:graph z\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        // max stays Python's; the : line goes; what python3 would not know is imported.
        #expect(try runTsh(["--emit-python", path]).out == """
            from torch import ones, matmul, randn
            import torch.nn.functional as F
            from torch import nn
            x = ones(2, requires_grad=True)
            z = matmul(x, randn(2, 2))
            print(max([1, 2]))
            print(F.relu(z), nn.Linear)

            """)
    }

    @Test func tqdmDrawsItsBarOnStderrAsTqdmDoes() throws {
        let (out, status) = try runTsh(["-c", """
            from tqdm import tqdm
            from tqdm.auto import tqdm as auto_tqdm
            total = 0
            for i in tqdm(range(5), desc="epoch"):
                total += i
            print(total)
            bar = auto_tqdm(total=4)
            bar.update(1)
            bar.close()
            """])
        #expect(status == 0)
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false).map { $0.split(separator: "\r").last.map(String.init) ?? "" }
        #expect(lines[0].wholeMatch(of: #/epoch: 100%\|██████████\| 5/5 \[00:00<00:00, +[0-9.]+it/s\] */#) != nil, "\(lines)")
        #expect(lines[1] == "10")
        #expect(lines[2].wholeMatch(of: #/ 25%\|██▌       \| 1/4 \[00:00<00:00, +[0-9.]+it/s\] */#) != nil, "\(lines)")
        #expect(try runTsh(["-c", "from tqdm import tqdm\ntqdm(range(3), ncols=80)"]).out.hasSuffix(
            "NotImplementedError: tqdm(ncols=...) is not supported by tsh yet\n"))
    }
}
