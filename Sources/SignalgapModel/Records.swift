/// A pointer from one row to another: `ID` within the same dataset, or
/// `DATASET:ID` into another dataset.
public struct Reference: Hashable, Sendable, CustomStringConvertible {
    public var dataset: String
    public var id: String

    public init(dataset: String, id: String) {
        self.dataset = dataset
        self.id = id
    }

    /// Parses `ID` or `DATASET:ID`; a bare id belongs to `home`.
    public static func parse(_ text: String, home: String) -> Reference? {
        if !text.utf8.contains(UInt8(ascii: ":")) {
            return Identifier.isValidID(text) ? Reference(dataset: home, id: text) : nil
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            guard Identifier.isValidID(text) else { return nil }
            return Reference(dataset: home, id: text)
        case 2:
            let dataset = String(parts[0])
            let id = String(parts[1])
            guard Identifier.isValidDatasetName(dataset), Identifier.isValidID(id) else { return nil }
            return Reference(dataset: dataset, id: id)
        default:
            return nil
        }
    }

    /// `DATASET:ID`, always qualified.
    public var description: String { "\(dataset):\(id)" }
}

/// The spelling rules for names and ids.
public enum Identifier {
    /// `^[a-z0-9][a-z0-9-]*$`: a dataset folder name.
    public static func isValidDatasetName(_ text: String) -> Bool {
        matches(text, allowed: { $0 == UInt8(ascii: "-") })
    }

