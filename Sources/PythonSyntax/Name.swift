import Foundation

/// An identifier in the source, interned: one text has one `id` in the process, so a scope
/// finds a name by its number instead of hashing its text on every access.
package struct Name: Hashable, CustomStringConvertible {
    package let text: String
    package let id: Int

    package init(_ text: String) {
        self.text = text
        id = Name.intern(text)
    }

    package static func == (a: Name, b: Name) -> Bool { a.id == b.id }
    package func hash(into hasher: inout Hasher) { hasher.combine(id) }
    package var description: String { text }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var ids: [String: Int] = [:]

    private static func intern(_ text: String) -> Int {
        lock.lock()
        defer { lock.unlock() }
        if let id = ids[text] { return id }
        let id = ids.count
        ids[text] = id
        return id
    }
}
