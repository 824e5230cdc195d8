import Foundation

/// Python's `os` and `os.path`, for the file handling training scripts do: joining and
/// splitting paths, checking, listing, making directories and removing files. Errors are
/// Python's (`FileNotFoundError: [Errno 2] No such file or directory: 'x'`).
extension Interpreter {
    func makeOSModules() -> (os: ModuleObject, path: ModuleObject) {
        let os = ModuleObject(name: "os"), path = ModuleObject(name: "os.path")
        func text(_ v: Value, _ function: String) throws -> String {
            guard case .string(let s) = v else {
                throw PyError.type("\(function): path should be string, bytes or os.PathLike, not \(typeName(v))")
            }
            return s
        }
        func function(_ module: ModuleObject, _ name: String, _ body: @escaping (Arguments) throws -> Value) {
            module.attributes[name] = .builtin(Builtin(name, qualifiedName: "\(module.name).\(name)") { a, _ in try body(a) })
        }
        func oneText(_ a: Arguments, _ name: String) throws -> String {
            guard a.positional.count == 1 else { throw PyError.type("\(name)() takes exactly one argument (\(a.positional.count) given)") }
            return try text(a.positional[0], name)
        }
        func posixError(_ path: String) -> PyError {
            let code = errno
            let kind: String
            switch code {
            case ENOENT: kind = "FileNotFoundError"
            case EEXIST: kind = "FileExistsError"
            case EACCES, EPERM: kind = "PermissionError"
            case EISDIR: kind = "IsADirectoryError"
            case ENOTDIR: kind = "NotADirectoryError"
            default: kind = "OSError"
            }
            return PyError(kind, "[Errno \(code)] \(String(cString: strerror(code))): '\(path)'")
        }
        func status(_ p: String) -> stat? {
            var st = stat()
            return stat(p, &st) == 0 ? st : nil
        }
        // MARK: os.path
        path.attributes["sep"] = .string("/")
        function(path, "join") { a in
            guard !a.positional.isEmpty else { throw PyError.type("join() missing 1 required positional argument: 'a'") }
            var out = try text(a.positional[0], "join")
            for part in a.positional.dropFirst() {
                let p = try text(part, "join")
                if p.hasPrefix("/") { out = p } else if out.isEmpty || out.hasSuffix("/") { out += p } else { out += "/" + p }
            }
            return .string(out)
        }
        func split(_ p: String) -> (String, String) {
            guard let slash = p.lastIndex(of: "/") else { return ("", p) }
            var head = String(p[...slash])
            let tail = String(p[p.index(after: slash)...])
            if head.contains(where: { $0 != "/" }) { while head.hasSuffix("/") { head.removeLast() } }
            return (head, tail)
        }
        function(path, "split") { a in let (h, t) = split(try oneText(a, "split")); return .tuple([.string(h), .string(t)]) }
        function(path, "basename") { a in .string(split(try oneText(a, "basename")).1) }
        function(path, "dirname") { a in .string(split(try oneText(a, "dirname")).0) }
        function(path, "splitext") { a in
            let p = try oneText(a, "splitext")
            let (_, tail) = split(p)
            // The last dot that is not leading the name.
            let stem = tail.drop { $0 == "." }
            guard let dot = stem.lastIndex(of: ".") else { return .tuple([.string(p), .string("")]) }
            let ext = String(stem[dot...])
            return .tuple([.string(String(p.dropLast(ext.count))), .string(ext)])
        }
        function(path, "exists") { a in .bool(status(try oneText(a, "exists")) != nil) }
        function(path, "isfile") { a in .bool(status(try oneText(a, "isfile")).map { $0.st_mode & S_IFMT == S_IFREG } ?? false) }
        function(path, "isdir") { a in .bool(status(try oneText(a, "isdir")).map { $0.st_mode & S_IFMT == S_IFDIR } ?? false) }
        function(path, "isabs") { a in .bool(try oneText(a, "isabs").hasPrefix("/")) }
        func normalize(_ p: String) -> String {
            guard !p.isEmpty else { return "." }
            let absolute = p.hasPrefix("/")
            var parts: [Substring] = []
            for part in p.split(separator: "/") where part != "." {
                if part == "..", let last = parts.last, last != ".." { parts.removeLast() }
                else if part == ".." && absolute { continue }
                else { parts.append(part) }
            }
            let joined = parts.joined(separator: "/")
            return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
        }
        function(path, "normpath") { a in .string(normalize(try oneText(a, "normpath"))) }
        function(path, "abspath") { a in
            let p = try oneText(a, "abspath")
            return .string(normalize(p.hasPrefix("/") ? p : FileManager.default.currentDirectoryPath + "/" + p))
        }
        function(path, "expanduser") { a in
            let p = try oneText(a, "expanduser")
            guard p == "~" || p.hasPrefix("~/") else { return .string(p) }
            return .string((ProcessInfo.processInfo.environment["HOME"] ?? "~") + p.dropFirst())
        }
        function(path, "getsize") { a in
            let p = try oneText(a, "getsize")
            guard let st = status(p) else { throw posixError(p) }
            return .int(Int(st.st_size))
        }
        // MARK: os
        os.attributes["sep"] = .string("/")
        os.attributes["linesep"] = .string("\n")
        os.attributes["name"] = .string("posix")
        os.attributes["path"] = .object(path)
        let environment = PyDict()
        for (k, v) in ProcessInfo.processInfo.environment.sorted(by: { $0.key < $1.key }) { try? environment.set(.string(k), .string(v)) }
        os.attributes["environ"] = .dict(environment)
        function(os, "getenv") { a in
            guard let key = a.positional.first else { throw PyError.type("getenv() missing 1 required positional argument: 'key'") }
            return try environment.get(key) ?? (a.positional.count > 1 ? a.positional[1] : (a.keyword("default") ?? .none))
        }
        function(os, "getcwd") { _ in .string(FileManager.default.currentDirectoryPath) }
        function(os, "chdir") { a in
            let p = try oneText(a, "chdir")
            guard chdir(p) == 0 else { throw posixError(p) }
            return .none
        }
        function(os, "listdir") { a in
            let p = a.positional.isEmpty ? "." : try text(a.positional[0], "listdir")
            guard let dir = opendir(p) else { throw posixError(p) }
            defer { closedir(dir) }
            var names: [Value] = []
            while let entry = readdir(dir) {
                let name = withUnsafePointer(to: entry.pointee.d_name) { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
                if name != "." && name != ".." { names.append(.string(name)) }
            }
            return .list(PyList(names))
        }
        function(os, "mkdir") { a in
            let p = try text(a.positional.first ?? .none, "mkdir")
            guard mkdir(p, 0o777) == 0 else { throw posixError(p) }
            return .none
        }
        function(os, "makedirs") { a in
            let p = try text(a.positional.first ?? .none, "makedirs")
            let existOK = try self.truth(a.positional.count > 2 ? a.positional[2] : (a.keyword("exist_ok") ?? .bool(false)))
            if let st = status(p) {
                if existOK && st.st_mode & S_IFMT == S_IFDIR { return .none }
                errno = EEXIST
                throw posixError(p)
            }
            var built = p.hasPrefix("/") ? "" : "."
            for part in p.split(separator: "/") {
                built += "/" + part
                if status(built) == nil, mkdir(built, 0o777) != 0 { throw posixError(p) }
            }
            return .none
        }
        for name in ["remove", "unlink"] {
            function(os, name) { a in
                let p = try oneText(a, name)
                if let st = status(p), st.st_mode & S_IFMT == S_IFDIR { errno = EISDIR; throw posixError(p) }
                guard unlink(p) == 0 else { throw posixError(p) }
                return .none
            }
        }
        function(os, "rmdir") { a in
            let p = try oneText(a, "rmdir")
            guard rmdir(p) == 0 else { throw posixError(p) }
            return .none
        }
        for name in ["rename", "replace"] {
            function(os, name) { a in
                guard a.positional.count == 2 else { throw PyError.type("\(name)() takes exactly 2 arguments") }
                let from = try text(a.positional[0], name), to = try text(a.positional[1], name)
                guard Foundation.rename(from, to) == 0 else { throw posixError(from) }
                return .none
            }
        }
        return (os, path)
    }
}
