import Autograd
import Interpreter
import TorchNN

/// The keyword arguments PyTorch's losses share, read once for F.* and nn.*Loss alike into
/// TorchNN's LossOptions: weight, ignore_index, label_smoothing, pos_weight, reduction, and the
/// deprecated size_average / reduce (mapped to a reduction as PyTorch maps them, with its warning).
extension LossOptions {
    init(_ b: BoundArguments, _ name: String, _ interp: Interpreter) throws {
        self.init()
        func tensor(_ key: String) throws -> Tensor? {
            guard let v = b[key] else { return nil }
            guard let t = Convert.tensor(v) else {
                throw PyError.type("\(name)(): argument '\(key)' must be Tensor, not \(interp.typeName(v))")
            }
            return t
        }
        weight = try tensor("weight")
        posWeight = try tensor("pos_weight")
        ignoreIndex = Int64(try Convert.int(b["ignore_index"], interp) ?? -100)
        labelSmoothing = try Convert.double(b["label_smoothing"], interp) ?? 0
        reduction = try Convert.reduction(b["reduction"], interp)
        let sizeAverage = try Convert.bool(b["size_average"], interp), reduce = try Convert.bool(b["reduce"], interp)
        if sizeAverage != nil || reduce != nil {
            // torch.nn._reduction.legacy_get_string
            let legacy: Reduction = reduce == false ? .none : (sizeAverage == false ? .sum : .mean)
            interp.warn("UserWarning", "size_average and reduce args will be deprecated, please use reduction='\(legacy.rawValue)' instead.")
            reduction = legacy
        }
    }
}
