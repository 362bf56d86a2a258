import GRDB
import GRDBSQLite
import SignalgapModel

/// The store's side of an import: validated rows go in through prepared
/// statements bound with the SQLite C API (the hot path runs once per row),
/// inside the transaction `FigureStore.importBatch` opened.
final class ImportTransaction: DatasetSink {
    private let db: Database
    private let insertObservation: Statement
    private let insertSource: Statement
    private let insertCluster: Statement
    private let insertTie: Statement
    private let observationExistsStatement: Statement

    init(_ db: Database) throws {
        self.db = db
        insertObservation = try db.makeStatement(sql: """
            INSERT INTO observation (
                dataset, id, side, scope, subject, cluster_dataset, cluster_id, measure, unit,
                window_start, start_precision, window_end, end_precision, start_day, end_day,
                kind, value, low, high, qualifier, source_dataset, source_id,
                supersedes_dataset, supersedes_id, notes, line, extra)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertSource = try db.makeStatement(sql: """
            INSERT INTO source (dataset, id, url, title, publisher, published, retrieved, status, notes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertCluster = try db.makeStatement(sql: """
            INSERT INTO cluster (
                dataset, id, name, district, city, country, active_start, active_start_precision,
                active_end, active_end_precision, affiliation, catalyst, online_role,
                source_dataset, source_id, notes, extra)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertTie = try db.makeStatement(sql: "INSERT INTO cluster_tie (dataset, cluster_id, tie) VALUES (?, ?, ?)")
        observationExistsStatement = try db.makeStatement(
            sql: "SELECT 1 FROM observation WHERE dataset = ? AND id = ?")
    }

    func contentHash(ofDataset name: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT content_hash FROM dataset WHERE name = ?", arguments: [name])
    }

    func beginDataset(_ dataset: DatasetRecord) throws {
        try FigureStore.deleteRows(db, ofDataset: dataset.name)
        try db.execute(
            sql: """
                INSERT INTO dataset (name, title, description, content_hash, personal_fields, descriptor)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                dataset.name, dataset.title, dataset.description, dataset.contentHash,
                dataset.personalFields.joined(separator: ","), dataset.descriptor,
            ])
    }

    func finishDataset(_ name: String, contentHash: String) throws {
        try db.execute(sql: "UPDATE dataset SET content_hash = ? WHERE name = ?", arguments: [contentHash, name])
    }

    func insert(_ source: Source) throws {
        try insertSource.execute(arguments: [
            source.reference.dataset, source.reference.id, source.url, source.title, source.publisher,
            source.published?.iso, source.retrieved?.iso, source.status.rawValue, source.notes,
        ])
    }

    func insert(_ cluster: Cluster) throws {
        do {
            try insertCluster.execute(arguments: [
                cluster.reference.dataset, cluster.reference.id, cluster.name, cluster.district, cluster.city,
                cluster.country, cluster.activeStart?.day.iso, cluster.activeStart?.precision.rawValue,
                cluster.activeEnd?.day.iso, cluster.activeEnd?.precision.rawValue,
                cluster.affiliation.rawValue, cluster.catalyst.rawValue, cluster.onlineRole.rawValue,
                cluster.source.dataset, cluster.source.id, cluster.notes, ExtraColumns.json(cluster.extra),
            ])
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
            throw DuplicateRow(reference: cluster.reference)
        }
        for tie in cluster.ties {
            try insertTie.execute(arguments: [cluster.reference.dataset, cluster.reference.id, tie.rawValue])
        }
    }

    func insert(_ observation: Observation) throws {
        let handle = insertObservation.sqliteStatement
        sqlite3_reset(handle)
        var dayText = DayText()
        bind(handle, 1, observation.reference.dataset)
        bind(handle, 2, observation.reference.id)
        bind(handle, 3, observation.side.rawValue)
        bind(handle, 4, observation.scope.rawValue)
        bind(handle, 5, observation.subject)
        if observation.scope == .cluster, let cluster = Reference.parse(observation.subject, home: observation.reference.dataset) {
            bind(handle, 6, cluster.dataset)
            bind(handle, 7, cluster.id)
        } else {
            sqlite3_bind_null(handle, 6)
            sqlite3_bind_null(handle, 7)
        }
        bind(handle, 8, observation.measure)
        bind(handle, 9, observation.unit.rawValue)
        if let start = observation.window.start {
            dayText.bind(handle, 10, start.day)
            bind(handle, 11, start.precision.rawValue)
            sqlite3_bind_int64(handle, 14, Int64(start.day.ordinal))
        } else {
            sqlite3_bind_null(handle, 10)
            sqlite3_bind_null(handle, 11)
            sqlite3_bind_null(handle, 14)
        }
        dayText.bind(handle, 12, observation.window.end.day)
        bind(handle, 13, observation.window.end.precision.rawValue)
        sqlite3_bind_int64(handle, 15, Int64(observation.window.end.day.ordinal))
        bind(handle, 16, observation.kind.rawValue)
        bind(handle, 17, observation.figure.value)
        bind(handle, 18, observation.figure.low)
        bind(handle, 19, observation.figure.high)
        bind(handle, 20, observation.figure.qualifier.rawValue)
        bind(handle, 21, observation.source.dataset)
        bind(handle, 22, observation.source.id)
        if let supersedes = observation.supersedes {
            bind(handle, 23, supersedes.dataset)
            bind(handle, 24, supersedes.id)
        } else {
            sqlite3_bind_null(handle, 23)
            sqlite3_bind_null(handle, 24)
        }
        bind(handle, 25, observation.notes)
        if let line = observation.line {
            sqlite3_bind_int64(handle, 26, Int64(line))
        } else {
            sqlite3_bind_null(handle, 26)
        }
        if let extra = ExtraColumns.json(observation.extra) {
            bind(handle, 27, extra)
        } else {
            sqlite3_bind_null(handle, 27)
        }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            let extended = sqlite3_extended_errcode(sqlite3_db_handle(handle))
            sqlite3_reset(handle)
            if extended == constraintPrimaryKey {
                throw DuplicateRow(reference: observation.reference)
            }
            throw StoreError.sqlite(String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))))
        }
    }

    func sourceExists(_ reference: Reference) throws -> Bool {
        try exists("source", reference)
    }

    func clusterExists(_ reference: Reference) throws -> Bool {
        try exists("cluster", reference)
    }

    func observationExists(_ reference: Reference) throws -> Bool {
        try Bool.fetchOne(observationExistsStatement, arguments: [reference.dataset, reference.id]) ?? false
    }

    func datasetsReferring(to dataset: String, excluding excluded: Set<String>) throws -> [String] {
        try FigureStore.datasetsReferring(db, to: dataset, excluding: excluded)
    }

    private func exists(_ table: String, _ reference: Reference) throws -> Bool {
        try Bool.fetchOne(
            db, sql: "SELECT 1 FROM \(table) WHERE dataset = ? AND id = ?",
            arguments: [reference.dataset, reference.id]) ?? false
    }
}

