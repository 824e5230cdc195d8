import Foundation
import TensorCore
import TestSupport
import Testing
@testable import TorchSerialization

/// The `.pth` samples PyTorch wrote (../shared/spec/vectors/pth), with their sidecars.
struct PthSample {
    struct Sidecar: Decodable {
        struct TensorRecord: Decodable {
            let key: String
            let `class`: String
            let dtype: String
            let shape: [Int]
            let stride: [Int]
            let storage_offset: Int
            let requires_grad: Bool
            let storage_nbytes: Int
            let storage_values: [Leaf]
        }
        struct Record: Decodable {
            let name: String
            let data_offset: Int
            let size: Int
        }
        struct Zip: Decodable { let records: [Record] }
        let archive_name: String
        let tensors: [TensorRecord]
        let plain_values: [String: Leaf]
        let data_pkl_sha256: String
        let zip: Zip
    }

    /// A JSON leaf: ints, bools, strings (floats are hex strings), null.
    enum Leaf: Decodable, Equatable, CustomStringConvertible {
        case int(Int64), bool(Bool), string(String), null
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null } else if let v = try? c.decode(Int64.self) { self = .int(v) } else if let v = try? c.decode(Bool.self) {
                self = .bool(v)
            } else { self = .string(try c.decode(String.self)) }
        }
        var description: String {
            switch self {
            case .int(let v): "\(v)"
            case .bool(let b): "\(b)"
            case .string(let s): s
            case .null: "null"
            }
        }
    }

    let name: String
    let bytes: [UInt8]
    let sidecar: Sidecar

    init(_ name: String) throws {
        let url = Bundle.module.url(forResource: name, withExtension: "pth", subdirectory: "Vectors/pth")!
        bytes = [UInt8](try Data(contentsOf: url))
        let json = try Data(contentsOf: url.appendingPathExtension("json"))
        sidecar = try JSONDecoder().decode(Sidecar.self, from: json)
        self.name = name
    }

    static let supported = ["tensor_f32", "tensor_i64", "dict_two", "seq_state_dict", "views_shared", "checkpoint", "parameter",
                            "mixed_dtypes"]
}

/// Tensors and plain leaves of a loaded value, keyed by path as the sidecars key them.
func flatten(_ v: SavedValue, _ path: String = "") -> (tensors: [(String, SavedValue)], plain: [String: PthSample.Leaf]) {
    var tensors: [(String, SavedValue)] = [], plain: [String: PthSample.Leaf] = [:]
    func walk(_ v: SavedValue, _ path: String) {
        let sub = { (k: String) in path.isEmpty ? k : path + "/" + k }
        switch v {
        case .tensor, .parameter: tensors.append((path, v))
        case .dict(let pairs, _):
            for (k, value) in pairs {
                guard case .string(let key) = k else { if case .int(let n) = k { walk(value, sub("\(n)")) }; continue }
                walk(value, sub(key))
            }
        case .list(let items), .tuple(let items): for (n, item) in items.enumerated() { walk(item, sub("\(n)")) }
        case .int(let n): plain[path] = .int(n)
        case .bool(let b): plain[path] = .bool(b)
        case .float(let d): plain[path] = .string(hex(d))
        case .string(let s): plain[path] = .string(s)
        case .none: plain[path] = .null
        case .object(_, _, let state): for (key, value) in state { walk(value, sub(key)) }
        case .built(let inner, _): walk(inner, path)  // a state_dict's _metadata is not in the sidecar
        case .shared(let s): plain[path] = .string(s)
        }
    }
    walk(v, path)
    return (tensors, plain)
}

/// Python's float.hex.
func hex(_ d: Double) -> String {
    if d == 0 { return d.sign == .minus ? "-0x0.0p+0" : "0x0.0p+0" }
    let sign = d.sign == .minus ? "-" : ""
    let m = d.magnitude
    var exponent = Int(m.exponent)
    var fraction = m.significandBitPattern
    var lead = 1
    if m.isSubnormalOrZero {
        exponent = -1022
        lead = 0
    } else {
        fraction = m.significandBitPattern
    }
    let digits = String(fraction, radix: 16)
    return "\(sign)0x\(lead).\(String(repeating: "0", count: 13 - digits.count) + digits)p\(exponent >= 0 ? "+" : "")\(exponent)"
}

extension Double {
    fileprivate var isSubnormalOrZero: Bool { isSubnormal || isZero }
}

