import Autograd
import Foundation
import Testing

/// The records of printing.jsonl that carry a structured tensor: each tensor is built
/// directly and its repr compared with PyTorch's text.
struct PrintingVectorTests {
    struct Record: Sendable, CustomTestStringConvertible {
        let code: String
        let out: String
        let dtype: String
        let shape: [Int]
        let values: [String]
        let requiresGrad: Bool
        let gradFn: String?

        var testDescription: String { code }
    }

    static let supportedDTypes: [String: DType] = Dictionary(uniqueKeysWithValues: DType.allCases.map { ($0.name, $0) })

    /// One element of a record's `values`: a hex float string, an int or a bool.
    enum Value: Decodable {
        case text(String), int(Int64), bool(Bool)

        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let b = try? c.decode(Bool.self) {
                self = .bool(b)
            } else if let i = try? c.decode(Int64.self) {
                self = .int(i)
            } else {
                self = .text(try c.decode(String.self))
            }
        }

        var text: String {
            switch self {
            case .text(let s): s
            case .int(let i): String(i)
            case .bool(let b): b ? "True" : "False"
            }
        }
    }

    struct Line: Decodable {
        struct TensorFields: Decodable {
            let dtype: String
            let shape: [Int]
            let values: [Value]
            let requires_grad: Bool
            let grad_fn: String?
        }
        let code: String
        let out: String
        let tensor: TensorFields?
    }

    static let records: [Record] = {
        let url = Bundle.module.url(forResource: "printing", withExtension: "jsonl", subdirectory: "Vectors")!
        let text = try! String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line -> Record? in
            let parsed = try! JSONDecoder().decode(Line.self, from: Data(line.utf8))
            guard let t = parsed.tensor else { return nil }
            return Record(code: parsed.code, out: parsed.out, dtype: t.dtype, shape: t.shape,
                          values: t.values.map(\.text), requiresGrad: t.requires_grad, gradFn: t.grad_fn)
        }
    }()

    static var supported: [Record] { records.filter { supportedDTypes[$0.dtype] != nil } }

    static func build(_ r: Record) -> Tensor {
        let dtype = supportedDTypes[r.dtype]!
        let scalars = r.values.map { text -> Scalar in
            switch dtype {
            case .bool: .bool(text == "True")
            case .int64, .int32, .int16, .int8, .uint8: .int(Int64(text)!)
            case .float32, .float64, .float16, .bfloat16: .double(Double(text)!)
            }
        }
        let a = NDArray(values: scalars, shape: r.shape, dtype: dtype)
        return Tensor(a, requiresGrad: r.requiresGrad, gradFn: r.gradFn.map { Node(name: $0) },
                      isParameter: r.out.hasPrefix("Parameter containing:"))
    }

    @Test func everySupportedRecordIsPresent() {
        #expect(Self.records.count == 391)
        #expect(Self.supported.count == 391)
    }

    @Test(arguments: supported)
    func reprMatchesPyTorch(_ record: Record) {
        #expect(TensorFormatter.repr(Self.build(record)) == record.out)
    }
}
