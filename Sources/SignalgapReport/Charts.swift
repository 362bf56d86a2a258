import SignalgapModel
import SignalgapStatistics

/// The report's charts as SVG: the quarterly series in aligned panels, one per
/// unit (never a dual axis), and the cluster composition as bars.
enum Charts {
    // MARK: Quarterly

    /// Panels sharing the quarter axis, one per unit. Ranges are vertical whiskers; an
    /// open-ended total ("more than") is a dashed whisker ending in an arrow; quarters
    /// whose total is partly apportioned have hollow markers.
    static func quarterly(_ context: ReportContext) -> [UInt8] {
        let series = context.online + context.offline
        var units: [Unit] = []
        for item in series where !units.contains(item.unit) { units.append(item.unit) }
        let width = 860.0
        let left = 84.0
        let right = 24.0
        let plotWidth = width - left - right
        let plotHeight = 150.0
        let title = "Quarterly totals of online and offline signals"

        guard let firstQuarter = context.totalQuarters.first, let lastQuarter = context.totalQuarters.last else {
            var svg = SVG(width: width, height: 60)
            svg.text(width / 2, 34, "No quarterly totals in the quarters reported.", size: 13, anchor: "middle")
            return svg.document(title: title, description: "No quarter has a total: there is nothing to draw.")
        }
        let quarterCount = lastQuarter.index - firstQuarter.index + 1
        let step = plotWidth / Double(quarterCount)
        func x(_ quarter: Quarter) -> Double { left + (Double(quarter.index - firstQuarter.index) + 0.5) * step }

        var svg = SVG(width: width, height: 0)
        // Each quarter of a series is a marker with its tooltip and a whisker or band: about 400 bytes.
        svg.reserve(series.reduce(0) { $0 + $1.quarters.count } * 400)
        svg.text(left, 22, title, size: 15, weight: "bold")
        // Key.
        var keyX = left
        let keyY = 42.0
        svg.circle(keyX + 4, keyY - 4, radius: 3.5, fill: "#444444", stroke: "#444444")
        svg.text(keyX + 12, keyY, "reported for the quarter", size: 10)
        keyX += 140
        svg.circle(keyX + 4, keyY - 4, radius: 3.5, fill: "#ffffff", stroke: "#444444")
        svg.text(keyX + 12, keyY, "partly apportioned (estimated)", size: 10)
        keyX += 170
        svg.line(keyX + 4, keyY - 9, keyX + 4, keyY + 1, stroke: "#444444")
        svg.text(keyX + 12, keyY, "range", size: 10)
        keyX += 50
        svg.line(keyX + 4, keyY - 6, keyX + 4, keyY + 1, stroke: "#444444", dash: "3 2")
        svg.polygon([(keyX + 1, keyY - 6), (keyX + 7, keyY - 6), (keyX + 4, keyY - 10)], fill: "#444444")
        svg.text(keyX + 12, keyY, "open-ended (more than)", size: 10)

        var top = 60.0
        var descriptions: [String] = []
        for (panelIndex, unit) in units.enumerated() {
            let members = series.filter { $0.unit == unit }
            // Panel header and legend.
            svg.text(left, top + 14, Wording.capitalised(unitName(unit)), size: 12, weight: "bold")
            var legendX = left + 90
            var legendY = top + 14
            for (index, item) in members.enumerated() {
                let style = SVG.style(index)
                let label = ReportContext.seriesName(SeriesID(item))
                let labelWidth = Double(label.count) * 6 + 34
                if legendX + labelWidth > width - right {
                    legendX = left + 90
                    legendY += 16
                }
                svg.line(
                    legendX, legendY - 4, legendX + 18, legendY - 4, stroke: style.colour, width: 2, dash: style.dash)
                svg.circle(legendX + 9, legendY - 4, radius: 3, fill: style.colour, stroke: style.colour)
                svg.text(legendX + 24, legendY, label, size: 10)
                legendX += labelWidth
            }
            let plotTop = legendY + 14
            let plotBottom = plotTop + plotHeight

            // Scale.
            var maximum = 0.0
            for item in members {
                for total in item.quarters {
                    let bounds = [total.total.low, total.total.value, total.total.high].compactMap { $0?.doubleValue }
                    maximum = max(maximum, bounds.max() ?? 0)
                }
            }
            let ticks = Self.ticks(maximum: maximum, isCount: unit.isCount)
            let scaleTop = ticks.last ?? 1
            func y(_ value: Double) -> Double { plotBottom - value / scaleTop * plotHeight }

            // Frame, grid and ticks.
            svg.rect(left, plotTop, plotWidth, plotHeight, fill: "#fafafa", stroke: "#cccccc")
            for tick in ticks {
                svg.line(left, y(tick), left + plotWidth, y(tick), stroke: "#e4e4e4")
                svg.text(left - 6, y(tick) + 4, NumberText.decimal(tick, digits: 2), size: 10, anchor: "end")
            }
            for index in 0..<quarterCount {
                let quarter = Quarter(index: firstQuarter.index + index)
                if quarter.number == 1 && index > 0 {
                    let boundary = left + Double(index) * step
                    svg.line(boundary, plotTop, boundary, plotBottom, stroke: "#e4e4e4")
                }
            }
            // Series.
            var panelDescriptions: [String] = []
            for (index, item) in members.enumerated() {
                let style = SVG.style(index)
                let name = ReportContext.seriesName(SeriesID(item))
                // "2016Q1 · Twitter: accounts suspended: ≈ 90,000", each tooltip
                // written into the chart: the name escaped once for all of them.
                var tooltipName = Array(" · ".utf8)
                SVG.appendEscaped(name, to: &tooltipName)
                tooltipName += ": ".utf8
                var symbol: [UInt8] = []
                var segment: [(Double, Double)] = []
                var previous: Quarter?
                for total in item.quarters {
                    guard
                        let point = total.total.value?.doubleValue ?? total.total.centre ?? total.total.low?.doubleValue
                    else { continue }
                    if let previous, previous.next != total.quarter {
                        svg.polyline(segment, stroke: style.colour, dash: style.dash)
                        segment = []
                    }
                    segment.append((x(total.quarter), y(point)))
                    previous = total.quarter
                }
                svg.polyline(segment, stroke: style.colour, dash: style.dash)
                for total in item.quarters {
                    let estimate = total.total
                    guard let point = estimate.value?.doubleValue ?? estimate.centre ?? estimate.low?.doubleValue
                    else { continue }
                    let cx = x(total.quarter)
                    if let low = estimate.low?.doubleValue {
                        if let high = estimate.high?.doubleValue, high != low {
                            svg.line(cx, y(low), cx, y(high), stroke: style.colour)
                            svg.line(cx - 3, y(low), cx + 3, y(low), stroke: style.colour)
                            svg.line(cx - 3, y(high), cx + 3, y(high), stroke: style.colour)
                        } else if estimate.high == nil {
                            svg.line(cx, y(low), cx, plotTop + 6, stroke: style.colour, dash: "3 2")
                            svg.polygon(
                                [(cx - 3, plotTop + 6), (cx + 3, plotTop + 6), (cx, plotTop + 1)], fill: style.colour)
                        }
                    }
                    svg.circle(
                        cx, y(point), radius: 3.5, fill: total.isEstimated ? "#ffffff" : style.colour,
                        stroke: style.colour
                    ) { bytes in
                        total.quarter.appendDescription(to: &bytes)
                        bytes += tooltipName
                        symbol.removeAll(keepingCapacity: true)
                        NumberText.appendSymbol(estimate, unit: unit, to: &symbol)
                        symbol.withUnsafeBufferPointer { SVG.appendEscaped($0, to: &bytes) }
                        if total.isEstimated { bytes += " (partly apportioned)".utf8 }
                    }
                }
                let estimated = item.quarters.filter(\.isEstimated).count
                panelDescriptions.append(
                    "\(name) (\(Wording.plural(item.quarters.count, "quarter")) with data, "
                        + "\(NumberText.count(estimated)) partly apportioned)")
            }
            descriptions.append("\(unitName(unit)): " + panelDescriptions.joined(separator: "; "))

            // Quarter axis: labelled under the last panel, ticks on every panel.
            for index in 0..<quarterCount {
                let quarter = Quarter(index: firstQuarter.index + index)
                svg.line(x(quarter), plotBottom, x(quarter), plotBottom + 4, stroke: "#888888")
            }
            top = plotBottom + 8
            if panelIndex == units.count - 1 {
                for index in 0..<quarterCount {
                    let quarter = Quarter(index: firstQuarter.index + index)
                    if quarterCount <= 12 {
                        svg.text(x(quarter), plotBottom + 17, quarter.description, size: 10, anchor: "middle")
                    } else if quarter.number == 1 {
                        svg.text(x(quarter), plotBottom + 17, String(quarter.year), size: 10, anchor: "middle")
                    } else if index == 0 && quarter.number == 2 && quarterCount > 2 {
                        // Only a first quarter far enough from the next year's label gets its own.
                        svg.text(x(quarter), plotBottom + 17, quarter.description, size: 10, anchor: "middle")
                    }
                }
                svg.text(left + plotWidth / 2, plotBottom + 34, "Calendar quarter", size: 10, anchor: "middle")
                top = plotBottom + 44
            } else {
                top += 18
            }
        }
        svg.height = top
        let description =
            "Quarterly totals from \(firstQuarter) to \(lastQuarter) in \(Wording.plural(units.count, "panel")) that "
            + "share the quarter axis, one per unit (units are never mixed on one axis). "
            + descriptions.joined(separator: ". ") + ". "
            + "Vertical whiskers show ranges; a dashed whisker ending in an arrow is open-ended (a more-than "
            + "figure); hollow markers are quarters whose total is partly apportioned by days from windows "
            + "spanning several quarters. A quarter without a marker has no figure: it is missing, not zero."
        return svg.document(title: title, description: description)
    }

