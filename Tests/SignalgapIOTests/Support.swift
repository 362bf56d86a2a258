import Foundation
import SignalgapIO

/// SplitMix64: a tiny seeded generator, so property tests replay exactly.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 0..<bound (the tiny modulo bias does not matter here).
    mutating func int(below bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func chance(_ percent: Int) -> Bool { int(below: 100) < percent }

    mutating func pick<T>(_ items: [T]) -> T { items[int(below: items.count)] }
}

/// Everything a reader produced from one input: the records (header first) with the
/// line where each starts and where each field starts, then the error that stopped it.
struct ReadOutcome: Equatable, CustomStringConvertible {
    var records: [[String]] = []
    var recordLines: [Int] = []
    var fieldLocations: [[CSVLocation]] = []
    var error: CSVError?

    var description: String {
        "records: \(records)\nlines: \(recordLines)\nlocations: \(fieldLocations)\nerror: \(String(describing: error))"
    }
}

extension ReadOutcome {
    /// Reads everything with `CSVReader`.
    init(bytes: [UInt8], bufferSize: Int) {
        do {
            var reader = try CSVReader(bytes: bytes, bufferSize: bufferSize)
            self.init(reading: &reader)
        } catch {
            self.init(error: error)
        }
    }

    init(path: String, bufferSize: Int) {
        do {
            var reader = try CSVReader(path: path, bufferSize: bufferSize)
            self.init(reading: &reader)
        } catch {
            self.init(error: error)
        }
    }

    private init(reading reader: inout CSVReader) {
        // Before the first `next()`, the current record is the header.
        records = [reader.header]
        recordLines = [reader.recordLine]
        fieldLocations = [(0..<reader.fieldCount).map { reader.location(ofField: $0) }]
        do {
            while try reader.next() {
                records.append(reader.fields)
                recordLines.append(reader.recordLine)
                fieldLocations.append((0..<reader.fieldCount).map { reader.location(ofField: $0) })
            }
        } catch {
            self.error = error
        }
    }
}

/// A deliberately simple reader of the same dialect: whole input in memory, one byte at
/// a time, positions computed from scratch, UTF-8 checked by the standard library. The
/// fast reader must agree with it on every input, for every buffer size.
enum NaiveCSVReader {
    static func read(_ input: [UInt8]) -> ReadOutcome {
        let quote = UInt8(ascii: "\"")
        let comma = UInt8(ascii: ",")
        let lf = UInt8(ascii: "\n")
        let cr = UInt8(ascii: "\r")
        let n = input.count
        let start = input.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0

        // The first ill-formed UTF-8 sequence, as the standard library's decoder sees it.
        var badIndex = -1
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = input[start...].makeIterator()
        var offset = start
        decoding: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .error:
                badIndex = offset
                break decoding
            case .emptyInput: break decoding
            }
        }

        // Line and column of every position.
        var lines = [Int](repeating: 1, count: n + 1)
        var columns = [Int](repeating: 1, count: n + 1)
        var line = 1
        var column = 1
        for index in start..<n {
            lines[index] = line
            columns[index] = column
            if input[index] == lf {
                line += 1
                column = 1
            } else if input[index] & 0xC0 != 0x80 {
                column += 1
            }
        }
        lines[n] = line
        columns[n] = column
        func at(_ index: Int) -> (line: Int, column: Int) { (lines[index], columns[index]) }

        var outcome = ReadOutcome()
        var expected = -1
        var i = start
        do throws(CSVError) {
            while true {
                if i == n {
                    if expected < 0 { throw .emptyInput }
                    return outcome
                }
                var fields: [String] = []
                var locations: [CSVLocation] = []
                var end = CSVLocation(line: 0, column: 0)
                let recordLine = lines[i]
                fieldLoop: while true {
                    locations.append(CSVLocation(line: lines[i], column: columns[i]))
                    var value: [UInt8] = []
                    if i < n && input[i] == quote {
                        let opening = i
                        i += 1
                        while true {
                            if i == n { throw .unterminatedQuote(line: at(opening).line, column: at(opening).column) }
                            if input[i] == quote {
                                if i + 1 < n && input[i + 1] == quote {
                                    value.append(quote)
                                    i += 2
                                    continue
                                }
                                i += 1
                                break
                            }
                            if i == badIndex {
                                throw .invalidUTF8(byte: input[i], line: at(i).line, column: at(i).column)
                            }
                            value.append(input[i])
                            i += 1
                        }
                        if i < n && input[i] != comma && input[i] != lf && input[i] != cr {
                            throw .textAfterClosingQuote(line: at(i).line, column: at(i).column)
                        }
                    } else {
                        while i < n && input[i] != comma && input[i] != lf && input[i] != cr {
                            if input[i] == quote { throw .strayQuote(line: at(i).line, column: at(i).column) }
                            if i == badIndex {
                                throw .invalidUTF8(byte: input[i], line: at(i).line, column: at(i).column)
                            }
                            value.append(input[i])
                            i += 1
                        }
                    }
                    fields.append(String(decoding: value, as: UTF8.self))
                    if i == n {
                        end = CSVLocation(line: at(n).line, column: at(n).column)
                        break fieldLoop
                    }
                    switch input[i] {
                    case comma:
                        i += 1
                    case lf:
                        end = CSVLocation(line: at(i).line, column: at(i).column)
                        i += 1
                        break fieldLoop
                    default:  // CR
                        end = CSVLocation(line: at(i).line, column: at(i).column)
                        guard i + 1 < n && input[i + 1] == lf else {
                            throw .bareCarriageReturn(line: at(i).line, column: at(i).column)
                        }
                        i += 2
                        break fieldLoop
                    }
                }
                if expected < 0 {
                    expected = fields.count
                    outcome.records.append(fields)
                    outcome.recordLines.append(recordLine)
                    outcome.fieldLocations.append(locations)
                    continue
                }
                if fields.count != expected {
                    let place = fields.count > expected ? locations[expected] : end
                    throw .wrongFieldCount(
                        expected: expected, found: fields.count, recordLine: recordLine,
                        line: place.line, column: place.column)
                }
                outcome.records.append(fields)
                outcome.recordLines.append(recordLine)
                outcome.fieldLocations.append(locations)
            }
        } catch {
            outcome.error = error
            if expected < 0 { return ReadOutcome(error: error) }
            return outcome
        }
    }
}

enum Fixture {
    static func path(_ name: String) -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
            fatalError("missing fixture \(name)")
        }
        return url.path
    }

    static func bytes(_ name: String) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path(name)) else {
            fatalError("unreadable fixture \(name)")
        }
        return [UInt8](data)
    }
}
