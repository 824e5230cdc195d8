#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A Swift type that stores one tensor element of a `DType`.
package protocol KernelElement {
    static var dtype: DType { get }
    /// Conversion as PyTorch's `static_cast` does on x86, without Swift's trapping:
    /// float → int truncates, and NaN or out-of-range values give Int64.min.
    init(fromDouble value: Double)
    init(fromInt value: Int64)
    init(fromBool value: Bool)
    var doubleValue: Double { get }
    var int64Value: Int64 { get }
    var boolValue: Bool { get }
}

extension Float: KernelElement {
    package static var dtype: DType { .float32 }
    @inline(__always) package init(fromDouble value: Double) { self = Float(value) }
    @inline(__always) package init(fromInt value: Int64) { self = Float(value) }
    @inline(__always) package init(fromBool value: Bool) { self = value ? 1 : 0 }
    @inline(__always) package var doubleValue: Double { Double(self) }
    @inline(__always) package var int64Value: Int64 { truncatingToInt64(Double(self)) }
    @inline(__always) package var boolValue: Bool { self != 0 }
}

extension Double: KernelElement {
    package static var dtype: DType { .float64 }
    @inline(__always) package init(fromDouble value: Double) { self = value }
    @inline(__always) package init(fromInt value: Int64) { self = Double(value) }
    @inline(__always) package init(fromBool value: Bool) { self = value ? 1 : 0 }
    @inline(__always) package var doubleValue: Double { self }
    @inline(__always) package var int64Value: Int64 { truncatingToInt64(self) }
    @inline(__always) package var boolValue: Bool { self != 0 }
}

extension Int64: KernelElement {
    package static var dtype: DType { .int64 }
    @inline(__always) package init(fromDouble value: Double) { self = truncatingToInt64(value) }
    @inline(__always) package init(fromInt value: Int64) { self = value }
    @inline(__always) package init(fromBool value: Bool) { self = value ? 1 : 0 }
    @inline(__always) package var doubleValue: Double { Double(self) }
    @inline(__always) package var int64Value: Int64 { self }
    @inline(__always) package var boolValue: Bool { self != 0 }
}

extension Int32: KernelElement {
    package static var dtype: DType { .int32 }
    /// cvttsd2si with a 32-bit destination: Int32.min for NaN and out-of-range values.
    @inline(__always) package init(fromDouble value: Double) {
        self = value >= -2147483648.0 && value < 2147483648.0 ? Int32(value) : .min
    }
    @inline(__always) package init(fromInt value: Int64) { self = Int32(truncatingIfNeeded: value) }
    @inline(__always) package init(fromBool value: Bool) { self = value ? 1 : 0 }
    @inline(__always) package var doubleValue: Double { Double(self) }
    @inline(__always) package var int64Value: Int64 { Int64(self) }
    @inline(__always) package var boolValue: Bool { self != 0 }
}

extension Bool: KernelElement {
    package static var dtype: DType { .bool }
    @inline(__always) package init(fromDouble value: Double) { self = value != 0 }
    @inline(__always) package init(fromInt value: Int64) { self = value != 0 }
    @inline(__always) package init(fromBool value: Bool) { self = value }
    @inline(__always) package var doubleValue: Double { self ? 1 : 0 }
    @inline(__always) package var int64Value: Int64 { self ? 1 : 0 }
    @inline(__always) package var boolValue: Bool { self }
}

/// x86's cvttsd2si: truncation toward zero, and the "integer indefinite" value
/// Int64.min for NaN and for values outside Int64's range.
@inline(__always)
package func truncatingToInt64(_ value: Double) -> Int64 {
    guard value >= -9.223372036854775808e18, value < 9.223372036854775808e18 else { return .min }
    return Int64(value)
}

