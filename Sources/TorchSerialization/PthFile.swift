import Foundation
import TensorCore
#if canImport(Glibc)
import Glibc
#endif

/// torch.save / torch.load files (serialization.md): a zip archive holding `data.pkl` and
/// one `data/<key>` record per storage.
package enum PthFile {
    /// The folder inside the archive: the file's base name without its last extension,
    /// or `archive` when the name is not ASCII.
    static func archiveName(for path: String) -> String {
        let base = String(path.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
        guard base.unicodeScalars.allSatisfy(\.isASCII) else { return "archive" }
        if let dot = base.lastIndex(of: "."), dot != base.startIndex { return String(base[..<dot]) }
        return base
    }

    /// The archive's bytes. `nameHash` is the first half of the serialization id, which
    /// PyTorch makes with its C++ library's string hash (not reproducible, never checked).
    package static func encode(_ value: SavedValue, archiveName: String, nameHash: String = String(repeating: "0", count: 20)) throws -> [UInt8] {
        var pickler = Pickler()
        try pickler.dump(value)
        var zip = ZipWriter()
        let folder = archiveName + "/"
        zip.add(folder + "data.pkl", pickler.out.bytes)
        zip.add(folder + ".format_version", Array("1".utf8))
        zip.add(folder + ".storage_alignment", Array("64".utf8))
        zip.add(folder + "byteorder", Array("little".utf8))
        for (key, s) in pickler.storages.enumerated() {
            zip.add(folder + "data/\(key)", UnsafeRawBufferPointer(start: s.storage.bytes, count: s.storage.byteCount))
        }
        zip.add(folder + "version", Array("3\n".utf8))
        let combined = zip.checksums.reduce(UInt64(0)) { s, crc in s ^ (UInt64(crc) &+ 0x9E37_79B9 &+ (s << 6) &+ (s >> 2)) }
        let id = nameHash + String(combined).leftPadded(to: 20)
        zip.add(folder + ".data/serialization_id", Array(id.utf8))
        return zip.finish()
    }

    package static func save(_ value: SavedValue, to path: String) throws {
        let parent = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if !parent.isEmpty && !(FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory) && isDirectory.boolValue) {
            throw SerializationError.runtime("Parent directory \(parent) does not exist.")
        }
        try writeAtomically(try encode(value, archiveName: archiveName(for: path)), to: path)
    }

    /// Writes through a temporary file and a rename: a failed save leaves the old file intact.
    package static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let temp = path + ".tsh-partial-\(getpid())"
        guard FileManager.default.createFile(atPath: temp, contents: Data(bytes)) else {
            throw SerializationError(errnoKind(), "[Errno \(errno)] \(String(cString: strerror(errno))): '\(path)'")
        }
        guard rename(temp, path) == 0 else {
            let code = errno
            unlink(temp)
            throw SerializationError("OSError", "[Errno \(code)] \(String(cString: strerror(code))): '\(path)'")
        }
    }

    static func errnoKind() -> String {
        switch errno {
        case ENOENT: "FileNotFoundError"
        case EACCES, EPERM: "PermissionError"
        case EISDIR: "IsADirectoryError"
        default: "OSError"
        }
    }

    /// `allowObjects`: torch.load(weights_only=False), which may rebuild class instances.
    package static func load(from path: String, allowObjects: Bool = false) throws -> SavedValue {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw SerializationError("FileNotFoundError", "[Errno 2] No such file or directory: '\(path)'")
        }
        guard !isDirectory.boolValue else { throw SerializationError("IsADirectoryError", "[Errno 21] Is a directory: '\(path)'") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SerializationError("PermissionError", "[Errno 13] Permission denied: '\(path)'")
        }
        return try decode([UInt8](data), allowObjects: allowObjects)
    }

    package static func decode(_ bytes: [UInt8], allowObjects: Bool = false) throws -> SavedValue {
        let zip = try ZipReader(bytes)
        guard let first = zip.records.first, let slash = first.name.firstIndex(of: "/") else {
            throw SerializationError.runtime("PytorchStreamReader failed locating file data.pkl: file not found")
        }
        let folder = String(first.name[...slash])
        for r in zip.records where !r.name.hasPrefix(folder) {
            throw SerializationError.runtime("PytorchStreamReader failed reading zip archive: file \(r.name) is not in folder \(folder)")
        }
        guard let pickle = try zip.record(folder + "data.pkl") else {
            throw SerializationError.runtime("PytorchStreamReader failed locating file data.pkl: file not found")
        }
        guard let version = try zip.record(folder + "version") ?? zip.record(folder + ".data/version"),
              let number = Int(String(decoding: version, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)),
              (1...10).contains(number) else {
            throw SerializationError.runtime("PytorchStreamReader failed locating file version: file not found")
        }
        var storages: [String: Storage] = [:]
        var unpickler = Unpickler(Array(pickle)) { key, dtype, count in
            if let s = storages[key] { return s }
            guard let record = try zip.record(folder + "data/\(key)") else {
                throw SerializationError.runtime("PytorchStreamReader failed locating file data/\(key): file not found")
            }
            guard record.count == count * dtype.itemSize else {
                throw SerializationError.runtime("PytorchStreamReader failed reading file data/\(key): record size (\(record.count) bytes) does not match expected size (\(count * dtype.itemSize) bytes)")
            }
            let storage = Storage(uninitializedByteCount: record.count)
            record.withUnsafeBytes { storage.bytes.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            storages[key] = storage
            return storage
        }
        unpickler.allowsObjects = allowObjects
        return try unpickler.load()
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
