import TensorKernels

/// torch.get_num_threads / set_num_threads: how many threads tsh's loops (and OpenBLAS)
/// use for large tensors. The split of a whole-tensor float sum follows it, as ATen's does.
package enum Threads {
    package static var count: Int { parallelism }

    package static func set(_ threads: Int) throws {
        guard threads > 0 else { throw TensorError.runtime("set_num_threads expects a positive integer") }
        setParallelism(threads)
    }
}
