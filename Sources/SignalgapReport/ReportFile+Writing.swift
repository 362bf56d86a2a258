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
    /// Two files with the same path are refused, and every folder is made,
    /// before anything is written. The files are written one at a time by a
    /// `Writer`; when some cannot be, the others are written all the same and
    /// the first failure, in path order, is thrown.
    public static func write(_ files: [ReportFile], to directory: String) throws(ReportError) {
        var paths = Set<String>()
        for file in files {
            guard isSafe(file.path) else { throw .unsafePath(file.path) }
            guard paths.insert(file.path).inserted else { throw .duplicatePath(file.path) }
        }
        let writer = Writer(directory: directory)
        for file in files { try writer.makeFolder(of: file.path) }
        for file in files { writer.write(file) }
        _ = try writer.finish()
    }

    /// A relative path that stays inside the output folder.
    static func isSafe(_ path: String) -> Bool {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        return !path.hasPrefix("/") && !components.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty })
    }

    /// Writes a report's files under one folder as they are made, handed over
    /// from several threads at once, so that each file's text is freed as soon
    /// as it is on the disk (see `ReportGenerator.render`). Each file is written
    /// beside its final name and renamed over it, and its folder is made on
    /// first use. A file that cannot be written, or whose path is unsafe or
    /// already given, is kept for `finish`; the others are written all the same.
    ///
    /// The files are written one at a time, on a thread of the writer's own,
    /// while the callers go on: threads that create files in one folder at
    /// once wait for each other in the kernel, spinning on the folder's lock,
    /// and on the benchmark report that spinning took more time than the
    /// writing. A caller waits only when the files handed over and not yet
    /// written would hold more than `queuedLimit` bytes (64 MiB unless told):
    /// a slow disk then slows the rendering down instead of filling the memory.
    public final class Writer: @unchecked Sendable {
        private let root: String
        private let process = ProcessInfo.processInfo.processIdentifier
        private let queue = DispatchQueue(label: "signalgap.report.writer")
        /// Guards `queuedBytes`; signalled as files are written.
        private let queued = NSCondition()
        private var queuedBytes = 0
        private let queuedLimit: Int
        // Guards everything below.
        private let lock = NSLock()
        private var paths: [String] = []
        private var given = Set<String>()
        /// Folders made (or found), and those that could not be made, with why.
        private var folders = Set<String>()
        private var failedFolders: [String: String] = [:]
        /// By the report path of the file that failed (the order `finish` reports in).
        private var failures: [(path: String, failure: Failure)] = []

        private enum Failure {
            case report(ReportError)
            /// A file that could not be saved: the errno, worded in `finish` (strerror is not thread-safe).
            case file(path: String, errno: Int32)
        }

        public init(directory: String, queuedLimit: Int = 64 << 20) {
            self.queuedLimit = queuedLimit
            root =
                directory.isEmpty
                ? "." : directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        }

        /// Takes one file to be written; safe to call from several threads at once.
        public func write(_ file: ReportFile) {
            guard ReportFile.isSafe(file.path) else { return fail(file.path, .report(.unsafePath(file.path))) }
            lock.lock()
            let isNew = given.insert(file.path).inserted
            lock.unlock()
            guard isNew else { return fail(file.path, .report(.duplicatePath(file.path))) }
            let size = file.bytes.count
            queued.lock()
            // A file larger than the limit still goes, once nothing else waits.
            while queuedBytes > 0 && queuedBytes + size > queuedLimit { queued.wait() }
            queuedBytes += size
            queued.unlock()
            queue.async {
                self.save(file)
                self.queued.lock()
                self.queuedBytes -= size
                self.queued.broadcast()
                self.queued.unlock()
            }
        }

        /// Writes one file, on the writer's thread.
        private func save(_ file: ReportFile) {
            do {
                try makeFolder(of: file.path)
            } catch {
                return fail(file.path, .report(error))
            }
            let path = root + "/" + file.path
            let slash = path.lastIndex(of: "/") ?? path.startIndex
            let temporary = String(path[..<slash]) + "/." + path[path.index(after: slash)...] + ".signalgap-\(process)"
            if let failure = FileOutput.save(file.bytes, to: temporary)
                ?? (rename(temporary, path) == 0 ? nil : errno)
            {
                unlink(temporary)
                return fail(file.path, .file(path: path, errno: failure))
            }
            lock.lock()
            paths.append(file.path)
            lock.unlock()
        }

        /// Makes the folder of a report path, once; a folder that cannot be
        /// made is tried once and its reason given to every file in it.
        func makeFolder(of relativePath: String) throws(ReportError) {
            let path = root + "/" + relativePath
            let folder = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
            lock.lock()
            defer { lock.unlock() }
            if folders.contains(folder) { return }
            if let reason = failedFolders[folder] { throw .cannotWrite(path: folder, reason: reason) }
            // Made under the lock, so that no file is written before its folder is there.
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                folders.insert(folder)
            } catch {
                failedFolders[folder] = error.localizedDescription
                throw .cannotWrite(path: folder, reason: error.localizedDescription)
            }
        }

        private func fail(_ path: String, _ failure: Failure) {
            lock.lock()
            failures.append((path, failure))
            lock.unlock()
        }

        /// The paths written, sorted, once every file given to `write` (each
        /// call returned) is written. Throws the failure of the first file, in
        /// path order, that could not be written.
        public func finish() throws(ReportError) -> [String] {
            queue.sync {}
            lock.lock()
            defer { lock.unlock() }
            if let first = failures.min(by: { $0.path < $1.path }) {
                switch first.failure {
                case .report(let error): throw error
                case .file(let path, let code): throw .cannotWrite(path: path, reason: String(cString: strerror(code)))
                }
            }
            return paths.sorted()
        }
    }
}
