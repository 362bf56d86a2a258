import Foundation
import SignalgapIO
import Testing

/// Buffer sizes every fixture is read with: tiny ones put chunk boundaries everywhere.
private let fixtureBufferSizes = Array(1...9) + [16, 64, CSVReader.defaultBufferSize]

@Suite struct CSVReaderFixtureTests {
    /// Reads a fixture from its file (through `read(2)`) with every buffer size, checks
    /// that all sizes agree with each other and with the naive reader, and returns the outcome.
    private func read(_ name: String) -> ReadOutcome {
        let path = Fixture.path(name)
        let expected = NaiveCSVReader.read(Fixture.bytes(name))
        for size in fixtureBufferSizes {
            let outcome = ReadOutcome(path: path, bufferSize: size)
            #expect(outcome == expected, "\(name) with bufferSize \(size)")
        }
        return ReadOutcome(path: path, bufferSize: CSVReader.defaultBufferSize)
    }

    @Test func unterminatedQuoteIsReportedWhereTheQuoteOpens() {
        let outcome = read("unterminated-quote.csv")
        #expect(outcome.error == .unterminatedQuote(line: 2, column: 3))
        #expect(outcome.records == [["id", "name"]])
    }

    @Test func unterminatedQuoteInTheHeader() {
        #expect(read("unterminated-quote-in-header.csv").error == .unterminatedQuote(line: 1, column: 1))
    }

    @Test func strayQuoteIsReportedWhereTheQuoteIs() {
        let outcome = read("stray-quote.csv")
        #expect(outcome.error == .strayQuote(line: 2, column: 5))
        #expect(outcome.error?.hint?.contains("doubled") == true)
    }

    @Test func spacesBeforeAQuoteMakeItAStrayQuote() {
        #expect(read("leading-space-before-quote.csv").error == .strayQuote(line: 2, column: 4))
    }

    @Test func textAfterClosingQuote() {
        #expect(read("text-after-closing-quote.csv").error == .textAfterClosingQuote(line: 2, column: 7))
    }

    @Test func tooManyFieldsPointsAtTheFirstExtraField() {
        let outcome = read("too-many-fields.csv")
        #expect(outcome.error == .wrongFieldCount(expected: 2, found: 3, recordLine: 3, line: 3, column: 5))
        #expect(outcome.records == [["id", "name"], ["1", "a"]])
        #expect(outcome.error?.message == "record has 3 fields, expected 2 as in the header")
    }

    @Test func tooFewFieldsPointsAtTheEndOfTheRecord() {
        let outcome = read("too-few-fields.csv")
        #expect(outcome.error == .wrongFieldCount(expected: 3, found: 2, recordLine: 3, line: 3, column: 4))
        #expect(outcome.error?.message == "record has 2 fields, expected 3 as in the header")
    }

    @Test func extraFieldAfterAMultiLineFieldIsReportedOnItsOwnLine() {
        let outcome = read("too-many-fields-after-multiline.csv")
        #expect(outcome.error == .wrongFieldCount(expected: 2, found: 3, recordLine: 2, line: 3, column: 8))
        #expect(outcome.error?.message == "record starting on line 2 has 3 fields, expected 2 as in the header")
    }

    @Test func invalidUTF8InsideAMultiLineField() {
        // Line 3 is `naïve \xFF end"`: the ï counts as one column.
        #expect(read("invalid-utf8-in-multiline-field.csv").error == .invalidUTF8(byte: 0xFF, line: 3, column: 7))
    }

    @Test func invalidUTF8AfterAMultiLineField() {
        let outcome = read("invalid-utf8-after-multiline-field.csv")
        #expect(outcome.error == .invalidUTF8(byte: 0xE9, line: 4, column: 6))
        #expect(outcome.records == [["id", "note"], ["1", "spans\ntwo lines"]])
        #expect(outcome.error?.message == "invalid UTF-8 (byte 0xE9)")
    }

    @Test func truncatedUTF8AtTheEndOfInput() {
        #expect(read("truncated-utf8-at-eof.csv").error == .invalidUTF8(byte: 0xE2, line: 2, column: 3))
    }

