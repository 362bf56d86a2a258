import SignalgapIO
import SignalgapModel

/// Reads one CSV resource of a dataset row by row, checks every field, and
/// sends each clean row to the sink. Memory stays bounded: one reused record
/// buffer, whatever the file's size.
struct ResourceReader: ~Copyable {
    let path: String
    let dataset: String
    let resource: DataPackage.Resource
    var problems: DiagnosticList
    var reader: CSVReader
    /// Column index in the file of each standard column (by `Column.rawValue`), or -1.
    var columns: [Int] = Array(repeating: -1, count: Column.allCases.count)
    /// Extra declared columns (name, index), kept with the row.
    var extraColumns: [(String, Int)] = []
    /// Whether the current row has had a problem.
    var isBad = false
    /// The current row's problems, listed in column order when the row is done.
    var rowProblems: [Diagnostic] = []

    /// Opens the file and reads its header; a file that cannot be read or has
    /// no header throws, for the caller to report.
    init(path: String, dataset: String, resource: DataPackage.Resource, problems: DiagnosticList) throws(CSVError) {
        self.path = path
        self.dataset = dataset
        self.resource = resource
        self.problems = problems
        reader = try CSVReader(path: path)
    }

    static func diagnostic(_ error: CSVError, path: String) -> Diagnostic {
        Diagnostic(
            error.message,
            at: SourceLocation(path: path, line: error.location?.line, column: error.location?.column),
            hint: error.hint)
    }

    /// Where header field `index` starts on line 1 (header names are plain words).
    func headerLocation(_ index: Int) -> SourceLocation {
        let column = reader.header.prefix(index).reduce(1) { $0 + $1.unicodeScalars.count + 1 }
        return SourceLocation(path: path, line: 1, column: column)
    }

    /// Reads every row; returns how many rows were read.
    mutating func read(into sink: any DatasetSink, local: inout LocalIDs, pending: inout PendingReferences) throws
        -> Int
    {
        guard checkHeader() else { return 0 }
        var count = 0
        while true {
            do {
                guard try reader.next() else { break }
            } catch {
                problems.append(ResourceReader.diagnostic(error, path: path))
                break
            }
            count += 1
            isBad = false
            switch resource.kind {
            case .sources: try readSource(into: sink, local: &local)
            case .clusters: try readCluster(into: sink, local: &local, pending: &pending)
            case .takedownCounts, .offlineFigures: try readObservation(into: sink, local: local, pending: &pending)
            }
            flushRowProblems()
        }
        do {
            try sink.flush()
        } catch let duplicates as DuplicateRows {
            reportDuplicates(duplicates)
        }
        return count
    }

    /// Matches columns by header name: every standard column must be there,
    /// and any other column must be declared in the data package's schema.
    private mutating func checkHeader() -> Bool {
        let header = reader.header
        let headerStart = SourceLocation(path: path, line: 1, column: 1)
        let standard = resource.kind.fields.map(\.name)
        var ok = true
        for (index, name) in header.enumerated() {
            if Column.byHeader[name].map({ columns[$0.rawValue] >= 0 }) == true
                || extraColumns.contains(where: { $0.0 == name })
            {
                problems.append(Diagnostic("column \"\(name)\" appears twice in the header", at: headerLocation(index)))
                ok = false
            } else if standard.contains(name), let column = Column.byHeader[name] {
                columns[column.rawValue] = index
            } else if resource.fieldNames.contains(name) {
                extraColumns.append((name, index))
            } else {
                problems.append(
                    Diagnostic(
                        "column \"\(name)\" is not a \(resource.kind.rawValue) column and is not declared in datapackage.json",
                        at: headerLocation(index),
                        hint: Suggestion.closest(to: name, among: standard).map { "did you mean \"\($0)\"?" }
                            ?? "declare it in the resource's schema to keep it, or remove it"))
                ok = false
            }
        }
        let missing = standard.filter { name in Column.byHeader[name].map { columns[$0.rawValue] < 0 } ?? true }
        if !missing.isEmpty {
            problems.append(
                Diagnostic(
                    "the header lacks the column\(missing.count == 1 ? "" : "s") "
                        + missing.map { "\"\($0)\"" }.joined(separator: ", "),
                    at: headerStart,
                    hint: "a \(resource.kind.rawValue) file has the columns " + standard.joined(separator: ", ")
                        + " (in any order)"))
            ok = false
        }
        for name in header where !resource.fieldNames.contains(name) && standard.contains(name) {
            problems.append(
                Diagnostic(
                    "column \"\(name)\" is not declared in the schema of resource \"\(resource.kind.rawValue)\" in datapackage.json",
                    at: headerStart, hint: "the schema's fields and the CSV header must name the same columns"))
            ok = false
        }
        return ok
    }

