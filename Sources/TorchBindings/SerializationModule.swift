import Autograd
import Interpreter
import TorchSerialization

/// torch.save and torch.load: language values to and from the file format's SavedValue.
enum SerializationModule {
    static func functions() -> [(String, Value)] {
        [
            ("save", TorchRuntime.builtin("save", "obj, f, pickle_module=None, pickle_protocol=2, _use_new_zipfile_serialization=True", summary: "Writes tensors, state_dicts and containers of them to a file PyTorch loads (zip + pickle).", example: "torch.save(model.state_dict(), 'model_weights.pth')") { b, i in
                let path = try filePath(b["f"], "save", i)
                if b["pickle_module"] != nil { throw PyError("NotImplementedError", "save(pickle_module=...) is not supported by tsh yet") }
                if let version = try Convert.int(b["pickle_protocol"], i), version != 2 {
                    throw PyError("NotImplementedError", "save(pickle_protocol=\(version)) is not supported by tsh yet: it writes protocol 2, as PyTorch does by default")
                }
                if try Convert.bool(b["_use_new_zipfile_serialization"], i) == false {
                    throw PyError("NotImplementedError", "save(_use_new_zipfile_serialization=False) is not supported by tsh: it writes the zip format")
                }
                let saved = try savedValue(b.required("obj"), i)
                try fileErrors { try PthFile.save(saved, to: path) }
                return .none
            }),
            ("load", TorchRuntime.builtin("load", "f, map_location=None, pickle_module=None, weights_only=None, mmap=None", summary: "Reads a file written by torch.save (tensors, Parameters, state_dicts, plain values).", example: "model.load_state_dict(torch.load('model_weights.pth'))") { b, i in
                let path = try filePath(b["f"], "load", i)
                // weights_only=True (PyTorch's default since 2.6) rebuilds plain data only;
                // False also rebuilds whole modules saved by torch.save(model).
                let allowObjects = try Convert.bool(b["weights_only"], i) == false
                if let location = b["map_location"] {
                    switch location {
                    case .string: try Convert.requireCPU(location, i)
                    case .object(let o) where o is DeviceObject: break
                    default: throw PyError("NotImplementedError", "load(map_location=...) takes 'cpu' or a torch.device in tsh")
                    }
                }
                if b["pickle_module"] != nil { throw PyError("NotImplementedError", "load(pickle_module=...) is not supported by tsh yet") }
                if try Convert.bool(b["mmap"], i) == true { throw PyError("NotImplementedError", "load(mmap=True) is not supported by tsh yet") }
                return try value(try fileErrors { try PthFile.load(from: path, allowObjects: allowObjects) }, i)
            }),
        ]
    }

    private static func filePath(_ v: Value?, _ fn: String, _ i: Interpreter) throws -> String {
        guard case .string(let path)? = v else {
            throw PyError.type("tsh's torch.\(fn) takes a file name (a str), not '\(v.map { i.typeName($0) } ?? "None")'")
        }
        return path
    }

    private static func fileErrors<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as SerializationError { throw PyError(e.kind, e.message) }
    }

    static func savedValue(_ v: Value, _ i: Interpreter) throws -> SavedValue {
        switch v {
        case .none: return .none
        case .bool(let b): return .bool(b)
        case .int(let n): return .int(Int64(n))
        case .float(let d): return .float(d)
        case .string(let s): return .string(s)
        // Python's pickle stops deep (or self-containing) structures with RecursionError.
        case .list(let l): return try i.nested("while pickling an object") { .list(try l.items.map { try savedValue($0, i) }) }
        case .tuple(let items): return try i.nested("while pickling an object") { .tuple(try items.map { try savedValue($0, i) }) }
        case .dict(let d): return try i.nested("while pickling an object") { .dict(try pairs(d, i), ordered: false) }
        case .object(let o as TensorObject):
            let t = o.tensor
            return t.isParameter ? .parameter(t.data, requiresGrad: t.requiresGrad) : .tensor(t.data, requiresGrad: t.requiresGrad)
        case .object(let o as OrderedDictObject):
            let saved = SavedValue.dict(try pairs(o.dict, i), ordered: true)
            guard let metadata = o.metadata else { return saved }
            return .built(saved, state: [("_metadata", try savedValue(metadata, i))])
        case .object(let m as ModuleInstance): return try i.nested("while pickling an object") { try WholeModule.saved(m, i) }
        default:
            throw PyError.type("tsh can save tensors, Parameters, modules, numbers, strings, None and lists, tuples and dicts of them, not '\(i.typeName(v))'")
        }
    }

    private static func pairs(_ d: PyDict, _ i: Interpreter) throws -> [(key: SavedValue, value: SavedValue)] {
        try d.pairs.map { (key: try savedValue($0.0, i), value: try savedValue($0.1, i)) }
    }

    static func value(_ s: SavedValue, _ i: Interpreter) throws -> Value {
        switch s {
        case .none: return .none
        case .bool(let b): return .bool(b)
        case .int(let n): return .int(Int(n))
        case .float(let d): return .float(d)
        case .string(let str): return .string(str)
        case .list(let items): return .list(PyList(try items.map { try value($0, i) }))
        case .tuple(let items): return .tuple(try items.map { try value($0, i) })
        case .dict(let pairs, let ordered):
            let d = PyDict()
            for (k, v) in pairs { try d.set(try value(k, i), try value(v, i)) }
            return ordered ? .object(OrderedDictObject(d)) : .dict(d)
        case .tensor(let array, let requiresGrad): return TensorObject.wrap(Tensor(array, requiresGrad: requiresGrad))
        case .parameter(let array, let requiresGrad): return TensorObject.wrap(Tensor(array, requiresGrad: requiresGrad, isParameter: true))
        case .object(let module, let name, let state): return .object(try WholeModule.load(module: module, name: name, state: state, i))
        case .shared(let str): return .string(str)
        case .built(let inner, let state):
            let v = try value(inner, i)
            if case .object(let o as OrderedDictObject) = v, let metadata = state.first(where: { $0.key == "_metadata" }) {
                o.metadata = try value(metadata.value, i)
            }
            return v
        }
    }
}
