/// An element-wise operation on two operands of one dtype.
package enum BinaryOp: Sendable {
    case add, sub, mul, div, floorDivide, remainder, pow, maximum, minimum
    case logicalAnd, logicalOr, logicalXor
}

/// An element-wise comparison; the result is bool.
package enum ComparisonOp: Sendable {
    case eq, ne, lt, le, gt, ge
}

/// What a kernel found that the caller must report (kernels never throw).
package enum KernelStatus: Sendable {
    case ok
    case integerDivisionByZero
}

package enum BinaryKernels {
    /// out = a `op` b over `shape`; all three operands have `dtype` (the caller has
    /// promoted and broadcast them; a broadcast operand has stride 0).
    package static func apply(_ op: BinaryOp, _ dtype: DType, shape: [Int],
                              _ a: KernelOperand, _ b: KernelOperand, out: KernelOperand) -> KernelStatus {
        let plan = LoopPlan(shape: shape, operandStrides: [a.strides, b.strides, out.strides])
        if op == .floorDivide || op == .remainder, dtype.isInteger || dtype == .bool {
            let zero = switch dtype {
            case .int64: containsZero(plan, operand: 1, b.typed(Int64.self))
            case .int32: containsZero(plan, operand: 1, b.typed(Int32.self))
            default: containsZero(plan, operand: 1, b.typed(Bool.self))
            }
            if zero { return .integerDivisionByZero }
        }
        plan.parallelRanges { range in
            switch dtype {
            case .float32: floating(op, plan, range, a.typed(Float.self), b.typed(Float.self), out.typed(Float.self))
            case .float64: floating(op, plan, range, a.typed(Double.self), b.typed(Double.self), out.typed(Double.self))
            case .int64: integer(op, plan, range, a.typed(Int64.self), b.typed(Int64.self), out.typed(Int64.self))
            case .int32: integer(op, plan, range, a.typed(Int32.self), b.typed(Int32.self), out.typed(Int32.self))
            case .bool: boolean(op, plan, range, a.typed(Bool.self), b.typed(Bool.self), out.typed(Bool.self))
            default: preconditionFailure("\(dtype.name) is computed in \(dtype.computeType.name) before the kernel")
            }
        }
        return .ok
    }

    /// out[i] = a[i] `op` b[i·bStride] over `count` contiguous elements (bStride 0: b is
    /// one number), for +, -, *, / on floating dtypes: the small same-shape case, with no
    /// loop plan. These are single IEEE operations, so the results are those of `apply`.
    /// Returns false for anything else.
    package static func flat(_ op: BinaryOp, _ dtype: DType, count: Int, _ a: UnsafeMutableRawPointer,
                             _ b: UnsafeMutableRawPointer, bStride: Int, out: UnsafeMutableRawPointer) -> Bool {
        switch dtype {
        case .float32:
            return flat(op, count, a.assumingMemoryBound(to: Float.self), b.assumingMemoryBound(to: Float.self), bStride,
                        out.assumingMemoryBound(to: Float.self))
        case .float64:
            return flat(op, count, a.assumingMemoryBound(to: Double.self), b.assumingMemoryBound(to: Double.self), bStride,
                        out.assumingMemoryBound(to: Double.self))
        default:
            return false
        }
    }

    @inline(__always)
    private static func flat<T: KernelFloat>(_ op: BinaryOp, _ n: Int, _ a: UnsafeMutablePointer<T>, _ b: UnsafeMutablePointer<T>,
                                             _ bStride: Int, _ o: UnsafeMutablePointer<T>) -> Bool {
        if bStride == 0 {
            let y = b[0]
            switch op {
            case .add: for i in 0..<n { o[i] = a[i] + y }
            case .sub: for i in 0..<n { o[i] = a[i] - y }
            case .mul: for i in 0..<n { o[i] = a[i] * y }
            case .div: for i in 0..<n { o[i] = a[i] / y }
            default: return false
            }
        } else {
            switch op {
            case .add: for i in 0..<n { o[i] = a[i] + b[i] }
            case .sub: for i in 0..<n { o[i] = a[i] - b[i] }
            case .mul: for i in 0..<n { o[i] = a[i] * b[i] }
            case .div: for i in 0..<n { o[i] = a[i] / b[i] }
            default: return false
            }
        }
        return true
    }

    /// out = a `op` b as bools, comparing in `dtype`.
    package static func compare(_ op: ComparisonOp, _ dtype: DType, shape: [Int],
                                _ a: KernelOperand, _ b: KernelOperand, out: KernelOperand) {
        let plan = LoopPlan(shape: shape, operandStrides: [a.strides, b.strides, out.strides])
        plan.parallelRanges { range in
            switch dtype {
            case .float32: compare(op, plan, range, a.typed(Float.self), b.typed(Float.self), out.typed(Bool.self))
            case .float64: compare(op, plan, range, a.typed(Double.self), b.typed(Double.self), out.typed(Bool.self))
            case .int64: compare(op, plan, range, a.typed(Int64.self), b.typed(Int64.self), out.typed(Bool.self))
            case .int32: compare(op, plan, range, a.typed(Int32.self), b.typed(Int32.self), out.typed(Bool.self))
            case .bool: compare(op, plan, range, a.typed(Bool.self), b.typed(Bool.self), out.typed(Bool.self))
            default: preconditionFailure("\(dtype.name) is computed in \(dtype.computeType.name) before the kernel")
            }
        }
    }

    /// out = cond ? a : b.
    package static func select(_ dtype: DType, shape: [Int], condition: KernelOperand,
                               _ a: KernelOperand, _ b: KernelOperand, out: KernelOperand) {
        let plan = LoopPlan(shape: shape, operandStrides: [condition.strides, a.strides, b.strides, out.strides])
        let c = condition.typed(Bool.self)
        plan.parallelRanges { range in
            switch dtype {
            case .float32: select(plan, range, c, a.typed(Float.self), b.typed(Float.self), out.typed(Float.self))
            case .float64: select(plan, range, c, a.typed(Double.self), b.typed(Double.self), out.typed(Double.self))
            case .int64: select(plan, range, c, a.typed(Int64.self), b.typed(Int64.self), out.typed(Int64.self))
            case .int32: select(plan, range, c, a.typed(Int32.self), b.typed(Int32.self), out.typed(Int32.self))
            case .bool: select(plan, range, c, a.typed(Bool.self), b.typed(Bool.self), out.typed(Bool.self))
            default: preconditionFailure("\(dtype.name) is computed in \(dtype.computeType.name) before the kernel")
            }
        }
    }

    private static func floating<T: KernelFloat>(_ op: BinaryOp, _ plan: LoopPlan, _ range: Range<Int>, _ a: UnsafeMutablePointer<T>,
                                                 _ b: UnsafeMutablePointer<T>, _ o: UnsafeMutablePointer<T>) {
        switch op {
        case .add: map(plan, range, a, b, o) { $0 + $1 }
        case .sub: map(plan, range, a, b, o) { $0 - $1 }
        case .mul: map(plan, range, a, b, o) { $0 * $1 }
        case .div: map(plan, range, a, b, o) { $0 / $1 }
        case .floorDivide: map(plan, range, a, b, o) { floorDivide($0, $1) }
        case .remainder: map(plan, range, a, b, o) { remainder($0, $1) }
        case .pow: map(plan, range, a, b, o) { T.pow($0, $1) }
        case .maximum: map(plan, range, a, b, o) { ($0.isNaN || $1.isNaN) ? T.nan : ($0 > $1 ? $0 : $1) }
        case .minimum: map(plan, range, a, b, o) { ($0.isNaN || $1.isNaN) ? T.nan : ($0 < $1 ? $0 : $1) }
        case .logicalAnd: map(plan, range, a, b, o) { T(fromBool: $0 != 0 && $1 != 0) }
        case .logicalOr: map(plan, range, a, b, o) { T(fromBool: $0 != 0 || $1 != 0) }
        case .logicalXor: map(plan, range, a, b, o) { T(fromBool: ($0 != 0) != ($1 != 0)) }
        }
    }

    private static func integer<T: KernelElement & FixedWidthInteger & SignedInteger>(
        _ op: BinaryOp, _ plan: LoopPlan, _ range: Range<Int>, _ a: UnsafeMutablePointer<T>,
        _ b: UnsafeMutablePointer<T>, _ o: UnsafeMutablePointer<T>
    ) {
        switch op {
        case .add: map(plan, range, a, b, o) { $0 &+ $1 }
        case .sub: map(plan, range, a, b, o) { $0 &- $1 }
        case .mul: map(plan, range, a, b, o) { $0 &* $1 }
        case .div: map(plan, range, a, b, o) { $1 == 0 ? 0 : $0 / $1 }
        case .floorDivide, .remainder:
            if op == .floorDivide {
                map(plan, range, a, b, o) { pythonFloorDivide($0, $1) }
            } else {
                map(plan, range, a, b, o) { pythonModulo($0, $1) }
            }
        case .pow: map(plan, range, a, b, o) { integerPow($0, $1) }
        case .maximum: map(plan, range, a, b, o) { Swift.max($0, $1) }
        case .minimum: map(plan, range, a, b, o) { Swift.min($0, $1) }
        case .logicalAnd: map(plan, range, a, b, o) { ($0 != 0 && $1 != 0) ? 1 : 0 }
        case .logicalOr: map(plan, range, a, b, o) { ($0 != 0 || $1 != 0) ? 1 : 0 }
        case .logicalXor: map(plan, range, a, b, o) { (($0 != 0) != ($1 != 0)) ? 1 : 0 }
        }
    }

    private static func boolean(_ op: BinaryOp, _ plan: LoopPlan, _ range: Range<Int>, _ a: UnsafeMutablePointer<Bool>,
                                _ b: UnsafeMutablePointer<Bool>, _ o: UnsafeMutablePointer<Bool>) {
        switch op {
        case .add, .logicalOr, .maximum: map(plan, range, a, b, o) { $0 || $1 }
        case .mul, .logicalAnd, .minimum: map(plan, range, a, b, o) { $0 && $1 }
        case .sub, .logicalXor: map(plan, range, a, b, o) { $0 != $1 }
        case .div, .pow: map(plan, range, a, b, o) { $0 || !$1 }
        case .floorDivide, .remainder:
            map(plan, range, a, b, o) { op == .floorDivide ? $0 : ($0 && !$1) }
        }
    }

    private static func compare<T: KernelElement & Comparable>(
        _ op: ComparisonOp, _ plan: LoopPlan, _ range: Range<Int>, _ a: UnsafeMutablePointer<T>,
        _ b: UnsafeMutablePointer<T>, _ o: UnsafeMutablePointer<Bool>
    ) {
        switch op {
        case .eq: map(plan, range, a, b, o) { $0 == $1 }
        case .ne: map(plan, range, a, b, o) { $0 != $1 }
        case .lt: map(plan, range, a, b, o) { $0 < $1 }
        case .le: map(plan, range, a, b, o) { $0 <= $1 }
        case .gt: map(plan, range, a, b, o) { $0 > $1 }
        case .ge: map(plan, range, a, b, o) { $0 >= $1 }
        }
    }

    private static func select<T: KernelElement>(_ plan: LoopPlan, _ range: Range<Int>, _ c: UnsafeMutablePointer<Bool>,
                                                 _ a: UnsafeMutablePointer<T>, _ b: UnsafeMutablePointer<T>,
                                                 _ o: UnsafeMutablePointer<T>) {
        let cs = plan.innerStride(0), asd = plan.innerStride(1), bs = plan.innerStride(2), os = plan.innerStride(3)
        plan.forEachRun(in: range) { off, n in
            let cp = c + off[0], ap = a + off[1], bp = b + off[2], op = o + off[3]
            for i in 0..<n { op[i * os] = cp[i * cs] ? ap[i * asd] : bp[i * bs] }
        }
    }

    private static func containsZero<T: KernelElement>(_ plan: LoopPlan, operand: Int, _ p: UnsafeMutablePointer<T>) -> Bool {
        let s = plan.innerStride(operand)
        var found = false
        plan.forEachRun(in: 0..<plan.elementCount) { off, n in
            let q = p + off[operand]
            for i in 0..<n where !q[i * s].boolValue { found = true }
        }
        return found
    }

    /// The element-wise loop: contiguous and scalar-operand fast paths that the compiler
    /// vectorizes, and a general strided path.
    @inline(__always)
    static func map<T, R>(_ plan: LoopPlan, _ range: Range<Int>, _ a: UnsafeMutablePointer<T>, _ b: UnsafeMutablePointer<T>,
                          _ o: UnsafeMutablePointer<R>, _ f: (T, T) -> R) {
        let sa = plan.innerStride(0), sb = plan.innerStride(1), so = plan.innerStride(2)
        plan.forEachRun(in: range) { off, n in
            let ap = a + off[0], bp = b + off[1], op = o + off[2]
            if so == 1 && sa == 1 && sb == 1 {
                for i in 0..<n { op[i] = f(ap[i], bp[i]) }
            } else if so == 1 && sa == 1 && sb == 0 {
                let y = bp[0]
                for i in 0..<n { op[i] = f(ap[i], y) }
            } else if so == 1 && sa == 0 && sb == 1 {
                let x = ap[0]
                for i in 0..<n { op[i] = f(x, bp[i]) }
            } else {
                for i in 0..<n { op[i * so] = f(ap[i * sa], bp[i * sb]) }
            }
        }
    }
}

