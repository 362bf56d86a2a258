import SignalgapStatistics
import Testing

@Suite struct RowTextsTests {
    @Test func rowsWithoutTextAreEmptyBeforeBetweenAndAfterRowsWithText() {
        var texts = RowTexts()
        texts.set("".utf8, forRow: 0)
        texts.set("first, with a comma".utf8, forRow: 2)
        texts.set("ünïcode".utf8, forRow: 5)
        #expect((0..<8).map { texts[$0] } == ["", "", "first, with a comma", "", "", "ünïcode", "", ""])
    }

    @Test func partsJoinWithTheirRowsRenumbered() {
        var first = RowTexts()
        first.set("a".utf8, forRow: 1)
        var second = RowTexts()
        second.set("b".utf8, forRow: 0)
        second.set("c".utf8, forRow: 2)
        var joined = RowTexts()
        joined.append(first, offset: 0)
        joined.append(second, offset: 3)
        #expect((0..<6).map { joined[$0] } == ["", "a", "", "b", "", "c"])
    }
}
