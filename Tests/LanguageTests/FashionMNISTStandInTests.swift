import Foundation
import Testing
import TestSupport

/// The offline FashionMNIST stand-in: written as torchvision's IDX files that
/// `datasets.FashionMNIST` reads unchanged, the same bytes on every machine, balanced
/// classes, existing files kept, and the way to it named when download=True cannot fetch.
struct FashionMNISTStandInTests {
    @Test func standInIsTorchvisionsLayoutWithFixedBytes() {
        let root = NSTemporaryDirectory() + "tsh-standin-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (output, error) = runProgram("""
        import os
        import tsh
        from torchvision import datasets
        from torchvision.transforms import ToTensor
        root = tsh.fashion_mnist_standin("\(root)")
        print(root == "\(root)", sorted(os.listdir(os.path.join(root, "FashionMNIST", "raw"))))
        train = datasets.FashionMNIST(root=root, train=True, download=False, transform=ToTensor())
        test = datasets.FashionMNIST(root=root, train=False, download=False)
        print(len(train), len(test), train.targets.bincount().tolist(), train[0][0].shape, train[0][0].dtype)
        print(test.data.shape, test.data.dtype, test.targets[:12].tolist(), test.data.sum().item(), test.data[0, 14, :10].tolist())
        os.remove(os.path.join(root, "FashionMNIST", "raw", "t10k-labels-idx1-ubyte"))
        tsh.fashion_mnist_standin(root)
        print(datasets.FashionMNIST(root=root, train=False).targets[:3].tolist())
        """)
        #expect(error == nil)
        #expect(output == """
        True ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte', 'train-images-idx3-ubyte', 'train-labels-idx1-ubyte']
        60000 10000 [6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000] torch.Size([1, 28, 28]) torch.float32
        torch.Size([10000, 28, 28]) torch.uint8 [2, 2, 2, 5, 1, 3, 3, 2, 5, 0, 4, 0] 466395449 [0, 0, 191, 170, 178, 191, 178, 174, 198, 166]
        [2, 2, 2]

        """)
    }

    @Test func downloadNamesTheStandIn() {
        let (_, error) = runProgram("""
        from torchvision import datasets
        datasets.FashionMNIST(root="/nonexistent/tsh-data", download=True)
        """)
        #expect(error?.contains("tsh.fashion_mnist_standin('/nonexistent/tsh-data')") == true)
        let (_, bad) = runProgram("import tsh\ntsh.fashion_mnist_standin(3)")
        #expect(bad == "TypeError: fashion_mnist_standin() takes root as a str, not int")
    }
}
