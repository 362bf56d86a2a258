import SignalgapModel
import SignalgapStatistics

/// `README.md`: the summary a policy reader can take in five minutes, with
/// every number traceable to its sources through footnotes.
struct SummaryDocument: MarkdownDocument {
    let context: ReportContext
    var citations: Citations
    var body: [UInt8] = []

    /// Rows shown in a Markdown table before pointing to the CSV.
    static let rowLimit = 60
    /// Series shown side by side in the quarterly tables; more are listed one per row.
    static let wideSeriesLimit = 6

    static func make(_ context: ReportContext, tables: [DataTable]) -> [UInt8] {
        var document = SummaryDocument(context: context, citations: Citations(context: context))
        document.header()
        document.headlines()
        document.quarterlyTotals()
        document.ratios()
        document.associations()
        document.clusters()
        document.countries()
        document.reconciliations()
        document.disagreements()
        document.setAside()
        document.gaps()
        document.methods(tables: tables)
        document.quarterLinks()
        document.provenance()
        return document.finish()
    }

    /// A series' display name from its `QuarterlySeries.name` ("twitter: accounts suspended").
    static func displayName(_ name: String, _ context: ReportContext) -> String {
        let all = context.metrics.comparison.totals.allSeries
        if let series = all.first(where: { $0.name == name }) { return ReportContext.seriesName(SeriesID(series)) }
        return name
    }

    static func seriesID(named name: String, _ context: ReportContext) -> SeriesID? {
        context.metrics.comparison.totals.allSeries.first { $0.name == name }.map(SeriesID.init)
    }

    // MARK: Sections

    mutating func header() {
        var facts: [String] = []
        if let first = context.totalQuarters.first, let last = context.totalQuarters.last {
            facts.append("Quarters reported: **\(Wording.span(first, last))**")
        } else if let range = context.range {
            facts.append("Quarters asked for: **\(Wording.span(range.lowerBound, range.upperBound))** (no totals)")
        } else {
            facts.append("No quarterly totals")
        }
        facts.append(
            "\(Wording.plural(context.input.rows.count, "figure")) from "
                + Wording.plural(context.request.datasets.count, "dataset"))
        if let date = context.request.date { facts.append("report date \(date.iso)") }
        add(
            """
            # Online and offline signals, quarter by quarter

            \(facts.joined(separator: " · ")).

            This report puts what platforms disclose about their enforcement (online signals: accounts suspended, \
            content actioned, items referred) next to what case records say about people and clusters (offline \
            signals: people who travelled, were arrested, were killed), quarter by quarter. Every number keeps the \
            qualifier its source gave it ("> 125,000" means more than 125,000; "≈" means about; "27,000–31,000" is \
            a range) and carries a footnote to its sources. A dagger (†) marks a quarter's total that is partly \
            apportioned: estimated by spreading a figure whose window spans several quarters over them by days. \
            How everything is computed is under [Methods](#methods); every table is also a CSV file under `csv/`, \
            described by `datapackage.json`.

            Contents: [Headline findings](#headline-findings) · [Quarterly totals](#quarterly-totals) · \
            [Online against offline](#online-against-offline) · [Association over time](#association-over-time) · \
            [Clusters](#clusters) · [Countries](#countries) · [Reconciliation checks](#reconciliation-checks) · \
            [Disagreeing sources](#disagreeing-sources) · [Figures set aside](#figures-set-aside) · \
            [What the data does not cover](#what-the-data-does-not-cover) · [Methods](#methods) · \
            [Quarter reports](#quarter-reports) · [Provenance](#provenance)
            """)
    }

    mutating func headlines() {
        let lines = Headlines.make(context, citations: &citations)
        var block = "## Headline findings\n\n"
        block +=
            lines.isEmpty
            ? "The store holds no figures for the quarters asked for.\n"
            : lines.map { "- \($0)" }.joined(separator: "\n") + "\n"
        add(block)
    }

    /// A quarterly total as a table cell: the figure, † when partly apportioned, footnotes.
    mutating func cell(_ total: QuarterTotal, unit: Unit, series: SeriesID) -> String {
        NumberText.symbol(total.total, unit: unit) + (total.isEstimated ? " †" : "")
            + citations.cite(context.sources(quarter: total.quarter, series: series))
    }

