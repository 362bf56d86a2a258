import SignalgapModel
import SignalgapStatistics
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
        var reserved = table()
        reserved.reserve(rows: 100, bytesPerRow: 64)
        #expect(reserved.csv() == "name,count\r\n")
    }

    /// A text cell given as bytes is written as the same text given as a
    /// string: quoted, its quotes doubled, neutralised (the quote first, and
    /// the quoting decided with it).
    @Test func textCellsFromBytesAreWrittenAsStrings() {
        let values = ["plain", "a, b", "say \"hi\"", "\tleading tab", "=SUM(A1), x", "-5", "\rx", "Zürich", "", " x "]
        var fromStrings = table()
        var fromBytes = table()
        for value in values {
            fromStrings.appendRow { row in
                row.text(value)
                row.text(value)
            }
            fromBytes.appendRow { row in
                Array(value.utf8).withUnsafeBufferPointer { row.text(utf8: $0) }
                Array(value.utf8).withUnsafeBufferPointer { row.text(utf8: $0) }
            }
        }
        #expect(fromBytes.csv() == fromStrings.csv())
        // The text column neutralised; the number column quoted, its value kept.
        #expect(fromBytes.csv().contains("'\tleading tab,\"\tleading tab\"\r\n"))
        #expect(fromBytes.csv().contains("\"'=SUM(A1), x\",\"=SUM(A1), x\""))
    }

    /// Room made beforehand changes nothing in the text.
    @Test func roomMadeBeforehandKeepsTheText() {
        var plain = table()
        var reserved = table()
        reserved.reserve(rows: 2, bytesPerRow: 4)
        for row in [["@home", "1"], ["Zürich", "2"], ["x"]] {
            plain.append(row)
            reserved.append(row)
        }
        #expect(reserved.csv() == plain.csv())
        #expect(reserved.csv() == "name,count\r\n'@home,1\r\nZürich,2\r\nx,\r\n")
    }

    /// Taking the CSV text leaves the schema that the data package describes.
    @Test func takingTheTextKeepsTheSchema() {
        var table = table()
        table.append(["a", "1"])
        let before = table.resource().text()
        #expect(String(decoding: table.takeCSV(), as: UTF8.self) == "name,count\r\na,1\r\n")
        #expect(table.resource().text() == before)
        #expect(table.rowCount == 1)
    }

    @Test func rowsArePaddedCutQuotedAndNeutralised() {
        var table = table()
        table.append(["=SUM(A1)", "-20"])
        table.append(["only a name, with a comma"])
        table.append(["x", "1", "one too many"])
        #expect(table.rowCount == 3)
        #expect(table.csv() == "name,count\r\n'=SUM(A1),-20\r\n\"only a name, with a comma\",\r\nx,1\r\n")
    }

    /// Typed cells are written straight into the CSV text: the same text as the
    /// cells given as strings, cut and padded the same way.
    @Test func typedCellsAreTheTextOfTheirStrings() throws {
        func make() -> DataTable {
            var table = DataTable(name: "t", title: "T", description: "a table")
            table.column("name", .string, "text")
            table.column("count", .integer, "a number")
            table.column("day", .date, "a day")
            table.column("flag", .boolean, "a flag")
            table.estimateColumns("size", "a size")
            return table
        }
        let day = try #require(Day(iso: "2016-02-05"))
        let estimate = Estimate(
            low: Amount(units: 1_250_000_000), value: nil, high: Amount(units: -836_400), qualifier: .range)
        var typed = make()
        typed.appendRow { row in
            row.text("-1, \"quoted\"")
            row.integer(-42)
            row.day(day)
            row.bool(true)
            row.estimate(estimate)
        }
        typed.appendRow { row in
            row.text("@x")
            row.integer(nil)
            row.day(nil)
            row.bool(nil)
        }
        typed.appendRow { row in
            row.text("")
            row.integer(7)
            row.day(day)
            row.bool(false)
            row.estimate(Estimate?.none)
            row.text("one too many")
        }
        var strings = make()
        strings.append(["-1, \"quoted\"", "-42", "2016-02-05", "true", "125000", "", "-83.64", "range"])
        strings.append(["@x"])
        strings.append(["", "7", "2016-02-05", "false", "", "", "", "", "one too many"])
        #expect(typed.rowCount == 3)
        #expect(
            typed.csv()
                == "name,count,day,flag,size_low,size_value,size_high,size_qualifier\r\n"
                + "\"'-1, \"\"quoted\"\"\",-42,2016-02-05,true,125000,,-83.64,range\r\n"
                + "'@x,,,,,,,\r\n"
                + ",7,2016-02-05,false,,,,\r\n")
        #expect(typed.csv() == strings.csv())
    }

    /// A row of one empty cell is `""`, not a blank line that a reader would skip.
    @Test func aRowOfOneEmptyCellIsQuoted() {
        var table = DataTable(name: "t", title: "T", description: "a table")
        table.column("name", .string, "text")
        table.appendRow { _ in }
        table.append([""])
        #expect(table.csv() == "name\r\n\"\"\r\n\"\"\r\n")
    }
}
