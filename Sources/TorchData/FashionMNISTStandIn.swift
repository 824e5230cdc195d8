import Autograd
import Foundation

/// tsh's offline stand-in for FashionMNIST, for lessons and tests on a machine with no network:
/// 60,000 training and 10,000 test images of 28×28 grey pixels, 10 balanced classes with
/// FashionMNIST's names and rough silhouettes (a T-shirt is a torso with short sleeves, a
/// trouser two legs, an ankle boot a shaft on a foot, ...), each image its class's shape
/// shifted, scaled, lit and textured at random. The same seed gives the same bytes on every
/// machine (SplitMix64 per image, no floating-point library calls), and the files it writes
/// are torchvision's IDX files, so `datasets.FashionMNIST(root)` reads them unchanged.
package enum FashionMNISTStandIn {
    package static let trainCount = 60_000, testCount = 10_000, side = 28

    /// The images (uint8 [n, 28, 28]) and labels (uint8 [n]) of one split.
    package static func make(train: Bool) -> (images: NDArray, labels: NDArray) {
        let n = train ? trainCount : testCount
        let split: UInt64 = train ? 1 : 2
        let labels = balancedLabels(n, seed: 0x7473_685F_666D_6E00 ^ split)
        let images = NDArray(uninitialized: [n, side, side], dtype: .uint8)
        let pixels = images.baseAddress.assumingMemoryBound(to: UInt8.self)
        let labelBytes = NDArray(uninitialized: [n], dtype: .uint8)
        let labelPointer = labelBytes.baseAddress.assumingMemoryBound(to: UInt8.self)
        for i in 0..<n {
            labelPointer[i] = UInt8(labels[i])
            var rng = SplitMix64(seed: split << 40 ^ UInt64(i) &* 0x9E37_79B9_7F4A_7C15)
            render(labels[i], &rng, into: pixels + i * side * side)
        }
        return (images, labelBytes)
    }

    /// Writes the four IDX files into `root/FashionMNIST/raw` (the folder is made).
    package static func write(root: String) throws {
        let raw = root + "/FashionMNIST/raw"
        try FileManager.default.createDirectory(atPath: raw, withIntermediateDirectories: true)
        for (train, prefix) in [(true, "train"), (false, "t10k")] {
            let (images, labels) = make(train: train)
            try IDXFile.write(images, to: raw + "/\(prefix)-images-idx3-ubyte")
            try IDXFile.write(labels, to: raw + "/\(prefix)-labels-idx1-ubyte")
        }
    }

    /// Each class n/10 times (and the rest from the start), in a seeded shuffled order.
    private static func balancedLabels(_ n: Int, seed: UInt64) -> [Int] {
        var labels = (0..<n).map { $0 % 10 }
        var rng = SplitMix64(seed: seed)
        for k in stride(from: n - 1, to: 0, by: -1) {
            labels.swapAt(k, Int(rng.next() % UInt64(k + 1)))
        }
        return labels
    }

    /// Draws one image of class `label`: its silhouette under a random shift (±2.5 px),
    /// scale (0.85–1.15) and brightness, with a per-pixel texture and faint background specks.
    private static func render(_ label: Int, _ rng: inout SplitMix64, into out: UnsafeMutablePointer<UInt8>) {
        let dx = rng.uniform(-2.5, 2.5), dy = rng.uniform(-2.5, 2.5)
        let scale = rng.uniform(0.85, 1.15), brightness = rng.uniform(120, 255)
        let stretch = rng.uniform(0.9, 1.1)
        for r in 0..<side {
            for c in 0..<side {
                let u = (Double(c) + 0.5 - 14 - dx) / (scale * stretch) + 14
                let v = (Double(r) + 0.5 - 14 - dy) / scale + 14
                let texture = rng.uniform(0.7, 1.0)
                var value = 0.0
                if inside(label, u, v) {
                    value = brightness * texture
                } else if rng.next() % 50 == 0 {
                    value = rng.uniform(0, 60)
                }
                out[r * side + c] = UInt8(max(0, min(255, value)))
            }
        }
    }

    /// Whether (u, v) — column and row on the 28×28 canvas — lies on the class's silhouette.
    private static func inside(_ label: Int, _ u: Double, _ v: Double) -> Bool {
        func box(_ x0: Double, _ x1: Double, _ y0: Double, _ y1: Double) -> Bool { u >= x0 && u < x1 && v >= y0 && v < y1 }
        switch label {
        case 0:  // T-shirt/top: torso and short sleeves
            return box(8, 20, 6, 25) || box(3, 25, 6, 12)
        case 1:  // Trouser: waistband and two legs
            return box(8, 20, 3, 7) || box(8, 13, 3, 26) || box(15, 20, 3, 26)
        case 2:  // Pullover: torso and long sleeves
            return box(8, 20, 5, 25) || box(3, 8, 6, 23) || box(20, 25, 6, 23)
        case 3:  // Dress: widening from the shoulders to the hem
            guard v >= 3 && v < 26 else { return false }
            return abs(u - 14) < 2.5 + (v - 3) * 0.38
        case 4:  // Coat: long body, long sleeves, open down the middle
            return (box(7, 21, 3, 27) && !box(13.5, 14.5, 8, 27)) || box(2, 7, 4, 25) || box(21, 26, 4, 25)
        case 5:  // Sandal: straps over a sole
            return box(4, 24, 14, 16) || box(6, 22, 18, 20) || box(2, 26, 22, 25)
        case 6:  // Shirt: torso, sleeves to the elbow, a collar cut out
            let collar = v < 9 && abs(u - 14) < 9 - v
            return (box(8, 20, 4, 25) || box(4, 24, 4, 15)) && !collar
        case 7:  // Sneaker: a low shoe rising to the heel
            guard u >= 3 && u < 25 && v < 23 else { return false }
            return v >= 14 + max(0, (u - 10) * 0.35)
        case 8:  // Bag: body and a handle
            let dxh = u - 14, dyh = v - 11, ring = dxh * dxh + dyh * dyh
            return box(5, 23, 11, 25) || (v < 11 && ring >= 16 && ring < 36)
        default:  // Ankle boot: shaft and foot
            return box(6, 14, 4, 22) || box(6, 24, 16, 24)
        }
    }
}
