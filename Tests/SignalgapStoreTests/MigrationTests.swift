import Foundation
import SignalgapModel
import SignalgapTestSupport
import Testing

@testable import SignalgapStore

/// A store written by an earlier signalgap is migrated when it is opened:
/// every row kept, with its row id, and the new columns filled in.
@Suite struct MigrationTests {
    /// A store as the first migration left it (the schema of signalgap's first
    /// release), written with the sqlite3 shell: two datasets' sources, and
    /// figures of three series whose row ids leave gaps.
    static func firstSchemaStore(_ path: String) throws {
        let figure = { (rowid: Int, id: String, subject: String, measure: String, unit: String) in
            """
            INSERT INTO observation (rowid, dataset, id, side, scope, subject, measure, unit, window_start,
                start_precision, window_end, end_precision, start_day, end_day, kind, value, qualifier,
                source_dataset, source_id, notes)
            VALUES (\(rowid), 'a', '\(id)', '\(unit == "people" ? "offline" : "online")',
                '\(unit == "people" ? "country" : "platform")', '\(subject)', '\(measure)', '\(unit)',
                '2016-01-01', 'day', '2016-03-31', 'day', 16801, 16891, 'flow', 10, 'exact', 'a', 's1', '');
            """
        }
        let measures = Codebook.measures.map { measure in
            "INSERT INTO measure (name, unit, side, phrase) VALUES ('\(measure.name)', '\(measure.unit.rawValue)', "
                + "'\(measure.side.rawValue)', '');"
        }
        let sql =
            Schema.createTables + """
                CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                INSERT INTO grdb_migrations VALUES ('create datasets, sources, clusters and observations');
                INSERT INTO dataset (name, title, description, content_hash, descriptor)
                    VALUES ('a', 'A', '', '\(Make.hash)', '{}');
                INSERT INTO source (dataset, id, title, publisher, status, notes)
                    VALUES ('a', 's1', 'T', 'P', 'verified', '');
                """ + measures.joined(separator: "\n")
            + figure(1, "t1", "twitter", "accounts_suspended", "accounts")
            + figure(2, "t2", "facebook", "accounts_suspended", "accounts")
            + figure(5, "t3", "twitter", "accounts_suspended", "accounts")
            + figure(9, "f1", "BE", "travelled", "people")
        let result = try SQLiteShell.run(path, sql)
        try #require(result.status == 0, "\(result.stderr)")
    }

