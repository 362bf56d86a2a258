import GRDB
import SignalgapModel

/// A table of text cells, as `signalgap list` prints it.
public struct Listing: Equatable, Sendable {
    public var columns: [String]
    public var rows: [[String?]]
    /// Columns whose every value the store holds as a number (for JSON output).
    public var numericColumns: Set<Int>

    public init(columns: [String], rows: [[String?]], numericColumns: Set<Int> = []) {
        self.columns = columns
        self.rows = rows
        self.numericColumns = numericColumns
    }
}

/// What `signalgap list` can show.
public enum ListingKind: String, CaseIterable, Sendable {
    case datasets, sources, platforms, clusters, observations
}

extension Listing {
    /// The listing with every cell of a field its dataset marks as personal
    /// data replaced by `PersonalFields.withheld`. The rows of sources,
    /// clusters and observations name their dataset in the column `dataset`,
    /// and their columns are the dataset's fields by name (an observation's
    /// `subject` is a takedown count's `platform`). Only free text can be
    /// marked (the importer refuses the mark on ids, codes, dates, numbers and
    /// references), so the datasets and platforms listings, which show counts,
    /// codes and dates, hold none.
    public func withholding(_ personal: PersonalFields, kind: ListingKind) -> Listing {
        guard !personal.isEmpty, let datasetColumn = columns.firstIndex(of: "dataset") else { return self }
        let sideColumn = columns.firstIndex(of: "side")
        var result = self
        for (rowIndex, row) in rows.enumerated() {
            guard let dataset = row[datasetColumn] else { continue }
            let isOnline = sideColumn.flatMap { row[$0] } == Side.online.rawValue
            let resource: String
            switch kind {
            case .sources: resource = "sources"
            case .clusters: resource = "clusters"
            case .observations: resource = isOnline ? "takedown_counts" : "offline_figures"
            case .datasets, .platforms: return self
            }
            for (column, name) in columns.enumerated() where row[column] != nil {
                let field = kind == .observations && isOnline && name == "subject" ? "platform" : name
                if personal.contains(dataset: dataset, resource: resource, field: field) {
                    result.rows[rowIndex][column] = PersonalFields.withheld
                }
            }
        }
        return result
    }
}

extension FigureStore {
    /// One of the store's tables as text, in a stable order.
    public func listing(_ kind: ListingKind, dataset: String? = nil, limit: Int? = nil) throws -> Listing {
        let filter = dataset == nil ? "" : "WHERE dataset = :dataset"
        let sql: String
        switch kind {
        case .datasets:
            sql = """
                SELECT d.name AS dataset, d.title,
                    (SELECT count(*) FROM source s WHERE s.dataset = d.name) AS sources,
                    (SELECT count(*) FROM cluster c WHERE c.dataset = d.name) AS clusters,
                    (SELECT count(*) FROM observation o WHERE o.dataset = d.name AND o.side = 'online') AS takedown_counts,
                    (SELECT count(*) FROM observation o WHERE o.dataset = d.name AND o.side = 'offline') AS offline_figures,
                    substr(d.content_hash, 1, 12) AS content_hash
                FROM dataset d \(dataset == nil ? "" : "WHERE d.name = :dataset") ORDER BY d.name
                """
        case .sources:
            sql = """
                SELECT dataset, id, status, publisher, published, title, url
                FROM source \(filter) ORDER BY dataset, id
                """
        case .platforms:
            sql = """
                SELECT subject AS platform, measure, unit, count(*) AS figures,
                    min(coalesce(window_start, window_end)) AS first_day, max(window_end) AS last_day,
                    count(DISTINCT source_dataset || ':' || source_id) AS sources
                FROM observation WHERE side = 'online' \(dataset == nil ? "" : "AND dataset = :dataset")
                GROUP BY subject, measure, unit ORDER BY subject, measure, unit
                """
        case .clusters:
            sql = """
                SELECT c.dataset, c.id, c.name, c.city, c.country, c.affiliation,
                    (SELECT group_concat(tie, ';') FROM (SELECT tie FROM cluster_tie t
                        WHERE t.dataset = c.dataset AND t.cluster_id = c.id ORDER BY tie)) AS ties,
                    c.catalyst, c.online_role, c.source_dataset || ':' || c.source_id AS source
                FROM cluster c \(dataset == nil ? "" : "WHERE c.dataset = :dataset") ORDER BY c.dataset, c.id
                """
        case .observations:
            sql = """
                SELECT dataset, id, side, subject, measure, unit, window_start AS start, start_precision,
                    window_end AS "end", end_precision, kind, value, low, high, qualifier,
                    source_dataset || ':' || source_id AS source,
                    supersedes_dataset || ':' || supersedes_id AS supersedes, notes
                FROM observation \(filter) ORDER BY dataset, side, subject, measure, end_day, id
                """
        }
        let limited = limit.map { sql + " LIMIT \($0)" } ?? sql
        return try run {
            try queue.read { db in
                let arguments: StatementArguments = dataset.map { ["dataset": $0] } ?? [:]
                let statement = try db.makeStatement(sql: limited)
                let columns = statement.columnNames
                var isNumeric = Array(repeating: true, count: columns.count)
                let rows = try Row.fetchAll(statement, arguments: arguments).map { row in
                    (0..<columns.count).map { index -> String? in
                        let value = row[index] as DatabaseValue
                        switch value.storage {
                        case .int64, .double, .null: break
                        case .string, .blob: isNumeric[index] = false
                        }
                        return FigureStore.text(value)
                    }
                }
                let numeric = Set(isNumeric.indices.filter { isNumeric[$0] })
                return Listing(columns: columns, rows: rows, numericColumns: numeric)
            }
        }
    }

    /// A cell as plain text: amounts without float noise, NULL as nil.
    static func text(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: return nil
        case .int64(let number): return String(number)
        case .double(let number): return Amount(units: Int64((number * Double(Amount.scale)).rounded())).description
        case .string(let string): return string
        case .blob(let data): return "<\(data.count) bytes>"
        }
    }

    /// Whether the store holds a dataset.
    public func hasDataset(_ name: String) throws -> Bool {
        try run {
            try queue.read { db in
                try Bool.fetchOne(db, sql: "SELECT 1 FROM dataset WHERE name = ?", arguments: [name]) ?? false
            }
        }
    }
}
