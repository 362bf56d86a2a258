import SignalgapModel

/// An online series against an offline series, named in words with its
/// units: "accounts suspended per person who travelled". Only counts are
/// compared; units are never mixed without saying so.
public struct OnlineOfflineRatio: Hashable, Sendable {
    public struct QuarterRatio: Hashable, Sendable {
        public var quarter: Quarter
        public var online: Estimate
        public var offline: Estimate
        /// Nil when the offline total is exactly zero.
        public var ratio: RatioEstimate?
    }

    /// The ratio over the quarters where both sides have data.
    public struct WindowRatio: Hashable, Sendable {
        public var from: Quarter
        public var to: Quarter
        /// Quarters in `from…to` where both sides have data (only these are summed).
        public var quarterCount: Int
        public var online: Estimate
        public var offline: Estimate
        public var ratio: RatioEstimate?
    }

    /// The online series' name ("twitter: accounts suspended").
    public var online: String
    /// The offline series' name ("clusters: people who travelled").
    public var offline: String
    /// "accounts suspended per person who travelled".
    public var name: String
    public var perQuarter: [QuarterRatio]
    public var overall: WindowRatio?

    /// "accounts suspended per person who travelled" (`Measure.phrase` per `Measure.singularPhrase`).
    public static func name(online: String, offline: String) -> String {
        let onlinePhrase = Codebook.measure(named: online)?.phrase ?? online
        let offlinePhrase = Codebook.measure(named: offline)?.singularPhrase ?? offline
        return "\(onlinePhrase) per \(offlinePhrase)"
    }

    /// Nil unless both series are counts and share at least one quarter.
    public static func make(online: QuarterlySeries, offline: QuarterlySeries) -> OnlineOfflineRatio? {
        guard online.unit.isCount, offline.unit.isCount else { return nil }
        var offlineByQuarter: [Int: Estimate] = [:]
        for total in offline.quarters { offlineByQuarter[total.quarter.index] = total.total }
        let perQuarter = online.quarters.compactMap { total -> QuarterRatio? in
            guard let offlineTotal = offlineByQuarter[total.quarter.index] else { return nil }
            return QuarterRatio(
                quarter: total.quarter, online: total.total, offline: offlineTotal,
                ratio: total.total.divided(by: offlineTotal))
        }
        guard let first = perQuarter.first, let last = perQuarter.last else { return nil }
        let onlineSum = Estimate.sum(perQuarter.map(\.online))
        let offlineSum = Estimate.sum(perQuarter.map(\.offline))
        let overall = WindowRatio(
            from: first.quarter, to: last.quarter, quarterCount: perQuarter.count, online: onlineSum,
            offline: offlineSum, ratio: onlineSum.divided(by: offlineSum))
        return OnlineOfflineRatio(
            online: online.name, offline: offline.name, name: name(online: online.measure, offline: offline.measure),
            perQuarter: perQuarter, overall: overall)
    }
}
