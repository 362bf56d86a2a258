import Foundation
import SignalgapModel
import SignalgapStatistics
import Testing

@testable import SignalgapReport

@Suite("Report golden files")
struct ReportGoldenTests {
    @Test("Markdown, CSV, JSON and SVG of the fixture match the golden files byte for byte")
    func matchesGoldenFiles() throws {
        let files = ReportGenerator.make(ReportFixture.request(date: Day(iso: "2024-01-02")))
        if Golden.isRecording {
            try Golden.record(files)
            print("RECORDED: golden report files rewritten in \(Golden.folder.path)")
        }
        let stored = try Golden.stored()
        #expect(
            Set(stored.keys) == Set(files.map(\.path)),
            "files differ from the golden set; re-record with SIGNALGAP_RECORD_GOLDEN=1 if intended")
        for file in files {
            guard let expected = stored[file.path] else { continue }
            if expected != file.contents {
                let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
                let actualLines = file.contents.split(separator: "\n", omittingEmptySubsequences: false)
                let first = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }
                let line = first.map { $0.offset + 1 } ?? min(expectedLines.count, actualLines.count) + 1
                Issue.record(
                    "\(file.path) differs from its golden file at line \(line): expected \(first.map { String($0.element.0) } ?? "(end)"), got \(first.map { String($0.element.1) } ?? "(end)"). Re-record with SIGNALGAP_RECORD_GOLDEN=1 only if the change is intended."
                )
            }
        }
    }

    @Test("The same request gives byte-identical files")
    func isDeterministic() {
        let first = ReportGenerator.make(ReportFixture.request())
        let second = ReportGenerator.make(ReportFixture.request())
        #expect(first == second)
        #expect(first.map(\.path) == first.map(\.path).sorted())
    }

    @Test("Without a date, no date is printed; with one, it is the given day")
    func dateOnlyFromRequest() throws {
        let undated = ReportGenerator.make(ReportFixture.request())
        let readme = try #require(undated.first { $0.path == "README.md" })
        #expect(!readme.contents.contains("report date"))
        let dated = ReportGenerator.make(ReportFixture.request(date: Day(iso: "2024-01-02")))
        let datedReadme = try #require(dated.first { $0.path == "README.md" })
        #expect(datedReadme.contents.contains("report date 2024-01-02"))
        #expect(ReportRequest.date(fromEnvironment: ["SOURCE_DATE_EPOCH": "1704153600"]) == Day(iso: "2024-01-02"))
        #expect(ReportRequest.date(fromEnvironment: ["SOURCE_DATE_EPOCH": "soon"]) == nil)
        #expect(ReportRequest.date(fromEnvironment: [:]) == nil)
    }

    @Test("A one-quarter request writes that quarter's report and a summary of it")
    func oneQuarter() throws {
        let quarter = try #require(Quarter("2016Q1"))
        let files = ReportGenerator.make(ReportFixture.request(quarters: quarter...quarter))
        let quarterFiles = files.map(\.path).filter { $0.hasPrefix("quarters/") }
        #expect(quarterFiles == ["quarters/2016Q1.md"])
        let readme = try #require(files.first { $0.path == "README.md" })
        #expect(readme.contents.contains("Quarters reported: **2016Q1**"))
        #expect(!readme.contents.contains("[2016Q2](quarters/2016Q2.md)"))
        let totals = try #require(files.first { $0.path == "csv/quarterly_totals.csv" })
        let quarters = Set(totals.contents.split(separator: "\r\n").dropFirst().map { $0.prefix(6) })
        #expect(quarters == ["2016Q1"])
    }

    @Test("Headlines are sentences from the data with their qualifiers")
    func headlines() throws {
        let files = ReportGenerator.make(ReportFixture.request())
        let readme = try #require(files.first { $0.path == "README.md" }).contents
        #expect(readme.contains("Twitter suspended more than 125,000 accounts between mid-2015 and 5 February 2016."))
        #expect(readme.contains("By 31 December 2017 Twitter had suspended 1,210,357 accounts since August 2015."))
        #expect(readme.contains("27,000–31,000 foreign fighters worldwide as of December 2015"))
        #expect(readme.contains("reconciles: 636,248 + 299,649 + 274,460 = 1,210,357"))
        #expect(readme.contains("not enough data (n = "))
    }

    @Test("Writing refuses paths outside the output folder")
    func unsafePaths() {
        #expect(throws: ReportError.unsafePath("../escape.md")) {
            try ReportFile.write([ReportFile(path: "../escape.md", contents: "")], to: "/tmp/signalgap-unused")
        }
        #expect(throws: ReportError.unsafePath("/etc/x")) {
            try ReportFile.write([ReportFile(path: "/etc/x", contents: "")], to: "/tmp/signalgap-unused")
        }
    }
}
