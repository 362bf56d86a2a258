import Foundation
import SignalgapIO
import Testing

/// Buffer sizes for the property tests: every size up to 70, then a few large ones.
private let roundTripBufferSizes = Array(1...70) + [97, 128, 1000, 4096, CSVReader.defaultBufferSize]

/// Random CSV files: header and records written by `CSVWriter` from random fields.
private struct RandomCSV {
    var records: [[String]]
    var bytes: [UInt8]

    static let pieces = [
        "a", "b", "Z", "7", "hello", " ", "\t", ",", "\"", "\"\"", "\r", "\n", "\r\n", "é", "€", "😀", "\u{FEFF}", "-",
    ]

    init(_ random: inout SplitMix64) {
        let columns = 1 + random.int(below: 5)
        let count = 1 + random.int(below: 12)
        records = (0..<count).map { _ in
            (0..<columns).map { _ in
                random.chance(25) ? "" : (0..<1 + random.int(below: 6)).map { _ in random.pick(Self.pieces) }.joined()
            }
        }
        let lineEnding: CSVWriter.LineEnding = random.chance(50) ? .crlf : .lf
        var writer = CSVWriter(lineEnding: lineEnding, byteOrderMark: random.chance(30))
        for record in records { try? writer.write(record) }
        bytes = writer.bytes
        if random.chance(40) {  // no final line ending
            bytes.removeLast(lineEnding == .crlf ? 2 : 1)
        }
    }
}

@Suite struct CSVRoundTripTests {
    @Test func writerOutputReadsBackIdenticallyForEveryBufferSize() {
        var random = SplitMix64(seed: 20_240_601)
        for _ in 0..<150 {
            let file = RandomCSV(&random)
            let naive = NaiveCSVReader.read(file.bytes)
            #expect(naive.error == nil && naive.records == file.records, "naive reader on \(file.bytes)")
            for size in roundTripBufferSizes {
                let outcome = ReadOutcome(bytes: file.bytes, bufferSize: size)
                guard outcome.error == nil, outcome.records == file.records, outcome == naive else {
                    Issue.record("bufferSize \(size), input \(file.bytes)\ngot \(outcome)\nexpected \(file.records)")
                    break
                }
            }
        }
    }

    /// Damaged files: errors must come out at the same line and column, after the same
    /// records, whatever the buffer size, and agree with the naive reader.
    @Test func damagedFilesFailAtTheSamePlaceForEveryBufferSize() {
        var random = SplitMix64(seed: 7_771_234)
        let damage: [UInt8] = [0x22, 0x2C, 0x0D, 0x0A, 0xE9, 0x80, 0xFF, 0xEF, 0xC3, 0xF0, 0x78, 0x20]
        var errorsSeen = Set<String>()
        for _ in 0..<400 {
            var bytes = RandomCSV(&random).bytes
            for _ in 0..<1 + random.int(below: 3) {
                let position = random.int(below: bytes.count + 1)
                switch random.int(below: 4) {
                case 0: bytes.insert(random.pick(damage), at: position)
                case 1 where position < bytes.count: bytes[position] = random.pick(damage)
                case 2 where position < bytes.count: bytes.remove(at: position)
                default: bytes.removeSubrange(position...)
                }
            }
            let naive = NaiveCSVReader.read(bytes)
            if let error = naive.error { errorsSeen.insert(Self.kind(of: error)) }
            for size in roundTripBufferSizes {
                let outcome = ReadOutcome(bytes: bytes, bufferSize: size)
                guard outcome == naive else {
                    Issue.record("bufferSize \(size), input \(bytes)\ngot \(outcome)\nexpected \(naive)")
                    break
                }
            }
        }
        // The damage must have exercised every kind of syntax and encoding error.
        #expect(errorsSeen.count == 8, "\(errorsSeen.sorted())")
    }

    private static func kind(of error: CSVError) -> String {
        switch error {
        case .unterminatedQuote: "unterminatedQuote"
        case .strayQuote: "strayQuote"
        case .textAfterClosingQuote: "textAfterClosingQuote"
        case .bareCarriageReturn: "bareCarriageReturn"
        case .wrongFieldCount(let expected, let found, _, _, _): found > expected ? "tooManyFields" : "tooFewFields"
        case .invalidUTF8: "invalidUTF8"
        case .emptyInput: "emptyInput"
        case .cannotRead, .cannotWrite: "io"
        }
    }
}

@Suite struct CSVWriterTests {
    @Test func quotesOnlyWhenNeeded() throws {
        var writer = CSVWriter()
        try writer.write(["plain", "a,b", "say \"hi\"", "two\nlines", "cr\r", " lead", "trail ", "", "é"])
        #expect(writer.string == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",\" lead\",\"trail \",,é\r\n")
        // Quotes first, last, side by side and alone are each doubled.
        var quotes = CSVWriter()
        try quotes.write(["\"", "\"\"x\"", "a\"\"\"b"])
        #expect(quotes.string == "\"\"\"\",\"\"\"\"\"x\"\"\",\"a\"\"\"\"\"\"b\"\r\n")
    }

    @Test func lineFeedEndingsByteOrderMarkAndALoneEmptyField() throws {
        var writer = CSVWriter(lineEnding: .lf, byteOrderMark: true)
        try writer.write(["x"])
        try writer.write([""])
        try writer.write(["\u{FEFF}y"])
        #expect(writer.bytes == [0xEF, 0xBB, 0xBF] + Array("x\n\"\"\n\"\u{FEFF}y\"\n".utf8))
    }

    @Test func writesAFileThatReadsBack() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("writer-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var writer = try CSVWriter(path: path)
        try writer.write(["id", "text"])
        for index in 0..<20_000 { try writer.write(["\(index)", "row, \(index)"]) }  // more than one flush
        try writer.close()
        var reader = try CSVReader(path: path, bufferSize: 4096)
        var count = 0
        while try reader.next() {
            #expect(reader.field(1) == "row, \(count)")
            count += 1
        }
        #expect(count == 20_000)
    }

    @Test func cannotCreateAFileInAMissingFolder() {
        #expect(throws: CSVError.cannotWrite(path: "/nonexistent/out.csv", errno: ENOENT)) {
            _ = try CSVWriter(path: "/nonexistent/out.csv")
        }
    }
}
