/// Element-wise functions with autograd (ExpBackward0, ReluBackward0, ClampBackward1, ...).
extension Tensor {
    func unaryRecipe(_ op: UnaryOp, inPlace: Bool = false) throws -> Recipe {
        let result = try data.unary(op)
        func keep(_ name: String, rule: String, _ formula: @escaping (Tensor, Tensor) throws -> Tensor) -> Recipe {
            Recipe(name: name, result: result, save: [savedSelf(inPlace: inPlace)], savedNames: ["_saved_self"], rule: rule) { ctx in
                [try formula(try ctx.grad(), ctx.saved[0])]
            }
        }
        func viaOutput(_ name: String, rule: String, _ formula: @escaping (Tensor, Tensor) throws -> Tensor) -> Recipe {
            Recipe(name: name, result: result, savedNames: ["_saved_result"], saveOutput: true, rule: rule) { ctx in
                [try formula(try ctx.grad(), ctx.saved[0])]
            }
        }
        func zero(_ name: String) -> Recipe {
            Recipe(name: name, result: result, rule: "grad_self = zeros_like(grad)") { ctx in
                [try (try ctx.grad()).zerosLike()]
            }
        }
        switch op {
        case .neg: return Recipe(name: "NegBackward0", result: result, rule: "grad_self = -grad") { ctx in [try -(try ctx.grad())] }
        case .exp: return viaOutput("ExpBackward0", rule: "grad_self = grad * result") { g, y in try g * y }
        case .log: return keep("LogBackward0", rule: "grad_self = grad / self") { g, x in try g / x }
        case .sqrt: return viaOutput("SqrtBackward0", rule: "grad_self = grad / (2 * result)") { g, y in try g / (try y * 2) }
        case .sin: return keep("SinBackward0", rule: "grad_self = grad * self.cos()") { g, x in try g * (try x.unary(.cos)) }
        case .cos: return keep("CosBackward0", rule: "grad_self = grad * -self.sin()") { g, x in try g * (try -(try x.unary(.sin))) }
        case .tanh: return viaOutput("TanhBackward0", rule: "grad_self = grad * (1 - result * result)") { g, y in try g * (try 1 - (try y * y)) }
        case .sigmoid: return viaOutput("SigmoidBackward0", rule: "grad_self = grad * (1 - result) * result") { g, y in try (try g * (try 1 - y)) * y }
        case .relu:
            return viaOutput("ReluBackward0", rule: "grad_self = grad * (result > 0)") { g, y in
                // One pass (aten's threshold_backward) unless the gradient itself is recorded.
                if !GradMode.isEnabled, let fused = NDArray.thresholdBackward(g.data, y.data, threshold: 0) { return Tensor(fused) }
                return try g.kept(where: try y.compared(.gt, 0))
            }
        case .abs: return keep("AbsBackward0", rule: "grad_self = grad * self.sgn()") { g, x in try g * (try x.unary(.sign)) }
        case .reciprocal: return viaOutput("ReciprocalBackward0", rule: "grad_self = -grad * result * result") { g, y in try -(try g * (try y * y)) }
        case .square:
            return keep("PowBackward0", rule: "grad_self = grad * 2 * self") { g, x in try g * (try x * 2) }
        case .floor: return zero("FloorBackward0")
        case .ceil: return zero("CeilBackward0")
        case .round: return zero("RoundBackward0")
        case .sign: return zero("SignBackward0")
        case .log1p: return keep("Log1PBackward0", rule: "grad_self = grad / (self + 1)") { g, x in try g / (try x + 1) }
        case .erf:
            return keep("ErfBackward0", rule: "grad_self = grad * 2 / sqrt(pi) * exp(-self * self)") { g, x in
                try g * (try (try (try x * x).unary(.neg)).unary(.exp) * (2 / Double.pi.squareRoot()))
            }
        case .logicalNot: return Recipe(name: "", result: result, rule: "grad_self = None (not differentiable)") { _ in [nil] }
        }
    }

    /// Mirrors the element-wise functions (exp, log, sqrt, sin, cos, tanh, sigmoid, relu,
    /// abs, reciprocal, floor, ceil, round, sign, square, logical_not).
    package func unary(_ op: UnaryOp) throws -> Tensor {
        let recipe = try unaryRecipe(op)
        if op == .logicalNot || !recipe.result.dtype.isFloatingPoint { return Tensor(recipe.result) }
        return apply(recipe)
    }

    /// In-place forms (exp_, relu_, sigmoid_, tanh_, neg_, ...), keeping this tensor's dtype.
    package func unaryInPlace(_ op: UnaryOp) throws {
        try applyInPlace(try unaryRecipe(op, inPlace: true))
    }

    func clampRecipe(min lower: Scalar?, max upper: Scalar?, inPlace: Bool = false) throws -> Recipe {
        let result = try data.clamp(min: lower, max: upper)
        let rule: String
        switch (lower != nil, upper != nil) {
        case (true, true): rule = "grad_self = grad * ((self > min) & (self < max))"
        case (true, false): rule = "grad_self = grad * (self > min)"
        case (false, true): rule = "grad_self = grad * (self < max)"
        case (false, false): rule = "grad_self = grad"
        }
        var bounds: [(name: String, value: SavedAttribute)] = []
        if let lower { bounds.append(("_saved_min", .number(lower))) }
        if let upper { bounds.append(("_saved_max", .number(upper))) }
        return Recipe(name: "ClampBackward1", result: result, save: [savedSelf(inPlace: inPlace)], savedNames: ["_saved_self"],
                      attributes: bounds, rule: rule) { ctx in
            // Strictly inside the bounds: PyTorch 2.15 sends no gradient at the bounds themselves.
            var inside = Tensor(try NDArray.full(ctx.saved[0].shape, .bool(true)))
            if let lower { inside = try inside.and(try ctx.saved[0].compared(.gt, lower.doubleValue)) }
            if let upper { inside = try inside.and(try ctx.saved[0].compared(.lt, upper.doubleValue)) }
            return [try (try ctx.grad()).kept(where: inside)]
        }
    }

