/// Arithmetic with autograd: + - * / ** and friends, with PyTorch's node names and slots.
/// A Python number still occupies a slot (`(None, 0)`); reflected operators are the
/// caller's to turn around (`1 + a` is `a + 1`; `1 - a`, `2 / a`, `2 ** a` have their own ops).
extension Tensor {
    func addRecipe(_ other: TensorOperand, alpha: Scalar?, subtract: Bool) throws -> Recipe {
        var scaled = other.array
        if let alpha, alpha != .int(1) {
            switch other {
            case .tensor(let t): scaled = .array(try NDArray.binary(.mul, .array(t.data), .scalar(alpha)))
            case .scalar(let s): scaled = .scalar(.double(s.doubleValue * alpha.doubleValue))
            }
        }
        let result = try NDArray.binary(subtract ? .sub : .add, .array(data), scaled)
        let factor = (alpha?.doubleValue ?? 1) * (subtract ? -1 : 1)
        let unitAlpha = (alpha?.doubleValue ?? 1) == 1
        let rule: String
        switch (other.tensor != nil, subtract, unitAlpha) {
        case (false, _, _): rule = "grad_self = grad; grad_other = None (a number)"
        case (true, false, true): rule = "grad_self = grad; grad_other = grad"
        case (true, false, false): rule = "grad_self = grad; grad_other = grad * alpha"
        case (true, true, true): rule = "grad_self = grad; grad_other = -grad"
        case (true, true, false): rule = "grad_self = grad; grad_other = -grad * alpha"
        }
        // The common x + y passes the gradient through: a formula that captures nothing
        // (no closure context to allocate per op).
        let formula: BackwardFormula = factor == 1 ? Tensor.passThroughBoth : { ctx in
            let g = try ctx.grad()
            return [g, ctx.needs(1) ? try g * factor : nil]
        }
        return Recipe(name: subtract ? "SubBackward0" : "AddBackward0", other: RecipeSlot(other), result: result,
                      savedNumber: ("_saved_alpha", .number(alpha ?? .int(1))), rule: rule, formula: formula)
    }

    /// grad_self = grad; grad_other = grad.
    static let passThroughBoth: BackwardFormula = { ctx in
        let g = try ctx.grad()
        return [g, ctx.needs(1) ? g : nil]
    }

    /// What a binary op saves, as PyTorch's codegen does: `self` only when the other
    /// input's gradient needs it, `other` only when it is needed; the one not saved reads
    /// None (`(x * c).grad_fn._saved_self is None` for a constant c).
    private func savedOperands(_ other: Tensor, inPlace: Bool, selfNeeded: Bool, otherNeeded: Bool)
        -> (save: [SavedArray], names: [String], absent: [(name: String, value: SavedAttribute)], selfAt: Int, otherAt: Int) {
        var save: [SavedArray] = [], names: [String] = [], absent: [(name: String, value: SavedAttribute)] = []
        if selfNeeded {
            save.append(savedSelf(inPlace: inPlace))
            names.append("_saved_self")
        } else {
            absent.append(("_saved_self", .none))
        }
        if otherNeeded {
            save.append(SavedArray(other))
            names.append("_saved_other")
        } else {
            absent.append(("_saved_other", .none))
        }
        return (save, names, absent, selfNeeded ? 0 : -1, otherNeeded ? save.count - 1 : -1)
    }

    /// `_saved_self` reads None (one shared array: no allocation per op).
    static let selfNotSaved: [(name: String, value: SavedAttribute)] = [("_saved_self", .none)]

