import Autograd
import Interpreter
import PythonSyntax
import TorchNN

extension TensorError: PyErrorConvertible {
    package var pyError: PyError { PyError(kind.rawValue, message) }
}

/// Moving values between Python and the engine.
enum Convert {
    static func scalar(_ v: Value) -> Scalar? {
        switch v {
        case .bool(let b): .bool(b)
        case .int(let i): .int(Int64(i))
        case .bigInt(let b): .double(Double(b))
        case .float(let d): .double(d)
        default: nil
        }
    }

    static func value(_ s: Scalar) -> Value {
        switch s {
        case .bool(let b): .bool(b)
        case .int(let i): .int(Int(i))
        case .double(let d): .float(d)
        }
    }

    static func tensor(_ v: Value) -> Tensor? {
        if case .object(let o) = v, let t = o as? TensorObject { return t.tensor }
        return nil
    }

    static func wrap(_ t: Tensor) -> Value { TensorObject.wrap(t) }

    /// A tensor or a Python number operand.
    static func operand(_ v: Value, _ fn: @autoclosure () -> String, _ interp: Interpreter) throws -> TensorOperand {
        if let t = tensor(v) { return .tensor(t) }
        if let s = scalar(v) { return .scalar(s) }
        throw PyError.type("\(fn())(): argument 'other' (position 1) must be Tensor, not \(interp.typeName(v))")
    }

    static func requireTensor(_ v: Value?, _ fn: String, _ arg: String = "input", position: Int = 0,
                              _ interp: Interpreter) throws -> Tensor {
        guard let v else { throw PyError.type("\(fn)() missing required argument '\(arg)'") }
        if let t = tensor(v) { return t }
        throw PyError.type("\(fn)(): argument '\(arg)' (position \(position + 1)) must be Tensor, not \(interp.typeName(v))")
    }

    static func int(_ v: Value?, _ interp: Interpreter, _ what: String = "an integer") throws -> Int? {
        guard let v else { return nil }
        if case .none = v { return nil }
        if let i = try interp.asIndex(v) { return i }
        if let t = tensor(v), t.count == 1, !t.dtype.isFloatingPoint { return Int(try t.data.item().int64Value) }
        throw PyError.type("expected \(what), got \(interp.typeName(v))")
    }

    /// An int where Python requires one (`'NoneType' object cannot be interpreted as an integer`).
    static func requireIndex(_ v: Value, _ interp: Interpreter) throws -> Int {
        if let i = try int(v, interp) { return i }
        throw PyError.type("'\(interp.typeName(v))' object cannot be interpreted as an integer")
    }

    static func double(_ v: Value?, _ interp: Interpreter) throws -> Double? {
        guard let v else { return nil }
        switch v {
        case .none: return nil
        case .object(let o):
            if let t = (o as? TensorObject)?.tensor { return try t.data.item().doubleValue }
            return try interp.float(v)
        default: return try interp.float(v)
        }
    }

    static func bool(_ v: Value?, _ interp: Interpreter) throws -> Bool? {
        guard let v else { return nil }
        if case .none = v { return nil }
        return try interp.truth(v)
    }

    /// A size given as `(2, 3)`, `[2, 3]`, `torch.Size`, or spread as `2, 3`.
    static func shape(_ values: [Value], _ interp: Interpreter) throws -> [Int] {
        if values.count == 1 {
            switch values[0] {
            case .tuple, .list: return try shape(try interp.materialize(values[0]), interp)
            case .object(let o) where o is SizeObject: return (o as! SizeObject).dims
            default: break
            }
        }
        return try values.map { v in
            guard let i = try interp.asIndex(v) else {
                throw PyError.type("empty(): argument 'size' (position 1) must be tuple of ints, but found element of type \(interp.typeName(v)) at pos 0")
            }
            return i
        }
    }

    /// A required int argument, with PyTorch's TypeError for None or another type.
    static func requireInt(_ v: Value?, _ function: String, _ argument: String, _ interp: Interpreter) throws -> Int {
        guard let v, let i = try int(v, interp) else {
            throw PyError.type("\(function)(): argument '\(argument)' must be int, not \(v.map { interp.typeName($0) } ?? "NoneType")")
        }
        return i
    }

    /// `device=`: tsh computes on the CPU, so 'cpu' (or None) is honoured and any other
    /// device is refused with PyTorch's message for a build without it.
    static func requireCPU(_ v: Value?, _ interp: Interpreter) throws {
        guard let v else { return }
        let device: DeviceObject
        switch v {
        case .none: return
        case .object(let o) where o is DeviceObject: device = o as! DeviceObject
        case .string(let s): device = try DeviceObject.parse(s)
        case .int: throw PyError.runtime("Torch not compiled with CUDA enabled")
        default: throw PyError.type("device must be a str or torch.device, not \(interp.typeName(v))")
        }
        switch device.type {
        case "cpu": return
        case "cuda": throw PyError("AssertionError", "Torch not compiled with CUDA enabled")
        case "mps": throw PyError.runtime("PyTorch is not linked with support for mps devices")
        default: throw PyError.runtime("tsh computes on the CPU: device '\(device.text)' is not available")
        }
    }

    static func dims(_ v: Value?, _ interp: Interpreter) throws -> [Int]? {
        guard let v else { return nil }
        switch v {
        case .none: return nil
        case .tuple, .list:
            return try interp.materialize(v).map { item in
                guard let d = try int(item, interp) else { throw PyError.type("dim must be int or a tuple of ints, not \(interp.typeName(item))") }
                return d
            }
        default:
            guard let d = try int(v, interp) else { throw PyError.type("dim must be int or a tuple of ints, not \(interp.typeName(v))") }
            return [d]
        }
    }

    static func dtype(_ v: Value?, _ interp: Interpreter) throws -> DType? {
        guard let v else { return nil }
        if case .none = v { return nil }
        // A legacy type (x.type(torch.LongTensor)) names its dtype.
        if case .object(let legacy as LegacyTensorType) = v { return legacy.dtype }
        guard case .object(let o) = v, let d = o as? DTypeObject else {
            throw PyError.type("dtype must be torch.dtype, not \(interp.typeName(v))")
        }
        guard let dtype = d.dtype else {
            throw PyError.type("tsh has no complex tensors: torch.\(d.name) is not supported")
        }
        return dtype
    }

    /// Nested Python data as torch.tensor sees it.
    static func nested(_ v: Value, _ interp: Interpreter) throws -> NDArray.NestedData {
        switch v {
        case .list, .tuple: return .list(try interp.materialize(v).map { try nested($0, interp) })
        case .object(let o):
            if let t = (o as? TensorObject)?.tensor { return .array(t.data) }
            if let n = o as? NumpyValue { return .array(n.array) }
            if let s = o as? SizeObject { return .list(s.dims.map { .scalar(.int(Int64($0))) }) }
            throw PyError.type("new(): invalid data type '\(o.typeName)'")
        case .none:
            throw PyError.runtime("Could not infer dtype of NoneType")
        case .bigInt:
            // A Python int beyond 64 bits has no tensor dtype.
            throw PyError.value("Overflow when unpacking long long")
        default:
            guard let s = scalar(v) else { throw PyError.type("new(): invalid data type '\(interp.typeName(v))'") }
            return .scalar(s)
        }
    }

    static func reduction(_ v: Value?, _ interp: Interpreter) throws -> Reduction {
        guard let v, case .string(let s) = v else { return .mean }
        return try Reduction(parsing: s)
    }
}
