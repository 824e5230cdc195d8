/// PyTorch's result-type rules (c10's promoteTypes and at::result_type).
package enum TypePromotion {
    /// One operand as type promotion sees it.
    package enum Participant {
        /// A tensor with at least one dimension.
        case dimensioned(DType)
        /// A 0-d tensor.
        case zeroDim(DType)
        /// A Python number.
        case number(Scalar)
    }

    /// c10's promoteTypes: bool below everything; uint8 with a signed int needs int16 at
    /// least; float16 with bfloat16 meets in float32; otherwise the wider of a kind, and a
    /// float over an int.
    package static func promote(_ a: DType, _ b: DType) -> DType {
        if a == b || b == .bool { return a }
        if a == .bool { return b }
        switch (a.isFloatingPoint, b.isFloatingPoint) {
        case (true, false): return a
        case (false, true): return b
        case (true, true):
            func rank(_ t: DType) -> Int { t == .float64 ? 2 : (t == .float32 ? 1 : 0) }
            if rank(a) == 0 && rank(b) == 0 { return .float32 }
            return rank(a) >= rank(b) ? a : b
        case (false, false):
            if a == .uint8 || b == .uint8 {
                let signed = a == .uint8 ? b : a
                return signed == .int8 ? .int16 : signed
            }
            return a.itemSize >= b.itemSize ? a : b
        }
    }

    private static func category(_ t: DType) -> Int {
        t == .bool ? 0 : (t.isFloatingPoint ? 2 : 1)
    }

    /// Dimensioned tensors win over 0-d tensors, which win over Python numbers, unless a
    /// lower-priority operand is of a higher category (bool < integer < floating).
    /// A Python float counts as the default dtype, float32.
    package static func resultType(_ participants: [Participant]) -> DType {
        var dim: DType?, zero: DType?, wrapped: DType?
        func join(_ current: DType?, _ t: DType) -> DType { current.map { promote($0, t) } ?? t }
        for p in participants {
            switch p {
            case .dimensioned(let t): dim = join(dim, t)
            case .zeroDim(let t): zero = join(zero, t)
            case .number(let s):
                switch s {
                case .bool: wrapped = join(wrapped, .bool)
                case .int: wrapped = join(wrapped, .int64)
                case .double: wrapped = join(wrapped, .float32)
                }
            }
        }
        return combine(dim, combine(zero, wrapped)) ?? .float32
    }

    private static func combine(_ higher: DType?, _ lower: DType?) -> DType? {
        guard let higher else { return lower }
        guard let lower else { return higher }
        return category(lower) > category(higher) ? promote(higher, lower) : higher
    }

    /// Whether a result of type `from` may be written into a tensor of type `to` in place
    /// (PyTorch's canCast: no float into integer, nothing non-bool into bool).
    package static func canCast(_ from: DType, to: DType) -> Bool {
        if from.isFloatingPoint && !to.isFloatingPoint { return false }
        if from != .bool && to == .bool { return false }
        return true
    }

    /// The dtype a Python number gets as a tensor of its own (`tensor(1.5)`).
    package static func dtype(of scalar: Scalar) -> DType {
        switch scalar {
        case .bool: .bool
        case .int: .int64
        case .double: .float32
        }
    }
}

extension NDArray {
    package var promotionParticipant: TypePromotion.Participant {
        rank == 0 ? .zeroDim(dtype) : .dimensioned(dtype)
    }
}
