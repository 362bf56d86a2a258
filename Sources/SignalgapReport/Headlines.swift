import SignalgapModel
import SignalgapStatistics

/// The headline findings: sentences generated from the data, qualifiers kept,
/// each figure with its footnote.
enum Headlines {
    static func make(_ context: ReportContext, citations: inout Citations) -> [String] {
        var lines: [String] = []
        lines += online(context, citations: &citations)
        lines += world(context, citations: &citations)
        lines += clusters(context, citations: &citations)
        lines += comparison(context, citations: &citations)
        lines += checks(context)
        return lines
    }

    /// Rows of one series (online: platform, measure, unit), in row order.
    private static func rowsBySeries(_ context: ReportContext, where include: (SeriesKey) -> Bool)
        -> [(SeriesKey, [Int])]
    {
        let input = context.input
        // Indexed by series and by row, so that no row is hashed.
        var rows = [[Int]](repeating: [], count: input.series.count)
        let wanted = input.series.map(include)
        var superseded = [Bool](repeating: false, count: input.rows.count)
        for row in input.supersededBy.keys { superseded[Int(row)] = true }
        for index in input.rows.indices where wanted[Int(input.rows[index].series)] {
            if superseded[index] || !context.touchesRange(row: index) { continue }
            rows[Int(input.rows[index].series)].append(index)
        }
        // The series with the most figures first: the main disclosures lead.
        return rows.indices.filter { !rows[$0].isEmpty }.map { (input.series[$0], rows[$0]) }.sorted {
            $0.1.count != $1.1.count ? $0.1.count > $1.1.count : $0.0 < $1.0
        }
    }

    private static func byWindow(_ context: ReportContext) -> (Int, Int) -> Bool {
        let input = context.input
        return { lhs, rhs in
            let left = input.rows[lhs]
            let right = input.rows[rhs]
            let leftStart = left.hasStart ? left.start : left.end
            let rightStart = right.hasStart ? right.start : right.end
            if leftStart != rightStart { return leftStart < rightStart }
            if left.end != right.end { return left.end < right.end }
            let leftReference = input.references[lhs]
            let rightReference = input.references[rhs]
            if leftReference.dataset != rightReference.dataset { return leftReference.dataset < rightReference.dataset }
            return leftReference.id < rightReference.id
        }
    }

    /// Online series given headlines (those with the most figures); the rest are in the tables.
    static let onlineSeriesLimit = 6
    /// World measures given headlines.
    static let worldMeasureLimit = 4

    static func online(_ context: ReportContext, citations: inout Citations) -> [String] {
        let input = context.input
        var lines: [String] = []
        let all = rowsBySeries(context, where: { $0.side == .online && $0.unit.isCount })
        for (key, rows) in all.prefix(onlineSeriesLimit) {
            let ordered = rows.sorted(by: byWindow(context))
            // The earliest counted disclosure.
            if let first = ordered.first(where: { row in
                if case .counted = context.use(ofRow: row) { return true }
                if case .merged = context.use(ofRow: row) { return true }
                return false
            }) {
                let figure = CitedFigure(row: first, in: input)
                lines.append(
                    Wording.sentence(figure, context: context) + "." + citations.cite(figure.sourceReference))
            }
            // The latest running total (latest end, then the longest window).
            let stocks = ordered.filter { input.rows[$0].flags.contains(.isStock) }
            if let latest = stocks.max(by: { lhs, rhs in
                let left = input.rows[lhs]
                let right = input.rows[rhs]
                if left.end != right.end { return left.end < right.end }
                return (left.dayCount ?? 0) < (right.dayCount ?? 0)
            }) {
                let figure = CitedFigure(row: latest, in: input)
                lines.append(
                    Wording.runningTotal(figure, context: context) + "." + citations.cite(figure.sourceReference))
            }
            // The counted total over the quarters reported, when more than one figure makes it.
            let id = SeriesID(totalOf: key)
            let countedCount = ordered.filter { row in
                switch context.use(ofRow: row) {
                case .counted, .merged: true
                case .setAside, .notSummed: false
                }
            }.count
            if countedCount > 1, let series = (context.online).first(where: { SeriesID($0) == id }),
                let first = series.quarters.first, let last = series.quarters.last
            {
                let total = Estimate.sum(series.quarters.map(\.total))
                let apportioned = Estimate.sum(series.quarters.map(\.apportioned))
                var sentence =
                    "Counted quarter by quarter without double counting, \(ReportContext.platformName(key.subject))'s "
                    + "figures come to \(NumberText.words(total, unit: key.unit)) "
                    + "\(ReportContext.phrase(key.measure)) over \(Wording.span(first.quarter, last.quarter)) "
                    + "(\(Wording.plural(series.quarters.count, "quarter")) with data)"
                if apportioned == total {
                    sentence += "; all of it is apportioned by days from windows that span several quarters"
                } else if apportioned != .zero {
                    sentence +=
                        "; \(NumberText.words(apportioned, unit: key.unit)) of it is apportioned by days from "
                        + "windows that span several quarters"
                }
                let sources = series.quarters.flatMap { context.sources(quarter: $0.quarter, series: id) }
                lines.append(sentence + "." + citations.cite(sources, limit: 4))
            }
        }
        if all.count > onlineSeriesLimit {
            lines.append(
                "\(Wording.plural(all.count - onlineSeriesLimit, "more online series", "more online series")) "
                    + "with fewer figures \(all.count - onlineSeriesLimit == 1 ? "is" : "are") in the tables below.")
        }
        return lines
    }

