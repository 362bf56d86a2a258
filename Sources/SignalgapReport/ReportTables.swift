import SignalgapModel
import SignalgapStatistics

/// Every table of the report as CSV data, with its schema.
enum ReportTables {
    /// The tables in report order, each made by a function of the context
    /// alone, so that they can be made side by side.
    static var makers: [(ReportContext) -> DataTable] {
        [
            quarterlyTotals, ratios, ratiosByQuarter, associations, clusters, composition, thesis, countries,
            reconciliations, disagreements, setAside, quarterFigures, sources, datasets,
        ]
    }

    private static func seriesColumns(_ table: inout DataTable) {
        table.column("side", .string, "online or offline")
        table.column("scope", .string, "platform, cluster, country or world")
        table.column("subject", .string, "the platform (online); empty for an offline total over the scope")
        table.column("measure", .string, "codebook measure")
        table.column("unit", .string, "codebook unit")
    }

    private static func seriesCells(_ row: inout DataTable.Row, _ id: SeriesID) {
        row.code(id.side)
        row.code(id.scope)
        row.text(id.subject)
        row.text(id.measure)
        row.code(id.unit)
    }

    private static func figureColumns(_ table: inout DataTable, prefix: String = "") {
        table.column("\(prefix)reference", .string, "the figure: DATASET:ID")
        table.column("\(prefix)side", .string, "online or offline")
        table.column("\(prefix)scope", .string, "platform, cluster, country or world")
        table.column("\(prefix)subject", .string, "platform code, cluster reference, ISO country code or world")
        table.column("\(prefix)measure", .string, "codebook measure")
        table.column("\(prefix)unit", .string, "codebook unit")
        table.column("\(prefix)kind", .string, "flow or stock")
        table.column("\(prefix)start", .date, "window start (empty for a level as of the end)")
        table.column("\(prefix)start_precision", .string, "day, month, quarter, year or approximate")
        table.column("\(prefix)end", .date, "window end")
        table.column("\(prefix)end_precision", .string, "day, month, quarter, year or approximate")
        table.estimateColumns("\(prefix)figure", "the figure as stated")
        table.column("\(prefix)source", .string, "the source: DATASET:ID")
        table.column("\(prefix)notes", .string, "the figure's notes, as its dataset gives them")
    }

    private static func figureCells(_ row: inout DataTable.Row, _ figure: some PrintedFigure, _ context: ReportContext)
    {
        row.text(figure.reference.description)
        row.code(figure.side)
        row.code(figure.scope)
        row.text(figure.subject)
        row.text(figure.measure)
        row.code(figure.unit)
        row.code(figure.kind)
        row.day(figure.window.start?.day)
        row.code(figure.window.start?.precision)
        row.day(figure.window.end.day)
        row.code(figure.window.end.precision)
        row.estimate(figure.estimate)
        row.text(figure.sourceReference?.description ?? "")
        context.withShownNotes(figure) { row.text(utf8: $0) }
    }

    // MARK: Quarterly

