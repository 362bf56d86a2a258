/// Decimal text written straight into a buffer, with no intermediate strings:
/// the digits of amounts, counts and coordinates in every output. The value
/// is `magnitude` in units of 10^-`fractionDigits`, negative when asked, with
/// trailing zeros dropped from its decimals.
public enum DecimalText {
    /// Room for the longest text: a sign, `UInt64.max`'s 20 digits with 6
    /// separators, a point and up to 18 decimals.
    static let capacity = 48

    /// The text as a string (one of at most 15 bytes is held inline, without an allocation).
    public static func string(
        negative: Bool = false, magnitude: UInt64, fractionDigits: Int = 0, groupingThousands: Bool = false
    ) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            let count = write(negative, magnitude, fractionDigits, groupingThousands, into: buffer)
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
        }
    }

    /// Appends the text, as UTF-8, to bytes of the caller's.
    public static func append(
        negative: Bool = false, magnitude: UInt64, fractionDigits: Int = 0, groupingThousands: Bool = false,
        to bytes: inout [UInt8]
    ) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            bytes.append(
                contentsOf: buffer[..<write(negative, magnitude, fractionDigits, groupingThousands, into: buffer)])
        }
    }

    /// Appends an integer's digits (and its minus sign), as UTF-8, to bytes of the caller's.
    public static func append(_ value: Int, to bytes: inout [UInt8]) {
        append(negative: value < 0, magnitude: UInt64(value.magnitude), to: &bytes)
    }

    /// Writes the text at the start of `buffer` (at least `capacity` bytes); returns its length.
    private static func write(
        _ negative: Bool, _ magnitude: UInt64, _ fractionDigits: Int, _ groupingThousands: Bool,
        into buffer: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        precondition((0...18).contains(fractionDigits), "at most 18 decimals")
        var scale: UInt64 = 1
        for _ in 0..<fractionDigits { scale *= 10 }
        var count = 0
        if negative {
            buffer[0] = UInt8(ascii: "-")
            count = 1
        }
        // The whole part, written from its last digit back.
        var whole = magnitude / scale
        var digits = 1
        var rest = whole
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        let end = count + digits + (groupingThousands ? (digits - 1) / 3 : 0)
        var position = end
        var written = 0
        repeat {
            if groupingThousands && written > 0 && written % 3 == 0 {
                position -= 1
                buffer[position] = UInt8(ascii: ",")
            }
            position -= 1
            buffer[position] = UInt8(ascii: "0") + UInt8(whole % 10)
            whole /= 10
            written += 1
        } while whole > 0
        count = end
        // The fraction: `fractionDigits` digits with leading zeros, less the trailing zeros.
        var fraction = magnitude % scale
        guard fraction != 0 else { return count }
        var width = fractionDigits
        while fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        buffer[count] = UInt8(ascii: ".")
        for index in stride(from: count + width, to: count, by: -1) {
            buffer[index] = UInt8(ascii: "0") + UInt8(fraction % 10)
            fraction /= 10
        }
        return count + 1 + width
    }
}
