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
    /// The files are written on every core; when some cannot be, the others
    /// are written all the same and the first failure, in file order, is thrown.
    /// Two files with the same path are refused before anything is written.
    public static func write(_ files: [ReportFile], to directory: String) throws(ReportError) {
        var paths = Set<String>()
        for file in files {
            let components = file.path.split(separator: "/", omittingEmptySubsequences: false)
            guard !file.path.hasPrefix("/"), !components.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty })
            else { throw .unsafePath(file.path) }
            guard paths.insert(file.path).inserted else { throw .duplicatePath(file.path) }
        }
        // Each folder is made once, then the files are written on every core.
        let root =
            directory.isEmpty
            ? "." : directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        var folders: [String] = []
        var seen = Set<String>()
        for file in files {
            let folder = file.path.split(separator: "/").dropLast().joined(separator: "/")
            if seen.insert(folder).inserted { folders.append(folder.isEmpty ? root : root + "/" + folder) }
        }
        for folder in folders {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw .cannotWrite(path: folder, reason: "\(error.localizedDescription)")
            }
        }
        let process = ProcessInfo.processInfo.processIdentifier
        let failures = Concurrently.map(files.count) { index -> (path: String, errno: Int32)? in
            let path = root + "/" + files[index].path
            let slash = path.lastIndex(of: "/") ?? path.startIndex
            let temporary = String(path[..<slash]) + "/." + path[path.index(after: slash)...] + ".signalgap-\(process)"
            guard
                let failure = FileOutput.save(files[index].contents, to: temporary)
                    ?? (rename(temporary, path) == 0 ? nil : errno)
            else { return nil }
            unlink(temporary)
            return (path, failure)
        }
        // The first failure in file order (the other files are written all the
        // same), worded here on one thread: strerror is not thread-safe.
        if let failure = failures.lazy.compactMap({ $0 }).first {
            throw .cannotWrite(path: failure.path, reason: String(cString: strerror(failure.errno)))
        }
    }
}
