import SignalgapModel

/// One cluster with its size, activity, rate and coded attributes.
public struct ClusterProfile: Hashable, Sendable {
    public var cluster: Cluster
    /// Size per measure (the recruit measure, and `members` where a dataset has it), by ``LevelEstimate``'s rule.
    public var sizes: [String: LevelEstimate]
    /// The size by the summary's recruit measure; nil when no figure gives it.
    public var recruits: LevelEstimate?
    /// Days from the start to the end of activity, both included; nil when either is not coded.
    public var activeDays: Int?
    /// Whether an end of the activity window is approximate.
    public var isActivityApproximate: Bool
    /// The cluster's population (figures with measure `residents`).
    public var residents: LevelEstimate?
    /// Recruits per 10,000 residents, with its range; nil without both.
    public var ratePer10000Residents: RatioEstimate?

    /// The year the population applies to.
    public var residentsYear: Int? { residents?.asOf.year }
}

/// Clusters and recruits in one category (a tie, a catalyst code, an online-role code).
public struct CompositionRow: Hashable, Sendable {
    public var category: String
    public var clusters: Int
    /// Of those, clusters with a recruit figure (the others are left out of ``recruits``).
    public var clustersWithRecruitCount: Int
    public var recruits: Estimate
    /// Recruits in this category as a share (0…1) of all clusters' recruits; for ties a
    /// cluster counts in each of its ties, so the shares of ties add up to more than 1.
    public var share: RatioEstimate?
}

/// Share of all cluster recruits held by the largest clusters.
public struct Concentration: Hashable, Sendable {
    /// Largest first, by point value (else low), then reference.
    public var largest: [Reference]
    /// Share (0…1) of the recruits of every sized cluster.
    public var share: RatioEstimate?
}

/// The founding thesis as numbers: "of the N clusters whose online role is
/// known, K relied on it not at all or only in a minor way, accounting for
/// X–Y of the recruits".
public struct OnlineRoleThesis: Hashable, Sendable {
    /// N: clusters whose online role is coded and not `unknown`.
    public var clustersWithKnownRole: Int
    /// K: of those, clusters coded `none` or `minor`.
    public var clustersRelyingLittle: Int
    /// Recruits of the K clusters (those with a recruit figure).
    public var recruits: Estimate
    /// Recruits of all N clusters (those with a recruit figure).
    public var recruitsOfKnownRole: Estimate
    /// X–Y: the K clusters' share (0…1) of the N clusters' recruits.
    public var share: RatioEstimate?
    /// Of the N clusters, those without a recruit figure (left out of the recruits and the share).
    public var clustersWithoutRecruitCount: Int
    /// The measure phrase of the recruits ("people who travelled").
    public var recruitPhrase: String

    /// The sentence an analyst can quote.
    public var sentence: String {
        var text =
            "Of the \(clustersWithKnownRole) clusters whose online role is known, \(clustersRelyingLittle) "
            + "relied on it not at all or only in a minor way"
        if let share {
            text +=
                ", accounting for \(share.scaled(by: 100).formatted(digits: 0))% of their \(recruitPhrase) "
                + "(\(recruits) of \(recruitsOfKnownRole))"
        }
        if clustersWithoutRecruitCount > 0 {
            let verb = clustersWithoutRecruitCount == 1 ? "has" : "have"
            text +=
                "; \(clustersWithoutRecruitCount) of the \(clustersWithKnownRole) \(verb) no count of \(recruitPhrase)"
        }
        return text + "."
    }
}

/// Cluster statistics: sizes, activity, rates, concentration, composition and the thesis numbers.
public struct ClusterSummary: Hashable, Sendable {
    /// The measure that counts a cluster's recruits (default `travelled`).
    public var recruitMeasure: String
    public var profiles: [ClusterProfile]
    /// Recruits of all clusters with a recruit figure.
    public var totalRecruits: Estimate
    public var clustersWithRecruitCount: Int
    public var largestCluster: Concentration?
    public var largestThreeClusters: Concentration?
    public var byTie: [CompositionRow]
    public var byCatalyst: [CompositionRow]
    public var byOnlineRole: [CompositionRow]
    public var thesis: OnlineRoleThesis

    /// The size measures looked for besides the recruit measure.
    public static let sizeMeasures = ["members", "travelled"]

    public static func make(_ input: StatisticsInput, recruitMeasure: String = "travelled") -> ClusterSummary {
        make(input, resolution: Resolution(input, policy: .resolve), recruitMeasure: recruitMeasure)
    }

