import Foundation
import SignalgapModel
import SignalgapStore
import SignalgapTestSupport
import Testing

/// Opening a store: migrating a new one, and refusing files this build must not touch.
@Suite struct OpeningTests {
    static let domainTables = [
        "cluster", "cluster_tie", "country", "dataset", "measure", "observation", "series", "source",
    ]

    @Test func migrationsOnAnEmptyStore() throws {
        let scratch = try Scratch.make()
        defer { scratch.remove() }
        do {
            let store = try FigureStore(path: scratch.storePath)
            #expect(try store.listing(.datasets).rows.isEmpty)
            #expect(
                try store.listing(.datasets).columns == [
                    "dataset", "title", "sources", "clusters", "takedown_counts", "offline_figures", "content_hash",
                ])
        }
        let path = scratch.storePath
        #expect(
            try SQLiteShell.rows(path, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
                == (Self.domainTables + ["grdb_migrations"]).sorted())
        #expect(
            try SQLiteShell.rows(
                path, "SELECT name FROM pragma_table_list WHERE schema = 'main' AND strict ORDER BY name")
                == Self.domainTables)
        #expect(
            try SQLiteShell.rows(path, "SELECT identifier FROM grdb_migrations ORDER BY rowid")
                == [
                    "create datasets, sources, clusters and observations",
                    "key each observation's series, and number its codes",
                ])
        #expect(try SQLiteShell.rows(path, "PRAGMA journal_mode") == ["wal"])
        // The codebook tables mirror the code's codebook.
        #expect(
            try SQLiteShell.rows(path, "SELECT name || ' ' || unit || ' ' || side FROM measure ORDER BY name")
                == Codebook.measures.map { "\($0.name) \($0.unit.rawValue) \($0.side.rawValue)" }.sorted())
        #expect(try SQLiteShell.rows(path, "SELECT count(*) FROM country") == ["\(Country.names.count)"])
        #expect(try SQLiteShell.rows(path, "PRAGMA integrity_check") == ["ok"])
        #expect(try SQLiteShell.rows(path, "PRAGMA foreign_key_check") == [])
    }

    /// Opening an up-to-date store, even to import nothing, writes nothing.
    @Test func reopeningACurrentStoreChangesNoByte() throws {
        let scratch = try Scratch.make()
        defer { scratch.remove() }
        do {
            let store = try FigureStore(path: scratch.storePath)
            try store.put("a") { sink in try sink.insert(Make.takedown("a", "t1")) }
        }
        let before = scratch.bytes(scratch.storePath)
        #expect(before.keys.sorted() == [""], "a closed store leaves no -wal or -shm behind")
        for _ in 0..<3 {
            let store = try FigureStore(path: scratch.storePath)
            _ = try store.listing(.observations)
            try store.importBatch { _ in }
            try store.importBatch(dryRun: true) { sink in try sink.insert(Make.takedown("a", "t2")) }
        }
        #expect(scratch.bytes(scratch.storePath) == before)
    }

    @Test func anEmptyFileBecomesAStore() throws {
        let scratch = try Scratch.make()
        defer { scratch.remove() }
        _ = FileManager.default.createFile(atPath: scratch.storePath, contents: Data())
        let store = try FigureStore(path: scratch.storePath)
        try store.put("a")
        #expect(try store.hasDataset("a"))
    }

    @Test func aNewerStoreIsRefusedAndLeftUntouched() throws {
        let scratch = try Scratch.make()
        defer { scratch.remove() }
        do {
            let store = try FigureStore(path: scratch.storePath)
            try store.put("a")
        }
        let tamper = try SQLiteShell.run(
            scratch.storePath, "INSERT INTO grdb_migrations (identifier) VALUES ('add the future')")
        try #require(tamper.status == 0, "\(tamper.stderr)")
        let before = scratch.bytes(scratch.storePath)

        #expect(throws: StoreError.newerSchema(path: scratch.storePath, unknownMigrations: ["add the future"])) {
            _ = try FigureStore(path: scratch.storePath)
        }
        #expect(throws: StoreError.self) { _ = try FigureStore(path: scratch.storePath, mustExist: true) }
        #expect(scratch.bytes(scratch.storePath) == before)
        #expect(
            StoreError.newerSchema(path: "s.sqlite", unknownMigrations: ["add the future"]).description == """
                s.sqlite: error: the store was written by a newer signalgap (unknown schema migrations: add the future); it was left untouched
                  hint: upgrade signalgap, or point --store at another file
                """)
    }

    /// A newer store in rollback-journal mode (someone ran `PRAGMA journal_mode = DELETE`)
    /// must not be switched to WAL before it is refused.
    @Test func aNewerStoreInAnotherJournalModeIsLeftUntouched() throws {
        let scratch = try Scratch.make()
        defer { scratch.remove() }
        do { _ = try FigureStore(path: scratch.storePath) }
        let tamper = try SQLiteShell.run(
            scratch.storePath, "PRAGMA journal_mode = DELETE; INSERT INTO grdb_migrations (identifier) VALUES ('zz')")
        try #require(tamper.status == 0, "\(tamper.stderr)")
        let before = scratch.bytes(scratch.storePath)
        #expect(throws: StoreError.newerSchema(path: scratch.storePath, unknownMigrations: ["zz"])) {
            _ = try FigureStore(path: scratch.storePath)
        }
        #expect(scratch.bytes(scratch.storePath) == before)
    }

    @Test func anotherSQLiteFileIsRefusedAndLeftUntouched() throws {
        let scratch = try Scratch.make()
        defer { scratch.remove() }
        let path = scratch.path + "/notes.db"
        try #require(
            try SQLiteShell.run(path, "CREATE TABLE note (body TEXT); INSERT INTO note VALUES ('keep me')").status == 0)
        let before = scratch.bytes(path)
        #expect(throws: StoreError.notAStore(path: path)) { _ = try FigureStore(path: path) }
        #expect(scratch.bytes(path) == before)
        #expect(try SQLiteShell.rows(path, "PRAGMA journal_mode") == ["delete"])
    }

    @Test func aFileThatIsNotSQLiteIsRefusedAndLeftUntouched() throws {
        let scratch = try Scratch.make()
        defer { scratch.remove() }
        let path = scratch.path + "/figures.csv"
        _ = FileManager.default.createFile(
            atPath: path, contents: Data(String(repeating: "id,value\nt1,5\n", count: 100).utf8))
        let before = scratch.bytes(path)
        #expect(throws: StoreError.self) { _ = try FigureStore(path: path) }
        #expect(scratch.bytes(path) == before)
    }

    @Test func aMissingStoreIsNotCreatedWhenItMustExist() throws {
        let scratch = try Scratch.make()
        defer { scratch.remove() }
        #expect {
            _ = try FigureStore(path: scratch.storePath, mustExist: true)
        } throws: { error in
            guard case .cannotOpen(let path, let reason)? = error as? StoreError else { return false }
            return path == scratch.storePath && reason.hasPrefix("no such file")
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.storePath))
    }

    @Test func aStoreInAFolderThatDoesNotExist() throws {
        let scratch = try Scratch.make()
        defer { scratch.remove() }
        let path = scratch.path + "/no/such/folder/store.sqlite"
        #expect {
            _ = try FigureStore(path: path)
        } throws: { error in
            if case .cannotOpen(path, _)? = error as? StoreError { return true }
            return false
        }
    }

    @Test func storePathOptionThenEnvironmentThenDefault() {
        let environment = [FigureStore.environmentVariable: "env.sqlite"]
        #expect(FigureStore.environmentVariable == "SIGNALGAP_STORE")
        #expect(FigureStore.resolvePath(option: "option.sqlite", environment: environment) == "option.sqlite")
        #expect(FigureStore.resolvePath(option: nil, environment: environment) == "env.sqlite")
        #expect(FigureStore.resolvePath(option: "", environment: environment) == "env.sqlite")
        #expect(FigureStore.resolvePath(option: nil, environment: [:]) == "signalgap.sqlite")
        #expect(
            FigureStore.resolvePath(option: nil, environment: [FigureStore.environmentVariable: ""])
                == "signalgap.sqlite")
    }
}
