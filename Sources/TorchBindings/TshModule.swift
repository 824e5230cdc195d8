import Foundation
import Interpreter
import TensorCore
import TorchData

/// `import tsh`: what tsh offers beyond PyTorch's names. `tsh.fashion_mnist_standin(root)`
/// writes the built-in offline stand-in for FashionMNIST as torchvision's IDX files, so the
/// tutorial's `datasets.FashionMNIST(root=..., download=False)` reads it unchanged.
enum TshModule {
    static func install(into interp: Interpreter) {
        let tsh = ModuleObject(name: "tsh")
        let spec = "root=None"
        let summary = "Writes tsh's offline stand-in for FashionMNIST (60,000 + 10,000 generated 28x28 images of the 10 classes) into root/FashionMNIST/raw and returns root; files already there are kept. Default root: ~/.cache/tsh/standin."
        HelpRegistry.add("tsh.fashion_mnist_standin", name: "fashion_mnist_standin", spec: spec, summary: summary,
                         example: "datasets.FashionMNIST(root=tsh.fashion_mnist_standin(), train=True, transform=ToTensor())")
        let signature = Signature("fashion_mnist_standin", spec)
        tsh.attributes["fashion_mnist_standin"] = .builtin(Builtin("fashion_mnist_standin", qualifiedName: "tsh.fashion_mnist_standin", parameters: ["root"]) { args, interp in
            try signature.call(args, interp) { b in
                let root: String
                switch b["root"] {
                case nil: root = defaultRoot()
                case .string(let given)?: root = NSString(string: given).expandingTildeInPath
                case let other?: throw PyError.type("fashion_mnist_standin() takes root as a str, not \(interp.typeName(other))")
                }
                let raw = root + "/FashionMNIST/raw"
                if !VisionDatasetClass.files.allSatisfy({ FileManager.default.fileExists(atPath: raw + "/" + $0) }) {
                    do {
                        try FashionMNISTStandIn.write(root: root)
                    } catch {
                        throw PyError("OSError", "cannot write the FashionMNIST stand-in into \(raw): \(error)")
                    }
                }
                return .string(root)
            }
        })
        tsh.attributes["buffer_cache"] = Signature.builtin("buffer_cache", module: "tsh", "",
            summary: "How tsh's cache of tensor buffers has served this session: hits (buffers reused), misses (fresh memory from the system), cached_bytes (kept for reuse now). A warm training loop makes no misses.",
            example: "tsh.buffer_cache()['misses']") { _, _ in
            let counts = BufferCache.counts
            let d = PyDict()
            try d.set(.string("hits"), .int(counts.hits))
            try d.set(.string("misses"), .int(counts.misses))
            try d.set(.string("cached_bytes"), .int(counts.cachedBytes))
            return .dict(d)
        }
        interp.modules["tsh"] = .object(tsh)
    }

    /// `$XDG_CACHE_HOME/tsh/standin`, else `~/.cache/tsh/standin`.
    static func defaultRoot() -> String {
        let env = ProcessInfo.processInfo.environment
        let cache = env["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSString(string: "~/.cache").expandingTildeInPath
        return cache + "/tsh/standin"
    }
}
