import Autograd
import Foundation
import Interpreter

/// numpy's legacy random stream (`np.random.seed`, `randn`, `rand`, ... and `RandomState`),
/// draw for draw: the Mersenne Twister seeded by init_genrand, doubles from two words
/// (53 bits), normals by the polar method with the second value kept for the next call,
/// bounded integers by masked rejection (numpy/random/src/legacy, mt19937).
final class LegacyRandomState: PyObject {
    private var twister: MT19937
    private var gauss: Double?

    init(seed: UInt32) { twister = MT19937(seed: UInt64(seed)) }

    var typeName: String { "RandomState" }
    func repr(_ interp: Interpreter) throws -> String { "RandomState(MT19937)" }

    func reseed(_ seed: UInt32) {
        twister = MT19937(seed: UInt64(seed))
        gauss = nil
    }

    func nextDouble() -> Double {
        let a = Double(twister.nextWord() >> 5), b = Double(twister.nextWord() >> 6)
        return (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }

    func nextGauss() -> Double {
        if let kept = gauss {
            gauss = nil
            return kept
        }
        var x1 = 0.0, x2 = 0.0, r2 = 0.0
        repeat {
            x1 = 2 * nextDouble() - 1
            x2 = 2 * nextDouble() - 1
            r2 = x1 * x1 + x2 * x2
        } while r2 >= 1 || r2 == 0
        let f = (-2 * Foundation.log(r2) / r2).squareRoot()
        gauss = f * x1
        return f * x2
    }

    /// A uniform integer in [0, max] by masked rejection on 32-bit words (64-bit beyond).
    func interval(_ max: UInt64) -> UInt64 {
        if max == 0 { return 0 }
        var mask = max
        for shift in [1, 2, 4, 8, 16, 32] as [UInt64] { mask |= mask >> shift }
        if max <= 0xFFFF_FFFF {
            while true {
                let v = UInt64(twister.nextWord()) & mask
                if v <= max { return v }
            }
        }
        while true {
            let v = ((UInt64(twister.nextWord()) << 32) | UInt64(twister.nextWord())) & mask
            if v <= max { return v }
        }
    }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        guard let method = NumpyRandom.methods[name] else { return nil }
        return .builtin(Builtin(name, qualifiedName: "RandomState.\(name)", parameters: method.signature.parameterNames) { args, interp in
            try method.signature.call(args, methodCall: true, interp) { try method.body(self, $0, interp) }
        })
    }

    func attributeNames() -> [String] { NumpyRandom.methods.keys.sorted() }
}

enum NumpyRandom {
    struct Method {
        let signature: Signature
        let body: (LegacyRandomState, BoundArguments, Interpreter) throws -> Value
    }

    /// `np.random`: the methods of one global RandomState, and the class itself.
    static func module() -> ModuleObject {
        let random = ModuleObject(name: "numpy.random")
        let global = LegacyRandomState(seed: UInt32.random(in: 0...UInt32.max))
        for (name, method) in methods {
            HelpRegistry.add("numpy.random.\(name)", name: name, spec: method.signature.spec, summary: "numpy.random.\(name) on numpy's legacy stream.", example: "np.random.\(name)(...)")
            random.attributes[name] = .builtin(Builtin(name, qualifiedName: "numpy.random.\(name)", parameters: method.signature.parameterNames) { args, interp in
                try method.signature.call(args, interp) { try method.body(global, $0, interp) }
            })
        }
        random.attributes["RandomState"] = .object(TypeObject("RandomState") { args, interp in
            let state = LegacyRandomState(seed: 0)
            try seed(state, args.positional.first ?? args.keyword("seed") ?? .none, interp)
            return .object(state)
        })
        random.attributes["default_rng"] = .builtin(Builtin("default_rng", qualifiedName: "numpy.random.default_rng") { _, _ in
            throw PyError("NotImplementedError", "numpy.random.default_rng (the PCG64 Generator) is not supported by tsh yet; np.random.seed(...) with np.random.randn(...) and the other legacy functions give numpy's exact numbers")
        })
        return random
    }

