import Autograd
import Interpreter
import TorchNN

/// nn.Conv2d, nn.MaxPool2d, nn.AvgPool2d, nn.AdaptiveAvgPool2d and their functional forms
/// (F.conv2d, F.max_pool2d, F.avg_pool2d, F.adaptive_avg_pool2d), as the language calls them.
enum ConvolutionBindings {
    /// An int or a pair of ints (`3`, `(2, 3)`), as PyTorch's `_pair` reads a size.
    static func pair(_ v: Value?, _ function: String, _ argument: String, default fallback: Functional.Pair? = nil,
                     _ i: Interpreter) throws -> Functional.Pair {
        guard let v else {
            if let fallback { return fallback }
            throw PyError.type("\(function)() missing required argument '\(argument)'")
        }
        if let n = try i.asIndex(v), !v.isBool { return (n, n) }
        let items: [Value]
        switch v {
        case .tuple(let t): items = t
        case .list(let l): items = l.items
        default: throw PyError.type("\(function)(): argument '\(argument)' must be tuple of ints, not \(i.typeName(v))")
        }
        guard items.count == 2, let a = try i.asIndex(items[0]), let b = try i.asIndex(items[1]) else {
            if items.count == 1, let a = try i.asIndex(items[0]) { return (a, a) }
            throw PyError.type("\(function)(): argument '\(argument)' must be an int or a tuple of 2 ints")
        }
        return (a, b)
    }

    static func tuple(_ p: Functional.Pair) -> Value { .tuple([.int(p.0), .int(p.1)]) }

    /// Conv2d's padding: a size, or 'same' / 'valid'.
    static func padding(_ v: Value?, _ function: String, _ i: Interpreter) throws -> Conv2dLayer.Padding {
        if case .string(let s)? = v {
            switch s {
            case "same": return .same
            case "valid": return .valid
            default: throw PyError.value("Invalid padding string '\(s)', should be one of {'valid', 'same'}")
            }
        }
        let p = try pair(v, function, "padding", default: (0, 0), i)
        return .explicit(p.0, p.1)
    }