/// SQLITE_CONSTRAINT_PRIMARYKEY (the C macro is not imported into Swift).
private let constraintPrimaryKey: Int32 = SQLITE_CONSTRAINT | (6 << 8)

/// SQLite copies bound text immediately.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

private func bind(_ handle: OpaquePointer?, _ index: Int32, _ text: String) {
    var text = text
    text.withUTF8 { buffer in
        guard let base = buffer.baseAddress else {
            _ = sqlite3_bind_text(handle, index, "", 0, transient)
            return
        }
        base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
            _ = sqlite3_bind_text(handle, index, chars, Int32(buffer.count), transient)
        }
    }
}

/// Whole amounts are stored as INTEGER, fractional ones (percentages) as REAL.
private func bind(_ handle: OpaquePointer?, _ index: Int32, _ amount: Amount?) {
    guard let amount else {
        sqlite3_bind_null(handle, index)
        return
    }
    if amount.isWhole {
        sqlite3_bind_int64(handle, index, amount.units / Amount.scale)
    } else {
        sqlite3_bind_double(handle, index, amount.doubleValue)
    }
}

/// Formats a day as `YYYY-MM-DD` into a reused buffer, without building a String.
private struct DayText {
    var bytes: [UInt8] = Array(repeating: UInt8(ascii: "0"), count: 10)

    mutating func bind(_ handle: OpaquePointer?, _ index: Int32, _ day: Day) {
        let (year, month, dayOfMonth) = day.components
        func put(_ value: Int, at offset: Int, width: Int) {
            var value = value
            for position in stride(from: offset + width - 1, through: offset, by: -1) {
                bytes[position] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
        }
        put(year, at: 0, width: 4)
        bytes[4] = UInt8(ascii: "-")
        put(month, at: 5, width: 2)
        bytes[7] = UInt8(ascii: "-")
        put(dayOfMonth, at: 8, width: 2)
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                _ = sqlite3_bind_text(handle, index, chars.baseAddress, 10, transient)
            }
        }
    }
}

/// Extra declared columns are kept as a JSON object of text values.
enum ExtraColumns {
    static func json(_ extra: [String: String]) -> String? {
        guard !extra.isEmpty else { return nil }
        let members = extra.keys.sorted().map { key in
            "\(quote(key)):\(quote(extra[key] ?? ""))"
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
