import Autograd
import Testing
import TorchData

/// The DataLoader's index side: sequential, shuffled with PyTorch's stream, or a given
/// sampler's order, in batches.
struct BatchIndexTests {
    func drain(_ iterator: BatchIndexIterator) throws -> [[Int]] {
        var out: [[Int]] = []
        while let batch = try iterator.next() { out.append(batch) }
        return out
    }

    @Test func sequentialBatchesAndDropLast() throws {
        let g = Generator(seed: 0)
        #expect(try drain(try BatchIndexIterator(count: 5, batchSize: 2, shuffle: false, dropLast: false, generator: nil, global: g))
                == [[0, 1], [2, 3], [4]])
        #expect(try drain(try BatchIndexIterator(count: 5, batchSize: 2, shuffle: false, dropLast: true, generator: nil, global: g))
                == [[0, 1], [2, 3]])
        #expect(try drain(try BatchIndexIterator(count: 3, batchSize: nil, shuffle: false, dropLast: false, generator: nil, global: g))
                == [[0], [1], [2]])
        #expect(BatchIndexIterator.batchCount(count: 5, batchSize: 2, dropLast: false) == 3)
    }

    @Test func shuffledOrderIsAPermutationDrawnFromTheGenerator() throws {
        let a = try drain(try BatchIndexIterator(count: 10, batchSize: 4, shuffle: true, dropLast: false, generator: Generator(seed: 7), global: Generator(seed: 0)))
        let b = try drain(try BatchIndexIterator(count: 10, batchSize: 4, shuffle: true, dropLast: false, generator: Generator(seed: 7), global: Generator(seed: 0)))
        #expect(a == b && a.flatMap { $0 }.sorted() == Array(0..<10) && a.map(\.count) == [4, 4, 2])
    }

    @Test func aSamplersOrderIsBatched() throws {
        var order = [5, 3, 1, 0].makeIterator()
        let iterator = BatchIndexIterator(indices: { order.next() }, batchSize: 3, dropLast: false, generator: nil, global: Generator(seed: 0))
        #expect(try drain(iterator) == [[5, 3, 1], [0]])
    }
}
