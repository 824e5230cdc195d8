/// Element-wise arithmetic, comparisons and selection with PyTorch's broadcasting and
/// type promotion.
extension NDArray {
    /// A tensor or a Python number on either side of an operator.
    package enum Operand {
        case array(NDArray)
        case scalar(Scalar)

        var participant: TypePromotion.Participant {
            switch self {
            case .array(let a): a.promotionParticipant
            case .scalar(let s): .number(s)
            }
        }

        package var shape: [Int] {
            if case .array(let a) = self { return a.shape }
            return []
        }

        var isBool: Bool {
            switch self {
            case .array(let a): a.dtype == .bool
            case .scalar(let s): if case .bool = s { true } else { false }
            }
        }

        /// The operand with an array widened to `dtype` (a number stays a number).
        func widened(to dtype: DType) -> Operand {
            if case .array(let a) = self, a.dtype != .bool { return .array(a.to(dtype)) }
            return self
        }

        /// The operand as an array of `dtype` (a 0-d array for a number).
        package func materialized(as dtype: DType) -> NDArray {
            switch self {
            case .array(let a): return a.to(dtype)
            case .scalar(let s):
                let out = NDArray(uninitialized: [], dtype: dtype)
                out.setScalar(s, at: [])
                return out
            }
        }
    }

    /// The dtype PyTorch computes `op` in for these operands.
    package static func computeType(_ op: BinaryOp, _ a: Operand, _ b: Operand) throws -> DType {
        let common = TypePromotion.resultType([a.participant, b.participant])
        switch op {
        case .div:
            return common.isFloatingPoint ? common : .float32
        case .sub:
            if a.isBool && b.isBool {
                throw TensorError.runtime(Messages.boolSubtraction)
            } else if a.isBool || b.isBool {
                throw TensorError.runtime(Messages.boolSubtractionScalar)
            }
            return common
        case .pow:
            if !common.isFloatingPoint, case .scalar(let s) = b, s.int64Value < 0 {
                throw TensorError.runtime(Messages.integerNegativePower)
            }
            return common
        default:
            return common
        }
    }

    /// Mirrors torch.add/sub/mul/div/floor_divide/remainder/pow/maximum/minimum.
    package static func binary(_ op: BinaryOp, _ a: Operand, _ b: Operand) throws -> NDArray {
        if let small = smallFlatBinary(op, a, b) { return small }
        let type = try computeType(op, a, b)
        if type.isStorageOnly {
            // float16/bfloat16 compute in float32, the small ints in int64 (their results wrap
            // when stored back), as PyTorch's CPU kernels do.
            let wide = type.computeType
            return try binary(op, a.widened(to: wide), b.widened(to: wide)).converted(to: type)
        }
        if op == .pow, case .array(let base) = a, case .scalar(let e) = b, type.isFloatingPoint,
           let special = base.to(type).powerShortcut(e.doubleValue) {
            return special
        }
        if op == .pow, type == .float32, case .array(let base) = a, case .scalar(let e) = b, base.count <= 32768 {
            // A run as ATen splits it: SLEEF over whole 16-element blocks, powf for the rest.
            let x = base.to(.float32).contiguousCopy()
            let out = NDArray(uninitialized: x.shape, dtype: .float32)
            SleefPow.elementwise(x.baseAddress.assumingMemoryBound(to: Float.self), e.doubleValue,
                                 out.baseAddress.assumingMemoryBound(to: Float.self), count: x.count)
            return out
        }
        let shape = try Broadcasting.shape(a.shape, b.shape)
        if shape != a.shape { try checkSizes(shape, dtype: type) }
        let x = a.materialized(as: type), y = b.materialized(as: type)
        let out = NDArray(uninitialized: shape, dtype: type)
        let status = BinaryKernels.apply(op, type, shape: shape, x.operand(broadcastTo: shape),
                                         y.operand(broadcastTo: shape), out: out.operand)
        if status == .integerDivisionByZero { throw TensorError.runtime(Messages.zeroDivision) }
        return out
    }

    /// +, -, *, / of a small contiguous float array with an array of the same dtype and
    /// shape, or with a number: no promotion, broadcasting or loop plan (the common case of
    /// a model's arithmetic on small tensors). Nil when another path applies.
    private static func smallFlatBinary(_ op: BinaryOp, _ a: Operand, _ b: Operand) -> NDArray? {
        guard op == .add || op == .sub || op == .mul || op == .div, case .array(let x) = a,
              x.dtype == .float32 || x.dtype == .float64, x.isContiguous else { return nil }
        let count = x.count
        guard count <= 32768 else { return nil }
        switch b {
        case .array(let y):
            guard y.dtype == x.dtype, y.shape == x.shape, y.isContiguous else { return nil }
            let out = NDArray(uninitialized: x.shape, dtype: x.dtype)
            _ = BinaryKernels.flat(op, x.dtype, count: count, x.baseAddress, y.baseAddress, bStride: 1, out: out.baseAddress)
            return out
        case .scalar(let s):
            let out = NDArray(uninitialized: x.shape, dtype: x.dtype)
            // The number in the array's dtype, as PyTorch casts a wrapped number.
            if x.dtype == .float32 {
                var y = s.element(Float.self)
                _ = BinaryKernels.flat(op, x.dtype, count: count, x.baseAddress, &y, bStride: 0, out: out.baseAddress)
            } else {
                var y = s.element(Double.self)
                _ = BinaryKernels.flat(op, x.dtype, count: count, x.baseAddress, &y, bStride: 0, out: out.baseAddress)
            }
            return out
        }
    }