    @Test func byteOrderMarkAndCRLF() {
        let outcome = read("bom-crlf.csv")
        #expect(outcome.error == nil)
        #expect(outcome.records == [["id", "name"], ["1", "a\r\nb"], ["2", "été"]])
        #expect(outcome.recordLines == [1, 2, 4])
        #expect(outcome.fieldLocations[0] == [CSVLocation(line: 1, column: 1), CSVLocation(line: 1, column: 4)])
        #expect(outcome.fieldLocations[2] == [CSVLocation(line: 4, column: 1), CSVLocation(line: 4, column: 3)])
    }

    @Test func byteOrderMarkDoesNotCountInColumns() {
        #expect(read("bom-crlf-error.csv").error == .textAfterClosingQuote(line: 1, column: 8))
    }

    @Test func missingFinalNewline() {
        let outcome = read("missing-final-newline.csv")
        #expect(outcome.error == nil)
        #expect(outcome.records == [["id", "name"], ["1", "a"], ["2", "b"]])
    }

    @Test func trailingCommaAtTheEndOfInputIsAnEmptyField() {
        let outcome = read("trailing-comma-at-eof.csv")
        #expect(outcome.error == nil)
        #expect(outcome.records == [["id", "name"], ["1", ""]])
    }

    @Test func blankLineInTheMiddleIsARecordWithOneEmptyField() {
        let outcome = read("blank-line-in-middle.csv")
        #expect(outcome.error == .wrongFieldCount(expected: 2, found: 1, recordLine: 3, line: 3, column: 1))
        #expect(outcome.error?.hint?.contains("blank line") == true)
    }

    @Test func blankLinesWithOneColumnAreEmptyValues() {
        let outcome = read("blank-lines-single-column.csv")
        #expect(outcome.error == nil)
        #expect(outcome.records == [["name"], ["x"], [""], [""], ["y"], [""]])
    }

    @Test func bareCarriageReturnIsAnError() {
        #expect(read("bare-carriage-return.csv").error == .bareCarriageReturn(line: 2, column: 4))
    }

    @Test(arguments: ["empty.csv", "only-bom.csv"])
    func emptyInputHasNoHeader(name: String) {
        #expect(read(name).error == .emptyInput)
    }

    @Test func quotedFields() {
        let outcome = read("quoted-fields.csv")
        #expect(outcome.error == nil)
        #expect(
            outcome.records == [
                ["id", "text"], ["1", "a,b"], ["2", "say \"hi\""], ["3", "line1\nline2"],
                ["4", "cr\r\nlf"], ["5", ""], ["6", ""],
            ])
        #expect(outcome.recordLines == [1, 2, 3, 4, 6, 8, 9])
    }
}

@Suite struct CSVReaderAPITests {
    @Test func accessorsOnTheCurrentRecord() throws {
        var reader = try CSVReader(string: "id,name,amount\n7,\"Zoë, \"\"Z\"\"\",\n8,b,-12\n", bufferSize: 5)
        #expect(reader.header == ["id", "name", "amount"])
        #expect(reader.path == nil)
        #expect(try reader.next())
        #expect(reader.fieldCount == 3)
        #expect(reader.field(1) == "Zoë, \"Z\"")
        // #expect cannot take apart calls on a noncopyable value: go through locals.
        let isAmountEmpty = reader.isEmpty(2)
        let isIDEmpty = reader.isEmpty(0)
        #expect(isAmountEmpty && !isIDEmpty)
        #expect(reader.recordLine == 2)
        #expect(reader.location(ofField: 2) == CSVLocation(line: 2, column: 16))
        #expect(reader.withFieldBytes(1) { $0.count } == "Zoë, \"Z\"".utf8.count)
        #expect(try reader.next())
        let amount = reader.withFieldBytes(2) { bytes in Int(String(decoding: bytes, as: UTF8.self)) }
        #expect(amount == -12)
        #expect(try !reader.next())
        #expect(try !reader.next())
    }

