import Foundation
import SignalgapModel
import SignalgapStatistics

/// Renders the report: Markdown for readers, CSV with a Frictionless
/// `datapackage.json` for analysts, SVG charts. Pure: values in, files out
/// (returned, or handed over one by one as they are made), byte-identical
/// for the same input (stable ordering everywhere, no clock).
///
/// Files, relative to the output folder:
/// - `README.md`: the summary (headlines, tables, methods, provenance);
/// - `quarters/YYYYQN.md`: one per quarter with data;
/// - `csv/NAME.csv` and `datapackage.json`: every table as data;
/// - `charts/quarterly.svg`, `charts/composition.svg`.
///
/// Cost: O(figures × quarters each touches) for the per-quarter listings, plus
/// the size of the output; Markdown tables are cut at a fixed number of rows
/// (the CSV files hold every row).
public enum ReportGenerator {
    /// Every file of the report, sorted by path.
    public static func make(_ request: ReportRequest) -> [ReportFile] {
        let collected = Collected()
        render(request, deliver: collected.append)
        return collected.files.sorted { $0.path < $1.path }
    }

    /// Renders the report, handing each file to `deliver` as soon as it is
    /// made, so that it can be written and freed while the others are rendered
    /// (`ReportFile.Writer`). `deliver` is called from several threads at once,
    /// in no particular order; every path is delivered once.
    public static func render(_ request: ReportRequest, deliver: @Sendable (ReportFile) -> Void) {
        let context = ReportContext(request)
        // Everything below only reads the context, so once its caches are
        // filled the documents, tables and charts are rendered on every core.
        context.prepareForConcurrentReading()
        let quarters = context.reportQuarters
        let makers = ReportTables.makers
        let charts: [(path: String, make: (ReportContext) -> [UInt8])] = [
            ("charts/quarterly.svg", Charts.quarterly), ("charts/composition.svg", Charts.composition),
        ]
        // The largest pieces (charts, tables) first, so that the many small
        // quarter reports fill in around them and no core waits at the end.
        // Each table's rows are CSV text from the start (see DataTable); only
        // its schema is kept, for the summary and the data package, which come
        // last: they wait for the tables, all long begun by then (the pieces
        // are taken in order), while the other core ends the quarter reports.
        let tables = MadeTables(count: makers.count)
        _ = Concurrently.map(charts.count + makers.count + quarters.count + 2) { index in
            if index < charts.count {
                deliver(ReportFile(path: charts[index].path, bytes: charts[index].make(context)))
                return
            }
            let table = index - charts.count
            if table < makers.count {
                var made = makers[table](context)
                deliver(ReportFile(path: made.path, bytes: made.takeCSV()))
                tables.set(made, at: table)
                return
            }
            let quarter = table - makers.count
            if quarter < quarters.count {
                deliver(
                    ReportFile(
                        path: "quarters/\(quarters[quarter]).md",
                        bytes: QuarterDocument.make(quarters[quarter], context: context)))
            } else if quarter == quarters.count {
                // The summary links the tables' CSV files; the data package describes them.
                deliver(ReportFile(path: "README.md", bytes: SummaryDocument.make(context, tables: tables.all())))
            } else {
                deliver(ReportFile(path: "datapackage.json", contents: dataPackage(context, tables: tables.all())))
            }
        }
        // Every quarter's listed figures are in the context: freeing them took a
        // twentieth of the benchmark report's time, so another thread does it.
        Concurrently.release(consume context)
    }

    /// The report's tables as they are made, from any thread; `all()` waits
    /// for every one.
    private final class MadeTables: @unchecked Sendable {
        private let lock = NSLock()
        private let done = DispatchGroup()
        private var tables: [DataTable?]

        init(count: Int) {
            tables = Array(repeating: nil, count: count)
            for _ in 0..<count { done.enter() }
        }

        func set(_ table: DataTable, at index: Int) {
            lock.lock()
            tables[index] = table
            lock.unlock()
            done.leave()
        }

        /// Every table, in the makers' order, once each is made.
        func all() -> [DataTable] {
            done.wait()
            lock.lock()
            defer { lock.unlock() }
            return tables.compactMap { $0 }
        }
    }

    /// The files delivered by `render`, from any thread.
    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var delivered: [ReportFile] = []

        func append(_ file: ReportFile) {
            lock.lock()
            delivered.append(file)
            lock.unlock()
        }

        var files: [ReportFile] {
            lock.lock()
            defer { lock.unlock() }
            return delivered
        }
    }

    static func dataPackage(_ context: ReportContext, tables: [DataTable]) -> String {
        var members: [(String, JSONValue)] = [
            ("profile", .string("tabular-data-package")),
            ("name", .string("signalgap-report")),
            ("title", .string("signalgap report: online and offline signals, quarter by quarter")),
            (
                "description",
                .string(
                    "The tables of the signalgap report as CSV (RFC 4180, UTF-8). Estimates are four columns: "
                        + "_low, _value, _high (empty when unbounded) and _qualifier. Text cells that begin with =, "
                        + "+, -, @, a tab or a carriage return carry a leading single quote against formula injection.")
            ),
        ]
        if let date = context.request.date { members.append(("created", .string(date.iso + "T00:00:00Z"))) }
        members.append(
            (
                "sources",
                .array(
                    context.request.datasets.sorted { $0.name < $1.name }.map { dataset in
                        .object([
                            ("title", .string("\(dataset.name): \(dataset.title)")),
                            ("sha256", .string(dataset.contentHash)),
                        ])
                    })
            ))
        members.append(
            (
                "contributors",
                .array([
                    .object([("title", .string("signalgap \(context.request.version)")), ("role", .string("author"))])
                ])
            ))
        members.append(("resources", .array(tables.map { $0.resource() })))
        return JSONValue.object(members).text()
    }
}
