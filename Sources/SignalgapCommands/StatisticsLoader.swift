import SignalgapModel
import SignalgapStatistics
import SignalgapStore

/// Reads the store into the statistics' compact input: one `FigureRow` per
/// observation, built from the columns without a full `Observation` (notes
/// and extra columns are not read).
enum StatisticsLoader {
    static func load(_ store: FigureStore) throws -> StatisticsInput {
        let sources = try store.allSources()
        let clusters = try store.allClusters()
        var builder = StatisticsInput.Builder(sources: sources, clusters: clusters)
        try store.scanObservations { scan in
            let key = SeriesKey(side: scan.side, scope: scan.scope, subject: scan.subject, measure: scan.measure, unit: scan.unit)
            let row = FigureRow(
                series: builder.seriesIndex(for: key), window: scan.window, kind: scan.kind, figure: scan.figure,
                source: builder.sourceIndex(of: scan.source))
            builder.append(row, reference: scan.reference, supersedes: scan.supersedes)
        }
        return builder.build()
    }
}

/// `--quarter Q` or `--from Q --to Q`, shared by stats and report.
struct QuarterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("One calendar quarter, e.g. 2016Q1.", valueName: "quarter"))
    var quarter: String?

    @Option(help: ArgumentHelp("First quarter of a range, e.g. 2015Q3.", valueName: "quarter"))
    var from: String?

    @Option(help: ArgumentHelp("Last quarter of a range, e.g. 2017Q4.", valueName: "quarter"))
    var to: String?

    func validate() throws {
        if quarter != nil && (from != nil || to != nil) {
            throw ValidationError("give either --quarter, or --from and --to, not both")
        }
        for (name, text) in [("--quarter", quarter), ("--from", from), ("--to", to)] {
            if let text, Quarter(text) == nil {
                throw ValidationError("\(name) \"\(text)\" is not a quarter; write it as 2016Q1")
            }
        }
        if let from = from.flatMap(Quarter.init), let to = to.flatMap(Quarter.init), to < from {
            throw ValidationError("--to \(to) is before --from \(from)")
        }
    }

    /// The quarters asked for; nil for every quarter with data. An open end
    /// of a range takes the earliest or latest quarter there is.
    var range: ClosedRange<Quarter>? {
        if let quarter = quarter.flatMap(Quarter.init) { return quarter...quarter }
        let lower = from.flatMap(Quarter.init)
        let upper = to.flatMap(Quarter.init)
        switch (lower, upper) {
        case let (lower?, upper?): return lower...upper
        case let (lower?, nil): return lower...Quarter(index: 9999 * 4 + 3)
        case let (nil, upper?): return Quarter(index: 4)...upper
        case (nil, nil): return nil
        }
    }
}

import ArgumentParser
