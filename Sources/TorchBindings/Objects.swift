import Autograd
import Interpreter
import PythonSyntax

/// torch.dtype values: the five tsh computes with, and the other names PyTorch has
/// (printable and comparable; a tensor of them is refused).
final class DTypeObject: PyObject {
    let name: String
    let dtype: DType?

    init(_ name: String, _ dtype: DType?) {
        self.name = name
        self.dtype = dtype
    }

    var typeName: String { "dtype" }
    func repr(_ interp: Interpreter) throws -> String { "torch.\(name)" }
    func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "is_floating_point": return .bool(dtype?.isFloatingPoint ?? name.hasPrefix("float"))
        case "itemsize": return .int(dtype?.itemSize ?? 4)
        default: return nil
        }
    }
    func compare(_ op: CompareOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard op == .eq || op == .ne else { return nil }
        var same = false
        if case .object(let o) = other, let d = o as? DTypeObject { same = d.name == name }
        return .bool(op == .eq ? same : !same)
    }
    func hashKey() throws -> HashKey? { .string("torch.dtype." + name) }

    static let all: [String: DTypeObject] = {
        var table: [String: DTypeObject] = [:]
        let canonical: [(String, DType?)] = [("float32", .float32), ("float64", .float64), ("int64", .int64), ("bool", .bool),
                                            ("float16", .float16), ("bfloat16", .bfloat16), ("int32", .int32), ("int16", .int16),
                                            ("int8", .int8), ("uint8", .uint8), ("complex64", nil), ("complex128", nil)]
        for (name, dtype) in canonical { table[name] = DTypeObject(name, dtype) }
        for (alias, name) in [("float", "float32"), ("double", "float64"), ("long", "int64"), ("half", "float16"),
                              ("int", "int32"), ("short", "int16"), ("cfloat", "complex64")] {
            table[alias] = table[name]
        }
        return table
    }()

    static func of(_ d: DType) -> DTypeObject { all[d.name]! }
}

/// torch.Size: a tuple of ints that prints as `torch.Size([2, 3])`.
final class SizeObject: PyObject {
    let dims: [Int]
    init(_ dims: [Int]) { self.dims = dims }

    var typeName: String { "Size" }
    var tuple: Value { .tuple(dims.map { .int($0) }) }
    /// torch.Size is a tuple subclass: isinstance(x.shape, tuple) holds.
    func isInstance(of cls: PyObject) -> Bool { (cls as? TypeObject)?.name == "tuple" }
    func repr(_ interp: Interpreter) throws -> String { "torch.Size([" + dims.map(String.init).joined(separator: ", ") + "])" }
    func length(_ interp: Interpreter) throws -> Int? { dims.count }
    func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        if case .slice(let a, let b, let c) = index { return .object(SizeObject(try interp.slice(dims, a, b, c))) }
        let i = try interp.asIndex(index).map { $0 < 0 ? $0 + dims.count : $0 }
        guard let i, i >= 0, i < dims.count else { throw PyError.index("tuple index out of range") }
        return .int(dims[i])
    }
    func makeIterator(_ interp: Interpreter) throws -> PyIterator? { PyIterator(dims.map { .int($0) }) }
    func compare(_ op: CompareOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard op == .eq || op == .ne else { return nil }
        let others: [Value]
        switch other {
        case .tuple(let t): others = t
        case .list: return .bool(op == .ne)
        case .object(let o) where o is SizeObject: others = (o as! SizeObject).tuple.tupleItems
        default: return .bool(op == .ne)
        }
        let same = try interp.equal(tuple, .tuple(others))
        return .bool(op == .eq ? same : !same)
    }
    func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard op == .add, case .tuple(let t) = other else { return nil }
        return reflected ? .tuple(t + tuple.tupleItems) : .object(SizeObject(dims + (try t.map { try Convert.requireIndex($0, interp) })))
    }
    func hashKey() throws -> HashKey? { try HashKey(tuple) }
    func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "numel": return .builtin(Builtin("numel") { _, _ in .int(self.dims.reduce(1, *)) })
        case "index": return .builtin(Builtin("index") { a, i in
            for (k, d) in self.dims.enumerated() where try i.equal(.int(d), a.positional[0]) { return .int(k) }
            throw PyError.value("tuple.index(x): x not in tuple")
        })
        case "count": return .builtin(Builtin("count") { a, i in .int(try self.dims.filter { try i.equal(.int($0), a.positional[0]) }.count) })
        default: return nil
        }
    }
}

extension Value {
    var tupleItems: [Value] { if case .tuple(let t) = self { return t } else { return [] } }
}

/// torch.device: 'cpu' (what tsh computes on), or another device named but not usable
/// here (`torch.device('cuda')` can be made, as in PyTorch; using it is refused).
final class DeviceObject: PyObject {
    let type: String
    let index: Int?

    init(type: String = "cpu", index: Int? = nil) {
        self.type = type
        self.index = index
    }

    /// torch.device(spec) from `'cpu'`, `'cuda:0'`, or (type, index); PyTorch's error otherwise.
    static func parse(_ text: String, index given: Int? = nil) throws -> DeviceObject {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        let known = ["cpu", "cuda", "mps", "xpu", "meta", "hip", "xla", "ipu", "hpu", "mtia", "privateuseone"]
        guard let type = parts.first, known.contains(type) else {
            throw PyError.runtime("Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, maia, xla, lazy, vulkan, mps, meta, hpu, mtia, privateuseone device type at start of device string: \(text)")
        }
        var index = given
        if parts.count == 2 {
            guard let i = Int(parts[1]), i >= 0 else { throw PyError.runtime("Invalid device string: '\(text)'") }
            index = i
        }
        return DeviceObject(type: type, index: index)
    }

