#if canImport(Glibc)
import Glibc
#endif

/// A text file from `open(path, mode)`: read, readline, readlines, iteration by lines,
/// write, writelines, close and `with`, in UTF-8, as Python's text files behave.
final class FileObject: PyObject {
    let path: String
    let mode: String
    private var handle: UnsafeMutablePointer<FILE>?
    private let readable: Bool, writable: Bool

    /// open(file, mode='r', encoding=None): text modes r, w, a, x and their '+' forms.
    static func open(_ a: Arguments, _ interp: Interpreter) throws -> Value {
        var given = a.positional
        for (k, v) in a.keywords {
            switch k {
            case "file" where given.isEmpty: given.append(v)
            case "mode" where given.count == 1: given.append(v)
            case "encoding":
                if !v.isPyNone, try interp.str(v).lowercased().replacingOccurrences(of: "-", with: "") != "utf8" {
                    throw PyError("NotImplementedError", "open(encoding=\(try interp.repr(v))) is not supported by tsh yet: files are read and written as UTF-8")
                }
            case "newline", "errors", "buffering":
                if !v.isPyNone { throw PyError("NotImplementedError", "open(\(k)=...) is not supported by tsh yet") }
            default: throw PyError.type("'\(k)' is an invalid keyword argument for open()")
            }
        }
        guard let fileValue = given.first else { throw PyError.type("open() missing required argument 'file' (pos 1)") }
        guard case .string(let path) = fileValue else {
            throw PyError.type("expected str, bytes or os.PathLike object, not \(interp.typeName(fileValue))")
        }
        var mode = "r"
        if given.count > 1 {
            guard case .string(let m) = given[1] else { throw PyError.type("open() argument 'mode' must be str, not \(interp.typeName(given[1]))") }
            mode = m
        }
        let letters = Set(mode)
        guard letters.isSubset(of: "rwaxbt+"), mode.count == letters.count,
              letters.intersection("rwax").count == 1, !(letters.contains("b") && letters.contains("t")) else {
            throw PyError.value("invalid mode: '\(mode)'")
        }
        if letters.contains("b") {
            throw PyError("NotImplementedError", "open() in binary mode ('\(mode)') is not supported by tsh yet; torch.save and torch.load take a path")
        }
        return .object(try FileObject(path: path, mode: mode))
    }

    private init(path: String, mode: String) throws {
        self.path = path
        self.mode = mode
        let plus = mode.contains("+")
        readable = mode.contains("r") || plus
        writable = !mode.contains("r") || plus
        if mode.contains("x"), access(path, F_OK) == 0 {
            throw FileObject.osError(EEXIST, path)
        }
        var cMode = mode.contains("r") ? "r" : (mode.contains("a") ? "a" : "w")
        if plus { cMode += "+" }
        guard let f = fopen(path, cMode) else { throw FileObject.osError(errno, path) }
        var info = stat()
        if fstat(fileno(f), &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            fclose(f)
            throw FileObject.osError(EISDIR, path)
        }
        handle = f
    }

    deinit { if let handle { fclose(handle) } }

    /// Python's OSError subclasses for the errno (`FileNotFoundError: [Errno 2] No such
    /// file or directory: 'x'`).
    static func osError(_ code: Int32, _ path: String) -> PyError {
        let kind = switch code {
        case ENOENT: "FileNotFoundError"
        case EEXIST: "FileExistsError"
        case EISDIR: "IsADirectoryError"
        case EACCES, EPERM: "PermissionError"
        case ENOTDIR: "NotADirectoryError"
        default: "OSError"
        }
        return PyError(kind, "[Errno \(code)] \(String(cString: strerror(code))): \(Interpreter.quote(path))")
    }

    var typeName: String { "TextIOWrapper" }

    func repr(_ interp: Interpreter) throws -> String {
        "<_io.TextIOWrapper name=\(Interpreter.quote(path)) mode=\(Interpreter.quote(mode)) encoding='UTF-8'>"
    }

    private func open() throws -> UnsafeMutablePointer<FILE> {
        guard let handle else { throw PyError.value("I/O operation on closed file.") }
        return handle
    }

    private func readAll() throws -> String {
        let f = try open()
        guard readable else { throw PyError("io.UnsupportedOperation", "not readable") }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = fread(&chunk, 1, chunk.count, f)
            if n > 0 { bytes.append(contentsOf: chunk[0..<n]) }
            if n < chunk.count { break }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// One line with its newline, "" at the end of the file.
    private func readLine() throws -> String {
        let f = try open()
        guard readable else { throw PyError("io.UnsupportedOperation", "not readable") }
        var bytes: [UInt8] = []
        while true {
            let c = getc(f)
            if c == EOF { break }
            bytes.append(UInt8(c))
            if c == 10 { break }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func write(_ text: String) throws {
        let f = try open()
        guard writable else { throw PyError("io.UnsupportedOperation", "not writable") }
        let bytes = Array(text.utf8)
        guard fwrite(bytes, 1, bytes.count, f) == bytes.count else { throw FileObject.osError(errno, path) }
    }

    func close() {
        if let handle { fclose(handle) }
        handle = nil
    }

    func makeIterator(_ interp: Interpreter) throws -> PyIterator? {
        _ = try open()
        return PyIterator {
            let line = try self.readLine()
            return line.isEmpty ? nil : .string(line)
        }
    }

    func enter(_ interp: Interpreter) throws -> Value? {
        _ = try open()
        return .object(self)
    }

    func exit(_ interp: Interpreter) throws { close() }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        func method(_ body: @escaping (Arguments) throws -> Value) -> Value { interp.method(name, of: "TextIOWrapper", body) }
        switch name {
        case "read":
            return method { a in
                let all = try self.readAll()
                guard let n = a.positional.first, case .int(let count) = n, count >= 0 else { return .string(all) }
                // Only what was asked for is consumed: put the rest back by seeking.
                let head = String(all.prefix(count))
                let rest = all.utf8.count - head.utf8.count
                fseek(try self.open(), -rest, SEEK_CUR)
                return .string(head)
            }
        case "readline": return method { _ in .string(try self.readLine()) }
        case "readlines":
            return method { _ in
                var lines: [Value] = []
                while case let line = try self.readLine(), !line.isEmpty { lines.append(.string(line)) }
                return .list(PyList(lines))
            }
        case "write":
            return method { a in
                guard a.positional.count == 1, case .string(let s) = a.positional[0] else {
                    throw PyError.type("write() argument must be str, not \(interp.typeName(a.positional.first ?? .none))")
                }
                try self.write(s)
                return .int(s.count)
            }
        case "writelines":
            return method { a in
                guard let items = a.positional.first else { throw PyError.type("writelines() takes exactly one argument (0 given)") }
                for item in try interp.materialize(items) {
                    guard case .string(let s) = item else { throw PyError.type("write() argument must be str, not \(interp.typeName(item))") }
                    try self.write(s)
                }
                return .none
            }
        case "flush":
            return method { _ in
                fflush(try self.open())
                return .none
            }
        case "close": return method { _ in self.close(); return .none }
        case "closed": return .bool(handle == nil)
        case "name": return .string(path)
        case "mode": return .string(mode)
        case "encoding": return .string("UTF-8")
        default: return nil
        }
    }

    func attributeNames() -> [String] {
        ["close", "closed", "encoding", "flush", "mode", "name", "read", "readline", "readlines", "write", "writelines"]
    }
}