func storageValues(_ array: NDArray) -> [String] {
    let count = array.storage.byteCount / array.dtype.itemSize
    let p = array.storage.bytes
    return (0..<count).map { k in
        switch array.dtype {
        case .float32: hex(Double(p.load(fromByteOffset: 4 * k, as: Float.self)))
        case .float64: hex(p.load(fromByteOffset: 8 * k, as: Double.self))
        case .int64: "\(p.load(fromByteOffset: 8 * k, as: Int64.self))"
        case .int32: "\(p.load(fromByteOffset: 4 * k, as: Int32.self))"
        case .bool: "\(p.load(fromByteOffset: k, as: UInt8.self) != 0)"
        case .float16: hex(Double(p.load(fromByteOffset: 2 * k, as: Float16.self)))
        case .bfloat16: hex(Double(Float(bitPattern: UInt32(p.load(fromByteOffset: 2 * k, as: UInt16.self)) << 16)))
        case .int16: "\(p.load(fromByteOffset: 2 * k, as: Int16.self))"
        case .int8: "\(p.load(fromByteOffset: k, as: Int8.self))"
        case .uint8: "\(p.load(fromByteOffset: k, as: UInt8.self))"
        }
    }
}

struct PthFileTests {
    @Test(arguments: PthSample.supported)
    func pytorchsFilesLoadWithEveryTensorAndValue(_ name: String) throws {
        let sample = try PthSample(name)
        let loaded = try PthFile.decode(sample.bytes)
        let (tensors, plain) = flatten(loaded)
        #expect(tensors.map(\.0) == sample.sidecar.tensors.map(\.key))
        for ((_, value), expected) in zip(tensors, sample.sidecar.tensors) {
            let (array, requiresGrad, isParameter): (NDArray, Bool, Bool) = switch value {
            case .tensor(let a, let r): (a, r, false)
            case .parameter(let a, let r): (a, r, true)
            default: fatalError()
            }
            #expect(isParameter == (expected.class == "Parameter"), "\(expected.key)")
            #expect(array.dtype.name == expected.dtype)
            #expect(array.shape == expected.shape && array.strides == expected.stride && array.offset == expected.storage_offset, "\(expected.key)")
            #expect(requiresGrad == expected.requires_grad)
            #expect(array.storage.byteCount == expected.storage_nbytes)
            #expect(storageValues(array) == expected.storage_values.map(\.description), "\(expected.key)")
        }
        #expect(plain == sample.sidecar.plain_values)
    }

    @Test func viewsOfOneStorageShareItAgainAfterLoading() throws {
        let loaded = try PthFile.decode(try PthSample("views_shared").bytes)
        let arrays = flatten(loaded).tensors.compactMap { pair -> (String, NDArray)? in
            if case .tensor(let a, _) = pair.1 { return (pair.0, a) } else { return nil }
        }
        let byName = Dictionary(uniqueKeysWithValues: arrays)
        #expect(byName["base"]!.storage === byName["tail"]!.storage)
        #expect(byName["base"]!.storage === byName["mat"]!.storage)
    }

    /// Given the same value, tsh writes PyTorch's bytes: every record, offset, CRC and end
    /// record, and the serialization id's reproducible half (the other half is given).
    @Test(arguments: ["tensor_f32", "tensor_i64", "dict_two", "views_shared", "parameter", "seq_state_dict", "checkpoint"])
    func writingReproducesPyTorchsBytes(_ name: String) throws {
        let sample = try PthSample(name)
        let id = sample.sidecar.zip.records.first { $0.name.hasSuffix("/.data/serialization_id") }!
        let nameHash = String(decoding: sample.bytes[id.data_offset..<(id.data_offset + 20)], as: UTF8.self)
        let written = try PthFile.encode(try PthFile.decode(sample.bytes), archiveName: sample.sidecar.archive_name, nameHash: nameHash)
        let pickle = sample.sidecar.zip.records.first { $0.name.hasSuffix("/data.pkl") }!
        #expect(sha256Hex(Array(written[pickle.data_offset..<(pickle.data_offset + pickle.size)])) == sample.sidecar.data_pkl_sha256)
        #expect(written.count == sample.bytes.count)
        let firstDifference = zip(written, sample.bytes).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(firstDifference == nil, "first different byte at \(firstDifference ?? -1)")
    }

    @Test func archiveNamesFollowTheFileName() {
        #expect(PthFile.archiveName(for: "model.pth") == "model")
        #expect(PthFile.archiveName(for: "a.b.pth") == "a.b")
        #expect(PthFile.archiveName(for: "ckpt.tar.gz") == "ckpt.tar")
        #expect(PthFile.archiveName(for: "dir.v1/model") == "model")
        #expect(PthFile.archiveName(for: "noext") == "noext")
        #expect(PthFile.archiveName(for: "modèle.pth") == "archive")
    }

    @Test func truncatedAndForeignFilesGiveErrors() throws {
        let bytes = try PthSample("tensor_f32").bytes
        #expect { try PthFile.decode(Array(bytes.prefix(bytes.count / 2))) } throws: { error in
            (error as? SerializationError)?.description.hasPrefix("RuntimeError: PytorchStreamReader failed reading zip archive") == true
        }
        #expect { try PthFile.decode(Array("not a zip file at all, just text".utf8)) } throws: { error in
            (error as? SerializationError)?.kind == "RuntimeError"
        }
    }
}
