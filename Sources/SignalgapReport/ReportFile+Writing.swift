import Foundation
import SignalgapIO

extension ReportFile {
    /// Writes `files` under `directory` (created if missing), each path relative to it,
    /// replacing files of the same name. Files of an earlier report that are not in
    /// `files` are left alone. The only function of this module that touches the disk.
    /// Every path is checked before anything is written.
    ///
    /// Each file is written beside its final name and then renamed over it, so a
    /// reader never sees half a file. It is not flushed to the disk one by one
    /// (`fsync`): a report is derived data, made again from the store in seconds,
    /// and a flush per file cost a benchmark report of 543 files a twentieth of its time.
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
                if let failure = FileOutput.save(file.contents, to: temporary.path)
                    ?? (rename(temporary.path, url.path) == 0 ? nil : errno)
                {
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
}
