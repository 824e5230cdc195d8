import Autograd
import Interpreter
import PythonSyntax

/// A tensor as Python sees it: attributes, operators, indexing, iteration, printing.
/// Methods live in TensorMethods.swift.
final class TensorObject: PyObject {
    let tensor: Tensor

    private init(_ tensor: Tensor) { self.tensor = tensor }

    /// The one wrapper of a tensor while it lives, so identity (`is`) is the tensor's.
    /// The tensor's `wrapper` points here only while this object lives (`wrap` makes at
    /// most one wrapper per tensor at a time, so this is the one).
    deinit { tensor.wrapper = nil }

    static func wrap(_ t: Tensor) -> Value {
        if let existing = t.wrapper as? TensorObject { return .object(existing) }
        let object = TensorObject(t)
        t.wrapper = object
        return .object(object)
    }

    var typeName: String { tensor.isParameter ? "Parameter" : "Tensor" }

    func repr(_ interp: Interpreter) throws -> String {
        // PyTorch's printer recurses once per dimension and meets Python's recursion limit.
        if tensor.rank > Interpreter.nestingLimit - 100 {
            throw PyError("RecursionError", "maximum recursion depth exceeded while calling a Python object")
        }
        return TensorFormatter.repr(tensor, options: PrintOptionsBox.of(interp).options)
    }

