import SignalgapModel

/// The four kinds of resource a dataset may hold. A resource's `name` in
/// `datapackage.json` says which kind it is.
public enum ResourceKind: String, CaseIterable, Sendable {
    case sources
    case clusters
    case takedownCounts = "takedown_counts"
    case offlineFigures = "offline_figures"

    /// The conventional file name, used by `signalgap new-dataset`.
    public var conventionalPath: String {
        switch self {
        case .sources: "sources.csv"
        case .clusters: "clusters.csv"
        case .takedownCounts: "takedowns.csv"
        case .offlineFigures: "figures.csv"
        }
    }

    public var title: String {
        switch self {
        case .sources: "Sources"
        case .clusters: "Cluster records"
        case .takedownCounts: "Takedown counts (online signals)"
        case .offlineFigures: "Offline figures"
        }
    }

    /// Resources are read in this order, so that a row's references to its own
    /// dataset's sources and clusters can be checked as it is read.
    public static let importOrder: [ResourceKind] = [.sources, .clusters, .takedownCounts, .offlineFigures]

    /// The standard fields that may be marked `"personal": true`: free text,
    /// which signalgap withholds wherever it prints it. Extra columns may be
    /// marked too. Ids, codes, dates, numbers and references are what signalgap
    /// counts and links by; they must not hold personal data, and cannot be marked.
    public var personalCapableFields: [String] {
        switch self {
        case .sources: ["url", "title", "publisher", "notes"]
        case .clusters: ["name", "district", "city", "notes"]
        case .takedownCounts, .offlineFigures: ["notes"]
        }
    }

    public var fields: [FieldSpec] {
        switch self {
        case .sources:
            return [
                .id("A short code for the source, unique in the dataset"),
                FieldSpec("url", "The address where the source can be read; empty only when none is known"),
                FieldSpec("title", "The source's title", required: true),
                FieldSpec("publisher", "Who published it", required: true),
                FieldSpec("published", "Date of publication", type: "date"),
                FieldSpec("retrieved", "Date the source was read", type: "date"),
                .code(
                    "status", "verified: read in the source; secondary: a reprint or summary, or sources disagree",
                    SourceStatus.self, required: true),
                FieldSpec("notes", "Free text"),
            ]
        case .clusters:
            return [
                .id("A short code for the cluster, unique in the dataset"),
                FieldSpec("name", "A place-based name for the cluster; never a person's name", required: true),
                FieldSpec("district", "District or neighbourhood"),
                FieldSpec("city", "City or town"),
                FieldSpec("country", "ISO 3166-1 alpha-2 country code", required: true, pattern: "^[A-Z]{2}$"),
                FieldSpec("active_start", "Start of the cluster's activity", type: "date"),
                .code("active_start_precision", "How precisely active_start is known", DatePrecision.self),
                FieldSpec("active_end", "End of the cluster's activity", type: "date"),
                .code("active_end_precision", "How precisely active_end is known", DatePrecision.self),
                .code("affiliation", "The group the cluster mobilised for", Affiliation.self, required: true),
                FieldSpec(
                    "ties",
                    "The ties that bound the cluster, separated by ';' ("
                        + Tie.allCases.map(\.rawValue).joined(separator: ";") + "); empty when not coded",
                    pattern: "^(" + Tie.allCases.map(\.rawValue).joined(separator: "|") + ")(;("
                        + Tie.allCases.map(\.rawValue).joined(separator: "|") + "))*$"),
                .code("catalyst", "Whether a persuasive local figure drove recruitment", Catalyst.self, required: true),
                .code("online_role", "How much mobilisation relied on online contact", OnlineRole.self, required: true),
                .reference("source", "The source of the cluster record", required: true),
                FieldSpec("notes", "Free text; describe roles, never name people"),
            ]
        case .takedownCounts:
            return [
                .id("A short code for the figure, unique in the dataset"),
                .code(
                    "platform", "The platform or referral unit that disclosed the figure", Platform.self, required: true
                ),
            ]
                + ResourceKind.observationFields
        case .offlineFigures:
            return [
                .id("A short code for the figure, unique in the dataset"),
                .code("scope", "What the figure is about", Scope.self, required: true, excluding: ["platform"]),
                FieldSpec(
                    "subject",
                    "A cluster reference (scope cluster), an ISO 3166-1 alpha-2 code (scope country), or world",
                    required: true),
            ]
                + ResourceKind.observationFields
        }
    }

    static let observationFields: [FieldSpec] = [
        FieldSpec("measure", "What was counted, from the codebook", required: true, pattern: "^[a-z][a-z0-9_]*$"),
        .code("unit", "The measure's unit", Unit.self, required: true),
        FieldSpec(
            "start", "First day of the window (inclusive); empty only for a stock that is a level as of end",
            type: "date"),
        .code("start_precision", "How precisely start is known", DatePrecision.self),
        FieldSpec("end", "Last day of the window (inclusive)", type: "date", required: true),
        .code("end_precision", "How precisely end is known", DatePrecision.self, required: true),
        .code(
            "kind", "flow: counted within the window; stock: a level at its end, or a running total", FigureKind.self,
            required: true),
        FieldSpec("value", "The point value as the source gives it; empty only for a range", type: "number"),
        FieldSpec("low", "Lower bound", type: "number"),
        FieldSpec("high", "Upper bound", type: "number"),
        .code("qualifier", "How the source qualifies the number", Qualifier.self, required: true),
        .reference("source", "The source of the figure", required: true),
        .reference("supersedes", "A figure this one restates or corrects"),
        FieldSpec("notes", "Free text"),
    ]
}

/// One column of a resource: what `datapackage.json` declares and the importer expects.
public struct FieldSpec: Sendable {
    public var name: String
    public var description: String
    /// Frictionless type: string, date or number.
    public var type: String
    public var isRequired: Bool
    public var codes: [String]?
    public var pattern: String?

    public init(
        _ name: String, _ description: String, type: String = "string", required: Bool = false,
        codes: [String]? = nil, pattern: String? = nil
    ) {
        self.name = name
        self.description = description
        self.type = type
        self.isRequired = required
        self.codes = codes
        self.pattern = pattern
    }

    static func id(_ description: String) -> FieldSpec {
        FieldSpec("id", description, required: true, pattern: Identifier.idPattern)
    }

    static func code<C: Code>(
        _ name: String, _ description: String, _: C.Type, required: Bool = false, excluding: Set<String> = []
    ) -> FieldSpec {
        FieldSpec(
            name, description, required: required, codes: C.allCases.map(\.rawValue).filter { !excluding.contains($0) })
    }

    static func reference(_ name: String, _ description: String, required: Bool = false) -> FieldSpec {
        FieldSpec(
            name, description + ": ID, or DATASET:ID for a row of another dataset", required: required,
            pattern: "^([a-z0-9][a-z0-9-]*:)?[a-z0-9][a-z0-9_.-]*$")
    }
}