    static func world(_ context: ReportContext, citations: inout Citations) -> [String] {
        let input = context.input
        var lines: [String] = []
        for (_, rows) in rowsBySeries(context, where: { $0.side == .offline && $0.scope == .world && $0.unit.isCount })
            .prefix(worldMeasureLimit)
        {
            let stocks = rows.filter { input.rows[$0].flags.contains(.isStock) }
            guard let latest = stocks.map({ input.rows[$0].end }).max() else { continue }
            let figures = stocks.filter { input.rows[$0].end == latest }.sorted(by: byWindow(context)).map {
                CitedFigure(row: $0, in: input)
            }
            guard let first = figures.first else { continue }
            var sentence = Wording.capitalised(Wording.sentence(first, context: context))
            if figures.count == 1 {
                lines.append(sentence + "." + citations.cite(first.sourceReference))
                continue
            }
            sentence += citations.cite(first.sourceReference)
            for other in figures.dropFirst() {
                sentence +=
                    "; another source gives \(NumberText.words(other.estimate, unit: other.unit))"
                    + citations.cite(other.sourceReference)
            }
            lines.append(sentence + ".")
        }
        return lines
    }

    static func clusters(_ context: ReportContext, citations: inout Citations) -> [String] {
        let summary = context.metrics.clusters
        guard !summary.profiles.isEmpty else { return [] }
        let phrase = ReportContext.phrase(summary.recruitMeasure)
        var lines: [String] = []
        var sentence = "\(Wording.plural(summary.profiles.count, "cluster")) are recorded"
        if summary.clustersWithRecruitCount > 0 {
            sentence +=
                "; \(NumberText.count(summary.clustersWithRecruitCount)) have a count of \(phrase), together "
                + NumberText.words(summary.totalRecruits, unit: .people)
        } else {
            sentence += "; none has a count of \(phrase)"
        }
        lines.append(sentence + ".")
        lines.append(thesisSentence(context))
        // Only when the share is bounded at all: open-ended counts can leave it anywhere in 0–100%.
        if let largest = summary.largestCluster, let share = largest.share, let reference = largest.largest.first,
            (share.low ?? 0) > 0 || (share.high ?? 1) < 1
        {
            let name = Markdown.text(context.subjectName(scope: .cluster, subject: reference.description))
            lines.append(
                "The largest cluster, \(name), accounts for \(NumberText.words(share, scale: 100, suffix: "%")) of the "
                    + "\(phrase) of all clusters with a count.")
        }
        return lines
    }

    /// "Of the 4 clusters whose online role is known, 4 relied on it not at all or only in a minor way, …"
    static func thesisSentence(_ context: ReportContext) -> String {
        let thesis = context.metrics.clusters.thesis
        let phrase = thesis.recruitPhrase
        guard thesis.clustersWithKnownRole > 0 else {
            return "No cluster's online role is known, so the founding analysis's thesis (that mobilisation runs "
                + "through offline ties) cannot be put to the numbers yet."
        }
        var text =
            "Of the \(Wording.plural(thesis.clustersWithKnownRole, "cluster")) whose online role is known, "
            + "\(NumberText.count(thesis.clustersRelyingLittle)) relied on it not at all or only in a minor way"
        if let share = thesis.share {
            text +=
                ", accounting for \(NumberText.words(share, scale: 100, suffix: "%")) of their \(phrase) "
                + "(\(NumberText.words(thesis.recruits, unit: .people)) of "
                + "\(NumberText.words(thesis.recruitsOfKnownRole, unit: .people)))"
        }
        if thesis.clustersWithoutRecruitCount > 0 {
            let verb = thesis.clustersWithoutRecruitCount == 1 ? "has" : "have"
            text +=
                "; \(NumberText.count(thesis.clustersWithoutRecruitCount)) of the "
                + "\(NumberText.count(thesis.clustersWithKnownRole)) \(verb) no count of \(phrase)"
        }
        return text + "."
    }

