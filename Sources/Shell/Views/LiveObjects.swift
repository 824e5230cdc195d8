import CreationSite

/// How many tensor storages, graph nodes and interpreter scopes exist right now (`:memory`):
/// a learner sees a graph freed when its last tensor goes, and a test sees that a long
/// loop leaves the counts flat.
struct LiveObjects: CustomStringConvertible {
    var storages: Int
    var storageBytes: Int
    var nodes: Int
    var frames: Int
    var cells: Int

    static func now() -> LiveObjects {
        func count(_ kind: tsh_live_kind) -> Int { tsh_live_count(Int32(kind.rawValue)) }
        return LiveObjects(storages: count(TSH_LIVE_STORAGES), storageBytes: count(TSH_LIVE_STORAGE_BYTES),
                           nodes: count(TSH_LIVE_NODES), frames: count(TSH_LIVE_FRAMES), cells: count(TSH_LIVE_CELLS))
    }

    var description: String {
        "alive now: \(plural(storages, "tensor storage")) (\(LiveObjects.bytes(storageBytes))), "
            + "\(plural(nodes, "graph node")), \(plural(frames, "function scope")), \(plural(cells, "captured variable"))"
    }

    private func plural(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    static func bytes(_ n: Int) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(n), unit = 0
        while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
        return unit == 0 ? "\(n) bytes" : String(format: "%.1f %@", value, units[unit])
    }
}
