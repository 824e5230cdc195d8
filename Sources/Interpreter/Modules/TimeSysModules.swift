import Foundation
import PythonSyntax

/// Python's `time` and `sys` modules, as far as programs that time a loop or read their
/// arguments use them.
extension Interpreter {
    func makeTimeModule() -> ModuleObject {
        let m = ModuleObject(name: "time")
        func function(_ name: String, _ body: @escaping (Arguments) throws -> Value) {
            m.attributes[name] = .builtin(Builtin(name, qualifiedName: "time.\(name)") { a, _ in try body(a) })
        }
        func monotonic() -> Double {
            var ts = timespec()
            clock_gettime(CLOCK_MONOTONIC, &ts)
            return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
        }
        function("time") { _ in .float(Date().timeIntervalSince1970) }
        function("time_ns") { _ in .int(Int(Date().timeIntervalSince1970 * 1e9)) }
        function("perf_counter") { _ in .float(monotonic()) }
        function("perf_counter_ns") { _ in .int(Int(monotonic() * 1e9)) }
        function("monotonic") { _ in .float(monotonic()) }
        function("process_time") { _ in .float(Double(clock()) / Double(CLOCKS_PER_SEC)) }
        function("sleep") { a in
            guard a.positional.count == 1 else { throw PyError.type("time.sleep() takes exactly one argument (\(a.positional.count) given)") }
            let seconds = try self.float(a.positional[0])
            guard seconds >= 0 else { throw PyError.value("sleep length must be non-negative") }
            // In slices, so Ctrl-C ends a long sleep.
            var left = seconds
            while left > 0 {
                let step = min(left, 0.05)
                usleep(UInt32(step * 1e6))
                left -= step
                if Interpreter.interrupted.consume() { throw PyError.keyboardInterrupt }
            }
            return .none
        }
        function("strftime") { a in
            guard let format = a.positional.first, case .string(let f) = format else { throw PyError.type("strftime() argument 1 must be str") }
            var t = time(nil)
            var parts = tm()
            localtime_r(&t, &parts)
            var buffer = [Int8](repeating: 0, count: 256)
            let n = strftime(&buffer, buffer.count, f, &parts)
            return .string(String(cString: Array(buffer[0..<n]) + [0]))
        }
        return m
    }

    func makeSysModule() -> ModuleObject {
        let m = ModuleObject(name: "sys")
        m.attributes["argv"] = .list(PyList(argv.map { .string($0) }))
        m.attributes["maxsize"] = .int(Int.max)
        m.attributes["platform"] = .string("linux")
        m.attributes["byteorder"] = .string("little")
        m.attributes["version"] = .string("3.11.7 (tsh)")
        m.attributes["version_info"] = .object(NamedTupleValue("version_info", [("major", .int(3)), ("minor", .int(11)), ("micro", .int(7)),
                                                                                 ("releaselevel", .string("final")), ("serial", .int(0))]))
        m.attributes["float_info"] = .object(NamedTupleValue("float_info", [
            ("max", .float(Double.greatestFiniteMagnitude)), ("max_exp", .int(1024)), ("max_10_exp", .int(308)),
            ("min", .float(Double.leastNormalMagnitude)), ("min_exp", .int(-1021)), ("min_10_exp", .int(-307)),
            ("dig", .int(15)), ("mant_dig", .int(53)), ("epsilon", .float(Double.ulpOfOne)), ("radix", .int(2)), ("rounds", .int(1)),
        ]))
        m.attributes["path"] = .list(PyList([.string("")]))
        m.attributes["modules"] = .object(ModulesView(self))
        m.attributes["exit"] = builtins["exit"]
        m.attributes["stdout"] = .object(StreamObject(self, error: false))
        m.attributes["stderr"] = .object(StreamObject(self, error: true))
        m.attributes["getrecursionlimit"] = .builtin(Builtin("getrecursionlimit", qualifiedName: "sys.getrecursionlimit") { _, _ in .int(1000) })
        return m
    }
}

/// A read-only named tuple (sys.version_info, sys.float_info): by index and by name.
final class NamedTupleValue: PyObject {
    let name: String
    let fields: [(String, Value)]
    /// What its repr puts before the name (`sys.` for sys.version_info).
    let prefix: String
    init(_ name: String, _ fields: [(String, Value)], prefix: String = "sys.") {
        self.name = name; self.fields = fields; self.prefix = prefix
    }
    var typeName: String { name }
    func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? { fields.first { $0.0 == n }?.1 }
    func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        try interp.getItem(.tuple(fields.map(\.1)), index)
    }
    func length(_ interp: Interpreter) throws -> Int? { fields.count }
    func makeIterator(_ interp: Interpreter) throws -> PyIterator? { PyIterator(fields.map(\.1)) }
    func compare(_ op: CompareOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        let mine: Value = .tuple(fields.map(\.1))
        return reflected ? try interp.compare(op, other, mine) : try interp.compare(op, mine, other)
    }
    func repr(_ interp: Interpreter) throws -> String {
        "\(prefix)\(name)(" + (try fields.map { "\($0.0)=\(try interp.repr($0.1))" }.joined(separator: ", ")) + ")"
    }
}

/// sys.modules: the modules imported so far, by name.
final class ModulesView: PyObject {
    unowned let interp: Interpreter
    init(_ interp: Interpreter) { self.interp = interp }
    var typeName: String { "dict" }
    func contains(_ value: Value, _ interp: Interpreter) throws -> Bool? {
        guard case .string(let name) = value else { return false }
        return interp.modules[name] != nil
    }
    func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        guard case .string(let name) = index, let m = interp.modules[name] else { throw try PyError.missingKey(index, interp) }
        return m
    }
    func makeIterator(_ interp: Interpreter) throws -> PyIterator? { PyIterator(interp.modules.keys.sorted().map { .string($0) }) }
    func length(_ interp: Interpreter) throws -> Int? { interp.modules.count }
}

/// sys.stdout / sys.stderr: write() and flush().
final class StreamObject: PyObject {
    unowned let interp: Interpreter
    let error: Bool
    init(_ interp: Interpreter, error: Bool) { self.interp = interp; self.error = error }
    var typeName: String { "TextIOWrapper" }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "write":
            return .builtin(Builtin("write") { [unowned self] a, i in
                guard a.positional.count == 1, case .string(let s) = a.positional[0] else {
                    throw PyError.type("write() argument must be str, not \(a.positional.first.map { i.typeName($0) } ?? "nothing")")
                }
                if self.error { i.writeError(s) } else { i.write(s) }
                return .int(s.count)
            })
        case "flush": return .builtin(Builtin("flush") { _, _ in .none })
        default: return nil
        }
    }
}
