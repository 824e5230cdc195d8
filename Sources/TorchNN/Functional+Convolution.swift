import Autograd

/// 2-D convolution and pooling (F.conv2d, max_pool2d, avg_pool2d, adaptive_avg_pool2d) with
/// PyTorch's node names, shape rules and messages. The convolution is one matrix product
/// per image and group over unfolded columns (NDArray.im2col); its backward folds the
/// columns' gradient back. These backward formulas work on arrays, so a second derivative
/// through them is refused rather than computed wrong.
extension Functional {
    package typealias Pair = (Int, Int)

    /// Mirrors F.conv2d(input, weight, bias, stride, padding, dilation, groups):
    /// ConvolutionBackward0 over (input, weight, bias). A 3-D input is one unbatched image.
    package static func conv2d(_ input: Tensor, weight: Tensor, bias: Tensor?, stride: Pair = (1, 1), padding: Pair = (0, 0),
                               dilation: Pair = (1, 1), groups: Int = 1) throws -> Tensor {
        guard input.rank == 3 || input.rank == 4 else {
            throw TensorError.runtime("Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: \(shapeText(input.shape))")
        }
        if input.rank == 3 {
            return try conv2d(try input.unsqueeze(0), weight: weight, bias: bias, stride: stride, padding: padding,
                              dilation: dilation, groups: groups).squeeze([0])
        }
        guard weight.rank == 4 else {
            throw TensorError.runtime("weight should have at least three dimensions")
        }
        guard input.dtype == weight.dtype, bias.map({ $0.dtype == input.dtype }) ?? true else {
            let other = input.dtype != weight.dtype ? weight.dtype : bias!.dtype
            throw TensorError.runtime("Input type (\(input.dtype.legacyTypeName)) and \(input.dtype != weight.dtype ? "weight" : "bias") type (\(other.legacyTypeName)) should be the same or input should be a MKLDNN tensor and weight is a dense tensor")
        }
        guard stride.0 > 0 && stride.1 > 0 else { throw TensorError.runtime("non-positive stride is not supported") }
        guard padding.0 >= 0 && padding.1 >= 0 else { throw TensorError.runtime("negative padding is not supported") }
        guard dilation.0 > 0 && dilation.1 > 0 else { throw TensorError.runtime("dilation should be greater than zero") }
        guard groups > 0 else { throw TensorError.runtime("non-positive groups is not supported") }
        let (c, h, w) = (input.shape[1], input.shape[2], input.shape[3])
        let (outC, groupC, kh, kw) = (weight.shape[0], weight.shape[1], weight.shape[2], weight.shape[3])
        guard outC % groups == 0 else {
            throw TensorError.runtime("Given groups=\(groups), expected weight to be divisible by \(groups) at dimension 0, but got weight of size \(shapeText(weight.shape)) instead")
        }
        guard c == groupC * groups else {
            throw TensorError.runtime("Given groups=\(groups), weight of size \(shapeText(weight.shape)), expected input\(shapeText(input.shape)) to have \(groupC * groups) channels, but got \(c) channels instead")
        }
        if let bias, bias.shape != [outC] {
            throw TensorError.runtime("Given weight of size \(shapeText(weight.shape)), expected bias to be 1-dimensional with \(outC) elements, but got bias of size \(shapeText(bias.shape)) instead")
        }
        for (d, p) in [padding.0, padding.1].enumerated() where p > Int.max / 2 {
            throw TensorError.runtime("Given padding=\(p) at dimension \(d) , expected padding to be at most \(Int.max / 2)")
        }
        let effective = (try Window2d.effectiveKernel(kh, dilation.0), try Window2d.effectiveKernel(kw, dilation.1))
        let padded = (try Window2d.paddedSize(h, padding.0), try Window2d.paddedSize(w, padding.1))
        guard padded.0 >= effective.0 && padded.1 >= effective.1 else {
            throw TensorError.runtime("Calculated padded input size per channel: (\(padded.0) x \(padded.1)). Kernel size: (\(effective.0) x \(effective.1)). Kernel size can't be greater than actual input size")
        }
        let out = (try Window2d.outputSize(h, kernel: kh, stride: stride.0, padding: padding.0, dilation: dilation.0),
                   try Window2d.outputSize(w, kernel: kw, stride: stride.1, padding: padding.1, dilation: dilation.1))
        try NDArray.checkSizes([input.shape[0], outC, out.0, out.1], dtype: input.dtype)
        // One image's columns are [C/groups · kh · kw, outH · outW].
        try NDArray.checkSizes([groupC * kh * kw, out.0 * out.1], dtype: input.dtype)
        let window = Window2d(kernel: (kh, kw), stride: stride, padding: padding, dilation: dilation, out: out)
        let result = try convolve(input.data.contiguousCopy(), weight.data.contiguousCopy(), window, groups: groups)
        let withBias = try bias.map { try NDArray.binary(.add, .array(result), .array(try $0.data.view([1, outC, 1, 1]))) } ?? result
        let inputShape = input.shape
        return Tensor.make("ConvolutionBackward0", [input, weight, bias], withBias, save: [SavedArray(input), SavedArray(weight)],
                           savedNames: ["_saved_input", "_saved_weight"],
                           attributes: [("_saved_bias_sym_sizes_opt", bias.map { .ints($0.shape) } ?? .none),
                                        ("_saved_dilation", .ints([dilation.0, dilation.1])), ("_saved_groups", .int(groups)),
                                        ("_saved_output_padding", .ints([0, 0])), ("_saved_padding", .ints([padding.0, padding.1])),
                                        ("_saved_stride", .ints([stride.0, stride.1])), ("_saved_transposed", .bool(false))],
                           rule: "grad_input = conv_transpose2d(grad, weight); grad_weight = conv2d(input, grad) per image; grad_bias = grad.sum((0, 2, 3))") { ctx in
            if GradMode.isEnabled {
                throw TensorError.notImplemented("create_graph through conv2d (ConvolutionBackward0) is not supported by tsh yet")
            }
            let g = try ctx.grad().data.contiguousCopy()
            let x = ctx.saved[0].data.contiguousCopy(), wt = ctx.saved[1].data.contiguousCopy()
            let (gradInput, gradWeight) = try convolveBackward(g, x, wt, window, groups: groups, inputShape: inputShape,
                                                                input: ctx.needs(0), weight: ctx.needs(1))
            let gradBias = ctx.needs(2) ? try g.sum(dims: [0, 2, 3]) : nil
            return [gradInput.map { Tensor($0) }, gradWeight.map { Tensor($0) }, gradBias.map { Tensor($0) }]
        }
    }

