import Dispatch
import Synchronization

/// Runs `body(0..<count)` on every core (`DispatchQueue.concurrentPerform`) and returns the
/// results in order. The first error thrown is rethrown after all iterations finish.
/// `onEach` is called after each iteration, serialised under a lock.
func parallelMap<T: Sendable>(
    _ count: Int, onEach: @Sendable () -> Void = {}, _ body: @Sendable (Int) throws(ValidatorKeysError) -> T
) throws(ValidatorKeysError) -> [T] {
    guard count > 0 else { return [] }
    let box = ResultsBox<T>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { i in
        let result: Result<T, ValidatorKeysError>
        do throws(ValidatorKeysError) { result = .success(try body(i)) } catch { result = .failure(error) }
        box.set(i, result, onEach)
    }
    return try box.values()
}

private final class ResultsBox<T: Sendable>: Sendable {
    private let results: Mutex<[Result<T, ValidatorKeysError>?]>

    init(count: Int) { results = Mutex(Array(repeating: nil, count: count)) }

    func set(_ i: Int, _ r: Result<T, ValidatorKeysError>, _ onEach: () -> Void) {
        results.withLock { results in
            results[i] = r
            onEach()
        }
    }

    func values() throws(ValidatorKeysError) -> [T] {
        let all = results.withLock { $0 }
        var out = [T]()
        out.reserveCapacity(all.count)
        for r in all {
            // concurrentPerform returns only after every iteration stored its result.
            guard let r else { throw ValidatorKeysError(.verificationFailed, "a parallel step returned no result") }
            out.append(try r.get())
        }
        return out
    }
}