    mutating func quarterlyTotals() {
        add(
            """
            ## Quarterly totals

            ![Quarterly totals in aligned panels, one per unit, sharing the quarter axis](charts/quarterly.svg)

            The flows counted in each quarter, without double counting. An empty cell has no figure: it is \
            missing, not zero. † marks a total that is partly apportioned. Each quarter links to its own report, \
            which lists every figure behind each total. Data: [csv/quarterly_totals.csv](csv/quarterly_totals.csv), \
            which also holds the parts reported and apportioned, the numbers of figures and sources, and the changes \
            on the previous quarter and a year earlier.
            """)
        for (title, series) in [("Online signals", context.online), ("Offline signals", context.offline)] {
            guard !series.isEmpty else {
                add("### \(title)\n\nNo \(title.lowercased()) have a quarterly total in the quarters reported.")
                continue
            }
            if series.count <= Self.wideSeriesLimit {
                let quarters = context.totalQuarters.filter { quarter in
                    series.contains { context.total($0, in: quarter) != nil }
                }
                var rows: [[String]] = []
                for quarter in quarters {
                    var row = ["[\(quarter)](quarters/\(quarter).md)"]
                    for item in series {
                        row.append(
                            context.total(item, in: quarter).map { cell($0, unit: item.unit, series: SeriesID(item)) }
                                ?? "")
                    }
                    rows.append(row)
                }
                let header = ["Quarter"] + series.map { Markdown.text(ReportContext.seriesName(SeriesID($0))) }
                add("### \(title)\n\n" + Markdown.table(header, rightAligned: Set(1..<header.count), rows: rows))
            } else {
                var rows: [[String]] = []
                var count = 0
                for quarter in context.totalQuarters {
                    for item in series {
                        guard let total = context.total(item, in: quarter) else { continue }
                        count += 1
                        if count > Self.rowLimit { continue }
                        rows.append([
                            "[\(quarter)](quarters/\(quarter).md)",
                            Markdown.text(ReportContext.seriesName(SeriesID(item))),
                            cell(total, unit: item.unit, series: SeriesID(item)),
                        ])
                    }
                }
                add(
                    "### \(title)\n\n"
                        + limitedTable(
                            ["Quarter", "Series", "Total"], rightAligned: [2], rows: rows, total: count,
                            csv: "quarterly_totals"))
            }
        }
    }

    /// A table cut at ``rowLimit`` rows, pointing to its CSV for the rest.
    /// `total`: how many rows there are when only the first were built.
    func limitedTable(_ header: [String], rightAligned: Set<Int>, rows: [[String]], total: Int? = nil, csv: String)
        -> String
    {
        let shown = min(rows.count, Self.rowLimit)
        var text = Markdown.table(header, rightAligned: rightAligned, rows: Array(rows.prefix(shown)))
        let count = max(total ?? rows.count, rows.count)
        if count > shown {
            text += "\n\(NumberText.count(count - shown)) more rows in [csv/\(csv).csv](csv/\(csv).csv).\n"
        }
        return text
    }

    /// The sources of a series over some quarters.
    func seriesSources(_ id: SeriesID?, quarters: [Quarter]) -> [Reference] {
        guard let id else { return [] }
        var seen = Set<Reference>()
        return quarters.flatMap { context.sources(quarter: $0, series: id) }.filter { seen.insert($0).inserted }
    }

