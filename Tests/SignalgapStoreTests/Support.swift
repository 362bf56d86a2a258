import Foundation
import SignalgapModel
import SignalgapStore
import Testing

/// A temporary folder for a store file, removed by `remove()`.
struct Scratch {
    let path: String
    var storePath: String { path + "/store.sqlite" }

    static func make() throws -> Scratch {
        let path = FileManager.default.temporaryDirectory.path + "/signalgap-store-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return Scratch(path: path)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The bytes of a file and of its -wal and -shm companions, by suffix.
    func bytes(_ file: String) -> [String: Data] {
        var files: [String: Data] = [:]
        for suffix in ["", "-wal", "-shm"] {
            if let data = FileManager.default.contents(atPath: file + suffix) { files[suffix] = data }
        }
        return files
    }
}

/// Model values to put into a store through its `DatasetSink`.
enum Make {
    static let hash = String(repeating: "ab", count: 32)

    static func day(_ text: String) -> Day {
        Day(iso: text) ?? Day(ordinal: 0)
    }

    static func source(_ dataset: String, _ id: String = "s1") -> Source {
        Source(
            reference: Reference(dataset: dataset, id: id), url: "https://example.org/\(id)", title: "Report, \(id)",
            publisher: "Example", published: day("2016-02-05"), retrieved: nil, status: .verified, notes: "")
    }

    static func cluster(_ dataset: String, _ id: String = "lisleby", source: Reference? = nil) -> Cluster {
        Cluster(
            reference: Reference(dataset: dataset, id: id), name: "Lisleby", district: nil, city: "Fredrikstad",
            country: "NO", activeStart: WindowEnd(day("2012-01-01"), .year), activeEnd: nil,
            affiliation: .islamicState, ties: [.friendship, .neighbourhood], catalyst: .yes, onlineRole: .minor,
            source: source ?? Reference(dataset: dataset, id: "s1"), notes: "")
    }

    static func takedown(
        _ dataset: String, _ id: String, subject: String = "twitter", figure: Figure = .exact(125_000),
        source: Reference? = nil, supersedes: Reference? = nil
    ) -> Observation {
        Observation(
            reference: Reference(dataset: dataset, id: id), side: .online, scope: .platform, subject: subject,
            measure: "accounts_suspended", unit: .accounts,
            window: Window(start: WindowEnd(day("2016-01-01"), .month), end: WindowEnd(day("2016-06-30"), .month)),
            kind: .flow, figure: figure, source: source ?? Reference(dataset: dataset, id: "s1"),
            supersedes: supersedes, notes: "", line: 2)
    }

    static func clusterFigure(_ dataset: String, _ id: String, cluster: Reference) -> Observation {
        Observation(
            reference: Reference(dataset: dataset, id: id), side: .offline, scope: .cluster,
            subject: cluster.description,
            measure: "travelled", unit: .people, window: Window(start: nil, end: WindowEnd(day("2015-12-31"), .month)),
            kind: .stock, figure: .exact(7), source: Reference(dataset: dataset, id: "s1"), supersedes: nil, notes: "")
    }

    static func record(_ name: String) -> DatasetRecord {
        DatasetRecord(name: name, title: "Dataset \(name)", description: "", contentHash: hash, descriptor: "{}")
    }
}

extension FigureStore {
    /// Puts one dataset in: its record, a source s1, and whatever `rows` inserts.
    func put(_ name: String, _ rows: (any DatasetSink) throws -> Void = { _ in }) throws {
        try importBatch { sink in
            try sink.beginDataset(Make.record(name))
            try sink.insert(Make.source(name))
            try rows(sink)
            try sink.finishDataset(name, contentHash: Make.hash)
        }
    }
}