    /// `^[a-z0-9][a-z0-9_.-]*$`: a row id.
    public static func isValidID(_ text: String) -> Bool {
        matches(text, allowed: { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") })
    }

    public static let idPattern = "^[a-z0-9][a-z0-9_.-]*$"

    private static func matches(_ text: String, allowed: (UInt8) -> Bool) -> Bool {
        var first = true
        for byte in text.utf8 {
            let isAlphanumeric =
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            if !isAlphanumeric && (first || !allowed(byte)) { return false }
            first = false
        }
        return !first
    }
}

/// Where a figure comes from.
public struct Source: Hashable, Sendable {
    public var reference: Reference
    public var url: String?
    public var title: String
    public var publisher: String
    public var published: Day?
    public var retrieved: Day?
    public var status: SourceStatus
    public var notes: String

    public init(
        reference: Reference, url: String?, title: String, publisher: String,
        published: Day?, retrieved: Day?, status: SourceStatus, notes: String
    ) {
        self.reference = reference
        self.url = url
        self.title = title
        self.publisher = publisher
        self.published = published
        self.retrieved = retrieved
        self.status = status
        self.notes = notes
    }
}

/// A group of people mobilised together through offline ties.
public struct Cluster: Hashable, Sendable {
    public var reference: Reference
    public var name: String
    public var district: String?
    public var city: String?
    public var country: String
    public var activeStart: WindowEnd?
    public var activeEnd: WindowEnd?
    public var affiliation: Affiliation
    /// Empty when not coded.
    public var ties: [Tie]
    public var catalyst: Catalyst
    public var onlineRole: OnlineRole
    public var source: Reference
    public var notes: String
    /// Extra columns the dataset's schema declares beyond the standard ones, by header name.
    public var extra: [String: String] = [:]

    public init(
        reference: Reference, name: String, district: String?, city: String?, country: String,
        activeStart: WindowEnd?, activeEnd: WindowEnd?, affiliation: Affiliation, ties: [Tie],
        catalyst: Catalyst, onlineRole: OnlineRole, source: Reference, notes: String
    ) {
        self.reference = reference
        self.name = name
        self.district = district
        self.city = city
        self.country = country
        self.activeStart = activeStart
        self.activeEnd = activeEnd
        self.affiliation = affiliation
        self.ties = ties
        self.catalyst = catalyst
        self.onlineRole = onlineRole
        self.source = source
        self.notes = notes
    }
}

/// One figure: a measurement with a window, a unit and a source, online
/// (a takedown count) or offline (a case-record figure).
public struct Observation: Hashable, Sendable {
    public var reference: Reference
    public var side: Side
    public var scope: Scope
    /// A platform code, a cluster reference (`DATASET:ID`), an ISO country code, or `world`.
    public var subject: String
    public var measure: String
    public var unit: Unit
    public var window: Window
    public var kind: FigureKind
    public var figure: Figure
    public var source: Reference
    public var supersedes: Reference?
    public var notes: String
    /// The line of the dataset file the figure was read from, for `trace`.
    public var line: Int?
    /// The column of the figure's id on that line, for error messages.
    public var column: Int?
    /// Extra columns the dataset's schema declares beyond the standard ones, by header name.
    public var extra: [String: String] = [:]

    public init(
        reference: Reference, side: Side, scope: Scope, subject: String, measure: String,
        unit: Unit, window: Window, kind: FigureKind, figure: Figure, source: Reference,
        supersedes: Reference?, notes: String, line: Int? = nil
    ) {
        self.reference = reference
        self.side = side
        self.scope = scope
        self.subject = subject
        self.measure = measure
        self.unit = unit
        self.window = window
        self.kind = kind
        self.figure = figure
        self.source = source
        self.supersedes = supersedes
        self.notes = notes
        self.line = line
    }
}

/// What the store keeps about a dataset as a whole.
public struct DatasetRecord: Hashable, Sendable {
    public var name: String
    public var title: String
    public var description: String
    /// SHA-256 over `datapackage.json` and every resource file, in resource order.
    public var contentHash: String
    /// The `datapackage.json` text as read, so that licences, contributors and
    /// field descriptions stay queryable.
    public var descriptor: String
    /// Fields marked `"personal": true` in the data package, per resource.
    public var personalFields: [String]

    public init(
        name: String, title: String, description: String, contentHash: String,
        descriptor: String, personalFields: [String] = []
    ) {
        self.name = name
        self.title = title
        self.description = description
        self.contentHash = contentHash
        self.descriptor = descriptor
        self.personalFields = personalFields
    }
}

/// The fields that datasets mark as personal data (`"personal": true` in their
/// schema, stored as `RESOURCE.FIELD`; only free text may be marked). Nothing
/// signalgap prints shows them unless the user asks for personal data
/// explicitly: the report, `stats`, `list` and `trace` print `withheld` instead.
public struct PersonalFields: Sendable {
    /// What is printed instead of a personal field.
    public static let withheld = "[withheld: personal data]"

    private let keys: Set<String>

    public init(_ datasets: [DatasetRecord]) {
        var keys = Set<String>()
        for dataset in datasets {
            for field in dataset.personalFields { keys.insert(dataset.name + "\u{0}" + field) }
        }
        self.keys = keys
    }

    public var isEmpty: Bool { keys.isEmpty }

    /// Whether `dataset` marks `field` of `resource` (`sources`, `clusters`,
    /// `takedown_counts`, `offline_figures`) as personal data.
    public func contains(dataset: String, resource: String, field: String) -> Bool {
        !keys.isEmpty && keys.contains(dataset + "\u{0}" + resource + "." + field)
    }

    /// `value`, or `withheld` when the field is personal.
    public func shown(_ value: String, dataset: String, resource: String, field: String) -> String {
        contains(dataset: dataset, resource: resource, field: field) ? Self.withheld : value
    }

    /// `shown` for the fields of one dataset's resource: `(value, field) -> shown text`.
    func shown(in dataset: String, _ resource: String) -> (String, String) -> String {
        { value, field in shown(value, dataset: dataset, resource: resource, field: field) }
    }
}

extension Cluster {
    /// The cluster with the text fields its dataset marks as personal data
    /// withheld (name, district, city, notes and extra columns; its codes, dates
    /// and references are what the statistics count by, and are kept).
    public func withholding(_ personal: PersonalFields) -> Cluster {
        guard !personal.isEmpty else { return self }
        var cluster = self
        let shown = personal.shown(in: reference.dataset, "clusters")
        cluster.name = shown(name, "name")
        cluster.district = district.map { shown($0, "district") }
        cluster.city = city.map { shown($0, "city") }
        if !notes.isEmpty { cluster.notes = shown(notes, "notes") }
        for (field, value) in extra { cluster.extra[field] = shown(value, field) }
        return cluster
    }
}

extension Source {
    /// The source with the text fields its dataset marks as personal data
    /// withheld (url, title, publisher, notes; its status and dates are kept).
    public func withholding(_ personal: PersonalFields) -> Source {
        guard !personal.isEmpty else { return self }
        var source = self
        let shown = personal.shown(in: reference.dataset, "sources")
        source.url = url.map { shown($0, "url") }
        source.title = shown(title, "title")
        source.publisher = shown(publisher, "publisher")
        if !notes.isEmpty { source.notes = shown(notes, "notes") }
        return source
    }
}
