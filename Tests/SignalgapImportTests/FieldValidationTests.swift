import Foundation
import SignalgapImport
import SignalgapModel
import Testing

/// One bad field in an otherwise valid row, and the one diagnostic it must produce.
struct FieldCase: Sendable, CustomTestStringConvertible {
    var kind: ResourceKind
    var changes: Row
    var column: String
    var message: String
    var hint: String?

    init(_ kind: ResourceKind, _ changes: Row, at column: String, _ message: String, hint: String? = nil) {
        self.kind = kind
        self.changes = changes
        self.column = column
        self.message = message
        self.hint = hint
    }

    var testDescription: String { "\(kind.rawValue) \(changes): \(message)" }
}

@Suite struct FieldValidationTests {
    static let cases: [FieldCase] = [
        // Codes.
        FieldCase(
            .takedownCounts, ["qualifier": "aprox"], at: "qualifier",
            "qualifier \"aprox\" is not one of exact, more_than, at_least, about, fewer_than, at_most, range"),
        FieldCase(
            .takedownCounts, ["qualifier": "More than"], at: "qualifier",
            "qualifier \"More than\" is not one of exact, more_than, at_least, about, fewer_than, at_most, range",
            hint: "did you mean \"more_than\"?"),
        FieldCase(
            .takedownCounts, ["platform": "myspace"], at: "platform",
            "platform \"myspace\" is not one of twitter, facebook, youtube, google, microsoft, telegram, europol_iru"),
        FieldCase(
            .takedownCounts, ["kind": "flows"], at: "kind",
            "kind \"flows\" is not one of flow, stock", hint: "did you mean \"flow\"?"),
        FieldCase(
            .takedownCounts, ["end_precision": "monthly"], at: "end_precision",
            "end_precision \"monthly\" is not one of day, month, quarter, year, approximate",
            hint: "did you mean \"month\"?"),
        FieldCase(
            .takedownCounts, ["id": "T1"], at: "id", "id \"T1\" is not a valid id",
            hint: "use lower-case letters, digits, '-', '_' and '.', starting with a letter or digit"),
        // Measures and units.
        FieldCase(
            .takedownCounts, ["measure": "acounts_suspended"], at: "measure",
            "measure \"acounts_suspended\" is not in the codebook", hint: "did you mean \"accounts_suspended\"?"),
        FieldCase(
            .takedownCounts, ["measure": "likes"], at: "measure", "measure \"likes\" is not in the codebook",
            hint: "the online measures are: " + Codebook.measureList(side: .online)),
        FieldCase(
            .takedownCounts, ["unit": "people"], at: "unit",
            "unit \"people\" does not match measure \"accounts_suspended\", which is counted in accounts",
            hint: "units never mix: use unit accounts, or another measure"),
        FieldCase(
            .takedownCounts, ["measure": "travelled", "unit": "people"], at: "measure",
            "measure \"travelled\" is an offline measure and cannot be used in takedown_counts"),
        FieldCase(
            .offlineFigures, ["measure": "accounts_suspended", "unit": "accounts"], at: "measure",
            "measure \"accounts_suspended\" is an online measure and cannot be used in offline_figures"),
        // Numbers.
        FieldCase(
            .takedownCounts, ["value": "1.5"], at: "value",
            "value \"1.5\" is not a whole number, and accounts are counted in whole numbers",
            hint: "counts are never rounded: give the figure as the source does, or use a range with low and high"),
        FieldCase(
            .takedownCounts, ["value": "1e3"], at: "value", "value \"1e3\" uses an exponent",
            hint: "write the number in full, without e"),
        FieldCase(
            .takedownCounts, ["value": "1,000"], at: "value", "value \"1,000\" has a thousands separator",
            hint: "write digits only: 1000"),
        FieldCase(.takedownCounts, ["value": "-5"], at: "value", "value -5 is negative; a count of accounts cannot be"),
        FieldCase(
            .takedownCounts, ["value": "1.23456"], at: "value", "value \"1.23456\" has more than 4 decimal places"),
        FieldCase(
            .takedownCounts, ["value": "about 5"], at: "value", "value \"about 5\" is not a number",
            hint:
                "write a plain decimal number such as 125000 or 83.64; put words like \"more than\" in the qualifier column"
        ),
        FieldCase(
            .takedownCounts, ["value": "+5"], at: "value", "value \"+5\" is not a number",
            hint:
                "write a plain decimal number such as 125000 or 83.64; put words like \"more than\" in the qualifier column"
        ),
        FieldCase(
            .takedownCounts, ["value": "", "qualifier": "about", "low": "1.5", "high": "3"], at: "low",
            "low \"1.5\" is not a whole number, and accounts are counted in whole numbers",
            hint: "counts are never rounded: give the figure as the source does, or use a range with low and high"),
        FieldCase(
            .offlineFigures, ["measure": "residents", "value": "-3"], at: "value",
            "value -3 is negative; a count of people cannot be"),
        FieldCase(
            .offlineFigures,
            ["measure": "foreign_fighters_per_million", "unit": "per_million_residents", "value": "-1.5"],
            at: "value", "value -1.5 is negative; a count of per_million_residents cannot be"),
        // Dates and windows.
        FieldCase(
            .takedownCounts, ["end": "2015-02-29", "end_precision": "day", "start": "2015-01-01"], at: "end",
            "end \"2015-02-29\" is not a real calendar date"),
        FieldCase(
            .takedownCounts, ["end": "30/06/2016"], at: "end",
            "end \"30/06/2016\" is not a date in the form YYYY-MM-DD",
            hint:
                "write the full date and say how precise it is in the precision column (\"mid-2015\" is 2015-07-01 with precision approximate)"
        ),
        FieldCase(
            .takedownCounts, ["end": "2016-06-29"], at: "end",
            "end 2016-06-29 does not match precision month: expected the last day of a month",
            hint: "use precision day or approximate for a date inside the period"),
        FieldCase(
            .takedownCounts, ["start": "2016-01-02"], at: "start",
            "start 2016-01-02 does not match precision month: expected the first day of a month",
            hint: "use precision day or approximate for a date inside the period"),
        FieldCase(
            .takedownCounts, ["end": "2016-06-15", "end_precision": "quarter"], at: "end",
            "end 2016-06-15 does not match precision quarter: expected the last day of a quarter (03-31, 06-30, 09-30, 12-31)",
            hint: "use precision day or approximate for a date inside the period"),
        FieldCase(
            .takedownCounts, ["start": "2016-07-01", "start_precision": "year"], at: "start",
            "start 2016-07-01 does not match precision year: expected 1 January",
            hint: "use precision day or approximate for a date inside the period"),
        FieldCase(
            .takedownCounts,
            ["start": "2016-06-01", "start_precision": "day", "end": "2016-01-31", "end_precision": "day"],
            at: "end", "end 2016-01-31 is before start 2016-06-01",
            hint: "a window runs from start to end, both included"),
        FieldCase(
            .takedownCounts, ["start": "", "start_precision": ""], at: "start",
            "start is empty, but a flow needs one",
            hint: "a flow is counted from start to end; a level as of end is kind stock"),
        FieldCase(
            .takedownCounts, ["start": "2016-01-01", "start_precision": ""], at: "start_precision",
            "start_precision is empty, but start is given",
            hint: "say how precisely start is known: day, month, quarter, year or approximate"),
        FieldCase(
            .offlineFigures, ["start_precision": "month"], at: "start_precision",
            "start_precision is given but start is empty"),
        FieldCase(
            .takedownCounts, ["end": "", "end_precision": ""], at: "end", "end is empty",
            hint: "end is required in every row"),
        // Qualifier rules.
        FieldCase(
            .takedownCounts, ["qualifier": "range", "value": ""], at: "low", "qualifier range needs both low and high"),
        FieldCase(
            .takedownCounts, ["qualifier": "range", "value": "", "low": "100"], at: "low",
            "qualifier range needs both low and high"),
        FieldCase(
            .takedownCounts, ["low": "100000"], at: "low", "low is given, but qualifier exact takes no low",
            hint: "use qualifier about or range for a figure with bounds"),
        FieldCase(
            .takedownCounts, ["high": "130000"], at: "high", "high is given, but qualifier exact takes no high",
            hint: "use qualifier about or range for a figure with bounds"),
        FieldCase(
            .takedownCounts, ["qualifier": "range", "value": "", "low": "10", "high": "5"], at: "low",
            "low is above high"),
        FieldCase(
            .takedownCounts, ["qualifier": "more_than", "low": "100000"], at: "low",
            "low differs from value, but for qualifier more_than the low bound is the value itself",
            hint: "leave low empty, or use qualifier range"),
        FieldCase(
            .takedownCounts, ["qualifier": "about", "low": "100000"], at: "low",
            "qualifier about takes low and high together, or neither"),
        FieldCase(
            .takedownCounts, ["qualifier": "about", "low": "1", "high": "5"], at: "value",
            "value lies outside low and high"),
        FieldCase(
            .takedownCounts, ["value": ""], at: "value", "value is empty, but qualifier exact needs one",
            hint: "only a range may leave value empty"),
        // References.
        FieldCase(
            .takedownCounts, ["source": "s9"], at: "source", "source \"s9\" is not in this dataset's sources",
            hint: "add it to the sources resource, or write DATASET:ID for a source in another dataset"),
        FieldCase(
            .takedownCounts, ["source": ""], at: "source", "source is empty", hint: "source is required in every row"),
        FieldCase(
            .takedownCounts, ["source": "S 9"], at: "source", "source \"S 9\" is not a reference",
            hint: "write ID for a row of this dataset, or DATASET:ID for a row of another dataset"),
        FieldCase(.takedownCounts, ["supersedes": "t1"], at: "supersedes", "a figure cannot supersede itself"),
        FieldCase(
            .offlineFigures, ["scope": "cluster", "subject": "nowhere"], at: "subject",
            "cluster \"nowhere\" is not in this dataset's clusters",
            hint: "add it to the clusters resource, or write DATASET:ID for a cluster in another dataset"),
        FieldCase(
            .offlineFigures, ["scope": "cluster", "subject": "Lisleby"], at: "subject",
            "subject \"Lisleby\" is not a cluster reference",
            hint: "write the cluster's id, or DATASET:ID for a cluster of another dataset"),
        FieldCase(
            .clusters, ["source": "s9"], at: "source", "source \"s9\" is not in this dataset's sources",
            hint: "add it to the sources resource, or write DATASET:ID for a source in another dataset"),
        // Subjects and countries.
        FieldCase(
            .offlineFigures, ["subject": "be"], at: "subject",
            "subject \"be\" is not an ISO 3166-1 alpha-2 country code", hint: "write it in upper case: BE"),
        FieldCase(
            .offlineFigures, ["subject": "XX"], at: "subject",
            "subject \"XX\" is not an ISO 3166-1 alpha-2 country code", hint: "for example NO, BE, FR, TN"),
        FieldCase(
            .offlineFigures, ["scope": "world", "subject": "global"], at: "subject",
            "subject \"global\" does not match scope world", hint: "write world"),
        FieldCase(
            .offlineFigures, ["scope": "platform", "subject": "twitter"], at: "scope",
            "scope platform belongs in takedown counts, not offline figures"),
        FieldCase(
            .clusters, ["country": "no"], at: "country",
            "country \"no\" is not an ISO 3166-1 alpha-2 code", hint: "write it in upper case: NO"),
        // Clusters' coded attributes.
        FieldCase(
            .clusters, ["ties": "friendship;freindship"], at: "ties",
            "tie \"freindship\" is not one of friendship, family, neighbourhood, sports, religious_venue, school, prison, online",
            hint: "did you mean \"friendship\"? (ties are separated by ';')"),
        FieldCase(
            .clusters, ["ties": "friendship,family"], at: "ties",
            "tie \"friendship,family\" is not one of friendship, family, neighbourhood, sports, religious_venue, school, prison, online",
            hint: "separate ties with ';'"),
        FieldCase(.clusters, ["ties": "family;family"], at: "ties", "tie \"family\" is listed twice"),
        FieldCase(
            .clusters, ["catalyst": "maybe"], at: "catalyst", "catalyst \"maybe\" is not one of yes, no, unknown"),
        FieldCase(
            .clusters, ["online_role": "major"], at: "online_role",
            "online_role \"major\" is not one of none, minor, supporting, central, unknown",
            hint: "did you mean \"minor\"?"),
        FieldCase(
            .clusters, ["affiliation": "isis"], at: "affiliation",
            "affiliation \"isis\" is not one of islamic_state, al_shabaab, al_qaeda, jabhat_al_nusra, other, unknown"),
        FieldCase(
            .clusters, ["active_start": "2015-01-01", "active_end": "2012-12-31"], at: "active_end",
            "active_end 2012-12-31 is before active_start 2015-01-01"),
        FieldCase(.clusters, ["name": ""], at: "name", "name is empty", hint: "name is required in every row"),
        // Sources.
        FieldCase(
            .sources, ["status": "primary"], at: "status", "status \"primary\" is not one of verified, secondary"),
        FieldCase(.sources, ["title": ""], at: "title", "title is empty", hint: "title is required in every row"),
        FieldCase(
            .sources, ["published": "2016-02-30"], at: "published",
            "published \"2016-02-30\" is not a real calendar date"),
    ]