    private mutating func readSource(into sink: any DatasetSink, local: inout LocalIDs) throws {
        let reference = id()
        let url = text(.url)
        let title = required(.title)
        let publisher = required(.publisher)
        let published = day(.published, required: false)
        let retrieved = day(.retrieved, required: false)
        let status = code(.status, SourceStatus.self)
        guard !isBad, let reference, let title, let publisher, let status else { return }
        if !local.sources.insert(reference.id).inserted {
            report("source id \"\(reference.id)\" is used twice in this dataset", column: .id)
            return
        }
        try sink.insert(
            Source(
                reference: reference, url: url, title: title, publisher: publisher, published: published,
                retrieved: retrieved, status: status, notes: text(.notes) ?? ""))
    }

    private mutating func readCluster(
        into sink: any DatasetSink, local: inout LocalIDs, pending: inout PendingReferences
    ) throws {
        let reference = id()
        let name = required(.name)
        let country = required(.country)
        if let country, !Country.isCode(country) {
            report(
                "country \"\(country)\" is not an ISO 3166-1 alpha-2 code", column: .country,
                hint: Country.isCode(country.uppercased())
                    ? "write it in upper case: \(country.uppercased())" : "for example NO, BE, US, LY, TN")
        }
        let start = windowEnd(.activeStart, .activeStartPrecision, required: false, isStart: true)
        let end = windowEnd(.activeEnd, .activeEndPrecision, required: false, isStart: false)
        if let start = start ?? nil, let end = end ?? nil, end.day < start.day {
            report("active_end \(end.day.iso) is before active_start \(start.day.iso)", column: .activeEnd)
        }
        let affiliation = code(.affiliation, Affiliation.self)
        let catalyst = code(.catalyst, Catalyst.self)
        let onlineRole = code(.onlineRole, OnlineRole.self)
        var ties: [Tie] = []
        if let raw = text(.ties) {
            for part in raw.split(separator: ";", omittingEmptySubsequences: false) {
                let code = part.trimmingSpaces
                if let tie = Tie(rawValue: code) {
                    if ties.contains(tie) {
                        report("tie \"\(code)\" is listed twice", column: .ties)
                    } else {
                        ties.append(tie)
                    }
                } else {
                    report(
                        "tie \"\(code)\" is not one of \(Tie.codeList)", column: .ties,
                        hint: Suggestion.closest(to: code, among: Tie.allCases.map(\.rawValue)).map {
                            "did you mean \"\($0)\"? (ties are separated by ';')"
                        }
                            ?? "separate ties with ';'")
                }
            }
        }
        let source = self.reference(.source, required: true)
        if let source { checkSource(source, local: local, pending: &pending) }
        if let reference, !local.clusters.insert(reference.id).inserted {
            report("cluster id \"\(reference.id)\" is used twice in this dataset", column: .id)
        }
        guard !isBad, let reference, let name, let country, let start, let end, let affiliation, let catalyst,
            let onlineRole, let source
        else { return }
        var cluster = Cluster(
            reference: reference, name: name, district: text(.district), city: text(.city), country: country,
            activeStart: start, activeEnd: end, affiliation: affiliation, ties: ties.sorted(), catalyst: catalyst,
            onlineRole: onlineRole, source: source, notes: text(.notes) ?? "")
        if !extraColumns.isEmpty { cluster.extra = extra() }
        try sink.insert(cluster)
    }

