import Foundation
import Testing

@testable import SignalgapIO

@Suite struct CSVReaderMemoryTests {
    /// The buffer holds `bufferSize` plus at most the longest record, whatever the file size.
    @Test func theBufferStaysBoundedByTheLongestRecord() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("memory-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var writer = try CSVWriter(path: path)
        try writer.write(["id", "text"])
        for index in 0..<100_000 { try writer.write(["\(index)", String(repeating: "x", count: index % 90)]) }
        try writer.close()  // about 5 MB; records up to 100 bytes

        var reader = try CSVReader(path: path, bufferSize: 4096)
        var count = 0
        while try reader.next() { count += 1 }
        #expect(count == 100_000)
        #expect(reader.bufferCapacity <= 2 * (4096 + 100))
    }
}
