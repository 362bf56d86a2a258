import SignalgapModel
import SignalgapStatistics

/// `quarters/2016Q1.md`: what was disclosed and recorded in one quarter, how
/// its totals changed, and which of them are apportioned estimates.
struct QuarterDocument: MarkdownDocument {
    let context: ReportContext
    let quarter: Quarter
    var citations: Citations
    var body: [UInt8] = []

    init(
        context: ReportContext, quarter: Quarter, citations: Citations,
        series: [(series: ReportContext.ReportSeries, total: QuarterTotal)]
    ) {
        self.context = context
        self.quarter = quarter
        self.citations = citations
        self.series = series
    }

    static func make(_ quarter: Quarter, context: ReportContext) -> [UInt8] {
        var document = QuarterDocument(
            context: context, quarter: quarter, citations: Citations(context: context),
            series: context.reportSeries.compactMap { item in
                context.total(item.series, in: quarter).map { (item, $0) }
            })
        document.header()
        document.totals()
        document.figures()
        document.apportioned()
        document.ratios()
        document.levels()
        document.notes()
        document.footer()
        return document.finish()
    }

    /// The listings' headers, made once for every quarter report.
    static let flowHeader = MarkdownTable.Header(
        ["Figure", "Subject", "Window", "As stated", "Days in quarter", "Share", "Use"], rightAligned: [3, 4, 5])
    static let levelHeader = MarkdownTable.Header(
        ["Figure", "Subject", "Measure", "Window", "As stated", "Kind"], rightAligned: [4])

    /// The quarterly series with a total in this quarter, in report order, with that total.
    let series: [(series: ReportContext.ReportSeries, total: QuarterTotal)]

    mutating func header() {
        var navigation = ["[Summary](../README.md)"]
        if let index = context.reportQuarters.firstIndex(of: quarter) {
            if index > 0 {
                let previous = context.reportQuarters[index - 1]
                navigation.append("[← \(previous)](\(previous).md)")
            }
            if index + 1 < context.reportQuarters.count {
                let next = context.reportQuarters[index + 1]
                navigation.append("[\(next) →](\(next).md)")
            }
        }
        add(
            """
            # \(quarter): \(DateText.quarterSpan(quarter))

            \(navigation.joined(separator: " · "))

            What was disclosed (online) and recorded (offline) for this quarter, how each total changed from the \
            previous quarter and from the same quarter a year earlier, and which totals are apportioned estimates \
            (†) rather than figures reported for exactly this quarter. Every figure carries a footnote to its source.
            """)
    }

    func change(_ change: Change?, unit: Unit, earlier: Quarter) -> String {
        guard let change else { return "no total in \(earlier)" }
        var text = NumberText.symbol(change.difference, unit: unit)
        if let first = text.first, first.isNumber, change.difference.low.map({ $0 > .zero }) ?? false {
            text = "+" + text
        }
        if let percent = change.percent { text += " (\(NumberText.change(percent)))" }
        return text
    }

    mutating func totals() {
        let series = self.series
        guard !series.isEmpty else {
            add(
                "## Totals\n\nNo flow is counted in this quarter, so there is no quarterly total. The figures dated "
                    + "in it are listed below.")
            return
        }
        var rows: [[String]] = []
        for (item, total) in series {
            let unit = item.series.unit
            rows.append([
                item.markdownName,
                NumberText.symbol(total.total, unit: unit) + (total.isEstimated ? " †" : "")
                    + citations.cite(context.sources(quarter: quarter, series: item.id)),
                total.isEstimated ? NumberText.symbol(total.apportioned, unit: unit) : "none",
                "\(NumberText.count(total.observationCount)) / \(NumberText.count(total.sourceCount))",
                change(total.quarterOnQuarter, unit: unit, earlier: quarter.previous),
                change(total.yearOnYear, unit: unit, earlier: quarter.yearEarlier),
            ])
        }
        add(
            "## Totals\n\n",
            table: [
                "Series", "Total", "Apportioned part", "Figures / sources", "Change on \(quarter.previous)",
                "Change on \(quarter.yearEarlier)",
            ], rightAligned: [1, 2, 3, 4, 5], rows: rows)
    }

