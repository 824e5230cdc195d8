import Autograd
import Interpreter
import PythonSyntax
import TorchData

/// torch.utils.data: Dataset, TensorDataset, DataLoader, Subset, random_split, default_collate.
enum DataModule {
    static func make() -> (utils: ModuleObject, data: ModuleObject) {
        let data = ModuleObject(name: "torch.utils.data")
        data.attributes["TensorDataset"] = .object(TypeObject("TensorDataset") { a, i in
            let tensors = try a.positional.map { try Convert.requireTensor($0, "TensorDataset", "tensors", i) }
            guard let first = tensors.first else { return .object(TensorDatasetObject([])) }
            for t in tensors where t.shape.first != first.shape.first {
                throw PyError("AssertionError", "Size mismatch between tensors")
            }
            return .object(TensorDatasetObject(tensors))
        })
        data.attributes["DataLoader"] = .object(TypeObject("DataLoader") { a, i in .object(try DataLoaderObject(a, i)) })
        data.attributes["Dataset"] = .object(DatasetBase.shared)
        data.attributes["Subset"] = .object(TypeObject("Subset") { a, i in
            let b = try Signature("Subset", "dataset, indices").bind(a)
            return .object(SubsetObject(dataset: b.required("dataset"),
                                        indices: try i.materialize(b.required("indices")).map { try Convert.requireIndex($0, i) }))
        })
        data.attributes["random_split"] = .builtin(Builtin("random_split") { a, i in
            let b = try Signature("random_split", "dataset, lengths, generator=None").bind(a)
            let dataset = b.required("dataset")
            guard let n = try i.call(i.builtins["len"]!, Arguments([dataset])).intValue else { throw PyError.type("dataset has no len()") }
            let lengths = try i.materialize(b.required("lengths"))
            let counts: [Int]
            if lengths.allSatisfy({ if case .float = $0 { return true } else { return false } }) {
                counts = try Sampling.splitCounts(fractions: try lengths.map { try i.float($0) }, count: n)
            } else {
                counts = try lengths.map { try Convert.requireIndex($0, i) }
            }
            let pieces = try Sampling.randomSplit(lengths: counts, count: n, generator: try Session.generator(b["generator"], i))
            return .list(PyList(pieces.map { .object(SubsetObject(dataset: dataset, indices: $0)) }))
        })
        data.attributes["default_collate"] = .builtin(Builtin("default_collate") { a, i in
            let b = try Signature("default_collate", "batch").bind(a)
            let batch = b.required("batch")
            switch batch {
            case .int, .float, .bool, .none:
                // PyTorch's default_collate reads batch[0] first.
                throw PyError.type("'\(i.typeName(batch))' object is not subscriptable")
            default:
                return try collate(try i.materialize(batch), i)
            }
        })
        let utils = ModuleObject(name: "torch.utils")
        utils.attributes["data"] = .object(data)
        return (utils, data)
    }

    /// default_collate (TorchData's Collate) over language values: tensors stack, numbers
    /// become a tensor, tuples and lists collate position by position (into a list).
    static func collate(_ items: [Value], _ interp: Interpreter) throws -> Value {
        let batch = try items.map { try item($0, interp) }
        let collated = try Collate.collate(batch, keyMatches: { (try? interp.compare(.eq, $0, $1)).map { (try? interp.truth($0)) ?? false } ?? false },
                                           keyRepr: { (try? interp.repr($0)) ?? "?" })
        return value(collated)
    }

    private static func item(_ v: Value, _ interp: Interpreter) throws -> CollateItem<Value> {
        switch v {
        case .object(let o) where o is TensorObject: return .tensor((o as! TensorObject).tensor)
        case .int(let i): return .int(Int64(i))
        case .bool(let b): return .bool(b)
        case .float(let d): return .float(d)
        case .string: return .string(v)
        case .tuple, .list: return .sequence(try interp.materialize(v).map { try item($0, interp) })
        case .dict(let d): return .mapping(keys: d.keys, values: try d.keys.map { try item(try d.get($0)!, interp) })
        default: return .unsupported(typeName: interp.typeName(v))
        }
    }

    private static func value(_ c: Collated<Value>) -> Value {
        switch c {
        case .tensor(let t): return Convert.wrap(t)
        case .strings(let s): return .list(PyList(s))
        case .list(let items): return .list(PyList(items.map(value)))
        case .mapping(let keys, let values):
            let d = PyDict()
            for (k, v) in zip(keys, values) { try? d.set(k, value(v)) }
            return .dict(d)
        }
    }
}

