import Foundation
import SignalgapIO
import SignalgapModel
import SignalgapStatistics
import SignalgapStore

/// The `stats` and `trace` output: tables for a terminal, CSV and JSON.
enum StatsText {
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func json(_ metrics: SignalMetrics) throws -> String { try encode(metrics) }

    /// One row per series and quarter, low / value / high / qualifier in their
    /// own columns; LF line endings, no newline after the last row. Written
    /// cell by cell into the text (numbers as raw digits, each series' own
    /// cells once for all its quarters): the benchmark store's 21,917 rows
    /// took a tenth of `stats --format csv`'s time as a String per cell.
    static func totalsCSV(_ totals: QuarterlyTotals) -> String {
        var bytes: [UInt8] = []
        CSVWriter.append(
            record: [
                "quarter", "side", "series", "subject", "measure", "unit", "low", "value", "high", "qualifier", "text",
                "apportioned_low", "apportioned_high", "figures", "sources",
            ], to: &bytes, lineEnding: .lf)
        let comma = UInt8(ascii: ",")
        for series in totals.allSeries {
            var seriesCells: [UInt8] = []
            for text in [
                series.side.rawValue, series.name, series.subject ?? series.scope.rawValue, series.measure,
                series.unit.rawValue,
            ] {
                seriesCells.append(comma)
                CSVWriter.append(field: text, to: &seriesCells)
            }
            for total in series.quarters {
                CSVWriter.append(field: total.quarter.description, to: &bytes)
                bytes.append(contentsOf: seriesCells)
                for amount in [total.total.low, total.total.value, total.total.high] {
                    bytes.append(comma)
                    amount?.appendDescription(to: &bytes)
                }
                bytes.append(comma)
                CSVWriter.append(field: total.total.qualifier.rawValue, to: &bytes)
                bytes.append(comma)
                CSVWriter.append(field: total.total.description, to: &bytes)
                for amount in [total.apportioned.low, total.apportioned.high] {
                    bytes.append(comma)
                    amount?.appendDescription(to: &bytes)
                }
                bytes.append(comma)
                DecimalText.append(total.observationCount, to: &bytes)
                bytes.append(comma)
                DecimalText.append(total.sourceCount, to: &bytes)
                bytes.append(UInt8(ascii: "\n"))
            }
        }
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func traceListing(_ trace: SignalgapStatistics.Trace) -> Listing {
        let columns = [
            "figure", "window", "figure_value", "days_in_quarter", "share", "apportioned", "use", "why", "source",
            "notes",
        ]
        let rows: [[String?]] = trace.entries.map { entry in
            let figure = entry.figure
            let source =
                figure.source.map { "\($0.publisher), \($0.title)" + ($0.url.map { " <\($0)>" } ?? "") }
                ?? figure.sourceReference?.description
            return [
                figure.reference.description, figure.window.description, figure.estimate.description,
                entry.daysInQuarter.map { days in entry.windowDays.map { "\(days) of \($0)" } ?? String(days) },
                entry.share?.description, entry.isApportioned ? "yes" : "no", entry.use.code, entry.use.explanation,
                source, figure.notes.isEmpty ? nil : figure.notes,
            ]
        }
        return Listing(columns: columns, rows: rows)
    }

    /// The terminal view: the quarterly table, then the checks, each with its rule.
    static func table(_ metrics: SignalMetrics) -> String {
        var out: [String] = []
        let totals = metrics.comparison.totals
        out.append("QUARTERLY TOTALS (estimated: share of the total apportioned from windows longer than the quarter)")
        var rows: [[String?]] = []
        for series in totals.allSeries {
            for total in series.quarters {
                let apportioned = total.isEstimated ? total.apportioned.description : "-"
                rows.append([
                    total.quarter.description, series.name, total.total.description, apportioned,
                    String(total.observationCount), String(total.sourceCount),
                    total.quarterOnQuarter?.percent.map { $0.formatted(digits: 1) + "%" },
                ])
            }
        }
        out.append(
            ListingText.table(
                Listing(
                    columns: [
                        "quarter", "series", "total", "apportioned", "figures", "sources", "vs previous quarter",
                    ], rows: rows), maxWidth: 60))

        if !metrics.comparison.ratios.isEmpty {
            out.append("\nONLINE AGAINST OFFLINE")
            let ratioRows: [[String?]] = metrics.comparison.ratios.compactMap { ratio in
                guard let overall = ratio.overall else { return nil }
                return [
                    ratio.name, "\(overall.from)–\(overall.to)", String(overall.quarterCount),
                    overall.ratio?.description ?? "not defined",
                ]
            }
            out.append(
                ListingText.table(Listing(columns: ["ratio", "quarters", "n", "value"], rows: ratioRows), maxWidth: 70))
        }

        out.append(
            "\nASSOCIATION (Spearman rank correlation, online quarter q against offline quarter q + lag; needs ≥ 8 paired quarters)"
        )
        var associationRows: [[String?]] = []
        var refused = 0
        var largestRefusedN = 0
        for association in metrics.comparison.associations {
            for lag in association.lags {
                if lag.result.correlation == nil {
                    refused += 1
                    largestRefusedN = max(largestRefusedN, lag.result.n)
                    continue
                }
                associationRows.append([
                    "\(association.online) ~ \(association.offline)", String(lag.lag), lag.result.description,
                ])
            }
        }
        if !associationRows.isEmpty {
            out.append(
                ListingText.table(Listing(columns: ["series", "lag", "result"], rows: associationRows), maxWidth: 70))
        }
        if refused > 0 {
            out.append(
                "\(refused) series pairs and lags: not enough data (largest n = \(largestRefusedN), needs ≥ 8); `--format json` lists each"
            )
        }

        out.append("\nRECONCILIATION CHECKS")
        if metrics.reconciliations.isEmpty { out.append("(none)") }
        for check in metrics.reconciliations {
            let parts = check.parts.map { $0.estimate.description }.joined(separator: " + ")
            var line =
                "\(check.stock.reference): \(parts) = \(check.sum) against \(check.stock.estimate): \(check.status.rawValue)"
            if check.status != .reconciles {
                line +=
                    " (difference \(check.difference)"
                    + (check.differencePercent.map { ", \($0.scaled(by: 100).formatted(digits: 2))%" } ?? "") + ")"
            }
            out.append(line)
        }

        out.append("\nDISAGREEING SOURCES (rule: \(metrics.disagreementRule))")
        if metrics.disagreements.isEmpty { out.append("(none)") }
        for disagreement in metrics.disagreements {
            let figures = disagreement.figures.map {
                "\($0.estimate) (\($0.source?.publisher ?? $0.sourceReference?.description ?? "?"))"
            }
            out.append(
                "\(disagreement.subject) \(disagreement.measure) \(disagreement.window): "
                    + figures.joined(separator: " vs ") + " -> \(disagreement.combined)")
        }

        out.append("\nSET-ASIDE OVERLAPPING FIGURES (rule: \(metrics.precedenceRule))")
        if totals.setAside.isEmpty { out.append("(none)") }
        for figure in totals.setAside {
            out.append(
                "\(figure.figure.reference) \(figure.figure.estimate) \(figure.figure.window): \(figure.explanation)")
        }

        out.append("\nCLUSTERS")
        out.append(metrics.clusters.thesis.sentence)
        out.append("\nCOUNTRIES (rule: \(metrics.sizeRule))")
        let countryRows: [[String?]] = metrics.countries.map { country in
            [
                country.country, country.measure, "\(country.level.estimate) as of \(country.level.asOf.iso)",
                country.perMillionResidents.map { "\($0) per million" },
            ]
        }
        out.append(
            ListingText.table(
                Listing(columns: ["country", "measure", "estimate", "per million residents"], rows: countryRows),
                maxWidth: 60))
        return out.joined(separator: "\n")
    }
}
