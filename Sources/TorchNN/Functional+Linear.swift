import Autograd

extension Functional {
    /// Mirrors torch.addmm(bias, mat1, mat2): AddmmBackward0 with slots (bias, mat1, mat2).
    package static func addmm(_ bias: Tensor, _ m1: Tensor, _ m2: Tensor) throws -> Tensor {
        let result = try NDArray.addmm(bias.data, m1.data, m2.data)
            ?? NDArray.binary(.add, .array(try NDArray.mm(m1.data, m2.data, name: "addmm")), .array(bias.data))
        return Tensor.make("AddmmBackward0", [bias, m1, m2], result, save: [SavedArray(m1), SavedArray(m2)],
                           savedNames: ["_saved_mat1", "_saved_mat2"],
                           attributes: [("_saved_alpha", .number(.int(1))), ("_saved_beta", .number(.int(1))),
                                        ("_saved_mat1_sym_sizes", .ints(m1.shape)), ("_saved_mat1_sym_strides", .ints(m1.data.strides)),
                                        ("_saved_mat2_sym_sizes", .ints(m2.shape)), ("_saved_mat2_sym_strides", .ints(m2.data.strides))],
                           rule: "grad_self = grad; grad_mat1 = grad.mm(mat2.t()); grad_mat2 = mat1.t().mm(grad)") { ctx in
            let g = try ctx.grad()
            return [ctx.needs(0) ? g : nil,
                    ctx.needs(1) ? try Tensor.mmMat1Backward(g, mat1: ctx.saved[0], mat2: ctx.saved[1]) : nil,
                    ctx.needs(2) ? try Tensor.mmMat2Backward(g, mat1: ctx.saved[0], mat2: ctx.saved[1]) : nil]
        }
    }

    /// Mirrors F.linear(input, weight, bias): addmm for a batch of rows (through a flat
    /// view and back for other ranks, as aten does), matmul with the transposed weight
    /// without a bias.
    package static func linear(_ input: Tensor, weight: Tensor, bias: Tensor?) throws -> Tensor {
        let weightT = try weight.t()
        guard let bias else { return try Tensor.matmul(input, weightT) }
        if input.rank == 2 { return try addmm(bias, input, weightT) }
        if input.data.isContiguous && input.rank >= 1 {
            let last = input.shape.last!
            let flat = try input.view([-1, last])
            let result = try addmm(bias, flat, weightT)
            return try result.unsafeView(Array(input.shape.dropLast()) + [result.shape[1]])
        }
        return try Tensor.matmul(input, weightT).add(.tensor(bias))
    }
}
