import Foundation
import Testing

/// `stats` and `trace` run on the bundled datasets, checked against figures an
/// analyst can verify by hand from `Datasets/` and `../shared/reference/sourced-figures.md`.
@Suite struct BundledDatasetTests {
    /// The repository's Datasets folder, found from this file.
    static let datasets: String = {
        var root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while root.path != "/"
            && !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path)
        {
            root = root.deletingLastPathComponent()
        }
        return root.appendingPathComponent("Datasets").path
    }()

    func importedProject() throws -> Project {
        let project = try Project.make()
        let imported = try project.run("import", "--datasets", BundledDatasetTests.datasets)
        #expect(imported.status == 0, "\(imported)")
        #expect(imported.stdout.contains("twitter: imported 9 sources, 25 takedown counts"), "\(imported)")
        return project
    }

    @Test func statsReconcilesTheTwitterRunningTotals() throws {
        let project = try importedProject()
        defer { project.remove() }
        let stats = try project.run("stats", "--format", "json")
        #expect(stats.status == 0, "\(stats)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        let checks = try #require(json["reconciliations"] as? [[String: Any]])
        // 636,248 + 299,649 + 274,460 = 1,210,357: reconciles exactly.
        let total = try #require(
            checks.first { ($0["stock"] as? [String: Any])?["reference"] as? String == "twitter:total-2017-12-31" })
        #expect(total["status"] as? String == "reconciles")
        let sum = try #require(total["sum"] as? [String: Any])
        #expect(sum["value"] as? Double == 1_210_357)
        let parts = try #require(total["parts"] as? [[String: Any]])
        let values = parts.compactMap { ($0["figure"] as? [String: Any])?["value"] as? Double }.sorted()
        #expect(values == [274_460, 299_649, 636_248])
    }

    @Test func statsTableShowsTheRulesAndTheRefusals() throws {
        let project = try importedProject()
        defer { project.remove() }
        let stats = try project.run("stats")
        #expect(stats.status == 0, "\(stats)")
        #expect(stats.stderr == "")
        // 376,890 accounts over Jul–Dec 2016 gives 188,445 to each of the two quarters (92 and 92 days).
        #expect(stats.stdout.contains("2016Q3   twitter: accounts suspended"))
        #expect(
            stats.stdout.lines.contains {
                $0.hasPrefix("2016Q3") && $0.contains("accounts suspended") && $0.contains("188,445")
            })
        #expect(
            stats.stdout.contains(
                "twitter:total-2017-12-31: 636,248 + 299,649 + 274,460 = 1,210,357 against 1,210,357: reconciles"))
        // Too few paired quarters: never a number.
        #expect(stats.stdout.contains("not enough data"))
        #expect(stats.stdout.contains("needs ≥ 8"))
        // Disagreement kept side by side: France 1,800 versus 1,700.
        #expect(stats.stdout.contains("1,800 (Breitbart) vs 1,700 (European Post) -> 1,700–1,800"))
    }

    @Test func statsCSVHasBoundsInTheirOwnColumns() throws {
        let project = try importedProject()
        defer { project.remove() }
        let stats = try project.run("stats", "--from", "2015Q3", "--to", "2015Q4", "--format", "csv")
        #expect(stats.status == 0, "\(stats)")
        let lines = stats.stdout.lines
        #expect(
            lines.first
                == "quarter,side,series,subject,measure,unit,low,value,high,qualifier,text,apportioned_low,apportioned_high,figures,sources"
        )
        // "More than 125,000" since mid-2015 (2015-07-01 to 2016-02-05, 220 days): 2015Q3 holds
        // 92 days, so more than 125,000 × 92 / 220 = 52,272.7273 (low and value); the high stays open.
        let q3 = try #require(lines.first { $0.hasPrefix("2015Q3,online,twitter: accounts suspended,") })
        #expect(q3.contains(",52272.7273,52272.7273,,more_than,"), "\(q3)")
        // The whole row: the text quoted (it has a comma), then the apportioned
        // share (all of it, open-ended), one figure, one source; no newline after the last row.
        #expect(
            q3 == "2015Q3,online,twitter: accounts suspended,twitter,accounts_suspended,accounts,"
                + "52272.7273,52272.7273,,more_than,\"> 52,272.7273\",52272.7273,,1,1")
        #expect(!stats.stdout.hasSuffix("\n\n"))
    }

    @Test func traceNamesEveryFigureBehindACell() throws {
        let project = try importedProject()
        defer { project.remove() }
        let trace = try project.run("trace", "2016Q3", "twitter", "accounts_suspended")
        #expect(trace.status == 0, "\(trace)")
        #expect(trace.stdout.lines.first == "2016Q3 twitter accounts_suspended: total 188,445")
        let counted = try #require(trace.stdout.lines.first { $0.hasPrefix("twitter:tr-2016h2 ") })
        #expect(counted.contains("92 of 184") && counted.contains("counted"))
        let setAside = try #require(trace.stdout.lines.first { $0.hasPrefix("twitter:blog-2016-08-18 ") })
        #expect(setAside.contains("set_aside") && setAside.contains("overlaps twitter:tr-2016h2"))
        let stock = try #require(trace.stdout.lines.first { $0.hasPrefix("twitter:total-2016-12-31 ") })
        #expect(stock.contains("not_summed"))
        // Each figure's notes, whole in CSV (the table cuts long cells).
        let csv = try project.run("trace", "2016Q3", "twitter", "accounts_suspended", "--format", "csv")
        #expect(csv.stdout.lines.first?.hasSuffix(",source,notes") == true, "\(csv)")
        #expect(csv.stdout.contains(",\"Transparency report, second half of 2016.\"\n"), "\(csv)")
    }

    @Test func traceOfAnUnknownMeasureIsAnInputError() throws {
        let project = try importedProject()
        defer { project.remove() }
        let trace = try project.run("trace", "2016Q3", "twitter", "accounts_suspend")
        #expect(trace.status == 65, "\(trace)")
        #expect(trace.stdout == "")
        #expect(trace.stderr.hasPrefix("error: "))
        let badQuarter = try project.run("trace", "2016Q5", "twitter", "accounts_suspended")
        #expect(badQuarter.status == 64, "\(badQuarter)")
    }
}