    /// Mirrors torch.clamp with number bounds: ClampBackward1.
    package func clamp(min lower: Scalar?, max upper: Scalar?) throws -> Tensor {
        let recipe = try clampRecipe(min: lower, max: upper)
        return recipe.result.dtype.isFloatingPoint ? apply(recipe) : Tensor(recipe.result)
    }

    /// Mirrors clamp_(min, max).
    package func clampInPlace(min lower: Scalar?, max upper: Scalar?) throws {
        try applyInPlace(try clampRecipe(min: lower, max: upper, inPlace: true))
    }

    /// Mirrors torch.clamp with tensor bounds: ClampBackward0 with slots (self, min, max);
    /// at a bound the gradient is shared in halves between self and that bound.
    package func clamp(min lower: Tensor?, max upper: Tensor?) throws -> Tensor {
        guard lower != nil || upper != nil else {
            throw TensorError.runtime("torch.clamp: At least one of 'min' or 'max' must not be None")
        }
        var result = data
        if let lower { result = try NDArray.binary(.maximum, .array(result), .array(lower.data)) }
        if let upper { result = try NDArray.binary(.minimum, .array(result), .array(upper.data)) }
        var save = [SavedArray(self)]
        if let lower { save.append(SavedArray(lower)) }
        if let upper { save.append(SavedArray(upper)) }
        let hasLower = lower != nil
        let rule: String
        switch (hasLower, upper != nil) {
        case (true, true):
            rule = "grad_self = grad * ((self > min) & (self < max)) + grad / 2 * ((self == min) | (self == max)); grad_min = grad * (self < min) + grad / 2 * (self == min); grad_max = grad * (self > max) + grad / 2 * (self == max)"
        case (true, false):
            rule = "grad_self = grad * (self > min) + grad / 2 * (self == min); grad_min = grad * (self < min) + grad / 2 * (self == min); grad_max = None (no max)"
        default:
            rule = "grad_self = grad * (self < max) + grad / 2 * (self == max); grad_min = None (no min); grad_max = grad * (self > max) + grad / 2 * (self == max)"
        }
        return Tensor.make("ClampBackward0", [self, lower, upper], result, save: save, rule: rule) { ctx in
            let g = try ctx.grad(), x = ctx.saved[0]
            var selfGrad = g
            var lowerGrad: Tensor?, upperGrad: Tensor?
            if hasLower {
                let lo = ctx.saved[1]
                let share = try Tensor.where(try x.compared(.eq, lo), .tensor(try g / 2), .tensor(g))
                selfGrad = try Tensor.where(try x.compared(.lt, lo), .scalar(.int(0)), .tensor(try Tensor.where(try x.compared(.eq, lo), .tensor(try g / 2), .tensor(selfGrad))))
                lowerGrad = try Tensor.where(try x.compared(.le, lo), .tensor(try Tensor.where(try x.compared(.eq, lo), .tensor(share), .tensor(g))), .scalar(.int(0)))
            }
            if ctx.saved.count > (hasLower ? 2 : 1) {
                let hi = ctx.saved[hasLower ? 2 : 1]
                selfGrad = try Tensor.where(try x.compared(.gt, hi), .scalar(.int(0)), .tensor(try Tensor.where(try x.compared(.eq, hi), .tensor(try g / 2), .tensor(selfGrad))))
                upperGrad = try Tensor.where(try x.compared(.ge, hi), .tensor(try Tensor.where(try x.compared(.eq, hi), .tensor(try g / 2), .tensor(g))), .scalar(.int(0)))
            }
            return [selfGrad, lowerGrad, upperGrad]
        }
    }

    /// Mirrors torch.where(condition, a, b): WhereBackward0 with slots (a, b).
    package static func `where`(_ condition: Tensor, _ a: TensorOperand, _ b: TensorOperand) throws -> Tensor {
        let result = try NDArray.where(condition.data, a.array, b.array)
        let mask = condition.data
        let rule: String
        switch (a.tensor != nil, b.tensor != nil) {
        case (true, true): rule = "grad_self = where(condition, grad, 0); grad_other = where(condition, 0, grad)"
        case (true, false): rule = "grad_self = where(condition, grad, 0); grad_other = None (a number)"
        case (false, true): rule = "grad_self = None (a number); grad_other = where(condition, 0, grad)"
        case (false, false): rule = "grad_self = None (a number); grad_other = None (a number)"
        }
        return Tensor.make("WhereBackward0", [a.tensor, b.tensor], result, save: [SavedArray(mask)], rule: rule) { ctx in
            let g = try ctx.grad(), c = ctx.saved[0]
            return [ctx.needs(0) ? try g.kept(where: c) : nil,
                    ctx.needs(1) ? try g.kept(where: try c.not()) : nil]
        }
    }
}
