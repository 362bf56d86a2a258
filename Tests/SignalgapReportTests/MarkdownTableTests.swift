import SignalgapModel
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

    /// Citations number each source once, in order of first use, and cut a
    /// long list at the limit, however many repeats it has.
    @Test func citationsCountEachSourceOnce() {
        var citations = Citations(context: ReportContext(ReportFixture.request()))
        let references = ["a", "b", "a", "c", "d", "b"].map { Reference(dataset: "x", id: $0) }
        #expect(citations.cite(references) == "[^s1][^s2][^s3] +1 more")
        #expect(citations.cite(Array(references.reversed())) == "[^s2][^s4][^s3] +1 more")
        let many = (0..<40).map { Reference(dataset: "x", id: "r\($0 % 20)") }
        #expect(citations.cite(many, limit: 2) == "[^s5][^s6] +18 more")
        #expect(citations.order.count == 6)
    }
}
