#if canImport(Glibc)
import Glibc
#endif

/// Factories: torch.zeros, ones, full, empty, arange, linspace, eye and tensor(data).
extension NDArray {
    /// Nested Python lists of numbers, as `torch.tensor(data)` receives them.
    package indirect enum NestedData {
        case scalar(Scalar)
        case list([NestedData])
        /// A tensor element inside the data (`torch.tensor([t0, t1])` with 0-d tensors).
        case array(NDArray)
    }

    package static func full(_ shape: [Int], _ value: Scalar, dtype: DType? = nil) throws -> NDArray {
        let type = dtype ?? TypePromotion.dtype(of: value)
        try checkSizes(shape, dtype: type)
        let out = NDArray(uninitialized: shape, dtype: type)
        CopyKernels.fill(shape: shape, out.operand, out.dtype, with: value)
        return out
    }

    package static func zeros(_ shape: [Int], dtype: DType = .float32) throws -> NDArray {
        guard shape.allSatisfy({ $0 >= 0 }) else { throw TensorError.runtime("zeros: Dimension size must be non-negative.") }
        try checkSizes(shape, dtype: dtype)
        return NDArray(zeros: shape, dtype: dtype)
    }

    package static func ones(_ shape: [Int], dtype: DType = .float32) throws -> NDArray {
        try full(shape, .int(1), dtype: dtype)
    }

    /// PyTorch's checks before allocating: no negative sizes, no overflowing or
    /// unallocatable element counts (an absurd size is an error, never a crash).
    package static func checkSizes(_ shape: [Int], dtype: DType = .float64) throws {
        if let bad = shape.first(where: { $0 < 0 }) {
            throw TensorError.runtime("Trying to create tensor with negative dimension \(bad): \(Messages.shape(shape))")
        }
        var count = 1
        for s in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: s)
            let (bytes, overflowBytes) = product.multipliedReportingOverflow(by: dtype.itemSize)
            guard !overflow, !overflowBytes, bytes <= Int64.max / 2 else {
                throw TensorError.runtime("Storage size calculation overflowed with sizes=\(Messages.shape(shape))")
            }
            count = product
        }
        let bytes = count * dtype.itemSize
        if bytes > maximumAllocation {
            throw TensorError.runtime(
                "[enforce fail at alloc_cpu.cpp:117] data. DefaultCPUAllocator: not enough memory: you tried to allocate \(bytes) bytes.")
        }
    }

    /// More than the machine's physical memory cannot be allocated in one piece. (The
    /// fuzzer lowers it, so that its programs cannot swap the machine away.)
    nonisolated(unsafe) package static var maximumAllocation: Int = {
        #if canImport(Glibc)
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
        if pages > 0 && pageSize > 0 { return pages * pageSize }
        #endif
        return 1 << 40
    }()

    /// Mirrors torch.empty; tsh's fresh storage is zeroed, so the values are zeros.
    package static func empty(_ shape: [Int], dtype: DType = .float32) throws -> NDArray {
        try checkSizes(shape, dtype: dtype)
        return NDArray(zeros: shape, dtype: dtype)
    }

    /// Mirrors torch.zeros_like / ones_like / full_like / empty_like: same shape, and the
    /// same dtype unless one is given.
    package static func full(like a: NDArray, _ value: Scalar, dtype: DType? = nil) throws -> NDArray {
        try full(a.shape, value, dtype: dtype ?? a.dtype)
    }

    /// Mirrors Tensor.tolist(): nested lists of Python numbers (a bare number for 0-d).
    package func toNestedData() -> NestedData {
        func build(_ v: NDArray) -> NestedData {
            if v.rank == 0 { return .scalar(v.scalar(at: [])) }
            return .list((0..<v.shape[0]).map { i in
                build(v.view(shape: Array(v.shape.dropFirst()), strides: Array(v.strides.dropFirst()),
                             offset: v.offset + i * v.strides[0]))
            })
        }
        return build(self)
    }

    /// Mirrors torch.arange(start, end, step); int64 unless a bound or the step is a float.
    package static func arange(start: Scalar = .int(0), end: Scalar, step: Scalar = .int(1),
                               dtype: DType? = nil) throws -> NDArray {
        let isFloat = [start, end, step].contains { if case .double = $0 { true } else { false } }
        let type = dtype ?? (isFloat ? .float32 : .int64)
        let s = start.doubleValue, e = end.doubleValue, h = step.doubleValue
        guard h != 0 else { throw TensorError.runtime("step must be nonzero") }
        guard s.isFinite, e.isFinite else { throw TensorError.runtime("unsupported range: \(s) -> \(e)") }
        guard (h > 0 && e >= s) || (h < 0 && e <= s) else {
            throw TensorError.runtime("upper bound and lower bound inconsistent with step sign")
        }
        // PyTorch sizes every arange in double: ceil((end - start) / step).
        let size = ((e - s) / h).rounded(.up)
        guard size < 9e18 else { throw TensorError.runtime("Storage size calculation overflowed with sizes=[\(size)]") }
        let n = Int(size)
        try checkSizes([max(n, 0)], dtype: type)
        let out = NDArray(uninitialized: [max(n, 0)], dtype: type)
        CopyKernels.fillRange(out.baseAddress, type, count: max(n, 0), start: start, step: step)
        return out
    }

    /// Mirrors torch.linspace: the first half counted up from start, the rest down from end,
    /// in the output's own precision, as PyTorch's CPU kernel does.
    package static func linspace(start: Double, end: Double, steps: Int, dtype: DType = .float32) throws -> NDArray {
        guard steps >= 0 else { throw TensorError.runtime("number of steps must be non-negative") }
        try checkSizes([steps], dtype: dtype)
        let out = NDArray(uninitialized: [steps], dtype: dtype)
        let halfway = steps / 2
        switch dtype {
        case .float32:
            let p = out.baseAddress.assumingMemoryBound(to: Float.self)
            let s = Float(start), e = Float(end)
            let step = steps > 1 ? (e - s) / Float(steps - 1) : 0
            // ATen's kernel: start + step*i (end - step*(steps-1-i) past halfway) as one
            // fused multiply-add, as its compiled loop computes it (checked element by
            // element against PyTorch).
            for i in 0..<steps {
                p[i] = i < halfway ? s.addingProduct(step, Float(i))
                                   : e.addingProduct(-step, Float(steps - i - 1))
            }
        case .float64:
            let p = out.baseAddress.assumingMemoryBound(to: Double.self)
            let step = steps > 1 ? (end - start) / Double(steps - 1) : 0
            for i in 0..<steps {
                p[i] = i < halfway ? start.addingProduct(step, Double(i)) : end.addingProduct(-step, Double(steps - i - 1))
            }
        case .float16, .bfloat16:
            // ATen computes a half linspace in float.
            return try linspace(start: start, end: end, steps: steps, dtype: .float32).converted(to: dtype)
        case .int64, .int32, .bool, .int16, .int8, .uint8:
            let f = try linspace(start: start, end: end, steps: steps, dtype: .float64)
            return f.converted(to: dtype)
        }
        return out
    }

    /// Mirrors torch.eye(n, m).
    package static func eye(_ n: Int, _ m: Int? = nil, dtype: DType = .float32) throws -> NDArray {
        let cols = m ?? n
        guard n >= 0 else { throw TensorError.runtime("n must be greater or equal to 0, got \(n)") }
        guard cols >= 0 else { throw TensorError.runtime("m must be greater or equal to 0, got \(cols)") }
        try checkSizes([n, cols], dtype: dtype)
        let out = NDArray(zeros: [n, cols], dtype: dtype)
        for i in 0..<min(n, cols) { out.setScalar(.int(1), at: [i, i]) }
        return out
    }

    /// Mirrors torch.tensor(data, dtype=): infers shape and dtype from nested lists.
    package static func from(_ data: NestedData, dtype: DType? = nil) throws -> NDArray {
        var shape: [Int] = []
        var probe = data
        while true {
            switch probe {
            case .list(let items):
                shape.append(items.count)
                guard let first = items.first else { break }
                probe = first
                continue
            case .array(let a):
                shape += a.shape
            case .scalar:
                break
            }
            break
        }
        var values: [Scalar] = []
        values.reserveCapacity(shape.reduce(1, *))
        var inferred: DType?
        try flatten(data, depth: 0, shape: shape, into: &values, inferred: &inferred)
        let type = dtype ?? inferred ?? .float32
        return NDArray(values: values, shape: shape, dtype: type)
    }

    private static func flatten(_ data: NestedData, depth: Int, shape: [Int], into values: inout [Scalar],
                                inferred: inout DType?) throws {
        switch data {
        case .scalar(let s):
            guard depth == shape.count else {
                // PyTorch's messages: a number where a sequence was expected.
                throw TensorError.type("not a sequence")
            }
            values.append(s)
            let t = TypePromotion.dtype(of: s)
            inferred = inferred.map { TypePromotion.promote($0, t) } ?? t
        case .array(let a):
            guard depth <= shape.count, Array(shape[depth...]) == a.shape else {
                if depth >= shape.count || a.count != 1 {
                    throw TensorError.value("only one element tensors can be converted to Python scalars")
                }
                throw TensorError.value("expected sequence of length \(shape[depth]) at dim \(depth) (got \(a.shape.first ?? 0))")
            }
            values += a.scalars
            inferred = inferred.map { TypePromotion.promote($0, a.dtype) } ?? a.dtype
        case .list(let items):
            guard depth < shape.count else {
                throw TensorError.type("'list' object cannot be interpreted as an integer")
            }
            guard items.count == shape[depth] else {
                throw TensorError.value("expected sequence of length \(shape[depth]) at dim \(depth) (got \(items.count))")
            }
            for item in items { try flatten(item, depth: depth + 1, shape: shape, into: &values, inferred: &inferred) }
        }
    }
}