    static func quarterlyTotals(_ context: ReportContext) -> DataTable {
        var table = DataTable(
            name: "quarterly_totals", title: "Quarterly totals",
            description:
                "Per quarter and series: the total of the counted flows, the parts reported for the quarter and "
                + "apportioned from longer windows, and the changes on the previous quarter and a year earlier.")
        table.column("quarter", .string, "calendar quarter, YYYYQN")
        seriesColumns(&table)
        table.estimateColumns("total", "the quarter's total")
        table.estimateColumns("reported", "the part from windows wholly inside the quarter")
        table.estimateColumns("apportioned", "the part apportioned by days from windows spanning several quarters")
        table.estimateColumns("approximate", "the part from windows with an approximate start or end")
        table.column("is_estimated", .boolean, "true when part of the total is apportioned")
        table.column("observation_count", .integer, "figures behind the total")
        table.column("source_count", .integer, "distinct sources behind the total")
        table.column("previous_quarter", .string, "the quarter compared for the quarter-on-quarter change")
        table.estimateColumns("change_on_previous_quarter", "this total minus the previous quarter's")
        table.estimateColumns("change_on_previous_quarter_percent", "the change as a percentage of the earlier total")
        table.column("year_earlier_quarter", .string, "the quarter compared for the year-on-year change")
        table.estimateColumns("change_on_year_earlier", "this total minus the same quarter's a year earlier")
        table.estimateColumns("change_on_year_earlier_percent", "the change as a percentage of the earlier total")
        for series in context.online + context.offline {
            let id = SeriesID(series)
            for total in series.quarters {
                table.appendRow { row in
                    row.text(total.quarter.description)
                    seriesCells(&row, id)
                    row.estimate(total.total)
                    row.estimate(total.reported)
                    row.estimate(total.apportioned)
                    row.estimate(total.onApproximateEnd)
                    row.bool(total.isEstimated)
                    row.integer(total.observationCount)
                    row.integer(total.sourceCount)
                    for change in [total.quarterOnQuarter, total.yearOnYear] {
                        row.text(change?.from.description ?? "")
                        row.estimate(change?.difference)
                        row.estimate(change?.percent)
                    }
                }
            }
        }
        return table
    }

    // MARK: Online against offline

    static func ratios(_ context: ReportContext) -> DataTable {
        var table = DataTable(
            name: "ratios", title: "Online against offline",
            description:
                "Each online count series against each offline count series, over the quarters where both have "
                + "data: the sums of both sides and their ratio as a range.")
        table.column("ratio", .string, "the ratio in words, with its units")
        table.column("online_series", .string, "the online series")
        table.column("offline_series", .string, "the offline series")
        table.column("from_quarter", .string, "first quarter where both have data")
        table.column("to_quarter", .string, "last quarter where both have data")
        table.column("quarter_count", .integer, "quarters in the window where both have data (only these are summed)")
        table.estimateColumns("online", "online sum over those quarters")
        table.estimateColumns("offline", "offline sum over those quarters")
        table.estimateColumns("ratio", "online ÷ offline")
        for ratio in ReportSelection.ratios(context) {
            guard let overall = ReportSelection.overall(ratio, context: context) else { continue }
            table.appendRow { row in
                for cell in [ratio.name, ratio.online, ratio.offline, overall.from.description, overall.to.description]
                {
                    row.text(cell)
                }
                row.integer(overall.quarterCount)
                row.estimate(overall.online)
                row.estimate(overall.offline)
                row.estimate(overall.ratio)
            }
        }
        return table
    }

    static func ratiosByQuarter(_ context: ReportContext) -> DataTable {
        var table = DataTable(
            name: "ratios_by_quarter", title: "Online against offline, by quarter",
            description:
                "Each online count series against each offline count series in each quarter where both have data.")
        table.column("quarter", .string, "calendar quarter")
        table.column("ratio", .string, "the ratio in words, with its units")
        table.column("online_series", .string, "the online series")
        table.column("offline_series", .string, "the offline series")
        table.estimateColumns("online", "online total")
        table.estimateColumns("offline", "offline total")
        table.estimateColumns("ratio", "online ÷ offline (empty when the offline total is zero)")
        for ratio in ReportSelection.ratios(context) {
            for quarter in ratio.perQuarter where context.range.map({ $0.contains(quarter.quarter) }) ?? true {
                table.appendRow { row in
                    for cell in [quarter.quarter.description, ratio.name, ratio.online, ratio.offline] {
                        row.text(cell)
                    }
                    row.estimate(quarter.online)
                    row.estimate(quarter.offline)
                    row.estimate(quarter.ratio)
                }
            }
        }
        return table
    }

