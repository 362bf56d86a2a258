import SignalgapModel

// JSON for the command line (`--format json`). Model values are written the
// way datasets write them: amounts as numbers, quarters as `2016Q1`, days as
// `YYYY-MM-DD`, references as `DATASET:ID`, codes as their raw values.
// Every estimate also carries `text`, the form a report prints.

struct JSONKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// A keyed container with helpers for model values.
struct JSONObject {
    var container: KeyedEncodingContainer<JSONKey>

    init(_ encoder: any Encoder) {
        container = encoder.container(keyedBy: JSONKey.self)
    }

    mutating func put<Value: Encodable>(_ key: String, _ value: Value?) throws {
        if let value {
            try container.encode(value, forKey: JSONKey(key))
        } else {
            try container.encodeNil(forKey: JSONKey(key))
        }
    }

    mutating func put(_ key: String, amount: Amount?) throws {
        try put(key, amount.map(\.doubleValue))
    }

    mutating func put(_ key: String, quarter: Quarter?) throws {
        try put(key, quarter?.description)
    }

    mutating func put(_ key: String, day: Day?) throws {
        try put(key, day?.iso)
    }

    mutating func put(_ key: String, reference: Reference?) throws {
        try put(key, reference?.description)
    }

    mutating func put(_ key: String, window: Window) throws {
        try put(key, JSONWindow(window))
    }
}

struct JSONWindow: Encodable {
    let window: Window
    init(_ window: Window) { self.window = window }

    func encode(to encoder: any Encoder) throws {
        var object = JSONObject(encoder)
        try object.put("start", day: window.start?.day)
        try object.put("startPrecision", window.start?.precision.rawValue)
        try object.put("end", day: window.end.day)
        try object.put("endPrecision", window.end.precision.rawValue)
        try object.put("days", window.dayCount)
    }
}

struct JSONSource: Encodable {
    let source: Source
    func encode(to encoder: any Encoder) throws {
        var object = JSONObject(encoder)
        try object.put("reference", reference: source.reference)
        try object.put("title", source.title)
        try object.put("publisher", source.publisher)
        try object.put("url", source.url)
        try object.put("published", day: source.published)
        try object.put("retrieved", day: source.retrieved)
        try object.put("status", source.status.rawValue)
    }
}

struct JSONCluster: Encodable {
    let cluster: Cluster
    func encode(to encoder: any Encoder) throws {
        var object = JSONObject(encoder)
        try object.put("reference", reference: cluster.reference)
        try object.put("name", cluster.name)
        try object.put("district", cluster.district)
        try object.put("city", cluster.city)
        try object.put("country", cluster.country)
        try object.put("activeStart", day: cluster.activeStart?.day)
        try object.put("activeStartPrecision", cluster.activeStart?.precision.rawValue)
        try object.put("activeEnd", day: cluster.activeEnd?.day)
        try object.put("activeEndPrecision", cluster.activeEnd?.precision.rawValue)
        try object.put("affiliation", cluster.affiliation.rawValue)
        try object.put("ties", cluster.ties.map(\.rawValue))
        try object.put("catalyst", cluster.catalyst.rawValue)
        try object.put("onlineRole", cluster.onlineRole.rawValue)
        try object.put("source", reference: cluster.source)
    }
}

extension Estimate: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var object = JSONObject(encoder)
        try object.put("low", amount: low)
        try object.put("value", amount: value)
        try object.put("high", amount: high)
        try object.put("qualifier", qualifier.rawValue)
        try object.put("isOpenEnded", isOpenEnded)
        try object.put("text", description)
    }
}

extension RatioEstimate: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var object = JSONObject(encoder)
        try object.put("low", low)
        try object.put("value", value)
        try object.put("high", high)
        try object.put("qualifier", qualifier.rawValue)
        try object.put("isOpenEnded", isOpenEnded)
        try object.put("text", description)
    }
}

extension SeriesKey: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var object = JSONObject(encoder)
        try object.put("side", side.rawValue)
        try object.put("scope", scope.rawValue)
        try object.put("subject", subject)
        try object.put("measure", measure)
        try object.put("unit", unit.rawValue)
    }
}

extension CitedFigure: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var object = JSONObject(encoder)
        try object.put("reference", reference: reference)
        try object.put("side", side.rawValue)
        try object.put("scope", scope.rawValue)
        try object.put("subject", subject)
        try object.put("measure", measure)
        try object.put("unit", unit.rawValue)
        try object.put("kind", kind.rawValue)
        try object.put("window", window: window)
        try object.put("figure", estimate)
        try object.put("source", reference: sourceReference)
        try object.put("sourceDetail", source.map(JSONSource.init))
        if !notes.isEmpty { try object.put("notes", notes) }
    }
}

