import Dispatch

/// Work spread over every core, for the parts of a report that only read
/// shared state (the context once `prepareForConcurrentReading` has run).
public enum Concurrently {
    /// `[body(0), body(1), … body(count - 1)]`, computed on every core. `body`
    /// must only read shared state, or write through something made to be
    /// called from several threads (a `@Sendable` file writer); each result
    /// goes into its own slot.
    static func map<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        return withoutActuallyEscaping(body) { body in
            let work = Unchecked(body)
            return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                guard let base = buffer.baseAddress else { return }
                let slots = Unchecked(base)
                DispatchQueue.concurrentPerform(iterations: count) { index in
                    (slots.value + index).initialize(to: work.value(index))
                }
                initialized = count
            }
        }
    }

    /// Drops the last reference to `value` on another thread: for a large graph
    /// of objects, or a large array, that nothing reads any more, whose freeing
    /// would otherwise hold up the caller (a process that exits first simply
    /// never frees it).
    public static func release<Value>(_ value: consuming Value) {
        let box = Unchecked(value)
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(box) {} }
    }

    /// Carries a value the compiler cannot prove safe to share into the workers:
    /// a closure that only reads, or a buffer whose slots are written once each.
    private struct Unchecked<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }
}
