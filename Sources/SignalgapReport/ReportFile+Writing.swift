import Foundation

extension ReportFile {
    /// Writes `files` under `directory` (created if missing), each path relative to it,
    /// replacing files of the same name. Files of an earlier report that are not in
    /// `files` are left alone. The only function of this module that touches the disk.
    /// Every path is checked before anything is written.
    ///
    /// Each file is written beside its final name and then renamed over it, so a
    /// reader never sees half a file. It is not flushed to the disk one by one
    /// (`fsync`): a report is derived data, made again from the store in seconds,
    /// and a flush per file cost a benchmark report of 543 files a tenth of its time.
    public static func write(_ files: [ReportFile], to directory: String) throws(ReportError) {
        let manager = FileManager.default
        let root = URL(fileURLWithPath: directory, isDirectory: true)
        for file in files {
            let components = file.path.split(separator: "/", omittingEmptySubsequences: false)
            guard !file.path.hasPrefix("/"), !components.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty })
            else { throw .unsafePath(file.path) }
        }
        for file in files {
            let url = root.appendingPathComponent(file.path)
            let temporary = url.deletingLastPathComponent().appendingPathComponent(
                ".\(url.lastPathComponent).signalgap-\(ProcessInfo.processInfo.processIdentifier)")
            do {
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                if let failure = writeFile(temporary.path, file.contents) ?? renameFile(temporary.path, url.path) {
                    try? manager.removeItem(at: temporary)
                    throw ReportError.cannotWrite(path: url.path, reason: String(cString: strerror(failure)))
                }
            } catch let error as ReportError {
                throw error
            } catch {
                try? manager.removeItem(at: temporary)
                throw .cannotWrite(path: url.path, reason: "\(error.localizedDescription)")
            }
        }
    }

    /// Creates or truncates `path` and writes `text` to it; the errno of a failure, or nil.
    private static func writeFile(_ path: String, _ text: String) -> Int32? {
        var descriptor: Int32
        repeat {
            descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else { return errno }
        var text = text
        var failure: Int32? = text.withUTF8 { buffer in
            guard var pointer = buffer.baseAddress else { return nil }
            var remaining = buffer.count
            while remaining > 0 {
                let written = Foundation.write(descriptor, pointer, remaining)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                pointer += written
                remaining -= written
            }
            return nil
        }
        if close(descriptor) != 0 && failure == nil { failure = errno }
        return failure
    }

    private static func renameFile(_ from: String, _ to: String) -> Int32? {
        rename(from, to) == 0 ? nil : errno
    }
}
