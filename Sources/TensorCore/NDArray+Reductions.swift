/// Reductions: sum, mean, prod, max/min (with indices), argmax/argmin, var/std, norm,
/// any/all, and softmax/log_softmax, over everything or over dimensions.
extension NDArray {
    /// The input arranged for a lane kernel: kept dimensions outside, reduced ones merged
    /// into one lane, plus the output shapes with and without keepdim.
    struct Reduction {
        var source: NDArray
        var keptShape: [Int]
        var keepdimShape: [Int]
        var laneLength: Int
        var laneStride: Int

        func shape(keepdim: Bool) -> [Int] { keepdim ? keepdimShape : keptShape }

        func lanes(into out: NDArray) -> Lanes {
            Lanes(outerShape: keptShape,
                  input: KernelOperand(base: source.baseAddress, strides: Array(source.strides.dropLast())),
                  output: out.operand, laneLength: laneLength, laneStride: laneStride)
        }
    }

    func normalizedDims(_ dims: [Int]?) throws -> [Int] {
        guard let dims, !dims.isEmpty else { return Array(0..<rank) }
        var seen = Set<Int>()
        for d in dims {
            let n = try normalizedDim(d)
            guard seen.insert(n).inserted else {
                throw TensorError.runtime("dim \(n) appears multiple times in the list of dims")
            }
        }
        return seen.sorted()
    }

    func reduction(over dims: [Int]?) throws -> Reduction {
        let reduced = Set(try normalizedDims(dims).filter { $0 < rank })
        let kept = (0..<rank).filter { !reduced.contains($0) }
        let keptShape = kept.map { shape[$0] }
        let laneLength = reduced.reduce(1) { $0 * shape[$1] }
        var keepdimShape = shape
        for d in reduced { keepdimShape[d] = 1 }
        var arranged = try permute(kept + reduced.sorted())
        if let v = try? arranged.view(keptShape + [laneLength]) {
            arranged = v
        } else {
            arranged = try arranged.contiguousCopy().view(keptShape + [laneLength])
        }
        return Reduction(source: arranged, keptShape: keptShape, keepdimShape: keepdimShape,
                         laneLength: laneLength, laneStride: arranged.strides.last ?? 1)
    }

    /// Mirrors torch.sum(input, dim=None, keepdim=False, dtype=None).
    package func sum(dims: [Int]? = nil, keepdim: Bool = false, dtype requested: DType? = nil) throws -> NDArray {
        let source = requested.map { to($0) } ?? self
        let outType: DType = source.dtype.isFloatingPoint ? source.dtype : .int64
        if source.dtype.isStorageOnly {
            return try source.to(source.dtype.computeType).sum(dims: dims, keepdim: keepdim).converted(to: outType)
        }
        let r = try source.reduction(over: dims)
        let out = NDArray(uninitialized: r.keptShape, dtype: outType)
        ReduceKernels.sum(source.dtype, r.lanes(into: out))
        return try out.view(r.shape(keepdim: keepdim))
    }

    /// Mirrors torch.mean: the float sum divided by the count, in the input's dtype.
    package func mean(dims: [Int]? = nil, keepdim: Bool = false, dtype requested: DType? = nil) throws -> NDArray {
        let type = requested ?? dtype
        guard type.isFloatingPoint else {
            throw TensorError.runtime(
                "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: \(type.scalarTypeName)")
        }
        let total = try sum(dims: dims, keepdim: keepdim, dtype: type)
        let n = try reduction(over: dims).laneLength
        return try NDArray.binary(.div, .array(total), .scalar(.double(Double(n))))
    }

    /// Mirrors torch.prod(input, dim=None, keepdim=False).
    package func prod(dims: [Int]? = nil, keepdim: Bool = false) throws -> NDArray {
        if dtype.isStorageOnly {
            return try to(dtype.computeType).prod(dims: dims, keepdim: keepdim).converted(to: dtype.isFloatingPoint ? dtype : .int64)
        }
        let r = try reduction(over: dims)
        let out = NDArray(uninitialized: r.keptShape, dtype: dtype.isFloatingPoint ? dtype : .int64)
        ReduceKernels.prod(dtype, r.lanes(into: out))
        return try out.view(r.shape(keepdim: keepdim))
    }

    /// Mirrors torch.max(input) / torch.min(input): the extreme element, NaN winning.
    package func extremum(largest: Bool) throws -> NDArray {
        guard count > 0 else {
            throw TensorError.runtime(
                "\(largest ? "max" : "min")(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.")
        }
        if dtype == .float32 {
            // Values only: the kernel skips the indices (and then runs in vector loops).
            let r = try reduction(over: nil)
            let values = NDArray(uninitialized: r.keptShape, dtype: dtype)
            ReduceKernels.extremum(dtype, r.lanes(into: values), largest: largest, indices: nil)
            return try values.view(r.shape(keepdim: false))
        }
        return try extremum(largest: largest, dim: nil, keepdim: false).values
    }

    /// Mirrors torch.max(input, dim, keepdim) / torch.min: values and their first indices.
    package func extremum(largest: Bool, dim: Int?, keepdim: Bool, name: String? = nil) throws -> (values: NDArray, indices: NDArray) {
        let r = try reduction(over: dim.map { [$0] })
        if r.laneLength == 0 {
            let d = try dim.map { try normalizedDim($0) } ?? 0
            throw TensorError.index(
                "\(name ?? (largest ? "max" : "min"))(): Expected reduction dim \(d) to have non-zero size.")
        }
        if dtype.isStorageOnly {
            let wide = try to(dtype.computeType).extremum(largest: largest, dim: dim, keepdim: keepdim, name: name)
            return (wide.values.converted(to: dtype), wide.indices)
        }
        let values = NDArray(uninitialized: r.keptShape, dtype: dtype)
        let indices = NDArray(uninitialized: r.keptShape, dtype: .int64)
        ReduceKernels.extremum(dtype, r.lanes(into: values), largest: largest, indices: indices.operand)
        let shape = r.shape(keepdim: keepdim)
        return (try values.view(shape), try indices.view(shape))
    }

