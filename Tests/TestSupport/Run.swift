import Foundation
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
    defer { interp.shutdown() }
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

/// Runs the built `tsh` with `arguments` in a fresh empty working directory, stdout and
/// stderr together; `environment` is added to this process's.
package func runTsh(_ arguments: [String], environment: [String: String] = [:]) throws -> (out: String, status: Int32) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Terminal.tshPath)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let dir = NSTemporaryDirectory() + "tsh-run-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    process.currentDirectoryURL = URL(fileURLWithPath: dir)
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (String(decoding: data, as: UTF8.self), process.terminationStatus)
}
