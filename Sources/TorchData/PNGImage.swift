import Autograd
import Foundation

/// PNG decoding as `torchvision.io.read_image` needs it: 8-bit (and 1/2/4-bit grey and
/// palette) images of every colour type, non-interlaced, to a uint8 [C, H, W] array, with
/// torchvision's ImageReadMode conversions. A malformed or hostile
/// file is an error naming the problem, never a trap.
package enum PNGImage {
    package enum Mode: Int {
        case unchanged = 0, gray = 1, grayAlpha = 2, rgb = 3, rgbAlpha = 4
    }

    package struct Failure: Error, CustomStringConvertible {
        package let description: String
        init(_ d: String) { description = d }
    }

    static let signature: [UInt8] = [137, 80, 78, 71, 13, 10, 26, 10]

    package static func isPNG(_ bytes: [UInt8]) -> Bool { bytes.starts(with: signature) }

    package static func decode(_ bytes: [UInt8], mode: Mode = .unchanged) throws -> NDArray {
        guard isPNG(bytes) else { throw Failure("not a PNG file") }
        var k = 8
        var width = 0, height = 0, bitDepth = 0, colorType = 0, interlace = 0
        var palette: [UInt8] = [], transparency: [UInt8] = [], compressed: [UInt8] = []
        var sawHeader = false
        func u32(_ at: Int) -> Int { Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3]) }
        chunks: while k + 8 <= bytes.count {
            let length = u32(k)
            let type = String(decoding: bytes[(k + 4)..<(k + 8)], as: UTF8.self)
            guard length <= bytes.count - k - 12 else { throw Failure("chunk \(type) runs past the end of the file") }
            let data = bytes[(k + 8)..<(k + 8 + length)]
            switch type {
            case "IHDR":
                guard length == 13 else { throw Failure("bad IHDR chunk") }
                width = u32(k + 8)
                height = u32(k + 12)
                bitDepth = Int(data[data.startIndex + 8])
                colorType = Int(data[data.startIndex + 9])
                interlace = Int(data[data.startIndex + 12])
                sawHeader = true
            case "PLTE": palette = Array(data)
            case "tRNS": transparency = Array(data)
            case "IDAT": compressed += data
            case "IEND": break chunks
            default: break
            }
            k += 12 + length
        }
        guard sawHeader else { throw Failure("no IHDR chunk") }
        guard width > 0, height > 0, width <= 1 << 24, height <= 1 << 24 else { throw Failure("bad image size \(width)x\(height)") }
        let samples: Int
        switch colorType {
        case 0: samples = 1
        case 2: samples = 3
        case 3: samples = 1
        case 4: samples = 2
        case 6: samples = 4
        default: throw Failure("unknown colour type \(colorType)")
        }
        guard [1, 2, 4, 8, 16].contains(bitDepth) else { throw Failure("bad bit depth \(bitDepth)") }
        guard bitDepth != 16 else { throw Failure("16-bit PNG images are not supported by tsh yet (torchvision gives them as uint16)") }
        guard bitDepth == 8 || colorType == 0 || colorType == 3 else { throw Failure("bad bit depth \(bitDepth) for colour type \(colorType)") }
        guard interlace == 0 else { throw Failure("interlaced (Adam7) PNG images are not supported by tsh yet") }
        guard colorType != 3 || !palette.isEmpty else { throw Failure("palette image without a PLTE chunk") }
        let (pixelCount, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, pixelCount <= NDArray.maximumAllocation / 8 else { throw Failure("image too large (\(width)x\(height))") }

        let rowBytes = (width * samples * bitDepth + 7) / 8
        let raw = try Inflate.zlib(compressed, limit: height * (rowBytes + 1))
        guard raw.count == height * (rowBytes + 1) else { throw Failure("image data is cut short") }
        let rows = try unfilter(raw, height: height, rowBytes: rowBytes, bytesPerPixel: max(1, samples * bitDepth / 8))

        // Samples as 8-bit, channel-interleaved: palette to RGB(A), low bit depths scaled up.
        var channels = samples
        var pixels = [UInt8](repeating: 0, count: width * height * samples)
        for y in 0..<height {
            for x in 0..<width {
                for s in 0..<samples {
                    let bitIndex = (x * samples + s) * bitDepth
                    let byte = rows[y * rowBytes + bitIndex / 8]
                    var v = Int(byte)
                    if bitDepth < 8 {
                        v = Int(byte >> UInt8(8 - bitDepth - bitIndex % 8)) & ((1 << bitDepth) - 1)
                        if colorType == 0 { v = v * 255 / ((1 << bitDepth) - 1) }
                    }
                    pixels[(y * width + x) * samples + s] = UInt8(v)
                }
            }
        }
        if colorType == 3 {
            let alpha = !transparency.isEmpty
            channels = alpha ? 4 : 3
            var expanded = [UInt8](repeating: 0, count: width * height * channels)
            for p in 0..<(width * height) {
                let index = Int(pixels[p])
                guard 3 * index + 2 < palette.count else { throw Failure("palette index \(index) out of range") }
                for c in 0..<3 { expanded[p * channels + c] = palette[3 * index + c] }
                if alpha { expanded[p * channels + 3] = index < transparency.count ? transparency[index] : 255 }
            }
            pixels = expanded
        }
        (pixels, channels) = convert(pixels, channels: channels, count: width * height, to: mode)
        let out = NDArray(uninitialized: [channels, height, width], dtype: .uint8)
        let p = out.baseAddress.assumingMemoryBound(to: UInt8.self)
        for c in 0..<channels {
            for i in 0..<(width * height) { p[c * width * height + i] = pixels[i * channels + c] }
        }
        return out
    }

    /// Undoes the per-row filters (None, Sub, Up, Average, Paeth).
    static func unfilter(_ raw: [UInt8], height: Int, rowBytes: Int, bytesPerPixel bpp: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: height * rowBytes)
        for y in 0..<height {
            let filter = raw[y * (rowBytes + 1)]
            let src = y * (rowBytes + 1) + 1, dst = y * rowBytes
            for i in 0..<rowBytes {
                let x = Int(raw[src + i])
                let a = i >= bpp ? Int(out[dst + i - bpp]) : 0
                let b = y > 0 ? Int(out[dst - rowBytes + i]) : 0
                let c = (y > 0 && i >= bpp) ? Int(out[dst - rowBytes + i - bpp]) : 0
                let predicted: Int
                switch filter {
                case 0: predicted = 0
                case 1: predicted = a
                case 2: predicted = b
                case 3: predicted = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predicted = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                default: throw Failure("unknown row filter \(filter)")
                }
                out[dst + i] = UInt8((x + predicted) & 0xFF)
            }
        }
        return out
    }

    /// torchvision's ImageReadMode: grey from colour by torchvision's weights, colour from grey by
    /// copying, alpha added as opaque or dropped.
    static func convert(_ pixels: [UInt8], channels: Int, count: Int, to mode: Mode) -> ([UInt8], Int) {
        let target: Int
        switch mode {
        case .unchanged: return (pixels, channels)
        case .gray: target = 1
        case .grayAlpha: target = 2
        case .rgb: target = 3
        case .rgbAlpha: target = 4
        }
        if target == channels { return (pixels, channels) }
        var out = [UInt8](repeating: 0, count: count * target)
        let hasColor = channels >= 3, hasAlpha = channels == 2 || channels == 4
        for p in 0..<count {
            let base = p * channels
            let r = Int(pixels[base]), g = hasColor ? Int(pixels[base + 1]) : r, b = hasColor ? Int(pixels[base + 2]) : r
            let alpha = hasAlpha ? pixels[base + channels - 1] : 255
            // libpng's rgb-to-grey in 15-bit fixed point with torchvision's weights
            // (0.2989, 0.587, the rest for blue), truncated.
            let grey = UInt8((9794 * r + 19234 * g + 3740 * b) >> 15)
            switch target {
            case 1: out[p] = hasColor ? grey : UInt8(r)
            case 2:
                out[2 * p] = hasColor ? grey : UInt8(r)
                out[2 * p + 1] = alpha
            default:
                out[p * target] = UInt8(r)
                out[p * target + 1] = UInt8(g)
                out[p * target + 2] = UInt8(b)
                if target == 4 { out[p * target + 3] = alpha }
            }
        }
        return (out, target)
    }
}
