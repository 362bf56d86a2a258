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
        var descriptor: Int32
        repeat {
            descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else { throw .cannotWrite(path: path, errno: errno) }
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
    public mutating func write<Fields: Sequence>(_ record: Fields) throws(CSVError)
    where Fields.Element: StringProtocol {
        var fieldCount = 0
        var isLastEmpty = false
        for field in record {
            if fieldCount > 0 { bytes.append(UInt8(ascii: ",")) }
            fieldCount += 1
            isLastEmpty = field.isEmpty
            if Self.needsQuotes(field) {
                bytes.append(UInt8(ascii: "\""))
                for byte in field.utf8 {
                    if byte == UInt8(ascii: "\"") { bytes.append(byte) }
                    bytes.append(byte)
                }
                bytes.append(UInt8(ascii: "\""))
            } else {
                bytes.append(contentsOf: field.utf8)
            }
        }
        if fieldCount == 1 && isLastEmpty { bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: "\"")]) }
        if lineEnding == .crlf { bytes.append(UInt8(ascii: "\r")) }
        bytes.append(UInt8(ascii: "\n"))
        if fileDescriptor >= 0 && bytes.count >= Self.flushThreshold { try flush() }
    }

    /// True if `field` has to be quoted to read back as itself.
    public static func needsQuotes(_ field: some StringProtocol) -> Bool {
        let utf8 = field.utf8
        guard let first = utf8.first else { return false }
        if first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { return true }
        if first == 0xEF && utf8.starts(with: [0xEF, 0xBB, 0xBF]) { return true }
        var last = first
        for byte in utf8 {
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"")
                || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
            {
                return true
            }
            last = byte
        }
        return last == UInt8(ascii: " ") || last == UInt8(ascii: "\t")
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
        bytes.withUnsafeBytes { buffer in
            guard var pointer = buffer.baseAddress else { return 0 }
            var remaining = buffer.count
            while remaining > 0 {
                let written = writeDescriptor(descriptor, pointer, remaining)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                pointer += written
                remaining -= written
            }
            return 0
        }
    }
}

// File-scope wrappers, since inside `CSVWriter` the names `close` and `write` are its own.
private func closeDescriptor(_ descriptor: Int32) -> Int32 { close(descriptor) }

private func writeDescriptor(_ descriptor: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, pointer, count)
}