    static func install(into f: inout [String: Layers.Factory]) {
        f["Conv2d"] = { a, i in
            var attributes: [String: Value] = [:]
            let module = try Signature("Conv2d", "in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros', device=None, dtype=None").call(a, i) { b -> Module in
                try Convert.requireCPU(b["device"], i)
                if let mode = b["padding_mode"], try i.str(mode) != "zeros" {
                    throw PyError("NotImplementedError", "Conv2d(padding_mode=\(try i.repr(mode))) is not supported by tsh yet")
                }
                let inChannels = try Convert.requireInt(b["in_channels"], "Conv2d", "in_channels", i)
                let outChannels = try Convert.requireInt(b["out_channels"], "Conv2d", "out_channels", i)
                let kernel = try pair(b["kernel_size"], "Conv2d", "kernel_size", i)
                let stride = try pair(b["stride"], "Conv2d", "stride", default: (1, 1), i)
                let padding = try padding(b["padding"], "Conv2d", i)
                let dilation = try pair(b["dilation"], "Conv2d", "dilation", default: (1, 1), i)
                let groups = try Convert.int(b["groups"], i) ?? 1
                let layer = try Conv2dLayer(inChannels: inChannels, outChannels: outChannels, kernel: kernel, stride: stride,
                                            padding: padding, dilation: dilation, groups: groups, hasBias: try Convert.bool(b["bias"], i) ?? true)
                attributes = ["in_channels": .int(inChannels), "out_channels": .int(outChannels), "kernel_size": tuple(kernel),
                              "stride": tuple(stride), "dilation": tuple(dilation), "groups": .int(groups),
                              "padding_mode": .string("zeros"), "output_padding": tuple((0, 0)), "transposed": .bool(false)]
                switch padding {
                case .explicit(let h, let w): attributes["padding"] = tuple((h, w))
                case .same: attributes["padding"] = .string("same")
                case .valid: attributes["padding"] = .string("valid")
                }
                return try layer.module(dtype: try Convert.dtype(b["dtype"], i) ?? .float32, generator: Session.of(i).generator)
            }
            let m = ModuleInstance(kind: .builtIn, module: module)
            for (k, v) in attributes { m.attributes[k] = v }
            return m
        }
        f["MaxPool2d"] = { a, i in
            var attributes: [String: Value] = [:]
            let m = try Layers.construct("MaxPool2d", "kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False", a, i) { b in
                let kernelValue = b.required("kernel_size"), strideValue = b["stride"] ?? kernelValue
                let paddingValue = b["padding"] ?? .int(0), dilationValue = b["dilation"] ?? .int(1)
                if try Convert.bool(b["return_indices"], i) == true {
                    throw PyError("NotImplementedError", "MaxPool2d(return_indices=True) is not supported by tsh yet (F.max_pool2d has it)")
                }
                let ceilMode = try Convert.bool(b["ceil_mode"], i) ?? false
                attributes = ["kernel_size": kernelValue, "stride": strideValue, "padding": paddingValue, "dilation": dilationValue,
                              "ceil_mode": .bool(ceilMode), "return_indices": .bool(false)]
                let text = "kernel_size=\(try i.repr(kernelValue)), stride=\(try i.repr(strideValue)), padding=\(try i.repr(paddingValue)), dilation=\(try i.repr(dilationValue)), ceil_mode=\(ceilMode ? "True" : "False")"
                return Pool2dLayer(.max(dilation: try pair(dilationValue, "MaxPool2d", "dilation", i)),
                                   kernel: try pair(kernelValue, "MaxPool2d", "kernel_size", i), stride: try pair(strideValue, "MaxPool2d", "stride", i),
                                   padding: try pair(paddingValue, "MaxPool2d", "padding", i), ceilMode: ceilMode, extraRepr: text)
            }
            for (k, v) in attributes { m.attributes[k] = v }
            return m
        }
        f["AvgPool2d"] = { a, i in
            var attributes: [String: Value] = [:]
            let m = try Layers.construct("AvgPool2d", "kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None", a, i) { b in
                let kernelValue = b.required("kernel_size"), strideValue = b["stride"] ?? kernelValue
                let paddingValue = b["padding"] ?? .int(0)
                let ceilMode = try Convert.bool(b["ceil_mode"], i) ?? false
                let countIncludePad = try Convert.bool(b["count_include_pad"], i) ?? true
                let divisor = try Convert.int(b["divisor_override"], i)
                attributes = ["kernel_size": kernelValue, "stride": strideValue, "padding": paddingValue, "ceil_mode": .bool(ceilMode),
                              "count_include_pad": .bool(countIncludePad), "divisor_override": divisor.map { .int($0) } ?? .none]
                let text = "kernel_size=\(try i.repr(kernelValue)), stride=\(try i.repr(strideValue)), padding=\(try i.repr(paddingValue))"
                return Pool2dLayer(.average(countIncludePad: countIncludePad, divisor: divisor),
                                   kernel: try pair(kernelValue, "AvgPool2d", "kernel_size", i), stride: try pair(strideValue, "AvgPool2d", "stride", i),
                                   padding: try pair(paddingValue, "AvgPool2d", "padding", i), ceilMode: ceilMode, extraRepr: text)
            }
            for (k, v) in attributes { m.attributes[k] = v }
            return m
        }
        f["AdaptiveAvgPool2d"] = { a, i in
            var size: Value = .none
            let m = try Layers.construct("AdaptiveAvgPool2d", "output_size", a, i) { b in
                size = b.required("output_size")
                return AdaptiveAvgPool2dLayer(size: try outputSize(size, i), extraRepr: "output_size=\(try i.repr(size))")
            }
            m.attributes["output_size"] = size
            return m
        }
    }

    /// An adaptive pool's output size: an int, or a pair whose entries may be None (keep).
    static func outputSize(_ v: Value, _ i: Interpreter) throws -> (Int?, Int?) {
        if let n = try i.asIndex(v), !v.isBool { return (n, n) }
        let items: [Value]
        switch v {
        case .tuple(let t): items = t
        case .list(let l): items = l.items
        default: throw PyError.type("adaptive_avg_pool2d(): argument 'output_size' must be tuple of ints, not \(i.typeName(v))")
        }
        guard items.count == 2 else {
            throw PyError.runtime("adaptive_avg_pool2d: output_size must be 2")
        }
        func one(_ x: Value) throws -> Int? {
            if case .none = x { return nil }
            guard let n = try i.asIndex(x) else { throw PyError.type("output_size entries must be ints or None") }
            return n
        }
        return (try one(items[0]), try one(items[1]))
    }

