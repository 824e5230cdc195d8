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
