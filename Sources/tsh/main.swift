import ArgumentParser
import Autograd

/// The tensor shell's command line. Later issues add scripts, `-c`, the prompt and lessons.
struct TSH: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "tsh",
        abstract: "tsh, the tensor shell: PyTorch's names, an autograd engine you can watch.",
        usage: "tsh [--version] [--help]",
        version: "tsh \(version)"
    )

    func run() throws {
        print(TSH.helpMessage())
    }
}

TSH.main()