    func mulRecipe(_ other: TensorOperand, inPlace: Bool = false) throws -> Recipe {
        let result = try NDArray.binary(.mul, .array(data), other.array)
        switch other {
        case .scalar(let s):
            return Recipe(name: "MulBackward0", other: .number, result: result, savedNumber: ("_saved_other", .wrappedNumber(s)),
                          attributes: Tensor.selfNotSaved,
                          rule: "grad_self = grad * other; grad_other = None (a number)") { ctx in [try ctx.grad() * s, nil] }
        case .tensor(let t):
            let kept = savedOperands(t, inPlace: inPlace, selfNeeded: t.requiresGrad, otherNeeded: requiresGrad)
            let selfAt = kept.selfAt, otherAt = kept.otherAt
            return Recipe(name: "MulBackward0", other: .tensor(t), result: result, save: kept.save, savedNames: kept.names,
                          attributes: kept.absent, rule: "grad_self = grad * other; grad_other = grad * self") { ctx in
                let g = try ctx.grad()
                return [ctx.needs(0) ? try g * ctx.saved[otherAt] : nil, ctx.needs(1) ? try g * ctx.saved[selfAt] : nil]
            }
        }
    }

    func divRecipe(_ other: TensorOperand, inPlace: Bool = false) throws -> Recipe {
        let result = try NDArray.binary(.div, .array(data), other.array)
        switch other {
        case .scalar(let s):
            return Recipe(name: "DivBackward0", other: .number, result: result, savedNumber: ("_saved_other", .wrappedNumber(s)),
                          attributes: Tensor.selfNotSaved,
                          rule: "grad_self = grad / other; grad_other = None (a number)") { ctx in
                [try (try ctx.grad()) / s, nil]
            }
        case .tensor(let t):
            let kept = savedOperands(t, inPlace: inPlace, selfNeeded: t.requiresGrad, otherNeeded: true)
            let selfAt = kept.selfAt, otherAt = kept.otherAt
            return Recipe(name: "DivBackward0", other: .tensor(t), result: result, save: kept.save, savedNames: kept.names,
                          attributes: kept.absent, rule: "grad_self = grad / other; grad_other = -grad * self / (other * other)") { ctx in
                let g = try ctx.grad(), b = ctx.saved[otherAt]
                return [ctx.needs(0) ? try g / b : nil,
                        ctx.needs(1) ? try -(try g * ctx.saved[selfAt]) / (try b * b) : nil]
            }
        }
    }

    /// tensor ** number (PowBackward0) or tensor ** tensor (PowBackward1).
    func powRecipe(_ exponent: TensorOperand, inPlace: Bool = false) throws -> Recipe {
        let result = try NDArray.binary(.pow, .array(data), exponent.array)
        switch exponent {
        case .scalar(let e):
            return Recipe(name: "PowBackward0", result: result, save: [savedSelf(inPlace: inPlace)],
                          savedNames: ["_saved_self"], savedNumber: ("_saved_exponent", .number(e)),
                          rule: "grad_self = grad * exponent * self.pow(exponent - 1) (0 where exponent == 0)") { ctx in
                let g = try ctx.grad()
                if e.doubleValue == 0 { return [try g.zerosLike()] }
                let lowered: Scalar
                switch e {
                case .double(let d): lowered = .double(d - 1)
                default:
                    // -2**63 - 1 does not fit (a fuzzed exponent trapped here).
                    let (n, overflow) = e.int64Value.subtractingReportingOverflow(1)
                    lowered = overflow ? .double(Double(e.int64Value) - 1) : .int(n)
                }
                let power = try ctx.saved[0].pow(.scalar(lowered))
                return [try g * (try power * e)]
            }
        case .tensor(let t):
            return Recipe(name: "PowBackward1", other: .tensor(t), result: result,
                          save: [savedSelf(inPlace: inPlace), SavedArray(t)],
                          savedNames: ["_saved_self", "_saved_exponent", "_saved_result"], saveOutput: true,
                          rule: "grad_self = grad * exponent * self.pow(exponent - 1) (0 where exponent == 0); grad_exponent = grad * result * self.log() (0 where self == 0 and exponent >= 0)") { ctx in
                let g = try ctx.grad(), base = ctx.saved[0], e = ctx.saved[1], out = ctx.saved[2]
                var gradBase: Tensor?
                if ctx.needs(0) {
                    let power = try base.pow(.tensor(try e.sub(.scalar(.int(1)))))
                    gradBase = try (try g * (try e * power)).kept(where: try e.compared(.ne, 0))
                }
                var gradExponent: Tensor?
                if ctx.needs(1) {
                    let raw = try g * (try out * (try base.unary(.log)))
                    let zeroBase = try (try base.compared(.eq, 0)).and(try e.compared(.ge, 0))
                    gradExponent = try raw.kept(where: try zeroBase.not())
                }
                return [gradBase, gradExponent]
            }
        }
    }

