/// Random sampling into arrays, consuming the generator exactly as PyTorch does
/// (../shared/spec/rng.md sections 3–8).
extension NDArray {
    /// Whether the elements occupy one block of memory without gaps or overlaps (a
    /// contiguous tensor, or a permutation of one such as a transpose).
    var isDense: Bool {
        let dims = (0..<rank).filter { shape[$0] != 1 }.sorted { strides[$0] > strides[$1] }
        var expected = 1
        for d in dims.reversed() {
            if strides[d] != expected { return false }
            expected *= shape[d]
        }
        return true
    }

    /// Runs `body` on this array's elements as one buffer in memory order (PyTorch fills a
    /// transposed view in memory order), through a row-major copy for other layouts.
    func fillInMemoryOrder<T>(_: T.Type, _ body: (UnsafeMutablePointer<T>, Int) throws -> Void) throws {
        try checkWritable()
        if isDense {
            let lowest = offset + zip(shape, strides).reduce(0) { $0 + ($1.0 > 0 && $1.1 < 0 ? ($1.0 - 1) * $1.1 : 0) }
            try body(storage.bytes.assumingMemoryBound(to: T.self) + lowest, count)
        } else {
            let temp = NDArray(uninitialized: shape, dtype: dtype)
            try body(temp.baseAddress.assumingMemoryBound(to: T.self), count)
            CopyKernels.copy(shape: shape, from: temp.operand, dtype, to: operand, dtype)
        }
        bumpVersion()
    }

    private func requireFloating(_ kernel: String) throws {
        guard dtype.isFloatingPoint else { throw TensorError.notImplemented(Messages.notImplemented(kernel, dtype)) }
        try refuseHalfFloats()
    }

    /// PyTorch's streams for float16 and bfloat16 tensors are not verified (rng.md), so
    /// tsh refuses to draw them rather than give other numbers.
    private func refuseHalfFloats() throws {
        if dtype == .float16 || dtype == .bfloat16 {
            throw TensorError.notImplemented(
                "random numbers in torch.\(dtype.name) are not supported by tsh yet: draw in torch.float32 and convert with .to(torch.\(dtype.name))")
        }
    }

    /// Mirrors Tensor.uniform_(from, to): fma(u, to - from, from) per element.
    package func uniform(from: Double = 0, to: Double = 1, generator g: Generator) throws {
        try requireFloating("check_uniform_bounds")
        guard from <= to else {
            throw TensorError.runtime("uniform_ expects to return a [from, to) range, but found from=\(cNumber(from)) > to=\(cNumber(to))")
        }
        let limit = dtype == .float32 ? Double(Float.greatestFiniteMagnitude) : Double.greatestFiniteMagnitude
        guard to - from <= limit else {
            throw TensorError.runtime(
                "uniform_ expects to-from <= std::numeric_limits<\(dtype.scalarTypeName)>::max(), but found to=\(cNumber(to)) and from=\(cNumber(from)) which result in to-from to exceed the limit")
        }
        switch dtype {
        case .float32:
            let a = Float(from), range = Float(to) - Float(from)
            try fillInMemoryOrder(Float.self) { p, n in for i in 0..<n { p[i] = a.addingProduct(g.uniformFloat(), range) } }
        default:
            let range = to - from
            try fillInMemoryOrder(Double.self) { p, n in for i in 0..<n { p[i] = from.addingProduct(g.uniformDouble(), range) } }
        }
    }

    /// Mirrors Tensor.normal_(mean, std): the 16-wide block algorithm for contiguous
    /// tensors of 16 or more elements, else the cached scalar Box–Muller.
    package func normal(mean: Double = 0, std: Double = 1, generator g: Generator) throws {
        try requireFloating("normal_kernel_cpu")
        guard std >= 0 else { throw TensorError.runtime("normal expects std >= 0.0, but found std \(cNumber(std))") }
        let n = count
        if n >= 16 && isContiguous {
            try checkWritable()
            if dtype == .float32 {
                fillBlocks(baseAddress.assumingMemoryBound(to: Float.self), n, draw: { g.uniformFloat() }) {
                    BoxMuller.transformBlock($0, mean: Float(mean), std: Float(std))
                }
            } else {
                fillBlocks(baseAddress.assumingMemoryBound(to: Double.self), n, draw: { g.uniformDouble() }) {
                    BoxMuller.transformBlock($0, mean: mean, std: std)
                }
            }
            bumpVersion()
            return
        }
        if dtype == .float32 {
            try fillInMemoryOrder(Float.self) { p, n in
                for i in 0..<n { p[i] = Float(mean.addingProduct(BoxMuller.scalarSample(g), std)) }
            }
        } else {
            try fillInMemoryOrder(Double.self) { p, n in
                for i in 0..<n { p[i] = mean.addingProduct(BoxMuller.scalarSample(g), std) }
            }
        }
    }

