import CreationSite

/// Why a tensor stands outside the graph: the op that cut it off, and where.
package struct GraphCut {
    package enum Reason {
        /// `x.detach()`
        case detach
        /// `x.data`
        case data
        /// computed under `torch.no_grad()` (or with grad mode off) from a tensor that requires grad
        case noGrad
    }

    package let reason: Reason
    package let site: Int
}

/// The history of a leaf's `.grad`: what each backward added to it and each reset, so
/// that accumulation can be shown as a table (`:ledger`). Small gradients are kept whole;
/// large ones by their norm, so a training loop does not keep every gradient it made.
package final class GradLedger {
    package enum Kind {
        case added, resetToNone, zeroed
        /// `.grad` was changed between two backward passes by something else (`grad.zero_()`, `grad *= 0.5`).
        case changedElsewhere
    }

    package struct Entry {
        package let kind: Kind
        /// The statement that ran the backward (or the reset).
        package let site: Int
        /// What this backward added, and `.grad` afterwards (nil for large tensors).
        package let contribution: NDArray?
        package let total: NDArray?
        /// The contribution's and the total's 2-norms, kept for every size.
        package let contributionNorm: Double
        package let totalNorm: Double
        /// `.grad`'s storage and its version right after this entry, to notice changes made elsewhere.
        let gradStorage: ObjectIdentifier?
        var gradVersion: Int
    }

    /// Entries kept at most; older ones are dropped and counted.
    package static let capacity = 200
    /// Gradients with at most this many elements are kept whole.
    package static let wholeLimit = 64
    /// Larger ones keep their norms up to this size; beyond it only the event is kept, so
    /// a training step pays nothing measurable for its large weights (`:ledger` shows the
    /// current gradient's norm instead).
    package static let normLimit = 1 << 16

    package private(set) var entries: [Entry] = []
    package private(set) var dropped = 0

    /// Whether `grad` was changed since the last entry by something other than backward
    /// (`grad.zero_()`, `grad *= 0.5`).
    package func changedSinceLastEntry(_ grad: NDArray) -> Bool {
        guard let last = entries.last, last.kind == .added || last.kind == .zeroed else { return false }
        return last.gradStorage != ObjectIdentifier(grad.storage) || last.gradVersion != grad.storage.version
    }

    /// Before a backward adds to `grad`: if it changed since the last entry, say so.
    func noteBefore(_ grad: NDArray?) {
        guard let grad, changedSinceLastEntry(grad) else { return }
        let small = grad.count <= GradLedger.wholeLimit
        if grad.count <= GradLedger.normLimit, grad.norm2() == 0 {
            // `grad.zero_()` (or `grad *= 0`): a reset, as optimizer.zero_grad(set_to_none=False) is.
            append(Entry(kind: .zeroed, site: 0, contribution: nil, total: nil, contributionNorm: 0, totalNorm: 0, gradStorage: nil, gradVersion: 0))
            return
        }
        append(Entry(kind: .changedElsewhere, site: 0, contribution: nil, total: small ? grad.contiguousCopy() : nil,
                     contributionNorm: 0, totalNorm: grad.count <= GradLedger.normLimit ? grad.norm2() : .nan,
                     gradStorage: nil, gradVersion: 0))
    }

    func recordAddition(_ contribution: NDArray, total: NDArray, first: Bool) {
        let small = total.count <= GradLedger.wholeLimit, measured = total.count <= GradLedger.normLimit
        let totalCopy = small ? total.contiguousCopy() : nil
        // A first gradient is the contribution itself: one copy serves both.
        append(Entry(kind: .added, site: tsh_get_creation_site(),
                     contribution: small ? (first ? totalCopy : contribution.contiguousCopy()) : nil, total: totalCopy,
                     contributionNorm: measured ? contribution.norm2() : .nan, totalNorm: measured ? (first ? contribution.norm2() : total.norm2()) : .nan,
                     gradStorage: ObjectIdentifier(total.storage), gradVersion: total.storage.version))
    }

    /// After `:backprop` put a gradient back: it is what the last entry says again.
    package func restamp(_ grad: NDArray) {
        guard !entries.isEmpty, entries[entries.count - 1].gradStorage == ObjectIdentifier(grad.storage) else { return }
        entries[entries.count - 1].gradVersion = grad.storage.version
    }

    /// Entries recorded so far, dropped ones included (a mark for rollBack).
    package var mark: Int { entries.count + dropped }

    func recordReset(site: Int, toNone: Bool, grad: NDArray? = nil) {
        append(Entry(kind: toNone ? .resetToNone : .zeroed, site: site, contribution: nil, total: nil,
                     contributionNorm: 0, totalNorm: 0, gradStorage: grad.map { ObjectIdentifier($0.storage) },
                     gradVersion: grad?.storage.version ?? 0))
    }

    /// Forgets the entries made since `mark` (an aborted `:backprop` leaves none).
    package func rollBack(to mark: Int) {
        let keep = max(0, mark - dropped)
        if entries.count > keep { entries.removeLast(entries.count - keep) }
    }

    private func append(_ entry: Entry) {
        if entries.count == GradLedger.capacity {
            entries.removeFirst()
            dropped += 1
        }
        entries.append(entry)
    }
}

extension NDArray {
    /// The 2-norm of every element, in double precision (for summaries, not for results).
    /// A plain loop over float storage: the ledger takes norms on every accumulation.
    package func norm2() -> Double {
        let a = isContiguous ? self : contiguousCopy()
        var sum = 0.0
        switch a.dtype {
        case .float32:
            // Four lanes of double accumulators: vectorized, and no slower to round.
            let p = a.baseAddress.assumingMemoryBound(to: Float.self), n = a.count
            var lanes = SIMD4<Double>()
            var i = 0
            while i + 4 <= n {
                let v = SIMD4<Double>(Double(p[i]), Double(p[i + 1]), Double(p[i + 2]), Double(p[i + 3]))
                lanes += v * v
                i += 4
            }
            sum = lanes.sum()
            while i < n { let v = Double(p[i]); sum += v * v; i += 1 }
        case .float64:
            let p = a.baseAddress.assumingMemoryBound(to: Double.self)
            for i in 0..<a.count { sum += p[i] * p[i] }
        default:
            for s in a.scalars { let v = s.doubleValue; sum += v * v }
        }
        return sum.squareRoot()
    }
}

extension NDArray {
    /// Whether any element is NaN (anomaly detection's check).
    package func containsNaN() -> Bool {
        guard dtype.isFloatingPoint else { return false }
        return scalars.contains { $0.doubleValue.isNaN }
    }
}

extension Tensor {
    func ledger() -> GradLedger {
        if let existing = gradLedger { return existing }
        let made = GradLedger()
        gradLedger = made
        return made
    }
}
