/// One differentiable op, computed but not yet attached: its node's name, the input slots
/// after `self`, the result, what the formula saves and the formula. The same recipe
/// becomes an out-of-place result or an in-place update, so the two never disagree.
struct Recipe {
    var name: String
    /// The input slot after `self` (binary ops have one; a Python number fills it without an edge).
    var other: RecipeSlot
    var result: NDArray
    /// Whether the formula reads the result back (saved last, as `_saved_result`).
    var saveOutput: Bool
    /// What the node keeps: the formula, its saved values and their names, its rule.
    var spec: NodeSpec

    /// `savedNumber` is a Python number the node saves (`_saved_exponent`, `_saved_other`)
    /// without an array; `rule` is the formula in words, written here beside it.
    init(name: String, other: RecipeSlot = .absent, result: NDArray, save: [SavedArray] = [], savedNames: [String] = [],
         saveOutput: Bool = false, savedNumber: (name: String, value: SavedAttribute)? = nil,
         attributes: [(name: String, value: SavedAttribute)] = [], rule: String = "", formula: @escaping BackwardFormula) {
        self.name = name
        self.other = other
        self.result = result
        self.saveOutput = saveOutput
        spec = NodeSpec(formula: formula, saved: save, savedNames: savedNames, rule: rule, attributes: attributes,
                        savedNumber: savedNumber)
    }
}

/// A recipe's second input slot: none (a unary op), a Python number (the slot exists with
/// no edge, as PyTorch's `next_functions` lists `(None, 0)` for it), or a tensor.
enum RecipeSlot {
    case absent
    case number
    case tensor(Tensor)

    init(_ operand: TensorOperand) {
        switch operand {
        case .tensor(let t): self = .tensor(t)
        case .scalar: self = .number
        }
    }

    var tensor: Tensor? {
        if case .tensor(let t) = self { return t }
        return nil
    }

    /// The slot as the list of inputs after `self` that in-place recording takes.
    var asList: [Tensor?] {
        switch self {
        case .absent: []
        case .number: [nil]
        case .tensor(let t): [t]
        }
    }
}

/// A tensor or a Python number as an operand.
package enum TensorOperand {
    case tensor(Tensor)
    case scalar(Scalar)

    package var array: NDArray.Operand {
        switch self {
        case .tensor(let t): .array(t.data)
        case .scalar(let s): .scalar(s)
        }
    }

    var tensor: Tensor? {
        if case .tensor(let t) = self { return t }
        return nil
    }
}

extension Tensor {
    /// What a formula saves of `self`: the tensor itself, or for an in-place op a copy of
    /// the value it had before (which the op is about to overwrite).
    func savedSelf(inPlace: Bool) -> SavedArray {
        guard inPlace else { return SavedArray(self) }
        // The value before the op, with the history it had then (so create_graph can
        // differentiate through it), as PyTorch saves an in-place op's original self.
        let before = Tensor(data.contiguousCopy())
        if let fn = gradFn { before.setGradFn(fn, outputNr: outputNr) }
        return SavedArray(before)
    }

    func apply(_ recipe: consuming Recipe) -> Tensor { make(recipe) }

    func applyInPlace(_ recipe: Recipe) throws {
        try commitInPlace(recipe.name, others: recipe.other.asList, newValue: recipe.result, save: recipe.spec.saved,
                          saveOutput: recipe.saveOutput, rule: recipe.spec.rule, formula: recipe.spec.formula!)
    }
}