    static func make(_ input: StatisticsInput, resolution: Resolution, recruitMeasure: String) -> ClusterSummary {
        let seriesRows = SeriesRows(input) { $0.side == .offline && $0.scope == .cluster }
        let keys = seriesRows.keys
        var measures = Self.sizeMeasures
        if !measures.contains(recruitMeasure) { measures.append(recruitMeasure) }

        let profiles = input.clusters.sorted { $0.reference.description < $1.reference.description }.map {
            cluster -> ClusterProfile in
            let subject = cluster.reference.description
            var sizes: [String: LevelEstimate] = [:]
            for measure in measures {
                for key in keys where key.subject == subject && key.measure == measure {
                    if let level = LevelEstimate(rows: seriesRows.rows(key), input: input, resolution: resolution) {
                        sizes[measure] = level
                    }
                }
            }
            let residentsKey = keys.first { $0.subject == subject && $0.measure == "residents" }
            let residents = residentsKey.flatMap {
                LevelEstimate(rows: seriesRows.rows($0), input: input, resolution: resolution)
            }
            let recruits = sizes[recruitMeasure]
            var rate: RatioEstimate?
            if let recruits, let residents {
                rate = recruits.estimate.divided(by: residents.estimate)?.scaled(by: 10_000)
            }
            var activeDays: Int?
            if let start = cluster.activeStart, let end = cluster.activeEnd {
                activeDays = end.day.ordinal - start.day.ordinal + 1
            }
            let isApproximate =
                cluster.activeStart?.precision == .approximate || cluster.activeEnd?.precision == .approximate
            return ClusterProfile(
                cluster: cluster, sizes: sizes, recruits: recruits, activeDays: activeDays,
                isActivityApproximate: isApproximate, residents: residents, ratePer10000Residents: rate)
        }

        let sized = profiles.compactMap { profile in profile.recruits.map { (profile, $0.estimate) } }
            .sorted { lhs, rhs in
                let lhsSize = lhs.1.orderingValue
                let rhsSize = rhs.1.orderingValue
                if lhsSize != rhsSize { return lhsSize > rhsSize }
                return lhs.0.cluster.reference.description < rhs.0.cluster.reference.description
            }
        let totalRecruits = Estimate.sum(sized.map(\.1))
        func concentration(_ count: Int) -> Concentration? {
            guard sized.count >= count, count > 0 else { return nil }
            let part = Estimate.sum(sized.prefix(count).map(\.1))
            let rest = Estimate.sum(sized.dropFirst(count).map(\.1))
            return Concentration(
                largest: sized.prefix(count).map(\.0.cluster.reference), share: Estimate.share(of: part, rest: rest))
        }
        func composition(_ categories: [String], _ belongs: (Cluster, String) -> Bool) -> [CompositionRow] {
            categories.map { category in
                let members = profiles.filter { belongs($0.cluster, category) }
                let withCount = members.compactMap { $0.recruits?.estimate }
                let part = Estimate.sum(withCount)
                let rest = Estimate.sum(
                    sized.filter { !belongs($0.0.cluster, category) }.map(\.1))
                return CompositionRow(
                    category: category, clusters: members.count, clustersWithRecruitCount: withCount.count,
                    recruits: part, share: sized.isEmpty ? nil : Estimate.share(of: part, rest: rest))
            }
        }
        let tieCategories = Tie.allCases.map(\.rawValue) + ["not_coded"]
        let byTie = composition(tieCategories) { cluster, category in
            category == "not_coded" ? cluster.ties.isEmpty : cluster.ties.contains { $0.rawValue == category }
        }
        let byCatalyst = composition(Catalyst.allCases.map(\.rawValue)) { $0.catalyst.rawValue == $1 }
        let byOnlineRole = composition(OnlineRole.allCases.map(\.rawValue)) { $0.onlineRole.rawValue == $1 }

        let known = profiles.filter { $0.cluster.onlineRole != .unknown }
        let little = known.filter { $0.cluster.onlineRole == .none || $0.cluster.onlineRole == .minor }
        let littleRecruits = Estimate.sum(little.compactMap { $0.recruits?.estimate })
        let otherRecruits = Estimate.sum(
            known.filter { $0.cluster.onlineRole != .none && $0.cluster.onlineRole != .minor }
                .compactMap { $0.recruits?.estimate })
        let knownWithCount = known.filter { $0.recruits != nil }.count
        let phrase = Codebook.measure(named: recruitMeasure)?.phrase ?? recruitMeasure
        let thesis = OnlineRoleThesis(
            clustersWithKnownRole: known.count, clustersRelyingLittle: little.count, recruits: littleRecruits,
            recruitsOfKnownRole: littleRecruits + otherRecruits,
            share: knownWithCount == 0 ? nil : Estimate.share(of: littleRecruits, rest: otherRecruits),
            clustersWithoutRecruitCount: known.count - knownWithCount, recruitPhrase: phrase)

        return ClusterSummary(
            recruitMeasure: recruitMeasure, profiles: profiles, totalRecruits: totalRecruits,
            clustersWithRecruitCount: sized.count, largestCluster: concentration(1),
            largestThreeClusters: concentration(3), byTie: byTie, byCatalyst: byCatalyst,
            byOnlineRole: byOnlineRole, thesis: thesis)
    }
}