extension Value {
    var intValue: Int? { if case .int(let i) = self { return i } else { return nil } }
    var isBool: Bool { if case .bool = self { return true } else { return false } }
}

/// `torch.utils.data.Dataset`, for user datasets to derive from.
final class DatasetBase: NativeClass {
    static let shared = DatasetBase()
    var typeName: String { "type" }
    /// A user's Dataset subclass makes plain instances: its __len__, __getitem__ and
    /// __repr__ are the special methods every user class has.
    func makeInstance(of cls: PyClass, _ interp: Interpreter) throws -> PyObject { PyInstance(cls: cls) }
    func repr(_ interp: Interpreter) throws -> String { "<class 'torch.utils.data.dataset.Dataset'>" }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        name == "__init__" ? .builtin(Builtin("__init__") { _, _ in .none }) : nil
    }
}

/// An instance of a user Dataset subclass: __len__ and __getitem__ come from its class.

final class TensorDatasetObject: PyObject {
    let tensors: [Tensor]
    init(_ tensors: [Tensor]) { self.tensors = tensors }
    var typeName: String { "TensorDataset" }
    func length(_ interp: Interpreter) throws -> Int? { tensors.first?.shape.first ?? 0 }
    func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        let (indices, isTuple) = try TensorIndexing.convert(index, interp)
        return .tuple(try tensors.map { Convert.wrap(try $0.index(indices, isTuple: isTuple)) })
    }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        name == "tensors" ? .tuple(tensors.map(Convert.wrap)) : nil
    }
    func isInstance(of cls: PyObject) -> Bool { cls === DatasetBase.shared }
}

final class SubsetObject: PyObject {
    let dataset: Value
    let indices: [Int]
    init(dataset: Value, indices: [Int]) { self.dataset = dataset; self.indices = indices }
    var typeName: String { "Subset" }
    func length(_ interp: Interpreter) throws -> Int? { indices.count }
    func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        let k = try interp.normalizeIndex(index, count: indices.count, what: "list")
        return try interp.getItem(dataset, .int(indices[k]))
    }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "indices": return .list(PyList(indices.map { .int($0) }))
        case "dataset": return dataset
        default: return nil
        }
    }
}

/// torch.utils.data.DataLoader: batches of collated items, in order or shuffled with
/// PyTorch's draws, or in the order of a given sampler or batch sampler; `collate_fn`
/// replaces the default collate. Items are loaded in this process: `num_workers` changes
/// nothing in the batches, so it is accepted (with the worker-only options refused).
final class DataLoaderObject: PyObject {
    let dataset: Value
    let batchSize: Int?
    let shuffle: Bool
    let dropLast: Bool
    let generator: Value?
    let sampler: Value?
    let batchSampler: Value?
    let collate: Value?

    init(_ args: Arguments, _ interp: Interpreter) throws {
        let signature = Signature("DataLoader", "dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None, num_workers=0, collate_fn=None, pin_memory=False, drop_last=False, timeout=0, worker_init_fn=None, multiprocessing_context=None, generator=None, *, prefetch_factor=None, persistent_workers=False, pin_memory_device='', in_order=True")
        let b = try signature.bind(args)
        dataset = b.required("dataset")
        let batchSizeGiven = b.given("batch_size")
        if let bs = batchSizeGiven, case .none = bs { batchSize = nil } else { batchSize = try Convert.int(b["batch_size"], interp) ?? 1 }
        shuffle = try Convert.bool(b["shuffle"], interp) ?? false
        dropLast = try Convert.bool(b["drop_last"], interp) ?? false
        generator = b["generator"]
        sampler = b["sampler"]
        batchSampler = b["batch_sampler"]
        collate = b["collate_fn"]
        if let size = batchSize, size <= 0 {
            throw PyError.value("batch_size should be a positive integer value, but got batch_size=\(size)")
        }
        if sampler != nil && shuffle {
            throw PyError.value("sampler option is mutually exclusive with shuffle")
        }
        if batchSampler != nil && (batchSize != 1 || shuffle || sampler != nil || dropLast) {
            throw PyError.value("batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last")
        }
        let workers = try Convert.int(b["num_workers"], interp) ?? 0
        if workers < 0 {
            throw PyError.value("num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.")
        }
        if (try Convert.double(b["timeout"], interp) ?? 0) < 0 { throw PyError.value("timeout option should be non-negative") }
        if b["multiprocessing_context"] != nil && workers == 0 {
            throw PyError.value("multiprocessing_context can only be used with multi-process loading (num_workers > 0), but got num_workers=0")
        }
        if workers == 0 && b["prefetch_factor"] != nil {
            throw PyError.value("prefetch_factor option could only be specified in multiprocessing.let num_workers > 0 to enable multiprocessing, otherwise set prefetch_factor to None.")
        }
        let persistent = try Convert.bool(b["persistent_workers"], interp) ?? false
        if workers == 0 && persistent {
            throw PyError.value("persistent_workers option needs num_workers > 0")
        }
        if workers > 0 {
            for key in ["worker_init_fn", "multiprocessing_context"] where b[key] != nil {
                throw PyError("NotImplementedError", "DataLoader(\(key)=...) is not supported by tsh: it loads every batch in this process")
            }
        }
        _ = b["worker_init_fn"]  // with num_workers=0 PyTorch never calls it either
        _ = try Convert.int(b["prefetch_factor"], interp)
        if try Convert.bool(b["pin_memory"], interp) == true {
            interp.warn("UserWarning", "'pin_memory' argument is set as true but no accelerator is found, then device pinned memory won't be used.")
        }
        if case .string(let device)? = b["pin_memory_device"], !device.isEmpty {
            throw PyError("NotImplementedError", "DataLoader(pin_memory_device='\(device)') is not supported by tsh: it computes on the CPU")
        }
        _ = try Convert.bool(b["in_order"], interp)
        try signature.refuseIgnored(b, interp)
    }

