import Foundation
import GRDB
import SignalgapModel

/// The SQLite store: one plain file that `sqlite3` and Datasette can read.
/// It owns the connection, migrates on open, and exposes intention-named
/// operations; only this module talks SQL.
public final class FigureStore: Sendable {
    /// `signalgap.sqlite` in the current directory, unless `--store` or
    /// `SIGNALGAP_STORE` says otherwise.
    public static let defaultPath = "signalgap.sqlite"
    public static let environmentVariable = "SIGNALGAP_STORE"
    /// The page size of a store this build creates.
    static let newStorePageSize = 16384

    /// The store path in effect: the option, else the environment, else the default.
    public static func resolvePath(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> String
    {
        if let option, !option.isEmpty { return option }
        if let path = environment[environmentVariable], !path.isEmpty { return path }
        return defaultPath
    }

    public let path: String
    let queue: DatabaseQueue

    /// Opens (and, unless `mustExist`, creates) the store, migrating it to the
    /// current schema. A store written by a newer schema is refused untouched.
    /// A second, read-only connection to an opened store, for reading on
    /// another thread (WAL lets readers run side by side).
    private init(readerOf path: String) throws(StoreError) {
        self.path = path
        var configuration = Configuration()
        configuration.readonly = true
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw .cannotOpen(path: path, reason: FigureStore.describe(error))
        }
    }

    /// Another connection to this store that only reads (nil for an in-memory store).
    public func makeReader() throws -> FigureStore? {
        guard path != ":memory:", !path.isEmpty else { return nil }
        return try FigureStore(readerOf: path)
    }

    public init(path: String, mustExist: Bool = false) throws(StoreError) {
        self.path = path
        if mustExist && !FileManager.default.fileExists(atPath: path) {
            throw .cannotOpen(
                path: path, reason: "no such file\n  hint: run `signalgap import` first, or pass --store PATH")
        }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // WAL is switched on below, once the file is known to be a store this build
        // may write: GRDB's own WAL setup (`configuration.journalMode = .wal`) writes
        // to the file on every open (it creates and drops a table when there is no
        // -wal file), which would modify a store that must be refused or left as it was.
        let usesWAL = path != ":memory:" && !path.isEmpty
        if usesWAL {
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        }
        configuration.busyMode = .timeout(5)
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw .cannotOpen(path: path, reason: FigureStore.describe(error))
        }
        do {
            let migrator = Schema.migrator
            try queue.read { db in
                if try migrator.hasBeenSuperseded(db) {
                    let known = Set(migrator.migrations)
                    let unknown = try String.fetchAll(
                        db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier"
                    )
                    .filter { !known.contains($0) }
                    throw StoreError.newerSchema(path: path, unknownMigrations: unknown)
                }
                if try !db.tableExists("grdb_migrations") {
                    let tables =
                        try Int.fetchOne(
                            db,
                            sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                        ?? 0
                    if tables > 0 { throw StoreError.notAStore(path: path) }
                }
            }
            if usesWAL {
                try queue.writeWithoutTransaction { db in
                    // A new store gets 16 KiB pages (SQLite's default is 4 KiB): a
                    // million-row import then writes a quarter of the pages and
                    // splits fewer, about a tenth less of SQLite's time. The size
                    // is fixed when the first table is written, so it must be set
                    // before WAL mode; an existing store keeps its own.
                    if try Int.fetchOne(db, sql: "PRAGMA page_count") == 0 {
                        try db.execute(sql: "PRAGMA page_size = \(FigureStore.newStorePageSize)")
                    }
                    // A no-op, with no write, when the file is in WAL mode already.
                    let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                    if mode?.lowercased() != "wal" {
                        throw StoreError.cannotOpen(path: path, reason: "could not switch the store to WAL mode")
                    }
                }
            }
            let isCurrent = try queue.read { db in try migrator.hasCompletedMigrations(db) }
            if !isCurrent { try migrator.migrate(queue) }
            try queue.write { db in
                if try Schema.needsCodebookSync(db) { try Schema.syncCodebook(db) }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .sqlite(FigureStore.describe(error))
        }
    }

    /// Closes the store and deletes its files (used when a first import fails).
    public func deleteFiles() {
        try? queue.close()
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? "\(error.resultCode)"
        }
        return "\(error)"
    }

