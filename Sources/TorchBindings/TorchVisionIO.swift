import Autograd
import Foundation
import Interpreter
import PythonSyntax
import TorchData

/// `torchvision.io`: `read_image` / `decode_image` / `decode_png` of PNG files to a uint8
/// [C, H, W] tensor, `read_file`, and `ImageReadMode`. JPEG and the other formats are refused
/// by name (tsh decodes PNG only).
enum TorchVisionIO {
    static func install(into interp: Interpreter, parent: ModuleObject) {
        let io = ModuleObject(name: "torchvision.io")
        let modes = ImageReadModeClass()
        io.attributes["ImageReadMode"] = .object(modes)
        io.attributes["read_file"] = function("read_file", "path") { b, i in
            Convert.wrap(Tensor(try bytesTensor(try fileBytes(b.required("path"), i))))
        }
        io.attributes["read_image"] = function("read_image", "path, mode=ImageReadMode.UNCHANGED, apply_exif_orientation=False") { b, i in
            try decoded(try fileBytes(b.required("path"), i), mode: b["mode"], i)
        }
        for name in ["decode_image", "decode_png"] {
            io.attributes[name] = function(name, "input, mode=ImageReadMode.UNCHANGED, apply_exif_orientation=False") { b, i in
                let input = b.required("input")
                if case .string = input, name == "decode_image" { return try decoded(try fileBytes(input, i), mode: b["mode"], i) }
                guard let t = Convert.tensor(input), t.dtype == .uint8, t.rank == 1 else {
                    throw PyError.runtime("Expected a non empty 1-dimensional tensor of dtype uint8")
                }
                let data = t.data.contiguousCopy()
                return try decoded([UInt8](UnsafeBufferPointer(start: data.baseAddress.assumingMemoryBound(to: UInt8.self), count: data.count)), mode: b["mode"], i)
            }
        }
        parent.attributes["io"] = .object(io)
        interp.modules["torchvision.io"] = .object(io)
    }

    private static func function(_ name: String, _ spec: String, _ body: @escaping (BoundArguments, Interpreter) throws -> Value) -> Value {
        Signature.builtin(name, module: "torchvision.io", spec, summary: "torchvision.io.\(name) (PNG images).", body)
    }

    private static func fileBytes(_ v: Value, _ interp: Interpreter) throws -> [UInt8] {
        guard case .string(let path) = v else { throw PyError.type("read_image() expects a path (a str), not \(interp.typeName(v))") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let data = FileManager.default.contents(atPath: path) else {
            throw PyError.runtime("[Errno 2] No such file or directory: '\(path)'")
        }
        return [UInt8](data)
    }

    private static func bytesTensor(_ bytes: [UInt8]) throws -> NDArray {
        let out = NDArray(uninitialized: [bytes.count], dtype: .uint8)
        bytes.withUnsafeBytes { out.baseAddress.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        return out
    }

    private static func decoded(_ bytes: [UInt8], mode: Value?, _ interp: Interpreter) throws -> Value {
        let readMode = try ImageReadModeClass.mode(mode, interp)
        guard PNGImage.isPNG(bytes) else {
            if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
                throw PyError("NotImplementedError", "tsh decodes PNG images only; this is a JPEG (convert it to PNG first)")
            }
            throw PyError.runtime("Unsupported image file. Only jpeg, png, webp and gif are currently supported. (tsh decodes PNG only)")
        }
        do {
            return Convert.wrap(Tensor(try PNGImage.decode(bytes, mode: readMode)))
        } catch let e as PNGImage.Failure {
            throw PyError.runtime("Error decoding PNG: \(e.description)")
        } catch let e as Inflate.Failure {
            throw PyError.runtime("Error decoding PNG: \(e.description)")
        }
    }
}

/// `torchvision.io.ImageReadMode`: UNCHANGED, GRAY, GRAY_ALPHA, RGB, RGB_ALPHA (also as strs).
final class ImageReadModeClass: PyObject {
    static let names = ["UNCHANGED", "GRAY", "GRAY_ALPHA", "RGB", "RGB_ALPHA"]

    var typeName: String { "EnumType" }
    func repr(_ interp: Interpreter) throws -> String { "<enum 'ImageReadMode'>" }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        if name == "__name__" { return .string("ImageReadMode") }
        guard let k = ImageReadModeClass.names.firstIndex(of: name) else { return nil }
        return .object(ImageReadModeValue(k))
    }

    static func mode(_ v: Value?, _ interp: Interpreter) throws -> PNGImage.Mode {
        switch v {
        case nil: return .unchanged
        case .object(let m as ImageReadModeValue)?: return PNGImage.Mode(rawValue: m.value)!
        case .string(let s)?:
            guard let k = names.firstIndex(of: s.uppercased()) else { throw PyError.value("'\(s)' is not a valid ImageReadMode") }
            return PNGImage.Mode(rawValue: k)!
        case let other?: throw PyError.type("mode must be an ImageReadMode, not \(interp.typeName(other))")
        }
    }
}

final class ImageReadModeValue: PyObject {
    let value: Int
    init(_ value: Int) { self.value = value }
    var typeName: String { "ImageReadMode" }
    func repr(_ interp: Interpreter) throws -> String { "<ImageReadMode.\(ImageReadModeClass.names[value]): \(value)>" }
    func str(_ interp: Interpreter) throws -> String { "ImageReadMode.\(ImageReadModeClass.names[value])" }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "name": return .string(ImageReadModeClass.names[value])
        case "value": return .int(value)
        default: return nil
        }
    }
    func hashKey() throws -> HashKey? { .string("ImageReadMode.\(value)") }
    func compare(_ op: CompareOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard op == .eq || op == .ne else { return nil }
        guard case .object(let o) = other else { return .bool(op == .ne) }
        let same = (o as? ImageReadModeValue)?.value == value
        return .bool(op == .eq ? same : !same)
    }
}
