import GRDB
import SignalgapModel

/// The store's schema, as forward-only migrations. Never edit a migration
/// once it has been released: add a new one.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("create datasets, sources, clusters and observations") { db in
            try db.execute(sql: createTables)
        }
        migrator.registerMigration("key each observation's series, and number its codes") { db in
            try db.execute(sql: keySeries)
        }
        return migrator
    }

    /// `(column = 'a' OR column = 'b' …)`: a code from the codebook. Written
    /// as equalities rather than `IN (…)`, which SQLite evaluates by building a
    /// temporary index on every row (five times slower on a million-row import).
    private static func isCode<C: Code>(_ column: String, _: C.Type, excluding: Set<String> = []) -> String {
        "("
            + C.allCases.map(\.rawValue).filter { !excluding.contains($0) }
            .map { "\(column) = '\($0)'" }.joined(separator: " OR ") + ")"
    }

    /// An ISO date's shape (`YYYY-MM-DD`), checked with plain comparisons:
    /// GLOB costs a third of a second per million rows. The importer has
    /// already checked that it is a real calendar date.
    private static func isDate(_ column: String) -> String {
        "(length(\(column)) = 10 AND instr(\(column), '-') = 5 AND substr(\(column), 8, 1) = '-'"
            + " AND \(column) BETWEEN '0001-01-01' AND '9999-12-31')"
    }

    /// A number or nothing (not `IN (…)`: see `isCode`). The second schema
    /// writes it as one comparison: SQLite orders NULL and numbers before all
    /// text (the empty text first) and blobs after, and compares a column
    /// declared ANY by storage class, so `column < ''` holds for numbers, is
    /// NULL (passing the check) for NULL, and is false for text and blobs; two
    /// `typeof()` calls cost the import about half a CPU-second per million rows.
    private static func isAmount(_ column: String, keyed: Bool = false) -> String {
        keyed ? "\(column) < ''" : "(typeof(\(column)) <> 'text' AND typeof(\(column)) <> 'blob')"
    }

    static let createTables = """
        CREATE TABLE dataset (
            name TEXT NOT NULL PRIMARY KEY
                CHECK (name <> '' AND name NOT GLOB '*[^a-z0-9-]*' AND name NOT GLOB '-*'),
            title TEXT NOT NULL,
            description TEXT NOT NULL,
            content_hash TEXT NOT NULL CHECK (length(content_hash) = 64),
            personal_fields TEXT NOT NULL DEFAULT '',
            descriptor TEXT NOT NULL
        ) STRICT;

        -- The codebook of measures, each with its one unit.
        CREATE TABLE measure (
            name TEXT NOT NULL PRIMARY KEY,
            unit TEXT NOT NULL CHECK (\(isCode("unit", Unit.self))),
            side TEXT NOT NULL CHECK (\(isCode("side", Side.self))),
            phrase TEXT NOT NULL,
            UNIQUE (name, unit)
        ) STRICT;

        CREATE TABLE country (
            code TEXT NOT NULL PRIMARY KEY CHECK (length(code) = 2 AND code = upper(code)),
            name TEXT NOT NULL
        ) STRICT;

        CREATE TABLE source (
            dataset TEXT NOT NULL REFERENCES dataset(name),
            id TEXT NOT NULL,
            url TEXT,
            title TEXT NOT NULL CHECK (title <> ''),
            publisher TEXT NOT NULL CHECK (publisher <> ''),
            published TEXT CHECK (published IS NULL OR \(isDate("published"))),
            retrieved TEXT CHECK (retrieved IS NULL OR \(isDate("retrieved"))),
            status TEXT NOT NULL CHECK (\(isCode("status", SourceStatus.self))),
            notes TEXT NOT NULL,
            PRIMARY KEY (dataset, id)
        ) STRICT;

        CREATE TABLE cluster (
            dataset TEXT NOT NULL REFERENCES dataset(name),
            id TEXT NOT NULL,
            name TEXT NOT NULL CHECK (name <> ''),
            district TEXT,
            city TEXT,
            country TEXT NOT NULL REFERENCES country(code),
            active_start TEXT CHECK (active_start IS NULL OR \(isDate("active_start"))),
            active_start_precision TEXT
                CHECK (\(isCode("active_start_precision", DatePrecision.self))),
            active_end TEXT CHECK (active_end IS NULL OR \(isDate("active_end"))),
            active_end_precision TEXT
                CHECK (\(isCode("active_end_precision", DatePrecision.self))),
            affiliation TEXT NOT NULL CHECK (\(isCode("affiliation", Affiliation.self))),
            catalyst TEXT NOT NULL CHECK (\(isCode("catalyst", Catalyst.self))),
            online_role TEXT NOT NULL CHECK (\(isCode("online_role", OnlineRole.self))),
            source_dataset TEXT NOT NULL,
            source_id TEXT NOT NULL,
            notes TEXT NOT NULL,
            extra TEXT,
            PRIMARY KEY (dataset, id),
            FOREIGN KEY (source_dataset, source_id) REFERENCES source(dataset, id),
            CHECK ((active_start IS NULL) = (active_start_precision IS NULL)),
            CHECK ((active_end IS NULL) = (active_end_precision IS NULL)),
            CHECK (active_start IS NULL OR active_end IS NULL OR active_start <= active_end)
        ) STRICT;

        CREATE TABLE cluster_tie (
            dataset TEXT NOT NULL,
            cluster_id TEXT NOT NULL,
            tie TEXT NOT NULL CHECK (\(isCode("tie", Tie.self))),
            PRIMARY KEY (dataset, cluster_id, tie),
            FOREIGN KEY (dataset, cluster_id) REFERENCES cluster(dataset, id)
        ) STRICT;

        \(observationTable("observation", keyed: false))
        \(observationIndexes)
        CREATE INDEX cluster_by_source ON cluster (source_dataset, source_id);
        """

    /// The observation table, under `name`; `keyed` gives it the second
    /// migration's series key and codes, and its one-comparison amount check.
    /// Shared by both migrations so that the table the second one builds is
    /// the first one's, column for column, plus those.
    private static func observationTable(_ name: String, keyed: Bool) -> String {
        """
        -- One figure: a takedown count (side 'online') or an offline figure.
        -- Dates are ISO text; start_day and end_day are the same dates as day
        -- numbers since 1970-01-01, for fast window arithmetic.
        CREATE TABLE \(name) (
            dataset TEXT NOT NULL REFERENCES dataset(name),
            id TEXT NOT NULL,
            side TEXT NOT NULL CHECK (\(isCode("side", Side.self))),
            scope TEXT NOT NULL CHECK (\(isCode("scope", Scope.self))),
            subject TEXT NOT NULL CHECK (subject <> ''),
            -- For scope 'cluster', the subject as a reference to the cluster row.
            cluster_dataset TEXT,
            cluster_id TEXT,
            measure TEXT NOT NULL,
            unit TEXT NOT NULL,\(keyed ? seriesColumn : "")
            window_start TEXT CHECK (window_start IS NULL OR \(isDate("window_start"))),
            start_precision TEXT CHECK (\(isCode("start_precision", DatePrecision.self))),
            window_end TEXT NOT NULL CHECK (\(isDate("window_end"))),
            end_precision TEXT NOT NULL CHECK (\(isCode("end_precision", DatePrecision.self))),
            start_day INTEGER,
            end_day INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (\(isCode("kind", FigureKind.self))),
            value ANY CHECK (\(isAmount("value", keyed: keyed))),
            low ANY CHECK (\(isAmount("low", keyed: keyed))),
            high ANY CHECK (\(isAmount("high", keyed: keyed))),
            qualifier TEXT NOT NULL CHECK (\(isCode("qualifier", Qualifier.self))),
            source_dataset TEXT NOT NULL,
            source_id TEXT NOT NULL,
            supersedes_dataset TEXT,
            supersedes_id TEXT,
            notes TEXT NOT NULL,
            line INTEGER,
            extra TEXT,
            PRIMARY KEY (dataset, id),
            FOREIGN KEY (measure, unit) REFERENCES measure(name, unit),
            FOREIGN KEY (source_dataset, source_id) REFERENCES source(dataset, id),
            FOREIGN KEY (supersedes_dataset, supersedes_id) REFERENCES observation(dataset, id),
            FOREIGN KEY (cluster_dataset, cluster_id) REFERENCES cluster(dataset, id),\(keyed ? seriesKey : "")
            CHECK ((scope = 'cluster') = (cluster_id IS NOT NULL)),
            CHECK (cluster_id IS NULL OR subject = cluster_dataset || ':' || cluster_id),
            CHECK ((window_start IS NULL) = (start_precision IS NULL)),
            CHECK ((window_start IS NULL) = (start_day IS NULL)),
            CHECK (kind = 'stock' OR window_start IS NOT NULL),
            CHECK (scope <> 'platform' OR \(isCode("subject", Platform.self))),
            CHECK (scope <> 'world' OR subject = 'world'),
            CHECK (scope <> 'country' OR (length(subject) = 2 AND subject = upper(subject))),
            CHECK (start_day IS NULL OR start_day <= end_day),
            CHECK (value IS NOT NULL OR qualifier = 'range'),
            CHECK (low IS NULL OR value IS NULL OR low <= value),
            CHECK (value IS NULL OR high IS NULL OR value <= high),
            CHECK (low IS NULL OR high IS NULL OR low <= high),
            CHECK (unit = 'percent' OR (coalesce(value, 0) >= 0 AND coalesce(low, 0) >= 0 AND coalesce(high, 0) >= 0))
        ) STRICT;
        """
    }

    /// The observation's series as a number: `series` names the row of the
    /// `series` table that holds the same side, scope, subject, measure and
    /// unit. The text columns stay, for people reading the store; the foreign
    /// key makes SQLite refuse a key that disagrees with them. `codes` is the
    /// kind, qualifier and precisions as one number, computed by SQLite (see
    /// `FigureCodes`). The statistics read two numbers instead of eight text
    /// columns per row.
    private static var seriesColumn: String {
        """

            -- The row of table series with the same side, scope, subject, measure and unit.
            series INTEGER NOT NULL,
            -- kind, qualifier, start_precision and end_precision as one number, 4 bits each
            -- from the lowest: each code's place in the codebook (15: no start).
            codes INTEGER NOT NULL GENERATED ALWAYS AS (\(FigureCodes.expression)) STORED,
        """
    }
    private static let seriesKey = """

            FOREIGN KEY (series, side, scope, subject, measure, unit)
                REFERENCES series(key, side, scope, subject, measure, unit),
        """

    /// Adds table `series` (each distinct side, scope, subject, measure and
    /// unit, numbered) and rebuilds table `observation` with its series key and
    /// codes, keeping every row and its row id (SQLite cannot add a table
    /// constraint to a table, so it is rebuilt, as SQLite's documentation describes).
    /// Series rows are never deleted: one that no figure uses any more costs
    /// a row, and the statistics never count it (they number only the series
    /// their figures name). With foreign keys off (the `sqlite3` shell's
    /// default), the trigger still refuses an edit that would make a figure's
    /// key and text disagree; signalgap always writes with foreign keys on.
    static let keySeries = """
        CREATE TABLE series (
            key INTEGER PRIMARY KEY,
            side TEXT NOT NULL,
            scope TEXT NOT NULL,
            subject TEXT NOT NULL,
            measure TEXT NOT NULL,
            unit TEXT NOT NULL,
            UNIQUE (side, scope, subject, measure, unit),
            -- What the observations' foreign key refers to.
            UNIQUE (key, side, scope, subject, measure, unit)
        ) STRICT;
        INSERT INTO series (side, scope, subject, measure, unit)
            SELECT DISTINCT side, scope, subject, measure, unit FROM observation
            ORDER BY side, scope, subject, measure, unit;

        \(observationTable("observation_keyed", keyed: true))
        INSERT INTO observation_keyed (
            rowid, dataset, id, side, scope, subject, cluster_dataset, cluster_id, measure, unit, series,
            window_start, start_precision, window_end, end_precision, start_day, end_day, kind, value, low, high,
            qualifier, source_dataset, source_id, supersedes_dataset, supersedes_id, notes, line, extra)
        SELECT o.rowid, o.dataset, o.id, o.side, o.scope, o.subject, o.cluster_dataset, o.cluster_id, o.measure,
            o.unit, s.key, o.window_start, o.start_precision, o.window_end, o.end_precision, o.start_day,
            o.end_day, o.kind, o.value, o.low, o.high, o.qualifier, o.source_dataset, o.source_id,
            o.supersedes_dataset, o.supersedes_id, o.notes, o.line, o.extra
        FROM observation o
        JOIN series s ON s.side = o.side AND s.scope = o.scope AND s.subject = o.subject
            AND s.measure = o.measure AND s.unit = o.unit
        ORDER BY o.rowid;
        DROP TABLE observation;
        ALTER TABLE observation_keyed RENAME TO observation;
        \(observationIndexes)
        CREATE TRIGGER observation_series_agrees
        BEFORE UPDATE OF side, scope, subject, measure, unit, series ON observation
        WHEN NOT EXISTS (
            SELECT 1 FROM series WHERE key = NEW.series AND side = NEW.side AND scope = NEW.scope
                AND subject = NEW.subject AND measure = NEW.measure AND unit = NEW.unit)
        BEGIN
            SELECT RAISE(ABORT, 'observation.series must name the row of table series with the same side, scope, subject, measure and unit');
        END;
        """

    private static let observationIndexes = """
        -- Few figures supersede another or concern a cluster: partial indexes keep
        -- the foreign-key look-ups fast without costing the bulk of the rows.
        CREATE INDEX observation_by_superseded ON observation (supersedes_dataset, supersedes_id)
            WHERE supersedes_id IS NOT NULL;
        CREATE INDEX observation_by_cluster ON observation (cluster_dataset, cluster_id)
            WHERE cluster_id IS NOT NULL;
        """

    /// The codebook tables mirror the code's codebook; refreshed on every open
    /// so that a newer build's codes are known (codes are only ever added).
    static func needsCodebookSync(_ db: Database) throws -> Bool {
        let measures = try Int.fetchOne(db, sql: "SELECT count(*) FROM measure") ?? 0
        let countries = try Int.fetchOne(db, sql: "SELECT count(*) FROM country") ?? 0
        return measures != Codebook.measures.count || countries != Country.names.count
    }

    static func syncCodebook(_ db: Database) throws {
        for measure in Codebook.measures {
            try db.execute(
                sql: """
                    INSERT INTO measure (name, unit, side, phrase) VALUES (?, ?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET phrase = excluded.phrase
                    """,
                arguments: [measure.name, measure.unit.rawValue, measure.side.rawValue, measure.phrase])
        }
        for (code, name) in Country.names.sorted(by: { $0.key < $1.key }) {
            try db.execute(
                sql: "INSERT INTO country (code, name) VALUES (?, ?) ON CONFLICT (code) DO NOTHING",
                arguments: [code, name])
        }
    }
}
