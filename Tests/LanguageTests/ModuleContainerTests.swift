import Foundation
import Testing
import TestSupport

/// nn.ModuleList, nn.ModuleDict and nn.Unflatten in a user model, as PyTorch 2.15 printed the
/// same program (Vectors/nn/containers.out): reprs (ModuleList folds equal children), forward,
/// indexing and slicing, the list and dict methods, and PyTorch's errors.
struct ModuleContainerTests {
    @Test func containersPrintAndBehaveAsInPyTorch() throws {
        let dir = try #require(Bundle.module.url(forResource: "nn", withExtension: nil, subdirectory: "Vectors"))
        let program = try String(contentsOf: dir.appendingPathComponent("containers.py"), encoding: .utf8)
        let expected = try String(contentsOf: dir.appendingPathComponent("containers.out"), encoding: .utf8)
        let (output, error) = runProgram(program)
        #expect(error == nil)
        #expect(output == expected)
    }

    /// state_dict()._metadata as PyTorch 2.15 prints it (BatchNorm at version 2), kept
    /// through torch.save and torch.load.
    @Test func stateDictCarriesItsMetadata() {
        let path = NSTemporaryDirectory() + "tsh-metadata-\(getpid()).pth"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (output, error) = runProgram("""
        import torch
        import torch.nn as nn
        m = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ModuleList([nn.Linear(2, 2)]))
        print(m.state_dict()._metadata)
        print(m.state_dict(prefix="model.")._metadata)
        torch.save(m.state_dict(), "\(path)")
        print(torch.load("\(path)")._metadata == m.state_dict()._metadata)
        """)
        #expect(error == nil)
        #expect(output == """
        OrderedDict([('', {'version': 1}), ('0', {'version': 1}), ('1', {'version': 2}), ('2', {'version': 1}), ('2.0', {'version': 1})])
        OrderedDict([('model', {'version': 1}), ('model.0', {'version': 1}), ('model.1', {'version': 2}), ('model.2', {'version': 1}), ('model.2.0', {'version': 1})])
        True

        """)
    }
}