    var isCPU: Bool { type == "cpu" }
    var text: String { type + (index.map { ":\($0)" } ?? "") }

    var typeName: String { "device" }
    func repr(_ interp: Interpreter) throws -> String { "device(type='\(type)'" + (index.map { ", index=\($0)" } ?? "") + ")" }
    func str(_ interp: Interpreter) throws -> String { text }
    func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "type": return .string(type)
        case "index": return index.map { .int($0) } ?? Value.none
        default: return nil
        }
    }
    func compare(_ op: CompareOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard op == .eq || op == .ne else { return nil }
        var same = false
        if case .object(let o) = other, let d = o as? DeviceObject { same = d.type == type && d.index == index }
        if case .string(let s) = other { same = s == text }
        return .bool(op == .eq ? same : !same)
    }
    func hashKey() throws -> HashKey? { .string("device:" + text) }
}

/// torch.return_types.max / min / sort / topk: a named pair (values, indices).
final class ReturnTypesObject: PyObject {
    let name: String
    let values: Value, indices: Value

    init(_ name: String, values: Value, indices: Value) {
        self.name = name
        self.values = values
        self.indices = indices
    }

    var typeName: String { name }
    func repr(_ interp: Interpreter) throws -> String {
        "torch.return_types.\(name)(\nvalues=\(try interp.repr(values)),\nindices=\(try interp.repr(indices)))"
    }
    func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "values": return values
        case "indices": return indices
        default: return nil
        }
    }
    func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        switch try interp.asIndex(index) {
        case 0, -2: return values
        case 1, -1: return indices
        default: throw PyError.index("tuple index out of range")
        }
    }
    func length(_ interp: Interpreter) throws -> Int? { 2 }
    func makeIterator(_ interp: Interpreter) throws -> PyIterator? { PyIterator([values, indices]) }
}

/// `torch.no_grad()`, `torch.enable_grad()`, `torch.set_grad_enabled(b)`: context managers
/// (set_grad_enabled also takes effect at once when called, as in PyTorch).
final class GradModeContext: PyObject {
    let enabled: Bool
    let name: String
    var previous: [Bool] = []

    init(_ name: String, enabled: Bool) {
        self.name = name
        self.enabled = enabled
    }

    var typeName: String { name }
    func enter(_ interp: Interpreter) throws -> Value? {
        previous.append(GradMode.isEnabled)
        GradMode.isEnabled = enabled
        return Value.none
    }
    func exit(_ interp: Interpreter) throws {
        if let p = previous.popLast() { GradMode.isEnabled = p }
    }
    func repr(_ interp: Interpreter) throws -> String { "<torch.autograd.grad_mode.\(name) object>" }

    /// `@torch.no_grad()`: the function, run in this grad mode.
    func call(_ args: Arguments, _ interp: Interpreter) throws -> Value? {
        guard args.positional.count == 1, args.keywords.isEmpty else { throw PyError.type("'\(name)' object takes one function to decorate") }
        return decorating(args.positional[0])
    }

    func decorating(_ function: Value) -> Value {
        let enabled = self.enabled
        let qualified = function.functionName ?? name
        return .builtin(Builtin(qualified) { args, interp in
            let previous = GradMode.isEnabled
            GradMode.isEnabled = enabled
            defer { GradMode.isEnabled = previous }
            return try interp.call(function, args)
        })
    }
}



/// torch.Generator.
final class GeneratorObject: PyObject {
    let generator: Generator
    init(_ generator: Generator) { self.generator = generator }

    var typeName: String { "Generator" }
    func repr(_ interp: Interpreter) throws -> String { "<torch._C.Generator object at \(PseudoAddress.of(self))>" }
    func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "manual_seed":
            return .builtin(Builtin("manual_seed") { a, i in
                try seedGenerator(self.generator, a.positional.first, i)
                return .object(self)
            })
        case "initial_seed": return .builtin(Builtin("initial_seed") { _, _ in .integer(.init(self.generator.initialSeed)) })
        case "seed": return .builtin(Builtin("seed") { _, _ in .integer(.init(self.generator.seedNondeterministically())) })
        case "get_state":
            return .builtin(Builtin("get_state") { _, _ in
                let bytes = self.generator.getState()
                return Convert.wrap(Tensor(NDArray(values: bytes.map { .int(Int64($0)) }, shape: [bytes.count], dtype: .int64)))
            })
        case "set_state":
            return .builtin(Builtin("set_state") { a, i in
                let t = try Convert.requireTensor(a.positional.first, "set_state", "new_state", i)
                try self.generator.setState(t.data.scalars.map { UInt8(truncatingIfNeeded: $0.int64Value) })
                return .object(self)
            })
        case "device": return .object(DeviceObject())
        default: return nil
        }
    }
}

/// `manual_seed(s)`: PyTorch's seed range and two's complement for negative seeds.
func seedGenerator(_ g: Generator, _ seed: Value?, _ interp: Interpreter) throws {
    guard let seed else { throw PyError.type("manual_seed() missing 1 required positional argument: 'seed'") }
    switch try interp.int(seed) {
    case .int(let i): g.manualSeed(Int64(i))
    case .bigInt(let b):
        guard b >= 0, let u = UInt64(exactly: b) else { throw PyError.value("Overflow when unpacking long long") }
        g.manualSeed(u)
    default: break
    }
}

extension PseudoAddress {
    /// A node's address comes from its serial number, so it is stable across runs.
    static func of(node: Node) -> String {
        let digits = String(node.serial * 16, radix: 16)
        return "0x7f" + String(repeating: "0", count: max(0, 10 - digits.count)) + digits
    }
}
