import Dispatch
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
        let tables = ReportTables.make(context)
        var files: [ReportFile] = []
        files.append(ReportFile(path: "README.md", contents: SummaryDocument.make(context, tables: tables)))
        // The quarter reports and the CSV files are independent of each other:
        // they are rendered on every core. The context's only mutable state, its
        // cache of quarter entries, is filled first, so the workers only read it.
        let quarters = context.reportQuarters
        context.prepareForConcurrentReading()
        let shared = ReadOnly(context)
        var documents = [String](repeating: "", count: quarters.count + tables.count)
        documents.withUnsafeMutableBufferPointer { buffer in
            let slots = Slots(buffer)
            DispatchQueue.concurrentPerform(iterations: buffer.count) { index in
                slots[index] =
                    index < quarters.count
                    ? QuarterDocument.make(quarters[index], context: shared.value) : tables[index - quarters.count].csv()
            }
        }
        for (index, quarter) in quarters.enumerated() {
            files.append(ReportFile(path: "quarters/\(quarter).md", contents: documents[index]))
        }
        for (index, table) in tables.enumerated() {
            files.append(ReportFile(path: table.path, contents: documents[quarters.count + index]))
        }
        files.append(ReportFile(path: "datapackage.json", contents: dataPackage(context, tables: tables)))
        files.append(ReportFile(path: "charts/quarterly.svg", contents: Charts.quarterly(context)))
        files.append(ReportFile(path: "charts/composition.svg", contents: Charts.composition(context)))
        return files.sorted { $0.path < $1.path }
    }

    /// The context, shared with the workers once `prepareForConcurrentReading`
    /// has made it read-only.
    private struct ReadOnly: @unchecked Sendable {
        let value: ReportContext
        init(_ value: ReportContext) { self.value = value }
    }

    /// Result slots that concurrent workers fill, each its own index.
    private struct Slots: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<String>
        init(_ buffer: UnsafeMutableBufferPointer<String>) { self.buffer = buffer }
        subscript(index: Int) -> String {
            get { buffer[index] }
            nonmutating set { buffer[index] = newValue }
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
