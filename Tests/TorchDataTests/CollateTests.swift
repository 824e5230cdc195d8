import Autograd
import TestSupport
import Testing
import TorchData

/// default_collate in the engine (the language's values are strings here).
struct CollateTests {
    typealias Item = CollateItem<String>

    func collate(_ batch: [Item]) throws -> Collated<String> {
        try Collate.collate(batch, keyMatches: ==, keyRepr: { "'\($0)'" })
    }

    @Test func tensorsStackNumbersBecomeTensorsSequencesTranspose() throws {
        guard case .tensor(let stacked) = try collate([.tensor(Tensor(array([1, 2]))), .tensor(Tensor(array([3, 4])))]) else { Issue.record("stack"); return }
        #expect(stacked.shape == [2, 2])
        guard case .tensor(let ints) = try collate([.int(1), .int(2)]) else { Issue.record("ints"); return }
        #expect(ints.dtype == .int64)
        guard case .tensor(let floats) = try collate([.float(1), .int(2)]) else { Issue.record("floats"); return }
        #expect(floats.dtype == .float64)
        guard case .list(let columns) = try collate([.sequence([.int(1), .string("a")]), .sequence([.int(2), .string("b")])]) else { Issue.record("seq"); return }
        guard columns.count == 2, case .strings(let labels) = columns[1] else { Issue.record("columns"); return }
        #expect(labels == ["a", "b"])
        guard case .mapping(let keys, _) = try collate([.mapping(keys: ["x"], values: [.int(1)]), .mapping(keys: ["x"], values: [.int(2)])]) else {
            Issue.record("mapping"); return
        }
        #expect(keys == ["x"])
    }

    @Test func badBatchesGetClearErrors() {
        expectTensorError(.typeError, "default_collate: batch items differ in type: int and str") { _ = try collate([.int(1), .string("a")]) }
        expectTensorError(.runtimeError, "each element in list of batch should be of equal size") {
            _ = try collate([.sequence([.int(1)]), .sequence([.int(1), .int(2)])])
        }
        expectTensorError(.typeError, "default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found <class 'NoneType'>") {
            _ = try collate([.unsupported(typeName: "NoneType")])
        }
        expectTensorError(.keyError, "'y'") {
            _ = try collate([.mapping(keys: ["y"], values: [.int(1)]), .mapping(keys: ["x"], values: [.int(2)])])
        }
    }
}
