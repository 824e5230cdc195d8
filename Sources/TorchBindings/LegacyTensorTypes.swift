import Autograd
import Interpreter

/// torch.FloatTensor, torch.LongTensor, ...: PyTorch's legacy typed constructors. Data gives
/// a tensor of the type's dtype, sizes a new one (PyTorch leaves its memory uninitialised;
/// tsh fills it with zeros), and `isinstance(t, torch.FloatTensor)` asks for the dtype.
final class LegacyTensorType: PyObject {
    let dtype: DType
    init(_ dtype: DType) { self.dtype = dtype }

    static let all: [LegacyTensorType] = DType.allCases.map(LegacyTensorType.init)

    var name: String { String(dtype.legacyTypeName.dropFirst("torch.".count)) }
    var typeName: String { "type" }
    func repr(_ interp: Interpreter) throws -> String { "<class '\(dtype.legacyTypeName)'>" }
    func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? { n == "__name__" ? .string(name) : nil }

    func call(_ args: Arguments, _ interp: Interpreter) throws -> Value? {
        for (key, value) in args.keywords {
            guard key == "device" else { throw PyError.type("\(name)() got an unexpected keyword argument '\(key)'") }
            try Convert.requireCPU(value, interp)
        }
        let positional = args.positional
        // Sizes (ints, or one torch.Size / tuple of ints): a new tensor of that shape.
        let sizes: [Value]? = if positional.allSatisfy({ (try? interp.asIndex($0)) != nil && !$0.isBool }) {
            positional
        } else if positional.count == 1, case .object(let size as SizeObject) = positional[0] {
            size.dims.map { .int($0) }
        } else {
            nil
        }
        if let sizes, !sizes.isEmpty {
            return Convert.wrap(Tensor(try NDArray.zeros(try Convert.shape(sizes, interp), dtype: dtype)))
        }
        if positional.isEmpty { return Convert.wrap(Tensor(try NDArray.zeros([0], dtype: dtype))) }
        guard positional.count == 1 else {
            throw PyError.type("new(): data must be a sequence (got \(positional.map { interp.typeName($0) }.joined(separator: ", ")))")
        }
        if let t = Convert.tensor(positional[0]) {
            guard t.dtype == dtype else {
                throw PyError.type("expected \(LegacyTensorType.options(dtype)) (got \(LegacyTensorType.options(t.dtype)))")
            }
            return Convert.wrap(Tensor(t.data))
        }
        return Convert.wrap(Tensor(try NDArray.from(try Convert.nested(positional[0], interp), dtype: dtype)))
    }
}

extension LegacyTensorType {
    /// How PyTorch's C++ prints a tensor type in the constructor's TypeError.
    static func options(_ dtype: DType) -> String {
        let cType = switch dtype {
        case .float32: "float"
        case .float64: "double"
        case .float16: "c10::Half"
        case .bfloat16: "c10::BFloat16"
        case .int64: "long int"
        case .int32: "int"
        case .int16: "short int"
        case .int8: "signed char"
        case .uint8: "unsigned char"
        case .bool: "bool"
        }
        return "TensorOptions(dtype=\(cType), device=cpu, layout=Strided, requires_grad=false (default), pinned_memory=false (default), memory_format=(nullopt))"
    }
}
