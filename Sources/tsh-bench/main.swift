import Autograd

/// Release-only benchmarks of the engine. Prints `name<TAB>value<TAB>unit` lines that
/// scripts/bench sets beside numpy's figures for the same work.
func report(_ name: String, _ value: Double, _ unit: String) {
    print("\(name)\t\(String(format3(value)))\t\(unit)")
}

func format3(_ v: Double) -> String { cFormat("%.3f", v) }

func gemmBenchmarks() throws {
    for dtype in [DType.float32, .float64] {
        for n in [256, 1024, 2048] {
            let a = try NDArray.full([n, n], .double(0.5), dtype: dtype)
            let b = try NDArray.full([n, n], .double(0.25), dtype: dtype)
            let repeats = n <= 256 ? 50 : (n <= 1024 ? 10 : 4)
            let t = try bestTime(repeats: repeats) { _ = try NDArray.mm(a, b) }
            report("\(dtype == .float32 ? "sgemm" : "dgemm") n=\(n)", 2 * Double(n * n * n) / t / 1e9, "GFLOP/s")
        }
    }
}

func elementwiseBenchmarks() throws {
    let n = 16 << 20
    let x = try NDArray.arange(end: .int(Int64(n)), dtype: .float32)
    let y = try NDArray.full([n], .double(1.5))
    let small = try NDArray.binary(.div, .array(x), .scalar(.double(Double(n))))
    let add = try bestTime(repeats: 10) { _ = try NDArray.binary(.add, .array(x), .array(y)) }
    report("add f32 16M", 3 * 4 * Double(n) / add / 1e9, "GB/s")
    let exp = try bestTime(repeats: 10) { _ = try small.unary(.exp) }
    report("exp f32 16M", 2 * 4 * Double(n) / exp / 1e9, "GB/s")
    let sum = try bestTime(repeats: 10) { _ = try x.sum() }
    report("sum f32 16M", 4 * Double(n) / sum / 1e9, "GB/s")
}

/// The cost of recording the graph: element-wise ops on 100-element tensors with and
/// without grad, and backward through a chain of 10,000 nodes.
func autogradBenchmarks() throws {
    let x = Tensor(try NDArray.ones([100]), requiresGrad: true)
    let plain = Tensor(try NDArray.ones([100]))
    let ops = 10_000
    let recorded = try bestTime(repeats: autogradRepeats) {
        var y = x
        for _ in 0..<ops { y = try y.mul(.scalar(.double(1.0))) }
    }
    let unrecorded = try bestTime(repeats: autogradRepeats) {
        var y = plain
        for _ in 0..<ops { y = try y.mul(.scalar(.double(1.0))) }
    }
    report("op with graph (100 el)", recorded / Double(ops) * 1e6, "us/op")
    report("op without graph (100 el)", unrecorded / Double(ops) * 1e6, "us/op")
    report("graph overhead per op", (recorded - unrecorded) / Double(ops) * 1e6, "us/op")
    var chain = x
    for _ in 0..<10_000 { chain = try chain.mul(.scalar(.double(1.0))) }
    let loss = try chain.sum()
    let backward = try bestTime(repeats: autogradRepeats) { try loss.backward(retainGraph: true) }
    report("backward 10k-node chain", backward * 1e3, "ms")

    // A micrograd-style graph: a 2-16-16-1 MLP of one-element tensors over 20 points.
    let g = Generator(seed: 0)
    func scalar() throws -> Tensor {
        let a = NDArray(uninitialized: [1], dtype: .float32)
        try a.uniform(from: -1, to: 1, generator: g)
        return Tensor(a, requiresGrad: true)
    }
    let sizes = [2, 16, 16, 1]
    var layers: [[([Tensor], Tensor)]] = []
    for (nin, nout) in zip(sizes.dropLast(), sizes.dropFirst()) {
        layers.append(try (0..<nout).map { _ in (try (0..<nin).map { _ in try scalar() }, try scalar()) })
    }
    var total = Tensor(try NDArray.zeros([1]))
    for _ in 0..<20 {
        var h = [try scalar(), try scalar()].map { $0.detach() }
        for (k, neurons) in layers.enumerated() {
            h = try neurons.map { w, b in
                var act = b
                for (wi, xi) in zip(w, h) { act = try act.add(.tensor(try wi.mul(.tensor(xi)))) }
                return k < layers.count - 1 ? try act.unary(.tanh) : act
            }
        }
        total = try total.add(.tensor(try h[0].pow(.scalar(.int(2)))))
    }
    let micrograd = try bestTime(repeats: autogradRepeats) { try total.backward(retainGraph: true) }
    report("backward micrograd MLP (20 points)", micrograd * 1e3, "ms")
}

/// `tsh-bench autograd` runs only the engine benchmarks, with more repeats (for comparing
/// two builds on a noisy machine).
let autogradOnly = CommandLine.arguments.dropFirst().first == "autograd"
let autogradRepeats = autogradOnly ? 30 : 5
if !autogradOnly {
    print("blas\t\(GemmKernels.blasCoreName)\tcore")
    try gemmBenchmarks()
    try elementwiseBenchmarks()
}
try autogradBenchmarks()
