#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Interpreter
import TensorCore

/// The fuzzer's generator: TensorCore's SplitMix64 (the runs are reproducible with --seed).
typealias SplitMix = SplitMix64

extension SplitMix64 {
    mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
    mutating func chance(_ oneIn: Int) -> Bool { below(oneIn) == 0 }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// On a crash (a trap, an abort, a stack overflow) the input that caused it is written to
/// `DIR/crash-TARGET-PID` from the signal handler, which uses only async-signal-safe calls
/// on buffers prepared beforehand, and runs on its own stack (a stack overflow has none).
enum CrashCapture {
    nonisolated(unsafe) static var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    nonisolated(unsafe) static var capacity = 0
    nonisolated(unsafe) static var length = 0
    nonisolated(unsafe) static var path: UnsafeMutablePointer<CChar>?

    static func install(directory: String, target: String) {
        path = strdup("\(directory)/crash-\(target)-\(getpid())")
        let stackSize = 1 << 16
        var stack = stack_t(ss_sp: UnsafeMutableRawPointer.allocate(byteCount: stackSize, alignment: 16), ss_flags: 0, ss_size: stackSize)
        sigaltstack(&stack, nil)
        for sig in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { sig in
                if let path = CrashCapture.path {
                    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                    if fd >= 0 {
                        _ = write(fd, CrashCapture.buffer, CrashCapture.length)
                        close(fd)
                    }
                    let note = "\ntsh-fuzz: CRASH (signal); the input is in the crash- file above\n"
                    _ = note.withCString { write(2, $0, strlen($0)) }
                    _ = write(2, path, strlen(path))
                    _ = write(2, "\n", 1)
                }
                signal(sig, SIG_DFL)
                raise(sig)
            }
            action.sa_flags = Int32(SA_ONSTACK) | Int32(bitPattern: UInt32(SA_RESETHAND))
            sigaction(sig, &action, nil)
        }
    }

    /// Keeps a copy of the input about to run (no allocation in the handler).
    static func current(_ input: [UInt8]) {
        if input.count > capacity {
            buffer.deallocate()
            capacity = max(input.count, 2 * capacity)
            buffer = .allocate(capacity: capacity)
        }
        input.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress!, count: input.count) }
        length = input.count
    }
}

/// Interrupts an input that runs past its budget (as Ctrl-C would: the interpreter stops
/// at its next statement), and reports a hang when even that does not stop it.
final class Watchdog: @unchecked Sendable {
    private let budget: Double
    private let lock = NSLock()
    private var started: Double?
    /// Which input is running (inputs follow each other faster than the watchdog looks).
    private var generation = 0

    init(budget: Double) {
        self.budget = budget
        Thread.detachNewThread { [self] in watch() }
    }

    func begin(_ input: [UInt8]) {
        lock.lock(); started = monotonicSeconds(); generation += 1; lock.unlock()
    }

    func end() {
        lock.lock(); started = nil; lock.unlock()
        Interpreter.interrupted.clear()
    }

    private func watch() {
        var interruptedGeneration = 0
        while true {
            usleep(50_000)
            lock.lock()
            let elapsed = started.map { monotonicSeconds() - $0 }, current = generation
            lock.unlock()
            guard let elapsed else { continue }
            if elapsed > budget && interruptedGeneration != current {
                Interpreter.interrupted.set()
                interruptedGeneration = current
            }
            if elapsed > 4 * budget + 5 {
                if let path = CrashCapture.path {
                    let hang = String(cString: path).replacingOccurrences(of: "/crash-", with: "/hang-")
                    _ = FileManager.default.createFile(atPath: hang, contents: Data(bytes: CrashCapture.buffer, count: CrashCapture.length))
                    fputs("tsh-fuzz: HANG: an input ran \(Int(elapsed)) s and ignored Ctrl-C; it is in \(hang)\n", stderr)
                }
                exit(3)
            }
        }
    }
}

/// The files under `paths` (files, or directories searched recursively) whose names end
/// with one of `extensions`.
func files(under paths: [String], extensions: [String]) -> [String] {
    var found: [String] = []
    for path in paths {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
        if !isDirectory.boolValue { found.append(path); continue }
        let walker = FileManager.default.enumerator(atPath: path)
        while let name = walker?.nextObject() as? String {
            if extensions.contains(where: { name.hasSuffix($0) }) { found.append(path + "/" + name) }
        }
    }
    return found.sorted()
}

/// Seconds on the monotonic clock (the wall clock of a virtual machine can jump, which
/// once made a quick input look like a hang).
func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}