/// `Reports/` in git holds the report of the bundled datasets: regenerating it
/// must give the same bytes, so a change to code or data that changes the report
/// shows up in review. To accept a change on purpose: `make report`, then commit `Reports/`.
@Suite struct CommittedReportTests {
    static let reports: String = {
        URL(fileURLWithPath: BundledDatasetTests.datasets).deletingLastPathComponent().appendingPathComponent("Reports")
            .path
    }()

    /// The generated files under a report folder, relative to it.
    static func files(under root: String) -> [String] {
        let manager = FileManager.default
        var found: [String] = []
        for top in ["README.md", "datapackage.json"] where manager.fileExists(atPath: root + "/" + top) {
            found.append(top)
        }
        for folder in ["quarters", "csv", "charts"] {
            let names = (try? manager.contentsOfDirectory(atPath: root + "/" + folder)) ?? []
            found += names.map { folder + "/" + $0 }
        }
        return found.sorted()
    }

    @Test func theCommittedReportIsWhatTheBundledDatasetsGive() throws {
        let project = try Project.make()
        defer { project.remove() }
        let imported = try project.run("import", "--datasets", BundledDatasetTests.datasets)
        #expect(imported.status == 0, "\(imported)")
        let report = try project.run("report", "--out", "out", environment: ["SOURCE_DATE_EPOCH": ""])
        #expect(report.status == 0, "\(report)")
        #expect(report.stderr == "", "no progress lines when stderr is not a terminal")
        let generated = CommittedReportTests.files(under: project.path + "/out")
        let committed = CommittedReportTests.files(under: CommittedReportTests.reports)
        #expect(generated == committed, "the set of report files differs from Reports/; run `make report` and commit")
        for file in generated where committed.contains(file) {
            let fresh = project.bytes("out/" + file)
            let kept = FileManager.default.contents(atPath: CommittedReportTests.reports + "/" + file)
            #expect(
                fresh == kept, "Reports/\(file) differs from a fresh report; run `make report` and review the change")
        }
    }

    @Test func theSameStoreGivesByteIdenticalReports() throws {
        let project = try Project.make()
        defer { project.remove() }
        _ = try project.run("import", "--datasets", BundledDatasetTests.datasets)
        _ = try project.run("report", "--out", "first")
        _ = try project.run("report", "--out", "second")
        let files = CommittedReportTests.files(under: project.path + "/first")
        #expect(!files.isEmpty)
        #expect(files == CommittedReportTests.files(under: project.path + "/second"))
        for file in files {
            #expect(project.bytes("first/" + file) == project.bytes("second/" + file), "\(file)")
        }
    }

    @Test func aQuarterReportHasThatQuarterOnly() throws {
        let project = try Project.make()
        defer { project.remove() }
        _ = try project.run("import", "--datasets", BundledDatasetTests.datasets)
        let report = try project.run("report", "--quarter", "2016Q3", "--out", "q")
        #expect(report.status == 0, "\(report)")
        #expect(
            CommittedReportTests.files(under: project.path + "/q").filter { $0.hasPrefix("quarters/") } == [
                "quarters/2016Q3.md"
            ])
        let summary = try project.read("q/README.md")
        #expect(summary.contains("2016Q3"))
        #expect(!summary.contains("[2017Q1]"))
    }
}

/// Replacing a dataset so that another dataset's references break is refused,
/// naming the file, line and column of every broken reference.
@Suite struct BrokenReferenceTests {
    @Test func droppingAClusterOthersReferToIsRefusedWithTheirFileLineAndColumn() throws {
        let project = try Project.make()
        defer { project.remove() }
        try FileManager.default.removeItem(atPath: project.path + "/Datasets")
        try FileManager.default.copyItem(atPath: BundledDatasetTests.datasets, toPath: project.path + "/Datasets")
        #expect(try project.run("import").status == 0)
        let before = project.bytes("signalgap.sqlite")
        let clusters = try project.read("Datasets/tsg-offline-allure/clusters.csv")
        try project.write(
            clusters.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("derna,") }
                .joined(separator: "\n"), to: "Datasets/tsg-offline-allure/clusters.csv")
        let imported = try project.run("import", "tsg-offline-allure")
        #expect(imported.status == 65, "\(imported)")
        #expect(imported.stdout == "")
        #expect(
            imported.stderr.hasPrefix(
                "Datasets/derna/figures.csv:2:22: error: derna:sinjar-derna refers to cluster tsg-offline-allure:derna, which is not in the store\n"
            ),
            "\(imported)")
        #expect(project.bytes("signalgap.sqlite") == before, "the store is left as it was")

        // When the referring file has changed since its import, the row is
        // named where it is now.
        let figures = try project.read("Datasets/derna/figures.csv")
        var lines = figures.split(separator: "\n", omittingEmptySubsequences: false)
        lines.swapAt(1, 2)
        try project.write(lines.joined(separator: "\n"), to: "Datasets/derna/figures.csv")
        let again = try project.run("import", "tsg-offline-allure")
        #expect(again.status == 65, "\(again)")
        #expect(
            again.stderr.hasPrefix(
                "Datasets/derna/figures.csv:3:22: error: derna:sinjar-derna refers to cluster tsg-offline-allure:derna, which is not in the store\n"
            ),
            "\(again)")
    }
}
