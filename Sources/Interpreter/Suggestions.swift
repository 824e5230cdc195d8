/// Python 3.11's "Did you mean" for a NameError or AttributeError: the candidate nearest
/// the wrong name by CPython's edit distance (a change of case costs 1, any other edit 2),
/// if it is near enough. A port of Lib/traceback.py's `_compute_suggestion_error`.
package enum Suggestions {
    private static let moveCost = 2, caseCost = 1, maxCandidates = 750, maxStringSize = 40

    package static func closest(to wrong: String, among candidates: [String]) -> String? {
        guard candidates.count <= maxCandidates else { return nil }
        let wrongChars = Array(wrong)
        var best: String?
        var bestDistance = wrongChars.count
        for candidate in candidates where candidate != wrong {
            let chars = Array(candidate)
            var maxDistance = (chars.count + wrongChars.count + 3) * moveCost / 6
            maxDistance = min(maxDistance, bestDistance - 1)
            let distance = levenshtein(wrongChars, chars, maxCost: maxDistance)
            if distance > maxDistance { continue }
            if best == nil || distance < bestDistance {
                best = candidate
                bestDistance = distance
            }
        }
        return best
    }

    private static func substitutionCost(_ a: Character, _ b: Character) -> Int {
        if a == b { return 0 }
        if a.lowercased() == b.lowercased() { return caseCost }
        return moveCost
    }

    static func levenshtein(_ first: [Character], _ second: [Character], maxCost: Int) -> Int {
        if first == second { return 0 }
        var a = first[...], b = second[...]
        while let x = a.first, let y = b.first, x == y { a.removeFirst(); b.removeFirst() }
        while let x = a.last, let y = b.last, x == y { a.removeLast(); b.removeLast() }
        if a.isEmpty || b.isEmpty { return moveCost * (a.count + b.count) }
        if a.count > maxStringSize || b.count > maxStringSize { return maxCost + 1 }
        if b.count < a.count { swap(&a, &b) }
        if (b.count - a.count) * moveCost > maxCost { return maxCost + 1 }
        let aa = Array(a), bb = Array(b)
        var row = (1...aa.count).map { $0 * moveCost }
        var result = 0
        for (bIndex, bChar) in bb.enumerated() {
            var distance = bIndex * moveCost
            result = distance
            var minimum = Int.max
            for index in 0..<aa.count {
                let substitute = distance + substitutionCost(bChar, aa[index])
                distance = row[index]
                let insertDelete = min(result, distance) + moveCost
                result = min(insertDelete, substitute)
                row[index] = result
                if result < minimum { minimum = result }
            }
            if minimum > maxCost { return maxCost + 1 }
        }
        return result
    }
}