    /// A 0-d tensor formats as its Python number; others only with an empty spec.
    func format(_ spec: String, _ interp: Interpreter) throws -> String? {
        if tensor.rank == 0 && !tensor.isParameter {
            return try interp.format(Convert.value(try tensor.data.item()), spec)
        }
        if spec.isEmpty { return try repr(interp) }
        throw PyError.type("unsupported format string passed to Tensor.__format__")
    }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "shape": return .object(SizeObject(tensor.shape))
        case "dtype": return .object(DTypeObject.of(tensor.dtype))
        case "grad":
            if !tensor.isLeaf && !tensor.retainsGrad { interp.warn("UserWarning", Messages.nonLeafGrad) }
            return tensor.grad.map(TensorObject.wrap) ?? Value.none
        case "grad_fn": return NodeObject.wrap(tensor.gradFn)
        case "requires_grad": return .bool(tensor.requiresGrad)
        case "is_leaf": return .bool(tensor.isLeaf)
        case "output_nr": return .int(tensor.isLeaf ? 0 : tensor.outputNr)
        case "T": return TensorObject.wrap(try tensor.reversedDims)
        case "mT": return TensorObject.wrap(try tensor.transpose(-2, -1))
        case "data": return TensorObject.wrap(tensor.dataAlias())
        case "device": return .object(DeviceObject())
        case "ndim": return .int(tensor.rank)
        case "_version": return .int(tensor.version)
        case "is_cuda": return .bool(false)
        case "retains_grad": return .bool(tensor.retainsGrad)
        case "__class__": return .object(tensor.isParameter ? TorchClasses.parameter : TorchClasses.tensor)
        default: return try TensorMethods.method(self, name, interp)
        }
    }

    /// Declared methods are called straight from `x.name(...)`; the names getAttribute
    /// answers itself (properties) never reach here, as none is a declared op.
    func hasDirectMethod(_ name: String) -> Bool {
        guard let op = OpDeclarations.byName[name] else { return false }
        return op.forms.contains(.method)
    }

    func callDirectMethod(_ name: String, _ args: Arguments, _ interp: Interpreter) throws -> Value {
        guard let op = OpDeclarations.byName[name] else { throw PyError.attribute("'Tensor' object has no attribute '\(name)'") }
        return try TensorMethods.invoke(op, on: self, receiverFirst: args, interp)
    }

    func setAttribute(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool {
        switch name {
        case "grad":
            if case .none = value { tensor.grad = nil; return true }
            guard let g = Convert.tensor(value) else {
                throw PyError.type("assigned grad expected to be a Tensor or None but got grad of type \(interp.typeName(value))")
            }
            guard g.shape == tensor.shape else { throw PyError.runtime("assigned grad has data of a different size") }
            tensor.grad = g
            return true
        case "requires_grad":
            try tensor.setRequiresGrad(try interp.truth(value))
            return true
        case "data":
            guard let t = Convert.tensor(value) else { throw PyError.type("Variable data has to be a tensor, but got \(interp.typeName(value))") }
            tensor.data = t.data
            return true
        default:
            return false
        }
    }

    // MARK: Operators

    func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        let t = tensor
        if case .matmul = op {  // a pattern, not ==: String-backed enums compare through a generic witness
            guard let o = Convert.tensor(other) else { return nil }
            return TensorObject.wrap(try reflected ? Tensor.matmul(o, t) : Tensor.matmul(t, o))
        }
        guard Convert.tensor(other) != nil || Convert.scalar(other) != nil else { return nil }
        let operand = try Convert.operand(other, op.rawValue, interp)
        let number = Convert.scalar(other)
        let result: Tensor
        switch op {
        case .add: result = try t.add(operand)
        case .sub: result = reflected ? try t.rsub(number!) : try t.sub(operand)
        case .mul: result = try t.mul(operand)
        case .div: result = reflected ? try t.rdiv(number!) : try t.div(operand)
        case .floorDiv:
            result = reflected ? Tensor(try NDArray.binary(.floorDivide, .scalar(number!), .array(t.data))) : try t.floorDivide(operand)
        case .mod:
            result = reflected ? Tensor(try NDArray.binary(.remainder, .scalar(number!), .array(t.data))) : try t.remainder(operand)
        case .pow: result = reflected ? try Tensor.pow(base: number!, exponent: t) : try t.pow(operand)
        case .and, .or, .xor:
            let logical: BinaryOp = op == .and ? .logicalAnd : (op == .or ? .logicalOr : .logicalXor)
            guard t.dtype == .bool else { throw PyError.type("bitwise operations on non-bool tensors are not supported by tsh") }
            result = Tensor(try NDArray.logical(logical, .array(t.data), operand.array))
        default: return nil
        }
        return TensorObject.wrap(result)
    }

    func inPlace(_ op: BinaryOperator, _ other: Value, _ interp: Interpreter) throws -> Value? {
        guard Convert.tensor(other) != nil || Convert.scalar(other) != nil else { return nil }
        let operand = try Convert.operand(other, op.rawValue, interp)
        switch op {
        case .add: try tensor.addInPlace(operand)
        case .sub: try tensor.subInPlace(operand)
        case .mul: try tensor.mulInPlace(operand)
        case .div: try tensor.divInPlace(operand)
        case .pow: try tensor.powInPlace(operand)
        default: return nil
        }
        return .object(self)
    }

    func compare(_ op: CompareOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        let mapping: [CompareOperator: ComparisonOp] = [.eq: .eq, .ne: .ne, .lt: .lt, .le: .le, .gt: .gt, .ge: .ge]
        guard var c = mapping[op] else { return nil }
        guard Convert.tensor(other) != nil || Convert.scalar(other) != nil else {
            if op == .eq || op == .ne { return .bool(op == .ne) }
            return nil
        }
        if reflected {
            let swapped: [ComparisonOp: ComparisonOp] = [.lt: .gt, .le: .ge, .gt: .lt, .ge: .le, .eq: .eq, .ne: .ne]
            c = swapped[c]!
        }
        return TensorObject.wrap(try tensor.compare(c, try Convert.operand(other, op.rawValue, interp)))
    }

    func unary(_ op: UnaryOperator, _ interp: Interpreter) throws -> Value? {
        switch op {
        case .negate: return TensorObject.wrap(try tensor.neg())
        case .plus: return .object(self)
        case .invert:
            guard tensor.dtype == .bool else { throw PyError.type("bitwise not is only supported for bool tensors in tsh") }
            return TensorObject.wrap(try tensor.unary(.logicalNot))
        case .not: return nil
        }
    }

    // MARK: Indexing and iteration

    func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        let (indices, isTuple) = try TensorIndexing.convert(index, interp)
        return TensorObject.wrap(try tensor.index(indices, isTuple: isTuple))
    }

    func setItem(_ index: Value, _ value: Value, _ interp: Interpreter) throws -> Bool {
        let (indices, isTuple) = try TensorIndexing.convert(index, interp)
        let operand: TensorOperand
        if let t = Convert.tensor(value) {
            operand = .tensor(t)
        } else if let s = Convert.scalar(value) {
            operand = .scalar(s)
        } else if case .list = value {
            operand = .tensor(Tensor(try NDArray.from(try Convert.nested(value, interp), dtype: tensor.dtype)))
        } else {
            throw PyError.type("can't assign a \(interp.typeName(value)) to a \(tensor.dtype.legacyTypeName)")
        }
        try tensor.setItem(indices, isTuple: isTuple, value: operand)
        return true
    }

    func length(_ interp: Interpreter) throws -> Int? {
        guard tensor.rank > 0 else { throw PyError.type("len() of a 0-d tensor") }
        return tensor.shape[0]
    }

    func makeIterator(_ interp: Interpreter) throws -> PyIterator? {
        guard tensor.rank > 0 else { throw PyError.type("iteration over a 0-d tensor") }
        let pieces = try tensor.unbind(dim: 0)
        return PyIterator(pieces.map(TensorObject.wrap))
    }

    func truth(_ interp: Interpreter) throws -> Bool? {
        guard tensor.count == 1 else {
            if tensor.count == 0 { throw PyError.runtime("Boolean value of Tensor with no values is ambiguous") }
            throw PyError.runtime("Boolean value of Tensor with more than one value is ambiguous")
        }
        return try tensor.data.item().boolValue
    }

    func asNumber(_ interp: Interpreter) throws -> Value? {
        guard tensor.count == 1 else {
            throw PyError.runtime("a Tensor with \(tensor.count) elements cannot be converted to Scalar")
        }
        let v = Convert.value(try tensor.data.item())
        TensorMethods.noteNumberExit(tensor)
        return v
    }

    func contains(_ value: Value, _ interp: Interpreter) throws -> Bool? {
        let eq = try tensor.compare(.eq, try Convert.operand(value, "in", interp))
        return try eq.anyAll(all: false).data.item().boolValue
    }

    func isInstance(of cls: PyObject) -> Bool {
        cls === TorchClasses.tensor || (tensor.isParameter && cls === TorchClasses.parameter)
            || (cls as? LegacyTensorType)?.dtype == tensor.dtype
    }

    func attributeNames() -> [String] {
        ["shape", "dtype", "grad", "grad_fn", "requires_grad", "is_leaf", "T", "data", "device", "ndim"]
            + TensorMethods.names.filter { !TensorMethods.aliases.contains($0) }
    }
}

