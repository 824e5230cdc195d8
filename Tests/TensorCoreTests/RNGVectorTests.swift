import Foundation
import TensorCore
import TestSupport
import Testing
import TorchNN

/// Every case of ../shared/spec/vectors/rng.json (recorded from PyTorch 2.15): the exact
/// bits of every value, and the next raw words of the generators after the call, which pin
/// how much state each call consumed.
struct RNGVectorTests {
    /// A recorded output, normalised: floats by their bit pattern.
    indirect enum Value: Equatable, Decodable, CustomStringConvertible {
        case int(Int64), bool(Bool), float(UInt64), text(String)
        case tensor(dtype: String, shape: [Int], values: [Value])
        case list([Value])

        private struct FloatFields: Decodable { let hex: String }
        private struct TensorFields: Decodable { let dtype: String; let shape: [Int]; let values: [Value] }

        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let b = try? c.decode(Bool.self) { self = .bool(b) }
            else if let i = try? c.decode(Int64.self) { self = .int(i) }
            else if let s = try? c.decode(String.self) { self = .text(s) }
            else if let l = try? c.decode([Value].self) { self = .list(l) }
            else if let f = try? c.decode(FloatFields.self) { self = .float(Double(f.hex)!.bitPattern) }
            else {
                let t = try c.decode(TensorFields.self)
                self = .tensor(dtype: t.dtype, shape: t.shape, values: t.values)
            }
        }

