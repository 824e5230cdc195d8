import CreationSite
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whether operations record the graph: PyTorch's thread-local grad mode
/// (`torch.no_grad()`, `enable_grad()`, `set_grad_enabled(b)`, `is_grad_enabled()`).
///
/// Thread-local, as in PyTorch, so sessions and tests on different threads never see each
/// other's setting. The same per-thread state numbers nodes for the engine's ordering.
package enum GradMode {
    /// The rest of the per-thread state (the mode and node numbering are C thread-locals,
    /// see grad_mode.h: every op reads them).
    final class State {
        var inBackwardPass = false
        /// The statement of the last backward pass, and its root (for `:why`).
        var lastBackwardSite = 0
        /// The last few `.item()` / `.tolist()` calls on tensors in a graph: where the value
        /// left the graph as a Python number, and the node it came from (for `:why`).
        var numberExits: [(site: Int, node: Node)] = []
        weak var lastBackwardRoot: Tensor?
        var anomalyDetection = false
        var anomalyCheckNaN = true
        /// The node whose backward failed while anomaly detection was on.
        weak var anomalyNode: Node?
    }

    /// Mirrors torch.autograd.set_detect_anomaly(mode, check_nan) / is_anomaly_enabled().
    package static var anomalyDetection: (enabled: Bool, checkNaN: Bool) {
        get { (state.anomalyDetection, state.anomalyCheckNaN) }
        set {
            state.anomalyDetection = newValue.enabled
            state.anomalyCheckNaN = newValue.checkNaN
        }
    }

    /// The node whose backward raised while anomaly detection was on (its creation site is
    /// the forward line PyTorch's anomaly mode prints), taken once.
    package static func takeAnomalyNode() -> Node? {
        defer { state.anomalyNode = nil }
        return state.anomalyNode
    }

    /// Where the last backward pass on this thread ran, and on what (for `:why`).
    package static var lastBackward: (site: Int, root: Tensor?) { (state.lastBackwardSite, state.lastBackwardRoot) }

    /// Remembers that `tensor`'s value was taken out as a Python number at `site`
    /// (`.item()`, `.tolist()`); only for tensors with a grad_fn, and only the last few.
    package static func noteNumberExit(of tensor: Tensor, site: Int) {
        guard let node = tensor.gradFn ?? (tensor.requiresGrad ? tensor.gradientEdge.node : nil) else { return }
        let s = state
        if let last = s.numberExits.last, last.node === node { return }
        s.numberExits.append((site, node))
        if s.numberExits.count > 4 { s.numberExits.removeFirst() }
    }

    /// The remembered number exits, newest first.
    package static var numberExits: [(site: Int, node: Node)] { state.numberExits.reversed() }

    package static func noteBackward(site: Int, root: Tensor?) {
        state.lastBackwardSite = site
        state.lastBackwardRoot = root
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { pointer in
            if let pointer { Unmanaged<State>.fromOpaque(pointer).release() }
        }
        return key
    }()

    static var state: State {
        if let p = pthread_getspecific(key) { return Unmanaged<State>.fromOpaque(p).takeUnretainedValue() }
        let s = State()
        pthread_setspecific(key, Unmanaged.passRetained(s).toOpaque())
        return s
    }

    /// Mirrors torch.is_grad_enabled() / torch.set_grad_enabled(b).
    package static var isEnabled: Bool {
        get { tsh_grad_enabled() != 0 }
        set { tsh_set_grad_enabled(newValue ? 1 : 0) }
    }

    /// Runs `body` with grad mode set to `enabled`, restoring the previous mode after
    /// (the `with torch.no_grad():` block).
    package static func with<T>(enabled: Bool, _ body: () throws -> T) rethrows -> T {
        let previous = isEnabled
        isEnabled = enabled
        defer { isEnabled = previous }
        return try body()
    }

    static func takeSequenceNr() -> UInt64 { UInt64(tsh_take_sequence_nr()) }

    /// Starts a backward pass: its number. Passes do not nest (a hook that started another
    /// backward would clobber the state the running pass keeps on the nodes).
    static func beginBackwardPass() throws -> UInt64 {
        let s = state
        guard !s.inBackwardPass else {
            throw TensorError.runtime("tsh runs one backward pass at a time: a hook or callback started another backward while one was running")
        }
        s.inBackwardPass = true
        passLock.lock()
        defer { passLock.unlock() }
        passCount += 1
        return passCount
    }

    /// Pass numbers are unique in the process: a node made on one thread and used by a
    /// pass on another never mistakes an old number for the current one.
    private static let passLock = NSLock()
    nonisolated(unsafe) private static var passCount: UInt64 = 0

    static func endBackwardPass() { state.inBackwardPass = false }

    /// The serial the next node will get: nodes with a lower one were made before now.
    package static var nextSerial: UInt64 { UInt64(tsh_peek_serial()) + 1 }

    static func takeSerial() -> UInt64 { UInt64(tsh_take_serial()) }
}
