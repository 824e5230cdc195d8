import Autograd

/// Where a node was made, in the learner's terms: `line 7` of a script or `In [3]` at the
/// prompt, and the statement's text.
package struct SiteDescription: Equatable {
    package var label: String
    package var code: String

    package init(label: String, code: String) {
        self.label = label
        self.code = code
    }
}

/// An nn module call that made nodes: the module's name in scope, its class, and the
/// call it was made in (0 for none).
package struct ModuleScope: Equatable {
    package var name: String
    package var typeName: String
    package var parent: Int

    package init(name: String, typeName: String, parent: Int) {
        self.name = name
        self.typeName = typeName
        self.parent = parent
    }
}

/// What the views know of the learner's world: the names their tensors are bound to, and
/// how to turn a node's creation site into a line. The shell fills it from its scope.
package struct GraphContext {
    /// A tensor's name, by the tensor.
    private var tensorNames: [ObjectIdentifier: String] = [:]
    private var liveTensors: [ObjectIdentifier: Tensor] = [:]
    /// The tensor a grad_fn belongs to and its name, by the node.
    private var nodeTensors: [ObjectIdentifier: (name: String, tensor: Tensor)] = [:]
    private let sites: (Int) -> SiteDescription?
    private let scopes: (Int) -> ModuleScope?

    /// `named` lists the tensors in scope with their names, the first name of a tensor winning.
    package init(named: [(name: String, tensor: Tensor)] = [], sites: @escaping (Int) -> SiteDescription? = { _ in nil },
                 scopes: @escaping (Int) -> ModuleScope? = { _ in nil }) {
        self.sites = sites
        self.scopes = scopes
        for (name, tensor) in named {
            let id = ObjectIdentifier(tensor)
            if tensorNames[id] == nil {
                tensorNames[id] = name
                liveTensors[id] = tensor
            }
            if let fn = tensor.gradFn, nodeTensors[ObjectIdentifier(fn)] == nil { nodeTensors[ObjectIdentifier(fn)] = (name, tensor) }
        }
    }

    package func name(of tensor: Tensor) -> String? { tensorNames[ObjectIdentifier(tensor)] }

    /// The named tensors in scope that have a graph (outputs a backward may have run on).
    package var outputs: [(name: String, tensor: Tensor)] {
        nodeTensors.values.map { ($0.name, $0.tensor) }.sorted { $0.name < $1.name }
    }

    /// The name of the input a node recorded, when a live tensor in scope is that object
    /// (same identity and shape: a dead tensor's address may have been reused).
    package func name(ofInput meta: InputMetadata) -> String? {
        guard let id = meta.identity, let name = tensorNames[id], let live = liveTensors[id], live.shape == meta.shape else { return nil }
        return name
    }

    /// The variable bound to a node's output (or, for AccumulateGrad, to its leaf).
    package func name(of node: Node) -> String? {
        if let acc = node as? AccumulateGrad { return name(of: acc.variable) }
        return nodeTensors[ObjectIdentifier(node)]?.name
    }

    /// The tensor a node produced, when one in scope is bound to it.
    package func tensor(of node: Node) -> Tensor? {
        if let acc = node as? AccumulateGrad { return acc.variable }
        return nodeTensors[ObjectIdentifier(node)]?.tensor
    }

    package func site(_ site: Int) -> SiteDescription? { site == 0 ? nil : sites(site) }

    package func scope(_ id: Int) -> ModuleScope? { id == 0 ? nil : scopes(id) }

    /// The module call at nesting level `depth + 1` (1 = outermost) that contains scope
    /// `id`, when there is one: `:graph --depth N` keeps N levels of modules open and
    /// draws each module call below them as one box.
    package func enclosingScope(_ id: Int, atDepth depth: Int) -> Int? {
        var chain: [Int] = []
        var current = id
        while current != 0, chain.count < 64, let s = scope(current) {
            chain.append(current)
            current = s.parent
        }
        guard chain.count > depth else { return nil }
        return chain[chain.count - 1 - depth]
    }
}