    /// Mirrors torch.add(self, other, alpha=): AddBackward0.
    package func add(_ other: TensorOperand, alpha: Scalar? = nil) throws -> Tensor {
        if alpha == nil, let result = try unrecordedBinary(.add, other) { return result }
        return apply(try addRecipe(other, alpha: alpha, subtract: false))
    }

    /// Mirrors torch.sub(self, other, alpha=): SubBackward0.
    package func sub(_ other: TensorOperand, alpha: Scalar? = nil) throws -> Tensor {
        if alpha == nil, let result = try unrecordedBinary(.sub, other) { return result }
        return apply(try addRecipe(other, alpha: alpha, subtract: true))
    }

    /// `number - self`: RsubBackward1, one slot.
    package func rsub(_ number: Scalar) throws -> Tensor {
        let result = try NDArray.binary(.sub, .scalar(number), .array(data))
        return Tensor.make("RsubBackward1", [self], result, rule: "grad_self = -grad") { ctx in [try -(try ctx.grad())] }
    }

    package func mul(_ other: TensorOperand) throws -> Tensor {
        if let result = try unrecordedBinary(.mul, other) { return result }
        return apply(try mulRecipe(other))
    }

    package func div(_ other: TensorOperand) throws -> Tensor {
        if let result = try unrecordedBinary(.div, other) { return result }
        return apply(try divRecipe(other))
    }

    /// The result of an element-wise op that records no node (grad mode is off, or no
    /// input requires grad), made without building the recipe and its formula: the common
    /// case of arithmetic on data, kept free of allocations beyond the result.
    private func unrecordedBinary(_ op: BinaryOp, _ other: TensorOperand) throws -> Tensor? {
        let otherTensor = other.tensor
        if GradMode.isEnabled && (requiresGrad || otherTensor?.requiresGrad == true) { return nil }
        return Tensor.unrecorded(try NDArray.binary(op, .array(data), other.array), self, otherTensor)
    }

    /// `number / self`: MulBackward0 over ReciprocalBackward0, as PyTorch computes it.
    package func rdiv(_ number: Scalar) throws -> Tensor {
        try unary(.reciprocal).mul(.scalar(number))
    }

    package func pow(_ exponent: TensorOperand) throws -> Tensor { apply(try powRecipe(exponent)) }

    /// `number ** self`: PowBackward2.
    package static func pow(base: Scalar, exponent: Tensor) throws -> Tensor {
        let result = try NDArray.binary(.pow, .scalar(base), .array(exponent.data))
        return Tensor.make("PowBackward2", [exponent], result, save: [SavedArray(exponent)], saveOutput: true,
                           rule: "grad_exponent = grad * result * log(self) (0 where self == 0 and exponent >= 0)") { ctx in
            let g = try ctx.grad(), e = ctx.saved[0], out = ctx.saved[1]
            let logBase = Foundation.log(base.doubleValue)
            let raw = try g * (try out * logBase)
            if base.doubleValue == 0 { return [try raw.kept(where: try e.compared(.lt, 0))] }
            return [raw]
        }
    }

    package func neg() throws -> Tensor {
        Tensor.make("NegBackward0", [self], try data.unary(.neg), rule: "grad_self = -grad") { ctx in [try -(try ctx.grad())] }
    }

