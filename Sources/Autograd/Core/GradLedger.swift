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
    package enum Kind { case added, resetToNone, zeroed }

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
    }

    /// Entries kept at most; older ones are dropped and counted.
    package static let capacity = 200
    /// Tensors with more elements than this keep norms only.
    package static let wholeLimit = 4096

    package private(set) var entries: [Entry] = []
    package private(set) var dropped = 0

    func recordAddition(_ contribution: NDArray, total: NDArray) {
        let small = total.count <= GradLedger.wholeLimit
        append(Entry(kind: .added, site: tsh_get_creation_site(),
                     contribution: small ? contribution.contiguousCopy() : nil, total: small ? total.contiguousCopy() : nil,
                     contributionNorm: contribution.norm2(), totalNorm: total.norm2()))
    }

    func recordReset(site: Int, toNone: Bool) {
        append(Entry(kind: toNone ? .resetToNone : .zeroed, site: site, contribution: nil, total: nil,
                     contributionNorm: 0, totalNorm: 0))
    }

    /// Forgets the entries after the first `count` (an aborted `:backprop` leaves none).
    package func rollBack(to count: Int) {
        let keep = max(0, count - dropped)
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
    package func norm2() -> Double {
        var sum = 0.0
        for s in scalars { let v = s.doubleValue; sum += v * v }
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