    /// Runs `body` inside one write transaction with foreign keys deferred to
    /// the end. If `body` throws, or the transaction would leave a dangling
    /// reference, everything is rolled back and the store is exactly as it was.
    /// With `dryRun`, the transaction is always rolled back.
    /// - Parameter locate: where a dangling reference is in its dataset's files
    ///   (nil when that cannot be told: the diagnostic then names the dataset).
    public func importBatch(
        dryRun: Bool = false, locate: (ReferenceSite) -> SourceLocation? = { _ in nil },
        _ body: (any DatasetSink) throws -> Void
    ) throws {
        try run {
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                var committed = false
                defer {
                    if !committed { try? db.execute(sql: "ROLLBACK") }
                }
                try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
                let sink = try ImportTransaction(db)
                try body(sink)
                try sink.flush()
                if dryRun {
                    let dangling = try danglingReferences(db, locate: locate)
                    if !dangling.isEmpty { throw dangling }
                    return
                }
                // Deferred foreign keys are checked by COMMIT itself; only when it
                // refuses is the (full-table) check run, to say which rows.
                do {
                    try db.execute(sql: "COMMIT")
                    committed = true
                } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
                    let dangling = try danglingReferences(db, locate: locate)
                    throw dangling.isEmpty
                        ? DiagnosticList(single: Diagnostic("the import would leave a reference dangling")) : dangling
                }
            }
        }
    }

    /// Every row (in any dataset) whose reference no longer resolves, as diagnostics.
    func danglingReferences(_ db: Database, locate: (ReferenceSite) -> SourceLocation?) throws
        -> DiagnosticList
    {
        var problems = DiagnosticList()
        // A cursor, not an array: a broken reference shared by a million rows
        // must not load them all.
        let rows = try Row.fetchCursor(db, sql: "PRAGMA foreign_key_check")
        while let row = try rows.next() {
            if problems.isFull {
                problems.append(Diagnostic("more rows refer to missing rows"))
                break
            }
            let table: String = row[0]
            let rowid: Int64? = row[1]
            let parent: String = row[2]
            guard let rowid,
                let detail = try Row.fetchOne(
                    db, sql: "SELECT * FROM \(table) WHERE rowid = ?", arguments: [rowid])
            else {
                problems.append(Diagnostic("a \(table) row refers to a missing \(parent) row"))
                continue
            }
            let dataset: String = detail["dataset"]
            let id: String = detail[table == "cluster_tie" ? "cluster_id" : "id"]
            // The store's own numbering, which no dataset names: broken only by
            // an edit made with foreign keys off.
            if parent == "series" {
                problems.append(
                    Diagnostic(
                        "\(dataset):\(id) has a series key that names no matching row of table series",
                        hint: "the store was changed with its foreign keys off; import into a new store"))
                continue
            }
            // Which reference is broken, in the dataset's own words, and its column.
            let target: String
            let field: String?
            switch (table, parent) {
            case (_, "source"):
                target =
                    "source " + (detail["source_dataset"] as String? ?? "") + ":"
                    + (detail["source_id"] as String? ?? "")
                field = "source"
            case ("observation", "observation"):
                target =
                    "figure " + (detail["supersedes_dataset"] as String? ?? "") + ":"
                    + (detail["supersedes_id"] as String? ?? "") + " (supersedes)"
                field = "supersedes"
            case ("observation", "cluster"):
                target = "cluster " + (detail["subject"] as String? ?? "")
                field = "subject"
            default:
                target = "a \(parent) row"
                field = nil
            }
            let resource: String
            switch table {
            case "observation":
                resource = (detail["side"] as String?) == "online" ? "takedown_counts" : "offline_figures"
            case "cluster", "cluster_tie": resource = "clusters"
            default: resource = "sources"
            }
            let line: Int? = table == "observation" ? detail["line"] : nil
            let site = ReferenceSite(dataset: dataset, id: id, resource: resource, line: line, field: field)
            problems.append(
                Diagnostic(
                    "\(dataset):\(id) refers to \(target), which is not in the store",
                    at: locate(site) ?? SourceLocation(path: dataset, line: line),
                    hint: "import the dataset it refers to in the same run, or keep the row it refers to"))
        }
        return problems
    }

    /// Removes exactly one dataset's rows; refuses while another dataset refers to them.
    public func remove(dataset name: String) throws {
        try run {
            try queue.inTransaction { db in
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM dataset WHERE name = ?", arguments: [name]) ?? false
                else {
                    throw StoreError.datasetNotFound(name)
                }
                let referring = try FigureStore.datasetsReferring(db, to: name, excluding: [name])
                if !referring.isEmpty { throw StoreError.stillReferenced(dataset: name, by: referring) }
                try FigureStore.deleteRows(db, ofDataset: name)
                return .commit
            }
        }
    }

    static func deleteRows(_ db: Database, ofDataset name: String) throws {
        for table in ["observation", "cluster_tie", "cluster", "source", "dataset"] {
            let column = table == "dataset" ? "name" : "dataset"
            try db.execute(sql: "DELETE FROM \(table) WHERE \(column) = ?", arguments: [name])
        }
    }

    static func datasetsReferring(_ db: Database, to name: String, excluding excluded: Set<String>) throws -> [String] {
        let sql = """
            SELECT dataset FROM observation WHERE source_dataset = :name AND dataset <> :name
            UNION SELECT dataset FROM observation WHERE supersedes_dataset = :name AND dataset <> :name
            UNION SELECT dataset FROM cluster WHERE source_dataset = :name AND dataset <> :name
            UNION SELECT dataset FROM observation WHERE cluster_dataset = :name AND dataset <> :name
            ORDER BY 1
            """
        return try String.fetchAll(db, sql: sql, arguments: ["name": name])
            .filter { !excluded.contains($0) }
    }

    /// Maps GRDB errors to `StoreError`, letting diagnostics and store errors through.
    func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error
        } catch let error as DiagnosticList {
            throw error
        } catch let error as Diagnostic {
            throw error
        } catch let error as DatabaseError {
            throw StoreError.sqlite(FigureStore.describe(error))
        }
    }
}
