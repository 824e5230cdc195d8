#if canImport(Glibc)
import Glibc
#endif
import CBLAS

/// An element-wise walk over several strided operands that share one shape.
///
/// Dimensions of size 1 are dropped and neighbouring dimensions that are contiguous for
/// every operand are merged, so a walk over contiguous tensors is one flat row. The walk
/// hands its body whole rows (a start offset per operand and a count); the body runs the
/// tight inner loop with `innerStride(_:)`, so nothing happens per element but the work.
package struct LoopPlan {
    /// Sizes from outermost to innermost; never empty.
    package private(set) var sizes: [Int]
    /// Strides in elements, operand-major: `strides[op * rank + dim]`.
    package private(set) var strides: [Int]
    package let operandCount: Int

    package var rank: Int { sizes.count }
    package var elementCount: Int { sizes.reduce(1, *) }
    package var innerSize: Int { sizes[rank - 1] }
    @inline(__always) package func innerStride(_ op: Int) -> Int { strides[op * rank + rank - 1] }

    package init(shape: [Int], operandStrides: [[Int]]) {
        let ops = operandStrides.count
        operandCount = ops
        // Merge in scratch memory, dimension-major, then lay the strides out operand-major:
        // two allocations (sizes, strides) whatever the rank.
        var keptSizes: [Int] = []
        keptSizes.reserveCapacity(max(1, shape.count))
        var kept: [Int] = []
        kept = withUnsafeTemporaryAllocation(of: Int.self, capacity: max(1, shape.count) * ops) { scratch in
            var rank = 0
            for d in shape.indices where shape[d] != 1 {
                let last = rank - 1
                if rank > 0, (0..<ops).allSatisfy({ scratch[last * ops + $0] == operandStrides[$0][d] * shape[d] }) {
                    keptSizes[last] *= shape[d]
                    for op in 0..<ops { scratch[last * ops + op] = operandStrides[op][d] }
                } else {
                    keptSizes.append(shape[d])
                    for op in 0..<ops { scratch[rank * ops + op] = operandStrides[op][d] }
                    rank += 1
                }
            }
            if rank == 0 {
                keptSizes.append(1)
                for op in 0..<ops { scratch[op] = 0 }
                rank = 1
            }
            return [Int](unsafeUninitializedCapacity: ops * rank) { out, count in
                for op in 0..<ops {
                    for d in 0..<rank { out[op * rank + d] = scratch[d * ops + op] }
                }
                count = ops * rank
            }
        }
        sizes = keptSizes
        strides = kept
    }

    /// Calls `body(offsets, count)` for consecutive runs of the elements in `range`
    /// (row-major order), each run lying within one innermost row.
    @inline(__always)
    package func forEachRun(in range: Range<Int>, _ body: (UnsafePointer<Int>, Int) -> Void) {
        guard !range.isEmpty else { return }
        let rank = self.rank, ops = operandCount, inner = innerSize
        withUnsafeTemporaryAllocation(of: Int.self, capacity: rank + ops) { scratch in
            let counter = scratch.baseAddress!
            let offsets = counter + rank
            strides.withUnsafeBufferPointer { st in
                sizes.withUnsafeBufferPointer { sz in
                    var linear = range.lowerBound
                    for op in 0..<ops { offsets[op] = 0 }
                    var rest = linear
                    for d in stride(from: rank - 1, through: 0, by: -1) {
                        counter[d] = rest % sz[d]
                        rest /= sz[d]
                        for op in 0..<ops { offsets[op] += counter[d] * st[op * rank + d] }
                    }
                    while linear < range.upperBound {
                        let count = min(inner - counter[rank - 1], range.upperBound - linear)
                        body(offsets, count)
                        linear += count
                        // Step to the start of the next row.
                        for op in 0..<ops { offsets[op] -= counter[rank - 1] * st[op * rank + rank - 1] }
                        counter[rank - 1] = 0
                        var d = rank - 2
                        while d >= 0 {
                            counter[d] += 1
                            for op in 0..<ops { offsets[op] += st[op * rank + d] }
                            if counter[d] < sz[d] { break }
                            for op in 0..<ops { offsets[op] -= sz[d] * st[op * rank + d] }
                            counter[d] = 0
                            d -= 1
                        }
                    }
                }
            }
        }
    }

    /// Calls `body` with ranges of elements that together cover the whole walk: one range
    /// for small work, one per core (concurrently) when the work is large enough to repay
    /// the hand-off (PyTorch's intra-op grain size is 32768).
    ///
    /// Kernels dispatch on dtype and op *inside* `body`, so the element loop they reach is
    /// specialized and inlined; a closure handed across threads would not be.
    package func parallelRanges(grain: Int = 65536, _ body: (Range<Int>) -> Void) {
        let total = elementCount
        let workers = min(parallelism, total / grain)
        if workers <= 1 {
            body(0..<total)
            return
        }
        let chunk = (total + workers - 1) / workers
        parallelFor(workers) { w in
            let lo = w * chunk
            if lo < total { body(lo..<min(total, lo + chunk)) }
        }
    }
}

/// The number of threads element-wise loops, reductions and the optimizers' steps use for
/// large tensors; torch.set_num_threads changes it.
nonisolated(unsafe) package var parallelism: Int = defaultParallelism()

/// PyTorch's default thread count: OMP_NUM_THREADS when it is a positive number, else one
/// thread per physical core (SMT siblings share a core), else one per online CPU.
private func defaultParallelism() -> Int {
    #if canImport(Glibc)
    if let text = getenv("OMP_NUM_THREADS"), let n = Int(String(cString: text)), n > 0 { return min(n, 1024) }
    let online = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    var cores = Set<[Int]>()
    for cpu in 0..<online {
        let topology = "/sys/devices/system/cpu/cpu\(cpu)/topology/"
        guard let package = firstNumber(in: topology + "physical_package_id"), let core = firstNumber(in: topology + "core_id") else {
            return online
        }
        cores.insert([package, core])
    }
    return max(1, cores.count)
    #else
    return 1
    #endif
}

#if canImport(Glibc)
/// The number a small sysfs file starts with.
private func firstNumber(in path: String) -> Int? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 32)
    guard fgets(&line, Int32(line.count), file) != nil else { return nil }
    return String(cString: line).split(whereSeparator: { $0 == "\n" || $0 == " " }).first.flatMap { Int($0) }
}
#endif

/// torch.set_num_threads: tsh's loops and OpenBLAS's matrix products on `threads` threads.
/// The count is kept as asked (get_num_threads returns it); the threads started are fewer
/// when it is absurd (the pool stops at 64, OpenBLAS at 256).
package func setParallelism(_ threads: Int) {
    parallelism = max(1, threads)
    tsh_blas_set_threads(Int32(min(parallelism, 256)))
}
