import Autograd

/// optimizer.state_dict() in the engine: each parameter's state by its index (numbered
/// across the groups in order), and each group's options with the indices of its params.
/// Mirrors torch.optim.Optimizer.state_dict / load_state_dict.
package struct OptimizerStateDict {
    /// One parameter's state: its step count (PyTorch keeps it as a float tensor) and
    /// buffers (`momentum_buffer`, `exp_avg`, ...), in name order.
    package struct ParameterState {
        package var step: Int?
        package var buffers: [(name: String, value: NDArray)]

        package init(step: Int?, buffers: [(name: String, value: NDArray)]) {
            self.step = step
            self.buffers = buffers
        }
    }

    package struct Group {
        package var options: [(String, OptionValue)]
        package var params: [Int]

        package init(options: [(String, OptionValue)], params: [Int]) {
            self.options = options
            self.params = params
        }
    }

    package var state: [(index: Int, state: ParameterState)]
    package var groups: [Group]

    package init(state: [(index: Int, state: ParameterState)], groups: [Group]) {
        self.state = state
        self.groups = groups
    }
}

extension Optimizer {
    /// A parameter's state as PyTorch shows it (nil before its first step).
    package func parameterState(_ p: Tensor) -> OptimizerStateDict.ParameterState? {
        let id = ObjectIdentifier(p)
        guard let buffers = state[id] else { return nil }
        let order = bufferOrder
        let rank = { (name: String) in order.firstIndex(of: name) ?? order.count }
        let sorted = buffers.sorted { (rank($0.key), $0.key) < (rank($1.key), $1.key) }
        return .init(step: steps[id], buffers: sorted.map { ($0.key, $0.value.contiguousCopy()) })
    }

    /// Mirrors Optimizer.state_dict().
    package func stateDict() -> OptimizerStateDict {
        var entries: [(index: Int, state: OptimizerStateDict.ParameterState)] = []
        var groups: [OptimizerStateDict.Group] = []
        var index = 0
        for group in paramGroups {
            var indices: [Int] = []
            for p in group.params {
                if let s = parameterState(p) { entries.append((index, s)) }
                indices.append(index)
                index += 1
            }
            groups.append(.init(options: group.options, params: indices))
        }
        return OptimizerStateDict(state: entries, groups: groups)
    }

    /// Mirrors Optimizer.load_state_dict(state_dict): the groups must match in number and
    /// size (PyTorch's ValueErrors); options are taken over and each parameter's buffers
    /// are converted to its dtype.
    package func loadStateDict(_ source: OptimizerStateDict) throws {
        guard source.groups.count == paramGroups.count else {
            throw TensorError.value("loaded state dict has a different number of parameter groups")
        }
        var params: [Tensor] = []
        for (group, saved) in zip(paramGroups, source.groups) {
            guard saved.params.count == group.params.count else {
                throw TensorError.value("loaded state dict contains a parameter group that doesn't match the size of optimizer's group")
            }
            params += group.params
        }
        for (group, saved) in zip(paramGroups, source.groups) {
            for (key, value) in saved.options { group[key] = value }
        }
        // The loaded state replaces the whole state, as PyTorch's does.
        for p in params {
            state[ObjectIdentifier(p)] = nil
            steps[ObjectIdentifier(p)] = nil
        }
        for (index, entry) in source.state where index >= 0 && index < params.count {
            let p = params[index], id = ObjectIdentifier(p)
            if let step = entry.step { steps[id] = step }
            var buffers: [String: NDArray] = [:]
            for (name, value) in entry.buffers { buffers[name] = value.converted(to: p.dtype).contiguousCopy() }
            state[id] = buffers
        }
    }
}