    mutating func ratios() {
        var block = """
            ## Online against offline

            Each online count set against each offline count over the quarters where both have data (only those \
            quarters are summed). The units differ, so each ratio is named with both ("accounts suspended per person \
            who travelled"); it is a range whenever either side is one, and open-ended when the online side is; the \
            last column divides the point values alone, for an order of magnitude. \
            Accounts are not people: these ratios compare disclosures, not individuals. Per quarter: \
            [csv/ratios_by_quarter.csv](csv/ratios_by_quarter.csv) and the quarter reports.


            """
        var rows: [[String]] = []
        var count = 0
        for ratio in ReportSelection.ratios(context) {
            guard let overall = ReportSelection.overall(ratio, context: context) else { continue }
            count += 1
            if count > Self.rowLimit { continue }
            let quarters = ratio.perQuarter.map(\.quarter).filter { ReportSelection.inRange($0, context) }
            let onlineID = Self.seriesID(named: ratio.online, context)
            let offlineID = Self.seriesID(named: ratio.offline, context)
            rows.append([
                Markdown.text(ratio.name), Markdown.text(Self.displayName(ratio.online, context)),
                Markdown.text(Self.displayName(ratio.offline, context)),
                "\(Wording.span(overall.from, overall.to)) (\(overall.quarterCount))",
                NumberText.symbol(overall.online, unit: onlineID?.unit ?? .accounts)
                    + citations.cite(seriesSources(onlineID, quarters: quarters)),
                NumberText.symbol(overall.offline, unit: offlineID?.unit ?? .people)
                    + citations.cite(seriesSources(offlineID, quarters: quarters)),
                overall.ratio.map { NumberText.symbol($0) } ?? "undefined (offline total is 0)",
                overall.ratio?.value.map {
                    NumberText.symbol(RatioEstimate(low: $0, value: $0, high: $0, qualifier: .exact))
                } ?? "",
            ])
        }
        if rows.isEmpty {
            block += "No quarter has both an online and an offline count, so no ratio can be formed.\n"
        } else {
            block += limitedTable(
                [
                    "Ratio", "Online", "Offline", "Quarters (n)", "Online sum", "Offline sum", "Ratio",
                    "On point values",
                ],
                rightAligned: [4, 5, 6, 7], rows: rows, total: count, csv: "ratios")
        }
        add(block)
    }

    mutating func associations() {
        var block = """
            ## Association over time

            Spearman's rank correlation between each online and each offline quarterly series, with the offline \
            series shifted by −4 to +4 quarters (lag +1: offline one quarter after online); n is the number of \
            quarters paired. With fewer than \(RankCorrelation.minimumPairs) pairs no number is given, only \
            "not enough data". Every lag: [csv/associations.csv](csv/associations.csv).


            """
        var rows: [[String]] = []
        var unpaired = 0
        var count = 0
        for association in context.metrics.comparison.associations {
            if association.lags.allSatisfy({ $0.result.n == 0 }) {
                unpaired += 1
                continue
            }
            count += 1
            if count > Self.rowLimit { continue }
            let lagZero = association.lags.first { $0.lag == 0 }
            let largest = association.lags.max { lhs, rhs in
                lhs.result.n != rhs.result.n ? lhs.result.n < rhs.result.n : abs(lhs.lag) > abs(rhs.lag)
            }
            let values = association.lags.filter { $0.result.correlation != nil }
            rows.append([
                Markdown.text(Self.displayName(association.online, context)),
                Markdown.text(Self.displayName(association.offline, context)),
                lagZero.map { Markdown.text(ReportSelection.correlationText($0.result)) } ?? "",
                largest.map { "n = \($0.result.n) (lag \(Self.signed($0.lag)))" } ?? "",
                values.isEmpty
                    ? "none"
                    : values.map {
                        "\(Self.signed($0.lag)): " + Markdown.text(ReportSelection.correlationText($0.result))
                    }
                    .joined(separator: "; "),
            ])
        }
        if rows.isEmpty {
            block +=
                "No online and offline count series share a quarter at any lag, so there is nothing to correlate.\n"
        } else {
            block += limitedTable(
                ["Online", "Offline", "Lag 0", "Most pairs at any lag", "Lags with a value"], rightAligned: [],
                rows: rows, total: count, csv: "associations")
        }
        if unpaired > 0 {
            block +=
                "\n\(Wording.plural(unpaired, "more pair")) of series \(unpaired == 1 ? "shares" : "share") no quarter "
                + "at any lag (n = 0) and \(unpaired == 1 ? "is" : "are") listed only in the CSV.\n"
        }
        add(block)
    }