extension SetAsideFigure: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var object = JSONObject(encoder)
        try object.put("figure", figure)
        try object.put("reason", reason.code)
        if case .overlap(_, let step) = reason { try object.put("decidedBy", step.rawValue) }
        try object.put("winners", winners.map(\.reference.description))
        try object.put("winnerCount", winnerCount)
        try object.put("explanation", explanation)
    }
}

extension Disagreement: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var object = JSONObject(encoder)
        try object.put("side", side.rawValue)
        try object.put("scope", scope.rawValue)
        try object.put("subject", subject)
        try object.put("measure", measure)
        try object.put("unit", unit.rawValue)
        try object.put("kind", kind.rawValue)
        try object.put("window", window: window)
        try object.put("figures", figures)
        try object.put("combined", combined)
        try object.put("spread", amount: spread)
        try object.put("spreadPercent", spreadPercent)
        try object.put("sourceCount", sourceCount)
        try object.put("rule", Disagreement.rule)
    }
}

extension Reconciliation: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var object = JSONObject(encoder)
        try object.put("stock", stock)
        try object.put("parts", parts)
        try object.put("sum", sum)
        try object.put("difference", difference)
        try object.put("differencePercent", differencePercent)
        try object.put("status", status.rawValue)
        try object.put("sharedDays", sharedDays.map(\.iso))
    }
}

extension Change: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var object = JSONObject(encoder)
        try object.put("from", quarter: from)
        try object.put("difference", difference)
        try object.put("percent", percent)
    }
}

extension QuarterTotal: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var object = JSONObject(encoder)
        try object.put("quarter", quarter: quarter)
        try object.put("total", total)
        try object.put("reported", reported)
        try object.put("apportioned", apportioned)
        try object.put("onApproximateEnd", onApproximateEnd)
        try object.put("isEstimated", isEstimated)
        try object.put("observationCount", observationCount)
        try object.put("sourceCount", sourceCount)
        try object.put("quarterOnQuarter", quarterOnQuarter)
        try object.put("yearOnYear", yearOnYear)
    }
}

extension QuarterlySeries: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var object = JSONObject(encoder)
        try object.put("name", name)
        try object.put("side", side.rawValue)
        try object.put("scope", scope.rawValue)
        try object.put("subject", subject)
        try object.put("measure", measure)
        try object.put("unit", unit.rawValue)
        try object.put("quarters", quarters)
    }
}

extension QuarterlyTotals: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var object = JSONObject(encoder)
        try object.put("policy", policy.rawValue)
        try object.put("from", quarter: quarters?.lowerBound)
        try object.put("to", quarter: quarters?.upperBound)
        try object.put("online", online)
        try object.put("offline", offline)
        try object.put("setAside", setAside)
        try object.put("mergedDisagreements", mergedDisagreements)
        try object.put("precedenceRule", PrecedenceStep.rule)
    }
}

extension Correlation: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var object = JSONObject(encoder)
        try object.put("rho", rho)
        try object.put("n", n)
        try object.put("pValue", pValue)
        try object.put("permutations", permutations)
        try object.put("isExact", isExact)
        try object.put("seed", seed)
    }
}

extension CorrelationResult: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var object = JSONObject(encoder)
        switch self {
        case .value(let correlation):
            try object.put("status", "value")
            try object.put("correlation", correlation)
        case .notEnoughData(let n, let needed):
            try object.put("status", "not_enough_data")
            try object.put("needed", needed)
            _ = n
        case .undefined(_, let reason):
            try object.put("status", "undefined")
            try object.put("reason", reason)
        }
        try object.put("n", n)
        try object.put("text", description)
    }
}

extension LaggedAssociation.Lag: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var object = JSONObject(encoder)
        try object.put("lag", lag)
        try object.put("quarters", quarters.map(\.description))
        try object.put("result", result)
    }
}

extension LaggedAssociation: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var object = JSONObject(encoder)
        try object.put("online", online)
        try object.put("offline", offline)
        try object.put("lags", lags)
    }
}

extension OnlineOfflineRatio.QuarterRatio: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var object = JSONObject(encoder)
        try object.put("quarter", quarter: quarter)
        try object.put("online", online)
        try object.put("offline", offline)
        try object.put("ratio", ratio)
    }
}

extension OnlineOfflineRatio.WindowRatio: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var object = JSONObject(encoder)
        try object.put("from", quarter: from)
        try object.put("to", quarter: to)
        try object.put("quarterCount", quarterCount)
        try object.put("online", online)
        try object.put("offline", offline)
        try object.put("ratio", ratio)
    }
}

