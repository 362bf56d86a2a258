import SignalgapModel
import Testing

@testable import SignalgapStatistics

/// Rows read elsewhere and adopted by the builder make the same input as the
/// same rows appended one by one.
@Suite struct InputBuilderTests {
    let twitter = SeriesKey(
        side: .online, scope: .platform, subject: "twitter", measure: "accounts_suspended", unit: .accounts)
    let youtube = SeriesKey(
        side: .online, scope: .platform, subject: "youtube", measure: "accounts_suspended", unit: .accounts)

    func row(_ series: Int32, _ day: Int, _ value: Int) -> FigureRow {
        let end = WindowEnd(Day(ordinal: day), .day)
        return FigureRow(
            series: series, window: Window(start: end, end: end), kind: .flow, figure: .exact(value), source: 0)
    }

    @Test func adoptedRowsMakeTheSameInputAsAppendedOnes() {
        let source = Source(
            reference: Reference(dataset: "a", id: "s"), url: nil, title: "t", publisher: "p", published: nil,
            retrieved: nil, status: .verified, notes: "")
        // The reader's series list names twitter twice (as a reader joining two
        // parts might): its rows of series 2 are twitter's, numbered 0 here.
        let readerSeries = [twitter, youtube, twitter]
        var rows: ContiguousArray<FigureRow> = [row(0, 16_800, 1), row(1, 16_801, 2), row(2, 16_802, 3)]
        var references = ContiguousArray(["f0", "f1", "f2"].map { Reference(dataset: "a", id: $0) })
        var notes = RowTexts()
        notes.set("second".utf8, forRow: 1)

        var adopting = StatisticsInput.Builder(sources: [source])
        adopting.adopt(
            rows: &rows, references: &references, series: readerSeries,
            supersedes: [(row: 2, target: Reference(dataset: "a", id: "f0"))], notes: notes)
        let adopted = adopting.build()

        var appending = StatisticsInput.Builder(sources: [source])
        let expectedSeries = readerSeries.map { appending.seriesIndex(for: $0) }
        #expect(expectedSeries == [0, 1, 0])
        for (index, reference) in ["f0", "f1", "f2"].enumerated() {
            var expected = row(Int32(index), 16_800 + index, index + 1)
            expected.series = expectedSeries[index]
            appending.append(
                expected, reference: Reference(dataset: "a", id: reference),
                supersedes: index == 2 ? Reference(dataset: "a", id: "f0") : nil, notes: index == 1 ? "second" : "")
        }
        let appended = appending.build()

        #expect(adopted.series == [twitter, youtube])
        #expect(adopted.rows == appended.rows)
        #expect(adopted.rows.map(\.series) == [0, 1, 0])
        #expect(adopted.references == appended.references)
        #expect(adopted.supersededBy == [0: 2])
        #expect(adopted.supersededBy == appended.supersededBy)
        #expect(adopted.rows.indices.map { adopted.notes(ofRow: $0) } == ["", "second", ""])
        // The arrays were taken, not copied.
        #expect(rows.isEmpty && references.isEmpty)
    }
}
