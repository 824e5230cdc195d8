import Autograd

/// The index side of torch.utils.data.DataLoader: each epoch draws the iterator's base
/// seed, then walks a sequential or random sampler in batches (rng.md section 10). The
/// language layer fetches and collates the items.
package final class BatchIndexIterator {
    private let sampler: RandomSamplerIterator?
    /// A user's sampler (DataLoader(sampler=...)): the indices it yields, in its order.
    private let custom: (() throws -> Int?)?
    private var sequential = 0
    private let count: Int
    private let batchSize: Int?
    private let dropLast: Bool
    private var finished = false

    /// Starts an epoch (what `iter(loader)` does): two words of the loader's generator
    /// (or the global one) are drawn at once, even when nothing shuffles.
    package init(count: Int, batchSize: Int?, shuffle: Bool, dropLast: Bool,
                 generator: Generator?, global: Generator) throws {
        self.count = count
        self.batchSize = batchSize
        self.dropLast = dropLast
        sampler = shuffle ? try RandomSamplerIterator(count: count, generator: generator, global: global) : nil
        custom = nil
        _ = Sampling.int64Seed(generator ?? global)
    }

    /// An epoch over the indices a user's sampler yields (the base seed is drawn as well).
    package init(indices: @escaping () throws -> Int?, batchSize: Int?, dropLast: Bool,
                 generator: Generator?, global: Generator) {
        count = 0
        self.batchSize = batchSize
        self.dropLast = dropLast
        sampler = nil
        custom = indices
        _ = Sampling.int64Seed(generator ?? global)
    }

    private func nextIndex() throws -> Int? {
        if let custom { return try custom() }
        if let sampler { return try sampler.next() }
        guard sequential < count else { return nil }
        defer { sequential += 1 }
        return sequential
    }

    /// The next batch of indices (a single index without batching), or nil at the end.
    package func next() throws -> [Int]? {
        if finished { return nil }
        guard let size = batchSize else {
            guard let i = try nextIndex() else { finished = true; return nil }
            return [i]
        }
        var batch: [Int] = []
        while batch.count < size {
            guard let i = try nextIndex() else {
                finished = true
                if batch.isEmpty || dropLast { return nil }
                return batch
            }
            batch.append(i)
        }
        return batch
    }

    /// len(loader).
    package static func batchCount(count: Int, batchSize: Int?, dropLast: Bool) -> Int {
        guard let size = batchSize else { return count }
        // (count + size - 1) / size without overflow for a batch size near Int.max.
        return dropLast ? count / size : count / size + (count % size == 0 ? 0 : 1)
    }
}
