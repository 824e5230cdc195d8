import Foundation
import TensorCore
import Testing
@testable import TorchSerialization

/// safetensors files made by safetensors 0.8.0 with PyTorch 2.15 (copied from
/// ../shared/spec/vectors/pth with their sidecars): each one read, and written again byte for
/// byte; hostile files are errors with the library's messages, never a crash.
struct SafeTensorsFileTests {
    struct Sidecar: Decodable {
        struct Entry: Decodable {
            let key: String
            let dtype: String
            let shape: [Int]
            let data_offsets: [Int]
        }
        let header: String
        let metadata: [String: String]?
        let tensors_in_file_order: [Entry]
    }

    static let samples = ["tensor_f32", "tensor_i64", "dict_two", "seq_state_dict", "mixed_dtypes"]

    func sample(_ name: String) throws -> ([UInt8], Sidecar) {
        let dir = try #require(Bundle.module.url(forResource: "safetensors", withExtension: nil, subdirectory: "Vectors"))
        let bytes = try [UInt8](Data(contentsOf: dir.appendingPathComponent(name + ".safetensors")))
        let sidecar = try JSONDecoder().decode(Sidecar.self, from: Data(contentsOf: dir.appendingPathComponent(name + ".safetensors.json")))
        return (bytes, sidecar)
    }

    @Test(arguments: samples) func readsAndRewritesByteForByte(_ name: String) throws {
        let (bytes, sidecar) = try sample(name)
        let contents = try SafeTensorsFile.decode(bytes)
        #expect(contents.tensors.map(\.name) == sidecar.tensors_in_file_order.map(\.key))
        for (entry, tensor) in zip(sidecar.tensors_in_file_order, contents.tensors) {
            #expect(SafeTensorsFile.code(tensor.array.dtype) == entry.dtype)
            #expect(tensor.array.shape == entry.shape)
        }
        #expect(contents.metadata == sidecar.metadata)
        let again = SafeTensorsFile.encode(contents.tensors, metadata: sidecar.metadata.map { $0.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } })
        #expect(again == bytes)
    }

    @Test func hostileFilesAreTheLibrarysErrors() throws {
        let (good, _) = try sample("dict_two")
        func message(_ bytes: [UInt8]) -> String? {
            do {
                _ = try SafeTensorsFile.decode(bytes)
                return nil
            } catch let e as SerializationError {
                return e.message
            } catch {
                return "\(error)"
            }
        }
        let prefix = "Error while deserializing header: "
        #expect(message([1, 2, 3]) == prefix + "header too small")
        #expect(message([100, 0, 0, 0, 0, 0, 0, 0] + Array("{}".utf8)) == prefix + "invalid header length")
        #expect(message([255, 255, 255, 255, 255, 255, 255, 255]) == prefix + "header too large")
        #expect(message(Array(good.dropLast())) == prefix + "incomplete metadata, file not fully covered")
        #expect(message(good + [0]) == prefix + "incomplete metadata, file not fully covered")
        #expect(message([2, 0, 0, 0, 0, 0, 0, 0] + Array("[]".utf8)) == prefix + "invalid JSON in header")
        let lying = Array("{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,4]}}".utf8)
        #expect(message([UInt8(lying.count), 0, 0, 0, 0, 0, 0, 0] + lying + [0, 0, 0, 0]) == prefix + "tensor a has a size that does not match its shape")
        var flipped = good
        for k in 8..<min(good.count, 200) where k % 7 == 0 { flipped[k] ^= 0x5A }
        #expect(message(flipped) != nil)
    }
}