    /// Writes dataset "a" with one valid row of every kind, the one bad row
    /// replacing the row of its kind, and expects exactly one diagnostic.
    @Test(arguments: cases)
    func reportsTheFieldWithItsPlace(_ bad: FieldCase) throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        var rows: [ResourceKind: [Row]] = [
            .sources: [Rows.source()], .clusters: [Rows.cluster()],
            .takedownCounts: [Rows.takedown()], .offlineFigures: [Rows.figure()],
        ]
        // A bad source row would leave the other rows without their source: give them another one.
        if bad.kind == .sources { rows[.sources] = [Rows.source("s0"), Rows.source()] }
        let badRow = (rows[bad.kind]?.last ?? [:]).with(bad.changes)
        rows[bad.kind]?.removeLast()
        rows[bad.kind]?.append(badRow)
        if bad.kind == .sources {
            for kind in [ResourceKind.clusters, .takedownCounts, .offlineFigures] {
                rows[kind] = rows[kind]?.map { $0.with(["source": "s0"]) }
            }
        }
        try workspace.write(
            "a", sources: rows[.sources] ?? [], clusters: rows[.clusters] ?? [],
            takedowns: rows[.takedownCounts] ?? [], figures: rows[.offlineFigures] ?? [])

        let line = (rows[bad.kind]?.count ?? 0) + 1  // the header is line 1
        let column = CSV.column(of: bad.column, in: badRow, header: CSV.header(bad.kind))
        var expected = "\(workspace.file("a", bad.kind)):\(line):\(column): error: \(bad.message)"
        if let hint = bad.hint { expected += "\n  hint: \(hint)" }
        #expect(try workspace.diagnostics(["a"]) == [expected])
    }

    /// The example of the issue, to the letter (the path is relative because the root is).
    @Test func theIssuesExample() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        // Columns are matched by name: put qualifier second, so that it starts at column 7
        // after a five-letter id.
        var header = CSV.header(.offlineFigures).filter { $0 != "qualifier" }
        header.insert("qualifier", at: 1)
        var rows = (2...14).map { line in
            Rows.figure(String(format: "fig%02d", line)).with(["scope": "cluster", "subject": "lisleby"])
        }
        rows[12]["qualifier"] = "aprox"
        try workspace.write("lisleby", clusters: [Rows.cluster()])
        try workspace.write(CSV.text(header: header, rows: rows), to: workspace.file("lisleby", .offlineFigures))

        let problems = try workspace.problems(["lisleby"])
        let prefix = workspace.datasets + "/"
        #expect(
            problems.diagnostics.map { $0.description.replacingOccurrences(of: prefix, with: "Datasets/") } == [
                "Datasets/lisleby/figures.csv:14:7: error: qualifier \"aprox\" is not one of exact, more_than, at_least, about, fewer_than, at_most, range"
            ])
    }

    /// Every problem of a row is reported, in column order, not just the first.
    @Test func everyProblemOfARowInColumnOrder() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        let row = Rows.takedown().with(["qualifier": "aprox", "measure": "likes", "value": "1e3", "source": "s9"])
        try workspace.write("a", takedowns: [row])
        let header = CSV.header(.takedownCounts)
        let messages = try workspace.problems(["a"]).diagnostics
        #expect(
            messages.map(\.message) == [
                "measure \"likes\" is not in the codebook",
                "value \"1e3\" uses an exponent",
                "qualifier \"aprox\" is not one of exact, more_than, at_least, about, fewer_than, at_most, range",
                "source \"s9\" is not in this dataset's sources",
            ])
        #expect(
            messages.map { $0.location?.column }
                == ["measure", "value", "qualifier", "source"].map {
                    CSV.column(of: $0, in: row, header: header)
                })
        #expect(messages.allSatisfy { $0.location?.line == 2 })
    }

    /// Valid edge cases that must not be errors.
    @Test func validRowsPass() throws {
        let workspace = try Workspace.make()
        defer { workspace.remove() }
        try workspace.write(
            "a",
            clusters: [
                Rows.cluster(),
                Rows.cluster("unknowns").with([
                    "ties": "", "active_start": "", "active_start_precision": "", "active_end": "",
                    "active_end_precision": "",
                    "catalyst": "unknown", "online_role": "unknown", "district": "", "city": "",
                ]),
            ],
            takedowns: [
                Rows.takedown(),
                Rows.takedown("t2").with(["measure": "change_on_previous_period", "unit": "percent", "value": "-20.5"]),
                Rows.takedown("t3").with([
                    "qualifier": "more_than", "value": "125000", "low": "125000", "kind": "stock",
                    "start": "2015-07-01", "start_precision": "approximate", "end": "2016-02-05",
                    "end_precision": "day",
                ]),
                Rows.takedown("t4").with([
                    "qualifier": "fewer_than", "measure": "share_suspended_before_first_post",
                    "unit": "percent", "value": "2",
                ]),
                Rows.takedown("t5").with(["notes": "a note, with \"quotes\"\nand a newline", "supersedes": "t1"]),
                Rows.takedown("t6").with([
                    "start": "2016-01-01", "start_precision": "quarter", "end": "2016-03-31",
                    "end_precision": "quarter",
                ]),
                Rows.takedown("t7").with([
                    "start": "2016-01-01", "start_precision": "year", "end": "2016-12-31", "end_precision": "year",
                    "value": "1.0000",
                ]),
            ],
            figures: [
                Rows.figure(),
                Rows.figure("f2").with([
                    "qualifier": "range", "value": "", "low": "27000", "high": "31000", "scope": "world",
                    "subject": "world", "measure": "foreign_fighters",
                ]),
                Rows.figure("f3").with([
                    "scope": "cluster", "subject": "lisleby", "measure": "travelled", "qualifier": "exact",
                    "value": "7",
                ]),
                Rows.figure("f4").with([
                    "scope": "cluster", "subject": "lisleby", "measure": "residents", "qualifier": "about",
                    "value": "15000", "low": "14000", "high": "16000", "end": "2015-12-31", "end_precision": "day",
                ]),
                Rows.figure("f5").with([
                    "measure": "share_of_national_recruits", "unit": "percent", "value": "83.64", "qualifier": "exact",
                ]),
            ])
        #expect(try workspace.diagnostics(["a"]) == [])
    }
}
