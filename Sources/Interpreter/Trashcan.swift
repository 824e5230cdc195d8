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
    /// The items waiting to be released on this thread. Per thread, not per process: a
    /// list shared by all threads let one thread free another interpreter's objects, whose
    /// cycle registry (thread-local too) then kept pointers to freed memory (two test
    /// threads freeing deep structures at once crashed the collector).
    private final class Pending {
        var items: [Value] = []
    }

    private static var pending: Pending {
        if let p = tsh_get_trash_pending() { return Unmanaged<Pending>.fromOpaque(p).takeUnretainedValue() }
        let made = Pending()
        tsh_set_trash_pending(Unmanaged.passRetained(made).toOpaque())
        return made
    }

    /// Releases a dying container's items.
    static func release(_ items: inout [Value]) {
        // Numbers and strings free nothing further: the common case stays a plain release.
        guard items.contains(where: \.mayHoldContainers) else { return }
        let list = pending
        list.items.append(contentsOf: items)
        items = []
        // The pending list holds the items now; only the outermost release drains it.
        guard tsh_get_trash_depth() == 0 else { return }
        tsh_set_trash_depth(1)
        while let item = list.items.popLast() { _ = item }
        tsh_set_trash_depth(0)
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