    static func signed(_ lag: Int) -> String { lag > 0 ? "+\(lag)" : lag < 0 ? "−\(-lag)" : "0" }

    mutating func clusters() {
        let summary = context.metrics.clusters
        let phrase = ReportContext.phrase(summary.recruitMeasure)
        var block = """
            ## Clusters

            Groups of people mobilised together through offline ties, with the codes the datasets give them. Size \
            is the latest level of \(phrase) (a range where sources disagree); the rate is per 10,000 residents, \
            with the year of the population. Data: [csv/clusters.csv](csv/clusters.csv).


            """
        guard !summary.profiles.isEmpty else {
            add(block + "The store holds no clusters.")
            return
        }
        var rows: [[String]] = []
        for profile in summary.profiles.prefix(Self.rowLimit) {
            let cluster = profile.cluster
            let dataset = cluster.reference.dataset
            let name = context.field(cluster.name, dataset: dataset, resource: "clusters", field: "name")
            var active = "not coded"
            if let start = cluster.activeStart {
                active =
                    cluster.activeEnd.map { DateText.start(start, short: true) + " – " + DateText.end($0, short: true) }
                    ?? "since " + DateText.start(start, short: true)
            } else if let end = cluster.activeEnd {
                active = "until " + DateText.end(end, short: true)
            }
            let recruits =
                profile.recruits.map { level in
                    NumberText.symbol(level.estimate, unit: .people) + " (\(DateText.day(level.asOf, short: true)))"
                        + citations.cite(context.sourcesOfFigures(rows: level.figureRows))
                } ?? "no count"
            let residents =
                profile.residents.map { level in
                    NumberText.symbol(level.estimate, unit: .people) + " (\(level.asOf.year))"
                        + citations.cite(context.sourcesOfFigures(rows: level.figureRows))
                } ?? ""
            rows.append([
                Markdown.text(name) + citations.cite(cluster.source), Markdown.text(Country.name(cluster.country)),
                Markdown.text(active), cluster.affiliation.rawValue.replacingUnderscores(),
                cluster.ties.isEmpty
                    ? "not coded" : cluster.ties.map { $0.rawValue.replacingUnderscores() }.joined(separator: ", "),
                cluster.catalyst.rawValue, cluster.onlineRole.rawValue, recruits, residents,
                profile.ratePer10000Residents.map { NumberText.symbol($0) } ?? "",
            ])
        }
        block += limitedTable(
            [
                "Cluster", "Country", "Active", "Affiliation", "Ties", "Catalyst", "Online role",
                Wording.capitalised(Markdown.text(phrase)), "Residents", "Per 10,000 residents",
            ], rightAligned: [7, 8, 9], rows: rows, total: summary.profiles.count, csv: "clusters")
        add(block)

        var composition = """
            ### Composition: the founding thesis in numbers

            The founding analysis holds that these clusters were built on offline ties rather than online \
            recruitment. \(Headlines.thesisSentence(context))


            """
        if let largest = summary.largestCluster?.share {
            composition +=
                "The largest cluster holds \(NumberText.words(largest, scale: 100, suffix: "%")) of the \(phrase) of all clusters with a count"
            if let three = summary.largestThreeClusters?.share {
                composition += ", the largest three \(NumberText.words(three, scale: 100, suffix: "%"))"
            }
            composition += ".\n\n"
        }
        composition += "![Cluster composition by online role, catalyst and tie](charts/composition.svg)\n\n"
        composition += "Data: [csv/composition.csv](csv/composition.csv) and [csv/thesis.csv](csv/thesis.csv).\n"
        add(composition)
        for (title, rows) in [
            ("By online role", summary.byOnlineRole), ("By catalyst", summary.byCatalyst),
            ("By tie (a cluster counts under each of its ties)", summary.byTie),
        ] {
            let tableRows = rows.map { row in
                [
                    row.category.replacingUnderscores(), NumberText.count(row.clusters),
                    NumberText.count(row.clustersWithRecruitCount),
                    row.clustersWithRecruitCount == 0 ? "" : NumberText.symbol(row.recruits, unit: .people),
                    row.clustersWithRecruitCount == 0
                        ? "" : row.share.map { NumberText.symbol($0, scale: 100, suffix: "%") } ?? "",
                ]
            }
            add(
                "#### \(title)\n\n"
                    + Markdown.table(
                        [
                            "Category", "Clusters", "With a count", Wording.capitalised(Markdown.text(phrase)),
                            "Share of all",
                        ],
                        rightAligned: [1, 2, 3, 4], rows: tableRows))
        }
    }

