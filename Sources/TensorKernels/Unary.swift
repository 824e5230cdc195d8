/// An element-wise function of one operand whose result has the operand's dtype.
package enum UnaryOp: Sendable {
    case neg, abs, exp, log, sqrt, sin, cos, tanh, sigmoid, relu
    case reciprocal, floor, ceil, round, sign, square
    case logicalNot
}

package enum UnaryKernels {
    /// out = op(x) over `shape`, both of `dtype`. Float-only functions are the caller's
    /// to route to a floating dtype first.
    package static func apply(_ op: UnaryOp, _ dtype: DType, shape: [Int], _ x: KernelOperand, out: KernelOperand) {
        let plan = LoopPlan(shape: shape, operandStrides: [x.strides, out.strides])
        switch dtype {
        case .float32: floating(op, plan, x.typed(Float.self), out.typed(Float.self))
        case .float64: floating(op, plan, x.typed(Double.self), out.typed(Double.self))
        case .int64: integer(op, plan, x.typed(Int64.self), out.typed(Int64.self))
        case .bool: map(plan, x.typed(Bool.self), out.typed(Bool.self)) { op == .logicalNot ? !$0 : $0 }
        }
    }

    /// out = min(max(x, lower), upper) with NaN passed through; a missing bound is no bound.
    package static func clamp(_ dtype: DType, shape: [Int], _ x: KernelOperand, out: KernelOperand,
                              lower: Scalar?, upper: Scalar?) {
        let plan = LoopPlan(shape: shape, operandStrides: [x.strides, out.strides])
        switch dtype {
        case .float32: clamp(plan, x.typed(Float.self), out.typed(Float.self), lower, upper)
        case .float64: clamp(plan, x.typed(Double.self), out.typed(Double.self), lower, upper)
        case .int64: clamp(plan, x.typed(Int64.self), out.typed(Int64.self), lower, upper)
        case .bool: clamp(plan, x.typed(Bool.self), out.typed(Bool.self), lower, upper)
        }
    }

    private static func clamp<T: KernelElement & Comparable>(_ plan: LoopPlan, _ x: UnsafeMutablePointer<T>,
                                                             _ o: UnsafeMutablePointer<T>, _ lower: Scalar?, _ upper: Scalar?) {
        switch (lower.map { $0.element(T.self) }, upper.map { $0.element(T.self) }) {
        case let (lo?, hi?): map(plan, x, o) { v in v != v ? v : Swift.min(Swift.max(v, lo), hi) }
        case let (lo?, nil): map(plan, x, o) { v in v != v ? v : Swift.max(v, lo) }
        case let (nil, hi?): map(plan, x, o) { v in v != v ? v : Swift.min(v, hi) }
        case (nil, nil): map(plan, x, o) { $0 }
        }
    }

    private static func floating<T: KernelFloat>(_ op: UnaryOp, _ plan: LoopPlan,
                                                 _ x: UnsafeMutablePointer<T>, _ o: UnsafeMutablePointer<T>) {
        switch op {
        case .neg: map(plan, x, o) { -$0 }
        case .abs: map(plan, x, o) { Swift.abs($0) }
        case .exp: map(plan, x, o) { T.exp($0) }
        case .log: map(plan, x, o) { T.log($0) }
        case .sqrt: map(plan, x, o) { T.sqrt($0) }
        case .sin: map(plan, x, o) { T.sin($0) }
        case .cos: map(plan, x, o) { T.cos($0) }
        case .tanh: map(plan, x, o) { T.tanh($0) }
        case .sigmoid: map(plan, x, o) { 1 / (1 + T.exp(-$0)) }
        case .relu: map(plan, x, o) { $0.isNaN ? $0 : ($0 > 0 ? $0 : 0) }
        case .reciprocal: map(plan, x, o) { 1 / $0 }
        case .floor: map(plan, x, o) { T.floor($0) }
        case .ceil: map(plan, x, o) { T.ceil($0) }
        case .round: map(plan, x, o) { T.rint($0) }
        case .sign: map(plan, x, o) { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
        case .square: map(plan, x, o) { $0 * $0 }
        case .logicalNot: map(plan, x, o) { $0 == 0 ? 1 : 0 }
        }
    }

    private static func integer(_ op: UnaryOp, _ plan: LoopPlan,
                                _ x: UnsafeMutablePointer<Int64>, _ o: UnsafeMutablePointer<Int64>) {
        switch op {
        case .neg: map(plan, x, o) { 0 &- $0 }
        case .abs: map(plan, x, o) { $0 < 0 ? 0 &- $0 : $0 }
        case .relu: map(plan, x, o) { $0 > 0 ? $0 : 0 }
        case .sign: map(plan, x, o) { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
        case .square: map(plan, x, o) { $0 &* $0 }
        case .logicalNot: map(plan, x, o) { $0 == 0 ? 1 : 0 }
        case .floor, .ceil, .round: map(plan, x, o) { $0 }
        case .exp, .log, .sqrt, .sin, .cos, .tanh, .sigmoid, .reciprocal:
            preconditionFailure("\(op) on int64 must be computed in a floating dtype")
        }
    }

    /// out = x is bool-valued truth, for `logical_not` and `bool()` style reads of any dtype.
    package static func logicalNot(_ dtype: DType, shape: [Int], _ x: KernelOperand, out: KernelOperand) {
        let plan = LoopPlan(shape: shape, operandStrides: [x.strides, out.strides])
        switch dtype {
        case .float32: map(plan, x.typed(Float.self), out.typed(Bool.self)) { $0 == 0 }
        case .float64: map(plan, x.typed(Double.self), out.typed(Bool.self)) { $0 == 0 }
        case .int64: map(plan, x.typed(Int64.self), out.typed(Bool.self)) { $0 == 0 }
        case .bool: map(plan, x.typed(Bool.self), out.typed(Bool.self)) { !$0 }
        }
    }

    @inline(__always)
    static func map<T, R>(_ plan: LoopPlan, _ x: UnsafeMutablePointer<T>, _ o: UnsafeMutablePointer<R>,
                          _ f: (T) -> R) {
        let sx = plan.innerStride(0), so = plan.innerStride(1)
        plan.forEachRunInParallel(grain: 32768) { off, n in
            let xp = x + off[0], op = o + off[1]
            if sx == 1 && so == 1 {
                for i in 0..<n { op[i] = f(xp[i]) }
            } else {
                for i in 0..<n { op[i * so] = f(xp[i * sx]) }
            }
        }
    }
}