    static func associations(_ context: ReportContext) -> DataTable {
        var table = DataTable(
            name: "associations", title: "Association over time",
            description:
                "Spearman rank correlation between an online and an offline quarterly series, online quarter q "
                + "against offline quarter q + lag, with a permutation p-value. Fewer than "
                + "\(RankCorrelation.minimumPairs) paired quarters give no value.")
        table.column("online_series", .string, "the online series")
        table.column("offline_series", .string, "the offline series")
        table.column("lag", .integer, "offline quarter minus online quarter")
        table.column("n", .integer, "paired quarters")
        table.column("status", .string, "value, not_enough_data or undefined")
        table.column("rho", .number, "Spearman's rho")
        table.column("p_value", .number, "two-sided permutation p-value")
        table.column("permutations", .integer, "permutations behind the p-value")
        table.column("is_exact", .boolean, "true when every permutation was enumerated")
        table.column("seed", .string, "seed of the generator (Monte Carlo only)")
        table.column("text", .string, "the result as the report prints it")
        for association in context.metrics.comparison.associations {
            for lag in association.lags {
                let correlation = lag.result.correlation
                let status: String
                switch lag.result {
                case .value: status = "value"
                case .notEnoughData: status = "not_enough_data"
                case .undefined: status = "undefined"
                }
                table.appendRow { row in
                    row.text(association.online)
                    row.text(association.offline)
                    row.integer(lag.lag)
                    row.integer(lag.result.n)
                    row.text(status)
                    row.text(NumberText.raw(correlation?.rho))
                    row.text(NumberText.raw(correlation?.pValue))
                    row.integer(correlation?.permutations)
                    row.bool(correlation?.isExact)
                    row.text(correlation?.seed.map { String($0) } ?? "")
                    row.text(ReportSelection.correlationText(lag.result))
                }
            }
        }
        return table
    }

    // MARK: Clusters

    static func clusters(_ context: ReportContext) -> DataTable {
        let summary = context.metrics.clusters
        var table = DataTable(
            name: "clusters", title: "Clusters",
            description:
                "Each cluster with its coded attributes, its size in \(ReportContext.phrase(summary.recruitMeasure)) "
                + "(the latest level), its population and its rate per 10,000 residents.")
        let extras = context.clusterExtraColumns()
        table.column("reference", .string, "the cluster: DATASET:ID")
        table.column("name", .string, "a place-based name")
        table.column("district", .string, "district or neighbourhood")
        table.column("city", .string, "city or town")
        table.column("country", .string, "ISO 3166-1 alpha-2")
        table.column("active_start", .date, "start of the activity window")
        table.column("active_start_precision", .string, "precision of the start")
        table.column("active_end", .date, "end of the activity window")
        table.column("active_end_precision", .string, "precision of the end")
        table.column("active_days", .integer, "days of activity, both ends included")
        table.column("affiliation", .string, "codebook affiliation")
        table.column("ties", .string, "codebook ties, ;-separated (empty: not coded)")
        table.column("catalyst", .string, "yes, no or unknown")
        table.column("online_role", .string, "none, minor, supporting, central or unknown")
        table.estimateColumns("recruits", "size in \(ReportContext.phrase(summary.recruitMeasure))")
        table.column("recruits_as_of", .date, "the date the size applies to")
        table.estimateColumns("residents", "population")
        table.column("residents_year", .integer, "the year the population applies to")
        table.estimateColumns("rate_per_10000_residents", "recruits per 10,000 residents")
        table.column("source", .string, "the source of the coding: DATASET:ID")
        table.column("notes", .string, "why each code was chosen")
        for name in extras { table.column("extra_\(name)", .string, "extra column \(name) of the dataset") }
        for profile in summary.profiles {
            let cluster = profile.cluster
            let dataset = cluster.reference.dataset
            func shown(_ value: String?, _ field: String) -> String {
                context.field(value ?? "", dataset: dataset, resource: "clusters", field: field)
            }
            table.appendRow { row in
                for cell in [
                    cluster.reference.description, shown(cluster.name, "name"), shown(cluster.district, "district"),
                    shown(cluster.city, "city"), cluster.country,
                ] {
                    row.text(cell)
                }
                row.day(cluster.activeStart?.day)
                row.text(cluster.activeStart?.precision.rawValue ?? "")
                row.day(cluster.activeEnd?.day)
                row.text(cluster.activeEnd?.precision.rawValue ?? "")
                row.integer(profile.activeDays)
                for cell in [
                    cluster.affiliation.rawValue, cluster.ties.map(\.rawValue).joined(separator: ";"),
                    cluster.catalyst.rawValue, cluster.onlineRole.rawValue,
                ] {
                    row.text(cell)
                }
                row.estimate(profile.recruits?.estimate)
                row.day(profile.recruits?.asOf)
                row.estimate(profile.residents?.estimate)
                row.integer(profile.residentsYear)
                row.estimate(profile.ratePer10000Residents)
                row.text(cluster.source.description)
                row.text(shown(cluster.notes, "notes"))
                for name in extras { row.text(shown(cluster.extra[name], name)) }
            }
        }
        return table
    }

