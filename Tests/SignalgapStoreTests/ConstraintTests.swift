import Foundation
import SignalgapModel
import SignalgapStore
import SignalgapTestSupport
import Testing

/// The schema refuses what the domain model forbids, whoever writes to the file.
@Suite struct ConstraintTests {
    /// A valid observation row, column by column, as SQL literals.
    static let observation: [(String, String)] = [
        ("dataset", "'a'"), ("id", "'x'"), ("side", "'online'"), ("scope", "'platform'"), ("subject", "'twitter'"),
        ("cluster_dataset", "NULL"), ("cluster_id", "NULL"), ("measure", "'accounts_suspended'"),
        ("unit", "'accounts'"),
        ("window_start", "'2016-01-01'"), ("start_precision", "'month'"), ("window_end", "'2016-06-30'"),
        ("end_precision", "'month'"), ("start_day", "16801"), ("end_day", "16982"), ("kind", "'flow'"),
        ("value", "10"), ("low", "NULL"), ("high", "NULL"), ("qualifier", "'exact'"),
        ("source_dataset", "'a'"), ("source_id", "'s1'"), ("supersedes_dataset", "NULL"), ("supersedes_id", "NULL"),
        ("notes", "''"), ("line", "NULL"), ("extra", "NULL"),
    ]

    /// The row with `changes`, and its series key: the key of the row of table
    /// `series` with the same side, scope, subject, measure and unit (added
    /// first if need be), unless `changes` names the key itself. Each forbidden
    /// row below is then refused for what it changes, not for its key.
    static func insert(_ changes: [String: String]) -> String {
        let values = observation.map { changes[$0.0] ?? $0.1 }
        let seriesColumns = ["side", "scope", "subject", "measure", "unit"]
        let seriesValues = seriesColumns.map { column in changes[column] ?? observation.first { $0.0 == column }!.1 }
        let matching = zip(seriesColumns, seriesValues).map { "\($0) = \($1)" }.joined(separator: " AND ")
        let key = changes["series"] ?? "(SELECT key FROM series WHERE \(matching))"
        return "PRAGMA foreign_keys = ON; INSERT OR IGNORE INTO series (" + seriesColumns.joined(separator: ", ")
            + ") VALUES (" + seriesValues.joined(separator: ", ") + "); INSERT INTO observation ("
            + observation.map(\.0).joined(separator: ", ") + ", series) VALUES (" + values.joined(separator: ", ")
            + ", \(key));"
    }

    static let forbidden: [(String, [String: String])] = [
        ("a negative count", ["value": "-1"]),
        ("a negative bound", ["qualifier": "'about'", "low": "-1", "high": "20"]),
        ("low above value", ["qualifier": "'about'", "low": "20", "high": "30"]),
        ("value above high", ["qualifier": "'about'", "low": "1", "high": "5"]),
        ("low above high", ["qualifier": "'range'", "value": "NULL", "low": "5", "high": "3"]),
        ("no value outside a range", ["value": "NULL"]),
        ("a number as text", ["value": "'10'"]),
        // Where only the amount's own check can refuse it (text orders after every number).
        ("an empty text as a bound", ["qualifier": "'about'", "low": "5", "high": "''"]),
        ("a blob as a bound", ["qualifier": "'about'", "low": "1", "high": "X'FF'"]),
        ("an end before the start", ["window_start": "'2016-07-01'", "start_day": "16983"]),
        ("a flow without a start", ["window_start": "NULL", "start_precision": "NULL", "start_day": "NULL"]),
        ("a start without its precision", ["start_precision": "NULL"]),
        ("a date that is not ISO", ["window_end": "'30/06/2016'"]),
        ("a date without its zeros", ["window_end": "'2016-6-30'"]),
        ("a qualifier outside the codebook", ["qualifier": "'aprox'"]),
        ("a precision outside the codebook", ["end_precision": "'monthly'"]),
        ("a measure outside the codebook", ["measure": "'likes'"]),
        ("a unit that is not the measure's", ["unit": "'people'"]),
        ("a platform outside the codebook", ["subject": "'myspace'"]),
        (
            "a lower-case country",
            [
                "scope": "'country'", "subject": "'be'", "side": "'offline'", "measure": "'travelled'",
                "unit": "'people'",
            ]
        ),
        ("a cluster figure without its cluster", ["scope": "'cluster'", "subject": "'a:lisleby'"]),
        ("a source that is not there", ["source_id": "'s9'"]),
        ("a dataset that is not there", ["dataset": "'zz'"]),
        ("a superseded figure that is not there", ["supersedes_dataset": "'a'", "supersedes_id": "'t9'"]),
        ("a series key that is not there", ["series": "99"]),
        (
            "a series key that names another series",
            ["series": "(SELECT key FROM series WHERE subject = 'facebook')"]
        ),
    ]

    /// Dataset `a` with its source `s1` and a cluster, and a series of Facebook's.
    static func storeWithDatasetA(_ scratch: Scratch) throws {
        let store = try FigureStore(path: scratch.storePath)
        try store.put("a") { sink in try sink.insert(Make.cluster("a")) }
        let series = try SQLiteShell.run(
            scratch.storePath,
            "INSERT INTO series (side, scope, subject, measure, unit) "
                + "VALUES ('online', 'platform', 'facebook', 'accounts_suspended', 'accounts')")
        try #require(series.status == 0, "\(series.stderr)")
    }

    @Test func theValidRowGoesIn() throws {
        let scratch = try Scratch.make()
        defer { scratch.remove() }
        try Self.storeWithDatasetA(scratch)
        let result = try SQLiteShell.run(scratch.storePath, Self.insert([:]))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try SQLiteShell.rows(scratch.storePath, "SELECT count(*) FROM observation") == ["1"])
    }

    @Test(arguments: forbidden)
    func forbiddenRowsAreRefused(what: String, changes: [String: String]) throws {
        let scratch = try Scratch.make()
        defer { scratch.remove() }
        try Self.storeWithDatasetA(scratch)
        let result = try SQLiteShell.run(scratch.storePath, Self.insert(changes))
        #expect(result.status != 0, "\(what) was accepted")
        #expect(result.stderr.contains("constraint failed"), "\(result.stderr)")
        #expect(try SQLiteShell.rows(scratch.storePath, "SELECT count(*) FROM observation") == ["0"])
    }

    @Test(arguments: [
        "INSERT INTO cluster_tie (dataset, cluster_id, tie) VALUES ('a', 'lisleby', 'football')",
        "UPDATE cluster SET country = 'no'",
        "UPDATE cluster SET catalyst = 'maybe'",
        "UPDATE cluster SET active_end = '2011-12-31', active_end_precision = 'year'",
        "UPDATE source SET status = 'primary'",
        "UPDATE source SET title = ''",
        "INSERT INTO dataset (name, title, description, content_hash, descriptor) VALUES ('Bad_Name', 't', '', '\(Make.hash)', '{}')",
        "INSERT INTO dataset (name, title, description, content_hash, descriptor) VALUES ('b', 't', '', 'short', '{}')",
        "DELETE FROM source",
    ])
    func otherForbiddenChanges(sql: String) throws {
        let scratch = try Scratch.make()
        defer { scratch.remove() }
        try Self.storeWithDatasetA(scratch)
        let before = try SQLiteShell.run(scratch.storePath, ".dump").stdout
        let result = try SQLiteShell.run(scratch.storePath, "PRAGMA foreign_keys = ON; " + sql)
        #expect(result.status != 0, "accepted: \(sql)")
        #expect(try SQLiteShell.run(scratch.storePath, ".dump").stdout == before)
    }
}