    /// The channel block of group `gi` of `count` channels each.
    private static func block(_ gi: Int, _ count: Int) -> Range<Int> { gi * count..<(gi + 1) * count }

    /// Rows `rows` of a contiguous matrix, as a view.
    private static func rows(_ m: NDArray, _ rows: Range<Int>) -> NDArray {
        m.view(shape: [rows.count, m.shape[1]], strides: m.strides, offset: m.offset + rows.lowerBound * m.strides[0])
    }

    /// out[i, group block] = weight[group block] (as [outC/groups, C/groups·kh·kw]) · im2col(x[i, group]).
    private static func convolve(_ x: NDArray, _ weight: NDArray, _ g: Window2d, groups: Int) throws -> NDArray {
        let (n, outC) = (x.shape[0], weight.shape[0])
        let groupIn = x.shape[1] / groups, groupOut = outC / groups
        let columns = g.out.h * g.out.w
        let result = NDArray(uninitialized: [n, outC, g.out.h, g.out.w], dtype: x.dtype)
        let flatWeight = try weight.view([outC, weight.count / max(outC, 1)])
        let flatResult = try result.view([n * outC, columns])
        for i in 0..<n {
            for gi in 0..<groups {
                let cols = try x.im2col(image: i, channels: block(gi, groupIn), g)
                let product = try NDArray.mm(rows(flatWeight, block(gi, groupOut)), cols)
                try rows(flatResult, (i * outC + gi * groupOut)..<(i * outC + (gi + 1) * groupOut)).copyFrom(product)
                try TensorError.checkInterrupt()
            }
        }
        return result
    }

    /// The input and weight gradients of `convolve` from the output gradient `grad`.
    private static func convolveBackward(_ grad: NDArray, _ x: NDArray, _ weight: NDArray, _ g: Window2d, groups: Int,
                                         inputShape: [Int], input needInput: Bool, weight needWeight: Bool) throws -> (NDArray?, NDArray?) {
        let (n, outC) = (x.shape[0], weight.shape[0])
        let groupIn = x.shape[1] / groups, groupOut = outC / groups
        let columns = g.out.h * g.out.w
        let flatWeight = try weight.view([outC, weight.count / max(outC, 1)])
        let flatGrad = try grad.view([n * outC, columns])
        let gradInput = needInput ? try NDArray.zeros(inputShape, dtype: x.dtype) : nil
        let gradWeight = needWeight ? try NDArray.zeros([outC, weight.count / max(outC, 1)], dtype: x.dtype) : nil
        for i in 0..<n {
            for gi in 0..<groups {
                let go = rows(flatGrad, (i * outC + gi * groupOut)..<(i * outC + (gi + 1) * groupOut))
                if let gradInput {
                    let cols = try NDArray.mm(try rows(flatWeight, block(gi, groupOut)).transpose(0, 1), go)
                    try gradInput.col2imAdd(cols, image: i, channels: block(gi, groupIn), g)
                }
                if let gradWeight {
                    let cols = try x.im2col(image: i, channels: block(gi, groupIn), g)
                    let part = try NDArray.mm(go, try cols.transpose(0, 1))
                    let target = rows(gradWeight, block(gi, groupOut))
                    try target.copyFrom(try NDArray.binary(.add, .array(target), .array(part)))
                }
                try TensorError.checkInterrupt()
            }
        }
        return (gradInput, try gradWeight.map { try $0.view(weight.shape) })
    }