    @Test func theReaderStopsAtTheFirstErrorAndKeepsIt() throws {
        var reader = try CSVReader(string: "a,b\n1,2\n3\n4,5\n")
        #expect(try reader.next())
        #expect(throws: CSVError.wrongFieldCount(expected: 2, found: 1, recordLine: 3, line: 3, column: 2)) {
            try reader.next()
        }
        #expect(reader.error == .wrongFieldCount(expected: 2, found: 1, recordLine: 3, line: 3, column: 2))
        #expect(throws: CSVError.self) { try reader.next() }
    }

    @Test func errorsFormatWithPathLineAndColumn() throws {
        let path = Fixture.path("stray-quote.csv")
        do {
            var reader = try CSVReader(path: path)
            while try reader.next() {}
            Issue.record("expected an error")
        } catch {
            #expect(
                error.formatted(path: "data/x.csv") == """
                    data/x.csv:2:5: error: quote inside an unquoted field
                      hint: a quote inside a field must be doubled, and the whole field quoted: "say ""hi""\"
                    """)
            #expect(error.description.hasPrefix("2:5: error: quote inside"))
        }
    }

    @Test func missingFileIsAReadError() {
        do {
            _ = try CSVReader(path: "/nonexistent/file.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error == .cannotRead(path: "/nonexistent/file.csv", errno: ENOENT))
            #expect(
                error.formatted(path: nil)
                    == "/nonexistent/file.csv: error: cannot read the file: No such file or directory")
        }
    }

    @Test func aFailedOpenOrHeaderDoesNotLeakDescriptors() throws {
        let before = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count
        for _ in 0..<50 {
            _ = try? CSVReader(path: Fixture.path("unterminated-quote-in-header.csv"))
            _ = try? CSVReader(path: Fixture.path("empty.csv"))
            if var reader = try? CSVReader(path: Fixture.path("too-many-fields.csv")) {
                while (try? reader.next()) == true {}
            }
        }
        let after = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count
        #expect(after - before < 10)
    }

    @Test func invalidUTF8Forms() {
        let cases: [([UInt8], CSVError)] = [
            ([0x80], .invalidUTF8(byte: 0x80, line: 1, column: 1)),  // stray continuation
            ([0x61, 0xC0, 0x80], .invalidUTF8(byte: 0xC0, line: 1, column: 2)),  // overlong
            ([0x61, 0xE0, 0x80, 0x80], .invalidUTF8(byte: 0xE0, line: 1, column: 2)),  // overlong
            ([0xED, 0xA0, 0x80], .invalidUTF8(byte: 0xED, line: 1, column: 1)),  // surrogate
            ([0xF4, 0x90, 0x80, 0x80], .invalidUTF8(byte: 0xF4, line: 1, column: 1)),  // above U+10FFFF
            ([0xF5, 0x80, 0x80, 0x80], .invalidUTF8(byte: 0xF5, line: 1, column: 1)),
            ([0xC3, 0xA9, 0xE2, 0x82, 0x2C], .invalidUTF8(byte: 0xE2, line: 1, column: 2)),  // cut by a comma
            ([0xEF, 0xBB, 0x41], .invalidUTF8(byte: 0xEF, line: 1, column: 1)),  // half a byte order mark
            ([0x22, 0xF0, 0x9F, 0x98, 0x22], .invalidUTF8(byte: 0xF0, line: 1, column: 2)),  // cut by a quote
        ]
        for (bytes, error) in cases {
            for size in 1...6 {
                #expect(ReadOutcome(bytes: bytes, bufferSize: size).error == error, "\(bytes) size \(size)")
            }
        }
    }

    @Test func validNonASCIIAndAByteOrderMarkLookalike() {
        // EF BB BC is U+FEFC, not a byte order mark.
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBC, 0x2C, 0xF0, 0x9F, 0x98, 0x80, 0x0A, 0x78, 0x2C, 0x79]
        for size in 1...6 {
            let outcome = ReadOutcome(bytes: bytes, bufferSize: size)
            #expect(outcome.records == [["\u{FEFC}", "😀"], ["x", "y"]])
            #expect(outcome.fieldLocations[0] == [CSVLocation(line: 1, column: 1), CSVLocation(line: 1, column: 3)])
        }
    }

    @Test func aHugeRecordGrowsTheBuffer() throws {
        let big = String(repeating: "x", count: 100_000)
        var reader = try CSVReader(string: "a,b\n\"\(big)\",\(big)\n", bufferSize: 1000)
        #expect(try reader.next())
        #expect(reader.field(0) == big && reader.field(1) == big)
    }
}
