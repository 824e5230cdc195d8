import Interpreter

/// `torchvision.models`: ResNet and VGG as torchvision 0.29 defines them, written in the
/// language itself (from torchvision/models/resnet.py and vgg.py), so a model is built from
/// tsh's layers in torchvision's order: `torch.manual_seed(0); resnet18()` draws the same
/// numbers, prints the same structure and computes the same outputs as torchvision's.
/// Pretrained weights need a download: any `weights=` other than None is refused, naming the
/// way out (a state_dict saved by PyTorch loads with `torch.load`).
enum TorchVisionModels {
    static func install(into interp: Interpreter, parent: ModuleObject) {
        interp.moduleSources["torchvision.models"] = source
        parent.submodules.insert("models")
    }

    static let source = #"""
import torch
import torch.nn as nn


class _Weights:
    def __init__(self, enum, name):
        self.enum = enum
        self.name = name

    def __repr__(self):
        return self.enum + "." + self.name


class ResNet18_Weights:
    IMAGENET1K_V1 = _Weights("ResNet18_Weights", "IMAGENET1K_V1")
    DEFAULT = IMAGENET1K_V1


class ResNet34_Weights:
    IMAGENET1K_V1 = _Weights("ResNet34_Weights", "IMAGENET1K_V1")
    DEFAULT = IMAGENET1K_V1


class ResNet50_Weights:
    IMAGENET1K_V1 = _Weights("ResNet50_Weights", "IMAGENET1K_V1")
    IMAGENET1K_V2 = _Weights("ResNet50_Weights", "IMAGENET1K_V2")
    DEFAULT = IMAGENET1K_V2


class ResNet101_Weights:
    IMAGENET1K_V1 = _Weights("ResNet101_Weights", "IMAGENET1K_V1")
    IMAGENET1K_V2 = _Weights("ResNet101_Weights", "IMAGENET1K_V2")
    DEFAULT = IMAGENET1K_V2


class ResNet152_Weights:
    IMAGENET1K_V1 = _Weights("ResNet152_Weights", "IMAGENET1K_V1")
    IMAGENET1K_V2 = _Weights("ResNet152_Weights", "IMAGENET1K_V2")
    DEFAULT = IMAGENET1K_V2


class VGG11_Weights:
    IMAGENET1K_V1 = _Weights("VGG11_Weights", "IMAGENET1K_V1")
    DEFAULT = IMAGENET1K_V1


class VGG11_BN_Weights:
    IMAGENET1K_V1 = _Weights("VGG11_BN_Weights", "IMAGENET1K_V1")
    DEFAULT = IMAGENET1K_V1


class VGG13_Weights:
    IMAGENET1K_V1 = _Weights("VGG13_Weights", "IMAGENET1K_V1")
    DEFAULT = IMAGENET1K_V1


class VGG13_BN_Weights:
    IMAGENET1K_V1 = _Weights("VGG13_BN_Weights", "IMAGENET1K_V1")
    DEFAULT = IMAGENET1K_V1


class VGG16_Weights:
    IMAGENET1K_V1 = _Weights("VGG16_Weights", "IMAGENET1K_V1")
    DEFAULT = IMAGENET1K_V1


class VGG16_BN_Weights:
    IMAGENET1K_V1 = _Weights("VGG16_BN_Weights", "IMAGENET1K_V1")
    DEFAULT = IMAGENET1K_V1


class VGG19_Weights:
    IMAGENET1K_V1 = _Weights("VGG19_Weights", "IMAGENET1K_V1")
    DEFAULT = IMAGENET1K_V1


class VGG19_BN_Weights:
    IMAGENET1K_V1 = _Weights("VGG19_BN_Weights", "IMAGENET1K_V1")
    DEFAULT = IMAGENET1K_V1


def _refuse_pretrained(weights, kwargs):
    if kwargs.pop("pretrained", False):
        weights = "pretrained=True"
    if weights is not None:
        raise RuntimeError(
            f"tsh has no network, so the pretrained weights {weights} cannot be downloaded: "
            "use weights=None for a freshly initialised model, and load weights saved by "
            "PyTorch with model.load_state_dict(torch.load(path))"
        )


def conv3x3(in_planes, out_planes, stride=1, groups=1, dilation=1):
    return nn.Conv2d(in_planes, out_planes, kernel_size=3, stride=stride, padding=dilation,
                     groups=groups, bias=False, dilation=dilation)


def conv1x1(in_planes, out_planes, stride=1):
    return nn.Conv2d(in_planes, out_planes, kernel_size=1, stride=stride, bias=False)


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, inplanes, planes, stride=1, downsample=None, groups=1, base_width=64,
                 dilation=1, norm_layer=None):
        super().__init__()
        if norm_layer is None:
            norm_layer = nn.BatchNorm2d
        if groups != 1 or base_width != 64:
            raise ValueError("BasicBlock only supports groups=1 and base_width=64")
        if dilation > 1:
            raise NotImplementedError("Dilation > 1 not supported in BasicBlock")
        self.conv1 = conv3x3(inplanes, planes, stride)
        self.bn1 = norm_layer(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = conv3x3(planes, planes)
        self.bn2 = norm_layer(planes)
        self.downsample = downsample
        self.stride = stride

    def forward(self, x):
        identity = x
        out = self.conv1(x)
        out = self.bn1(out)
        out = self.relu(out)
        out = self.conv2(out)
        out = self.bn2(out)
        if self.downsample is not None:
            identity = self.downsample(x)
        out += identity
        out = self.relu(out)
        return out


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, inplanes, planes, stride=1, downsample=None, groups=1, base_width=64,
                 dilation=1, norm_layer=None):
        super().__init__()
        if norm_layer is None:
            norm_layer = nn.BatchNorm2d
        width = int(planes * (base_width / 64.0)) * groups
        self.conv1 = conv1x1(inplanes, width)
        self.bn1 = norm_layer(width)
        self.conv2 = conv3x3(width, width, stride, groups, dilation)
        self.bn2 = norm_layer(width)
        self.conv3 = conv1x1(width, planes * self.expansion)
        self.bn3 = norm_layer(planes * self.expansion)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample
        self.stride = stride

    def forward(self, x):
        identity = x
        out = self.conv1(x)
        out = self.bn1(out)
        out = self.relu(out)
        out = self.conv2(out)
        out = self.bn2(out)
        out = self.relu(out)
        out = self.conv3(out)
        out = self.bn3(out)
        if self.downsample is not None:
            identity = self.downsample(x)
        out += identity
        out = self.relu(out)
        return out


