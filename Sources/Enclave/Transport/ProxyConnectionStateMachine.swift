/// One proxied connection as a pure state machine: each event says what happened to the client
/// side (the accepted connection) or the target side (the one the proxy opened), and returns the
/// one action to take. ``ByteProxy``'s connection handler carries the actions out; no I/O here.
///
/// ```
/// connecting ─ target connected ─▶ forwarding ─ both directions ended ─▶ closed (close both)
///     │                              │
///     └ connect failed ─▶ closed      └ a side reset, errored or vanished early ─▶ closed (close both)
///       (close the client)
/// ```
///
/// Half-close: an end of stream read from one side is forwarded as a shutdown of the other
/// side's write half, after everything already queued for it is written; the other direction
/// keeps flowing. A direction has ended when its end of stream was read and forwarded; when both
/// have, the connection is done. A side that closes completely before its directions ended (a
/// reset, an error) aborts the connection: the other side is closed at once, and what was still
/// queued for it is dropped, as a TCP reset would.
package struct ProxyConnectionStateMachine: Sendable {
    /// Which of the two connections an event concerns.
    package enum Side: Sendable, Hashable, CustomStringConvertible {
        /// The connection the proxy accepted.
        case client
        /// The connection the proxy opened to its target.
        case target

        /// The side across the proxy.
        package var other: Side { self == .client ? .target : .client }
        package var description: String { self == .client ? "client" : "target" }
    }

    /// What the executor does next.
    package enum Action: Sendable, Hashable {
        /// Nothing.
        case none
        /// The target is connected: write to it what the client sent meanwhile, and start
        /// reading both; if the client's end of stream came meanwhile too, shut the target's
        /// write half after that (``outputShutDown(_:)`` follows as for ``shutDownOutput(_:)``).
        case startForwarding(clientEnded: Bool)
        /// Write everything queued for `side`, then shut its write half; report the outcome to
        /// ``outputShutDown(_:)`` or ``outputShutdownFailed(_:)``.
        case shutDownOutput(Side)
        /// Close this side now.
        case close(Side)
        /// Close both sides now (either may already be closed).
        case closeBoth
    }

    private enum Writing: Sendable { case open, shuttingDown, shut }

    private struct Half: Sendable {
        /// No end of stream read from this side yet.
        var reading = true
        var writing = Writing.open
        /// The side's channel has closed completely.
        var gone = false
        var ended: Bool { !reading && writing == .shut }
    }

    private enum State: Sendable { case connecting, forwarding, closed }

    private var state = State.connecting
    private var client = Half()
    private var target = Half()

    package init() {}

    /// Whether the connection is over (each side closed or being closed).
    package var isClosed: Bool { state == .closed }

    /// The connection to the target is up.
    package mutating func targetConnected() -> Action {
        guard state == .connecting, !client.gone else {
            state = .closed
            return .close(.target)
        }
        state = .forwarding
        guard client.reading else {
            target.writing = .shuttingDown
            return .startForwarding(clientEnded: true)
        }
        return .startForwarding(clientEnded: false)
    }

    /// The connection to the target failed or timed out: the client is closed, so it learns at once.
    package mutating func targetConnectFailed() -> Action {
        let wasOpen = state != .closed && !client.gone
        state = .closed
        return wasOpen ? .close(.client) : .none
    }

    /// `side` sent its end of stream (it shut its write half). While connecting (NIO reads a
    /// client's remaining bytes and end of stream as soon as the kernel reports the hang-up, even
    /// with reading off) it is remembered for ``targetConnected()``.
    package mutating func inputClosed(_ side: Side) -> Action {
        if state == .connecting, side == .client {
            client.reading = false
            return .none
        }
        guard state == .forwarding else { return .none }
        self[side].reading = false
        if self[side.other].writing == .open {
            self[side.other].writing = .shuttingDown
            return .shutDownOutput(side.other)
        }
        return finishIfEnded()
    }

    /// `side`'s write half is shut, after everything queued for it was written.
    package mutating func outputShutDown(_ side: Side) -> Action {
        guard state == .forwarding else { return .none }
        self[side].writing = .shut
        return finishIfEnded()
    }

    /// Shutting `side`'s write half failed (the peer went away while data was queued): abort.
    package mutating func outputShutdownFailed(_ side: Side) -> Action {
        abort()
    }

    /// `side`'s channel closed completely.
    ///
    /// Expected once its write half was shut (or is being shut): NIO closes a socket whose read
    /// half ended when its write half is shut, and one whose write half is shut when its end of
    /// stream arrives, without a separate end-of-stream event; so an end of stream not seen yet
    /// is taken as arrived and forwarded. (A reset is reported by ``errorCaught(_:)`` first.)
    /// A side that closes while its write half is open has gone early: abort.
    package mutating func channelInactive(_ side: Side) -> Action {
        switch state {
        case .connecting:
            self[side].gone = true
            return .none
        case .forwarding:
            self[side].gone = true
            guard self[side].writing != .open else { return abort() }
            self[side].writing = .shut
            return self[side].reading ? inputClosed(side) : finishIfEnded()
        case .closed:
            return .none
        }
    }

    /// An error on `side` (a reset, a failed write): abort.
    package mutating func errorCaught(_ side: Side) -> Action {
        state == .closed ? .none : abort()
    }

    private mutating func abort() -> Action {
        state = .closed
        return .closeBoth
    }

    private mutating func finishIfEnded() -> Action {
        guard client.ended, target.ended else { return .none }
        state = .closed
        return .closeBoth
    }

    private subscript(side: Side) -> Half {
        get { side == .client ? client : target }
        set {
            if side == .client { client = newValue } else { target = newValue }
        }
    }
}
