/// The element types a tensor can hold.
///
/// Mirrors torch.dtype for the four dtypes tsh supports: float32 (the default for floats),
/// float64, int64 (the default for integers) and bool.
package enum DType: Sendable, Hashable, CaseIterable {
    case float32, float64, int64, bool

    package var itemSize: Int {
        switch self {
        case .float32: 4
        case .float64: 8
        case .int64: 8
        case .bool: 1
        }
    }

    package var isFloatingPoint: Bool { self == .float32 || self == .float64 }

    /// PyTorch's canonical name, as in `torch.float32`.
    package var name: String {
        switch self {
        case .float32: "float32"
        case .float64: "float64"
        case .int64: "int64"
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
        }
    }
}
