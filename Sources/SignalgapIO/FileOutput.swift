#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writing files through the POSIX calls: whole buffers, retried on EINTR, and
/// no flush to the disk (`fsync`) unless the caller asks for one elsewhere.
/// Errors are errno values, for the caller to word.
public enum FileOutput {
    /// Creates (or truncates) `path` for writing: its descriptor, or the negated errno.
    static func creating(_ path: String) -> Int32 {
        var descriptor: Int32
        repeat {
            descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        } while descriptor < 0 && errno == EINTR
        return descriptor >= 0 ? descriptor : -errno
    }

    /// Writes all of `buffer` to `descriptor`: 0, or the errno of the failure.
    static func writeAll(_ buffer: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32 {
        guard var pointer = buffer.baseAddress else { return 0 }
        var remaining = buffer.count
        while remaining > 0 {
            let written = write(descriptor, pointer, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            pointer += written
            remaining -= written
        }
        return 0
    }

    /// Creates (or truncates) the file at `path` and writes `bytes` to it: nil,
    /// or the errno of the failure.
    public static func save(_ bytes: [UInt8], to path: String) -> Int32? {
        let descriptor = creating(path)
        guard descriptor >= 0 else { return -descriptor }
        var failure = bytes.withUnsafeBytes { writeAll($0, to: descriptor) }
        if close(descriptor) != 0 && failure == 0 { failure = errno }
        return failure == 0 ? nil : failure
    }
}
