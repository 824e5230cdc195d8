/// Indexing and index assignment with autograd, following PyTorch's applySlicing: ints
/// select (SelectBackward0), slices slice (SliceBackward0; a tuple skips full slices, and
/// a subscript that changes nothing is an alias), None unsqueezes, and index tensors or
/// masks gather (IndexBackward0).
extension Tensor {
    private static func isFullSlice(_ start: Int?, _ stop: Int?, _ step: Int?, size: Int) -> Bool {
        (start == nil || start == 0) && (stop == nil || stop! >= size) && (step == nil || step == 1)
    }

    /// Mirrors Tensor.__getitem__; `isTuple` is whether the subscript was a tuple (`x[:, :]`
    /// rather than `x[:]`), which decides between SliceBackward0 and AliasBackward0.
    package func index(_ indices: [TensorIndex], isTuple: Bool) throws -> Tensor {
        if !isTuple, indices.count == 1 {
            switch indices[0] {
            case .int(let i):
                guard rank > 0 else { throw TensorError.index(Messages.tooManyIndices(0)) }
                guard i >= -shape[0], i < shape[0] else {
                    throw TensorError.index("index \(i) is out of bounds for dimension 0 with size \(shape[0])")
                }
                return try select(dim: 0, index: i)
            case .slice(let start, let stop, let step):
                guard rank > 0 else { throw TensorError.index(Messages.tooManyIndices(0)) }
                return try slice(dim: 0, start: start, stop: stop, step: step ?? 1)
            case .ellipsis: return alias()
            case .newAxis: return try unsqueeze(0)
            case .array: break
            }
        }
        // Validate the whole subscript once (errors as PyTorch words them), then walk it.
        _ = try data.index(indices)
        var current = self, dim = 0, changed = false
        var consumed = 0
        for i in indices {
            switch i {
            case .int, .slice: consumed += 1
            case .array(let a): consumed += a.dtype == .bool ? a.rank : 1
            default: break
            }
        }
        var advanced: [TensorIndex] = []
        var hasAdvanced = false
        for i in indices {
            switch i {
            case .int(let k):
                current = try current.select(dim: dim, index: k)
                changed = true
            case .slice(let start, let stop, let step):
                if !Tensor.isFullSlice(start, stop, step, size: current.shape[dim]) {
                    current = try current.slice(dim: dim, start: start, stop: stop, step: step ?? 1)
                    changed = true
                }
                advanced.append(.slice(start: nil, stop: nil, step: nil))
                dim += 1
            case .newAxis:
                current = try current.unsqueeze(dim)
                changed = true
                advanced.append(.slice(start: nil, stop: nil, step: nil))
                dim += 1
            case .ellipsis:
                let span = rank - consumed
                advanced += Array(repeating: .slice(start: nil, stop: nil, step: nil), count: span)
                dim += span
            case .array(let a):
                if a.dtype == .int64 && a.rank == 0 {
                    current = try current.select(dim: dim, index: Int(a.scalars[0].int64Value))
                    changed = true
                    continue
                }
                hasAdvanced = true
                advanced.append(i)
                dim += a.dtype == .bool ? max(a.rank, 1) : 1
            }
        }
        if hasAdvanced { return try current.gather(advanced) }
        return changed ? current : current.alias()
    }

    /// Advanced indexing of this tensor (full slices elsewhere): IndexBackward0.
    func gather(_ indices: [TensorIndex]) throws -> Tensor {
        let result = try data.index(indices)
        let inputShape = shape
        return Tensor.make("IndexBackward0", [self], result,
                           attributes: [("_saved_self_sym_sizes", .ints(inputShape))],
                           rule: "grad_self = zeros(self.sizes()).index_put_(indices, grad, accumulate=True)") { ctx in
            [try Tensor.indexBackward(try ctx.grad(), shape: inputShape, indices: indices)]
        }
    }

    /// Mirrors Tensor.__setitem__ (`x[i] = v`): through a view for basic subscripts
    /// (CopySlices on the base), MaskedFillBackward0 / IndexFillBackward0 for a mask or an
    /// index tensor with a number, IndexPutBackward0 otherwise.
    package func setItem(_ indices: [TensorIndex], isTuple: Bool, value: TensorOperand) throws {
        let advanced = indices.contains { if case .array(let a) = $0 { return !(a.dtype == .int64 && a.rank == 0) } else { return false } }
        if !advanced {
            let target = try index(indices, isTuple: isTuple)
            switch value {
            case .scalar(let s): try target.fillInPlace(s)
            case .tensor(let t): try target.copyInPlace(from: t)
            }
            return
        }
        if indices.count == 1, case .array(let mask) = indices[0], case .scalar(let s) = value {
            let newValue = data.contiguousCopy()
            try newValue.indexPut(indices, s)
            let name = mask.dtype == .bool ? "MaskedFillBackward0" : "IndexFillBackward0"
            try commitInPlace(name, others: [], newValue: newValue,
                              rule: mask.dtype == .bool ? "grad_self = grad.masked_fill(mask, 0)"
                                                        : "grad_self = grad.index_fill(0, index, 0)") { ctx in
                [try (try ctx.grad()).zeroed(at: indices)]
            }
            return
        }
        let newValue = data.contiguousCopy()
        let valueTensor = value.tensor
        switch value {
        case .scalar(let s): try newValue.indexPut(indices, s)
        case .tensor(let t): try newValue.indexPut(indices, t.data)
        }
        let valueShape = valueTensor?.shape
        try commitInPlace("IndexPutBackward0", others: [valueTensor], newValue: newValue,
                          rule: valueTensor == nil
                              ? "grad_self = grad.index_put(indices, 0); grad_values = None (a number)"
                              : "grad_self = grad.index_put(indices, 0); grad_values = grad[indices].sum_to_size(values.sizes())") { ctx in
            let g = try ctx.grad()
            var valueGrad: Tensor?
            if let valueShape, ctx.needs(1) { valueGrad = try (try g.gather(indices)).sumToSize(valueShape) }
            return [try g.zeroed(at: indices), valueGrad]
        }
    }
}
