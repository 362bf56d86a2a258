import SignalgapModel

/// A country's offline estimates for one measure, as ranges across sources.
public struct CountryEstimate: Hashable, Sendable {
    /// ISO 3166-1 alpha-2.
    public var country: String
    public var countryName: String
    public var measure: String
    public var unit: Unit
    /// Every figure not superseded, by window end, then precedence.
    public var figures: [CitedFigure]
    /// The latest level (``LevelEstimate``), with the range over every figure in `acrossSources`.
    public var level: LevelEstimate
    /// The country's population (figures with measure `residents`), when known.
    public var residents: LevelEstimate?
    /// The latest level per million residents, with its range; only for counts of people.
    public var perMillionResidents: RatioEstimate?
}

public enum CountryEstimates {
    /// One row per country and measure (the `residents` measure feeds the rates and is listed too).
    public static func make(_ input: StatisticsInput) -> [CountryEstimate] {
        make(input, resolution: Resolution(input, policy: .resolve))
    }

    static func make(_ input: StatisticsInput, resolution: Resolution) -> [CountryEstimate] {
        let seriesRows = SeriesRows(input) { $0.side == .offline && $0.scope == .country }
        let keys = seriesRows.keys
        let precedence = PrecedenceOrder(input: input)
        var residentsByCountry: [String: LevelEstimate] = [:]
        for key in keys where key.measure == "residents" {
            residentsByCountry[key.subject] = LevelEstimate(
                rows: seriesRows.rows(key), input: input, resolution: resolution)
        }
        return keys.compactMap { key -> CountryEstimate? in
            let rows = seriesRows.rows(key).filter { input.supersededBy[Int32($0)] == nil }
            guard let level = LevelEstimate(rows: rows, input: input, resolution: resolution) else { return nil }
            let ordered = rows.sorted { lhs, rhs in
                let lhsEnd = input.rows[lhs].end
                let rhsEnd = input.rows[rhs].end
                if lhsEnd != rhsEnd { return lhsEnd < rhsEnd }
                return precedence.ranksBefore(lhs, rhs)
            }
            let residents = key.measure == "residents" ? nil : residentsByCountry[key.subject]
            var perMillion: RatioEstimate?
            if key.unit == .people, let residents {
                perMillion = level.estimate.divided(by: residents.estimate)?.scaled(by: 1_000_000)
            }
            return CountryEstimate(
                country: key.subject, countryName: Country.name(key.subject), measure: key.measure, unit: key.unit,
                figures: ordered.map { CitedFigure(row: $0, in: input) }, level: level, residents: residents,
                perMillionResidents: perMillion)
        }
    }
}
