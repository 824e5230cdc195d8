import Shell
import Testing

/// A lesson's narration is Markdown in `#` comments, rendered for the terminal.
struct NarrationTextTests {
    func render(_ text: String, width: Int = 40, colors: Bool = false) -> String {
        NarrationText(lines: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init), width: width, colors: colors).rendered()
    }

    @Test func paragraphsAreRefilledAndMarkersDropped() {
        #expect(render("""
        # The **loss** is one number; `loss.backward()`
        # fills *every* leaf's `.grad`.
        #
        # A second paragraph.
        """) == """
        The loss is one number; loss.backward()
        fills every leaf's .grad.

        A second paragraph.
        """)
    }

    @Test func itemsHangAndIndentedLinesStayAsWritten() {
        #expect(render("""
        # ## Two rules
        # - only leaves keep a gradient after backward is called
        # 2. a graph is walked once
        #
        #     dL/da = dL/dd · dd/da
        """) == """
        Two rules
        - only leaves keep a gradient after
          backward is called
        2. a graph is walked once

            dL/da = dL/dd · dd/da
        """)
    }

    @Test func codeSpansAreNeverBrokenAndStarsInArithmeticStay() {
        #expect(render("# compute `q = (a ** 2).sum()` where 2 * a is the slope", width: 24) == """
        compute
        q = (a ** 2).sum() where
        2 * a is the slope
        """)
    }

    @Test func coloursAreBoldItalicAndCyanNeverFaint() {
        let text = render("# **Only leaves keep `.grad`.** See *why*.", colors: true)
        #expect(text == "\u{1B}[1mOnly\u{1B}[0m \u{1B}[1mleaves\u{1B}[0m \u{1B}[1mkeep\u{1B}[0m \u{1B}[36m.grad\u{1B}[0m\u{1B}[1m.\u{1B}[0m See \u{1B}[3mwhy\u{1B}[0m.")
        #expect(!text.contains("\u{1B}[2m"))
    }

    @Test func linesStayWithinTheReadableWidthOnAWideTerminal() {
        let long = "# " + Array(repeating: "word", count: 60).joined(separator: " ")
        #expect(render(long, width: 200).split(separator: "\n").allSatisfy { $0.count <= NarrationText.readableWidth })
    }
}