    func useText(_ entry: QuarterEntry) -> String {
        switch entry.use {
        case .counted: return entry.isApportioned ? "counted, apportioned" : "counted"
        case .merged(let disagreement):
            return "counted once with \(Wording.plural(disagreement.figures.count - 1, "disagreeing figure")) as "
                + NumberText.symbol(disagreement.combined, unit: disagreement.unit)
        case .setAside(let figure): return "set aside: " + Markdown.text(figure.explanation)
        case .notSummed(let reason): return "not summed: " + reason.explanation
        }
    }

    mutating func figures() {
        let entries = context.entries(quarter).all.filter(\.isFlow)
        var block = "## What was disclosed and recorded\n\n"
        guard !entries.isEmpty else {
            add(block + "No flow (a count within a window) touches this quarter.")
            return
        }
        let listing = context.entries(quarter)
        let groups = listing.flowGroups
        let listed = Set(groups.map(\.series))
        let unlisted = listing.flowCounts.filter { id, _ in !listed.contains(id) }
        if !unlisted.isEmpty {
            let count = unlisted.values.reduce(0, +)
            block +=
                "\n\(Wording.plural(unlisted.count, "more series", "more series")) with \(Wording.plural(count, "figure")) in this quarter "
                + "\(unlisted.count == 1 ? "is" : "are") not listed; their totals are in the table above.\n"
        }
        block +=
            "Every flow whose window touches the quarter (at most \(QuarterEntries.flowLimit) per series and "
            + "\(QuarterEntries.quarterFlowLimit) in all, counted ones first), with the days of its window inside the quarter and its share of this quarter (the share it "
            + "would have had, for a figure set aside). All quarters: "
            + "[csv/quarter_figures.csv](../csv/quarter_figures.csv).\n"
        add(block)
        for (id, members) in groups where !members.isEmpty {
            var table = startTable("### \(Markdown.text(ReportContext.seriesName(id)))\n\n", Self.flowHeader)
            for entry in members {
                let figure = entry.figure
                table.referenceCell(figure.reference)
                table.textCell(context.subjectName(scope: figure.scope, subject: figure.subject))
                // Date words hold no Markdown punctuation: nothing to escape.
                table.cell { DateText.appendCompact(figure.window, to: &$0) }
                table.cell { bytes in
                    NumberText.appendSymbol(figure.estimate, unit: figure.unit, to: &bytes)
                    bytes += citations.cite(figure.sourceReference).utf8
                }
                table.cell { bytes in
                    if let days = entry.daysInQuarter { NumberText.appendCount(days, to: &bytes) }
                    bytes += " of ".utf8
                    if let days = figure.window.dayCount { NumberText.appendCount(days, to: &bytes) }
                }
                table.cell { bytes in
                    if let share = entry.share { NumberText.appendSymbol(share, unit: figure.unit, to: &bytes) }
                }
                table.cell(useText(entry))
                table.endRow()
            }
            var more = ""
            let total = listing.flowCounts[id] ?? members.count
            if total > members.count {
                more =
                    "\n\(NumberText.count(total - members.count)) more figures are not listed; "
                    + "`signalgap trace \(quarter) SUBJECT \(Markdown.text(id.measure))` lists every one.\n"
            }
            add(&table, suffix: more)
        }
    }

    mutating func apportioned() {
        var lines: [String] = []
        let listing = context.entries(quarter)
        var spanningBySeries: [SeriesID: [QuarterEntry]] = [:]
        for entry in listing.all where entry.isCounted && entry.isApportioned {
            spanningBySeries[entry.series, default: []].append(entry)
        }
        for (item, total) in series where total.isEstimated {
            let id = item.id
            let unit = item.series.unit
            let spanning = spanningBySeries[id] ?? []
            let spanningCount = listing.apportionedCounts[id] ?? spanning.count
            let named = spanning.prefix(5).map { entry in
                "\(Markdown.text(entry.figure.reference.description)) (\(entry.daysInQuarter ?? 0) of "
                    + "\(entry.figure.window.dayCount ?? 0) days)"
            }
            let part =
                total.apportioned == total.total
                ? "all of the total (\(NumberText.words(total.total, unit: unit)))"
                : "\(NumberText.words(total.apportioned, unit: unit)) of the total "
                    + NumberText.words(total.total, unit: unit)
            var line =
                "\(item.markdownName): \(part) is apportioned from "
                + "\(Wording.plural(spanningCount, "figure")) whose window spans several quarters"
            if !named.isEmpty {
                line += ": " + named.joined(separator: ", ") + (spanningCount > named.count ? ", …" : "")
            }
            if total.onApproximateEnd == total.total {
                line += "; all of it rests on a window end known only approximately"
            } else if total.onApproximateEnd != .zero {
                line +=
                    "; \(NumberText.words(total.onApproximateEnd, unit: unit)) rests on a window end known "
                    + "only approximately"
            }
            lines.append(line + ".")
        }
        add(
            "## Apportioned estimates\n\n"
                + (lines.isEmpty
                    ? "No total of this quarter is apportioned: each is reported for exactly this quarter.\n"
                    : lines.map { "- \($0)" }.joined(separator: "\n") + "\n"))
    }