    static func seed(_ state: LegacyRandomState, _ v: Value, _ interp: Interpreter) throws {
        if case .none = v {
            state.reseed(UInt32.random(in: 0...UInt32.max))
            return
        }
        guard let n = try interp.asIndex(v) else {
            if case .bigInt = v { throw PyError.value("Seed must be between 0 and 2**32 - 1") }
            throw PyError.type("Cannot cast scalar from dtype('\(interp.typeName(v))') to dtype('int64') according to the rule 'safe'")
        }
        guard n >= 0 && n <= Int(UInt32.max) else { throw PyError.value("Seed must be between 0 and 2**32 - 1") }
        state.reseed(UInt32(n))
    }

    /// `size=`: nil for None (a Python number comes back), else a shape.
    static func size(_ v: Value?, _ interp: Interpreter) throws -> [Int]? {
        guard let v else { return nil }
        if case .none = v { return nil }
        return try NumpyConvert.shape(v, interp)
    }

    /// Draws `shape` doubles (a Python float for no shape).
    static func draw(_ shape: [Int]?, _ next: () throws -> Double) throws -> Value {
        guard let shape else { return .float(try next()) }
        let out = NDArray(uninitialized: shape, dtype: .float64)
        let p = out.baseAddress.assumingMemoryBound(to: Double.self)
        for k in 0..<out.count { p[k] = try next() }
        return NumpyArrayObject.wrap(out)
    }

    /// `rand(d0, d1, ...)`: dimensions as separate ints.
    static func dimensions(_ values: [Value], _ interp: Interpreter) throws -> [Int]? {
        values.isEmpty ? nil : try NumpyConvert.shape(.tuple(values), interp)
    }

    static func number(_ b: BoundArguments, _ name: String, _ fallback: Double, _ interp: Interpreter) throws -> Double {
        guard let v = b[name] else { return fallback }
        if case .object(let o as NumpyValue) = v, o.array.count != 1 {
            throw PyError("NotImplementedError", "array-valued \(name)= is not supported by tsh yet")
        }
        return try interp.float(v)
    }