    mutating func countries() {
        var block = """
            ## Countries

            Offline estimates per country: the latest level (a range where sources disagree on the same date), the \
            range across every source whatever its date, and the level per million residents where the population \
            is known. National estimates differ in what they count. Data: [csv/countries.csv](csv/countries.csv).


            """
        var rows: [[String]] = []
        for estimate in context.metrics.countries.prefix(Self.rowLimit) {
            rows.append([
                Markdown.text(estimate.countryName), Markdown.text(ReportContext.phrase(estimate.measure)),
                NumberText.symbol(estimate.level.estimate, unit: estimate.unit)
                    + citations.cite(
                        estimate.figures.filter { estimate.level.figures.contains($0.reference) }
                            .compactMap(\.sourceReference)),
                DateText.day(estimate.level.asOf, short: true),
                NumberText.symbol(estimate.level.acrossSources, unit: estimate.unit)
                    + citations.cite(estimate.figures.compactMap(\.sourceReference)),
                estimate.perMillionResidents.map { NumberText.symbol($0) } ?? "",
            ])
        }
        if rows.isEmpty {
            block += "The store holds no country figures.\n"
        } else {
            block += limitedTable(
                ["Country", "Measure", "Latest level", "As of", "Across sources", "Per million residents"],
                rightAligned: [2, 4, 5], rows: rows, total: context.metrics.countries.count, csv: "countries")
        }
        add(block)
    }

    mutating func reconciliations() {
        var block = """
            ## Reconciliation checks

            Running totals are never added to anything, but one that claims to total a set of flows is a check on \
            them: the stock is compared with the sum of the figures that cover its window. Data: \
            [csv/reconciliations.csv](csv/reconciliations.csv).


            """
        var rows: [[String]] = []
        let checks = context.metrics.reconciliations.filter { context.touchesRange($0.stock.window) }
        for check in checks.prefix(Self.rowLimit) {
            let unit = check.stock.unit
            var parts = check.parts.prefix(6).map {
                NumberText.symbol($0.estimate, unit: unit) + citations.cite($0.sourceReference)
            }.joined(separator: " + ")
            if check.parts.count > 6 { parts += " + \(check.parts.count - 6) more" }
            var status = check.status.rawValue
            if check.status != .reconciles {
                status += ": difference " + NumberText.symbol(check.difference, unit: unit)
                if let percent = check.differencePercent { status += " (\(NumberText.symbol(percent, suffix: "%")))" }
            }
            if !check.sharedDays.isEmpty {
                status += "; parts share \(Wording.plural(check.sharedDays.count, "day"))"
            }
            rows.append([
                Markdown.text(
                    ReportContext.seriesName(
                        SeriesID(
                            totalOf: SeriesKey(
                                side: check.stock.side, scope: check.stock.scope, subject: check.stock.subject,
                                measure: check.stock.measure, unit: unit)))),
                Markdown.text(DateText.compact(check.stock.window)),
                NumberText.symbol(check.stock.estimate, unit: unit) + citations.cite(check.stock.sourceReference),
                parts, NumberText.symbol(check.sum, unit: unit), status,
            ])
        }
        if rows.isEmpty {
            block += "No running total is covered by other figures, so there is nothing to check.\n"
        } else {
            block += limitedTable(
                ["Series", "Window", "Running total", "Parts", "Sum of parts", "Check"], rightAligned: [2, 4],
                rows: rows, total: checks.count, csv: "reconciliations")
        }
        add(block)
    }