    mutating func ratios() {
        var rows: [[String]] = []
        for (ratio, cell) in context.ratios(in: quarter) {
            rows.append([
                Markdown.text(ratio.name), Markdown.text(SummaryDocument.displayName(ratio.online, context)),
                Markdown.text(SummaryDocument.displayName(ratio.offline, context)),
                cell.ratio.map { NumberText.symbol($0) } ?? "undefined (offline total is 0)",
                cell.ratio?.value.map {
                    NumberText.symbol(RatioEstimate(low: $0, value: $0, high: $0, qualifier: .exact))
                } ?? "",
            ])
        }
        guard !rows.isEmpty else { return }
        add(
            "## Online against offline in this quarter\n\n",
            table: ["Ratio", "Online", "Offline", "Ratio", "On point values"], rightAligned: [3, 4], rows: rows)
    }

    mutating func levels() {
        let listing = context.entries(quarter)
        let entries = listing.all.filter { !$0.isFlow }
        guard !entries.isEmpty else { return }
        var table = startTable(
            "## Levels, running totals and shares dated in this quarter\n\nFigures whose window ends in this "
                + "quarter and that are never summed: levels as of a date, running totals, shares and rates.\n\n",
            Self.levelHeader)
        for entry in entries {
            let figure = entry.figure
            table.referenceCell(figure.reference)
            table.textCell(context.subjectName(scope: figure.scope, subject: figure.subject))
            table.textCell(ReportContext.phrase(figure.measure))
            // Date words hold no Markdown punctuation: nothing to escape.
            table.cell { DateText.appendCompact(figure.window, to: &$0) }
            table.cell { bytes in
                NumberText.appendSymbol(figure.estimate, unit: figure.unit, to: &bytes)
                bytes += citations.cite(figure.sourceReference).utf8
            }
            table.cell(
                figure.kind == .stock ? (figure.window.start == nil ? "level" : "running total or share") : "no start")
            table.endRow()
        }
        var more = ""
        if listing.levelCount > entries.count {
            more = "\n\(NumberText.count(listing.levelCount - entries.count)) more figures are not listed.\n"
        }
        add(&table, suffix: more)
    }

    /// The notes the datasets give for the figures listed above (the caveats an
    /// analyst needs beside a figure: what a source counts, what it leaves out).
    mutating func notes() {
        var lines: [String] = []
        var seen = Set<Reference>()
        for entry in context.entries(quarter).all {
            // Most figures have no notes: those are passed over first. (A
            // reference is listed once in a quarter: the store holds one row each.)
            let notes = context.notes(entry.figure)
            if !notes.isEmpty, seen.insert(entry.figure.reference).inserted {
                lines.append("- \(Markdown.text(entry.figure.reference.description)): \(Markdown.text(notes))")
            }
        }
        guard !lines.isEmpty else { return }
        add("## Notes on the figures listed\n\nAs the datasets give them.\n\n" + lines.joined(separator: "\n"))
    }

    mutating func footer() {
        var text = "---\n\nGenerated by signalgap \(Markdown.text(context.request.version))"
        if let date = context.request.date { text += " on \(date.iso)" }
        text += " from \(Wording.plural(context.request.datasets.count, "dataset")); their content hashes are in the "
        text += "[provenance](../README.md#provenance) of the summary."
        add(text)
    }
}
