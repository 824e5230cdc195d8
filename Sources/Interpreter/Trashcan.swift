#if canImport(Glibc)
import Glibc
#endif
import CreationSite

/// Frees the contents of lists, dicts and instances without unbounded recursion, as
/// CPython's trashcan does: `a = [a]` a million times, then `a = None`, would otherwise
/// free a million nested lists on a million stack frames. The first container to die on
/// a thread drains a pending list in a loop; containers dying while it drains only add
/// their contents to that list.
enum Trashcan {
    nonisolated(unsafe) private static var pending: [Value] = []
    nonisolated(unsafe) private static let mutex: UnsafeMutablePointer<pthread_mutex_t> = {
        let m = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(m, nil)
        return m
    }()

    /// Releases a dying container's items.
    static func release(_ items: inout [Value]) {
        // Numbers and strings free nothing further: the common case stays a plain release.
        guard items.contains(where: \.mayHoldContainers) else { return }
        pthread_mutex_lock(mutex)
        pending.append(contentsOf: items)
        pthread_mutex_unlock(mutex)
        items = []
        // The pending list holds the items now; only the outermost release drains it.
        guard tsh_get_trash_depth() == 0 else { return }
        tsh_set_trash_depth(1)
        while let item = pop() { _ = item }
        tsh_set_trash_depth(0)
    }

    private static func pop() -> Value? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return pending.popLast()
    }
}

extension Value {
    /// Whether freeing this value may free a chain of further containers.
    var mayHoldContainers: Bool {
        switch self {
        case .list, .dict, .tuple, .object: true
        default: false
        }
    }
}
