import Autograd
import Foundation
import Interpreter
import TorchSerialization

/// `safetensors` and `safetensors.torch` as far as PyTorch programs use them: `save_file`,
/// `load_file`, `save`, `load` and `safe_open(...)` with `keys()`, `metadata()` and
/// `get_tensor(name)`, writing files byte for byte as safetensors 0.8.0 does and reading with
/// its checks and messages.
enum SafeTensorsModule {
    static func install(into interp: Interpreter) {
        let torchPart = ModuleObject(name: "safetensors.torch")
        torchPart.attributes["save_file"] = function("save_file", "tensors, filename, metadata=None") { b, i in
            let bytes = try encode(b.required("tensors"), metadata: b["metadata"], i)
            guard case .string(let path) = b.required("filename") else {
                throw PyError.type("argument 'filename': '\(i.typeName(b.required("filename")))' object cannot be converted to 'PyString'")
            }
            try errors { try PthFile.writeAtomically(bytes, to: path) }
            return .none
        }
        torchPart.attributes["save"] = function("save", "tensors, metadata=None") { b, i in
            .bytes(try encode(b.required("tensors"), metadata: b["metadata"], i))
        }
        torchPart.attributes["load_file"] = function("load_file", "filename, device='cpu'") { b, i in
            try Convert.requireCPU(b["device"], i)
            return try dictionary(try read(b.required("filename"), i).tensors)
        }
        torchPart.attributes["load"] = function("load", "data") { b, i in
            guard let bytes = b.required("data").bytesContents else {
                throw PyError.type("argument 'data': '\(i.typeName(b.required("data")))' object cannot be converted to 'PyBytes'")
            }
            return try dictionary(try errors { try SafeTensorsFile.decode(bytes, fromFile: false) }.tensors)
        }
        let top = ModuleObject(name: "safetensors")
        top.attributes["torch"] = .object(torchPart)
        top.attributes["safe_open"] = .object(TypeObject("safe_open") { args, interp in
            try Signature("safe_open", "filename, framework, device='cpu'").call(args, interp) { b in
                guard case .string(let framework) = b.required("framework"), ["pt", "torch", "pytorch"].contains(framework) else {
                    throw PyError("NotImplementedError", "tsh's safe_open reads tensors for PyTorch only (framework=\"pt\")")
                }
                try Convert.requireCPU(b["device"], interp)
                return .object(SafeOpenFile(try read(b.required("filename"), interp)))
            }
        })
        top.attributes["SafetensorError"] = .object(TypeObject("SafetensorError") { _, _ in
            throw PyError.type("tsh raises SafetensorError itself; it cannot be made directly")
        })
        interp.modules["safetensors"] = .object(top)
        interp.modules["safetensors.torch"] = .object(torchPart)
    }

    private static func function(_ name: String, _ spec: String, _ body: @escaping (BoundArguments, Interpreter) throws -> Value) -> Value {
        Signature.builtin(name, module: "safetensors.torch", spec, summary: "safetensors.torch.\(name), byte for byte as safetensors 0.8.0.", body)
    }