    /// The input as [N, C, H, W] and whether it was one unbatched [C, H, W] image.
    private static func batched(_ input: Tensor, _ op: String) throws -> (Tensor, Bool) {
        switch input.rank {
        case 4: return (input, false)
        case 3: return (try input.unsqueeze(0), true)
        default:
            throw TensorError.runtime("\(op): Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:\(shapeText(input.shape))")
        }
    }

    /// A pooling window over `input`'s last two dims, with PyTorch's checks.
    private static func poolWindow(_ input: Tensor, kernel: Pair, stride: Pair, padding: Pair, dilation: Pair, ceilMode: Bool,
                                   _ op: String) throws -> Window2d {
        // ATen's pooling kernels take 32-bit sizes.
        for v in [kernel.0, kernel.1, stride.0, stride.1, padding.0, padding.1, dilation.0, dilation.1] where v > Int(Int32.max) || v < Int(Int32.min) {
            throw TensorError.runtime("value cannot be converted to type int without overflow")
        }
        guard kernel.0 > 0 && kernel.1 > 0 else {
            throw TensorError.runtime("\(op): kernel_size must be greater than zero, but got kH: \(kernel.0) kW: \(kernel.1)")
        }
        guard stride.0 > 0 && stride.1 > 0 else {
            throw TensorError.runtime("\(op): stride must be greater than zero, but got dH: \(stride.0) dW: \(stride.1)")
        }
        guard padding.0 >= 0 && padding.1 >= 0 else {
            throw TensorError.runtime("pad must be non-negative, but got pad: \(min(padding.0, padding.1))")
        }
        guard dilation.0 > 0 && dilation.1 > 0 else {
            throw TensorError.runtime("dilation should be greater than zero, but got dilationH: \(dilation.0) dilationW: \(dilation.1)")
        }
        guard padding.0 <= kernel.0 / 2 && padding.1 <= kernel.1 / 2 else {
            throw TensorError.runtime("pad should be at most half of effective kernel size, but got pad=\(max(padding.0, padding.1)), kernel_size=\(max(kernel.0, kernel.1)) and dilation=\(max(dilation.0, dilation.1))")
        }
        let (c, h, w) = (input.shape[input.rank - 3], input.shape[input.rank - 2], input.shape[input.rank - 1])
        let out = (try Window2d.outputSize(h, kernel: kernel.0, stride: stride.0, padding: padding.0, dilation: dilation.0, ceilMode: ceilMode),
                   try Window2d.outputSize(w, kernel: kernel.1, stride: stride.1, padding: padding.1, dilation: dilation.1, ceilMode: ceilMode))
        guard out.0 > 0 && out.1 > 0 else {
            throw TensorError.runtime("Given input size: (\(c)x\(h)x\(w)). Calculated output size: (\(c)x\(out.0)x\(out.1)). Output size is too small")
        }
        return Window2d(kernel: kernel, stride: stride, padding: padding, dilation: dilation, out: out)
    }

