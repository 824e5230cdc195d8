import Interpreter

/// torch.cuda, torch.backends.mps, torch.accelerator and the default device: tsh computes on
/// the CPU, so every accelerator reports absent and the tutorials' device choice lands on
/// "cpu" (as PyTorch's does on a machine without one). A default device other than the
/// CPU is refused, not ignored.
enum DevicesModule {
    static func install(into torch: ModuleObject, _ interp: Interpreter) {
        func function(_ module: ModuleObject, _ name: String, _ spec: String = "", _ summary: String,
                      _ body: @escaping (Arguments) throws -> Value) {
            let qualified = "\(module.name).\(name)"
            HelpRegistry.add(qualified, name: qualified, spec: spec, summary: summary, example: "\(qualified)(\(spec.isEmpty ? "" : "..."))")
            module.attributes[name] = .builtin(Builtin(name, qualifiedName: qualified) { a, _ in try body(a) })
        }
        let none = "tsh computes on the CPU: there is none."
        let cuda = ModuleObject(name: "torch.cuda")
        function(cuda, "is_available", "", "False: " + none) { _ in .bool(false) }
        function(cuda, "device_count", "", "0: " + none) { _ in .int(0) }
        function(cuda, "is_initialized", "", "False: " + none) { _ in .bool(false) }
        function(cuda, "manual_seed", "seed", "Does nothing: " + none) { _ in .none }
        function(cuda, "manual_seed_all", "seed", "Does nothing: " + none) { _ in .none }
        function(cuda, "empty_cache", "", "Does nothing: " + none) { _ in .none }
        torch.attributes["cuda"] = .object(cuda)
        interp.modules["torch.cuda"] = .object(cuda)

        let backends = ModuleObject(name: "torch.backends")
        let mps = ModuleObject(name: "torch.backends.mps")
        function(mps, "is_available", "", "False: " + none) { _ in .bool(false) }
        function(mps, "is_built", "", "False: " + none) { _ in .bool(false) }
        backends.attributes["mps"] = .object(mps)
        let cudnn = ModuleObject(name: "torch.backends.cudnn")
        function(cudnn, "is_available", "", "False: " + none) { _ in .bool(false) }
        backends.attributes["cudnn"] = .object(cudnn)
        torch.attributes["backends"] = .object(backends)
        interp.modules["torch.backends"] = .object(backends)
        interp.modules["torch.backends.mps"] = .object(mps)

        let accelerator = ModuleObject(name: "torch.accelerator")
        function(accelerator, "is_available", "", "False: " + none) { _ in .bool(false) }
        function(accelerator, "device_count", "", "0: " + none) { _ in .int(0) }
        function(accelerator, "current_accelerator", "", "None: " + none) { _ in .none }
        torch.attributes["accelerator"] = .object(accelerator)
        interp.modules["torch.accelerator"] = .object(accelerator)

        function(torch, "get_default_device", "", "The device new tensors go to: cpu.") { _ in .object(DeviceObject(type: "cpu")) }
        function(torch, "set_default_device", "device", "Accepts cpu (the only device tsh has); refuses others.") { a in
            let given = a.positional.first ?? a.keyword("device") ?? .none
            let name: String
            switch given {
            case .none: return .none
            case .string(let s): name = s
            case .object(let o) where o is DeviceObject: name = (o as! DeviceObject).type
            default: throw PyError.type("set_default_device(): argument 'device' must be torch.device, not \(interp.typeName(given))")
            }
            guard name == "cpu" else {
                throw PyError("NotImplementedError", "tsh computes on the CPU only; set_default_device('\(name)') is not supported")
            }
            return .none
        }
    }
}