extension OnlineOfflineRatio: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var object = JSONObject(encoder)
        try object.put("name", name)
        try object.put("online", online)
        try object.put("offline", offline)
        try object.put("perQuarter", perQuarter)
        try object.put("overall", overall)
    }
}

extension QuarterlyComparison: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var object = JSONObject(encoder)
        try object.put("totals", totals)
        try object.put("ratios", ratios)
        try object.put("associations", associations)
    }
}

extension LevelEstimate: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var object = JSONObject(encoder)
        try object.put("estimate", estimate)
        try object.put("asOf", day: asOf)
        try object.put("basis", basis.rawValue)
        try object.put("figures", figures.map(\.description))
        try object.put("acrossSources", acrossSources)
        try object.put("figureCount", figureCount)
        try object.put("sourceCount", sourceCount)
    }
}

extension ClusterProfile: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var object = JSONObject(encoder)
        try object.put("cluster", JSONCluster(cluster: cluster))
        try object.put("sizes", sizes)
        try object.put("recruits", recruits)
        try object.put("activeDays", activeDays)
        try object.put("isActivityApproximate", isActivityApproximate)
        try object.put("residents", residents)
        try object.put("residentsYear", residentsYear)
        try object.put("ratePer10000Residents", ratePer10000Residents)
    }
}

extension CompositionRow: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var object = JSONObject(encoder)
        try object.put("category", category)
        try object.put("clusters", clusters)
        try object.put("clustersWithRecruitCount", clustersWithRecruitCount)
        try object.put("recruits", recruits)
        try object.put("share", share)
    }
}

extension Concentration: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var object = JSONObject(encoder)
        try object.put("largest", largest.map(\.description))
        try object.put("share", share)
    }
}

extension OnlineRoleThesis: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var object = JSONObject(encoder)
        try object.put("clustersWithKnownRole", clustersWithKnownRole)
        try object.put("clustersRelyingLittle", clustersRelyingLittle)
        try object.put("recruits", recruits)
        try object.put("recruitsOfKnownRole", recruitsOfKnownRole)
        try object.put("share", share)
        try object.put("clustersWithoutRecruitCount", clustersWithoutRecruitCount)
        try object.put("sentence", sentence)
    }
}

extension ClusterSummary: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var object = JSONObject(encoder)
        try object.put("recruitMeasure", recruitMeasure)
        try object.put("profiles", profiles)
        try object.put("totalRecruits", totalRecruits)
        try object.put("clustersWithRecruitCount", clustersWithRecruitCount)
        try object.put("largestCluster", largestCluster)
        try object.put("largestThreeClusters", largestThreeClusters)
        try object.put("byTie", byTie)
        try object.put("byCatalyst", byCatalyst)
        try object.put("byOnlineRole", byOnlineRole)
        try object.put("thesis", thesis)
    }
}

extension CountryEstimate: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var object = JSONObject(encoder)
        try object.put("country", country)
        try object.put("countryName", countryName)
        try object.put("measure", measure)
        try object.put("unit", unit.rawValue)
        try object.put("figures", figures)
        try object.put("level", level)
        try object.put("residents", residents)
        try object.put("perMillionResidents", perMillionResidents)
    }
}

extension SignalMetrics: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var object = JSONObject(encoder)
        try object.put("comparison", comparison)
        try object.put("reconciliations", reconciliations)
        try object.put("disagreements", disagreements)
        try object.put("clusters", clusters)
        try object.put("countries", countries)
        try object.put("precedenceRule", precedenceRule)
        try object.put("disagreementRule", disagreementRule)
        try object.put("sizeRule", sizeRule)
    }
}

extension Trace.Entry: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var object = JSONObject(encoder)
        try object.put("figure", figure)
        try object.put("use", use.code)
        try object.put("explanation", use.explanation)
        if case .setAside(let setAside) = use {
            try object.put("reason", setAside.reason.code)
            try object.put("winners", setAside.winners.map(\.reference.description))
        }
        if case .merged(let reference) = use { try object.put("countedThrough", reference: reference) }
        try object.put("daysInQuarter", daysInQuarter)
        try object.put("windowDays", windowDays)
        try object.put("isApportioned", isApportioned)
        try object.put("share", share)
    }
}

extension Trace: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var object = JSONObject(encoder)
        try object.put("quarter", quarter: quarter)
        try object.put("subject", subject)
        try object.put("measure", measure)
        try object.put("series", series)
        try object.put("total", total)
        try object.put("entries", entries)
    }
}
