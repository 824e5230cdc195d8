#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Interpreter
import TensorCore

/// `tsh-fuzz TARGET SECONDS [--runs N] [--seed N] [--budget SECONDS] [--corpus PATH]...
/// [--out DIR]` (or `tsh-fuzz TARGET --replay FILE` to run one finding again): feeds TARGET mutated inputs until SECONDS pass or N inputs ran, and stops
/// at the first crash or hang, leaving the input that caused it in DIR (exit 1 for a crash,
/// 3 for a hang). Without coverage instrumentation, an input whose outcome (the error it
/// raised) was not seen before joins the pool that later inputs are mutated from.
/// `scripts/fuzz` builds it and gives it the project's seed corpora.
struct Options {
    var target = ""
    var seconds = 10.0
    var runs = Int.max
    var seed: UInt64 = UInt64(UInt32(truncatingIfNeeded: time(nil)))
    var budget = 2.0
    var corpus: [String] = []
    var out = "."
    /// Runs this one file unmutated (to reproduce a finding) instead of fuzzing.
    var replay: String?

    init(_ arguments: [String]) {
        var rest = arguments.makeIterator()
        var positional: [String] = []
        while let a = rest.next() {
            switch a {
            case "--runs":
                guard let n = rest.next().flatMap({ Int($0) }) else { Options.usage("--runs needs a number") }
                runs = n
            case "--seed":
                guard let n = rest.next().flatMap({ UInt64($0) }) else { Options.usage("--seed needs a number") }
                seed = n
            case "--budget":
                guard let n = rest.next().flatMap({ Double($0) }) else { Options.usage("--budget needs seconds") }
                budget = n
            case "--corpus":
                guard let p = rest.next() else { Options.usage("--corpus needs a path") }
                corpus.append(p)
            case "--replay":
                guard let p = rest.next() else { Options.usage("--replay needs a file") }
                replay = p
            case "--out":
                guard let p = rest.next() else { Options.usage("--out needs a directory") }
                out = p
            default: positional.append(a)
            }
        }
        if replay != nil, positional.count == 1 { target = positional[0]; return }
        guard positional.count == 2, let s = Double(positional[1]) else { Options.usage("expected TARGET SECONDS") }
        target = positional[0]
        seconds = s
    }

    static func usage(_ problem: String) -> Never {
        let targets = FuzzTargets.all.map(\.name).joined(separator: ", ")
        fputs("tsh-fuzz: \(problem)\nusage: tsh-fuzz TARGET SECONDS [--runs N] [--seed N] [--budget SECONDS] [--corpus PATH]... [--out DIR]\n       tsh-fuzz TARGET --replay FILE\ntargets: \(targets)\n", stderr)
        exit(2)
    }
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
guard let target = FuzzTargets.all.first(where: { $0.name == options.target }) else {
    Options.usage("unknown target '\(options.target)'")
}
// Programs may allocate; keep one allocation well below the machine's memory.
NDArray.maximumAllocation = 1 << 30
Interpreter.memoryLimit = 1 << 30
if let replay = options.replay {
    guard let data = FileManager.default.contents(atPath: replay) else { Options.usage("cannot read \(replay)") }
    let watchdog = Watchdog(budget: options.budget)
    watchdog.begin(Array(data))
    print(target.run(Array(data)))
    exit(0)
}
let seeds = target.seeds(options.corpus)
guard !seeds.isEmpty else { Options.usage("no seed inputs for \(target.name) (give --corpus)") }
// Files the programs write land in a scratch directory.
let scratch = NSTemporaryDirectory() + "tsh-fuzz-\(getpid())"
try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
let outDirectory = URL(fileURLWithPath: options.out).standardizedFileURL.path
chdir(scratch)
defer { try? FileManager.default.removeItem(atPath: scratch) }

CrashCapture.install(directory: outDirectory, target: target.name)
let watchdog = Watchdog(budget: options.budget)
var random = SplitMix(seed: options.seed)
var pool = seeds
var outcomes: Set<String> = []
let start = monotonicSeconds()
var ran = 0
var lastReport = start
while ran < options.runs && monotonicSeconds() - start < options.seconds {
    var input = pool[random.below(pool.count)]
    for _ in 0...random.below(4) {
        input = target.mutate(input, &random, pool[random.below(pool.count)])
    }
    CrashCapture.current(input)
    watchdog.begin(input)
    let outcome = target.run(input)
    watchdog.end()
    ran += 1
    if pool.count < 5000, outcomes.insert(outcome).inserted { pool.append(input) }
    if monotonicSeconds() - lastReport > 10 {
        lastReport = monotonicSeconds()
        print("tsh-fuzz \(target.name): \(ran) inputs, \(outcomes.count) outcomes, \(Int(lastReport - start)) s")
        fflush(stdout)
    }
}
print("tsh-fuzz \(target.name): \(ran) inputs in \(String(format: "%.1f", monotonicSeconds() - start)) s, \(outcomes.count) distinct outcomes, no crash, no hang (seed \(options.seed))")