class ResNet(nn.Module):
    def __init__(self, block, layers, num_classes=1000, zero_init_residual=False, groups=1,
                 width_per_group=64, replace_stride_with_dilation=None, norm_layer=None):
        super().__init__()
        if norm_layer is None:
            norm_layer = nn.BatchNorm2d
        self._norm_layer = norm_layer
        self.inplanes = 64
        self.dilation = 1
        if replace_stride_with_dilation is None:
            replace_stride_with_dilation = [False, False, False]
        if len(replace_stride_with_dilation) != 3:
            raise ValueError(
                "replace_stride_with_dilation should be None "
                f"or a 3-element tuple, got {replace_stride_with_dilation}"
            )
        self.groups = groups
        self.base_width = width_per_group
        self.conv1 = nn.Conv2d(3, self.inplanes, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = norm_layer(self.inplanes)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, 64, layers[0])
        self.layer2 = self._make_layer(block, 128, layers[1], stride=2, dilate=replace_stride_with_dilation[0])
        self.layer3 = self._make_layer(block, 256, layers[2], stride=2, dilate=replace_stride_with_dilation[1])
        self.layer4 = self._make_layer(block, 512, layers[3], stride=2, dilate=replace_stride_with_dilation[2])
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(512 * block.expansion, num_classes)

        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.constant_(m.weight, 1)
                nn.init.constant_(m.bias, 0)
        if zero_init_residual:
            for m in self.modules():
                if isinstance(m, Bottleneck) and m.bn3.weight is not None:
                    nn.init.constant_(m.bn3.weight, 0)
                elif isinstance(m, BasicBlock) and m.bn2.weight is not None:
                    nn.init.constant_(m.bn2.weight, 0)

    def _make_layer(self, block, planes, blocks, stride=1, dilate=False):
        norm_layer = self._norm_layer
        downsample = None
        previous_dilation = self.dilation
        if dilate:
            self.dilation *= stride
            stride = 1
        if stride != 1 or self.inplanes != planes * block.expansion:
            downsample = nn.Sequential(
                conv1x1(self.inplanes, planes * block.expansion, stride),
                norm_layer(planes * block.expansion),
            )
        layers = []
        layers.append(block(self.inplanes, planes, stride, downsample, self.groups, self.base_width,
                            previous_dilation, norm_layer))
        self.inplanes = planes * block.expansion
        for _ in range(1, blocks):
            layers.append(block(self.inplanes, planes, groups=self.groups, base_width=self.base_width,
                                dilation=self.dilation, norm_layer=norm_layer))
        return nn.Sequential(*layers)

    def _forward_impl(self, x):
        x = self.conv1(x)
        x = self.bn1(x)
        x = self.relu(x)
        x = self.maxpool(x)
        x = self.layer1(x)
        x = self.layer2(x)
        x = self.layer3(x)
        x = self.layer4(x)
        x = self.avgpool(x)
        x = torch.flatten(x, 1)
        x = self.fc(x)
        return x

    def forward(self, x):
        return self._forward_impl(x)