    /// Mirrors F.max_pool2d(input, kernel_size, stride=kernel_size, padding, dilation, ceil_mode,
    /// return_indices): MaxPool2DWithIndicesBackward0; the indices are flat positions in each plane.
    package static func maxPool2d(_ input: Tensor, kernel: Pair, stride: Pair? = nil, padding: Pair = (0, 0), dilation: Pair = (1, 1),
                                  ceilMode: Bool = false) throws -> (values: Tensor, indices: Tensor) {
        let (x, unbatched) = try batched(input, "max_pool2d")
        let window = try poolWindow(x, kernel: kernel, stride: stride ?? kernel, padding: padding, dilation: dilation, ceilMode: ceilMode,
                                    "max_pool2d")
        let (values, indices) = try x.data.contiguousCopy().maxPool2d(window)
        let inputShape = x.shape
        let indexArray = NDArray(values: indices.map { Scalar.int(Int64($0)) }, shape: values.shape, dtype: .int64)
        let out = Tensor.make("MaxPool2DWithIndicesBackward0", [x], values, save: [SavedArray(x)], savedNames: ["_saved_self"],
                              attributes: [("_saved_ceil_mode", .bool(ceilMode)), ("_saved_dilation", .ints([dilation.0, dilation.1])),
                                           ("_saved_kernel_size", .ints([kernel.0, kernel.1])), ("_saved_padding", .ints([padding.0, padding.1])),
                                           ("_saved_stride", .ints([(stride ?? kernel).0, (stride ?? kernel).1]))],
                              rule: "grad_self = grad placed at each window's maximum (zero elsewhere)") { ctx in
            if GradMode.isEnabled {
                throw TensorError.notImplemented("create_graph through max_pool2d is not supported by tsh yet")
            }
            return [Tensor(try NDArray.maxPool2dBackward(try ctx.grad().data, indices: indices, inputShape: inputShape))]
        }
        let indexTensor = Tensor(indexArray)
        return unbatched ? (try out.squeeze([0]), Tensor(try indexArray.view(Array(indexArray.shape.dropFirst())))) : (out, indexTensor)
    }

    /// Mirrors F.avg_pool2d(input, kernel_size, stride=kernel_size, padding, ceil_mode,
    /// count_include_pad, divisor_override): AvgPool2DBackward0.
    package static func avgPool2d(_ input: Tensor, kernel: Pair, stride: Pair? = nil, padding: Pair = (0, 0), ceilMode: Bool = false,
                                  countIncludePad: Bool = true, divisor: Int? = nil) throws -> Tensor {
        let (x, unbatched) = try batched(input, "avg_pool2d")
        if let divisor, divisor == 0 { throw TensorError.runtime("divisor must be not zero") }
        let window = try poolWindow(x, kernel: kernel, stride: stride ?? kernel, padding: padding, dilation: (1, 1), ceilMode: ceilMode,
                                    "avg_pool2d")
        let inputShape = x.shape
        let values = try x.data.avgPool2d(window, countIncludePad: countIncludePad, divisor: divisor)
        let out = Tensor.make("AvgPool2DBackward0", [x], values, save: [SavedArray(x)], savedNames: ["_saved_self"],
                              attributes: [("_saved_ceil_mode", .bool(ceilMode)), ("_saved_count_include_pad", .bool(countIncludePad)),
                                           ("_saved_divisor_override", divisor.map { .int($0) } ?? .none),
                                           ("_saved_kernel_size", .ints([kernel.0, kernel.1])), ("_saved_padding", .ints([padding.0, padding.1])),
                                           ("_saved_stride", .ints([(stride ?? kernel).0, (stride ?? kernel).1]))],
                              rule: "grad_self = each output's grad shared equally over its window") { ctx in
            if GradMode.isEnabled {
                throw TensorError.notImplemented("create_graph through avg_pool2d is not supported by tsh yet")
            }
            return [Tensor(try ctx.grad().data.avgPool2d(window, countIncludePad: countIncludePad, divisor: divisor, backwardTo: inputShape))]
        }
        return unbatched ? try out.squeeze([0]) : out
    }

    /// Mirrors F.adaptive_avg_pool2d(input, output_size): a mean over the last two dims
    /// (MeanBackward1) for a 1×1 output, as aten does, else AdaptiveAvgPool2DBackward0.
    /// A nil size keeps the input's.
    package static func adaptiveAvgPool2d(_ input: Tensor, outputSize: (Int?, Int?)) throws -> Tensor {
        guard input.rank == 3 || input.rank == 4 else {
            throw TensorError.runtime("adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got \(shapeText(input.shape))")
        }
        let size = (outputSize.0 ?? input.shape[input.rank - 2], outputSize.1 ?? input.shape[input.rank - 1])
        guard size.0 >= 0 && size.1 >= 0 else {
            throw TensorError.runtime("adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {\(size.0), \(size.1)}")
        }
        if size == (1, 1) { return try input.mean(dims: [-1, -2], keepdim: true) }
        let (x, unbatched) = try batched(input, "adaptive_avg_pool2d")
        let inputShape = x.shape
        let values = try x.data.adaptiveAvgPool2d(size)
        let out = Tensor.make("AdaptiveAvgPool2DBackward0", [x], values, save: [SavedArray(x)], savedNames: ["_saved_self"],
                              rule: "grad_self = each output's grad shared equally over its bin") { ctx in
            if GradMode.isEnabled {
                throw TensorError.notImplemented("create_graph through adaptive_avg_pool2d is not supported by tsh yet")
            }
            return [Tensor(try ctx.grad().data.adaptiveAvgPool2d(size, backwardTo: inputShape))]
        }
        return unbatched ? try out.squeeze([0]) : out
    }
}