    /// PyTorch's pow special cases, which round differently from powf.
    private func powerShortcut(_ e: Double) -> NDArray? {
        switch e {
        case 1: return contiguousCopy()
        case 2: return unaryKernel(.square)
        case 3:
            let sq = unaryKernel(.square)
            let out = NDArray(uninitialized: shape, dtype: dtype)
            _ = BinaryKernels.apply(.mul, dtype, shape: shape, sq.operand, operand, out: out.operand)
            return out
        case 0.5: return unaryKernel(.sqrt)
        case -0.5: return unaryKernel(.sqrt).unaryKernel(.reciprocal)
        case -1: return unaryKernel(.reciprocal)
        case -2: return unaryKernel(.square).unaryKernel(.reciprocal)
        default: return nil
        }
    }

    /// Mirrors torch.eq/ne/lt/le/gt/ge: bool results, compared in the promoted dtype.
    package static func compare(_ op: ComparisonOp, _ a: Operand, _ b: Operand) throws -> NDArray {
        let type = TypePromotion.resultType([a.participant, b.participant])
        let shape = try Broadcasting.shape(a.shape, b.shape)
        if shape != a.shape { try checkSizes(shape, dtype: .bool) }
        let wide = type.computeType
        let x = a.materialized(as: wide), y = b.materialized(as: wide)
        let out = NDArray(uninitialized: shape, dtype: .bool)
        BinaryKernels.compare(op, wide, shape: shape, x.operand(broadcastTo: shape),
                              y.operand(broadcastTo: shape), out: out.operand)
        return out
    }

    /// Mirrors torch.logical_and/or/xor: operands read as truth values, bool result.
    package static func logical(_ op: BinaryOp, _ a: Operand, _ b: Operand) throws -> NDArray {
        let shape = try Broadcasting.shape(a.shape, b.shape)
        let x = a.materialized(as: .bool), y = b.materialized(as: .bool)
        let out = NDArray(uninitialized: shape, dtype: .bool)
        _ = BinaryKernels.apply(op, .bool, shape: shape, x.operand(broadcastTo: shape),
                                y.operand(broadcastTo: shape), out: out.operand)
        return out
    }

    /// Mirrors torch.where(condition, a, b).
    package static func `where`(_ condition: NDArray, _ a: Operand, _ b: Operand) throws -> NDArray {
        guard condition.dtype == .bool else {
            throw TensorError.runtime("where expected condition to be a boolean tensor, but got a tensor with dtype \(condition.dtype.scalarTypeName)")
        }
        let type = TypePromotion.resultType([a.participant, b.participant])
        let shape = try Broadcasting.shape([condition.shape, a.shape, b.shape])
        let wide = type.computeType
        let x = a.materialized(as: wide), y = b.materialized(as: wide)
        let out = NDArray(uninitialized: shape, dtype: wide)
        BinaryKernels.select(wide, shape: shape, condition: condition.operand(broadcastTo: shape),
                             x.operand(broadcastTo: shape), y.operand(broadcastTo: shape), out: out.operand)
        return wide == type ? out : out.converted(to: type)
    }

    /// Applies a unary kernel in this array's own dtype.
    func unaryKernel(_ op: UnaryOp) -> NDArray {
        if dtype.isStorageOnly { return to(dtype.computeType).unaryKernel(op).converted(to: dtype) }
        let out = NDArray(uninitialized: shape, dtype: dtype)
        UnaryKernels.apply(op, dtype, shape: shape, operand, out: out.operand)
        return out
    }

    /// Mirrors the element-wise functions (torch.exp, torch.abs, torch.relu, ...). Functions
    /// that are only defined on floats compute integer and bool input in float32.
    package func unary(_ op: UnaryOp) throws -> NDArray {
        switch op {
        case .exp, .log, .sqrt, .sin, .cos, .tanh, .sigmoid, .reciprocal, .log1p, .erf:
            return to(dtype.isFloatingPoint ? dtype : .float32).unaryKernel(op)
        case .neg where dtype == .bool:
            throw TensorError.runtime(Messages.boolNegation)
        case .logicalNot:
            let source = dtype.isStorageOnly ? to(dtype.computeType) : self
            let out = NDArray(uninitialized: shape, dtype: .bool)
            UnaryKernels.logicalNot(source.dtype, shape: shape, source.operand, out: out.operand)
            return out
        case .relu where dtype == .bool:
            throw TensorError.runtime("Boolean inputs not supported for relu")
        default:
            return unaryKernel(op)
        }
    }

    /// Mirrors torch.clamp with number bounds (the result type includes the bounds).
    package func clamp(min lower: Scalar?, max upper: Scalar?) throws -> NDArray {
        guard lower != nil || upper != nil else {
            throw TensorError.runtime("torch.clamp: At least one of 'min' or 'max' must not be None")
        }
        let type = TypePromotion.resultType([promotionParticipant] + [lower, upper].compactMap { $0.map { .number($0) } })
        if type == .bool { throw TensorError.notImplemented(Messages.notImplemented("clamp_scalar_cpu", .bool)) }
        if type.isStorageOnly { return try to(type.computeType).clamp(min: lower, max: upper).converted(to: type) }
        let x = to(type)
        let out = NDArray(uninitialized: shape, dtype: type)
        UnaryKernels.clamp(type, shape: shape, x.operand, out: out.operand, lower: lower, upper: upper)
        return out
    }
}
