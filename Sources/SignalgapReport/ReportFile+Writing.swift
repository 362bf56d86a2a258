import Foundation
import SignalgapIO

extension ReportFile {
    /// Writes `files` under `directory` (created if missing), each path relative to it,
    /// replacing files of the same name. Files of an earlier report that are not in
    /// `files` are left alone. With `Writer`, the only code of this module that
    /// touches the disk. Every path is checked before anything is written.
    ///
    /// Each file is written beside its final name and then renamed over it, so a
    /// reader never sees half a file. It is not flushed to the disk one by one
    /// (`fsync`): a report is derived data, made again from the store in seconds,
    /// and a flush per file cost a benchmark report of 543 files a twentieth of its time.
    /// The files are written on every core; when some cannot be, the others
    /// are written all the same and the first failure, in path order, is thrown.
    /// Two files with the same path are refused before anything is written.
    public static func write(_ files: [ReportFile], to directory: String) throws(ReportError) {
        var paths = Set<String>()
        for file in files {
            guard isSafe(file.path) else { throw .unsafePath(file.path) }
            guard paths.insert(file.path).inserted else { throw .duplicatePath(file.path) }
        }
        let writer = Writer(directory: directory)
        _ = Concurrently.map(files.count) { writer.write(files[$0]) }
        _ = try writer.finish()
    }

    /// A relative path that stays inside the output folder.
    static func isSafe(_ path: String) -> Bool {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        return !path.hasPrefix("/") && !components.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty })
    }

    /// Writes a report's files under one folder as they are made, from several
    /// threads at once, so that each file's text is freed as soon as it is on
    /// the disk (see `ReportGenerator.render`). Each file is written beside its
    /// final name and renamed over it, and its folder is made on first use. A
    /// file that cannot be written, or whose path is unsafe or already given,
    /// is kept for `finish`; the others are written all the same.
    public final class Writer: @unchecked Sendable {
        private let root: String
        private let process = ProcessInfo.processInfo.processIdentifier
        // Guards everything below.
        private let lock = NSLock()
        private var paths: [String] = []
        private var given = Set<String>()
        /// Folders made (or found) so far.
        private var folders = Set<String>()
        private var failures: [(path: String, error: Failure)] = []

        private enum Failure {
            case unsafe, duplicate
            /// A folder that could not be made, with the reason.
            case folder(String)
            /// A file that could not be written: the errno (worded in `finish`: strerror is not thread-safe).
            case file(Int32)
        }

        public init(directory: String) {
            root =
                directory.isEmpty
                ? "." : directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        }

        /// Writes one file; safe to call from several threads at once.
        public func write(_ file: ReportFile) {
            guard ReportFile.isSafe(file.path) else { return fail(file.path, .unsafe) }
            let path = root + "/" + file.path
            let slash = path.lastIndex(of: "/") ?? path.startIndex
            let folder = String(path[..<slash])
            lock.lock()
            let isNew = given.insert(file.path).inserted
            var folderFailure: String?
            if isNew && !folders.contains(folder) {
                // Made under the lock, so that no file is written before its folder is there.
                do {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    folders.insert(folder)
                } catch {
                    folderFailure = error.localizedDescription
                }
            }
            lock.unlock()
            guard isNew else { return fail(file.path, .duplicate) }
            if let reason = folderFailure { return fail(folder, .folder(reason)) }
            let temporary = folder + "/." + path[path.index(after: slash)...] + ".signalgap-\(process)"
            if let failure = FileOutput.save(file.contents, to: temporary)
                ?? (rename(temporary, path) == 0 ? nil : errno)
            {
                unlink(temporary)
                return fail(path, .file(failure))
            }
            lock.lock()
            paths.append(file.path)
            lock.unlock()
        }

        private func fail(_ path: String, _ error: Failure) {
            lock.lock()
            failures.append((path, error))
            lock.unlock()
        }

        /// The paths written, sorted; once every `write` has returned. Throws the
        /// first failure in path order.
        public func finish() throws(ReportError) -> [String] {
            lock.lock()
            defer { lock.unlock() }
            if let first = failures.min(by: { $0.path < $1.path }) {
                switch first.error {
                case .unsafe: throw .unsafePath(first.path)
                case .duplicate: throw .duplicatePath(first.path)
                case .folder(let reason): throw .cannotWrite(path: first.path, reason: reason)
                case .file(let code): throw .cannotWrite(path: first.path, reason: String(cString: strerror(code)))
                }
            }
            return paths.sorted()
        }
    }
}
