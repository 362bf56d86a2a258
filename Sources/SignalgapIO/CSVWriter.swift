#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An RFC 4180 CSV writer, to memory or to a file.
///
/// A field is quoted only when it must be: when it holds `,`, `"`, CR or LF, starts or
/// ends with a space or tab, or starts with U+FEFF (which a reader would take for a
/// byte order mark); and a record made of one empty field is written `""` so that it
/// is not a blank line. Everything it writes reads back identically with `CSVReader`.
///
/// In memory, the output accumulates in `bytes`. To a file, it is written through a
/// 64 KiB buffer; call `close()` to flush and see write errors (dropping the writer
/// flushes too, but silently).
public struct CSVWriter: ~Copyable {
    public enum LineEnding: Sendable {
        case crlf, lf
    }

    public let lineEnding: LineEnding
    /// The file being written, or nil in memory.
    public let path: String?
    /// In memory: everything written. To a file: what is not flushed yet.
    public private(set) var bytes: [UInt8] = []

    private var fileDescriptor: Int32
    private static let flushThreshold = 64 * 1024

    /// Writes to memory; read the output from `bytes` or `string`.
    public init(lineEnding: LineEnding = .crlf, byteOrderMark: Bool = false) {
        self.lineEnding = lineEnding
        self.path = nil
        self.fileDescriptor = -1
        if byteOrderMark { bytes.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
    }

    /// Creates (or truncates) the file at `path`.
    public init(path: String, lineEnding: LineEnding = .crlf, byteOrderMark: Bool = false) throws(CSVError) {
        let descriptor = FileOutput.creating(path)
        guard descriptor >= 0 else { throw .cannotWrite(path: path, errno: -descriptor) }
        self.lineEnding = lineEnding
        self.path = path
        self.fileDescriptor = descriptor
        if byteOrderMark { bytes.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
    }

    deinit {
        if fileDescriptor >= 0 {
            _ = Self.write(bytes, to: fileDescriptor)
            _ = closeDescriptor(fileDescriptor)
        }
    }

    /// The output so far, in memory.
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends one record. Throws only when writing to a file fails.
    public mutating func write(_ record: [String]) throws(CSVError) {
        Self.append(record: record, to: &bytes, lineEnding: lineEnding)
        if fileDescriptor >= 0 && bytes.count >= Self.flushThreshold { try flush() }
    }

    /// Appends one record, as `write` does, to bytes of the caller's (for a
    /// caller that keeps its CSV text in a value that must stay copyable).
    public static func append(record: [String], to bytes: inout [UInt8], lineEnding: LineEnding) {
        for index in record.indices {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            append(field: record[index], to: &bytes)
        }
        if record.count == 1 && record[0].isEmpty {
            bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: "\"")])
        }
        if lineEnding == .crlf { bytes.append(UInt8(ascii: "\r")) }
        bytes.append(UInt8(ascii: "\n"))
    }

    /// Appends one record of any string type. Each field becomes a `String`
    /// first: a generic record is not specialised across modules, and walking
    /// its fields' UTF-8 views through protocol calls is many times slower.
    public mutating func write<Fields: Sequence>(_ record: Fields) throws(CSVError)
    where Fields.Element: StringProtocol {
        try write(record.map { String($0) })
    }

    /// Appends one field, quoted and its quotes doubled when it has to be, to
    /// bytes of the caller's (for a caller that writes a record field by field).
    public static func append(field: String, to bytes: inout [UInt8]) {
        var field = field
        field.withUTF8 { append(field: $0, to: &bytes) }
    }

    /// One field given as UTF-8 bytes, quoted and its quotes doubled when it has to be.
    public static func append(field utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        guard needsQuotes(utf8: utf8) else {
            bytes.append(contentsOf: utf8)
            return
        }
        let quote = UInt8(ascii: "\"")
        bytes.append(quote)
        // The runs between quotes are copied whole; each quote is doubled.
        var start = 0
        while let offset = utf8[start...].firstIndex(of: quote) {
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...offset]))
            bytes.append(quote)
            start = offset + 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        bytes.append(quote)
    }

    /// True if the field has to be quoted to read back as itself.
    private static func needsQuotes(utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = utf8.first, let last = utf8.last else { return false }
        if first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") || last == UInt8(ascii: " ")
            || last == UInt8(ascii: "\t")
        {
            return true
        }
        if utf8.count >= 3 && first == 0xEF && utf8[1] == 0xBB && utf8[2] == 0xBF { return true }
        return utf8.contains { byte in
            byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\r")
                || byte == UInt8(ascii: "\n")
        }
    }

    /// Writes buffered output to the file (nothing to do in memory).
    public mutating func flush() throws(CSVError) {
        guard fileDescriptor >= 0, !bytes.isEmpty else { return }
        let code = Self.write(bytes, to: fileDescriptor)
        bytes.removeAll(keepingCapacity: true)
        if code != 0 { throw .cannotWrite(path: path, errno: code) }
    }

    /// Flushes and closes the file.
    public consuming func close() throws(CSVError) {
        guard fileDescriptor >= 0 else { return }
        let descriptor = fileDescriptor
        fileDescriptor = -1
        var code = Self.write(bytes, to: descriptor)
        bytes.removeAll()
        if closeDescriptor(descriptor) != 0 && code == 0 { code = errno }
        if code != 0 { throw .cannotWrite(path: path, errno: code) }
    }

    /// Writes all of `bytes`; returns 0 or the errno of the failure.
    private static func write(_ bytes: [UInt8], to descriptor: Int32) -> Int32 {
        bytes.withUnsafeBytes { FileOutput.writeAll($0, to: descriptor) }
    }
}

// A file-scope wrapper, since inside `CSVWriter` the name `close` is its own.
private func closeDescriptor(_ descriptor: Int32) -> Int32 { close(descriptor) }
