import BigInt
import Foundation

/// CPython's Mersenne Twister (Modules/_randommodule.c), seeded as CPython seeds it from an
/// int, so `random.seed(0); random.random()` gives python3's number.
struct MersenneTwister {
    private var mt = [UInt32](repeating: 0, count: 624)
    private var index = 625

    init(seed: BigUInt) {
        var key: [UInt32] = []
        var n = seed
        repeat {
            key.append(UInt32(truncatingIfNeeded: n & 0xFFFF_FFFF))
            n >>= 32
        } while n > 0
        initByArray(key)
    }

    private mutating func initGenrand(_ s: UInt32) {
        mt[0] = s
        for i in 1..<624 {
            mt[i] = 1_812_433_253 &* (mt[i - 1] ^ (mt[i - 1] >> 30)) &+ UInt32(i)
        }
        index = 624
    }

    private mutating func initByArray(_ key: [UInt32]) {
        initGenrand(19_650_218)
        var i = 1, j = 0
        for _ in 0..<max(624, key.count) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) &* 1_664_525)) &+ key[j] &+ UInt32(j)
            i += 1; j += 1
            if i >= 624 { mt[0] = mt[623]; i = 1 }
            if j >= key.count { j = 0 }
        }
        for _ in 0..<623 {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) &* 1_566_083_941)) &- UInt32(i)
            i += 1
            if i >= 624 { mt[0] = mt[623]; i = 1 }
        }
        mt[0] = 0x8000_0000
    }

    mutating func next32() -> UInt32 {
        if index >= 624 {
            for k in 0..<624 {
                let y = (mt[k] & 0x8000_0000) | (mt[(k + 1) % 624] & 0x7FFF_FFFF)
                mt[k] = mt[(k + 397) % 624] ^ (y >> 1) ^ (y & 1 == 0 ? 0 : 0x9908_B0DF)
            }
            index = 0
        }
        var y = mt[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    /// random(): 53 random bits, as CPython builds them from two outputs.
    mutating func random() -> Double {
        let a = Double(next32() >> 5), b = Double(next32() >> 6)
        return (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    mutating func bits(_ k: Int) -> BigUInt {
        if k <= 32 { return BigUInt(next32() >> UInt32(32 - k)) }
        var result = BigUInt(0), shift = 0, left = k
        while left > 0 {
            var r = next32()
            if left < 32 { r >>= UInt32(32 - left) }
            result |= BigUInt(r) << shift
            shift += 32
            left -= 32
        }
        return result
    }

    /// random.py's _randbelow: k random bits, rejected until below n.
    mutating func below(_ n: BigUInt) -> BigUInt {
        guard n > 0 else { return 0 }
        let k = n.bitWidth
        var r = bits(k)
        while r >= n { r = bits(k) }
        return r
    }
}

/// Python's `random` module on that generator, each function as random.py computes it.
final class RandomModuleState {
    var twister = MersenneTwister(seed: BigUInt(UInt64(Date().timeIntervalSince1970 * 1e6)))
    var gaussNext: Double?
}

extension Interpreter {
    func makeRandomModule() -> ModuleObject {
        let m = ModuleObject(name: "random")
        let state = RandomModuleState()
        func function(_ name: String, _ body: @escaping (Arguments) throws -> Value) {
            m.attributes[name] = .builtin(Builtin(name, qualifiedName: "random.\(name)") { a, _ in try body(a) })
        }
        func integer(_ v: Value) throws -> BigInt {
            switch v {
            case .int(let i): return BigInt(i)
            case .bigInt(let b): return b
            case .bool(let b): return b ? 1 : 0
            default: throw PyError.type("'\(typeName(v))' object cannot be interpreted as an integer")
            }
        }
        func below(_ n: BigInt) -> BigInt { BigInt(state.twister.below(n.magnitude)) }
        func randrange(_ start: Value, _ stop: Value?, _ step: Value?) throws -> Value {
            let istart = try integer(start)
            guard let stop, !stop.isPyNone else {
                guard istart > 0 else { throw PyError.value("empty range for randrange()") }
                return .integer(below(istart))
            }
            let istop = try integer(stop), width = istop - istart
            let istep = try step.map(integer) ?? 1
            if istep == 1 {
                guard width > 0 else { throw PyError.value("empty range for randrange() (\(istart), \(istop), \(width))") }
                return .integer(istart + below(width))
            }
            let n: BigInt
            if istep > 0 { n = (width + istep - 1) / istep } else if istep < 0 { n = (width + istep + 1) / istep } else {
                throw PyError.value("zero step for randrange()")
            }
            guard n > 0 else { throw PyError.value("empty range for randrange()") }
            return .integer(istart + istep * below(n))
        }
        func items(_ v: Value) throws -> Population {
            if case .object(let o) = v, o is SetObject { throw PyError.type("Population must be a sequence.  For dicts or sets, use sorted(d).") }
            // A range is indexed where it stands, as CPython does: sample(range(10**18), 3) is instant.
            if case .object(let r as RangeObject) = v, let count = try r.length(self) {
                return Population(count: count) { .int(r.start &+ $0 &* r.step) }
            }
            let values = try self.materialize(v)
            return Population(count: values.count) { values[$0] }
        }
        function("seed") { a in
            let v = a.positional.first ?? a.keyword("a") ?? .none
            switch v {
            case .none: state.twister = MersenneTwister(seed: BigUInt(UInt64(Date().timeIntervalSince1970 * 1e6)))
            case .int, .bigInt, .bool: state.twister = MersenneTwister(seed: try integer(v).magnitude)
            case .float(let d):
                // CPython seeds with hash(float) for a float.
                state.twister = MersenneTwister(seed: BigInt(Int(bitPattern: SetObject.floatHash(d))).magnitude)
            default: throw PyError("NotImplementedError", "random.seed of a \(self.typeName(v)) is not supported by tsh yet (use an int)")
            }
            state.gaussNext = nil
            return .none
        }
        function("random") { _ in .float(state.twister.random()) }
        function("getrandbits") { a in
            guard let k = try a.positional.first.flatMap({ try self.asIndex($0) }), k >= 0 else { throw PyError.value("number of bits must be non-negative") }
            if k / 8 > Interpreter.memoryLimit / 4 { throw PyError("MemoryError", "") }
            return .integer(BigInt(state.twister.bits(k)))
        }
        function("randrange") { a in
            guard let start = a.positional.first else { throw PyError.type("randrange() missing 1 required positional argument: 'start'") }
            return try randrange(start, a.positional.count > 1 ? a.positional[1] : nil, a.positional.count > 2 ? a.positional[2] : a.keyword("step"))
        }
        function("randint") { a in
            guard a.positional.count == 2 else { throw PyError.type("randint() takes 2 positional arguments but \(a.positional.count) were given") }
            return try randrange(a.positional[0], .integer(try integer(a.positional[1]) + 1), nil)
        }
        function("choice") { a in
            let seq = try items(a.positional.first ?? .none)
            guard seq.count > 0 else { throw PyError.index("Cannot choose from an empty sequence") }
            return seq[Int(below(BigInt(seq.count)))]
        }
        function("shuffle") { a in
            guard case .list(let l)? = a.positional.first else { throw PyError.type("shuffle() needs a list") }
            for i in stride(from: l.items.count - 1, through: 1, by: -1) {
                let j = Int(below(BigInt(i + 1)))
                l.items.swapAt(i, j)
            }
            return .none
        }
        function("sample") { a in
            let population = try items(a.positional.first ?? .none)
            guard let kv = a.positional.count > 1 ? a.positional[1] : a.keyword("k"), let k = try self.asIndex(kv) else {
                throw PyError.type("sample() missing 1 required positional argument: 'k'")
            }
            let n = population.count
            guard k >= 0 && k <= n else { throw PyError.value("Sample larger than population or is negative") }
            if k > Interpreter.memoryLimit / MemoryLayout<Value>.stride { throw PyError("MemoryError", "") }
            var result: [Value] = []
            var setsize = 21
            if k > 5 { setsize += Int(pow(4.0, ceil(log(Double(k * 3)) / log(4.0)))) }
            if n <= setsize {
                var pool = (0..<n).map { population[$0] }
                for i in 0..<k {
                    let j = Int(below(BigInt(n - i)))
                    result.append(pool[j])
                    pool[j] = pool[n - i - 1]
                }
            } else {
                var selected = Set<Int>()
                for i in 0..<k {
                    if i & 0xFFFF == 0xFFFF, Interpreter.interrupted.consume() { throw PyError.keyboardInterrupt }
                    var j = Int(below(BigInt(n)))
                    while selected.contains(j) { j = Int(below(BigInt(n))) }
                    selected.insert(j)
                    result.append(population[j])
                }
            }
            return .list(PyList(result))
        }
        function("choices") { a in
            let population = try items(a.positional.first ?? .none)
            // Python builds the list whatever k is: a negative k gives [], a huge one runs out of memory.
            let k = max(0, try a.keyword("k").flatMap { try self.asIndex($0) } ?? 1)
            if k > Interpreter.memoryLimit / MemoryLayout<Value>.stride { throw PyError("MemoryError", "") }
            var cumulative: [Double]?
            if let w = a.positional.count > 1 ? a.positional[1] : a.keyword("weights"), !w.isPyNone {
                var total = 0.0
                cumulative = try self.materialize(w).map { total += try self.float($0); return total }
            }
            if let c = a.keyword("cum_weights"), !c.isPyNone {
                if cumulative != nil { throw PyError.type("Cannot specify both weights and cumulative weights") }
                cumulative = try self.materialize(c).map(self.float)
            }
            // Ctrl-C is looked at every 65,536 picks: a huge k is a long loop inside one call.
            func picks(_ pick: () -> Value) throws -> Value {
                var result: [Value] = []
                result.reserveCapacity(min(k, 1 << 20))
                for i in 0..<k {
                    if i & 0xFFFF == 0xFFFF, Interpreter.interrupted.consume() { throw PyError.keyboardInterrupt }
                    result.append(pick())
                }
                return .list(PyList(result))
            }
            guard let cumulative else {
                if k > 0 && population.count == 0 { throw PyError.index("list index out of range") }
                let n = Double(population.count)
                return try picks { population[Int((state.twister.random() * n).rounded(.down))] }
            }
            guard cumulative.count == population.count else { throw PyError.value("The number of weights does not match the population") }
            guard let total = cumulative.last else { throw PyError.index("list index out of range") }
            if total <= 0 { throw PyError.value("Total of weights must be greater than zero") }
            if !total.isFinite { throw PyError.value("Total of weights must be finite") }
            return try picks {
                let x = state.twister.random() * total
                // bisect_right over cum_weights[0:hi], hi = n - 1
                var lo = 0, hi = population.count - 1
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if x < cumulative[mid] { hi = mid } else { lo = mid + 1 }
                }
                return population[lo]
            }
        }
        function("uniform") { a in
            guard a.positional.count == 2 else { throw PyError.type("uniform() takes 2 positional arguments") }
            let lo = try self.float(a.positional[0]), hi = try self.float(a.positional[1])
            return .float(lo + (hi - lo) * state.twister.random())
        }
        function("gauss") { a in
            let mu = try a.positional.first.map(self.float) ?? 0, sigma = try (a.positional.count > 1 ? a.positional[1] : nil).map(self.float) ?? 1
            var z = state.gaussNext
            state.gaussNext = nil
            if z == nil {
                let x2pi = state.twister.random() * 2 * Double.pi
                let g2rad = (-2.0 * Foundation.log(1.0 - state.twister.random())).squareRoot()
                z = Foundation.cos(x2pi) * g2rad
                state.gaussNext = Foundation.sin(x2pi) * g2rad
            }
            return .float(mu + z! * sigma)
        }
        function("normalvariate") { a in
            let mu = try a.positional.first.map(self.float) ?? 0, sigma = try (a.positional.count > 1 ? a.positional[1] : nil).map(self.float) ?? 1
            let magic = 4 * Foundation.exp(-0.5) / 2.0.squareRoot()
            var z = 0.0
            while true {
                let u1 = state.twister.random(), u2 = 1.0 - state.twister.random()
                z = magic * (u1 - 0.5) / u2
                if z * z / 4.0 <= -Foundation.log(u2) { break }
            }
            return .float(mu + z * sigma)
        }
        function("expovariate") { a in
            let lambd = try a.positional.first.map(self.float) ?? 1
            return .float(-Foundation.log(1.0 - state.twister.random()) / lambd)
        }
        function("triangular") { a in
            var low = try a.positional.first.map(self.float) ?? 0, high = try (a.positional.count > 1 ? a.positional[1] : nil).map(self.float) ?? 1
            let mode = a.positional.count > 2 ? a.positional[2] : a.keyword("mode")
            var u = state.twister.random()
            guard high != low else { return .float(low) }
            var c = try mode.flatMap { $0.isPyNone ? nil : $0 }.map { (try self.float($0) - low) / (high - low) } ?? 0.5
            if u > c { u = 1 - u; c = 1 - c; swap(&low, &high) }
            return .float(low + (high - low) * (u * c).squareRoot())
        }
        return m
    }
}

/// What `choice`, `choices` and `sample` draw from: a length and the item at an index.
struct Population {
    let count: Int
    let item: (Int) -> Value
    subscript(i: Int) -> Value { item(i) }
}