    /// Mirrors torch.argmax / torch.argmin; without a dim, the index into the flattened input.
    package func argExtremum(largest: Bool, dim: Int?, keepdim: Bool) throws -> NDArray {
        let name = largest ? "argmax" : "argmin"
        if dim == nil {
            guard count > 0 else {
                throw TensorError.runtime("\(name)(): Expected reduction dim to be specified for input.numel() == 0.")
            }
            let flat = try reshape([-1])
            let idx = try flat.extremum(largest: largest, dim: 0, keepdim: false).indices
            return keepdim ? try idx.reshape([Int](repeating: 1, count: rank)) : idx
        }
        return try extremum(largest: largest, dim: dim, keepdim: keepdim, name: name).indices
    }

    /// Mirrors torch.var / torch.std with `correction` (1 = unbiased, the default).
    package func variance(dims: [Int]? = nil, correction: Double = 1, keepdim: Bool = false, takeRoot: Bool) throws -> NDArray {
        guard dtype.isFloatingPoint else {
            throw TensorError.runtime("std and var only support floating point and complex dtypes")
        }
        if dtype.isStorageOnly {
            return try to(.float32).variance(dims: dims, correction: correction, keepdim: keepdim, takeRoot: takeRoot).converted(to: dtype)
        }
        let r = try reduction(over: dims)
        let out = NDArray(uninitialized: r.keptShape, dtype: dtype)
        ReduceKernels.variance(dtype, r.lanes(into: out), correction: correction, takeRoot: takeRoot)
        return try out.view(r.shape(keepdim: keepdim))
    }

    /// Mirrors torch.norm(input, p=2, dim=None, keepdim=False) / torch.linalg.vector_norm.
    package func norm(p: Double = 2, dims: [Int]? = nil, keepdim: Bool = false) throws -> NDArray {
        guard dtype.isFloatingPoint else {
            throw TensorError.runtime("linalg.vector_norm: Expected a floating point or complex tensor as input. Got \(dtype.scalarTypeName)")
        }
        if dtype.isStorageOnly { return try to(.float32).norm(p: p, dims: dims, keepdim: keepdim).converted(to: dtype) }
        let r = try reduction(over: dims)
        let out = NDArray(uninitialized: r.keptShape, dtype: dtype)
        ReduceKernels.norm(dtype, r.lanes(into: out), p: p)
        return try out.view(r.shape(keepdim: keepdim))
    }

    /// Mirrors torch.any / torch.all.
    package func anyAll(all: Bool, dims: [Int]? = nil, keepdim: Bool = false) throws -> NDArray {
        if dtype.isStorageOnly { return try to(dtype.computeType).anyAll(all: all, dims: dims, keepdim: keepdim) }
        let r = try reduction(over: dims)
        let out = NDArray(uninitialized: r.keptShape, dtype: .bool)
        ReduceKernels.anyAll(dtype, r.lanes(into: out), all: all)
        return try out.view(r.shape(keepdim: keepdim))
    }

    /// Mirrors torch.softmax / torch.log_softmax along `dim` (ints compute in float32).
    package func softmax(dim: Int, log: Bool, dtype requested: DType? = nil) throws -> NDArray {
        let type = requested ?? (dtype.isFloatingPoint ? dtype : .float32)
        // The kernels compute in floats only: an integer or bool input (or dtype=) is PyTorch's error.
        if !type.isFloatingPoint || (requested == nil && !dtype.isFloatingPoint) {
            let named = type.isFloatingPoint ? dtype : type
            throw TensorError.notImplemented(Messages.notImplemented(log ? "log_softmax_lastdim_kernel_impl" : "softmax_lastdim_kernel_impl", named))
        }
        if type.isStorageOnly { return try to(.float32).softmax(dim: dim, log: log).converted(to: type) }
        let x = to(type)
        if rank == 0 {
            return try NDArray.full([], .double(log ? 0 : 1), dtype: type)
        }
        let d = try normalizedDim(dim)
        let r = try x.reduction(over: [d])
        let out = NDArray(uninitialized: shape, dtype: type)
        var lanes = r.lanes(into: out)
        lanes.output.strides = (0..<rank).filter { $0 != d }.map { out.strides[$0] }
        SoftmaxKernels.apply(type, lanes, outputLaneStride: out.strides[d], log: log)
        return out
    }
}

extension NDArray {
    /// Mirrors at::sum_to: sums a broadcast result back to `target` (leading dimensions
    /// dropped, stretched dimensions summed with keepdim). Returns self when shapes match.
    package func sum(toShape target: [Int]) throws -> NDArray {
        if shape == target { return self }
        let dims = NDArray.sumToDims(from: shape, to: target)
        let summed = dims.isEmpty ? self : try sum(dims: dims, keepdim: true)
        return try summed.reshape(target)
    }

    /// The dims at::sum_to sums over (with keepdim) to bring `shape` back to `target`: the
    /// leading ones it lacks, and those where it has size 1 and `shape` does not.
    package static func sumToDims(from shape: [Int], to target: [Int]) -> [Int] {
        let lead = shape.count - target.count
        var dims = Array(0..<max(lead, 0))
        for (i, size) in target.enumerated() where size == 1 && shape[lead + i] != 1 {
            dims.append(lead + i)
        }
        return dims
    }
}
