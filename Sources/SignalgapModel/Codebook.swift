/// A closed list of codes that a dataset column may hold. The raw value is the
/// code as written in CSV files, in the store and in reports.
public protocol Code: RawRepresentable<String>, CaseIterable, Hashable, Sendable {
    /// What the column is called in error messages ("qualifier", "unit", …).
    static var codeName: String { get }
}

extension Code {
    /// `exact, more_than, at_least, …` for error messages and the codebook.
    public static var codeList: String {
        allCases.map(\.rawValue).joined(separator: ", ")
    }

    public static func parse(_ text: String) -> Self? {
        Self(rawValue: text)
    }
}

/// How precisely a window end is known.
public enum DatePrecision: String, Code {
    case day, month, quarter, year, approximate
    public static let codeName = "precision"
}

/// How a figure qualifies its number.
public enum Qualifier: String, Code {
    case exact
    case moreThan = "more_than"
    case atLeast = "at_least"
    case about
    case fewerThan = "fewer_than"
    case atMost = "at_most"
    case range
    public static let codeName = "qualifier"

    /// A lower bound only: "> 125,000", "≥ 8".
    public var isLowerBound: Bool { self == .moreThan || self == .atLeast }
    /// An upper bound only: "< 2%", "≤ 15".
    public var isUpperBound: Bool { self == .fewerThan || self == .atMost }
}

/// A flow is counted within its window; a stock is a level at the window's
/// end (or a running total since the window's start).
public enum FigureKind: String, Code {
    case flow, stock
    public static let codeName = "kind"
}

/// What an observation is about.
public enum Scope: String, Code {
    case platform, cluster, country, world
    public static let codeName = "scope"
}

/// Online signals come from platforms and referral units; offline signals from case records.
public enum Side: String, Code {
    case online, offline
    public static let codeName = "side"
}

public enum SourceStatus: String, Code {
    case verified, secondary
    public static let codeName = "status"
}

public enum Platform: String, Code {
    case twitter, facebook, youtube, google, microsoft, telegram
    case europolIRU = "europol_iru"
    public static let codeName = "platform"
}

public enum Affiliation: String, Code {
    case islamicState = "islamic_state"
    case alShabaab = "al_shabaab"
    case alQaeda = "al_qaeda"
    case jabhatAlNusra = "jabhat_al_nusra"
    case other, unknown
    public static let codeName = "affiliation"
}

public enum Tie: String, Code, Comparable {
    case friendship, family, neighbourhood, sports
    case religiousVenue = "religious_venue"
    case school, prison, online
    public static let codeName = "tie"

    public static func < (lhs: Tie, rhs: Tie) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}

public enum Catalyst: String, Code {
    case yes, no, unknown
    public static let codeName = "catalyst"
}

public enum OnlineRole: String, Code {
    case none, minor, supporting, central, unknown
    public static let codeName = "online_role"
}

public enum Unit: String, Code {
    case accounts, pieces, items, requests, people, groups, countries, percent
    case perMillionResidents = "per_million_residents"
    public static let codeName = "unit"

    /// Counts are non-negative whole numbers; only rates and shares carry decimals.
    public var isCount: Bool {
        self != .percent && self != .perMillionResidents
    }

    /// Only a percentage change may be negative.
    public var allowsNegative: Bool { self == .percent }

    /// The singular noun used when naming a ratio ("accounts suspended per person who travelled").
    public var singular: String {
        switch self {
        case .accounts: "account"
        case .pieces: "piece"
        case .items: "item"
        case .requests: "request"
        case .people: "person"
        case .groups: "group"
        case .countries: "country"
        case .percent: "percent"
        case .perMillionResidents: "per million residents"
        }
    }
}

/// A measure the codebook knows, with the one unit it is counted in.
public struct Measure: Hashable, Sendable {
    public let name: String
    public let unit: Unit
    public let side: Side
    /// Words for reports: "accounts suspended", "people who travelled".
    public let phrase: String

    public init(_ name: String, _ unit: Unit, _ side: Side, _ phrase: String) {
        self.name = name
        self.unit = unit
        self.side = side
        self.phrase = phrase
    }
}

/// The codebook of measures. A measure outside it is an error, not a new
/// category: add it here (and to `Datasets/README.md`) to extend the codebook.
public enum Codebook {
    public static let measures: [Measure] = [
        // Online: what platforms and referral units disclose.
        Measure("accounts_suspended", .accounts, .online, "accounts suspended"),
        Measure("content_actioned", .pieces, .online, "pieces of content actioned"),
        Measure("items_referred", .items, .online, "items referred"),
        Measure("items_assessed", .items, .online, "items assessed"),
        Measure("government_requests", .requests, .online, "government requests"),
        Measure("accounts_named_in_requests", .accounts, .online, "accounts named in government requests"),
        Measure("share_found_by_internal_tools", .percent, .online, "share found by internal tools"),
        Measure("share_removed_after_referral", .percent, .online, "share removed after referral"),
        Measure("share_suspended_before_first_post", .percent, .online, "share suspended before their first post"),
        Measure("share_of_requests_actioned", .percent, .online, "share of requests actioned"),
        Measure("share_from_government_requests", .percent, .online, "share from government requests"),
        Measure("change_on_previous_period", .percent, .online, "change on the previous period"),
        Measure(
            "change_in_daily_suspensions_on_year", .percent, .online, "change in daily suspensions on a year earlier"),
        // Offline: what case records say about people.
        Measure("travelled", .people, .offline, "people who travelled"),
        Measure("attempted_travel", .people, .offline, "people who tried to travel"),
        Measure("returned", .people, .offline, "people who returned"),
        Measure("arrested", .people, .offline, "people arrested"),
        Measure("members", .people, .offline, "cluster members"),
        Measure("killed", .people, .offline, "people killed"),
        Measure("still_abroad", .people, .offline, "people still abroad"),
        Measure("charged", .people, .offline, "people charged"),
        Measure("prosecuted", .people, .offline, "people prosecuted"),
        Measure("pleaded_guilty", .people, .offline, "people who pleaded guilty"),
        Measure("convicted", .people, .offline, "people convicted"),
        Measure("sentenced", .people, .offline, "people sentenced"),
        Measure("suspected_radicals", .people, .offline, "suspected radicals"),
        Measure("foreign_fighters", .people, .offline, "foreign fighters"),
        Measure("fighters_in_records", .people, .offline, "fighters in the records"),
        Measure("residents", .people, .offline, "residents"),
        Measure("militants_killed", .people, .offline, "militants killed"),
        Measure("security_forces_killed", .people, .offline, "security forces killed"),
        Measure("civilians_killed", .people, .offline, "civilians killed"),
        Measure("groups_pledged", .groups, .offline, "groups that pledged allegiance"),
        Measure("countries_of_origin", .countries, .offline, "countries of origin"),
        Measure("share_of_national_recruits", .percent, .offline, "share of the country's recruits"),
        Measure("share_of_fighters_in_records", .percent, .offline, "share of the fighters in the records"),
        Measure(
            "foreign_fighters_per_million", .perMillionResidents, .offline, "foreign fighters per million residents"),
    ]

    private static let byName: [String: Measure] = Dictionary(
        uniqueKeysWithValues: measures.map { ($0.name, $0) })

    public static func measure(named name: String) -> Measure? {
        byName[name]
    }

    public static func measureList(side: Side) -> String {
        measures.filter { $0.side == side }.map(\.name).joined(separator: ", ")
    }
}