    /// Fill with uniforms, transform each whole block of 16, and for a ragged end draw
    /// 16 fresh uniforms over the last 16 slots and transform those.
    private func fillBlocks<T>(_ p: UnsafeMutablePointer<T>, _ n: Int, draw: () -> T,
                               transform: (UnsafeMutablePointer<T>) -> Void) {
        for i in 0..<n { p[i] = draw() }
        var b = 0
        while b + 16 <= n {
            transform(p + b)
            b += 16
        }
        if n % 16 != 0 {
            for i in (n - 16)..<n { p[i] = draw() }
            transform(p + n - 16)
        }
    }

    /// Mirrors Tensor.random_(from, to) / random_(to) / random_(from, None) / random_():
    /// one draw per element (two for ranges of 2^28 or more), plain modulo.
    package func random(from: Int64? = nil, to: Int64? = nil, generator g: Generator) throws {
        try refuseHalfFloats()
        let digits: Int? = dtype == .float32 ? 24 : (dtype == .float64 ? 53 : nil)
        if from == nil && to == nil {
            switch dtype {
            case .int16: try fill { Int64(g.random() % (1 << 15)) }
            case .int8: try fill { Int64(g.random() % (1 << 7)) }
            case .uint8: try fill { Int64(g.random() % (1 << 8)) }
            case .float16, .bfloat16: break
            case .int64: try fill { Int64(g.random64() % (1 << 63)) }
            case .int32: try fill { Int64(g.random() % (1 << 31)) }
            case .float64: try fill { Int64(g.random64() % ((1 << 53) + 1)) }
            case .float32: try fill { Int64(g.random() % ((1 << 24) + 1)) }
            case .bool: try fill { Int64(g.random() & 1) }
            }
            return
        }
        var low = from ?? 0
        let range: UInt64
        if let to {
            guard low < to else {
                throw TensorError.runtime("random_ expects 'from' to be less than 'to', but got from=\(low) >= to=\(to)")
            }
            if dtype == .bool {
                guard low >= 0 else { throw TensorError.runtime("from is out of bounds for bool") }
                guard to - 1 <= 1 else { throw TensorError.runtime("to - 1 is out of bounds for bool") }
            }
            var high = to
            if let digits {
                low = NDArray.nudgeFrom(low, digits: digits)
                high = NDArray.nudgeTo(high, digits: digits)
            }
            range = UInt64(bitPattern: high &- low)
        } else if low != .min {
            let inclusiveTop: Int64
            switch dtype {
            case .float32, .float64: inclusiveTop = 1 << Int64(digits!)
            case .bool: inclusiveTop = 1
            case .int64: inclusiveTop = .max
            case .int32: inclusiveTop = Int64(Int32.max)
            case .int16: inclusiveTop = Int64(Int16.max)
            case .int8: inclusiveTop = Int64(Int8.max)
            case .uint8: inclusiveTop = Int64(UInt8.max)
            case .float16, .bfloat16: return
            }
            if let digits { low = NDArray.nudgeFrom(low, digits: digits) }
            range = UInt64(bitPattern: inclusiveTop &- low) &+ 1
        } else {
            try fill { Int64(bitPattern: g.random64()) }
            return
        }
        let base = UInt64(bitPattern: low)
        if range >= 1 << 28 {
            try fill { Int64(bitPattern: (range == 0 ? g.random64() : g.random64() % range) &+ base) }
        } else {
            try fill { Int64(bitPattern: UInt64(g.random()) % range &+ base) }
        }
    }