    static func comparison(_ context: ReportContext, citations: inout Citations) -> [String] {
        var lines: [String] = []
        let ratios = ReportSelection.ratios(context).compactMap { ratio in
            ReportSelection.overall(ratio, context: context).map { (ratio, $0) }
        }
        if let (ratio, overall) = ratios.max(by: { lhs, rhs in
            if lhs.1.quarterCount != rhs.1.quarterCount { return lhs.1.quarterCount < rhs.1.quarterCount }
            return lhs.0.name > rhs.0.name
        }), let value = overall.ratio {
            let names =
                "(\(Markdown.text(SummaryDocument.displayName(ratio.online, context))) against "
                + "\(Markdown.text(SummaryDocument.displayName(ratio.offline, context))))"
            let opening =
                "Over the \(Wording.plural(overall.quarterCount, "quarter")) where both have data "
                + "(\(Wording.span(overall.from, overall.to)))"
            if value.high == nil, (value.low ?? 0) == 0, let point = value.value {
                lines.append(
                    "\(opening), the point values give \(NumberText.symbol(RatioEstimate(low: point, value: point, high: point, qualifier: .exact))) "
                        + "\(Markdown.text(ratio.name)) \(names); with the qualifiers kept, the ratio has no bounds "
                        + "(both sides are open-ended or lower bounds), so it is an order of magnitude only.")
            } else {
                lines.append(
                    "\(opening), there were \(NumberText.words(value)) \(Markdown.text(ratio.name)) \(names).")
            }
        } else if !context.online.isEmpty && !context.offline.isEmpty {
            lines.append("No quarter has both an online and an offline total, so no ratio can be formed.")
        }
        let associations = context.metrics.comparison.associations
        if !associations.isEmpty {
            let results = associations.flatMap { association in association.lags.map { (association, $0) } }
            let values = results.filter { $0.1.result.correlation != nil }
            if values.isEmpty {
                let largest = results.map(\.1.result.n).max() ?? 0
                lines.append(
                    "No association over time can be estimated yet: the most quarters any online and offline "
                        + "series share, at any lag from −4 to +4, is n = \(largest), and a rank correlation needs "
                        + "≥ \(RankCorrelation.minimumPairs).")
            } else {
                lines.append(
                    "\(Wording.plural(values.count, "lagged correlation")) of \(NumberText.count(results.count)) "
                        + "have enough quarters (≥ \(RankCorrelation.minimumPairs)) to be estimated; see "
                        + "[Association over time](#association-over-time).")
            }
        }
        return lines
    }

    static func checks(_ context: ReportContext) -> [String] {
        var lines: [String] = []
        let checks = context.metrics.reconciliations.filter { context.touchesRange($0.stock.window) }
        for check in checks.prefix(3) {
            let unit = check.stock.unit
            let parts = check.parts.map { NumberText.symbol($0.estimate, unit: unit) }.joined(separator: " + ")
            let stock = NumberText.symbol(check.stock.estimate, unit: unit)
            let who = Markdown.text(context.subjectName(scope: check.stock.scope, subject: check.stock.subject))
            switch check.status {
            case .reconciles:
                lines.append(
                    "\(who)'s running total to \(DateText.end(check.stock.window.end)) reconciles: \(parts) = \(stock)."
                )
            case .consistent:
                lines.append(
                    "\(who)'s running total to \(DateText.end(check.stock.window.end)) is consistent with its parts "
                        + "within their ranges: \(parts) against \(stock).")
            case .differs:
                lines.append(
                    "\(who)'s running total to \(DateText.end(check.stock.window.end)) differs from its parts by "
                        + "\(NumberText.symbol(check.difference, unit: unit)): \(parts) against \(stock).")
            }
        }
        if checks.count > 3 {
            lines.append("\(NumberText.count(checks.count - 3)) more reconciliation checks are listed below.")
        }
        let disagreements = ReportSelection.disagreements(context)
        if !disagreements.isEmpty {
            lines.append(
                "\(Wording.plural(disagreements.count, "set", "sets")) of figures \(disagreements.count == 1 ? "disagrees" : "disagree") between or within sources; "
                    + "all are kept and shown side by side, and statistics use the range from the lowest low to the "
                    + "highest high.")
        }
        if !context.setAside.isEmpty {
            lines.append(
                "\(Wording.plural(context.setAside.count, "overlapping or restated figure")) "
                    + "\(context.setAside.count == 1 ? "was" : "were") set aside so that nothing is counted twice.")
        }
        return lines
    }
}