    mutating func disagreements() {
        var block = """
            ## Disagreeing sources

            Figures for the same subject, measure and window that differ are all kept, side by side. Statistics \
            use \(Markdown.text(context.metrics.disagreementRule)). Data: \
            [csv/disagreements.csv](csv/disagreements.csv).


            """
        var rows: [[String]] = []
        let all = ReportSelection.disagreements(context)
        for disagreement in all.prefix(Self.rowLimit) {
            let figures = disagreement.figures.map {
                NumberText.symbol($0.estimate, unit: disagreement.unit) + citations.cite($0.sourceReference)
            }.joined(separator: " · ")
            var spread = ""
            if let amount = disagreement.spread {
                spread = NumberText.symbol(.exact(amount), unit: disagreement.unit)
                if let percent = disagreement.spreadPercent {
                    spread += " (\(NumberText.decimal(percent, digits: 0))%)"
                }
            }
            rows.append([
                Markdown.text(context.subjectName(scope: disagreement.scope, subject: disagreement.subject)),
                Markdown.text(ReportContext.phrase(disagreement.measure)), disagreement.kind.rawValue,
                Markdown.text(DateText.compact(disagreement.window)), figures, spread,
                NumberText.symbol(disagreement.combined, unit: disagreement.unit),
            ])
        }
        if rows.isEmpty {
            block += "No two figures for the same subject, measure and window disagree.\n"
        } else {
            block += limitedTable(
                ["Subject", "Measure", "Kind", "Window", "Figures", "Spread", "Statistics use"], rightAligned: [5, 6],
                rows: rows, total: all.count, csv: "disagreements")
        }
        add(block)
    }

    mutating func setAside() {
        var block = """
            ## Figures set aside

            Two flows of the same subject, measure and unit whose windows overlap are never both counted. A \
            restatement replaces what it supersedes; otherwise the rule is: \
            \(Markdown.text(context.metrics.precedenceRule)). These figures were set aside, with the figures \
            counted instead. Data: [csv/set_aside.csv](csv/set_aside.csv).


            """
        var rows: [[String]] = []
        for figure in context.setAside.prefix(Self.rowLimit) {
            let cited = figure.figure
            rows.append([
                Markdown.text(cited.reference.description),
                Markdown.text(
                    ReportContext.seriesName(
                        SeriesID(
                            totalOf: SeriesKey(
                                side: cited.side, scope: cited.scope, subject: cited.subject, measure: cited.measure,
                                unit: cited.unit)))),
                Markdown.text(DateText.compact(cited.window)),
                NumberText.symbol(cited.estimate, unit: cited.unit) + citations.cite(cited.sourceReference),
                Markdown.text(figure.explanation),
            ])
        }
        if rows.isEmpty {
            block += "No figure had to be set aside.\n"
        } else {
            block += limitedTable(
                ["Figure", "Series", "Window", "As stated", "Why it is not counted"], rightAligned: [3], rows: rows,
                total: context.setAside.count, csv: "set_aside")
        }
        add(block)
    }