/// Python's and PyTorch's floor division of floats (c10's div_floor_floating).
@inline(__always)
package func floorDivide<T: KernelFloat>(_ a: T, _ b: T) -> T {
    if b == 0 { return a / b }
    let mod = T.fmod(a, b)
    var div = (a - mod) / b
    if mod != 0 && (b < 0) != (mod < 0) { div -= 1 }
    if div == 0 { return T(signOf: a / b, magnitudeOf: 0) }
    var floored = T.floor(div)
    if div - floored > 0.5 { floored += 1 }
    return floored
}

/// Python's and PyTorch's float remainder: the result takes the divisor's sign.
@inline(__always)
package func remainder<T: KernelFloat>(_ a: T, _ b: T) -> T {
    var mod = T.fmod(a, b)
    if mod != 0 && (b < 0) != (mod < 0) { mod += b }
    return mod
}

@inline(__always)
package func pythonFloorDivide<T: FixedWidthInteger & SignedInteger>(_ a: T, _ b: T) -> T {
    if b == -1 { return 0 &- a }
    let q = a / b
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q
}

@inline(__always)
package func pythonModulo<T: FixedWidthInteger & SignedInteger>(_ a: T, _ b: T) -> T {
    if b == -1 { return 0 }
    let r = a % b
    return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r
}

/// Integer power by squaring with wrap-around, as PyTorch's CPU kernel computes it;
/// a negative exponent gives 1 for base 1, ±1 for base -1 and 0 otherwise.
@inline(__always)
package func integerPow<T: FixedWidthInteger & SignedInteger>(_ base: T, _ exponent: T) -> T {
    if exponent < 0 {
        if base == 1 { return 1 }
        if base == -1 { return exponent & 1 == 0 ? 1 : -1 }
        return 0
    }
    var result: T = 1, b = base, e = exponent
    while e > 0 {
        if e & 1 == 1 { result = result &* b }
        b = b &* b
        e >>= 1
    }
    return result
}
