import Testing

@testable import SignalgapReport

@Suite struct MarkdownTableTests {
    /// Tables: a header, the alignment row, and every row padded or cut to the
    /// header's width, an empty cell kept as a space.
    @Test func markdownTablesPadCutAndAlign() {
        #expect(
            Markdown.table(["A", "B", "C"], rightAligned: [1], rows: [["x"], ["1", "", "3", "4"], []])
                == "| A | B | C |\n| --- | ---: | --- |\n| x |   |   |\n| 1 |   | 3 |\n|   |   |   |\n")
        #expect(Markdown.table(["Only"], rows: []) == "| Only |\n| --- |\n")
        #expect(Markdown.table([], rows: [["x"]]) == "|  |\n||\n|  |\n")
    }
}