    private static func errors<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as SerializationError { throw PyError(e.kind, e.message) }
    }

    private static func read(_ v: Value, _ interp: Interpreter) throws -> SafeTensorsFile.Contents {
        guard case .string(let path) = v else {
            throw PyError.type("argument 'filename': '\(interp.typeName(v))' object cannot be converted to 'PyString'")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let data = FileManager.default.contents(atPath: path) else {
            throw PyError("FileNotFoundError", "No such file or directory: \(path)")
        }
        return try errors { try SafeTensorsFile.decode([UInt8](data)) }
    }

    private static func dictionary(_ tensors: [(name: String, array: NDArray)]) throws -> Value {
        .dict(try PyDict(tensors.map { (.string($0.name), Convert.wrap(Tensor($0.array))) }))
    }

    /// A dict, or the OrderedDict a state_dict is.
    private static func dict(_ v: Value) -> PyDict? {
        if case .dict(let d) = v { return d }
        if case .object(let o as OrderedDictObject) = v { return o.dict }
        return nil
    }

    /// The library's checks before writing: a dict of tensors by str, contiguous, no two
    /// sharing memory, metadata of str to str.
    private static func encode(_ v: Value, metadata: Value?, _ interp: Interpreter) throws -> [UInt8] {
        guard let d = dict(v) else {
            throw PyError.type("argument 'tensors': '\(interp.typeName(v))' object cannot be converted to 'PyDict'")
        }
        var tensors: [(name: String, array: NDArray)] = []
        for (key, value) in d.pairs {
            guard case .string(let name) = key else { throw PyError.type("argument 'tensors': '\(interp.typeName(key))' object cannot be converted to 'PyString'") }
            guard let t = Convert.tensor(value) else {
                throw PyError.value("Key `\(name)` is invalid, expected torch.Tensor but received <class '\(interp.typeName(value))'>")
            }
            guard t.data.isContiguous else {
                throw PyError.value("You are trying to save a non contiguous tensor: `\(name)` which is not allowed. It either means you are trying to save tensors which are reference of each other in which case it's recommended to save only the full tensors, and reslice at load time, or simply call `.contiguous()` on your tensor to pack it before saving.")
            }
            tensors.append((name, t.data))
        }
        var groups: [[String]] = []
        for (k, a) in tensors.enumerated() where a.array.count > 0 {
            let sharing = tensors[..<k].filter { $0.array.count > 0 && $0.array.storage === a.array.storage }.map(\.name)
            if !sharing.isEmpty, !groups.contains(where: { $0.contains(a.name) }) {
                if let g = groups.firstIndex(where: { $0.contains(sharing[0]) }) { groups[g].append(a.name) } else { groups.append(sharing + [a.name]) }
            }
        }
        if !groups.isEmpty {
            let sets = groups.map { "{" + $0.map { "'\($0)'" }.joined(separator: ", ") + "}" }.joined(separator: ", ")
            throw PyError.runtime("""

                        Some tensors share memory, this will lead to duplicate memory on disk and potential differences when loading them again: [\(sets)].
                        A potential way to correctly save your model is to use `save_model`.
                        More information at https://huggingface.co/docs/safetensors/torch_shared_tensors
                        
            """)
        }
        var pairs: [(String, String)]?
        if let metadata {
            guard let m = dict(metadata) else {
                throw PyError.type("argument 'metadata': '\(interp.typeName(metadata))' object cannot be converted to 'PyDict'")
            }
            pairs = try m.pairs.map { k, v in
                guard case .string(let key) = k else { throw PyError.type("argument 'metadata': '\(interp.typeName(k))' object is not an instance of 'str'") }
                guard case .string(let value) = v else { throw PyError.type("argument 'metadata': '\(interp.typeName(v))' object is not an instance of 'str'") }
                return (key, value)
            }
        }
        return SafeTensorsFile.encode(tensors, metadata: pairs)
    }
}

/// What `safe_open(path, framework="pt")` gives: names, metadata and tensors of a file.
final class SafeOpenFile: PyObject {
    let contents: SafeTensorsFile.Contents
    init(_ contents: SafeTensorsFile.Contents) { self.contents = contents }

    var typeName: String { "safe_open" }
    func enter(_ interp: Interpreter) throws -> Value? { .object(self) }
    func exit(_ interp: Interpreter) throws {}

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "keys", "offset_keys":
            return .builtin(Builtin(name) { _, _ in .list(PyList(self.contents.tensors.map(\.name).sorted().map { .string($0) })) })
        case "metadata":
            return .builtin(Builtin(name) { _, _ in
                guard let m = self.contents.metadata else { return .none }
                return .dict(try PyDict(m.sorted { $0.key < $1.key }.map { (.string($0.key), .string($0.value)) }))
            })
        case "get_tensor":
            return .builtin(Builtin(name) { args, interp in
                guard args.positional.count == 1, case .string(let key) = args.positional[0] else {
                    throw PyError.type("get_tensor() takes one tensor name (a str)")
                }
                guard let found = self.contents.tensors.first(where: { $0.name == key }) else {
                    throw PyError("SafetensorError", "File does not contain tensor \(key)")
                }
                return Convert.wrap(Tensor(found.array.contiguousCopy()))
            })
        default: return nil
        }
    }
}