    var typeName: String { "DataLoader" }

    func count(_ interp: Interpreter) throws -> Int {
        guard let n = try interp.call(interp.builtins["len"]!, Arguments([dataset])).intValue else { return 0 }
        return n
    }

    func length(_ interp: Interpreter) throws -> Int? {
        let len = interp.builtins["len"]!
        if let batchSampler { return try interp.call(len, Arguments([batchSampler])).intValue }
        let count = try sampler.map { try interp.call(len, Arguments([$0])).intValue ?? 0 } ?? (try self.count(interp))
        return BatchIndexIterator.batchCount(count: count, batchSize: batchSize, dropLast: dropLast)
    }

    func makeIterator(_ interp: Interpreter) throws -> PyIterator? {
        let explicit = try generator.map { try Session.generator($0, interp) }
        let dataset = self.dataset, collate = self.collate
        func finish(_ items: [Value], batched: Bool) throws -> Value {
            if let collate { return try interp.call(collate, Arguments([batched ? .list(PyList(items)) : items[0]])) }
            return batched ? try DataModule.collate(items, interp) : items[0]
        }
        if let batchSampler {
            // Each batch is a list of indices the batch sampler yields.
            _ = Sampling.int64Seed(explicit ?? Session.of(interp).generator)
            let batches = try interp.iterate(batchSampler)
            return PyIterator { () -> Value? in
                guard let batch = try batches.next() else { return nil }
                let indices = try interp.materialize(batch)
                return try finish(try indices.map { try interp.getItem(dataset, $0) }, batched: true)
            }
        }
        let indices: BatchIndexIterator
        if let sampler {
            let order = try interp.iterate(sampler)
            indices = BatchIndexIterator(indices: {
                guard let v = try order.next() else { return nil }
                guard let i = try interp.asIndex(v) else { throw PyError.type("sampler yielded \(interp.typeName(v)), not an index") }
                return i
            }, batchSize: batchSize, dropLast: dropLast, generator: explicit, global: Session.of(interp).generator)
        } else {
            indices = try BatchIndexIterator(count: try count(interp), batchSize: batchSize, shuffle: shuffle, dropLast: dropLast,
                                             generator: explicit, global: Session.of(interp).generator)
        }
        let batched = batchSize != nil
        // A TensorDataset batch under the default collate is each tensor's rows gathered in
        // one copy (what stacking the samples gives, without a tensor per sample).
        if batched, collate == nil, case .object(let object) = dataset, let tensors = (object as? TensorDatasetObject)?.tensors,
           !tensors.isEmpty, tensors.allSatisfy({ !$0.requiresGrad }) {
            return PyIterator { () -> Value? in
                guard let batch = try indices.next() else { return nil }
                return .list(PyList(try tensors.map { Convert.wrap(Tensor(try $0.data.gatherRows(batch))) }))
            }
        }
        return PyIterator { () -> Value? in
            guard let batch = try indices.next() else { return nil }
            return try finish(try batch.map { try interp.getItem(dataset, .int($0)) }, batched: batched)
        }
    }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "dataset": return dataset
        case "batch_size": return batchSize.map { .int($0) } ?? Value.none
        case "drop_last": return .bool(dropLast)
        default: return nil
        }
    }
}
