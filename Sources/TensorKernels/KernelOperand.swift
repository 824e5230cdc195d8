/// One operand of a kernel: the address of its first element and its strides in elements.
package struct KernelOperand {
    package var base: UnsafeMutableRawPointer
    package var strides: [Int]

    package init(base: UnsafeMutableRawPointer, strides: [Int]) {
        self.base = base
        self.strides = strides
    }

    @inline(__always)
    package func typed<T>(_: T.Type) -> UnsafeMutablePointer<T> {
        base.assumingMemoryBound(to: T.self)
    }
}

/// A Python number as a kernel sees it: the value of a fill, a bound or an operand.
package enum Scalar: Sendable, Equatable {
    case bool(Bool)
    case int(Int64)
    case double(Double)

    package var doubleValue: Double {
        switch self {
        case .bool(let b): b ? 1 : 0
        case .int(let i): Double(i)
        case .double(let d): d
        }
    }

    package var int64Value: Int64 {
        switch self {
        case .bool(let b): b ? 1 : 0
        case .int(let i): i
        case .double(let d): truncatingToInt64(d)
        }
    }

    package var boolValue: Bool {
        switch self {
        case .bool(let b): b
        case .int(let i): i != 0
        case .double(let d): d != 0
        }
    }

    /// The value converted to the element type `T`, as a tensor of that dtype would hold it.
    @inline(__always)
    package func element<T: KernelElement>(_: T.Type) -> T {
        switch self {
        case .bool(let b): T(fromBool: b)
        case .int(let i): T(fromInt: i)
        case .double(let d): T(fromDouble: d)
        }
    }
}

/// Converts one element between kernel types, as PyTorch's casts do.
@inline(__always)
package func convertElement<S: KernelElement, D: KernelElement>(_ s: S, to _: D.Type) -> D {
    switch S.dtype {
    case .float32, .float64, .float16, .bfloat16: D(fromDouble: s.doubleValue)
    case .int64, .int32, .int16, .int8, .uint8: D(fromInt: s.int64Value)
    case .bool: D(fromBool: s.boolValue)
    }
}
