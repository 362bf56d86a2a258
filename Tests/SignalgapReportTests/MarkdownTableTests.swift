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

    /// A table written cell by cell is the same as one of rows of strings:
    /// padded, cut, empty cells as a space, text escaped, after the bytes given.
    @Test func tablesWrittenCellByCell() {
        var table = MarkdownTable(["A", "B", "C"], rightAligned: [1], after: Array("# T\n\n".utf8))
        table.cell("x")
        table.endRow()
        table.cell("1")
        table.cell { _ in }
        table.cell { $0 += "3".utf8 }
        table.cell("4")
        table.endRow()
        table.endRow()
        table.textCell("a|b")
        table.referenceCell(Reference(dataset: "d_s", id: "i*d"))
        table.endRow()
        #expect(
            String(decoding: table.finish(), as: UTF8.self)
                == "# T\n\n| A | B | C |\n| --- | ---: | --- |\n| x |   |   |\n| 1 |   | 3 |\n|   |   |   |\n"
                + "| a\\|b | d\\_s:i\\*d |   |\n")
        var empty = MarkdownTable([])
        empty.cell("x")
        empty.endRow()
        #expect(String(decoding: empty.finish(), as: UTF8.self) == "|  |\n||\n|  |\n")
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
        // Past the few compared one by one, sources are found by hashing: the
        // labels stay those of first use.
        let twenty = (0..<20).map { Reference(dataset: "y", id: "s\($0)") }
        #expect(twenty.map { citations.cite($0) } == (7...26).map { "[^s\($0)]" })
        #expect(twenty.reversed().map { citations.cite($0) } == (7...26).reversed().map { "[^s\($0)]" })
        #expect(citations.cite(references[2]) == "[^s1]")
        #expect(citations.order.count == 26)
    }
}
