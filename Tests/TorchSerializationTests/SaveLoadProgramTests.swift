import Foundation
import TestSupport
import Testing

/// torch.save / torch.load as a program uses them.
struct SaveLoadProgramTests {
    let dir: String = {
        let d = NSTemporaryDirectory() + "tsh-saveload-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }()

    @Test func aStateDictRoundTripsIntoAFreshModel() {
        let (out, error) = runProgram("""
            import torch
            from torch import nn
            torch.manual_seed(0)
            model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
            torch.save(model.state_dict(), '\(dir)/w.pth')
            other = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
            sd = torch.load('\(dir)/w.pth')
            print(type(sd).__name__, list(sd.keys()))
            print(other.load_state_dict(sd))
            x = torch.ones(1, 3)
            print(torch.equal(model(x), other(x)))
            p = nn.Parameter(torch.tensor([1.0, -1.0]))
            torch.save({'p': p, 'steps': [1, 2.5, 'three', None, True], 'pair': (2, 3)}, '\(dir)/mixed.pt')
            back = torch.load('\(dir)/mixed.pt')
            print(back['p'])
            print(back['steps'], back['pair'])
            """)
        #expect(error == nil)
        #expect(out == """
            OrderedDict ['0.weight', '0.bias', '2.weight', '2.bias']
            <All keys matched successfully>
            True
            Parameter containing:
            tensor([ 1., -1.], requires_grad=True)
            [1, 2.5, 'three', None, True] (2, 3)

            """)
    }

    @Test func aFailedSaveLeavesTheOldFileIntact() throws {
        let path = dir + "/keep.pt"
        let (_, first) = runProgram("import torch\ntorch.save(torch.arange(3), '\(path)')")
        #expect(first == nil)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let (_, error) = runProgram("""
            import torch
            from torch import nn
            torch.save({'weights': torch.ones(2), 'callback': print}, '\(path)')
            """)
        #expect(error?.hasPrefix("TypeError: tsh can save tensors, Parameters, modules, numbers, strings, None and lists, tuples and dicts of them, not 'builtin_function_or_method'") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        let (out, _) = runProgram("import torch\nprint(torch.load('\(path)'))")
        #expect(out == "tensor([0, 1, 2])\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["keep.pt"])
    }

    @Test func missingAndBrokenFilesNameTheProblem() throws {
        let (_, missing) = runProgram("import torch\ntorch.load('\(dir)/nope.pt')")
        #expect(missing == "FileNotFoundError: [Errno 2] No such file or directory: '\(dir)/nope.pt'")
        try "just text".write(toFile: dir + "/text.pt", atomically: true, encoding: .utf8)
        let (_, broken) = runProgram("import torch\ntorch.load('\(dir)/text.pt')")
        #expect(broken == "RuntimeError: PytorchStreamReader failed reading zip archive: failed finding central directory")
        let (_, noFolder) = runProgram("import torch\ntorch.save(torch.ones(1), '\(dir)/no/such/folder/x.pt')")
        #expect(noFolder == "RuntimeError: Parent directory \(dir)/no/such/folder does not exist.")
    }
}
