import Autograd
import Foundation
import Interpreter
import TorchData

/// torchvision as far as the tutorials use it: `datasets.MNIST` / `FashionMNIST` reading the
/// IDX files where torchvision 0.29 keeps them (`root/<Name>/raw/`), the transforms
/// `ToTensor`, `Lambda`, `Normalize`, `Compose`, and the 28×28 grey images (PIL images in
/// torchvision) the datasets give without a transform.
enum TorchVisionModule {
    static func install(into interp: Interpreter) {
        let datasets = ModuleObject(name: "torchvision.datasets")
        for kind in VisionDatasetClass.Kind.allCases { datasets.attributes[kind.rawValue] = .object(VisionDatasetClass(kind)) }
        let transforms = ModuleObject(name: "torchvision.transforms")
        for name in ["ToTensor", "Lambda", "Normalize", "Compose"] {
            transforms.attributes[name] = .object(TypeObject(name) { a, i in .object(try TransformObject.make(name, a, i)) })
        }
        let torchvision = ModuleObject(name: "torchvision")
        torchvision.attributes["datasets"] = .object(datasets)
        torchvision.attributes["transforms"] = .object(transforms)
        torchvision.attributes["__version__"] = .string("0.29.2")
        TorchVisionModels.install(into: interp, parent: torchvision)
        TorchVisionIO.install(into: interp, parent: torchvision)
        interp.modules["torchvision"] = .object(torchvision)
        interp.modules["torchvision.datasets"] = .object(datasets)
        interp.modules["torchvision.transforms"] = .object(transforms)
    }
}

/// `datasets.MNIST` / `datasets.FashionMNIST`: the class (its `classes` readable on the
/// class itself) that makes a dataset.
final class VisionDatasetClass: PyObject {
    enum Kind: String, CaseIterable {
        case mnist = "MNIST", fashion = "FashionMNIST"

        var classes: [String] {
            switch self {
            case .mnist: ["0 - zero", "1 - one", "2 - two", "3 - three", "4 - four", "5 - five", "6 - six", "7 - seven", "8 - eight", "9 - nine"]
            case .fashion: ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
            }
        }
    }

    let kind: Kind
    init(_ kind: Kind) { self.kind = kind }

    var typeName: String { "type" }
    func repr(_ interp: Interpreter) throws -> String { "<class 'torchvision.datasets.mnist.\(kind.rawValue)'>" }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "__name__": return .string(kind.rawValue)
        case "classes": return .list(PyList(kind.classes.map { .string($0) }))
        default: return nil
        }
    }

    /// The four files torchvision's check asks for, extracted, in its resource order.
    static let files = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]

    func call(_ args: Arguments, _ interp: Interpreter) throws -> Value? {
        try Signature(kind.rawValue, "root, train=True, transform=None, target_transform=None, download=False").call(args, interp) { b in
            let rootValue = b.required("root")
            guard case .string(let given) = rootValue else {
                throw PyError.type("tsh's \(kind.rawValue) takes root as a str, not \(interp.typeName(rootValue))")
            }
            let root = NSString(string: given).expandingTildeInPath
            let train = try Convert.bool(b["train"], interp) ?? true
            let raw = root + "/" + kind.rawValue + "/raw"
            let present = VisionDatasetClass.files.allSatisfy { FileManager.default.fileExists(atPath: raw + "/" + $0) }
            if try Convert.bool(b["download"], interp) == true && !present {
                let standIn = kind == .fashion ? ", or write tsh's generated stand-in there with: import tsh; tsh.fashion_mnist_standin('\(given)')" : ""
                throw PyError.runtime("tsh has no network access, so download=True cannot fetch \(kind.rawValue). Put its four files (\(VisionDatasetClass.files.joined(separator: ", ")), extracted) in \(raw) and use download=False\(standIn)")
            }
            guard present else { throw PyError.runtime("Dataset not found. You can use download=True to download it") }
            let prefix = raw + "/" + (train ? "train" : "t10k")
            let images = try IDXFile.read(prefix + "-images-idx3-ubyte")
            let labels = try IDXFile.read(prefix + "-labels-idx1-ubyte")
            guard images.rank == 3, labels.rank == 1, images.shape[0] == labels.shape[0] else {
                throw PyError.runtime("\(kind.rawValue): the image and label files do not match (shapes \(images.shape) and \(labels.shape))")
            }
            let transform = b["transform"], targetTransform = b["target_transform"]
            return .object(VisionDataset(kind: kind, root: given, train: train, data: Tensor(images), targets: Tensor(labels.to(.int64)),
                                         transform: transform, targetTransform: targetTransform))
        }
    }
}