    static func unitName(_ unit: Unit) -> String {
        switch unit {
        case .perMillionResidents: "per million residents"
        default: unit.rawValue
        }
    }

    /// 0 and four or five round steps up to at least `maximum`; whole steps for counts.
    static func ticks(maximum: Double, isCount: Bool) -> [Double] {
        let target = max(maximum, isCount ? 1 : 0.01) / 4
        var magnitude = 1.0
        while magnitude * 10 <= target { magnitude *= 10 }
        while magnitude > target { magnitude /= 10 }
        var step = magnitude
        for factor in [1.0, 2.0, 2.5, 5.0, 10.0] where magnitude * factor >= target {
            step = magnitude * factor
            break
        }
        if isCount { step = max(step.rounded(.up), 1) }
        var ticks = [0.0]
        while (ticks.last ?? 0) < maximum || ticks.count < 2 { ticks.append(Double(ticks.count) * step) }
        return ticks
    }

    // MARK: Composition

    /// Clusters by online role, catalyst and tie, as horizontal bars, each labelled
    /// with its recruits. Online roles none and minor are drawn in one colour:
    /// they are the clusters the founding thesis is about.
    static func composition(_ context: ReportContext) -> [UInt8] {
        let summary = context.metrics.clusters
        let phrase = ReportContext.phrase(summary.recruitMeasure)
        let dimensions: [(String, [CompositionRow])] = [
            ("Online role", summary.byOnlineRole), ("Catalyst", summary.byCatalyst), ("Ties", summary.byTie),
        ]
        let width = 860.0
        let left = 150.0
        let barWidth = 330.0
        let rowHeight = 20.0
        let maximum = max(1, dimensions.flatMap { $0.1.map(\.clusters) }.max() ?? 1)
        var svg = SVG(width: width, height: 0)
        let title = "Cluster composition: clusters by online role, catalyst and tie"
        svg.text(20, 22, title, size: 15, weight: "bold")
        svg.rect(20, 34, 12, 10, fill: "#0072B2")
        svg.text(38, 43, "online role none or minor", size: 10)
        svg.rect(190, 34, 12, 10, fill: "#D55E00")
        svg.text(208, 43, "online role supporting or central", size: 10)
        svg.rect(390, 34, 12, 10, fill: "#999999")
        svg.text(408, 43, "unknown or not coded", size: 10)
        svg.rect(530, 34, 12, 10, fill: "#56B4E9")
        svg.text(548, 43, "other codes", size: 10)
        var top = 64.0
        var descriptions: [String] = []
        for (label, rows) in dimensions {
            svg.text(20, top + 12, label, size: 12, weight: "bold")
            top += 20
            var parts: [String] = []
            for row in rows {
                let length = Double(row.clusters) / Double(maximum) * barWidth
                let colour: String
                switch (label, row.category) {
                case ("Online role", "none"), ("Online role", "minor"): colour = "#0072B2"
                case ("Online role", "supporting"), ("Online role", "central"): colour = "#D55E00"
                case (_, "unknown"), (_, "not_coded"): colour = "#999999"
                default: colour = "#56B4E9"
                }
                let category = row.category.replacingUnderscores()
                svg.text(left - 8, top + 14, category, size: 11, anchor: "end")
                let recruits =
                    row.clustersWithRecruitCount == 0
                    ? "no count of \(phrase)"
                    : "\(NumberText.symbol(row.recruits, unit: .people)) \(phrase)"
                        + (row.clustersWithRecruitCount < row.clusters
                            ? " (\(row.clustersWithRecruitCount) of \(row.clusters) counted)" : "")
                let text = row.clusters == 0 ? "0 clusters" : "\(Wording.plural(row.clusters, "cluster")) · \(recruits)"
                svg.rect(left, top + 3, length, rowHeight - 6, fill: colour, tooltip: "\(label) \(category): \(text)")
                svg.text(left + length + 6, top + 14, text, size: 10)
                parts.append("\(category) \(text)")
                top += rowHeight
            }
            descriptions.append("\(label): " + parts.joined(separator: "; "))
            top += 10
        }
        svg.height = top + 6
        let description =
            "Horizontal bars: the number of clusters in each category, labelled with their \(phrase). "
            + "A cluster counts once under each of its ties. " + descriptions.joined(separator: ". ") + "."
        return svg.document(title: title, description: description)
    }
}

extension String {
    /// `religious_venue` → `religious venue`.
    func replacingUnderscores() -> String {
        String(map { $0 == "_" ? " " : $0 })
    }
}
