#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Runs a program in a pseudo-terminal, as a person at a keyboard would: keystrokes in,
/// the text it shows out (escape sequences removed).
package final class Terminal {
    private let master: Int32
    private var pid: pid_t = 0
    package private(set) var raw = ""

    /// The built `tsh` beside this test bundle.
    package static var tshPath: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments.first { $0.hasSuffix(".xctest") } ?? CommandLine.arguments[0])
        return bundle.deletingLastPathComponent().appendingPathComponent("tsh").path
    }

    package init(_ executable: String = Terminal.tshPath, arguments: [String] = [], environment: [String: String] = [:],
                 directory: String? = nil) throws {
        // Swift's Glibc module hides posix_openpt and friends; /dev/ptmx with the
        // Linux ioctls (TIOCSPTLCK, TIOCGPTN) does the same.
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard master >= 0, ioctl(master, 0x4004_5431, &unlock) == 0, ioctl(master, 0x8004_5430, &number) == 0 else {
            throw POSIXError(.ENODEV)
        }
        var size = winsize(ws_row: 30, ws_col: 100, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        let slave = "/dev/pts/\(number)"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        for fd: Int32 in 0...2 { posix_spawn_file_actions_addopen(&actions, fd, slave, O_RDWR, 0) }
        posix_spawn_file_actions_addclose(&actions, master)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(&attributes, 0x80 | Int16(POSIX_SPAWN_SETSIGMASK))  // 0x80: POSIX_SPAWN_SETSID
        var env = ProcessInfo.processInfo.environment
        env["TERM"] = "xterm"
        env["NO_COLOR"] = "1"
        for (k, v) in environment { env[k] = v }
        // In another working directory through env -C (Glibc's module hides addchdir_np).
        let command = directory.map { ["/usr/bin/env", "-C", $0, executable] } ?? [executable]
        let argv = (command + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        let status = posix_spawn(&pid, command[0], &actions, &attributes, argv, envp)
        argv.forEach { free($0) }
        envp.forEach { free($0) }
        posix_spawn_file_actions_destroy(&actions)
        posix_spawnattr_destroy(&attributes)
        guard status == 0 else { throw POSIXError(POSIXErrorCode(rawValue: status) ?? .ENOENT) }
    }

    deinit {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(master)
    }

    package func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Types a line and Enter.
    package func type(_ line: String) { send(line + "\r") }

    /// The output so far without escape sequences and carriage returns.
    package var screen: String { Terminal.strip(raw) }

    /// Reads until the screen contains `text` (after `after` characters) or the time runs out.
    @discardableResult
    package func waitFor(_ text: String, timeout: Double = 10, after offset: Int = 0) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if screen.dropFirst(offset).contains(text) { return true }
            var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&fds, 1, 50) > 0 {
                var buffer = [UInt8](repeating: 0, count: 4096)
                let n = read(master, &buffer, buffer.count)
                if n > 0 { raw += String(decoding: buffer[0..<n], as: UTF8.self) } else if n <= 0 { break }
            }
        }
        return screen.dropFirst(offset).contains(text)
    }

    /// Waits for a prompt and for the line editor to take the terminal (canonical mode off).
    /// libedit prints the prompt a moment before it leaves cooked mode, and a Ctrl-D typed in
    /// that moment is taken by the kernel as an end-of-file nobody reads; a person never types
    /// that fast, a test does.
    @discardableResult
    package func waitForPrompt(_ prompt: String, timeout: Double = 10, after offset: Int = 0) -> Bool {
        guard waitFor(prompt, timeout: timeout, after: offset) else { return false }
        let deadline = Date().addingTimeInterval(timeout)
        var mode = termios()
        while Date() < deadline {
            if tcgetattr(master, &mode) == 0 && mode.c_lflag & tcflag_t(ICANON) == 0 { return true }
            _ = waitFor("\u{0}", timeout: 0.01)
        }
        return false
    }

    /// The terminal's local-mode flags (ICANON, ECHO, ISIG, ...) as the program left them.
    package var localModes: UInt32 {
        var mode = termios()
        tcgetattr(master, &mode)
        return UInt32(mode.c_lflag)
    }

    /// Waits for the process to end; its exit status.
    package func waitForExit(timeout: Double = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while Date() < deadline {
            _ = waitFor("\u{0}", timeout: 0.05)
            if waitpid(pid, &status, WNOHANG) == pid { return (status >> 8) & 0xff }
        }
        return nil
    }

    static func strip(_ s: String) -> String {
        var out = ""
        var chars = Array(s.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if c == "\u{1B}" {
                if chars.first == "[" {
                    chars.removeFirst()
                    while let d = chars.first, !(("@"..."~").contains(d)) { chars.removeFirst() }
                    _ = chars.popFirst()
                } else {
                    _ = chars.popFirst()
                }
                continue
            }
            if c == "\r" || c == "\u{7}" || c == "\u{8}" { continue }
            out.unicodeScalars.append(c)
        }
        return out
    }
}