    @Test func aFirstSchemaStoreGetsItsSeriesKeys() throws {
        let scratch = try Scratch.make()
        defer { scratch.remove() }
        let path = scratch.storePath
        try Self.firstSchemaStore(path)
        let before = try SQLiteShell.rows(path, "SELECT rowid, dataset, id, subject, value FROM observation")

        let store = try FigureStore(path: path)

        #expect(
            try SQLiteShell.rows(path, "SELECT identifier FROM grdb_migrations ORDER BY rowid")
                == [
                    "create datasets, sources, clusters and observations",
                    "key each observation's series, and number its codes",
                ])
        #expect(try SQLiteShell.rows(path, "SELECT rowid, dataset, id, subject, value FROM observation") == before)
        // One series row per distinct series, and each figure's key names its own.
        #expect(
            try SQLiteShell.rows(path, "SELECT key, side, scope, subject, measure, unit FROM series ORDER BY key") == [
                "1|offline|country|BE|travelled|people",
                "2|online|platform|facebook|accounts_suspended|accounts",
                "3|online|platform|twitter|accounts_suspended|accounts",
            ])
        #expect(
            try SQLiteShell.rows(path, "SELECT id, series FROM observation ORDER BY rowid") == [
                "t1|3", "t2|2", "t3|3", "f1|1",
            ])
        // Each figure's codes (flow, exact, day to day: all fields 0) are computed.
        #expect(try SQLiteShell.rows(path, "SELECT count(*) FROM observation WHERE codes = 0") == ["4"])
        #expect(try SQLiteShell.rows(path, "PRAGMA integrity_check") == ["ok"])
        #expect(try SQLiteShell.rows(path, "PRAGMA foreign_key_check") == [])
        // The indexes are back.
        #expect(
            try SQLiteShell.rows(
                path,
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'observation' "
                    + "AND sql IS NOT NULL ORDER BY name")
                == ["observation_by_cluster", "observation_by_superseded"])
        #expect(
            try SQLiteShell.rows(path, "SELECT name FROM sqlite_master WHERE type = 'trigger'")
                == ["observation_series_agrees"])

        // An import after the migration numbers a new series after the others
        // and gives a known one its key.
        try store.put("b") { sink in
            try sink.insert(Make.takedown("b", "t1"))
            try sink.insert(Make.takedown("b", "y1", subject: "youtube"))
        }
        #expect(
            try SQLiteShell.rows(path, "SELECT id, series FROM observation WHERE dataset = 'b' ORDER BY id")
                == ["t1|3", "y1|4"])
        #expect(try SQLiteShell.rows(path, "PRAGMA foreign_key_check") == [])
    }

    /// Keys outlive the figures that used them: replacing or removing a dataset
    /// keeps its series' rows, the same series gets the same key again, and a
    /// new one is numbered after every key ever given.
    @Test func seriesKeysAreStableAcrossReplaceAndRemove() throws {
        let scratch = try Scratch.make()
        defer { scratch.remove() }
        let store = try FigureStore(path: scratch.storePath)
        try store.put("a") { sink in try sink.insert(Make.takedown("a", "t1")) }
        try store.put("b") { sink in try sink.insert(Make.takedown("b", "f1", subject: "facebook")) }
        try store.put("a") { sink in try sink.insert(Make.takedown("a", "t2")) }
        try store.remove(dataset: "a")
        try store.remove(dataset: "b")
        #expect(try SQLiteShell.rows(scratch.storePath, "SELECT count(*) FROM series") == ["2"])
        try store.put("a") { sink in
            try sink.insert(Make.takedown("a", "t3"))
            try sink.insert(Make.takedown("a", "y1", subject: "youtube"))
        }
        #expect(
            try SQLiteShell.rows(scratch.storePath, "SELECT key, subject FROM series ORDER BY key")
                == ["1|twitter", "2|facebook", "3|youtube"])
        #expect(
            try SQLiteShell.rows(scratch.storePath, "SELECT id, series FROM observation ORDER BY id")
                == ["t3|1", "y1|3"])
        #expect(try store.allSeries()[1]?.subject == "twitter")
    }

    /// The sqlite3 shell leaves foreign keys off; an edit that would make a
    /// figure's series key and its text disagree is refused all the same (the
    /// statistics count a figure under its key). One that keeps them in
    /// agreement goes through.
    @Test func anEditThatSplitsKeyAndTextIsRefusedWithForeignKeysOff() throws {
        let scratch = try Scratch.make()
        defer { scratch.remove() }
        let store = try FigureStore(path: scratch.storePath)
        try store.put("a") { sink in
            try sink.insert(Make.takedown("a", "t1"))
            try sink.insert(Make.takedown("a", "f1", subject: "facebook"))
        }
        let path = scratch.storePath
        let before = try SQLiteShell.dump(path)
        for sql in [
            "UPDATE observation SET subject = 'facebook' WHERE id = 't1'",
            "UPDATE observation SET series = 99 WHERE id = 't1'",
            "UPDATE observation SET series = (SELECT key FROM series WHERE subject = 'facebook') WHERE id = 't1'",
        ] {
            let result = try SQLiteShell.run(path, sql)
            #expect(result.status != 0, "accepted: \(sql)")
            #expect(result.stderr.contains("observation.series must name the row of table series"), "\(result.stderr)")
        }
        #expect(try SQLiteShell.dump(path) == before)
        let agreeing = try SQLiteShell.run(
            path,
            "UPDATE observation SET subject = 'facebook', "
                + "series = (SELECT key FROM series WHERE subject = 'facebook') WHERE id = 't1'")
        #expect(agreeing.status == 0, "\(agreeing.stderr)")
    }

    /// A key broken behind the store's back (trigger dropped, foreign keys off)
    /// is named, for what it is, when an import's final check lists what does
    /// not resolve (here because the new dataset cites a missing source).
    @Test func aBrokenSeriesKeyIsNamedByTheImportCheck() throws {
        let scratch = try Scratch.make()
        defer { scratch.remove() }
        let store = try FigureStore(path: scratch.storePath)
        try store.put("a") { sink in try sink.insert(Make.takedown("a", "t1")) }
        let tamper = try SQLiteShell.run(
            scratch.storePath,
            "DROP TRIGGER observation_series_agrees; UPDATE observation SET series = 99 WHERE id = 't1'")
        try #require(tamper.status == 0, "\(tamper.stderr)")
        #expect {
            try store.put("b") { sink in
                try sink.insert(Make.takedown("b", "t1", source: Reference(dataset: "c", id: "s1")))
            }
        } throws: { error in
            guard let problems = error as? DiagnosticList else { return false }
            return problems.diagnostics.map(\.description).sorted()
                == [
                    "b:2: error: b:t1 refers to source c:s1, which is not in the store\n"
                        + "  hint: import the dataset it refers to in the same run, or keep the row it refers to",
                    "error: a:t1 has a series key that names no matching row of table series\n"
                        + "  hint: the store was changed with its foreign keys off; import into a new store",
                ].sorted()
        }
        #expect(try !store.hasDataset("b"))
    }
}
