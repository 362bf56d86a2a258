import Foundation
import SignalgapModel

/// What signalgap reads from a dataset's `datapackage.json`.
public struct DataPackage: Sendable {
    public struct Resource: Sendable {
        public var kind: ResourceKind
        /// Relative to the dataset folder.
        public var path: String
        /// Field names declared in the table schema, in order.
        public var fieldNames: [String]
        /// Declared fields marked `"personal": true`.
        public var personalFields: [String]
    }

    public var name: String
    public var title: String
    public var description: String
    public var resources: [Resource]
    /// The file's text, kept in the store.
    public var text: String

    /// Reads and checks a `datapackage.json`; every problem goes to `problems`.
    static func read(folder: String, expectedName: String, problems: inout DiagnosticList) -> DataPackage? {
        let path = folder + "/datapackage.json"
        let location = SourceLocation(path: path)
        guard let data = FileManager.default.contents(atPath: path) else {
            problems.append(
                Diagnostic(
                    "no datapackage.json in this dataset folder", at: location,
                    hint: "every folder under Datasets/ is a dataset; `signalgap new-dataset NAME` creates one"))
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            problems.append(Diagnostic("datapackage.json is not valid UTF-8", at: location))
            return nil
        }
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                problems.append(Diagnostic("datapackage.json must hold a JSON object", at: location))
                return nil
            }
            object = parsed
        } catch {
            problems.append(Diagnostic("datapackage.json is not valid JSON: \(jsonErrorText(error))", at: location))
            return nil
        }
        func at(_ key: String) -> SourceLocation { locate(key, in: text, path: path) }

        var ok = true
        let name = object["name"] as? String ?? ""
        if name.isEmpty {
            problems.append(Diagnostic("\"name\" is missing", at: location, hint: "add \"name\": \"\(expectedName)\""))
            ok = false
        } else if name != expectedName {
            problems.append(
                Diagnostic(
                    "\"name\" is \"\(name)\" but the folder is \"\(expectedName)\"", at: at("name"),
                    hint: "a dataset's name and its folder name must be the same"))
            ok = false
        }
        let title = object["title"] as? String ?? ""
        if title.isEmpty {
            problems.append(Diagnostic("\"title\" is missing or empty", at: at("title")))
            ok = false
        }
        let description = object["description"] as? String ?? ""
        guard let rawResources = object["resources"] as? [[String: Any]], !rawResources.isEmpty else {
            problems.append(
                Diagnostic(
                    "\"resources\" is missing or empty", at: at("resources"),
                    hint: "list the CSV files: " + ResourceKind.allCases.map(\.rawValue).joined(separator: ", ")))
            return nil
        }
        var resources: [Resource] = []
        var seen: Set<ResourceKind> = []
        for raw in rawResources {
            let resourceName = raw["name"] as? String ?? ""
            guard let kind = ResourceKind(rawValue: resourceName) else {
                problems.append(
                    Diagnostic(
                        "resource \"\(resourceName)\" is not one of "
                            + ResourceKind.allCases.map(\.rawValue).joined(separator: ", "),
                        at: at(resourceName), hint: "a resource's name says which kind of table it is"))
                ok = false
                continue
            }
            if !seen.insert(kind).inserted {
                problems.append(Diagnostic("resource \"\(resourceName)\" is listed twice", at: at(resourceName)))
                ok = false
                continue
            }
            let resourcePath = raw["path"] as? String ?? ""
            if resourcePath.isEmpty || resourcePath.hasPrefix("/") || resourcePath.contains("..")
                || resourcePath.contains("://")
            {
                problems.append(
                    Diagnostic(
                        "resource \"\(resourceName)\" needs a \"path\" to a CSV file inside the dataset folder",
                        at: at(resourceName), hint: "for example \"path\": \"\(kind.conventionalPath)\""))
                ok = false
                continue
            }
            let schema = raw["schema"] as? [String: Any]
            let fields = schema?["fields"] as? [[String: Any]] ?? []
            if fields.isEmpty {
                problems.append(
                    Diagnostic(
                        "resource \"\(resourceName)\" has no \"schema\" with \"fields\"", at: at(resourceName),
                        hint: "`signalgap new-dataset` writes the standard schema to copy from"))
                ok = false
                continue
            }
            let names = fields.compactMap { $0["name"] as? String }
            let personal = fields.filter { ($0["personal"] as? Bool) == true }.compactMap { $0["name"] as? String }
            let standard = Set(kind.fields.map(\.name))
            for field in personal where standard.contains(field) && !kind.personalCapableFields.contains(field) {
                problems.append(
                    Diagnostic(
                        "field \"\(field)\" of resource \"\(resourceName)\" cannot be marked \"personal\"",
                        at: locate(field, after: resourceName, in: text, path: path),
                        hint: "signalgap withholds personal text, which in \(resourceName) is "
                            + kind.personalCapableFields.map { "\"\($0)\"" }.joined(separator: ", ")
                            + " and any extra column; ids, codes, dates, numbers and references must not hold "
                            + "personal data"))
                ok = false
            }
            resources.append(Resource(kind: kind, path: resourcePath, fieldNames: names, personalFields: personal))
        }
        guard ok else { return nil }
        let order = ResourceKind.importOrder
        resources.sort { (order.firstIndex(of: $0.kind) ?? 0) < (order.firstIndex(of: $1.kind) ?? 0) }
        return DataPackage(name: name, title: title, description: description, resources: resources, text: text)
    }

    private static func jsonErrorText(_ error: any Error) -> String {
        let nsError = error as NSError
        return (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? nsError.localizedDescription
    }

    /// The line and column of the first `"key"` after the first `"anchor"` (a
    /// field of a named resource), else of the first `"key"` anywhere.
    static func locate(_ key: String, after anchor: String, in text: String, path: String) -> SourceLocation {
        let anchorLocation = locate(anchor, in: text, path: path)
        guard let line = anchorLocation.line, let range = text.range(of: "\"\(anchor)\"") else {
            return locate(key, in: text, path: path)
        }
        let rest = locate(key, in: String(text[range.lowerBound...]), path: path)
        guard let restLine = rest.line else { return locate(key, in: text, path: path) }
        return SourceLocation(
            path: path, line: line + restLine - 1,
            column: restLine == 1 ? (anchorLocation.column ?? 1) + (rest.column ?? 1) - 1 : rest.column)
    }

    /// The line and column of the first `"key"` (as a JSON string) in the text,
    /// so that problems in `datapackage.json` point at a line too.
    static func locate(_ key: String, in text: String, path: String) -> SourceLocation {
        let needle = "\"\(key)\""
        var line = 1
        var column = 1
        var index = text.startIndex
        while index < text.endIndex {
            if text[index...].hasPrefix(needle) {
                return SourceLocation(path: path, line: line, column: column)
            }
            if text[index] == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index = text.index(after: index)
        }
        return SourceLocation(path: path)
    }
}