    static func installFunctional(into f: ModuleObject) {
        typealias Fn = FunctionalModule
        f.attributes["conv2d"] = Fn.builtin("conv2d", "input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1", summary: "2-D convolution of [N, C, H, W] images with [out, C/groups, kh, kw] filters.", example: "F.conv2d(randn(1, 1, 5, 5), ones(1, 1, 3, 3))") { b, i in
            let x = try Fn.input(b, i)
            let weight = try Convert.requireTensor(b["weight"], "conv2d", "weight", position: 1, i)
            let bias = try b["bias"].map { try Convert.requireTensor($0, "conv2d", "bias", position: 2, i) }
            let stride = try pair(b["stride"], "conv2d", "stride", default: (1, 1), i)
            let dilation = try pair(b["dilation"], "conv2d", "dilation", default: (1, 1), i)
            let groups = try Convert.int(b["groups"], i) ?? 1
            let padding: Functional.Pair
            switch try ConvolutionBindings.padding(b["padding"], "conv2d", i) {
            case .explicit(let h, let w): padding = (h, w)
            case .valid: padding = (0, 0)
            case .same:
                guard stride == (1, 1) else { throw PyError.runtime("padding='same' is not supported for strided convolutions") }
                let layer = try Conv2dLayer(inChannels: groups, outChannels: groups, kernel: (weight.shape.count == 4 ? weight.shape[2] : 1, weight.shape.count == 4 ? weight.shape[3] : 1),
                                            stride: stride, padding: .same, dilation: dilation, groups: groups, hasBias: false)
                padding = try layer.explicitPadding
            }
            return Convert.wrap(try Functional.conv2d(x, weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups))
        }
        f.attributes["max_pool2d"] = Fn.builtin("max_pool2d", "input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False", summary: "The maximum of each kernel_size window (stride defaults to kernel_size).", example: "F.max_pool2d(randn(1, 1, 4, 4), 2)") { b, i in
            let kernel = try pair(b["kernel_size"], "max_pool2d", "kernel_size", i)
            let result = try Functional.maxPool2d(try Fn.input(b, i), kernel: kernel, stride: try b["stride"].map { try pair($0, "max_pool2d", "stride", i) },
                                                  padding: try pair(b["padding"], "max_pool2d", "padding", default: (0, 0), i),
                                                  dilation: try pair(b["dilation"], "max_pool2d", "dilation", default: (1, 1), i),
                                                  ceilMode: try Convert.bool(b["ceil_mode"], i) ?? false)
            if try Convert.bool(b["return_indices"], i) == true { return .tuple([Convert.wrap(result.values), Convert.wrap(result.indices)]) }
            return Convert.wrap(result.values)
        }
        f.attributes["avg_pool2d"] = Fn.builtin("avg_pool2d", "input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None", summary: "The mean of each kernel_size window (stride defaults to kernel_size).", example: "F.avg_pool2d(randn(1, 1, 4, 4), 2)") { b, i in
            let kernel = try pair(b["kernel_size"], "avg_pool2d", "kernel_size", i)
            return Convert.wrap(try Functional.avgPool2d(try Fn.input(b, i), kernel: kernel, stride: try b["stride"].map { try pair($0, "avg_pool2d", "stride", i) },
                                                         padding: try pair(b["padding"], "avg_pool2d", "padding", default: (0, 0), i),
                                                         ceilMode: try Convert.bool(b["ceil_mode"], i) ?? false,
                                                         countIncludePad: try Convert.bool(b["count_include_pad"], i) ?? true,
                                                         divisor: try Convert.int(b["divisor_override"], i)))
        }
        f.attributes["adaptive_avg_pool2d"] = Fn.builtin("adaptive_avg_pool2d", "input, output_size", summary: "Average pooling to a fixed output size, whatever the input size.", example: "F.adaptive_avg_pool2d(randn(1, 3, 7, 7), (1, 1))") { b, i in
            Convert.wrap(try Functional.adaptiveAvgPool2d(try Fn.input(b, i), outputSize: try outputSize(b.required("output_size"), i)))
        }
    }
}