    static func composition(_ context: ReportContext) -> DataTable {
        var table = DataTable(
            name: "composition", title: "Cluster composition",
            description:
                "Clusters and their recruits by online role, catalyst and tie. A cluster counts once under each of "
                + "its ties, so the tie rows add up to more than the whole.")
        table.column("dimension", .string, "online_role, catalyst or tie")
        table.column("category", .string, "the code (not_coded: no ties coded)")
        table.column("clusters", .integer, "clusters in the category")
        table.column("clusters_with_recruit_count", .integer, "of those, clusters with a recruit figure")
        table.estimateColumns("recruits", "their recruits")
        table.estimateColumns("share", "their share of all cluster recruits (0 to 1)")
        let summary = context.metrics.clusters
        for (dimension, rows) in [
            ("online_role", summary.byOnlineRole), ("catalyst", summary.byCatalyst), ("tie", summary.byTie),
        ] {
            for row in rows {
                table.appendRow { cells in
                    cells.text(dimension)
                    cells.text(row.category)
                    cells.integer(row.clusters)
                    cells.integer(row.clustersWithRecruitCount)
                    cells.estimate(row.recruits)
                    cells.estimate(row.share)
                }
            }
        }
        return table
    }

    static func thesis(_ context: ReportContext) -> DataTable {
        var table = DataTable(
            name: "thesis", title: "The founding thesis in numbers",
            description:
                "Of the clusters whose online role is known, those that relied on it not at all or only in a minor "
                + "way, and their share of the recruits; with the concentration of recruits in the largest clusters.")
        table.column("clusters_with_known_role", .integer, "clusters whose online role is coded and not unknown")
        table.column("clusters_relying_little", .integer, "of those, clusters coded none or minor")
        table.column("clusters_without_recruit_count", .integer, "of the known, clusters without a recruit figure")
        table.estimateColumns("recruits", "recruits of the clusters relying little on online contact")
        table.estimateColumns("recruits_of_known_role", "recruits of all clusters whose online role is known")
        table.estimateColumns("share", "the first as a share of the second (0 to 1)")
        table.estimateColumns("largest_cluster_share", "share of all recruits in the largest cluster (0 to 1)")
        table.estimateColumns("largest_three_share", "share of all recruits in the largest three clusters (0 to 1)")
        let summary = context.metrics.clusters
        let thesis = summary.thesis
        table.appendRow { row in
            row.integer(thesis.clustersWithKnownRole)
            row.integer(thesis.clustersRelyingLittle)
            row.integer(thesis.clustersWithoutRecruitCount)
            row.estimate(thesis.recruits)
            row.estimate(thesis.recruitsOfKnownRole)
            row.estimate(thesis.share)
            row.estimate(summary.largestCluster?.share)
            row.estimate(summary.largestThreeClusters?.share)
        }
        return table
    }

