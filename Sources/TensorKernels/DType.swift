/// The element types a tensor can hold.
///
/// Mirrors torch.dtype for the dtypes tsh supports: float32 (the default for floats),
/// float64, int64 (the default for integers), int32, bool, and the narrow types float16,
/// bfloat16, int16, int8 and uint8. The narrow types are storage types: the kernels
/// compute them in `computeType` (float32 for the half floats, as PyTorch's CPU kernels
/// do; int64 for the small ints, whose results wrap when stored back) and store the result.
package enum DType: Sendable, Hashable, CaseIterable {
    case float32, float64, int64, bool, int32
    case float16, bfloat16, int16, int8, uint8

    package var itemSize: Int {
        switch self {
        case .float32, .int32: 4
        case .float64, .int64: 8
        case .bool, .int8, .uint8: 1
        case .float16, .bfloat16, .int16: 2
        }
    }

    package var isFloatingPoint: Bool { self == .float32 || self == .float64 || self == .float16 || self == .bfloat16 }
    package var isInteger: Bool { self == .int64 || self == .int32 || self == .int16 || self == .int8 || self == .uint8 }

    /// The dtype the kernels compute this one in (itself for the five compute dtypes).
    package var computeType: DType {
        switch self {
        case .float16, .bfloat16: .float32
        case .int16, .int8, .uint8: .int64
        default: self
        }
    }

    /// Whether the kernels compute this dtype in another one.
    package var isStorageOnly: Bool { computeType != self }

    /// PyTorch's canonical name, as in `torch.float32`.
    package var name: String {
        switch self {
        case .float32: "float32"
        case .float64: "float64"
        case .int64: "int64"
        case .bool: "bool"
        case .int32: "int32"
        case .float16: "float16"
        case .bfloat16: "bfloat16"
        case .int16: "int16"
        case .int8: "int8"
        case .uint8: "uint8"
        }
    }

    /// The C++ type name PyTorch prints in some messages (`float`, `long int`).
    package var cppName: String {
        switch self {
        case .float32: "float"
        case .float64: "double"
        case .int64: "long int"
        case .int32: "int"
        case .bool: "bool"
        case .float16: "c10::Half"
        case .bfloat16: "c10::BFloat16"
        case .int16: "short int"
        case .int8: "signed char"
        case .uint8: "unsigned char"
        }
    }

    /// The name PyTorch uses in kernel error messages (`"addmm_impl_cpu_" not implemented for 'Bool'`).
    package var scalarTypeName: String {
        switch self {
        case .float32: "Float"
        case .float64: "Double"
        case .int64: "Long"
        case .bool: "Bool"
        case .int32: "Int"
        case .float16: "Half"
        case .bfloat16: "BFloat16"
        case .int16: "Short"
        case .int8: "Char"
        case .uint8: "Byte"
        }
    }
}

extension DType {
    /// PyTorch's legacy type name (`x.type()`, `torch.FloatTensor`, and its argument checks).
    package var legacyTypeName: String {
        switch self {
        case .float32: "torch.FloatTensor"
        case .float64: "torch.DoubleTensor"
        case .float16: "torch.HalfTensor"
        case .bfloat16: "torch.BFloat16Tensor"
        case .int64: "torch.LongTensor"
        case .int32: "torch.IntTensor"
        case .int16: "torch.ShortTensor"
        case .int8: "torch.CharTensor"
        case .uint8: "torch.ByteTensor"
        case .bool: "torch.BoolTensor"
        }
    }
}
