import Foundation
import Testing
import TestSupport

/// torchvision's FashionMNIST over IDX files written here (three training and two test
/// images of known grey levels): ToTensor, Normalize, Compose, Lambda targets, the dataset's
/// repr with its transforms, batches through a DataLoader, and torchvision's errors.
struct TorchVisionTests {
    /// IDX files under `root/FashionMNIST/raw`: image k of a split is all `51 × ((base + k) % 6)`.
    func writeDataset(_ root: String) throws {
        let raw = root + "/FashionMNIST/raw"
        try FileManager.default.createDirectory(atPath: raw, withIntermediateDirectories: true)
        func bigEndian(_ values: [UInt32]) -> [UInt8] { values.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> (24 - 8 * $0)) } } }
        func images(_ n: Int, base: Int) -> [UInt8] {
            bigEndian([2051, UInt32(n), 28, 28]) + (0..<n).flatMap { k in [UInt8](repeating: UInt8(51 * ((base + k) % 6)), count: 784) }
        }
        func labels(_ values: [UInt8]) -> [UInt8] { bigEndian([2049, UInt32(values.count)]) + values }
        for (name, bytes) in [("train-images-idx3-ubyte", images(3, base: 0)), ("train-labels-idx1-ubyte", labels([9, 0, 3])),
                              ("t10k-images-idx3-ubyte", images(2, base: 4)), ("t10k-labels-idx1-ubyte", labels([8, 1]))] {
            try Data(bytes).write(to: URL(fileURLWithPath: raw + "/" + name))
        }
    }

    @Test func fashionMNISTFromIDXFiles() throws {
        let root = NSTemporaryDirectory() + "tsh-vision-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try writeDataset(root)
        let (output, error) = runProgram("""
        import torch
        from torchvision import datasets, transforms
        from torchvision.transforms import ToTensor, Lambda, Normalize, Compose
        ds = datasets.FashionMNIST(root="\(root)", train=True, download=False, transform=Compose([ToTensor(), Normalize((0.5,), (0.5,))]), target_transform=Lambda(lambda y: y * 10))
        x, y = ds[1]
        print(len(ds), x.shape, x[0, 0, :3], y, ds.targets, ds.data.dtype, ds[-1][1])
        raw = datasets.FashionMNIST("\(root)", train=False)
        print(raw[0][0].size, raw[0][1], len(raw), raw.classes[raw[0][1]], ToTensor()(raw[1][0])[0, 27, 27])
        print(ds)
        print([(tuple(xb.shape), yb.tolist()) for xb, yb in torch.utils.data.DataLoader(ds, batch_size=2)])
        for bad in [lambda: datasets.MNIST("\(root)"), lambda: ToTensor()(torch.ones(2)), lambda: Normalize((0.5,), (0.5,))(torch.ones(1, 2, 2, dtype=torch.uint8)), lambda: ds[3]]:
            try:
                bad()
            except (RuntimeError, TypeError, IndexError) as e:
                print(type(e).__name__, e)

        """)
        #expect(error == nil)
        #expect(output == """
        3 torch.Size([1, 28, 28]) tensor([-0.6000, -0.6000, -0.6000]) 0 tensor([9, 0, 3]) torch.uint8 30
        (28, 28) 8 2 Bag tensor(1.)
        Dataset FashionMNIST
            Number of datapoints: 3
            Root location: \(root)
            Split: Train
            StandardTransform
        Transform: Compose(
                       ToTensor()
                       Normalize(mean=(0.5,), std=(0.5,))
                   )
        Target transform: Lambda()
        [((2, 1, 28, 28), [90, 0]), ((1, 1, 28, 28), [30])]
        RuntimeError Dataset not found. You can use download=True to download it
        TypeError pic should be PIL Image or ndarray. Got <class 'torch.Tensor'>
        TypeError Input tensor should be a float tensor. Got torch.uint8.
        IndexError index 3 is out of bounds for dimension 0 with size 3

        """)
    }

    @Test func aDamagedIDXFileIsAnErrorNotACrash() throws {
        let root = NSTemporaryDirectory() + "tsh-vision-bad-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try writeDataset(root)
        let images = root + "/FashionMNIST/raw/train-images-idx3-ubyte"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: images))
        try bytes.prefix(1000).write(to: URL(fileURLWithPath: images))
        let error = runProgram("from torchvision import datasets\ndatasets.FashionMNIST('\(root)')\n").error
        #expect(error?.contains("holds 984 bytes of data where its header says 2352") == true)
    }
}
