import CVectorKernels

/// An element-wise function of one operand whose result has the operand's dtype.
package enum UnaryOp: Sendable {
    case neg, abs, exp, log, sqrt, sin, cos, tanh, sigmoid, relu
    case reciprocal, floor, ceil, round, sign, square
    case log1p, erf
    case logicalNot
}

package enum UnaryKernels {
    /// out = op(x) over `shape`, both of `dtype`. Float-only functions are the caller's
    /// to route to a floating dtype first.
    package static func apply(_ op: UnaryOp, _ dtype: DType, shape: [Int], _ x: KernelOperand, out: KernelOperand) {
        let plan = LoopPlan(shape: shape, operandStrides: [x.strides, out.strides])
        plan.parallelRanges(grain: 32768) { range in
            switch dtype {
            case .float32 where op == .exp || op == .sigmoid || op == .tanh:
                sleef(op, plan, range, x.typed(Float.self), out.typed(Float.self))
            case .float32: floating(op, plan, range, x.typed(Float.self), out.typed(Float.self))
            case .float64: floating(op, plan, range, x.typed(Double.self), out.typed(Double.self))
            case .int64: integer(op, plan, range, x.typed(Int64.self), out.typed(Int64.self))
            case .int32: integer(op, plan, range, x.typed(Int32.self), out.typed(Int32.self))
            case .bool: map(plan, range, x.typed(Bool.self), out.typed(Bool.self)) { op == .logicalNot ? !$0 : $0 }
            default: preconditionFailure("\(dtype.name) is computed in \(dtype.computeType.name) before the kernel")
            }
        }
    }

    /// out = min(max(x, lower), upper) with NaN passed through; a missing bound is no bound.
    package static func clamp(_ dtype: DType, shape: [Int], _ x: KernelOperand, out: KernelOperand,
                              lower: Scalar?, upper: Scalar?) {
        let plan = LoopPlan(shape: shape, operandStrides: [x.strides, out.strides])
        plan.parallelRanges { range in
            switch dtype {
            case .float32: clamp(plan, range, x.typed(Float.self), out.typed(Float.self), lower, upper)
            case .float64: clamp(plan, range, x.typed(Double.self), out.typed(Double.self), lower, upper)
            case .int64: clamp(plan, range, x.typed(Int64.self), out.typed(Int64.self), lower, upper)
            case .int32: clamp(plan, range, x.typed(Int32.self), out.typed(Int32.self), lower, upper)
            case .bool: clamp(plan, range, x.typed(Bool.self), out.typed(Bool.self), lower, upper)
            default: preconditionFailure("\(dtype.name) is computed in \(dtype.computeType.name) before the kernel")
            }
        }
    }

    private static func clamp<T: KernelElement & Comparable>(_ plan: LoopPlan, _ range: Range<Int>, _ x: UnsafeMutablePointer<T>,
                                                             _ o: UnsafeMutablePointer<T>, _ lower: Scalar?, _ upper: Scalar?) {
        switch (lower.map { $0.element(T.self) }, upper.map { $0.element(T.self) }) {
        case let (lo?, hi?): map(plan, range, x, o) { v in v != v ? v : Swift.min(Swift.max(v, lo), hi) }
        case let (lo?, nil): map(plan, range, x, o) { v in v != v ? v : Swift.max(v, lo) }
        case let (nil, hi?): map(plan, range, x, o) { v in v != v ? v : Swift.min(v, hi) }
        case (nil, nil): map(plan, range, x, o) { $0 }
        }
    }

    private static func floating<T: KernelFloat>(_ op: UnaryOp, _ plan: LoopPlan, _ range: Range<Int>,
                                                 _ x: UnsafeMutablePointer<T>, _ o: UnsafeMutablePointer<T>) {
        switch op {
        case .neg: map(plan, range, x, o) { -$0 }
        case .abs: map(plan, range, x, o) { Swift.abs($0) }
        case .exp: map(plan, range, x, o) { T.exp($0) }
        case .log: map(plan, range, x, o) { T.log($0) }
        case .sqrt: map(plan, range, x, o) { T.sqrt($0) }
        case .sin: map(plan, range, x, o) { T.sin($0) }
        case .cos: map(plan, range, x, o) { T.cos($0) }
        case .tanh: map(plan, range, x, o) { T.tanh($0) }
        case .sigmoid: map(plan, range, x, o) { 1 / (1 + T.exp(-$0)) }
        case .relu: relu(plan, range, x, o)
        case .reciprocal: map(plan, range, x, o) { 1 / $0 }
        case .floor: map(plan, range, x, o) { T.floor($0) }
        case .ceil: map(plan, range, x, o) { T.ceil($0) }
        case .round: map(plan, range, x, o) { T.rint($0) }
        case .sign: map(plan, range, x, o) { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
        case .square: map(plan, range, x, o) { $0 * $0 }
        case .log1p: map(plan, range, x, o) { T.log1p($0) }
        case .erf: map(plan, range, x, o) { T.erf($0) }
        case .logicalNot: map(plan, range, x, o) { $0 == 0 ? 1 : 0 }
        }
    }

    private static func integer<T: KernelElement & FixedWidthInteger & SignedInteger>(
        _ op: UnaryOp, _ plan: LoopPlan, _ range: Range<Int>, _ x: UnsafeMutablePointer<T>, _ o: UnsafeMutablePointer<T>
    ) {
        switch op {
        case .neg: map(plan, range, x, o) { 0 &- $0 }
        case .abs: map(plan, range, x, o) { $0 < 0 ? 0 &- $0 : $0 }
        case .relu: map(plan, range, x, o) { $0 > 0 ? $0 : 0 }
        case .sign: map(plan, range, x, o) { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
        case .square: map(plan, range, x, o) { $0 &* $0 }
        case .logicalNot: map(plan, range, x, o) { $0 == 0 ? 1 : 0 }
        case .floor, .ceil, .round: map(plan, range, x, o) { $0 }
        case .exp, .log, .sqrt, .sin, .cos, .tanh, .sigmoid, .reciprocal, .log1p, .erf:
            preconditionFailure("\(op) on an integer dtype must be computed in a floating dtype")
        }
    }

    /// out = x is bool-valued truth, for `logical_not` and `bool()` style reads of any dtype.
    package static func logicalNot(_ dtype: DType, shape: [Int], _ x: KernelOperand, out: KernelOperand) {
        let plan = LoopPlan(shape: shape, operandStrides: [x.strides, out.strides])
        let all = 0..<plan.elementCount
        switch dtype {
        case .float32: map(plan, all, x.typed(Float.self), out.typed(Bool.self)) { $0 == 0 }
        case .float64: map(plan, all, x.typed(Double.self), out.typed(Bool.self)) { $0 == 0 }
        case .int64: map(plan, all, x.typed(Int64.self), out.typed(Bool.self)) { $0 == 0 }
        case .int32: map(plan, all, x.typed(Int32.self), out.typed(Bool.self)) { $0 == 0 }
        case .bool: map(plan, all, x.typed(Bool.self), out.typed(Bool.self)) { !$0 }
        default: preconditionFailure("\(dtype.name) is computed in \(dtype.computeType.name) before the kernel")
        }
    }

    /// ReLU written out rather than through `map`: the closure would stay a call per
    /// element here. `x <= 0 ? 0 : x` keeps NaN (the comparison is false) and compiles to a
    /// compare and a mask, with no branch to mispredict on random signs.
    static func relu<T: KernelFloat>(_ plan: LoopPlan, _ range: Range<Int>, _ x: UnsafeMutablePointer<T>, _ o: UnsafeMutablePointer<T>) {
        let sx = plan.innerStride(0), so = plan.innerStride(1)
        plan.forEachRun(in: range) { off, n in
            let xp = x + off[0], op = o + off[1]
            if sx == 1 && so == 1 {
                // The vector loops of CVectorKernels (AVX-512 or AVX2 where there is one).
                if T.self == Float.self {
                    tsh_relu_f32(UnsafeRawPointer(xp).assumingMemoryBound(to: Float.self),
                                 UnsafeMutableRawPointer(op).assumingMemoryBound(to: Float.self), n)
                } else if T.self == Double.self {
                    tsh_relu_f64(UnsafeRawPointer(xp).assumingMemoryBound(to: Double.self),
                                 UnsafeMutableRawPointer(op).assumingMemoryBound(to: Double.self), n)
                } else {
                    for i in 0..<n { let v = xp[i]; op[i] = v < 0 ? 0 : v }
                }
            } else {
                for i in 0..<n { let v = xp[i * sx]; op[i * so] = v < 0 ? 0 : v }
            }
        }
    }

    /// exp, sigmoid and tanh of float32 in SLEEF's algorithms (CVectorKernels' sleef_f32.c,
    /// as PyTorch's vectorized kernels compute them): whole runs when both sides are
    /// contiguous, element by element otherwise.
    private static func sleef(_ op: UnaryOp, _ plan: LoopPlan, _ range: Range<Int>, _ x: UnsafeMutablePointer<Float>,
                              _ o: UnsafeMutablePointer<Float>) {
        let kernel: @convention(c) (UnsafePointer<Float>?, UnsafeMutablePointer<Float>?, Int) -> Void =
            op == .exp ? tsh_exp_f32 : (op == .sigmoid ? tsh_sigmoid_f32 : tsh_tanh_f32)
        let sx = plan.innerStride(0), so = plan.innerStride(1)
        plan.forEachRun(in: range) { off, n in
            let xp = x + off[0], op = o + off[1]
            if sx == 1 && so == 1 {
                kernel(xp, op, n)
            } else {
                for i in 0..<n { kernel(xp + i * sx, op + i * so, 1) }
            }
        }
    }

    static func map<T, R>(_ plan: LoopPlan, _ range: Range<Int>, _ x: UnsafeMutablePointer<T>, _ o: UnsafeMutablePointer<R>,
                          _ f: (T) -> R) {
        let sx = plan.innerStride(0), so = plan.innerStride(1)
        plan.forEachRun(in: range) { off, n in
            let xp = x + off[0], op = o + off[1]
            if sx == 1 && so == 1 {
                for i in 0..<n { op[i] = f(xp[i]) }
            } else {
                for i in 0..<n { op[i * so] = f(xp[i * sx]) }
            }
        }
    }
}
