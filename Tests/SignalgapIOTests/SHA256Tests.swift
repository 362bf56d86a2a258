import Foundation
import SignalgapIO
import Testing

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
    ])
    func nistVectors(message: String, digest: String) {
        #expect(SHA256.hash(Array(message.utf8)) == digest)
        var hasher = SHA256()
        hasher.update(message)
        #expect(hasher.finalize() == digest)
    }

    @Test func oneMillionLetterA() {
        var hasher = SHA256()
        let thousand = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { hasher.update(thousand) }
        #expect(hasher.finalize() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Lengths around the padding boundaries (digests from Python's hashlib).
    @Test(arguments: [
        (1, "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"),
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (57, "f13b2d724659eb3bf47f2dd6af1accc87b81f09f59f2b75e5c0bed6589dfe8c6"),
        (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
        (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
        (120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"),
        (127, "c57e9278af78fa3cab38667bef4ce29d783787a2f731d4e12200270f0c32320a"),
        (128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e"),
    ])
    func paddingBoundaries(length: Int, digest: String) {
        #expect(SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: length)) == digest)
    }

    @Test func chunkedUpdatesEqualOneShot() {
        var random = SplitMix64(seed: 0x5EED_5A11)
        for _ in 0..<200 {
            let length = random.int(below: 700)
            let message = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let expected = SHA256.hash(message)
            var hasher = SHA256()
            var offset = 0
            while offset < length {
                let size = min(length - offset, random.int(below: 130))
                hasher.update(Array(message[offset..<offset + size]))
                offset += size
            }
            #expect(hasher.finalize() == expected)
            // finalize does not consume: more input continues the same stream.
            hasher.update([1, 2, 3])
            #expect(hasher.finalize() == SHA256.hash(message + [1, 2, 3]))
        }
    }

    @Test func hashesAFile() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("sha256-\(UUID().uuidString).bin").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bytes = (0..<3).flatMap { _ in (0..<256).map { UInt8($0) } }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let digest = "f3a25aa93aa2fbba28d79260535bbd6a5eb0fc1c24a8b0f04e12b484c1dfe363"
        #expect(try SHA256.hash(fileAt: path) == digest)
        #expect(try SHA256.hash(fileAt: path, bufferSize: 7) == digest)
        #expect(throws: CSVError.self) { try SHA256.hash(fileAt: path + ".missing") }
    }
}
