import Foundation
import SignalgapModel

/// Writes a new, empty dataset: a `datapackage.json` with the standard
/// schemas and one headed, empty CSV per resource. It validates as it is.
public enum DatasetScaffold {
    public static func create(name: String, root: String) throws -> [String] {
        guard Identifier.isValidDatasetName(name) else {
            throw Diagnostic(
                "\"\(name)\" is not a valid dataset name", at: SourceLocation(path: root + "/" + name),
                hint: "use lower-case letters, digits and '-', for example \"molenbeek-2016\"")
        }
        let folder = root + "/" + name
        if FileManager.default.fileExists(atPath: folder) {
            throw Diagnostic(
                "a dataset folder named \"\(name)\" already exists", at: SourceLocation(path: folder),
                hint: "choose another name, or edit the files that are there")
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            var written: [String] = []
            let descriptor = folder + "/datapackage.json"
            try Data(datapackage(name: name).utf8).write(to: URL(fileURLWithPath: descriptor))
            written.append(descriptor)
            for kind in ResourceKind.importOrder {
                let path = folder + "/" + kind.conventionalPath
                let header = kind.fields.map(\.name).joined(separator: ",") + "\r\n"
                try Data(header.utf8).write(to: URL(fileURLWithPath: path))
                written.append(path)
            }
            return written
        } catch let error as Diagnostic {
            throw error
        } catch {
            throw Diagnostic(
                "cannot write the dataset: \(error.localizedDescription)", at: SourceLocation(path: folder))
        }
    }

    /// The `datapackage.json` text of a new dataset, keys in a fixed order.
    public static func datapackage(name: String) -> String {
        var lines: [String] = []
        lines.append("{")
        lines.append("  \"name\": \(JSONText.quoted(name)),")
        lines.append("  \"title\": \(JSONText.quoted("TODO: a title for " + name)),")
        lines.append(
            "  \"description\": \(JSONText.quoted("TODO: what this dataset records, from which sources, and what it leaves out.")),"
        )
        lines.append("  \"version\": \"0.1.0\",")
        lines.append(
            "  \"licenses\": [{\"name\": \"CC-BY-4.0\", \"title\": \"Creative Commons Attribution 4.0\", \"path\": \"https://creativecommons.org/licenses/by/4.0/\"}],"
        )
        lines.append("  \"contributors\": [{\"title\": \"TODO: your name or team\", \"role\": \"author\"}],")
        lines.append("  \"resources\": [")
        let resources = ResourceKind.importOrder.map { kind -> String in
            var resource: [String] = []
            resource.append("    {")
            resource.append("      \"name\": \(JSONText.quoted(kind.rawValue)),")
            resource.append("      \"title\": \(JSONText.quoted(kind.title)),")
            resource.append("      \"path\": \(JSONText.quoted(kind.conventionalPath)),")
            resource.append("      \"profile\": \"tabular-data-resource\",")
            resource.append("      \"format\": \"csv\",")
            resource.append("      \"mediatype\": \"text/csv\",")
            resource.append("      \"encoding\": \"utf-8\",")
            resource.append("      \"schema\": {")
            resource.append("        \"fields\": [")
            resource.append(kind.fields.map { "          " + fieldJSON($0) }.joined(separator: ",\n"))
            resource.append("        ],")
            resource.append("        \"primaryKey\": [\"id\"]")
            resource.append("      }")
            resource.append("    }")
            return resource.joined(separator: "\n")
        }
        lines.append(resources.joined(separator: ",\n"))
        lines.append("  ]")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    static func fieldJSON(_ field: FieldSpec) -> String {
        var members = ["\"name\": \(JSONText.quoted(field.name))", "\"type\": \(JSONText.quoted(field.type))"]
        if field.type == "date" { members.append("\"format\": \"default\"") }
        members.append("\"description\": \(JSONText.quoted(field.description))")
        var constraints: [String] = []
        if field.isRequired { constraints.append("\"required\": true") }
        if let codes = field.codes {
            constraints.append("\"enum\": [" + codes.map(JSONText.quoted).joined(separator: ", ") + "]")
        }
        if let pattern = field.pattern { constraints.append("\"pattern\": \(JSONText.quoted(pattern))") }
        if !constraints.isEmpty { members.append("\"constraints\": {" + constraints.joined(separator: ", ") + "}") }
        return "{" + members.joined(separator: ", ") + "}"
    }

}