    static let methods: [String: Method] = {
        var m: [String: Method] = [:]
        func add(_ name: String, _ spec: String, _ body: @escaping (LegacyRandomState, BoundArguments, Interpreter) throws -> Value) {
            m[name] = Method(signature: Signature(name, spec), body: body)
        }
        add("seed", "seed=None") { s, b, i in
            try seed(s, b.required("seed"), i)
            return .none
        }
        add("rand", "*args") { s, b, i in try draw(try dimensions(b.variadic, i)) { s.nextDouble() } }
        add("randn", "*args") { s, b, i in try draw(try dimensions(b.variadic, i)) { s.nextGauss() } }
        for name in ["random", "random_sample", "sample", "ranf"] {
            add(name, "size=None") { s, b, i in try draw(try size(b["size"], i)) { s.nextDouble() } }
        }
        add("standard_normal", "size=None") { s, b, i in try draw(try size(b["size"], i)) { s.nextGauss() } }
        add("uniform", "low=0.0, high=1.0, size=None") { s, b, i in
            let low = try number(b, "low", 0, i), high = try number(b, "high", 1, i)
            let range = high - low
            guard range.isFinite else { throw PyError("OverflowError", "Range exceeds valid bounds") }
            return try draw(try size(b["size"], i)) { low + range * s.nextDouble() }
        }
        add("normal", "loc=0.0, scale=1.0, size=None") { s, b, i in
            let loc = try number(b, "loc", 0, i), scale = try number(b, "scale", 1, i)
            guard scale >= 0 else { throw PyError.value("scale < 0") }
            return try draw(try size(b["size"], i)) { loc + scale * s.nextGauss() }
        }
        add("randint", "low, high=None, size=None, dtype=int") { s, b, i in
            var low = try b.requiredInt("low", i)
            var high: Int
            if let h = b["high"] {
                guard let value = try i.asIndex(h) else { throw PyError.type("high must be an integer") }
                high = value
            } else {
                high = low
                low = 0
            }
            guard low < high else { throw PyError.value("low >= high") }
            let type = try NumpyTypes.dtype(b["dtype"], i) ?? .int64
            let range = UInt64(bitPattern: Int64(high &- 1 &- low))
            guard let shape = try size(b["size"], i) else { return .int(low &+ Int(truncatingIfNeeded: s.interval(range))) }
            let out = NDArray(uninitialized: shape, dtype: .int64)
            let p = out.baseAddress.assumingMemoryBound(to: Int64.self)
            for k in 0..<out.count { p[k] = Int64(low) &+ Int64(bitPattern: s.interval(range)) }
            return NumpyArrayObject.wrap(out.to(type))
        }
        add("shuffle", "x") { s, b, i in
            guard case .object(let o as NumpyArrayObject) = b.required("x") else {
                guard case .list(let list) = b.required("x") else { throw PyError.type("shuffle needs an array or a list") }
                for k in stride(from: list.items.count - 1, to: 0, by: -1) {
                    list.items.swapAt(k, Int(s.interval(UInt64(k))))
                }
                return .none
            }
            try shuffle(o.array, s)
            return .none
        }
        add("permutation", "x") { s, b, i in
            let x = b.required("x")
            let a: NDArray
            if let n = try i.asIndex(x) {
                a = try NumpyModule.arange([.int(n)], step: nil, dtype: nil, i)
            } else {
                a = try NumpyConvert.array(x, dtype: nil, i)
            }
            try shuffle(a, s)
            return NumpyArrayObject.wrap(a)
        }
        add("choice", "a, size=None, replace=True, p=None") { s, b, i in
            let source: NDArray
            let shape = try size(b["size"], i)
            let count = shape?.reduce(1, *) ?? 1
            let replace = try b["replace"].map { try i.truth($0) } ?? true
            if let n = try i.asIndex(b.required("a")) {
                guard n > 0 else { throw PyError.value("a must be greater than 0 unless no samples are taken") }
                if replace {
                    // numpy draws from range(n) without making it (randint(0, n)).
                    let out = NDArray(uninitialized: shape ?? [], dtype: .int64)
                    let p = out.baseAddress.assumingMemoryBound(to: Int64.self)
                    for k in 0..<count { p[k] = Int64(bitPattern: s.interval(UInt64(n - 1))) }
                    return shape == nil ? .int(Int(p[0])) : NumpyArrayObject.wrap(out)
                }
                source = try NumpyModule.arange([.int(n)], step: nil, dtype: nil, i)
            } else {
                source = try NumpyModule.array(b.required("a"), i)
                guard source.rank == 1 else { throw PyError.value("a must be 1-dimensional") }
                guard source.count > 0 else { throw PyError.value("a cannot be empty unless no samples are taken") }
            }
            var picks: [Int]
            if replace {
                picks = (0..<count).map { _ in Int(s.interval(UInt64(source.count - 1))) }
            } else {
                guard count <= source.count else { throw PyError.value("Cannot take a larger sample than population when 'replace=False'") }
                let order = try NumpyModule.arange([.int(source.count)], step: nil, dtype: nil, i)
                try shuffle(order, s)
                picks = order.scalars.prefix(count).map { Int($0.int64Value) }
            }
            let chosen = try source.index([.array(NDArray(values: picks.map { .int(Int64($0)) }, shape: [picks.count], dtype: .int64))])
            guard let shape else { return NumpyConvert.python(chosen.scalar(at: [0]), chosen.dtype) }
            return NumpyArrayObject.wrap(try chosen.reshape(shape))
        }
        return m
    }()

    /// numpy's legacy shuffle: Fisher-Yates from the end over the first axis.
    static func shuffle(_ a: NDArray, _ s: LegacyRandomState) throws {
        guard a.rank > 0, a.shape[0] > 1 else { return }
        for k in stride(from: a.shape[0] - 1, to: 0, by: -1) {
            let j = Int(s.interval(UInt64(k)))
            guard j != k else { continue }
            let row = try a.select(dim: 0, index: k).contiguousCopy()
            try a.select(dim: 0, index: k).copyFrom(try a.select(dim: 0, index: j))
            try a.select(dim: 0, index: j).copyFrom(row)
        }
    }
}
