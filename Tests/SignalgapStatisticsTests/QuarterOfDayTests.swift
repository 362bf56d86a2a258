import SignalgapModel
import SignalgapStatistics
import Testing

/// The table from day numbers to quarters (the quarterly totals' and the
/// report's) gives what `Quarter(containing:)` gives, inside the table's span
/// and outside it, and when the rows' days span too much for a table.
@Suite struct QuarterOfDayTests {
    func input(_ windows: [(String, String)]) -> StatisticsInput {
        StatisticsInput(
            observations: windows.enumerated().map { index, window in
                Observation(
                    reference: Reference(dataset: "d", id: "f\(index)"), side: .online, scope: .platform,
                    subject: "twitter", measure: "accounts_suspended", unit: .accounts,
                    window: Window(
                        start: WindowEnd(Day(iso: window.0)!, .day), end: WindowEnd(Day(iso: window.1)!, .day)),
                    kind: .flow, figure: .exact(1), source: Reference(dataset: "d", id: "s"), supersedes: nil,
                    notes: "")
            }, clusters: [], sources: [])
    }

    func expectAgrees(_ table: QuarterOfDay, from first: String, to last: String, step: Int) {
        let start = Day(iso: first)!.ordinal
        let end = Day(iso: last)!.ordinal
        for ordinal in stride(from: start, through: end, by: step) {
            #expect(table[Int32(ordinal)] == Quarter(containing: Day(ordinal: ordinal)).index, "day \(ordinal)")
        }
    }

    @Test func aTableOverTheRowsDays() {
        let table = QuarterOfDay(input([("2015-06-15", "2016-02-05"), ("2016-12-31", "2017-01-01")]).rows)
        // Every day of the span, quarter ends and a leap day among them, and days outside it.
        expectAgrees(table, from: "2015-06-15", to: "2017-01-01", step: 1)
        expectAgrees(table, from: "1999-12-31", to: "2030-01-01", step: 97)
    }

    @Test func aTableOverADaySpanAndNoTable() {
        let day = Day(iso: "2016-03-31")!.ordinal
        expectAgrees(QuarterOfDay(days: day...day), from: "2016-03-30", to: "2016-04-01", step: 1)
        expectAgrees(QuarterOfDay(), from: "2015-12-30", to: "2016-01-02", step: 1)
        expectAgrees(QuarterOfDay(input([]).rows), from: "1999-12-31", to: "2030-01-01", step: 97)
    }

    @Test func daysTooFarApartForATable() {
        let table = QuarterOfDay(input([("0001-01-01", "0001-01-02"), ("9999-12-30", "9999-12-31")]).rows)
        expectAgrees(table, from: "0001-01-01", to: "9999-12-31", step: 9_973)
        expectAgrees(table, from: "2016-01-01", to: "2016-12-31", step: 1)
    }
}