/// A loaded MNIST or FashionMNIST split: `data` (uint8 [N, 28, 28]), `targets` (int64 [N]),
/// items `(transform(image), target_transform(label))`.
final class VisionDataset: PyObject {
    let kind: VisionDatasetClass.Kind
    let root: String, train: Bool
    let data: Tensor, targets: Tensor
    let transform: Value?, targetTransform: Value?

    init(kind: VisionDatasetClass.Kind, root: String, train: Bool, data: Tensor, targets: Tensor, transform: Value?, targetTransform: Value?) {
        self.kind = kind
        self.root = root
        self.train = train
        self.data = data
        self.targets = targets
        self.transform = transform
        self.targetTransform = targetTransform
    }

    var typeName: String { kind.rawValue }
    func isInstance(of cls: PyObject) -> Bool { cls === DatasetBase.shared || (cls as? VisionDatasetClass)?.kind == kind }
    func length(_ interp: Interpreter) throws -> Int? { data.shape[0] }

    func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        guard let i = try interp.asIndex(index) else {
            throw PyError.type("\(kind.rawValue) indices must be integers, not \(interp.typeName(index))")
        }
        let n = data.shape[0]
        guard i >= -n && i < n else { throw PyError.index("index \(i) is out of bounds for dimension 0 with size \(n)") }
        let k = i < 0 ? i + n : i
        let pixels = try data.data.select(dim: 0, index: k).contiguousCopy()
        var image: Value = .object(GreyImage(pixels))
        var target: Value = .int(Int(try targets.data.select(dim: 0, index: k).item().int64Value))
        if let transform { image = try interp.call(transform, Arguments([image])) }
        if let targetTransform { target = try interp.call(targetTransform, Arguments([target])) }
        return .tuple([image, target])
    }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "data": return Convert.wrap(data)
        case "targets": return Convert.wrap(targets)
        case "classes": return .list(PyList(kind.classes.map { .string($0) }))
        case "class_to_idx":
            return .dict(try PyDict(kind.classes.enumerated().map { (.string($0.element), .int($0.offset)) }))
        case "train": return .bool(train)
        case "root": return .string(root)
        case "transform": return transform ?? Value.none
        case "target_transform": return targetTransform ?? Value.none
        case "raw_folder": return .string(root + "/" + kind.rawValue + "/raw")
        default: return nil
        }
    }

    /// torchvision's VisionDataset repr, StandardTransform and its indented transforms included.
    func repr(_ interp: Interpreter) throws -> String {
        var body = ["Number of datapoints: \(data.shape[0])", "Root location: \(root)", "Split: \(train ? "Train" : "Test")"]
        if transform != nil || targetTransform != nil {
            var lines = ["StandardTransform"]
            for (head, t) in [("Transform: ", transform), ("Target transform: ", targetTransform)] {
                guard let t else { continue }
                let text = try interp.repr(t).split(separator: "\n", omittingEmptySubsequences: false)
                lines.append(head + text[0])
                lines += text.dropFirst().map { String(repeating: " ", count: head.count) + $0 }
            }
            body.append(lines.joined(separator: "\n"))
        }
        return (["Dataset \(kind.rawValue)"] + body.map { "    " + $0 }).joined(separator: "\n")
    }
}

/// A grey image as torchvision's datasets hand it out (a PIL image of mode L): its pixels.
final class GreyImage: PyObject {
    let pixels: NDArray
    init(_ pixels: NDArray) { self.pixels = pixels }

    var typeName: String { "Image" }
    func repr(_ interp: Interpreter) throws -> String {
        "<PIL.Image.Image image mode=L size=\(pixels.shape[1])x\(pixels.shape[0]) at \(PseudoAddress.of(self).uppercased().replacingOccurrences(of: "0X", with: "0x"))>"
    }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "size": return .tuple([.int(pixels.shape[1]), .int(pixels.shape[0])])
        case "mode": return .string("L")
        case "width": return .int(pixels.shape[1])
        case "height": return .int(pixels.shape[0])
        default: return nil
        }
    }
}

/// torchvision.transforms.ToTensor, Lambda, Normalize and Compose.
final class TransformObject: PyObject {
    enum Kind {
        case toTensor
        case lambda(Value)
        /// The mean and std as given (the repr shows them so) and as numbers.
        case normalize(meanText: String, stdText: String, mean: [Double], std: [Double], inplace: Bool)
        case compose([Value])
    }