/// Floating element types with the C math library's elementary functions.
package protocol KernelFloat: KernelElement, BinaryFloatingPoint {
    static func exp(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func sqrt(_ x: Self) -> Self
    static func sin(_ x: Self) -> Self
    static func cos(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
    static func pow(_ x: Self, _ y: Self) -> Self
    static func fmod(_ x: Self, _ y: Self) -> Self
    static func floor(_ x: Self) -> Self
    static func ceil(_ x: Self) -> Self
    static func rint(_ x: Self) -> Self
    static func log1p(_ x: Self) -> Self
    static func erf(_ x: Self) -> Self
}

extension Float: KernelFloat {
    @inline(__always) package static func exp(_ x: Float) -> Float { expf(x) }
    @inline(__always) package static func log(_ x: Float) -> Float { logf(x) }
    @inline(__always) package static func sqrt(_ x: Float) -> Float { x.squareRoot() }
    @inline(__always) package static func sin(_ x: Float) -> Float { sinf(x) }
    @inline(__always) package static func cos(_ x: Float) -> Float { cosf(x) }
    @inline(__always) package static func tanh(_ x: Float) -> Float { tanhf(x) }
    /// PyTorch's vectorized pow (SLEEF's powf_u10), not the C library's.
    @inline(__always) package static func pow(_ x: Float, _ y: Float) -> Float { SleefPow.pow(x, y) }
    @inline(__always) package static func fmod(_ x: Float, _ y: Float) -> Float { fmodf(x, y) }
    @inline(__always) package static func floor(_ x: Float) -> Float { floorf(x) }
    @inline(__always) package static func ceil(_ x: Float) -> Float { ceilf(x) }
    @inline(__always) package static func rint(_ x: Float) -> Float { rintf(x) }
    @inline(__always) package static func log1p(_ x: Float) -> Float { log1pf(x) }
    @inline(__always) package static func erf(_ x: Float) -> Float { erff(x) }
}

extension Double: KernelFloat {
    @inline(__always) package static func exp(_ x: Double) -> Double { Glibc.exp(x) }
    @inline(__always) package static func log(_ x: Double) -> Double { Glibc.log(x) }
    @inline(__always) package static func sqrt(_ x: Double) -> Double { x.squareRoot() }
    @inline(__always) package static func sin(_ x: Double) -> Double { Glibc.sin(x) }
    @inline(__always) package static func cos(_ x: Double) -> Double { Glibc.cos(x) }
    @inline(__always) package static func tanh(_ x: Double) -> Double { Glibc.tanh(x) }
    @inline(__always) package static func pow(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) }
    @inline(__always) package static func fmod(_ x: Double, _ y: Double) -> Double { Glibc.fmod(x, y) }
    @inline(__always) package static func floor(_ x: Double) -> Double { Glibc.floor(x) }
    @inline(__always) package static func ceil(_ x: Double) -> Double { Glibc.ceil(x) }
    @inline(__always) package static func rint(_ x: Double) -> Double { Glibc.rint(x) }
    @inline(__always) package static func log1p(_ x: Double) -> Double { Glibc.log1p(x) }
    @inline(__always) package static func erf(_ x: Double) -> Double { Glibc.erf(x) }
}

/// false < true, as PyTorch orders bool tensors in comparisons, max and sort.
extension Bool: @retroactive Comparable {
    @inline(__always) public static func < (lhs: Bool, rhs: Bool) -> Bool { !lhs && rhs }
}

/// PyTorch's casts into the narrow integer types: a float goes through int64 (so 300.0 →
/// uint8 is 44 and -1.0 → 255, as on x86), an int wraps.
package protocol WrappingIntegerElement: FixedWidthInteger, KernelElement {}

extension WrappingIntegerElement {
    @inline(__always) package init(fromDouble value: Double) { self.init(truncatingIfNeeded: truncatingToInt64(value)) }
    @inline(__always) package init(fromInt value: Int64) { self.init(truncatingIfNeeded: value) }
    @inline(__always) package init(fromBool value: Bool) { self = value ? 1 : 0 }
    @inline(__always) package var doubleValue: Double { Double(self) }
    @inline(__always) package var int64Value: Int64 { Int64(self) }
    @inline(__always) package var boolValue: Bool { self != 0 }
}

extension Int16: WrappingIntegerElement { package static var dtype: DType { .int16 } }
extension Int8: WrappingIntegerElement { package static var dtype: DType { .int8 } }
extension UInt8: WrappingIntegerElement { package static var dtype: DType { .uint8 } }

/// A double becomes a half through float, as c10::Half's constructor takes a float.
extension Float16: KernelElement {
    package static var dtype: DType { .float16 }
    @inline(__always) package init(fromDouble value: Double) { self = Float16(Float(value)) }
    @inline(__always) package init(fromInt value: Int64) { self = Float16(Float(value)) }
    @inline(__always) package init(fromBool value: Bool) { self = value ? 1 : 0 }
    @inline(__always) package var doubleValue: Double { Double(self) }
    @inline(__always) package var int64Value: Int64 { truncatingToInt64(Double(self)) }
    @inline(__always) package var boolValue: Bool { self != 0 }
}

/// torch.bfloat16: the upper half of a float32, rounded to nearest even (c10::BFloat16).
package struct BFloat16: KernelElement, Sendable {
    package var bits: UInt16

    package init(_ value: Float) {
        if value.isNaN {
            bits = 0x7FC0
        } else {
            let u = value.bitPattern
            bits = UInt16(truncatingIfNeeded: (u &+ ((u >> 16) & 1) &+ 0x7FFF) >> 16)
        }
    }

    package var float: Float { Float(bitPattern: UInt32(bits) << 16) }

    package static var dtype: DType { .bfloat16 }
    @inline(__always) package init(fromDouble value: Double) { self.init(Float(value)) }
    @inline(__always) package init(fromInt value: Int64) { self.init(Float(value)) }
    @inline(__always) package init(fromBool value: Bool) { self.init(value ? 1 : 0) }
    @inline(__always) package var doubleValue: Double { Double(float) }
    @inline(__always) package var int64Value: Int64 { truncatingToInt64(Double(float)) }
    @inline(__always) package var boolValue: Bool { float != 0 }
}
