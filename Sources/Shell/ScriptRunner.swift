#if canImport(Glibc)
import Glibc
#endif
import Interpreter
import PythonSyntax
import TorchBindings

/// Runs code without the line editor: a file, `-c` text or piped stdin. Stops at the first
/// error with status 1, and at Ctrl-C with KeyboardInterrupt and status 130.
package enum ScriptRunner {
    /// A fresh interpreter with the torch namespaces and the output writer.
    package static func makeInterpreter(output: OutputWriter) -> Interpreter {
        let interp = Interpreter()
        interp.write = { output.write($0) }
        interp.writeError = { output.error($0) }
        TorchRuntime.install(into: interp)
        return interp
    }

    /// Runs `text` named `name`; returns the exit status.
    package static func run(_ text: String, name: String, arguments: [String] = []) -> Int32 {
        let output = OutputWriter()
        let source = Source(name: name, text: text)
        let interp = makeInterpreter(output: output)
        // sys.argv as python3 gives it: the script (or -c), then its arguments.
        interp.argv = [name == "<string>" ? "-c" : (name == "<stdin>" ? "-" : name)] + arguments
        if name.hasSuffix(".tsh") { installViews(interp, output) }
        installInterruptHandler()
        defer { output.flush() }
        let program: [Stmt]
        do {
            program = try Parser.parse(source)
            interp.register(source)
        } catch let error as SyntaxError {
            output.error(ErrorRenderer.render(error, source: source))
            return 1
        } catch {
            output.error("\(error)\n")
            return 1
        }
        do {
            for statement in program {
                try interp.run([statement])
                output.flush()
            }
            return 0
        } catch let error as PyError {
            if let status = error.exitStatus {
                if !error.message.isEmpty { output.error(error.message + "\n") }
                return status
            }
            output.error(ErrorRenderer.render(error, source: source, interp))
            return error.kind == "KeyboardInterrupt" ? 130 : 1
        } catch let error as SyntaxError {
            output.error(ErrorRenderer.render(error, source: source))
            return 1
        } catch {
            output.error(ErrorRenderer.render(Interpreter.convert(error), source: source, interp))
            return 1
        }
    }

    /// A `.tsh` script runs the gradient views as the prompt does (without waiting in
    /// `:backprop`); the prompt's other commands are refused by name.
    static func installViews(_ interp: Interpreter, _ output: OutputWriter) {
        let colors = isatty(STDOUT_FILENO) != 0 && InteractiveShell.colorsWanted
        let views = Views(interp: interp, output: output, style: ViewStyle(width: Views.terminalWidth(), colors: colors))
        interp.shellCommand = { text in
            let parts = text.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1).map(String.init)
            guard Views.handles(parts[0]) else {
                throw PyError("SyntaxError", "\(parts[0]) works only at the tsh prompt; a .tsh script can use \(Views.commands.map(\.name).joined(separator: " "))")
            }
            try views.run(parts[0], parts.count > 1 ? parts[1] : "")
        }
    }

    /// The script without its `:` shell lines, so it runs under python3 with PyTorch,
    /// with imports for the names tsh predefines that it uses bare (`ones`, `nn`, `F`).
    /// `:backprop EXPR` is the one view that changes state (it runs the backward pass it
    /// walks), so it becomes `EXPR.backward()`.
    package static func emitPython(_ text: String) -> String {
        let code = text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> Substring? in
            let indent = line.prefix { $0 == " " || $0 == "\t" }
            let body = line.dropFirst(indent.count)
            guard body.hasPrefix(":") else { return line }
            guard body.hasPrefix(":backprop ") else { return nil }
            let expr = body.dropFirst(":backprop ".count).trimmingCharacters(in: .whitespaces)
            let simple = expr.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
            return indent + (simple ? expr : "(\(expr))") + ".backward()"
        }.joined(separator: "\n")
        let imports = predefinedImports(for: code)
        return imports.isEmpty ? code : imports.joined(separator: "\n") + "\n" + code
    }

    /// The imports python3 needs for the predefined names `code` reads without defining
    /// (a name tsh predefines that is also a Python builtin, like `max`, stays Python's).
    static func predefinedImports(for code: String) -> [String] {
        guard let tokens = try? Lexer.tokenize(Source(name: "<emit>", text: code)) else { return [] }
        var used: [String] = []
        var seen: Set<String> = []
        for (k, token) in tokens.enumerated() {
            guard case .name(let n) = token.kind, !seen.contains(n) else { continue }
            if k > 0, case .op(".") = tokens[k - 1].kind { continue }
            seen.insert(n)
            used.append(n)
        }
        let plain = Interpreter()
        let tsh = makeInterpreter(output: OutputWriter(fd: -1, errorFD: -1))
        let modules: [String: String] = ["torch": "import torch", "nn": "from torch import nn", "optim": "from torch import optim",
                                         "F": "import torch.nn.functional as F"]
        var lines: [String] = [], fromTorch: [String] = []
        for name in used where (tsh.globals.names[name] != nil || tsh.builtins[name] != nil) && plain.builtins[name] == nil && !code.contains("import \(name)")
            && !code.contains("as \(name)") && !code.contains("\(name) =") && !code.contains("def \(name)") {
            if let line = modules[name] { lines.append(line) } else if !Parser.keywords.contains(name) { fromTorch.append(name) }
        }
        if !fromTorch.isEmpty { lines.insert("from torch import " + fromTorch.joined(separator: ", "), at: 0) }
        return lines
    }

    /// Ctrl-C sets the interpreter's flag; the evaluator raises KeyboardInterrupt at the
    /// next loop iteration or call.
    package static func installInterruptHandler() {
        signal(SIGINT) { _ in Interpreter.interrupted.set() }
        // A parent may have started tsh with SIGINT blocked (test runners, some IDEs):
        // unblocked, Ctrl-C reaches the handler.
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)
    }
}

/// Installs the torch namespaces into an interpreter (for tests and the shell).
package enum TorchBindingsInstaller {
    package static func install(_ interp: Interpreter) { TorchRuntime.install(into: interp) }
}
