import Foundation
import Testing

/// Imports large enough to go through the batched, two-thread write path
/// (batches of 64 rows handed over 512 at a time).
@Suite struct LargeImportTests {
    /// `count` flows of one series, one day each, with ids `t0`, `t1`, …; `duplicate`
    /// repeats an earlier id at that row number (0-based).
    func writeTakedowns(_ project: Project, count: Int, duplicate: (row: Int, of: Int)? = nil) throws {
        try project.writeDemo()
        var lines = [
            "id,platform,measure,unit,start,start_precision,end,end_precision,kind,value,low,high,qualifier,source,"
                + "supersedes,notes"
        ]
        for index in 0..<count {
            let id = duplicate.map { index == $0.row ? "t\($0.of)" : "t\(index)" } ?? "t\(index)"
            let date = Self.iso(daysAfter2000: index)
            lines.append(
                "\(id),youtube,content_actioned,pieces,\(date),day,\(date),day,flow,\(index),,,exact,twitter-blog,,"
                    + "\"note, \"\"\(index)\"\"\"")
        }
        try project.write(lines.joined(separator: "\r\n") + "\r\n", to: "Datasets/demo/takedowns.csv")
    }

    static func iso(daysAfter2000 days: Int) -> String {
        var components = DateComponents()
        components.year = 2000
        components.month = 1
        components.day = 1 + days
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let date = calendar.date(from: components) ?? Date(timeIntervalSince1970: 0)
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    @Test func everyRowOfALargeDatasetArrives() throws {
        let project = try Project.make()
        defer { project.remove() }
        try writeTakedowns(project, count: 1_300)
        let imported = try project.run("import")
        #expect(imported.status == 0, "\(imported)")
        #expect(imported.stdout.contains("imported 2 sources, 1,300 takedown counts, 1 offline figure"), "\(imported)")
        let listed = try project.run("list", "observations", "--format", "csv")
        #expect(listed.stdout.lines.filter { $0.hasPrefix("demo,t") }.count == 1_300)
        #expect(
            listed.stdout.contains(
                "demo,t1299,online,youtube,content_actioned,pieces,2003-07-23,day,2003-07-23,day,flow,1299,"))
    }

    @Test func notesStayWithTheirFiguresAcrossTheTwoHalvesOfTheRead() throws {
        let project = try Project.make()
        defer { project.remove() }
        try writeTakedowns(project, count: 1_300)
        #expect(try project.run("import").status == 0)
        // One figure a day from 2000-01-01: 2001Q4 holds rows 639 to 730. The store is read
        // in two halves split near row 650, so the quarter's figures come from both.
        let trace = try project.run("trace", "2001Q4", "youtube", "content_actioned", "--format", "csv")
        #expect(trace.status == 0, "\(trace)")
        let rows = trace.stdout.lines.filter { $0.hasPrefix("demo:t") }
        #expect(rows.count == 92)
        for row in rows {
            let id = row.prefix { $0 != "," }.dropFirst("demo:t".count)
            #expect(row.hasSuffix(",\"note, \"\"\(id)\"\"\""), "\(row)")
        }
    }

    @Test func aDuplicateIdDeepInABatchIsNamedWithItsLineAndColumn() throws {
        let project = try Project.make()
        defer { project.remove() }
        // Row 700 (line 702: the header is line 1, row 0 is line 2) reuses the id of row 10.
        try writeTakedowns(project, count: 1_000, duplicate: (row: 700, of: 10))
        let imported = try project.run("import")
        #expect(imported.status == 65, "\(imported)")
        #expect(imported.stdout == "")
        #expect(
            imported.stderr.hasPrefix(
                "Datasets/demo/takedowns.csv:702:1: error: id \"t10\" is used twice in this dataset\n"),
            "\(imported)")
        #expect(!project.exists("signalgap.sqlite"), "a failed first import leaves no store")
    }
}