        var description: String {
            switch self {
            case .int(let i): "\(i)"
            case .bool(let b): "\(b)"
            case .float(let bits): "\(Double(bitPattern: bits))"
            case .text(let s): s
            case .tensor(let d, let s, let v): "tensor(\(d), \(s), \(v))"
            case .list(let l): "\(l)"
            }
        }
    }

    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let id: String
        let torch: String
        let next_words: [UInt32]
        let next_words_gen: [UInt32]?
        var testDescription: String { id }
    }

    struct File: Decodable { let cases: [Case] }
    struct Outputs: Decodable { let cases: [OutputCase] }
    struct OutputCase: Decodable { let id: String; let output: Value }

    static let data: Data = {
        let url = Bundle.module.url(forResource: "rng", withExtension: "json", subdirectory: "Vectors")!
        return try! Data(contentsOf: url)
    }()
    static let cases: [Case] = try! JSONDecoder().decode(File.self, from: data).cases
    static let outputs: [String: Value] = Dictionary(uniqueKeysWithValues:
        try! JSONDecoder().decode(Outputs.self, from: data).cases.map { ($0.id, $0.output) })

    /// The generators a case runs with: torch's global one and an explicit `gen`.
    final class Session {
        let global = Generator()
        var gen: Generator?
    }

    static func tensor(_ a: NDArray) -> Value {
        .tensor(dtype: a.dtype.name, shape: a.shape, values: a.scalars.map { s in
            switch (a.dtype, s) {
            case (.bool, _): .bool(s.boolValue)
            case (.int64, _), (.int32, _): .int(s.int64Value)
            default: .float(s.doubleValue.bitPattern)
            }
        })
    }

    static func ints(_ xs: [Int]) -> Value { .list(xs.map { .int(Int64($0)) }) }
    static func words(_ g: Generator, _ n: Int) -> Value { .list((0..<n).map { _ in .int(Int64(g.random())) }) }

    /// DataLoader(dataset of n, batch_size, shuffle, drop_last, generator) iterated for
    /// `epochs` full epochs: the per-iter() seed draw, then the sampler, batched.
    static func loaderEpochs(_ s: Session, n: Int, batchSize: Int, shuffle: Bool, dropLast: Bool = false,
                             epochs: Int, firstBatchOnly: Bool = false) throws -> [[[Int]]] {
        try (0..<epochs).map { _ in
            let sampler = shuffle ? try RandomSamplerIterator(count: n, generator: s.gen, global: s.global) : nil
            var sequential = 0
            _ = Sampling.int64Seed(s.gen ?? s.global)
            func nextIndex() throws -> Int? {
                if let sampler { return try sampler.next() }
                defer { sequential += 1 }
                return sequential < n ? sequential : nil
            }
            var batches: [[Int]] = [], batch: [Int] = []
            while let i = try nextIndex() {
                batch.append(i)
                if batch.count == batchSize {
                    batches.append(batch)
                    batch = []
                    if firstBatchOnly { return batches }
                }
            }
            if !batch.isEmpty && !dropLast { batches.append(batch) }
            return batches
        }
    }

    static func linear(_ s: Session, _ inFeatures: Int, _ outFeatures: Int, bias: Bool = true,
                       dtype: DType = .float32) throws -> [Value] {
        let w = try NDArray.empty([outFeatures, inFeatures], dtype: dtype)
        let b = bias ? try NDArray.empty([outFeatures], dtype: dtype) : nil
        try Init.resetLinearOrConv(weight: w, bias: b, generator: s.global)
        return [tensor(w)] + (b.map { [tensor($0)] } ?? [])
    }

    /// What each case's torch snippet does, in tsh's engine.
    static let runs: [String: (Session) throws -> Value] = {
        var r: [String: (Session) throws -> Value] = [:]
        for seed in ["0", "1", "42", "1234", "4294967303", "9223372036854775813", "-1"] {
            r["engine_words_seed\(seed)"] = { s in
                if seed.hasPrefix("-") { s.global.manualSeed(Int64(seed)!) } else { s.global.manualSeed(UInt64(seed)!) }
                return words(s.global, 8)
            }
        }
        r["engine_words_across_twist"] = { s in
            s.global.manualSeed(Int64(0)); _ = words(s.global, 620); return words(s.global, 12)
        }
        r["generator_fresh_default_seed"] = { s in
            let g = Generator(); s.gen = g
            return .list([.int(Int64(g.initialSeed)), tensor(try NDArray.rand([3], generator: g))])
        }
        let rands: [(String, Int64, [Int], DType)] = [("rand_f32_seed0_5", 0, [5], .float32), ("rand_f32_seed42_2x3", 42, [2, 3], .float32),
            ("rand_f32_seed7_17", 7, [17], .float32), ("rand_f64_seed0_5", 0, [5], .float64), ("rand_f64_seed42_3", 42, [3], .float64)]
        for (id, seed, shape, dtype) in rands {
            r[id] = { s in s.global.manualSeed(seed); return tensor(try NDArray.rand(shape, dtype: dtype, generator: s.global)) }
        }
        let uniforms: [(Int64, Double, Double)] = [(1, -0.3, 0.7), (2, -0.3333333333333333, 0.3333333333333333), (3, 2.5, 10.1)]
        for (k, (seed, lo, hi)) in uniforms.enumerated() {
            for dtype in [DType.float32, .float64] {
                r["uniform_\(dtype.name)_\(k)"] = { s in
                    s.global.manualSeed(seed)
                    let t = try NDArray.empty([8], dtype: dtype)
                    try t.uniform(from: lo, to: hi, generator: s.global)
                    return tensor(t)
                }
            }
        }
        let randns: [(String, Int64, [Int], DType)] = [
            ("randn_f32_seed0_1", 0, [1], .float32), ("randn_f32_seed0_2", 0, [2], .float32), ("randn_f32_seed0_3", 0, [3], .float32),
            ("randn_f32_seed0_15", 0, [15], .float32), ("randn_f32_seed0_16", 0, [16], .float32), ("randn_f32_seed0_17", 0, [17], .float32),
            ("randn_f32_seed0_20", 0, [20], .float32), ("randn_f32_seed0_33", 0, [33], .float32), ("randn_f32_seed0_64", 0, [64], .float32),
            ("randn_f32_seed42_4x4", 42, [4, 4], .float32), ("randn_f32_seed1234_100", 1234, [100], .float32),
            ("randn_f64_seed0_3", 0, [3], .float64), ("randn_f64_seed0_16", 0, [16], .float64), ("randn_f64_seed0_17", 0, [17], .float64),
            ("randn_f64_seed0_20", 0, [20], .float64)]
        for (id, seed, shape, dtype) in randns {
            r[id] = { s in s.global.manualSeed(seed); return tensor(try NDArray.randn(shape, dtype: dtype, generator: s.global)) }
        }
        for n in [5, 20] {
            for dtype in [DType.float32, .float64] {
                r["normal_\(dtype.name)_mean0.5_std2_\(n)"] = { s in
                    s.global.manualSeed(Int64(3))
                    let t = try NDArray.empty([n], dtype: dtype)
                    try t.normal(mean: 0.5, std: 2, generator: s.global)
                    return tensor(t)
                }
            }
        }
        r["randn_cache_sequence"] = { s in
            s.global.manualSeed(Int64(0))
            let g = s.global
            return .list([tensor(try .randn([3], generator: g)), tensor(try .randn([1], generator: g)), tensor(try .randn([16], generator: g)),
                          tensor(try .randn([1], generator: g)), tensor(try .randn([2], dtype: .float64, generator: g))])
        }
        r["normal_tensor_mean"] = { s in
            s.global.manualSeed(Int64(3))
            let mean = try NDArray.binary(.sub, .array(try NDArray.binary(.div, .array(try .arange(end: .double(20))), .scalar(.int(8)))), .scalar(.int(1)))
            let z = try NDArray.empty(mean.shape)
            try z.normal(mean: 0, std: 2, generator: s.global)
            return tensor(try NDArray.binary(.add, .array(z), .array(mean)))
        }
        let randints: [(String, Int64, Int64, [Int], DType)] = [
            ("randint_0,10,(8,)", 0, 10, [8], .int64), ("randint_-5,5,(6,)", -5, 5, [6], .int64),
            ("randint_0,2^28-1,(4,)", 0, (1 << 28) - 1, [4], .int64), ("randint_0,2^28,(4,)", 0, 1 << 28, [4], .int64),
            ("randint_0,2^40,(3,)", 0, 1 << 40, [3], .int64), ("randint_10,(2,3)", 0, 10, [2, 3], .int64),
            ("randint_float32", 3, 10, [5], .float32)]
        for (id, lo, hi, shape, dtype) in randints {
            r[id] = { s in s.global.manualSeed(Int64(0)); return tensor(try NDArray.randint(low: lo, high: hi, shape, dtype: dtype, generator: s.global)) }
        }
        for dtype in [DType.int64, .int32, .float32, .float64, .bool] {
            r["random__noarg_\(dtype.name)"] = { s in
                s.global.manualSeed(Int64(5))
                let t = try NDArray.empty([4], dtype: dtype)
                try t.random(generator: s.global)
                return tensor(t)
            }
        }
        r["random__to"] = { s in
            s.global.manualSeed(Int64(5)); let t = try NDArray.empty([4], dtype: .int64); try t.random(from: 0, to: 100, generator: s.global); return tensor(t)
        }
        r["random__from_none"] = { s in
            s.global.manualSeed(Int64(5)); let t = try NDArray.empty([4], dtype: .int64); try t.random(from: 3, to: nil, generator: s.global); return tensor(t)
        }
        for n in [0, 1, 2, 5, 10, 100] {
            r["randperm_seed0_\(n)"] = { s in s.global.manualSeed(Int64(0)); return tensor(try NDArray.randperm(n, generator: s.global)) }
        }
        r["randperm_generator"] = { s in
            let g = Generator(); g.manualSeed(Int64(42)); s.gen = g
            return .list([tensor(try .randperm(10, generator: g)), tensor(try .randperm(10, generator: g))])
        }
        r["generator_kw_mix"] = { s in
            s.global.manualSeed(Int64(9)); let g = Generator(); g.manualSeed(Int64(5)); s.gen = g
            return .list([tensor(try .randn([3], generator: g)), tensor(try .rand([2], generator: s.global)), tensor(try .randn([17], generator: g)),
                          tensor(try .randn([1], generator: g)), tensor(try .randint(low: 0, high: 6, [4], generator: g))])
        }
        r["bernoulli_scalar_p"] = { s in
            s.global.manualSeed(Int64(0))
            let a = try NDArray.empty([16]), b = try NDArray.empty([10])
            try a.bernoulli(p: 0.5, generator: s.global)
            try b.bernoulli(p: 0.3, generator: s.global)
            return .list([tensor(a), tensor(b)])
        }
        r["bernoulli_tensor_p"] = { s in
            s.global.manualSeed(Int64(0))
            return .list([tensor(try .bernoulli(probabilities: try .full([10], .double(0.3)), generator: s.global)),
                          tensor(try .bernoulli(probabilities: try .full([10], .double(0.3), dtype: .float64), generator: s.global))])
        }
        func arangeOver(_ divisor: Double, minus: Double, n: Int, offset: Double = 0) throws -> NDArray {
            let x = try NDArray.arange(start: .double(offset), end: .double(offset + Double(n)))
            return try NDArray.binary(.sub, .array(try NDArray.binary(.div, .array(x), .scalar(.double(divisor)))), .scalar(.double(minus)))
        }
        r["dropout_F_p0.5"] = { s in
            s.global.manualSeed(Int64(0)); return tensor(try arangeOver(4, minus: 0, n: 16, offset: -8).dropout(p: 0.5, generator: s.global))
        }
        r["dropout_F_p0.2"] = { s in
            s.global.manualSeed(Int64(1)); return tensor(try arangeOver(3, minus: 0, n: 16, offset: -8).dropout(p: 0.2, generator: s.global))
        }
        r["dropout_module_p0.3"] = { s in
            s.global.manualSeed(Int64(2))
            return tensor(try arangeOver(4, minus: 1, n: 10).view([2, 5]).dropout(p: 0.3, generator: s.global))
        }
        r["linear_seed42_3x2"] = { s in s.global.manualSeed(Int64(42)); return .list(try linear(s, 3, 2)) }
        r["linear_seed0_4x5"] = { s in s.global.manualSeed(Int64(0)); return .list(try linear(s, 4, 5)) }
        r["linear_seed1_20x30"] = { s in s.global.manualSeed(Int64(1)); return .list(try linear(s, 20, 30)) }
        r["linear_seed7_1x1"] = { s in s.global.manualSeed(Int64(7)); return .list(try linear(s, 1, 1)) }
        r["linear_nobias"] = { s in s.global.manualSeed(Int64(0)); return .list(try linear(s, 5, 3, bias: false)) }
        r["linear_float64"] = { s in s.global.manualSeed(Int64(0)); return .list(try linear(s, 3, 2, dtype: .float64)) }
        r["sequential_small"] = { s in s.global.manualSeed(Int64(0)); return .list(try linear(s, 4, 8) + linear(s, 8, 2)) }
        r["conv2d_1_2_3"] = { s in
            s.global.manualSeed(Int64(0))
            let w = try NDArray.empty([2, 1, 3, 3]), b = try NDArray.empty([2])
            try Init.resetLinearOrConv(weight: w, bias: b, generator: s.global)
            return .list([tensor(w), tensor(b)])
        }
        r["embedding_5_3"] = { s in
            s.global.manualSeed(Int64(0)); let w = try NDArray.empty([5, 3]); try Init.normal(w, generator: s.global); return tensor(w)
        }
        func epochs(_ e: [[[Int]]]) -> Value { .list(e.map { .list($0.map(ints)) }) }
        r["dataloader_10_bs4_seed0"] = { s in
            s.global.manualSeed(Int64(0)); return epochs(try loaderEpochs(s, n: 10, batchSize: 4, shuffle: true, epochs: 2))
        }
        r["dataloader_10_bs4_seed42"] = { s in
            s.global.manualSeed(Int64(42)); return epochs(try loaderEpochs(s, n: 10, batchSize: 4, shuffle: true, epochs: 2))
        }
        r["dataloader_100_bs16_seed0"] = { s in
            s.global.manualSeed(Int64(0)); return epochs(try loaderEpochs(s, n: 100, batchSize: 16, shuffle: true, epochs: 2))
        }
        r["dataloader_noshuffle_consumes"] = { s in
            s.global.manualSeed(Int64(0)); return epochs(try loaderEpochs(s, n: 10, batchSize: 3, shuffle: false, epochs: 2))
        }
        r["dataloader_drop_last"] = { s in
            s.global.manualSeed(Int64(0)); return epochs(try loaderEpochs(s, n: 10, batchSize: 3, shuffle: true, dropLast: true, epochs: 2))
        }
        r["dataloader_explicit_generator"] = { s in
            s.global.manualSeed(Int64(9)); let g = Generator(); g.manualSeed(Int64(123)); s.gen = g
            return epochs(try loaderEpochs(s, n: 10, batchSize: 4, shuffle: true, epochs: 3))
        }
        r["dataloader_first_batch_only"] = { s in
            s.global.manualSeed(Int64(0))
            let first = try loaderEpochs(s, n: 10, batchSize: 4, shuffle: true, epochs: 1, firstBatchOnly: true)[0][0]
            return tensor(NDArray(values: first.map { .int(Int64($0)) }, shape: [4], dtype: .int64))
        }
        r["random_split_global"] = { s in
            s.global.manualSeed(Int64(42)); return .list(try Sampling.randomSplit(lengths: [7, 3], count: 10, generator: s.global).map(ints))
        }
        r["random_split_generator"] = { s in
            let g = Generator(); g.manualSeed(Int64(42)); s.gen = g
            return .list(try Sampling.randomSplit(lengths: [3, 7], count: 10, generator: g).map(ints))
        }
        r["random_split_fractions"] = { s in
            s.global.manualSeed(Int64(5))
            let counts = try Sampling.splitCounts(fractions: [0.5, 0.5], count: 11)
            return .list(try Sampling.randomSplit(lengths: counts, count: 11, generator: s.global).map(ints))
        }
        r["subset_random_sampler_global"] = { s in
            s.global.manualSeed(Int64(3))
            let indices = [10, 20, 30, 40, 50]
            return ints(try NDArray.randperm(5, generator: s.global).scalars.map { indices[Int($0.int64Value)] })
        }
        func drain(_ it: RandomSamplerIterator) throws -> [Int] {
            var out: [Int] = []
            while let i = try it.next() { out.append(i) }
            return out
        }
        r["random_sampler_replacement"] = { s in
            s.global.manualSeed(Int64(4))
            return ints(try drain(try RandomSamplerIterator(count: 7, replacement: true, numSamples: 40, generator: nil, global: s.global)))
        }
        r["random_sampler_num_samples"] = { s in
            s.global.manualSeed(Int64(4))
            return ints(try drain(try RandomSamplerIterator(count: 7, numSamples: 17, generator: nil, global: s.global)))
        }
        r["rng_state_after_randn1"] = { s in
            s.global.manualSeed(Int64(3)); _ = try NDArray.randn([1], generator: s.global)
            let st = s.global.getState()
            func u64(_ o: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(st[o + $1]) << (8 * UInt64($1)) } }
            func i32(_ o: Int) -> Int64 { Int64(Int32(truncatingIfNeeded: u64(o) & 0xFFFF_FFFF)) }
            return .list([.int(Int64(st.count)), .text(sha256Hex(st)), .list([.int(Int64(u64(0))), .int(i32(8)), .int(i32(12)), .int(Int64(u64(16)))]),
                          .float(u64(5024)), .int(i32(5040))])
        }
        r["randint_int32"] = { s in
            s.global.manualSeed(Int64(0))
            return tensor(try .randint(low: 0, high: 100, [5], dtype: .int32, generator: s.global))
        }
        return r
    }()

    /// Cases whose dtype tsh refuses (uint8 tensors).
    static let unsupported: Set<String> = ["random__noarg_uint8"]

    @Test func everyCaseIsCovered() {
        #expect(Self.cases.count == 93)
        let missing = Self.cases.map(\.id).filter { Self.runs[$0] == nil && !Self.unsupported.contains($0) }
        #expect(missing.isEmpty, "cases without a run: \(missing)")
    }

    @Test(arguments: cases.filter { !unsupported.contains($0.id) })
    func matchesPyTorch(_ c: Case) throws {
        let session = Session()
        let run = try #require(Self.runs[c.id])
        let got = try run(session)
        let expected = Self.outputs[c.id]
        #expect(got == expected, "\(c.torch)")
        if c.torch.hasPrefix("torch.manual_seed(") {
            let next = Self.words(session.global, 4)
            let recorded = Value.list(c.next_words.map { .int(Int64($0)) })
            #expect(next == recorded, "global stream consumption")
        }
        if let recordedWords = c.next_words_gen, let g = session.gen {
            let next = Self.words(g, 4)
            let recorded = Value.list(recordedWords.map { .int(Int64($0)) })
            #expect(next == recorded, "generator stream consumption")
        }
    }
}
