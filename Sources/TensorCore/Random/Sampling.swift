/// The random draws of torch.utils.data (rng.md section 10), so that TorchData only
/// composes them: the DataLoader's per-iter() seed, RandomSampler's order and random_split.
package enum Sampling {
    /// `torch.empty((), dtype=torch.int64).random_(generator=g).item()`: two words.
    /// Each `iter(DataLoader)` draws one as its (unused) `_base_seed`.
    package static func int64Seed(_ g: Generator) -> UInt64 { g.random64() % (1 << 63) }

    /// Mirrors random_split(dataset, lengths, generator): one randperm of the total, cut
    /// into consecutive pieces.
    package static func randomSplit(lengths: [Int], count: Int, generator g: Generator) throws -> [[Int]] {
        guard lengths.reduce(0, &+) == count else {
            throw TensorError.value("Sum of input lengths does not equal the length of the input dataset!")
        }
        let perm = try NDArray.randperm(count, generator: g).scalars.map { Int($0.int64Value) }
        // PyTorch takes indices[offset - length : offset] with Python's slicing, so a
        // negative length selects from the end rather than failing.
        var offset = 0
        return try lengths.map { n in
            let (sum, overflow) = offset.addingReportingOverflow(n)
            guard !overflow else { throw TensorError.value("Sum of input lengths does not equal the length of the input dataset!") }
            offset = sum
            func clamp(_ i: Int) -> Int { i < 0 ? max(0, i + count) : min(i, count) }
            let lo = clamp(offset - n), hi = clamp(offset)
            return lo < hi ? Array(perm[lo..<hi]) : []
        }
    }

    /// random_split's fractions as counts: floor(n · f) each, the remainder handed out one
    /// at a time round-robin.
    package static func splitCounts(fractions: [Double], count n: Int) throws -> [Int] {
        let total = fractions.reduce(0, +)
        guard abs(total - 1) <= 1e-9 * max(1, abs(total)), total <= 1 else {
            throw TensorError.value("Sum of input lengths does not equal the length of the input dataset!")
        }
        for f in fractions where f < 0 || f > 1 {
            throw TensorError.value("Fraction at index \(fractions.firstIndex(of: f)!) is not between 0 and 1")
        }
        var counts = fractions.map { Int((Double(n) * $0).rounded(.down)) }
        let remainder = n - counts.reduce(0, +)
        for i in 0..<remainder { counts[i % counts.count] += 1 }
        return counts
    }
}

/// Mirrors iter(RandomSampler(data, replacement, num_samples, generator)): a lazy
/// iterator that draws nothing until the first `next()`. Without a generator of its own it
/// seeds a private one from two words of the global generator. After the last index,
/// asking once more computes (and discards the rest of) one more randperm, as PyTorch's
/// Python generator does.
package final class RandomSamplerIterator {
    let count: Int
    let replacement: Bool
    let numSamples: Int
    let explicitGenerator: Generator?
    let globalGenerator: Generator
    private var generator: Generator?
    private var buffer: [Int] = []
    private var position = 0
    private var chunksDone = 0
    private var finished = false

    package init(count: Int, replacement: Bool = false, numSamples: Int? = nil,
                 generator: Generator?, global: Generator) throws {
        let samples = numSamples ?? count
        guard samples > 0 else {
            throw TensorError.value("num_samples should be a positive integer value, but got num_samples=\(samples)")
        }
        self.count = count
        self.replacement = replacement
        self.numSamples = samples
        explicitGenerator = generator
        globalGenerator = global
    }

    private var chunkSize: Int { replacement ? 32 : count }

    package func next() throws -> Int? {
        if generator == nil {
            if let g = explicitGenerator {
                generator = g
            } else {
                generator = Generator(seed: Sampling.int64Seed(globalGenerator))
            }
        }
        while position >= buffer.count {
            if finished { return nil }
            let fullChunks = numSamples / chunkSize
            let take = chunksDone < fullChunks ? chunkSize : numSamples % chunkSize
            if chunksDone >= fullChunks { finished = true }
            buffer = try drawChunk(take)
            position = 0
            chunksDone += 1
        }
        defer { position += 1 }
        return buffer[position]
    }

    /// One randperm of the dataset (its first `take` entries), or `take` randint draws.
    private func drawChunk(_ take: Int) throws -> [Int] {
        let g = generator!
        if replacement {
            let draws = try NDArray.randint(high: Int64(count), [take], generator: g)
            return draws.scalars.map { Int($0.int64Value) }
        }
        let perm = try NDArray.randperm(count, generator: g)
        return perm.scalars.prefix(take).map { Int($0.int64Value) }
    }
}