    static func countries(_ context: ReportContext) -> DataTable {
        var table = DataTable(
            name: "countries", title: "Country estimates",
            description: "Offline estimates per country and measure: the latest level, the range across sources, "
                + "and the level per million residents where the population is known.")
        table.column("country", .string, "ISO 3166-1 alpha-2")
        table.column("country_name", .string, "short English name")
        table.column("measure", .string, "codebook measure")
        table.column("unit", .string, "codebook unit")
        table.estimateColumns("level", "the latest level")
        table.column("as_of", .date, "the date the level applies to")
        table.estimateColumns("across_sources", "range over every figure, whatever its date")
        table.column("figure_count", .integer, "figures not superseded")
        table.column("source_count", .integer, "distinct sources")
        table.estimateColumns("per_million_residents", "the level per million residents")
        table.column("figures", .string, "the figures: DATASET:ID, ;-separated")
        for estimate in context.metrics.countries {
            table.appendRow { row in
                for cell in [estimate.country, estimate.countryName, estimate.measure, estimate.unit.rawValue] {
                    row.text(cell)
                }
                row.estimate(estimate.level.estimate)
                row.day(estimate.level.asOf)
                row.estimate(estimate.level.acrossSources)
                row.integer(estimate.level.figureCount)
                row.integer(estimate.level.sourceCount)
                row.estimate(estimate.perMillionResidents)
                row.text(estimate.figures.map(\.reference.description).joined(separator: ";"))
            }
        }
        return table
    }

    // MARK: Checks

    static func reconciliations(_ context: ReportContext) -> DataTable {
        var table = DataTable(
            name: "reconciliations", title: "Reconciliation checks",
            description: "Running totals checked against the figures that cover their window: stock minus sum of parts."
        )
        figureColumns(&table, prefix: "stock_")
        table.column("parts", .string, "the parts: DATASET:ID, ;-separated, in window order")
        table.estimateColumns("sum", "sum of the parts")
        table.estimateColumns("difference", "stock minus sum")
        table.estimateColumns("difference_percent", "difference as a percentage of the stock")
        table.column("status", .string, "reconciles, consistent or differs")
        table.column("shared_days", .string, "days two consecutive parts both include, ;-separated")
        for check in context.metrics.reconciliations where context.touchesRange(check.stock.window) {
            table.appendRow { row in
                figureCells(&row, check.stock, context)
                row.text(check.parts.map(\.reference.description).joined(separator: ";"))
                row.estimate(check.sum)
                row.estimate(check.difference)
                row.estimate(check.differencePercent)
                row.text(check.status.rawValue)
                row.text(check.sharedDays.map(\.iso).joined(separator: ";"))
            }
        }
        return table
    }

    static func disagreements(_ context: ReportContext) -> DataTable {
        var table = DataTable(
            name: "disagreements", title: "Disagreeing sources",
            description:
                "Figures of the same subject, measure and window that differ, one row per figure; all are kept. "
                + "Statistics use \(context.metrics.disagreementRule).")
        table.column("group", .integer, "disagreement number (1, 2, …)")
        figureColumns(&table)
        table.estimateColumns("combined", "what statistics use")
        table.column("spread", .number, "highest point value minus the lowest")
        table.column("spread_percent", .number, "the spread as a percentage of the lowest point value")
        for (index, disagreement) in ReportSelection.disagreements(context).enumerated() {
            for figure in disagreement.figures {
                table.appendRow { row in
                    row.integer(index + 1)
                    figureCells(&row, figure, context)
                    row.estimate(disagreement.combined)
                    row.text(NumberText.raw(disagreement.spread))
                    row.text(NumberText.raw(disagreement.spreadPercent))
                }
            }
        }
        return table
    }

    static func setAside(_ context: ReportContext) -> DataTable {
        var table = DataTable(
            name: "set_aside", title: "Figures set aside",
            description:
                "Flows not counted in the quarterly totals, so that nothing is counted twice, with the figures "
                + "counted instead and the reason. Rule: \(context.metrics.precedenceRule).")
        figureColumns(&table)
        table.column("reason", .string, "superseded, duplicate or overlap")
        table.column("decided_by", .string, "for an overlap, the precedence step that decided")
        table.column("winners", .string, "the figures counted instead: DATASET:ID, ;-separated")
        table.column("winner_count", .integer, "how many figures won")
        table.column("explanation", .string, "the reason in words")
        for figure in context.setAside {
            var decidedBy = ""
            if case .overlap(_, let step) = figure.reason { decidedBy = step.rawValue }
            table.appendRow { row in
                figureCells(&row, figure.figure, context)
                row.text(figure.reason.code)
                row.text(decidedBy)
                row.text(figure.winners.map(\.reference.description).joined(separator: ";"))
                row.integer(figure.winnerCount)
                row.text(figure.explanation)
            }
        }
        return table
    }

