import Foundation

extension ReportFile {
    /// Writes `files` under `directory` (created if missing), each path relative to it,
    /// replacing files of the same name. Files of an earlier report that are not in
    /// `files` are left alone. The only function of this module that touches the disk.
    public static func write(_ files: [ReportFile], to directory: String) throws(ReportError) {
        let manager = FileManager.default
        let root = URL(fileURLWithPath: directory, isDirectory: true)
        for file in files {
            let components = file.path.split(separator: "/", omittingEmptySubsequences: false)
            guard !file.path.hasPrefix("/"), !components.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty })
            else { throw .unsafePath(file.path) }
            let url = root.appendingPathComponent(file.path)
            do {
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: url, options: .atomic)
            } catch {
                throw .cannotWrite(path: url.path, reason: "\(error.localizedDescription)")
            }
        }
    }
}