    /// Writes `next()` cast from int64 into every element, in memory order.
    private func fill(_ next: () -> Int64) throws {
        switch dtype {
        case .float32: try fillInMemoryOrder(Float.self) { p, n in for i in 0..<n { p[i] = Float(next()) } }
        case .float64: try fillInMemoryOrder(Double.self) { p, n in for i in 0..<n { p[i] = Double(next()) } }
        case .int64: try fillInMemoryOrder(Int64.self) { p, n in for i in 0..<n { p[i] = next() } }
        case .int32: try fillInMemoryOrder(Int32.self) { p, n in for i in 0..<n { p[i] = Int32(truncatingIfNeeded: next()) } }
        case .bool: try fillInMemoryOrder(Bool.self) { p, n in for i in 0..<n { p[i] = next() != 0 } }
        case .int16: try fillInMemoryOrder(Int16.self) { p, n in for i in 0..<n { p[i] = Int16(truncatingIfNeeded: next()) } }
        case .int8: try fillInMemoryOrder(Int8.self) { p, n in for i in 0..<n { p[i] = Int8(truncatingIfNeeded: next()) } }
        case .uint8: try fillInMemoryOrder(UInt8.self) { p, n in for i in 0..<n { p[i] = UInt8(truncatingIfNeeded: next()) } }
        case .float16, .bfloat16: try refuseHalfFloats()
        }
    }

    /// The integer nearest `v` with `digits` significant bits (ties to even), as a float cast rounds it.
    private static func roundToDigits(_ v: Int64, digits: Int) -> Int64 {
        let a = v.magnitude
        let bits = 64 - a.leadingZeroBitCount
        guard bits > digits else { return v }
        let shift = UInt64(bits - digits)
        var q = a >> shift
        let r = a & ((1 << shift) - 1), half = UInt64(1) << (shift - 1)
        if r > half || (r == half && q & 1 == 1) { q += 1 }
        let out = q << shift
        return out >= 1 << 63 ? (v < 0 ? .min : .min) : (v < 0 ? -Int64(out) : Int64(out))
    }

    /// Moves `from` up so that its float cast cannot fall below it (DistributionTemplates.h).
    static func nudgeFrom(_ from: Int64, digits: Int) -> Int64 {
        let rounded = roundToDigits(from &+ 1, digits: digits)
        guard rounded < from else { return from }
        let n = 63 - (from &+ 1).magnitude.leadingZeroBitCount
        return rounded &+ (1 << Int64(n - digits + 1))
    }

    /// Moves `to` down so that the cast of `to - 1` stays below `to`.
    static func nudgeTo(_ to: Int64, digits: Int) -> Int64 {
        let rounded = roundToDigits(to &- 1, digits: digits)
        guard rounded >= to else { return to }
        let n = 63 - (to &- 1).magnitude.leadingZeroBitCount
        return rounded &- (1 << Int64(n - digits + 1))
    }

    /// Mirrors Tensor.bernoulli_(p) with a number p: one 53-bit uniform per element.
    package func bernoulli(p: Double, generator g: Generator) throws {
        guard p >= 0 && p <= 1 else {
            throw TensorError.runtime("bernoulli_ expects p to be in [0, 1], but got p=\(cNumber(p))")
        }
        try fill { g.uniformDouble() < p ? 1 : 0 }
    }

