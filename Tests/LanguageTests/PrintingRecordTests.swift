import Foundation
import TestSupport
import Testing

/// The records of printing.jsonl without a structured tensor: Python numbers, `.item()`,
/// `.tolist()`, containers, torch.Size, dtypes and f-strings, each run as `print(EXPR)`.
struct PrintingRecordTests {
    struct Record: Decodable, Sendable, CustomTestStringConvertible {
        let code: String
        let out: String
        let rule: String
        var testDescription: String { code }
    }

    struct Line: Decodable {
        let code: String
        let out: String
        let rule: String
        let tensor: Tolerant?
        struct Tolerant: Decodable {}
    }

    static let records: [Record] = {
        let url = Bundle.module.url(forResource: "printing", withExtension: "jsonl", subdirectory: "Vectors")!
        let text = try! String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line -> Record? in
            let parsed = try! JSONDecoder().decode(Line.self, from: Data(line.utf8))
            guard parsed.tensor == nil else { return nil }
            return Record(code: parsed.code, out: parsed.out, rule: parsed.rule)
        }
    }()

    /// Records that need what tsh refuses: tensors of other dtypes (float16, uint8, ...),
    /// and torch.nn layers beyond this (BatchNorm1d).
    static let unsupported: [String: String] = [
        "torch.zeros(1, dtype=torch.float16).dtype": "float16 tensors",
        "torch.zeros(1, dtype=torch.bfloat16).dtype": "bfloat16 tensors",
        "torch.zeros(1, dtype=torch.uint8).dtype": "uint8 tensors",
        "torch.zeros(1, dtype=torch.int8).dtype": "int8 tensors",
        "torch.zeros(1, dtype=torch.int16).dtype": "int16 tensors",
        "torch.tensor(0.5, dtype=torch.float16).item()": "float16 tensors",
        "torch.tensor(0.1, dtype=torch.float16).item()": "float16 tensors",
        "torch.tensor(0.1, dtype=torch.bfloat16).item()": "bfloat16 tensors",
        "nn.BatchNorm1d(2).state_dict()": "nn.BatchNorm1d",
        "dict(nn.BatchNorm1d(2).state_dict())": "nn.BatchNorm1d",
    ]

    @Test func recordsAreAccountedFor() {
        #expect(Self.records.count == 222)
        let codes = Set(Self.records.map(\.code))
        #expect(Self.unsupported.keys.allSatisfy(codes.contains))
    }

    @Test(arguments: records.filter { unsupported[$0.code] == nil })
    func printsAsPython(_ record: Record) {
        let program = "import torch\nimport torch.nn as nn\nprint(\(record.code))\n"
        let (output, error) = runProgram(program)
        #expect(error == nil)
        #expect(output == record.out + "\n")
    }
}
