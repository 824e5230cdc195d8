import Autograd
import Inspection

/// `:paths OUT LEAF`: each path from OUT back to LEAF with what it sends, and their sum
/// beside LEAF.grad — the multivariate chain rule made visible.
struct PathsText {
    let output: Tensor
    let outputName: String
    let leaf: Tensor
    let leafName: String
    let context: GraphContext
    let style: ViewStyle

    func lines() throws -> [String] {
        let sums: PathSums
        do {
            sums = try PathSums(from: output, to: leaf)
        } catch let e as TensorError where "\(e)".contains("second time") {
            throw TensorError.runtime("the graph of \(outputName) was freed by backward(): run :paths before backward(), or call backward(retain_graph=True)")
        }
        guard let sum = sums.sum else {
            return ["no path leads from \(outputName) back to \(leafName): \(outputName) does not depend on it, so \(leafName).grad gets nothing from \(outputName).backward()."]
        }
        let scalar = leaf.count == 1
        // Paths through the same nodes (a node that uses the leaf in two of its inputs, as
        // `a * a` does) are one route whose local derivative adds the two.
        var routes: [(nodes: [ObjectIdentifier], members: [PathSums.Path])] = []
        for path in sums.paths {
            let key = path.steps.map { ObjectIdentifier($0.node) }
            if let k = routes.firstIndex(where: { $0.nodes == key }) { routes[k].members.append(path) } else { routes.append((key, [path])) }
        }
        var out = ["\(routes.count)\(sums.truncated ? "+" : "") path\(routes.count == 1 ? "" : "s") from \(outputName) back to \(leafName)\(sums.truncated ? " (the first \(PathSums.limit) edge sequences followed)" : ""):"]
        var routeSums: [NDArray] = []
        for (i, route) in routes.enumerated() {
            let first = route.members[0]
            let names = first.steps.map { step -> String in
                context.name(of: step.node).map { "\(step.node.className) (\($0))" } ?? step.node.className
            } + [leafName]
            out.append("  path \(i + 1): " + names.joined(separator: " → "))
            var gradient = first.gradient
            for other in route.members.dropFirst() { gradient = try NDArray.binary(.add, .array(gradient), .array(other.gradient)) }
            routeSums.append(gradient)
            if route.members.count > 1 {
                out.append("          (one node uses \(leafName) in \(route.members.count) of its inputs: their gradients add)")
            }
            let isScalar = route.members.allSatisfy { $0.steps.allSatisfy { $0.incoming.count == 1 && $0.outgoing.count == 1 } }
            if scalar && isScalar {
                let products = route.members.map { member -> String in
                    member.steps.map { step -> String in
                        let a = step.incoming.scalars[0].doubleValue, b = step.outgoing.scalars[0].doubleValue
                        return ValueText.number(.double(a == 0 ? 0 : b / a))
                    }.joined(separator: " × ")
                }
                out.append("          product of local derivatives: " + products.joined(separator: " + ") + " = " + ValueText.of(gradient))
            } else {
                out.append("          this path alone sends: " + PathsText.describe(gradient))
            }
        }
        out.append("  sum over the paths: " + (scalar && routes.count > 1 ? routeSums.map { ValueText.of($0) }.joined(separator: " + ") + " = " : "") + PathsText.describe(sum))
        if sums.paths.contains(where: { $0.steps.contains { $0.node.hasHooks } }) || (leaf.gradFn == nil && leaf.gradAccumulatorHasHooks) {
            out.append("  (hooks are registered on this graph: the paths above follow the formulas only, while backward also runs the hooks)")
        }
        if let grad = leaf.grad {
            let equal = PathsText.close(grad.data, sum)
            out.append("  \(leafName).grad: " + PathsText.describe(grad.data) + (equal ? "  (equal: backward adds up exactly these paths)" : "  (differs: \(leafName).grad holds other backward passes too; see :ledger \(leafName))"))
        } else {
            out.append("  \(leafName).grad is None until \(outputName).backward() runs; it will then hold this sum")
        }
        return out.flatMap { wrapLine($0, width: style.width) }
    }

    /// Values when they fit in a line, else the shape and norm.
    static func describe(_ a: NDArray) -> String {
        ValueText.isInline(a) ? ValueText.of(a) : "\(ValueText.elided(a.shape)), norm \(ValueText.number(.double(ValueText.stats(a).norm)))"
    }

    /// Equal as float32 arithmetic allows.
    static func close(_ a: NDArray, _ b: NDArray) -> Bool {
        guard a.shape == b.shape else { return false }
        return zip(a.scalars, b.scalars).allSatisfy { x, y in
            let u = x.doubleValue, v = y.doubleValue
            return abs(u - v) <= 1e-5 * max(1, abs(u), abs(v))
        }
    }
}