    mutating func gaps() {
        var lines: [String] = []
        let input = context.input
        let platforms = Set(input.series.filter { $0.side == .online }.map(\.subject))
        let missing = Platform.allCases.filter { !platforms.contains($0.rawValue) }.map {
            ReportContext.platformName($0.rawValue)
        }
        if !missing.isEmpty {
            lines.append("No figures at all from \(Wording.list(missing)).")
        }
        if let first = context.totalQuarters.first, let last = context.totalQuarters.last {
            for (side, series) in [("online", context.online), ("offline", context.offline)] {
                let covered = Set(series.flatMap { $0.quarters.map(\.quarter.index) })
                let gaps = (first.index...last.index).filter { !covered.contains($0) }.map {
                    Quarter(index: $0).description
                }
                if gaps.isEmpty { continue }
                var text =
                    "\(Wording.plural(gaps.count, "quarter")) between \(first) and \(last) \(gaps.count == 1 ? "has" : "have") no \(side) total"
                text +=
                    gaps.count <= 12 ? ": \(Wording.list(gaps))." : " (\(gaps.prefix(6).joined(separator: ", ")), …)."
                lines.append(text)
            }
        }
        // Shares and rates first (whatever their kind), then running totals and levels.
        var notSummed = [NotSummableReason: Int]()
        for index in input.rows.indices {
            guard let reason = context.notSummedReason(ofRow: index), context.touchesRange(row: index) else { continue }
            let isCount = input.seriesKey(ofRow: index).unit.isCount
            notSummed[isCount ? reason : .notACount, default: 0] += 1
        }
        if !notSummed.isEmpty {
            let parts = [
                (NotSummableReason.stock, "running totals or levels"), (.notACount, "shares or rates"),
                (.noStart, "flows without a start"),
            ].compactMap { reason, words in notSummed[reason].map { "\(NumberText.count($0)) \(words)" } }
            lines.append(
                "\(Wording.capitalised(Wording.list(parts))) are never summed into the totals; they appear in the "
                    + "quarter reports, the checks above and [csv/quarter_figures.csv](csv/quarter_figures.csv).")
        }
        let summary = context.metrics.clusters
        let withoutCount = summary.profiles.filter { $0.recruits == nil }.map {
            Markdown.text(context.subjectName(scope: .cluster, subject: $0.cluster.reference.description))
        }
        if !withoutCount.isEmpty {
            lines.append(
                "No count of \(ReportContext.phrase(summary.recruitMeasure)) for \(Wording.plural(withoutCount.count, "cluster")): "
                    + Wording.list(withoutCount) + ".")
        }
        let unknownRole = summary.profiles.filter { $0.cluster.onlineRole == .unknown }.map {
            Markdown.text(context.subjectName(scope: .cluster, subject: $0.cluster.reference.description))
        }
        if !unknownRole.isEmpty {
            lines.append(
                "Online role unknown for \(Wording.plural(unknownRole.count, "cluster")): " + Wording.list(unknownRole)
                    + "; the thesis numbers leave them out.")
        }
        let notCodedTies = summary.profiles.filter { $0.cluster.ties.isEmpty }.count
        if notCodedTies > 0 {
            lines.append("Ties are not coded for \(Wording.plural(notCodedTies, "cluster")).")
        }
        lines.append(
            "Offline totals add up different clusters (different people) and never add a cluster to its country; "
                + "country and world figures are estimates that differ in what they count (some leave out returnees, "
                + "the dead, women or children).")
        lines.append(
            "Accounts, pieces of content and items are not people: one person may hold many accounts, and platforms "
                + "disclose enforcement, not the people behind it.")
        if !context.input.unresolvedSupersedes.isEmpty {
            lines.append(
                "\(Wording.plural(context.input.unresolvedSupersedes.count, "restatement")) name a figure that is not in "
                    + "the store: "
                    + context.input.unresolvedSupersedes.prefix(10).map { Markdown.text($0.description) }.joined(
                        separator: ", ") + ".")
        }
        add("## What the data does not cover\n\n" + lines.map { "- \($0)" }.joined(separator: "\n"))
    }

