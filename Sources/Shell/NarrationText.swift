/// A lesson's narration, the Markdown inside its `#` comment lines, rendered for the terminal:
/// the `# ` markers go, paragraphs are refilled to the width, `## headings` and `**strong**`
/// are bold, `*emphasis*` italic, `` `code` `` coloured, `- ` and `1. ` items hang their
/// continuation lines, and lines indented four spaces are kept as written (a formula, a code
/// sample). Nothing is drawn faint: narration is the text a learner reads. Without colours the
/// markers are simply dropped.
package struct NarrationText {
    let lines: [String]
    let width: Int
    let colors: Bool

    package init(lines: [String], width: Int, colors: Bool) {
        self.lines = lines
        self.width = width
        self.colors = colors
    }

    /// Text never runs wider than this, however wide the terminal: long lines are hard to read.
    package static let readableWidth = 88

    private enum Style { case plain, strong, emphasis, code }
    private typealias Piece = (text: String, style: Style)
    /// A word: the pieces between two spaces (`` `x.grad`, `` is a code piece and a comma).
    private typealias Word = [Piece]

    private enum Block {
        case paragraph(String)
        case heading(String)
        case item(marker: String, text: String)
        case verbatim([String])
        case gap
    }

    package func rendered() -> String {
        let width = max(20, min(self.width, NarrationText.readableWidth))
        var out: [String] = []
        for block in blocks() {
            switch block {
            case .gap: if out.last != "" && !out.isEmpty { out.append("") }
            case .heading(let text): out += fill(words(text), width: width, first: "", rest: "", force: .strong)
            case .paragraph(let text): out += fill(words(text), width: width, first: "", rest: "")
            case .item(let marker, let text):
                out += fill(words(text), width: width, first: marker + " ", rest: String(repeating: " ", count: marker.count + 1))
            case .verbatim(let code): out += code.map { "    " + paint($0, .code) }
            }
        }
        while out.last == "" { out.removeLast() }
        return out.joined(separator: "\n")
    }

    /// The comment lines as Markdown blocks.
    private func blocks() -> [Block] {
        var blocks: [Block] = []
        var paragraph: [String] = [], item: (marker: String, text: [String])?, verbatim: [String] = []
        func flush() {
            if !paragraph.isEmpty { blocks.append(.paragraph(paragraph.joined(separator: " "))) }
            if let item { blocks.append(.item(marker: item.marker, text: item.text.joined(separator: " "))) }
            if !verbatim.isEmpty { blocks.append(.verbatim(verbatim)) }
            paragraph = []; item = nil; verbatim = []
        }
        for raw in lines {
            var line = Substring(raw)
            if line.hasPrefix("#") { line = line.dropFirst() }
            if line.hasPrefix(" ") { line = line.dropFirst() }
            let text = String(line)
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                flush()
                blocks.append(.gap)
            } else if text.hasPrefix("    ") {
                if verbatim.isEmpty { flush() }
                verbatim.append(String(text.dropFirst(4)))
            } else if text.hasPrefix("#") {
                flush()
                blocks.append(.heading(String(text.drop { $0 == "#" }).trimmingCharacters(in: .whitespaces)))
            } else if let marker = NarrationText.itemMarker(text) {
                flush()
                item = (marker, [String(text.dropFirst(marker.count)).trimmingCharacters(in: .whitespaces)])
            } else if item != nil, text.hasPrefix(" ") {
                item!.text.append(trimmed)
            } else {
                if item != nil || !verbatim.isEmpty { flush() }
                paragraph.append(trimmed)
            }
        }
        flush()
        return blocks
    }

    /// `-`, `*` or `3.` when the line starts a list item.
    private static func itemMarker(_ text: String) -> String? {
        if text.hasPrefix("- ") || text.hasPrefix("* ") { return String(text.prefix(1)) }
        let digits = text.prefix { $0.isNumber }
        if !digits.isEmpty, digits.count <= 2, text.dropFirst(digits.count).hasPrefix(". ") { return digits + "." }
        return nil
    }

    /// A paragraph's words with their inline styles.
    private func words(_ text: String) -> [Word] {
        var words: [Word] = [], word: Word = []
        var current = "", style = Style.plain, beforeCode = Style.plain
        func endPiece() {
            if !current.isEmpty { word.append((current, style)) }
            current = ""
        }
        func endWord() {
            endPiece()
            if !word.isEmpty { words.append(word) }
            word = []
        }
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if style == .code {
                if c == "`" { endPiece(); style = beforeCode } else { current.append(c) }
                i += 1
                continue
            }
            if c == "`", chars[(i + 1)...].contains("`") {
                endPiece(); beforeCode = style; style = .code; i += 1
                continue
            }
            if c == "*", i + 1 < chars.count, chars[i + 1] == "*" {
                if style == .strong { endPiece(); style = .plain; i += 2; continue }
                if style == .plain, i + 2 < chars.count, chars[i + 2] != " ", NarrationText.closes(chars, from: i + 2, "**") {
                    endPiece(); style = .strong; i += 2
                    continue
                }
            } else if c == "*" {
                if style == .emphasis { endPiece(); style = .plain; i += 1; continue }
                let opens = (i == 0 || chars[i - 1] == " " || chars[i - 1] == "(") && i + 1 < chars.count && chars[i + 1] != " "
                if style == .plain, opens, NarrationText.closes(chars, from: i + 1, "*") {
                    endPiece(); style = .emphasis; i += 1
                    continue
                }
            }
            if c == " " {
                // Spaces end words, except inside code, which stays one unbreakable word.
                endPiece()
                let kept = style
                endWord()
                style = kept
            } else {
                current.append(c)
            }
            i += 1
        }
        endWord()
        return words
    }

    /// Whether `marker` closes the span opened before `start` (a closing marker follows a non-space).
    private static func closes(_ chars: [Character], from start: Int, _ marker: String) -> Bool {
        let m = Array(marker)
        var j = start
        while j + m.count <= chars.count {
            if Array(chars[j..<(j + m.count)]) == m, j > start, chars[j - 1] != " " {
                return m.count == 2 || j + 1 >= chars.count || chars[j + 1] != "*"
            }
            j += 1
        }
        return false
    }

    /// Fills words into lines of at most `width` visible columns.
    private func fill(_ words: [Word], width: Int, first: String, rest: String, force: Style? = nil) -> [String] {
        var lines: [String] = [], line = first, visible = first.count, empty = true
        let indent = rest.count
        for word in words {
            let length = word.reduce(0) { $0 + $1.text.count }
            if !empty && visible + 1 + length > width {
                lines.append(line)
                line = rest; visible = indent; empty = true
            }
            if !empty { line += " "; visible += 1 }
            line += word.map { paint($0.text, force ?? $0.style) }.joined()
            visible += length
            empty = false
        }
        lines.append(line)
        return lines
    }

    private func paint(_ text: String, _ style: Style) -> String {
        guard colors else { return text }
        switch style {
        case .plain: return text
        case .strong: return "\u{1B}[1m" + text + "\u{1B}[0m"
        case .emphasis: return "\u{1B}[3m" + text + "\u{1B}[0m"
        case .code: return "\u{1B}[36m" + text + "\u{1B}[0m"
        }
    }
}
