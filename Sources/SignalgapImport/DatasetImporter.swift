import Foundation
import SignalgapIO
import SignalgapModel

/// What an import did, dataset by dataset.
public struct ImportOutcome: Equatable, Sendable {
    public enum Status: String, Sendable {
        case imported, replaced, unchanged
    }
    public var dataset: String
    public var status: Status
    public var sources = 0
    public var clusters = 0
    public var takedownCounts = 0
    public var offlineFigures = 0
    public var contentHash: String
}

/// Reads dataset folders, checks every field of every row, and hands the
/// rows to a sink. Nothing is written unless every dataset of the run is
/// clean: the caller's sink runs inside one transaction, and any problem is
/// thrown as a `DiagnosticList` that makes the caller roll back.
public struct DatasetImporter {
    /// The folder holding dataset folders (`Datasets`).
    public var root: String
    public var cap: Int

    public init(root: String, cap: Int = DiagnosticList.defaultCap) {
        self.root = root
        self.cap = cap
    }

    /// The file that holds a dataset's resource (`takedown_counts`, `clusters`, …),
    /// as its `datapackage.json` under the root declares it; nil if it cannot tell.
    public func resourceFile(dataset: String, resource: String) -> String? {
        let folder = root + "/" + dataset
        guard let data = FileManager.default.contents(atPath: folder + "/datapackage.json"),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let resources = object["resources"] as? [[String: Any]],
            let path = resources.first(where: { $0["name"] as? String == resource })?["path"] as? String
        else { return nil }
        return folder + "/" + path
    }

    /// Where a stored row's reference is in its dataset's files: the resource
    /// file, and the line and column where the reference's field starts (a
    /// record may span lines). The row is found again by its id, which is
    /// unique in its file, so it is named where it is now, even when the file
    /// has changed since the import, and for rows whose line the store does not
    /// keep (clusters). Without a column when the reference is not one column
    /// of the file; the stored line (or the file alone) when the row is no
    /// longer there; nil when the file cannot be told.
    /// Reads the file up to that row: it serves the import's final check, which
    /// reports at most a capped number of rows, and only when the import fails.
    public func location(of site: ReferenceSite) -> SourceLocation? {
        guard let path = resourceFile(dataset: site.dataset, resource: site.resource) else { return nil }
        let stored = SourceLocation(path: path, line: site.line)
        guard var reader = try? CSVReader(path: path), let id = reader.header.firstIndex(of: "id") else {
            return stored
        }
        let field = site.field.flatMap { reader.header.firstIndex(of: $0) }
        // Every record has the header's width (`next` throws otherwise).
        while (try? reader.next()) == true {
            guard reader.field(id) == site.id else { continue }
            guard let field else { return SourceLocation(path: path, line: reader.recordLine) }
            let start = reader.location(ofField: field)
            return SourceLocation(path: path, line: start.line, column: start.column)
        }
        return stored
    }

