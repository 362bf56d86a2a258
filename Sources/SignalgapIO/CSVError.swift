#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A 1-based position in a text file; the column counts Unicode scalars.
public struct CSVLocation: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// Everything that can go wrong in this module: malformed CSV, with the 1-based line
/// and column where it happened, and I/O failures.
public enum CSVError: Error, Equatable, Hashable, Sendable, CustomStringConvertible {
    /// A quoted field is never closed; the location is its opening quote.
    case unterminatedQuote(line: Int, column: Int)
    /// A quote inside an unquoted field; the location is that quote.
    case strayQuote(line: Int, column: Int)
    /// Something other than `,` or a line ending after a closing quote; the location is that byte.
    case textAfterClosingQuote(line: Int, column: Int)
    /// A CR outside quotes not followed by LF; the location is the CR.
    case bareCarriageReturn(line: Int, column: Int)
    /// A record with too many or too few fields. The location is the start of the
    /// first extra field, or the end of the record when fields are missing.
    case wrongFieldCount(expected: Int, found: Int, recordLine: Int, line: Int, column: Int)
    /// The input is not UTF-8; the location is the first byte of the bad sequence.
    case invalidUTF8(byte: UInt8, line: Int, column: Int)
    /// The input holds no header record.
    case emptyInput
    case cannotRead(path: String?, errno: Int32)
    case cannotWrite(path: String?, errno: Int32)

    public var location: CSVLocation? {
        switch self {
        case .unterminatedQuote(let line, let column), .strayQuote(let line, let column),
            .textAfterClosingQuote(let line, let column), .bareCarriageReturn(let line, let column),
            .wrongFieldCount(_, _, _, let line, let column), .invalidUTF8(_, let line, let column):
            return CSVLocation(line: line, column: column)
        case .emptyInput:
            return CSVLocation(line: 1, column: 1)
        case .cannotRead, .cannotWrite:
            return nil
        }
    }

    public var message: String {
        switch self {
        case .unterminatedQuote:
            return "quoted field is never closed (its quote opens here)"
        case .strayQuote:
            return "quote inside an unquoted field"
        case .textAfterClosingQuote:
            return "text after the closing quote of a quoted field"
        case .bareCarriageReturn:
            return "carriage return (CR) not followed by a line feed (LF)"
        case .wrongFieldCount(let expected, let found, let recordLine, let line, _):
            let record = recordLine == line ? "record" : "record starting on line \(recordLine)"
            return "\(record) has \(found) field\(found == 1 ? "" : "s"), expected \(expected) as in the header"
        case .invalidUTF8(let byte, _, _):
            let hex = String(byte, radix: 16, uppercase: true)
            return "invalid UTF-8 (byte 0x\(hex.count < 2 ? "0" : "")\(hex))"
        case .emptyInput:
            return "the file is empty; expected a header line"
        case .cannotRead(_, let code):
            return "cannot read the file: \(Self.describe(errno: code))"
        case .cannotWrite(_, let code):
            return "cannot write the file: \(Self.describe(errno: code))"
        }
    }

    /// How to fix the input, where that is known.
    public var hint: String? {
        switch self {
        case .unterminatedQuote:
            return "close the field with a quote, and double every quote inside it (\"\")"
        case .strayQuote:
            return "a quote inside a field must be doubled, and the whole field quoted: \"say \"\"hi\"\"\""
        case .textAfterClosingQuote:
            return "a quote inside a quoted field must be doubled (\"\"), and a comma must follow the closing quote"
        case .bareCarriageReturn:
            return "end lines with LF or CRLF, or quote the field to keep a CR in a value"
        case .wrongFieldCount(let expected, let found, _, _, _):
            return found > expected
                ? "quote fields that contain commas"
                : "every record needs as many fields as the header; a blank line is a record with one empty field"
        case .invalidUTF8:
            return "save the file as UTF-8, or convert it first, e.g. iconv -f WINDOWS-1252 -t UTF-8"
        case .emptyInput, .cannotRead, .cannotWrite:
            return nil
        }
    }

    /// `path:line:column: error: message`, then `  hint: …` on the next line if there is one.
    public func formatted(path: String?) -> String {
        var prefix = path ?? ""
        switch self {
        case .cannotRead(let errorPath, _), .cannotWrite(let errorPath, _):
            prefix = path ?? errorPath ?? ""
        default:
            if let location { prefix += prefix.isEmpty ? "\(location)" : ":\(location)" }
        }
        var text = prefix.isEmpty ? "error: \(message)" : "\(prefix): error: \(message)"
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }

    public var description: String { formatted(path: nil) }

    private static func describe(errno code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return String(cString: text)
    }
}
