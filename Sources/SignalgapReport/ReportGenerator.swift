import SignalgapModel
import SignalgapStatistics

/// Renders the report: Markdown for readers, CSV with a Frictionless
/// `datapackage.json` for analysts, SVG charts. Pure: values in, files out,
/// byte-identical for the same input (stable ordering everywhere, no clock).
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
    public static func make(_ request: ReportRequest) -> [ReportFile] {
        let context = ReportContext(request)
        // Everything below only reads the context, so once its caches are
        // filled the documents, tables and charts are rendered on every core.
        context.prepareForConcurrentReading()
        let quarters = context.reportQuarters
        let makers = ReportTables.makers
        let charts: [(path: String, make: (ReportContext) -> String)] = [
            ("charts/quarterly.svg", Charts.quarterly), ("charts/composition.svg", Charts.composition),
        ]
        // The largest pieces (charts, tables) first, so that the many small
        // quarter reports fill in around them and no core waits at the end.
        // Each table's rows are CSV text from the start (see DataTable).
        let parts = Concurrently.map(charts.count + makers.count + quarters.count) { index -> RenderedPart in
            if index < charts.count { return .text(charts[index].make(context)) }
            let table = index - charts.count
            if table < makers.count {
                var made = makers[table](context)
                let csv = made.takeCSV()
                return .table(made, csv: csv)
            }
            return .text(QuarterDocument.make(quarters[table - makers.count], context: context))
        }
        let tables = parts.compactMap(\.table)
        let texts = parts.compactMap(\.text)
        // The summary links the tables' CSV files; the data package describes them.
        let described = tables.map(\.table)
        let summaryAndPackage = Concurrently.map(2) { index in
            index == 0 ? SummaryDocument.make(context, tables: described) : dataPackage(context, tables: described)
        }
        var files = [ReportFile(path: "README.md", contents: summaryAndPackage[0])]
        for (index, chart) in charts.enumerated() {
            files.append(ReportFile(path: chart.path, contents: texts[index]))
        }
        for (index, quarter) in quarters.enumerated() {
            files.append(ReportFile(path: "quarters/\(quarter).md", contents: texts[charts.count + index]))
        }
        for (table, csv) in tables {
            files.append(ReportFile(path: table.path, contents: csv))
        }
        files.append(ReportFile(path: "datapackage.json", contents: summaryAndPackage[1]))
        return files.sorted { $0.path < $1.path }
    }

    private enum RenderedPart {
        /// A table and its CSV text.
        case table(DataTable, csv: String)
        case text(String)

        var table: (table: DataTable, csv: String)? {
            if case .table(let table, let csv) = self { return (table, csv) }
            return nil
        }

        var text: String? {
            if case .text(let text) = self { return text }
            return nil
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