    /// Mirrors torch.bernoulli(p_tensor): float32 p draws a 24-bit float, float64 a 53-bit double.
    package static func bernoulli(probabilities p: NDArray, generator g: Generator) throws -> NDArray {
        guard p.dtype.isFloatingPoint else {
            throw TensorError.notImplemented(Messages.notImplemented("bernoulli_tensor_cpu_p_", p.dtype))
        }
        let values = p.scalars.map(\.doubleValue)
        guard values.allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
            throw TensorError.runtime(
                "Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message be improved?  If so, please report an enhancement request to PyTorch.)")
        }
        let bits: [Scalar] = values.map { q in
            let hit = p.dtype == .float32 ? g.uniformFloat() < Float(q) : g.uniformDouble() < q
            return .bool(hit)
        }
        return NDArray(values: bits, shape: p.shape, dtype: p.dtype)
    }

    /// Mirrors F.dropout(x, p, training=True): a bernoulli(1 - p) mask (two words per
    /// element) scaled by 1 / (1 - p); dropped elements are x * 0.
    package func dropout(p: Double, generator g: Generator) throws -> NDArray {
        guard p >= 0 && p <= 1 else {
            throw TensorError.value("dropout probability has to be between 0 and 1, but got \(cNumber(p))")
        }
        if p == 0 || count == 0 { return self }
        if p == 1 { return try NDArray.binary(.mul, .array(self), .scalar(.double(0))) }
        let keep = 1 - p
        let mask = NDArray(uninitialized: shape, dtype: dtype)
        try mask.bernoulli(p: keep, generator: g)
        let scale: Scalar = dtype == .float32 ? .double(Double(1 / Float(keep))) : .double(1 / keep)
        let scaled = try NDArray.binary(.mul, .array(mask), .scalar(scale))
        return try NDArray.binary(.mul, .array(self), .array(scaled))
    }

    /// Mirrors torch.randperm(n): Fisher–Yates with one word per step (inside-out with
    /// 64-bit draws from n = 214748364 on).
    package static func randperm(_ n: Int, dtype: DType = .int64, generator g: Generator) throws -> NDArray {
        guard n >= 0 else { throw TensorError.runtime("Trying to create tensor with negative dimension \(n): [\(n)]") }
        try checkSizes([n], dtype: .int64)
        var r = [Int64](repeating: 0, count: n)
        if n < 214_748_364 {
            for i in 0..<n { r[i] = Int64(i) }
            if n > 1 {
                for i in 0..<(n - 1) {
                    let z = Int(g.random() % UInt32(n - i))
                    r.swapAt(i, i + z)
                }
            }
        } else {
            for i in 0..<n {
                let z = Int(g.random64() % UInt64(i + 1))
                r[i] = r[z]
                r[z] = Int64(i)
            }
        }
        return NDArray(values: r.map { .int($0) }, shape: [n], dtype: dtype)
    }

    /// Mirrors torch.rand.
    package static func rand(_ shape: [Int], dtype: DType = .float32, generator g: Generator) throws -> NDArray {
        let out = try empty(shape, dtype: dtype)
        try out.uniform(generator: g)
        return out
    }

    /// Mirrors torch.randn.
    package static func randn(_ shape: [Int], dtype: DType = .float32, generator g: Generator) throws -> NDArray {
        let out = try empty(shape, dtype: dtype)
        try out.normal(generator: g)
        return out
    }

    /// Mirrors torch.randint(low, high, size).
    package static func randint(low: Int64 = 0, high: Int64, _ shape: [Int], dtype: DType = .int64,
                                generator g: Generator) throws -> NDArray {
        let out = try empty(shape, dtype: dtype)
        try out.random(from: low, to: high, generator: g)
        return out
    }
}

/// A double as C++'s `<<` prints it in PyTorch's messages (%g: `1`, `0.5`, `3e+38`).
func cNumber(_ v: Double) -> String {
    var digits = [CChar](repeating: 0, count: 64)
    return digits.withUnsafeMutableBufferPointer { buffer in
        _ = withVaList([v]) { vsnprintf(buffer.baseAddress!, 64, "%g", $0) }
        return String(cString: buffer.baseAddress!)
    }
}

#if canImport(Glibc)
import Glibc
#endif

extension NDArray {
    /// Mirrors torch.rand_like / randn_like: same shape, this dtype unless one is given.
    package static func rand(like a: NDArray, dtype: DType? = nil, normal: Bool, generator g: Generator) throws -> NDArray {
        normal ? try randn(a.shape, dtype: dtype ?? a.dtype, generator: g) : try rand(a.shape, dtype: dtype ?? a.dtype, generator: g)
    }

    /// Mirrors torch.randint_like(a, low, high).
    package static func randint(like a: NDArray, low: Int64 = 0, high: Int64, dtype: DType? = nil,
                                generator g: Generator) throws -> NDArray {
        try randint(low: low, high: high, a.shape, dtype: dtype ?? a.dtype, generator: g)
    }
}