    /// Mirrors torch.maximum / torch.minimum: ties share the gradient in halves.
    package func extremum(_ other: Tensor, largest: Bool) throws -> Tensor {
        let result = try NDArray.binary(largest ? .maximum : .minimum, .array(data), .array(other.data))
        return Tensor.make(largest ? "MaximumBackward0" : "MinimumBackward0", [self, other], result,
                           save: [SavedArray(self), SavedArray(other)],
                           rule: largest
                               ? "grad_self = grad * (self > other) + grad / 2 * (self == other); grad_other = grad * (other > self) + grad / 2 * (self == other)"
                               : "grad_self = grad * (self < other) + grad / 2 * (self == other); grad_other = grad * (other < self) + grad / 2 * (self == other)") { ctx in
            let g = try ctx.grad(), a = ctx.saved[0], b = ctx.saved[1]
            let half = try Tensor.where(try a.compared(.eq, b), .tensor(try g / 2), .tensor(g))
            let selfWins = try a.compared(largest ? .gt : .lt, b), otherWins = try a.compared(largest ? .lt : .gt, b)
            return [try half.kept(where: try otherWins.not()), try half.kept(where: try selfWins.not())]
        }
    }

    /// Mirrors torch.remainder: RemainderBackward0 (number divisor) / RemainderBackward1.
    package func remainder(_ other: TensorOperand) throws -> Tensor {
        let result = try NDArray.binary(.remainder, .array(data), other.array)
        guard let t = other.tensor else {
            return Tensor.make("RemainderBackward0", [self], result, rule: "grad_self = grad") { ctx in [try ctx.grad()] }
        }
        return Tensor.make("RemainderBackward1", [self, t], result, save: [SavedArray(self), SavedArray(t)],
                           rule: "grad_self = grad; grad_other = -grad * self.div(other, rounding_mode='floor')") { ctx in
            let g = try ctx.grad()
            let quotient = Tensor(try NDArray.binary(.floorDivide, .array(ctx.saved[0].data), .array(ctx.saved[1].data)))
            return [g, ctx.needs(1) ? try -(try g * quotient) : nil]
        }
    }

    /// Mirrors torch.floor_divide: PyTorch records a node whose backward is not implemented.
    package func floorDivide(_ other: TensorOperand) throws -> Tensor {
        let result = try NDArray.binary(.floorDivide, .array(data), other.array)
        guard result.dtype.isFloatingPoint else { return Tensor(result) }
        return Tensor.make("NotImplemented", qualifiedName: "torch::autograd::NotImplemented", [self, other.tensor], result,
                           rule: other.tensor == nil
                               ? "grad_self = not implemented (floor_divide); grad_other = None (a number)"
                               : "grad_self = not implemented (floor_divide); grad_other = not implemented (floor_divide)") { _ in
            throw TensorError.runtime("the derivative for 'floor_divide' is not implemented.")
        }
    }

    /// Comparisons give bool tensors outside the graph.
    package func compare(_ op: ComparisonOp, _ other: TensorOperand) throws -> Tensor {
        Tensor(try NDArray.compare(op, .array(data), other.array))
    }

    // MARK: In place (add_, sub_, mul_, div_, pow_, neg_)

    package func addInPlace(_ other: TensorOperand, alpha: Scalar? = nil) throws {
        try applyInPlace(try addRecipe(other, alpha: alpha, subtract: false))
    }

    package func subInPlace(_ other: TensorOperand, alpha: Scalar? = nil) throws {
        try applyInPlace(try addRecipe(other, alpha: alpha, subtract: true))
    }

    package func mulInPlace(_ other: TensorOperand) throws { try applyInPlace(try mulRecipe(other, inPlace: true)) }
    package func divInPlace(_ other: TensorOperand) throws { try applyInPlace(try divRecipe(other, inPlace: true)) }
    package func powInPlace(_ exponent: TensorOperand) throws { try applyInPlace(try powRecipe(exponent, inPlace: true)) }

    package func negInPlace() throws {
        try applyInPlace(Recipe(name: "NegBackward0", result: try data.unary(.neg), rule: "grad_self = -grad") { ctx in [try -(try ctx.grad())] })
    }
}


import Foundation

extension Tensor {
    /// Division by a number as C++ calls it (the Scalar overload): DivBackward1, one slot.
    package func divByNumber(_ number: Double) throws -> Tensor {
        let result = try NDArray.binary(.div, .array(data), .scalar(.double(number)))
        return Tensor.make("DivBackward1", [self], result, rule: "grad_self = grad / other") { ctx in [try (try ctx.grad()) / number] }
    }
}