    static func quarterFigures(_ context: ReportContext) -> DataTable {
        var table = DataTable(
            name: "quarter_figures", title: "Figures by quarter",
            description:
                "The figures listed in the quarter reports: flows over each quarter of their window with the share "
                + "apportioned to it (at most \(QuarterEntries.flowLimit) per quarter and series and "
                + "\(QuarterEntries.quarterFlowLimit) per quarter, counted ones first), "
                + "other figures in the quarter their window ends (at most \(QuarterEntries.levelLimit) per quarter); "
                + "and how each is used. `signalgap trace` lists every figure behind a cell.")
        table.column("quarter", .string, "calendar quarter")
        figureColumns(&table)
        table.column("use", .string, "counted, merged, set_aside or not_summed")
        table.column("days_in_quarter", .integer, "days of the window inside the quarter")
        table.column("window_days", .integer, "days of the window")
        table.column("is_apportioned", .boolean, "true when the window spans more than this quarter")
        table.estimateColumns("share", "the figure's share in this quarter (flows only)")
        // Tens of megabytes on a large store: grown once (a row takes about 200 bytes).
        table.reserve(rows: context.reportQuarters.reduce(0) { $0 + context.entries($1).all.count }, bytesPerRow: 256)
        for quarter in context.reportQuarters {
            let quarterText = quarter.description
            for entry in context.entries(quarter).all {
                table.appendRow { row in
                    row.text(quarterText)
                    figureCells(&row, entry.figure, context)
                    row.code(entry.useCode)
                    row.integer(entry.daysInQuarter)
                    row.integer(entry.figure.window.dayCount)
                    row.bool(entry.isApportioned)
                    row.estimate(entry.share)
                }
            }
        }
        return table
    }

    // MARK: Provenance

    static func sources(_ context: ReportContext) -> DataTable {
        var table = DataTable(name: "sources", title: "Sources", description: "Every source in the store.")
        table.column("reference", .string, "the source: DATASET:ID")
        table.column("url", .string, "the publication's address")
        table.column("title", .string, "the publication's title")
        table.column("publisher", .string, "who published it")
        table.column("published", .date, "publication date")
        table.column("retrieved", .date, "when the source was read")
        table.column("status", .string, "verified or secondary")
        table.column("notes", .string, "free text")
        for source in context.input.sources.sorted(by: { $0.reference.description < $1.reference.description }) {
            let dataset = source.reference.dataset
            func shown(_ value: String, _ field: String) -> String {
                context.field(value, dataset: dataset, resource: "sources", field: field)
            }
            table.appendRow { row in
                for cell in [
                    source.reference.description, shown(source.url ?? "", "url"), shown(source.title, "title"),
                    shown(source.publisher, "publisher"),
                ] {
                    row.text(cell)
                }
                row.day(source.published)
                row.day(source.retrieved)
                row.text(source.status.rawValue)
                row.text(shown(source.notes, "notes"))
            }
        }
        return table
    }

    static func datasets(_ context: ReportContext) -> DataTable {
        var table = DataTable(
            name: "datasets", title: "Datasets",
            description: "The datasets behind the report, with their content hashes.")
        table.column("name", .string, "dataset name")
        table.column("title", .string, "dataset title")
        table.column("content_hash", .string, "SHA-256 over datapackage.json and every resource file")
        for dataset in context.request.datasets.sorted(by: { $0.name < $1.name }) {
            table.append([dataset.name, dataset.title, dataset.contentHash])
        }
        return table
    }
}