extension NDArray {
    /// A contiguous array holding `values` in row-major order, converted to `dtype`.
    package init(values: [Scalar], shape: [Int], dtype: DType) {
        precondition(values.count == shape.reduce(1, *), "values do not fill the shape")
        self.init(uninitialized: shape, dtype: dtype)
        let p = baseAddress
        for (i, v) in values.enumerated() {
            switch dtype {
            case .float32: p.assumingMemoryBound(to: Float.self)[i] = v.element(Float.self)
            case .float64: p.assumingMemoryBound(to: Double.self)[i] = v.element(Double.self)
            case .int64: p.assumingMemoryBound(to: Int64.self)[i] = v.element(Int64.self)
            case .int32: p.assumingMemoryBound(to: Int32.self)[i] = v.element(Int32.self)
            case .bool: p.assumingMemoryBound(to: Bool.self)[i] = v.element(Bool.self)
            case .float16: p.assumingMemoryBound(to: Float16.self)[i] = v.element(Float16.self)
            case .bfloat16: p.assumingMemoryBound(to: BFloat16.self)[i] = v.element(BFloat16.self)
            case .int16: p.assumingMemoryBound(to: Int16.self)[i] = v.element(Int16.self)
            case .int8: p.assumingMemoryBound(to: Int8.self)[i] = v.element(Int8.self)
            case .uint8: p.assumingMemoryBound(to: UInt8.self)[i] = v.element(UInt8.self)
            }
        }
    }
}