    /// Every dataset folder under the root, sorted by name.
    public func allDatasetNames() throws -> [String] {
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: root)
        } catch {
            throw DiagnosticList(
                single: Diagnostic(
                    "cannot read the datasets folder", at: SourceLocation(path: root),
                    hint: "run signalgap from the project folder, or pass --datasets PATH"))
        }
        return entries.filter { name in
            var isDirectory: ObjCBool = false
            return !name.hasPrefix(".")
                && FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
    }

    /// Imports the named datasets (all under the root if empty) into `sink`.
    /// Unchanged datasets (same content hash) are left alone.
    public func run(_ requested: [String], into sink: any DatasetSink, skipUnchanged: Bool = true) throws
        -> [ImportOutcome]
    {
        let names = requested.isEmpty ? try allDatasetNames() : requested
        var problems = DiagnosticList(cap: cap)
        var outcomes: [ImportOutcome] = []
        var pending = PendingReferences()
        for name in names {
            let folder = root + "/" + name
            guard Identifier.isValidDatasetName(name) else {
                problems.append(
                    Diagnostic(
                        "\"\(name)\" is not a valid dataset name", at: SourceLocation(path: folder),
                        hint: "use lower-case letters, digits and '-'"))
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue
            else {
                problems.append(
                    Diagnostic(
                        "no dataset folder named \"\(name)\"", at: SourceLocation(path: folder),
                        hint: "`ls \(root)` lists the datasets; `signalgap new-dataset \(name)` creates one"))
                continue
            }
            if let outcome = try importDataset(
                name, folder: folder, into: sink, skipUnchanged: skipUnchanged, problems: &problems, pending: &pending)
            {
                outcomes.append(outcome)
            }
        }
        try pending.check(in: sink, problems: &problems)
        if !problems.isEmpty { throw problems }
        return outcomes
    }

    private func importDataset(
        _ name: String, folder: String, into sink: any DatasetSink, skipUnchanged: Bool,
        problems: inout DiagnosticList, pending: inout PendingReferences
    ) throws -> ImportOutcome? {
        // Problems of earlier datasets in the run must not stop this one being checked.
        let problemsBefore = problems.count
        guard let package = DataPackage.read(folder: folder, expectedName: name, problems: &problems) else {
            return nil
        }
        let files = [folder + "/datapackage.json"] + package.resources.map { folder + "/" + $0.path }
        for (resource, file) in zip(package.resources, files.dropFirst())
        where !FileManager.default.fileExists(atPath: file) {
            problems.append(
                Diagnostic(
                    "resource \"\(resource.kind.rawValue)\" points to \(resource.path), which does not exist",
                    at: DataPackage.locate(resource.kind.rawValue, in: package.text, path: folder + "/datapackage.json")
                ))
        }
        guard problems.count == problemsBefore else { return nil }

        // The hash covers the descriptor and every resource, so any edit is seen.
        // It is computed on another core while this one reads the rows.
        let hasher = ContentHasher(files: files)
        hasher.start()
        let previousHash = try sink.contentHash(ofDataset: name)
        if let previousHash, skipUnchanged {
            let hash = try hasher.wait()
            if hash == previousHash {
                return ImportOutcome(dataset: name, status: .unchanged, contentHash: hash)
            }
        }
        let personal = package.resources.flatMap { resource in
            resource.personalFields.map { "\(resource.kind.rawValue).\($0)" }
        }
        try sink.beginDataset(
            DatasetRecord(
                name: name, title: package.title, description: package.description,
                contentHash: String(repeating: "0", count: 64), descriptor: package.text, personalFields: personal))

        var outcome = ImportOutcome(dataset: name, status: previousHash == nil ? .imported : .replaced, contentHash: "")
        var local = LocalIDs()
        let errorsBefore = problems.count
        for resource in package.resources {
            let path = folder + "/" + resource.path
            var table: ResourceReader
            do {
                table = try ResourceReader(path: path, dataset: name, resource: resource, problems: problems)
            } catch {
                problems.append(ResourceReader.diagnostic(error, path: path))
                continue
            }
            let count = try table.read(into: sink, local: &local, pending: &pending)
            problems = table.problems
            switch resource.kind {
            case .sources: outcome.sources = count
            case .clusters: outcome.clusters = count
            case .takedownCounts: outcome.takedownCounts = count
            case .offlineFigures: outcome.offlineFigures = count
            }
        }
        let hash = try hasher.wait()
        outcome.contentHash = hash
        if problems.count == errorsBefore {
            try sink.finishDataset(name, contentHash: hash)
        }
        return outcome
    }
}

/// The ids a dataset has defined so far, for checking its own references as rows arrive.
struct LocalIDs {
    var sources: Set<String> = []
    var clusters: Set<String> = []
}

/// References into other datasets (and a figure's `supersedes`), checked at
/// the end of the run, once every dataset of the run is in the transaction.
struct PendingReferences {
    enum Target: String {
        case source, cluster
        case observation = "figure"
    }
    struct Key: Hashable {
        var target: Target
        var reference: Reference
    }
    static let locationsPerReference = 5
    private(set) var uses: [Key: [SourceLocation]] = [:]
    private var order: [Key] = []

    mutating func add(_ target: Target, _ reference: Reference, at location: SourceLocation) {
        let key = Key(target: target, reference: reference)
        if let existing = uses[key] {
            if existing.count < PendingReferences.locationsPerReference { uses[key]?.append(location) }
        } else {
            uses[key] = [location]
            order.append(key)
        }
    }

    func check(in sink: any DatasetSink, problems: inout DiagnosticList) throws {
        for key in order {
            let exists: Bool
            switch key.target {
            case .source: exists = try sink.sourceExists(key.reference)
            case .cluster: exists = try sink.clusterExists(key.reference)
            case .observation: exists = try sink.observationExists(key.reference)
            }
            guard !exists else { continue }
            for location in uses[key] ?? [] {
                problems.append(
                    Diagnostic(
                        "\(key.target.rawValue) \(key.reference) does not exist", at: location,
                        hint: "import dataset \"\(key.reference.dataset)\" first or in the same run, and check the id"))
            }
        }
    }
}

/// Hashes a dataset's files on a background thread.
final class ContentHasher: @unchecked Sendable {
    private let files: [String]
    private let done = DispatchSemaphore(value: 0)
    // Written by the hashing thread before `done` is signalled, read after.
    private var result: Result<String, any Error> = .success("")
    private var cached: String?

    init(files: [String]) {
        self.files = files
    }

    func start() {
        Thread.detachNewThread { [self] in
            result = Result { try ContentHasher.hash(files) }
            done.signal()
        }
    }

    /// The hash, waiting for the thread the first time.
    func wait() throws -> String {
        if let cached { return cached }
        done.wait()
        let value = try result.get()
        cached = value
        return value
    }

    /// SHA-256 over each file's name and bytes, in order.
    static func hash(_ files: [String]) throws -> String {
        var hasher = SHA256()
        for file in files {
            hasher.update(Array((URL(fileURLWithPath: file).lastPathComponent + "\n").utf8))
            guard let handle = FileHandle(forReadingAtPath: file) else {
                throw Diagnostic("cannot read the file", at: SourceLocation(path: file))
            }
            defer { try? handle.close() }
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                chunk.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer($0)) }
            }
        }
        return hasher.finalize()
    }
}