/// Python subscripts to engine indices.
enum TensorIndexing {
    static func convert(_ index: Value, _ interp: Interpreter) throws -> ([TensorIndex], Bool) {
        if case .tuple(let items) = index { return (try items.map { try one($0, interp) }, true) }
        return ([try one(index, interp)], false)
    }

    static func one(_ v: Value, _ interp: Interpreter) throws -> TensorIndex {
        switch v {
        case .int(let i): return .int(i)
        case .bool(let b): return .array(NDArray(values: [.bool(b)], shape: [], dtype: .bool))
        case .none: return .newAxis
        case .ellipsis: return .ellipsis
        case .slice(let a, let b, let c):
            return .slice(start: try Convert.int(a, interp), stop: try Convert.int(b, interp), step: try Convert.int(c, interp))
        case .list:
            let data = try NDArray.from(try Convert.nested(v, interp))
            return .array(data.dtype == .float32 && data.count == 0 ? data.to(.int64) : data)
        case .object(let o):
            if let t = (o as? TensorObject)?.tensor { return .array(t.data) }
            if let n = o as? NumpyValue {
                if n is NumpyScalar, !n.array.dtype.isFloatingPoint, n.array.dtype != .bool { return .int(Int(n.array.scalar(at: []).int64Value)) }
                return .array(n.array)
            }
            throw PyError.index("only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got \(o.typeName))")
        default:
            throw PyError.index("only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got \(interp.typeName(v)))")
        }
    }
}

extension Messages {
    /// PyTorch's warning on reading `.grad` of a non-leaf (raised in TensorBody.h; the
    /// "(Triggered internally at ...)" tail naming its build path is left out).
    static let nonLeafGrad = "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't be populated during autograd.backward(). If you indeed want the .grad field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for more informations."
}