    let name: String
    let kind: Kind

    init(_ name: String, _ kind: Kind) {
        self.name = name
        self.kind = kind
    }

    static func make(_ name: String, _ a: Arguments, _ i: Interpreter) throws -> TransformObject {
        switch name {
        case "ToTensor":
            return try Signature("ToTensor", "").call(a, i) { _ in TransformObject(name, .toTensor) }
        case "Lambda":
            return try Signature("Lambda", "lambd").call(a, i) { b in
                let f = b.required("lambd")
                guard try i.isCallable(f) else { throw PyError.type("Argument lambd should be callable, got \(i.typeName(f))") }
                return TransformObject(name, .lambda(f))
            }
        case "Normalize":
            return try Signature("Normalize", "mean, std, inplace=False").call(a, i) { b in
                func numbers(_ v: Value) throws -> [Double] {
                    if let d = try? i.float(v) { return [d] }
                    return try i.materialize(v).map(i.float)
                }
                let mean = b.required("mean"), std = b.required("std")
                return TransformObject(name, .normalize(meanText: try i.str(mean), stdText: try i.str(std), mean: try numbers(mean),
                                                        std: try numbers(std), inplace: try Convert.bool(b["inplace"], i) ?? false))
            }
        default:
            return try Signature("Compose", "transforms").call(a, i) { b in
                TransformObject(name, .compose(try i.materialize(b.required("transforms"))))
            }
        }
    }

    var typeName: String { name }

    func repr(_ interp: Interpreter) throws -> String {
        switch kind {
        case .toTensor: return "ToTensor()"
        case .lambda: return "Lambda()"
        case .normalize(let meanText, let stdText, _, _, _): return "Normalize(mean=\(meanText), std=\(stdText))"
        case .compose(let steps):
            return "Compose(" + (try steps.map { "\n    " + (try interp.str($0)) }.joined()) + "\n)"
        }
    }

    func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch (kind, n) {
        case (.compose(let steps), "transforms"): return .list(PyList(steps))
        case (.lambda(let f), "lambd"): return f
        default: return nil
        }
    }

    func call(_ args: Arguments, _ interp: Interpreter) throws -> Value? {
        guard args.positional.count == 1, args.keywords.isEmpty else {
            throw PyError.type("\(name).__call__() takes 2 positional arguments but \(args.positional.count + 1) were given")
        }
        let input = args.positional[0]
        switch kind {
        case .toTensor:
            guard case .object(let image as GreyImage) = input else {
                throw PyError.type("pic should be PIL Image or ndarray. Got \(interp.typeName(input) == "Tensor" ? "<class 'torch.Tensor'>" : "<class '\(interp.typeName(input))'>")")
            }
            // torchvision: the bytes as a [C, H, W] tensor, to float, divided by 255.
            let floats = try image.pixels.to(.float32).view([1] + image.pixels.shape)
            return Convert.wrap(Tensor(try NDArray.binary(.div, .array(floats), .scalar(.int(255)))))
        case .lambda(let f):
            return try interp.call(f, Arguments([input]))
        case .normalize(_, _, let mean, let std, let inplace):
            guard let t = Convert.tensor(input) else {
                throw PyError.type("img should be Tensor Image. Got \(interp.typeName(input) == "Image" ? "<class 'PIL.Image.Image'>" : "<class '\(interp.typeName(input))'>")")
            }
            guard t.dtype.isFloatingPoint else { throw PyError.type("Input tensor should be a float tensor. Got \("torch." + t.dtype.name).") }
            guard t.rank >= 3 else {
                throw PyError.value("Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = torch.Size([\(t.shape.map(String.init).joined(separator: ", "))])")
            }
            let meanT = Tensor(try NDArray.from(.list(mean.map { .scalar(.double($0)) }), dtype: t.dtype).view([mean.count, 1, 1]))
            let stdT = Tensor(try NDArray.from(.list(std.map { .scalar(.double($0)) }), dtype: t.dtype).view([std.count, 1, 1]))
            if std.contains(where: { Float($0) == 0 }) {
                throw PyError.value("std evaluated to zero after conversion to \("torch." + t.dtype.name), leading to division by zero.")
            }
            if inplace {
                try t.subInPlace(.tensor(meanT))
                try t.divInPlace(.tensor(stdT))
                return input
            }
            return Convert.wrap(try t.sub(.tensor(meanT)).div(.tensor(stdT)))
        case .compose(let steps):
            var x = input
            for step in steps { x = try interp.call(step, Arguments([x])) }
            return x
        }
    }
}