    private mutating func checkSource(_ source: Reference, local: LocalIDs, pending: inout PendingReferences) {
        if source.dataset == dataset {
            if !local.sources.contains(source.id) {
                report(
                    "source \"\(source.id)\" is not in this dataset's sources", column: .source,
                    hint: "add it to the sources resource, or write DATASET:ID for a source in another dataset")
            }
        } else {
            pending.add(.source, source, at: location(of: .source))
        }
    }

    /// The hot path: one takedown count or offline figure.
    private mutating func readObservation(into sink: any DatasetSink, local: LocalIDs, pending: inout PendingReferences)
        throws
    {
        let reference = id()
        let side: Side
        let scope: Scope?
        var subject: String?
        if resource.kind == .takedownCounts {
            side = .online
            scope = .platform
            subject = code(.platform, Platform.self)?.rawValue
        } else {
            side = .offline
            scope = code(.scope, Scope.self)
            subject = required(.subject)
            if let scope, let raw = subject {
                subject = checkSubject(raw, scope: scope, local: local, pending: &pending)
            }
        }
        var unit = code(.unit, Unit.self)
        let measureName = required(.measure)
        if let measureName {
            if let measure = Codebook.measure(named: measureName) {
                if measure.side != side {
                    report(
                        "measure \"\(measureName)\" is an \(measure.side.rawValue) measure and cannot be used in \(resource.kind.rawValue)",
                        column: .measure)
                } else if let given = unit, given != measure.unit {
                    report(
                        "unit \"\(given.rawValue)\" does not match measure \"\(measureName)\", which is counted in \(measure.unit.rawValue)",
                        column: .unit, hint: "units never mix: use unit \(measure.unit.rawValue), or another measure")
                    unit = nil
                }
            } else {
                report(
                    "measure \"\(measureName)\" is not in the codebook", column: .measure,
                    hint: Suggestion.closest(
                        to: measureName, among: Codebook.measures.filter { $0.side == side }.map(\.name)
                    ).map { "did you mean \"\($0)\"?" }
                        ?? "the \(side.rawValue) measures are: " + Codebook.measureList(side: side))
            }
        }
        let kind = code(.kind, FigureKind.self)
        let start = windowEnd(.start, .startPrecision, required: false, isStart: true)
        if kind == .flow, let start, start == nil {
            report(
                "start is empty, but a flow needs one", column: .start,
                hint: "a flow is counted from start to end; a level as of end is kind stock")
        }
        let end = windowEnd(.`end`, .endPrecision, required: true, isStart: false)
        if let start = start ?? nil, let end = end ?? nil, end.day < start.day {
            report(
                "end \(end.day.iso) is before start \(start.day.iso)", column: .`end`,
                hint: "a window runs from start to end, both included")
        }
        let value = amount(.value, unit: unit)
        let low = amount(.low, unit: unit)
        let high = amount(.high, unit: unit)
        let qualifier = code(.qualifier, Qualifier.self)
        var figure: Figure?
        if let value, let low, let high, let qualifier {
            switch Figure.make(value: value, low: low, high: high, qualifier: qualifier) {
            case .success(let made): figure = made
            case .failure(let problem): reportFigure(problem, qualifier: qualifier)
            }
        }
        let source = self.reference(.source, required: true)
        if let source { checkSource(source, local: local, pending: &pending) }
        let supersedes = self.reference(.supersedes, required: false)
        if let supersedes {
            if supersedes == reference {
                report("a figure cannot supersede itself", column: .supersedes)
            } else {
                pending.add(.observation, supersedes, at: location(of: .supersedes))
            }
        }
        guard !isBad, let reference, let scope, let subject, let measureName, let unit, let kind,
            let start, let end = end ?? nil, let figure, let source
        else { return }
        var observation = Observation(
            reference: reference, side: side, scope: scope, subject: subject, measure: measureName, unit: unit,
            window: Window(start: start, end: end), kind: kind, figure: figure, source: source,
            supersedes: supersedes, notes: text(.notes) ?? "", line: reader.recordLine)
        observation.column = location(of: .id).column
        if !extraColumns.isEmpty { observation.extra = extra() }
        do {
            try sink.insert(observation)
        } catch let duplicates as DuplicateRows {
            reportDuplicates(duplicates)
        }
    }

