/// One entry per builtin for help(x), x? and :help x: `name | signature | what it does | example`.
/// Tensor methods share the entry of the function of the same name (`x.sum()` is `sum`).
extension Help {
    static let catalogue = """
    abs | abs(input) | Absolute value, elementwise (also Python's abs for numbers). | abs(tensor([-1., 2.]))
    absolute | absolute(input) | Alias of abs. | absolute(tensor([-3]))
    all | all(input, dim=None) | True where every element is non-zero (also Python's all). | all(tensor([True, False]))
    any | any(input, dim=None) | True where some element is non-zero (also Python's any). | any(tensor([0, 1]))
    bin | bin(x) | The binary text of an int ('0b101'). | bin(5)
    bool | bool(x) | Python truth value; as a method, converts a tensor to torch.bool. | ones(2).bool()
    bytes | bytes(source=b'', encoding=None) | Python's bytes: b'...' literals, str.encode(), decode(), indexing to ints. | 'héllo'.encode()
    callable | callable(obj) | Whether obj can be called. | callable(relu)
    chr | chr(i) | The one-character string of a code point. | chr(955)
    classmethod | classmethod(function) | A method that receives its class (cls) instead of an instance; used as @classmethod. | @classmethod\n    def create(cls): return cls()
    clip | clip(input, min=None, max=None) | Alias of clamp. | clip(tensor([-2., 2.]), -1, 1)
    concat | concat(tensors, dim=0) | Alias of cat. | concat([ones(1), zeros(1)])
    concatenate | concatenate(tensors, axis=0) | Alias of cat. | concatenate([ones(1), zeros(1)])
    device | device(type) | A device; tsh computes on the CPU. | device('cpu')
    dict | dict(iterable=(), **kwargs) | A Python dictionary. | dict(lr=0.1, momentum=0.9)
    divide | divide(input, other, rounding_mode=None) | Alias of div. | divide(ones(2), 4)
    dir | dir(obj=None) | The attribute names of obj (of a tensor: its methods and properties), or the names you defined. | dir(randn(2))
    divmod | divmod(a, b) | (a // b, a % b) for numbers. | divmod(7, 2)
    empty_like | empty_like(input, dtype=None) | An uninitialised tensor shaped like input. | empty_like(randn(2))
    enable_grad | enable_grad() | A block that records the graph even inside no_grad. | with torch.enable_grad():\\n    y = x * 2
    enumerate | enumerate(iterable, start=0) | Pairs (index, item). | for i, (X, y) in enumerate(loader): ...
    exit | exit(code=None) | Leaves tsh (at the prompt, as exit or Ctrl-D) or ends a script with status code. | exit()
    filter | filter(function, iterable) | The items for which function is true. | list(filter(callable, [relu, 1]))
    float | float(x) | A Python float; as a method, converts a tensor to torch.float32. | arange(3).float()
    format | format(value, spec='') | Formats value with the format mini-language. | format(0.123456, '>8.3f')
    frozenset | frozenset(iterable=()) | An immutable set (hashable: a dict key or a set member). | frozenset([1, 2])
    getattr | getattr(obj, name, default) | The attribute called name. | getattr(model, 'weight', None)
    hasattr | hasattr(obj, name) | Whether obj has the attribute. | hasattr(w, 'grad')
    hash | hash(obj) | The hash of a hashable value (equal numbers hash alike: hash(1) == hash(1.0)). | hash((1, 2))
    help | help(x) | This help: a signature, what it does, an example. | help(matmul)
    hex | hex(x) | The hexadecimal text of an int ('0xff'). | hex(255)
    id | id(obj) | A number that identifies an object while it lives. | id(w) == id(w)
    inference_mode | inference_mode(mode=True) | A block with no graph recording (like no_grad). | with torch.inference_mode():\\n    y = model(X)
    int | int(x) | A Python int; as a method, converts a tensor to torch.int32. | int(2.9)
    isinstance | isinstance(obj, classinfo) | Whether obj is an instance of the class (or one of a tuple). | isinstance(model, nn.Module)
    issubclass | issubclass(cls, classinfo) | Whether a class derives from another (or one of a tuple). | issubclass(bool, int)
    iter | iter(iterable) | An iterator (a DataLoader starts a new epoch). | X, y = next(iter(loader))
    len | len(obj) | Number of items (the first dim of a tensor). | len(randn(5, 3))
    list | list(iterable=()) | A Python list. | list(range(3))
    log1p | log1p(input) | log(1 + x), accurate near zero. | log1p(tensor([1e-8]))
    map | map(function, iterable) | function applied to each item. | list(map(abs, [-1, 2]))
    max | max(input, dim=None, keepdim=False) | Largest element; with dim, (values, indices). Also Python's max. | max(tensor([[1, 5], [7, 2]]), dim=1)
    min | min(input, dim=None, keepdim=False) | Smallest element; with dim, (values, indices). Also Python's min. | min(tensor([3., 1., 2.]))
    multiply | multiply(input, other) | Alias of mul. | multiply(ones(2), 3)
    negative | negative(input) | Alias of neg. | negative(ones(2))
    next | next(iterator) | The next item of an iterator. | X, y = next(iter(loader))
    no_grad | no_grad() | A block in which operations record no graph. | with torch.no_grad():\\n    w -= lr * w.grad
    object | object() | The base of every class (class Net(object): ...); object() is a plain sentinel value. | MISSING = object()
    oct | oct(x) | The octal text of an int ('0o10'). | oct(8)
    ones_like | ones_like(input, dtype=None, requires_grad=False) | Ones shaped like input. | ones_like(randn(2))
    open | open(file, mode='r') | A text file (UTF-8): read, readline, readlines, iteration by lines, write; use it in with. | with open('log.txt', 'w') as f:\n    f.write('done\\n')
    ord | ord(c) | The code point of a one-character string. | ord('a')
    pow | pow(input, exponent) | input ** exponent, elementwise. | pow(tensor([2., 3.]), 2)
    print | print(*values, sep=' ', end='\\n') | Writes values as Python does. | print(f"loss: {loss:>7f}")
    property | property(fget=None, fset=None, fdel=None) | An attribute computed by methods; used as @property and @name.setter. | @property\n    def area(self): return self.w * self.h
    quit | quit(code=None) | Same as exit. | quit()
    range | range(start, stop, step) | Python's integer range. | for epoch in range(3): ...
    repr | repr(obj) | The text that shows obj, as at the prompt. | repr(ones(2))
    reversed | reversed(seq) | The items in reverse order. | list(reversed([1, 2, 3]))
    round | round(input, decimals=0) | Rounds half to even (also Python's round). | round(tensor([0.5, 1.5]))
    set | set(iterable=()) | A Python set: unique items with union, intersection and difference, add, remove, in. | set([3, 1, 3])
    set_grad_enabled | set_grad_enabled(mode) | Turns graph recording on or off (a function or a with-block). | with torch.set_grad_enabled(False):\\n    y = x * 2
    setattr | setattr(obj, name, value) | Sets the attribute called name. | setattr(model, 'scale', 2.0)
    sorted | sorted(iterable, key=None, reverse=False) | A sorted list. | sorted([3, 1, 2])
    staticmethod | staticmethod(function) | A function in a class that takes no self; used as @staticmethod. | @staticmethod\n    def to_f(c): return c * 9 / 5 + 32
    str | str(obj) | The printed text of obj. | str(1e-3)
    subtract | subtract(input, other, alpha=1) | Alias of sub. | subtract(ones(2), 1)
    sum | sum(input, dim=None, keepdim=False) | Sum of all elements, or along dim (also Python's sum). | randn(2, 3).sum(dim=0)
    swapaxes | swapaxes(input, axis0, axis1) | Alias of transpose. | swapaxes(randn(2, 3), 0, 1).shape
    true_divide | true_divide(input, other) | input / other as floats. | true_divide(tensor([7]), 2)
    tuple | tuple(iterable=()) | A Python tuple. | tuple([1, 2])
    type | type(obj) | The type of obj; type(x).__name__ is its name. | type(ones(1)).__name__
    zeros_like | zeros_like(input, dtype=None, requires_grad=False) | Zeros shaped like input. | zeros_like(randn(2))
    zip | zip(*iterables) | Tuples of the items at the same position. | list(zip([1, 2], 'ab'))
    Generator | torch.Generator(device='cpu') | A random number generator of its own (manual_seed, initial_seed, get_state). | g = torch.Generator().manual_seed(42)
    Size | torch.Size(sizes) | A tensor's shape: a tuple of ints. | randn(2, 3).shape == torch.Size([2, 3])
    Tensor | torch.Tensor | The tensor type; isinstance(x, torch.Tensor) checks for one. | isinstance(ones(1), torch.Tensor)
    is_available | torch.cuda.is_available() | Whether a GPU is available: always False in tsh. | device = 'cuda' if torch.cuda.is_available() else 'cpu'
    BCELoss | nn.BCELoss(weight=None, reduction='mean') | The module form of F.binary_cross_entropy. | loss_fn = nn.BCELoss()
    BCEWithLogitsLoss | nn.BCEWithLogitsLoss(weight=None, reduction='mean', pos_weight=None) | The module form of F.binary_cross_entropy_with_logits. | loss_fn = nn.BCEWithLogitsLoss()
    CrossEntropyLoss | nn.CrossEntropyLoss(weight=None, ignore_index=-100, reduction='mean', label_smoothing=0.0) | The module form of F.cross_entropy. | loss_fn = nn.CrossEntropyLoss()
    Dropout | nn.Dropout(p=0.5) | Dropout while training; nothing after model.eval(). | nn.Dropout(0.2)
    Flatten | nn.Flatten(start_dim=1, end_dim=-1) | Flattens each sample of a batch. | nn.Flatten()(randn(64, 28, 28)).shape
    GELU | nn.GELU(approximate='none') | The module form of F.gelu. | nn.GELU()
    Identity | nn.Identity() | Returns its input unchanged. | nn.Identity()(ones(2))
    L1Loss | nn.L1Loss(reduction='mean') | The module form of F.l1_loss. | loss_fn = nn.L1Loss()
    LeakyReLU | nn.LeakyReLU(negative_slope=0.01) | The module form of F.leaky_relu. | nn.LeakyReLU(0.1)
    Linear | nn.Linear(in_features, out_features, bias=True) | y = x @ W.T + b, with W and b initialised as PyTorch does. | layer = nn.Linear(28*28, 512)
    LogSoftmax | nn.LogSoftmax(dim=None) | The module form of log_softmax. | nn.LogSoftmax(dim=1)
    MSELoss | nn.MSELoss(reduction='mean') | The module form of F.mse_loss. | loss_fn = nn.MSELoss()
    Module | nn.Module | The base class of models: define __init__ and forward, call the instance. | class Net(nn.Module):\n    def forward(self, x):\n        return x
    NLLLoss | nn.NLLLoss(weight=None, ignore_index=-100, reduction='mean') | The module form of F.nll_loss. | loss_fn = nn.NLLLoss()
    Parameter | nn.Parameter(data, requires_grad=True) | A tensor a module registers as one of its parameters. | self.scale = nn.Parameter(ones(1))
    ReLU | nn.ReLU() | The module form of relu. | nn.ReLU()(tensor([-1., 1.]))
    Sequential | nn.Sequential(*modules) | Runs modules one after another. | nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
    Sigmoid | nn.Sigmoid() | The module form of sigmoid. | nn.Sigmoid()(zeros(1))
    Softmax | nn.Softmax(dim=None) | The module form of softmax. | nn.Softmax(dim=1)(logits)
    Tanh | nn.Tanh() | The module form of tanh. | nn.Tanh()(zeros(1))
    calculate_gain | nn.init.calculate_gain(nonlinearity, param=None) | The recommended gain for a nonlinearity. | nn.init.calculate_gain('relu')
    constant_ | nn.init.constant_(tensor, val) | Fills tensor with val, in place. | nn.init.constant_(layer.bias, 0.)
    kaiming_normal_ | nn.init.kaiming_normal_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu') | He initialisation from a normal distribution. | nn.init.kaiming_normal_(layer.weight)
    kaiming_uniform_ | nn.init.kaiming_uniform_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu') | He initialisation from a uniform distribution (nn.Linear's default with a=sqrt(5)). | nn.init.kaiming_uniform_(layer.weight)
    ones_ | nn.init.ones_(tensor) | Fills tensor with ones, in place. | nn.init.ones_(layer.weight)
    xavier_normal_ | nn.init.xavier_normal_(tensor, gain=1.0) | Glorot initialisation from a normal distribution. | nn.init.xavier_normal_(layer.weight)
    xavier_uniform_ | nn.init.xavier_uniform_(tensor, gain=1.0) | Glorot initialisation from a uniform distribution. | nn.init.xavier_uniform_(layer.weight)
    zeros_ | nn.init.zeros_(tensor) | Fills tensor with zeros, in place. | nn.init.zeros_(layer.bias)
    Adam | optim.Adam(params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0) | The Adam optimizer. | optimizer = optim.Adam(model.parameters(), lr=1e-3)
    AdamW | optim.AdamW(params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01) | Adam with decoupled weight decay. | optimizer = optim.AdamW(model.parameters())
    RMSprop | optim.RMSprop(params, lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0, momentum=0, centered=False) | Divides each step by a running root mean square of the gradients. | optimizer = optim.RMSprop(model.parameters(), lr=1e-2)
    Adagrad | optim.Adagrad(params, lr=0.01, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10) | Divides each step by the root of all squared gradients so far. | optimizer = optim.Adagrad(model.parameters(), lr=0.1)
    StepLR | lr_scheduler.StepLR(optimizer, step_size, gamma=0.1, last_epoch=-1) | Multiplies each group's lr by gamma every step_size calls of scheduler.step(). | scheduler = optim.lr_scheduler.StepLR(optimizer, step_size=10)
    MultiStepLR | lr_scheduler.MultiStepLR(optimizer, milestones, gamma=0.1, last_epoch=-1) | Multiplies each group's lr by gamma at each milestone epoch. | scheduler = optim.lr_scheduler.MultiStepLR(optimizer, [30, 80])
    ExponentialLR | lr_scheduler.ExponentialLR(optimizer, gamma, last_epoch=-1) | Multiplies each group's lr by gamma at every scheduler.step(). | scheduler = optim.lr_scheduler.ExponentialLR(optimizer, gamma=0.9)
    CosineAnnealingLR | lr_scheduler.CosineAnnealingLR(optimizer, T_max, eta_min=0.0, last_epoch=-1) | Lowers each group's lr along half a cosine to eta_min over T_max steps (and back up after). | scheduler = optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=50)
    LambdaLR | lr_scheduler.LambdaLR(optimizer, lr_lambda, last_epoch=-1) | Sets each group's lr to its initial lr times lr_lambda(epoch). | scheduler = optim.lr_scheduler.LambdaLR(optimizer, lambda epoch: 0.95 ** epoch)
    SGD | optim.SGD(params, lr=0.001, momentum=0, dampening=0, weight_decay=0, nesterov=False) | Stochastic gradient descent, with momentum if asked. | optimizer = optim.SGD(model.parameters(), lr=1e-3)
    DataLoader | DataLoader(dataset, batch_size=1, shuffle=False, drop_last=False, generator=None) | Batches of a dataset, shuffled each epoch if asked. | loader = DataLoader(TensorDataset(X, y), batch_size=64, shuffle=True)
    Dataset | torch.utils.data.Dataset | The base class of datasets: define __len__ and __getitem__. | class Squares(Dataset):\n    def __len__(self):\n        return 10
    Subset | Subset(dataset, indices) | The items of dataset at the given indices. | Subset(data, [0, 2, 4])
    TensorDataset | TensorDataset(*tensors) | Samples made of the same row of each tensor. | TensorDataset(X, y)[0]
    random_split | random_split(dataset, lengths, generator=None) | Splits a dataset into random non-overlapping subsets. | train, test = random_split(data, [0.8, 0.2])
    grad_fn | tensor.grad_fn | The node that made this tensor; next_functions leads back to the leaves. | z.grad_fn.next_functions
    step | optimizer.step() | Updates the parameters from their .grad. | optimizer.step()
    state_dict | model.state_dict() / optimizer.state_dict() | What to save: parameters by name, or the optimizer's options and buffers. | torch.save(optimizer.state_dict(), 'opt.pth')
    zero_grad | optimizer.zero_grad(set_to_none=True) | Clears the gradients of the parameters. | optimizer.zero_grad()
    detect_anomaly | torch.autograd.detect_anomaly(check_nan=True) | A block in which a NaN in backward raises, naming the forward line that made the node. | with torch.autograd.detect_anomaly(): loss.backward()
    set_detect_anomaly | torch.autograd.set_detect_anomaly(mode, check_nan=True) | Turns anomaly detection on or off (also usable as a with block). | torch.autograd.set_detect_anomaly(True)
    is_anomaly_enabled | torch.is_anomaly_enabled() | Whether anomaly detection is on. | torch.is_anomaly_enabled()
    is_anomaly_check_nan_enabled | torch.is_anomaly_check_nan_enabled() | Whether anomaly detection checks backward results for NaN. | torch.is_anomaly_check_nan_enabled()
    hvp | torch.autograd.functional.hvp(func, inputs, v=None, create_graph=False, strict=False) | (func(inputs), H·v): a Hessian-vector product of a one-element function. | hvp(pow3sum, tensor([1., 2.]), ones(2))
    vhp | torch.autograd.functional.vhp(func, inputs, v=None, create_graph=False, strict=False) | (func(inputs), vᵀ·H): a vector-Hessian product of a one-element function. | vhp(pow3sum, tensor([1., 2.]), ones(2))
    Node | torch.autograd.graph.Node | The class of every grad_fn: name(), next_functions, metadata, register_hook(fn), register_prehook(fn). | isinstance(y.grad_fn, torch.autograd.graph.Node)
    """

    static let entries: [String: (signature: String, summary: String, example: String)] = {
        var table: [String: (String, String, String)] = [:]
        for line in catalogue.split(separator: "\n") {
            let fields = line.split(separator: "|", maxSplits: 3).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 4 else { continue }
            table[fields[0]] = (fields[1], fields[2], fields[3].replacingOccurrences(of: "\\n", with: "\n"))
        }
        return table
    }()
}