def _resnet(block, layers, weights, kwargs):
    _refuse_pretrained(weights, kwargs)
    kwargs.pop("progress", None)
    return ResNet(block, layers, **kwargs)


def resnet18(*, weights=None, progress=True, **kwargs):
    return _resnet(BasicBlock, [2, 2, 2, 2], weights, kwargs)


def resnet34(*, weights=None, progress=True, **kwargs):
    return _resnet(BasicBlock, [3, 4, 6, 3], weights, kwargs)


def resnet50(*, weights=None, progress=True, **kwargs):
    return _resnet(Bottleneck, [3, 4, 6, 3], weights, kwargs)


def resnet101(*, weights=None, progress=True, **kwargs):
    return _resnet(Bottleneck, [3, 4, 23, 3], weights, kwargs)


def resnet152(*, weights=None, progress=True, **kwargs):
    return _resnet(Bottleneck, [3, 8, 36, 3], weights, kwargs)


class VGG(nn.Module):
    def __init__(self, features, num_classes=1000, init_weights=True, dropout=0.5):
        super().__init__()
        self.features = features
        self.avgpool = nn.AdaptiveAvgPool2d((7, 7))
        self.classifier = nn.Sequential(
            nn.Linear(512 * 7 * 7, 4096),
            nn.ReLU(True),
            nn.Dropout(p=dropout),
            nn.Linear(4096, 4096),
            nn.ReLU(True),
            nn.Dropout(p=dropout),
            nn.Linear(4096, num_classes),
        )
        if init_weights:
            for m in self.modules():
                if isinstance(m, nn.Conv2d):
                    nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
                    if m.bias is not None:
                        nn.init.constant_(m.bias, 0)
                elif isinstance(m, nn.BatchNorm2d):
                    nn.init.constant_(m.weight, 1)
                    nn.init.constant_(m.bias, 0)
                elif isinstance(m, nn.Linear):
                    nn.init.normal_(m.weight, 0, 0.01)
                    nn.init.constant_(m.bias, 0)

    def forward(self, x):
        x = self.features(x)
        x = self.avgpool(x)
        x = torch.flatten(x, 1)
        x = self.classifier(x)
        return x


def make_layers(cfg, batch_norm=False):
    layers = []
    in_channels = 3
    for v in cfg:
        if v == "M":
            layers += [nn.MaxPool2d(kernel_size=2, stride=2)]
        else:
            conv2d = nn.Conv2d(in_channels, v, kernel_size=3, padding=1)
            if batch_norm:
                layers += [conv2d, nn.BatchNorm2d(v), nn.ReLU(inplace=True)]
            else:
                layers += [conv2d, nn.ReLU(inplace=True)]
            in_channels = v
    return nn.Sequential(*layers)


cfgs = {
    "A": [64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    "B": [64, 64, "M", 128, 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    "D": [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"],
    "E": [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M", 512, 512, 512, 512, "M"],
}


def _vgg(cfg, batch_norm, weights, kwargs):
    _refuse_pretrained(weights, kwargs)
    kwargs.pop("progress", None)
    return VGG(make_layers(cfgs[cfg], batch_norm=batch_norm), **kwargs)


def vgg11(*, weights=None, progress=True, **kwargs):
    return _vgg("A", False, weights, kwargs)


def vgg11_bn(*, weights=None, progress=True, **kwargs):
    return _vgg("A", True, weights, kwargs)


def vgg13(*, weights=None, progress=True, **kwargs):
    return _vgg("B", False, weights, kwargs)


def vgg13_bn(*, weights=None, progress=True, **kwargs):
    return _vgg("B", True, weights, kwargs)


def vgg16(*, weights=None, progress=True, **kwargs):
    return _vgg("D", False, weights, kwargs)


def vgg16_bn(*, weights=None, progress=True, **kwargs):
    return _vgg("D", True, weights, kwargs)


def vgg19(*, weights=None, progress=True, **kwargs):
    return _vgg("E", False, weights, kwargs)


def vgg19_bn(*, weights=None, progress=True, **kwargs):
    return _vgg("E", True, weights, kwargs)
"""#
}
