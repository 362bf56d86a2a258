/// A small map from the bytes of a few columns to a value, so that repeated
/// keys are recognised without building Strings. Each entry's key is kept in
/// one buffer, its columns back to back and each followed by 0xFF (a byte that
/// UTF-8 never contains, so no two keys share an encoding); an open-addressing
/// table of entry numbers, indexed by a hash of the key, finds them.
public struct ByteKeyedCache<Value> {
    @usableFromInline var keyBytes: [UInt8] = []
    @usableFromInline var keyRanges: [Range<Int>] = []
    @usableFromInline var hashes: [UInt64] = []
    @usableFromInline var values: [Value] = []
    /// Entry numbers by hash slot; -1 is an empty slot. Kept at most half full.
    @usableFromInline var slots = [Int32](repeating: -1, count: 64)
    /// The entry the previous row used: rows often come in runs of one key.
    @usableFromInline var last = -1

    @inlinable public init() {}

    @inlinable func matches(_ entry: Int, _ key: [UnsafeRawBufferPointer]) -> Bool {
        let range = keyRanges[entry]
        return keyBytes.withUnsafeBytes { stored in
            guard let storedBase = stored.baseAddress else { return false }
            var offset = range.lowerBound
            for column in key {
                let count = column.count
                guard offset + count < range.upperBound, stored[offset + count] == 0xFF else { return false }
                if let base = column.baseAddress, count > 0, !Self.equal(storedBase + offset, base, count) {
                    return false
                }
                offset += count + 1
            }
            return offset == range.upperBound
        }
    }

    /// Whether `count` bytes at `a` and `b` are the same, eight at a time.
    @inlinable static func equal(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
        var offset = 0
        while offset + 8 <= count {
            if a.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                != b.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            {
                return false
            }
            offset += 8
        }
        while offset < count {
            if a.load(fromByteOffset: offset, as: UInt8.self) != b.load(fromByteOffset: offset, as: UInt8.self) {
                return false
            }
            offset += 1
        }
        return true
    }

    /// Eight bytes at a time, multiplied and folded; the table confirms every hit by the bytes.
    @inlinable static func hash(_ key: [UnsafeRawBufferPointer]) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15
        func mix(_ word: UInt64) {
            hash = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 31
        }
        for column in key {
            var offset = 0
            while offset + 8 <= column.count {
                mix(column.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                offset += 8
            }
            var tail: UInt64 = 0
            while offset < column.count {
                tail = tail << 8 | UInt64(column[offset])
                offset += 1
            }
            mix(tail ^ UInt64(column.count) << 56)
        }
        return hash
    }

    /// `key` holds the bytes of each key column of the current row, read once.
    @inlinable public mutating func value(for key: [UnsafeRawBufferPointer], make: () -> Value) -> Value {
        if last >= 0, matches(last, key) { return values[last] }
        let hash = Self.hash(key)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] >= 0 {
            let entry = Int(slots[slot])
            if hashes[entry] == hash, matches(entry, key) {
                last = entry
                return values[entry]
            }
            slot = (slot + 1) & mask
        }
        let value = make()
        let start = keyBytes.count
        for column in key {
            keyBytes.append(contentsOf: column)
            keyBytes.append(0xFF)
        }
        keyRanges.append(start..<keyBytes.count)
        hashes.append(hash)
        values.append(value)
        last = values.count - 1
        slots[slot] = Int32(last)
        if values.count * 2 > slots.count { grow() }
        return value
    }

    @inlinable mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (entry, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(entry)
        }
    }
}
