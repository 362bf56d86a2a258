import Testing

@testable import SignalgapReport

/// A report table is CSV text from its first row on: the header, then each
/// row padded or cut to the header's width, text cells neutralised.
@Suite struct DataTableTests {
    func table() -> DataTable {
        var table = DataTable(name: "t", title: "T", description: "a table")
        table.column("name", .string, "text")
        table.column("count", .integer, "a number")
        return table
    }

    @Test func aTableWithoutRowsIsItsHeader() {
        #expect(table().csv() == "name,count\r\n")
        #expect(table().rowCount == 0)
    }

    @Test func rowsArePaddedCutQuotedAndNeutralised() {
        var table = table()
        table.append(["=SUM(A1)", "-20"])
        table.append(["only a name, with a comma"])
        table.append(["x", "1", "one too many"])
        #expect(table.rowCount == 3)
        #expect(table.csv() == "name,count\r\n'=SUM(A1),-20\r\n\"only a name, with a comma\",\r\nx,1\r\n")
    }
}
