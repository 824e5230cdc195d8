/// The element types a tensor can hold.
///
/// Mirrors torch.dtype for the five dtypes tsh supports: float32 (the default for floats),
/// float64, int64 (the default for integers), int32 and bool.
package enum DType: Sendable, Hashable, CaseIterable {
    case float32, float64, int64, bool, int32

    package var itemSize: Int {
        switch self {
        case .float32: 4
        case .float64: 8
        case .int64: 8
        case .bool: 1
        case .int32: 4
        }
    }

    package var isFloatingPoint: Bool { self == .float32 || self == .float64 }
    package var isInteger: Bool { self == .int64 || self == .int32 }

    /// PyTorch's canonical name, as in `torch.float32`.
    package var name: String {
        switch self {
        case .float32: "float32"
        case .float64: "float64"
        case .int64: "int64"
        case .bool: "bool"
        case .int32: "int32"
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
        }
    }
}