    /// Ids already taken, found when the sink wrote a batch (possibly of earlier rows).
    mutating func reportDuplicates(_ duplicates: DuplicateRows) {
        for row in duplicates.rows {
            problems.append(
                Diagnostic(
                    "id \"\(row.reference.id)\" is used twice in this dataset",
                    at: SourceLocation(path: path, line: row.line, column: row.column),
                    hint: "every figure needs its own id"))
        }
    }

    /// Checks a subject against its scope; returns it in stored form (a cluster as `DATASET:ID`).
    private mutating func checkSubject(_ raw: String, scope: Scope, local: LocalIDs, pending: inout PendingReferences)
        -> String?
    {
        switch scope {
        case .platform:
            report("scope platform belongs in takedown counts, not offline figures", column: .scope)
            return nil
        case .world:
            guard raw == "world" else {
                report("subject \"\(raw)\" does not match scope world", column: .subject, hint: "write world")
                return nil
            }
            return raw
        case .country:
            guard Country.isCode(raw) else {
                report(
                    "subject \"\(raw)\" is not an ISO 3166-1 alpha-2 country code", column: .subject,
                    hint: Country.isCode(raw.uppercased())
                        ? "write it in upper case: \(raw.uppercased())" : "for example NO, BE, FR, TN")
                return nil
            }
            return raw
        case .cluster:
            guard let cluster = Reference.parse(raw, home: dataset) else {
                report(
                    "subject \"\(raw)\" is not a cluster reference", column: .subject,
                    hint: "write the cluster's id, or DATASET:ID for a cluster of another dataset")
                return nil
            }
            if cluster.dataset == dataset {
                if !local.clusters.contains(cluster.id) {
                    report(
                        "cluster \"\(cluster.id)\" is not in this dataset's clusters", column: .subject,
                        hint: "add it to the clusters resource, or write DATASET:ID for a cluster in another dataset")
                    return nil
                }
            } else {
                pending.add(.cluster, cluster, at: location(of: .subject))
            }
            return cluster.description
        }
    }

    private mutating func reportFigure(_ problem: Figure.Inconsistency, qualifier: Qualifier) {
        let q = qualifier.rawValue
        switch problem {
        case .missingValue:
            report(
                "value is empty, but qualifier \(q) needs one", column: .value,
                hint: "only a range may leave value empty")
        case .boundNotAllowed(let bound):
            report(
                "\(bound) is given, but qualifier \(q) takes no \(bound)", column: Column.byHeader[bound] ?? .value,
                hint: qualifier == .exact ? "use qualifier about or range for a figure with bounds" : nil)
        case .boundMustEqualValue(let bound):
            report(
                "\(bound) differs from value, but for qualifier \(q) the \(bound) bound is the value itself",
                column: Column.byHeader[bound] ?? .value,
                hint: "leave \(bound) empty, or use qualifier range")
        case .missingBounds:
            report("qualifier range needs both low and high", column: .low)
        case .boundsOnlyBoth:
            report("qualifier about takes low and high together, or neither", column: .low)
        case .lowAboveHigh:
            report("low is above high", column: .low)
        case .valueOutsideBounds:
            report("value lies outside low and high", column: .value)
        }
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