    mutating func methods(tables: [DataTable]) {
        let precedence = Markdown.text(context.metrics.precedenceRule)
        let disagreement = Markdown.text(context.metrics.disagreementRule)
        let size = Markdown.text(context.metrics.sizeRule)
        add(
            """
            ## Methods

            **Figures.** Every figure has a subject, a measure and its unit, a window (start and end, each with how \
            precisely it is known), a kind and a source. A *flow* is counted within its window ("376,890 accounts \
            in July–December 2016"); a *stock* is a level at the end of its window or a running total since its \
            start ("636,248 since August 2015").

            **Quarters and apportionment.** Quarters are calendar quarters (2016Q1 is 1 January to 31 March 2016). \
            A flow whose window spans several quarters is shared out by days: each quarter gets the figure times the \
            days of the window inside it, divided by the days of the whole window. Lower and upper bounds are shared \
            out the same way. Shares are exact to a ten-thousandth and always add back to the whole figure \
            (largest-remainder rounding). A total that includes such a share is an estimate, marked †, and each \
            quarter report says how much of each total is apportioned. A window end given only approximately \
            ("since mid-2015") is read as its stated day, and the totals say how much rests on one.

            **No double counting.** Two flows of the same subject, measure and unit whose windows share a day are \
            never both counted. A figure that restates or corrects another (supersedes it) replaces it. Otherwise \
            the rule is: \(precedence). Everything set aside is listed with the figures that won and why.

            **Running totals and levels.** Stocks, shares and rates are never summed. A running total whose window \
            is covered by flows is a reconciliation check: the difference is reported with its size.

            **Disagreement.** Sources that give different figures for the same subject, measure and window are all \
            kept and shown side by side. Statistics use \(disagreement).

            **Uncertainty.** Each figure keeps its qualifier: "> 125,000" (more than), "≥ 8" (at least), \
            "≈ 90,000" (about), "< 2%" (less than), "≤ 15" (at most), "27,000–31,000" (a range). Sums, differences \
            and ratios carry their lowest and highest values through (interval arithmetic): a sum that includes a \
            "more than" is a "more than", a ratio of ranges is a range, and a figure with no upper bound stays \
            open-ended. Counts are shown as whole numbers with lower bounds rounded down and upper bounds rounded \
            up, so a printed bound is never stronger than the computed one; "≈" marks a point value that was \
            rounded. The CSV files keep every digit.

            **Statistics.** Ratios divide an online total by an offline total over the quarters where both have \
            data; they name both units. The association over time is Spearman's rank correlation between an online \
            and an offline quarterly series at lags from −4 to +4 quarters, each quarter entering by its point value \
            (or the middle of its range), with a two-sided permutation p-value: exact when every arrangement can \
            be enumerated, otherwise from random permutations drawn by a generator with a fixed seed (the count and \
            the seed are in `csv/associations.csv`), so the same data always gives the same p-value. With fewer than \(RankCorrelation.minimumPairs) paired quarters no \
            correlation is computed. A cluster's size (and a country's level) is \(size). Rates are per 10,000 \
            residents for clusters and per million residents for countries, with the population's year. \
            Concentration is the share of all cluster recruits in the largest cluster and in the largest three.

            **Files.** Every table is a CSV file (RFC 4180, UTF-8, CRLF line endings, a header row) under `csv/`, \
            described with its column types in `datapackage.json` (a Frictionless Data Package). Numbers are raw \
            digits without separators, and each estimate is four columns: `_low`, `_value`, `_high` (empty when \
            unbounded) and `_qualifier`. To guard against formula injection in spreadsheets, a text cell that \
            begins with `=`, `+`, `-`, `@`, a tab or a carriage return is written with a single quote (`'`) in \
            front; cells of numeric columns are never changed. In the Markdown, text from datasets is escaped: a \
            `|` cannot open a table column and `<`, `>` and `&` are written as entities, so no HTML passes through. \
            Fields that a dataset marks as personal data are left out\
            \(context.request.includesPersonalData ? " unless asked for; this report was asked to include them." : "; this report does not include them.")

            The CSV files: \(tables.map { "[\($0.name)](\($0.path))" }.joined(separator: ", ")).
            """)
    }

    mutating func quarterLinks() {
        let links = context.reportQuarters.map { "[\($0)](quarters/\($0).md)" }
        add(
            "## Quarter reports\n\n"
                + (links.isEmpty
                    ? "No quarter has data.\n"
                    : "One report per quarter with data: what was disclosed and recorded, how it changed, and "
                        + "which totals are apportioned.\n\n" + links.joined(separator: " · ") + "\n"))
    }

    mutating func provenance() {
        var block = "## Provenance\n\n"
        block += "Generated by signalgap \(Markdown.text(context.request.version))"
        if let date = context.request.date { block += " on \(date.iso)" }
        block += " from \(Wording.plural(context.request.datasets.count, "dataset")), identified by the SHA-256 of "
        block += "their files. The same store always gives the same report, byte for byte.\n\n"
        let rows = context.request.datasets.sorted { $0.name < $1.name }.map {
            [Markdown.text($0.name), Markdown.text($0.title), Markdown.text($0.contentHash)]
        }
        block += Markdown.table(["Dataset", "Title", "Content hash (SHA-256)"], rows: rows)
        add(block)
    }
}
