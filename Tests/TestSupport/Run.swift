import Interpreter
import PythonSyntax
import Shell

/// Runs a program through the real interpreter with torch installed, and returns what it
/// printed (and the error it stopped with, rendered as Python's last line).
package func runProgram(_ code: String, seed: Int64? = nil) -> (output: String, error: String?) {
    var printed = ""
    let interp = Interpreter()
    interp.write = { printed += $0 }
    TorchBindingsInstaller.install(interp)
    do {
        try interp.run(source: Source(name: "<test>", text: code))
        return (printed, nil)
    } catch let e as PyError {
        return (printed, e.headline)
    } catch let e as SyntaxError {
        return (printed, "\(e.kind): \(e.message)")
    } catch {
        return (printed, Interpreter.convert(error).headline)
    }
}
