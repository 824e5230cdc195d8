/// One differentiable op, computed but not yet attached: its node's name, the input slots
/// after `self`, the result, what the formula saves and the formula. The same recipe
/// becomes an out-of-place result or an in-place update, so the two never disagree.
struct Recipe {
    var name: String
    var others: [Tensor?] = []
    var result: NDArray
    var save: [SavedArray] = []
    /// PyTorch's attribute names for the saved values (`_saved_self`, `_saved_result`, ...).
    var savedNames: [String] = []
    var saveOutput = false
    /// A Python number the node saves (`_saved_exponent`, `_saved_other`); no allocation.
    var savedNumber: (name: String, value: SavedAttribute)? = nil
    /// Other non-tensor values PyTorch exposes (`_saved_min`, `_saved_dim`, ...).
    var attributes: [(name: String, value: SavedAttribute)] = []
    /// The formula in words (Node.rule), written here beside it.
    var rule = ""
    var formula: BackwardFormula
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

    func apply(_ recipe: consuming Recipe) -> Tensor {
        make(recipe.name, others: recipe.others, recipe.result, save: recipe.save, savedNames: recipe.savedNames,
             saveOutput: recipe.saveOutput, attributes: recipe.attributes, savedNumber: recipe.savedNumber, rule: recipe.rule,
             formula: recipe.formula)
    }

    func applyInPlace(_ recipe: Recipe) throws {
        try commitInPlace(recipe.name, others: recipe.others, newValue: recipe.result, save: recipe.save,
                          saveOutput: recipe.saveOutput, rule: recipe.rule, formula: recipe.formula)
    }
}
